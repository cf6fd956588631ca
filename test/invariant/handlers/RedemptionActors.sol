// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IMonetaryDesk} from "../../../contracts/interfaces/IMonetaryDesk.sol";
import {Suite} from "../Suite.sol";
import {Ghost} from "../Ghost.sol";
import {ActorBase} from "./ActorBase.sol";

/**
 * @title RedemptionActors
 * @notice Issue 16: investors request redemptions of BOND that stay open (escrowed in the monetary desk), the issuer
 * settles or rejects an open one later, and the issuer or its regulator lowers the cap or changes the mint rate.
 * Every escrow movement is booked in the ghost's ledger, so the escrow is accounted for like any holding.
 */
contract RedemptionActors is ActorBase {
    IMonetaryDesk internal immutable desk;

    constructor(Suite s, Ghost g) ActorBase(s, g) {
        desk = s.bond().DESK();
    }

    /// @inheritdoc ActorBase
    function actions() external pure override returns (bytes4[] memory list) {
        list = new bytes4[](16);
        uint256 n = _add(list, 0, RedemptionActors.request.selector, 4);
        n = _add(list, n, RedemptionActors.close.selector, 4);
        n = _add(list, n, RedemptionActors.lowerCap.selector, 1);
        n = _add(list, n, RedemptionActors.setRate.selector, 2);
        return _trim(list, n);
    }

    /// @notice An investor requests redemption of part of its BOND: escrowed until settled or rejected.
    function request(uint256 holderSeed, uint256 amountSeed) external {
        address holder = _investor(holderSeed);
        uint256 balance = IERC20(address(bond)).balanceOf(holder);
        if (balance == 0) return;
        uint256 amount = 1 + (amountSeed % balance);
        bytes memory call = abi.encodeCall(desk.requestRedemption, (address(bond), amount, "request"));
        if (_act(holder, address(desk), call, "redemption: request"))
            G.move(holder, address(desk), address(bond), amount);
    }

    /// @notice The issuer settles (burns) or rejects (returns) one of the open requests.
    function close(uint256 idSeed, bool settle) external {
        uint64[] memory open = desk.openRedemptions(address(bond), 0, 100);
        if (open.length == 0) return;
        uint64 id = open[idSeed % open.length];
        IMonetaryDesk.Redemption memory r = desk.redemption(address(bond), id);
        bytes memory call =
            settle
                ? abi.encodeCall(desk.confirmRedemption, (address(bond), id, "payout"))
                : abi.encodeCall(desk.rejectRedemption, (address(bond), id, "rejected"));
        if (
            !_act(
                bond.ISSUER(),
                address(desk),
                call,
                settle ? bytes32("redemption: settle") : bytes32("redemption: reject")
            )
        ) {
            return;
        }
        if (settle) {
            G.move(address(desk), address(0), address(bond), r.amount);
            G.redeemed(r.amount);
        } else {
            G.move(address(desk), r.holder, address(bond), r.amount);
        }
    }

    /// @notice The issuer (or, one call in two, the regulator) lowers the cap somewhere between the supply and now.
    function lowerCap(uint256 seed) external {
        IMonetaryDesk.Policy memory p = desk.policy(address(bond));
        uint256 supply = IERC20(address(bond)).totalSupply();
        if (p.supplyCap <= supply) return;
        uint256 cap = supply + ((seed >> 1) % (p.supplyCap - supply));
        address by = seed % 2 == 0 ? bond.ISSUER() : S.staff(uint256(Suite.Role.Regulator));
        _act(by, address(desk), abi.encodeCall(desk.lowerSupplyCap, (address(bond), cap)), "monetary: lower cap");
    }

    /// @notice The issuer or the regulator sets the mint rate anywhere up to its creation-time ceiling.
    function setRate(uint256 seed) external {
        IMonetaryDesk.Policy memory p = desk.policy(address(bond));
        uint128 rate = uint128(1 + ((seed >> 1) % p.rateCeiling));
        address by = seed % 2 == 0 ? bond.ISSUER() : S.staff(uint256(Suite.Role.Regulator));
        _act(by, address(desk), abi.encodeCall(desk.setMintRate, (address(bond), rate)), "monetary: set rate");
    }
}
