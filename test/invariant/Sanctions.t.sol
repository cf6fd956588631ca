// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAuthorityTree} from "../../contracts/interfaces/IAuthorityTree.sol";
import {IExchange, IExchangeBase} from "../../contracts/interfaces/IExchange.sol";
import {ICompliantToken} from "../../contracts/interfaces/ICompliantToken.sol";
import {IIdentityRegistry} from "../../contracts/interfaces/IIdentityRegistry.sol";
import {Side} from "../../contracts/types/Side.sol";
import {Suite} from "./Suite.sol";
import {vm} from "./Vm.sol";

/**
 * @title SanctionsHandler
 * @notice Issue 16: the regulator (R1's account) lists and lifts investors' wallets and identities while the
 * investors trade, deposit, withdraw, cancel and move BOND, and the issuer recovers a listed party's BOND (the legal
 * path, with a reason). At each listing it records what the party holds: BOND in its wallet and every token in the
 * venue (available + locked); a recovery lowers that record by what it took. Every action is attempted: the
 * contracts decide what goes through.
 */
contract SanctionsHandler {
    uint256 private constant _N = 6; // investors 0-5 are registered at set-up
    bytes32 private constant _WHY = "sanctions invariant";

    Suite public immutable s;
    IAuthorityTree public immutable tree;
    IExchange public immutable exchange;
    address[3] public tokens;

    /// @notice Whether investor i is listed (by wallet or identity), and what it held then (less recoveries).
    bool[_N] public listed;
    uint256[4][_N] public held; // BOND in the wallet, then each token's venue total

    uint256 public listings;
    uint256 public recoveries;

    constructor() {
        s = new Suite();
        tree = s.tree();
        exchange = s.exchange();
        tokens = [address(s.bond()), address(s.usd()), address(s.eur())];
    }

    /// @notice What investor `i` holds now, as recorded at a listing.
    function holdings(uint256 i) public view returns (uint256[4] memory h) {
        address w = s.investor(i);
        h[0] = IERC20(tokens[0]).balanceOf(w);
        for (uint256 t; t < 3; ++t) {
            (uint256 available, uint256 locked) = exchange.balanceOf(w, tokens[t]);
            h[t + 1] = available + locked;
        }
    }

    function list(uint256 who, bool byIdentity) external {
        uint256 i = who % _N;
        if (listed[i]) return;
        address w = s.investor(i);
        uint64 id = byIdentity ? s.registry().identityOf(w) : 0;
        (address regulator, uint64 root, address registry) = _listing();
        vm.prank(regulator); // the arguments are read first: a prank covers the next call only
        try tree.addSanction(root, byIdentity ? address(0) : w, id, _WHY, registry) {
            listed[i] = true;
            held[i] = holdings(i);
            ++listings;
        } catch {}
    }

    function lift(uint256 who) external {
        uint256 i = who % _N;
        if (!listed[i]) return;
        address w = s.investor(i);
        uint64 id = s.registry().identityOf(w);
        (address regulator, uint64 root, ) = _listing();
        vm.prank(regulator);
        try tree.liftSanction(root, w, 0) {} catch {}
        vm.prank(regulator);
        try tree.liftSanction(root, address(0), id) {} catch {}
        listed[i] = false;
    }

    function transferBond(uint256 from, uint256 to, uint256 amount) external {
        (address a, address b) = (s.investor(from % _N), s.investor(to % _N));
        vm.prank(a);
        try IERC20(tokens[0]).transfer(b, amount % 1e6) {} catch {}
    }

    function deposit(uint256 who, uint256 token, uint256 amount) external {
        address a = s.investor(who % _N);
        address t = tokens[token % 3];
        vm.prank(a);
        try IERC20(t).approve(address(exchange), type(uint256).max) {} catch {}
        vm.prank(a);
        try exchange.deposit(t, 1 + (amount % 1e6)) {} catch {}
    }

    function withdraw(uint256 who, uint256 token, uint256 amount) external {
        address a = s.investor(who % _N);
        vm.prank(a);
        try exchange.withdraw(tokens[token % 3], 1 + (amount % 1e6)) {} catch {}
    }

    function place(uint256 who, bool bond, bool bid, uint256 tick, uint256 lots, bool ioc) external {
        IExchangeBase.OrderParams memory p = IExchangeBase.OrderParams({
            pairId: bond ? s.bondUsd() : s.eurUsd(),
            side: bid ? Side.Bid : Side.Ask,
            orderType: ioc ? IExchangeBase.OrderType.ImmediateOrCancel : IExchangeBase.OrderType.GoodTillCancel,
            tick: uint24(97 + (tick % 7)),
            lots: uint64(2 + (lots % 5)),
            expiry: 0,
            maxSteps: 8
        });
        address a = s.investor(who % _N);
        vm.prank(a);
        try exchange.placeOrder(p) {} catch {}
    }

    function cancelAll(uint256 who) external {
        address a = s.investor(who % _N);
        vm.prank(a);
        try exchange.cancelAll() {} catch {}
    }

    /// @notice The legal path: the issuer moves a listed party's BOND, from its wallet or from the venue, to an
    /// investor (who must be eligible), with a stated reason; the record follows what left.
    function recover(uint256 who, uint256 to, uint256 amount, bool fromVenue) external {
        uint256 i = who % _N;
        if (!listed[i]) return;
        address w = s.investor(i);
        uint256[4] memory before = holdings(i);
        uint256 value = 1 + (amount % 1e6);
        (address issuer, address recipient) = (s.staff(uint256(Suite.Role.Issuer)), s.investor(to % _N));
        vm.prank(issuer);
        if (fromVenue) {
            try exchange.recover(tokens[0], w, recipient, value, "court order") {} catch {}
        } else {
            try ICompliantToken(tokens[0]).forcedTransfer(w, recipient, value, "court order") {} catch {}
        }
        uint256[4] memory afterwards = holdings(i);
        for (uint256 k; k < 4; ++k) {
            if (afterwards[k] != before[k]) {
                // Recovery only takes from the listed party.
                require(afterwards[k] < before[k], "recovery credited a listed party");
                held[i][k] -= before[k] - afterwards[k];
                ++recoveries;
            }
        }
    }

    /// @notice Review H1: R1's KYC agent (depth 2, no SANCTIONS) revokes an investor's identity and re-registers its
    /// wallet into a fresh identity; for a listed identity the registry must refuse (it keeps its wallets).
    function revokeAndReenrol(uint256 who) external {
        address w = s.investor(who % _N);
        IIdentityRegistry registry = s.registry();
        address agent = s.staff(uint256(Suite.Role.KycAgent));
        uint64 attester = tree.nodeOf(agent, s.r1());
        uint64 id = registry.identityOf(w);
        vm.prank(agent);
        try registry.revoke(id, "revoke") {} catch {}
        IIdentityRegistry.Registration memory r = IIdentityRegistry.Registration({
            wallet: w,
            classes: 2,
            jurisdiction: 756,
            expiry: uint40(block.timestamp + 100 days),
            evidenceHash: keccak256(abi.encode("kyc again", w))
        });
        IIdentityRegistry.Consent memory c = s.consent(w, 0, attester);
        vm.prank(agent);
        try registry.register(attester, r, c) {} catch {}
    }

    /// @notice Anyone re-syncs a venue account's identity (review H1-H3: a re-bound wallet's account follows it).
    function syncIdentity(uint256 who) external {
        try exchange.syncIdentity(s.investor(who % _N)) {} catch {}
    }

    function _listing() private view returns (address regulator, uint64 root, address registry) {
        return (s.staff(uint256(Suite.Role.Regulator)), s.r1(), address(s.registry()));
    }

    function heldOf(uint256 i) external view returns (uint256[4] memory) {
        return held[i];
    }
}

/**
 * @title SanctionsInvariants
 * @notice Issue 16: a sanctioned party never gains or loses a balance (its BOND wallet balance, every token's venue
 * total) except through recovery.
 */
contract SanctionsInvariants {
    SanctionsHandler internal handler;

    function setUp() public {
        handler = new SanctionsHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// Review H1: an identity listed by the root, revoked by a KYC agent, keeps its wallet: re-enrolment is refused,
    /// and after a re-sync the wallet still withdraws nothing.
    function test_listedIdentityKeepsItsWallet() public {
        handler.list(0, true);
        require(handler.listed(0), "listing failed");
        handler.revokeAndReenrol(0);
        handler.syncIdentity(0);
        handler.withdraw(0, 1, 5);
        invariant_sanctionedBalancesFrozen();
    }

    /// The handler's paths are live: a listing goes through, a withdrawal then moves nothing, recovery moves BOND.
    function test_listingAndRecoveryAreLive() public {
        handler.list(0, false);
        require(handler.listed(0) && handler.listings() == 1, "listing failed");
        handler.withdraw(0, 1, 5);
        handler.deposit(0, 1, 5);
        handler.transferBond(0, 1, 5);
        handler.recover(0, 1, 5, false);
        handler.recover(0, 1, 5, true);
        require(handler.recoveries() == 2, "recovery failed");
        invariant_sanctionedBalancesFrozen();
        handler.lift(0);
        handler.list(1, true);
        require(handler.listed(1), "identity listing failed");
    }

    /// A listed party's balances are what they were at its listing, less what recovery took.
    /// forge-config: default.invariant.runs = 16
    /// forge-config: default.invariant.depth = 100
    function invariant_sanctionedBalancesFrozen() public view {
        for (uint256 i; i < 6; ++i) {
            if (!handler.listed(i)) continue;
            uint256[4] memory now_ = handler.holdings(i);
            uint256[4] memory then_ = handler.heldOf(i);
            for (uint256 k; k < 4; ++k) require(now_[k] == then_[k], "a sanctioned party's balance moved");
        }
    }
}
