// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IMonetaryDesk} from "../../contracts/interfaces/IMonetaryDesk.sol";
import {ICompliantToken} from "../../contracts/interfaces/ICompliantToken.sol";
import {IExchange} from "../../contracts/interfaces/IExchange.sol";
import {Suite} from "./Suite.sol";
import {Ghost} from "./Ghost.sol";
import {AssetActors} from "./handlers/AssetActors.sol";
import {RedemptionActors} from "./handlers/RedemptionActors.sol";
import {TradingActors} from "./handlers/TradingActors.sol";
import {ActorBase} from "./handlers/ActorBase.sol";

/**
 * @title MonetaryInvariants
 * @notice Issue 16, the monetary policy of BOND, over the whole suite: the asset handler (reserves, mints, instant
 * redemptions, freezes, pauses), the redemption handler (requests left open, settled or rejected later; the cap
 * lowered; the rate changed) and the trading handler (deposits, orders, fills, withdrawals).
 * What is asserted, precisely:
 *  - supply <= cap after every call (the cap is only lowered, never below the supply; mints check it);
 *  - at every successful mint (judged by the asset handler at that moment and recorded in the ghost): the mint's
 *    reserve attestation counts, supply <= cap, and supply x ratio <= (reserve - redeemed since its snapshot) x
 *    10,000. Between mints this need not hold: an auditor may attest a smaller reserve (minting then stops), which
 *    is the reserve rule's own allowance; settling a redemption keeps it (supply and net reserve fall by the same
 *    amount and the ratio is >= 10,000);
 *  - locked redemption tokens are neither lost nor tradable: the desk holds exactly the outstanding total, which is
 *    the sum of the open requests, and the desk has no account at the venue (nothing can deposit or trade them).
 */
contract MonetaryInvariants {
    Suite internal s;
    Ghost internal g;
    ICompliantToken internal bond;
    IMonetaryDesk internal desk;
    IExchange internal exchange;
    address[] internal handlers;

    /// @dev forge's targetSelectors entry.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    function setUp() public {
        s = new Suite();
        g = new Ghost(s);
        bond = s.bond();
        desk = bond.DESK();
        exchange = s.exchange();
        handlers.push(address(new AssetActors(s, g)));
        handlers.push(address(new RedemptionActors(s, g)));
        handlers.push(address(new TradingActors(s, g)));
    }

    function targetContracts() public view returns (address[] memory) {
        return handlers;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        targets = new FuzzSelector[](handlers.length);
        for (uint256 i; i < handlers.length; ++i) {
            targets[i] = FuzzSelector(handlers[i], ActorBase(handlers[i]).actions());
        }
    }

    /// The supply never exceeds the hard cap.
    /// forge-config: default.invariant.runs = 8
    /// forge-config: default.invariant.depth = 250
    function invariant_supplyWithinCap() public view {
        require(IERC20(address(bond)).totalSupply() <= desk.policy(address(bond)).supplyCap, "supply above the cap");
    }

    /// Every mint stayed within the cap and the reserve at the token's ratio (judged at the mint).
    /// forge-config: default.invariant.runs = 8
    /// forge-config: default.invariant.depth = 250
    function invariant_mintsWithinCapAndRatio() public view {
        g.check(Ghost.Kind.Mint);
    }

    /// Locked redemption tokens are neither lost nor tradable.
    /// forge-config: default.invariant.runs = 8
    /// forge-config: default.invariant.depth = 250
    function invariant_escrowHeldAndUntradable() public view {
        IMonetaryDesk.Policy memory p = desk.policy(address(bond));
        require(IERC20(address(bond)).balanceOf(address(desk)) == p.outstanding, "escrow != outstanding");
        uint64[] memory open = desk.openRedemptions(address(bond), 0, 100);
        if (p.openCount <= 100) {
            require(open.length == p.openCount, "open list != open count");
            uint256 sum;
            for (uint256 i; i < open.length; ++i) {
                IMonetaryDesk.Redemption memory r = desk.redemption(address(bond), open[i]);
                require(r.status == IMonetaryDesk.RedemptionStatus.Requested, "a listed request is closed");
                sum += r.amount;
            }
            require(sum == p.outstanding, "open requests != outstanding");
        }
        (uint64 account, ) = exchange.accountOf(address(desk));
        require(account == 0, "the escrow has a venue account");
    }
}
