// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAuthorityTree} from "../../contracts/interfaces/IAuthorityTree.sol";
import {IIdentityRegistry} from "../../contracts/interfaces/IIdentityRegistry.sol";
import {IExchange, IExchangeBase} from "../../contracts/interfaces/IExchange.sol";
import {Side} from "../../contracts/types/Side.sol";
import {Suite} from "./Suite.sol";
import {Ghost} from "./Ghost.sol";
import {Model} from "./Model.sol";
import {AuthorityActors} from "./handlers/AuthorityActors.sol";
import {ClientActors} from "./handlers/ClientActors.sol";
import {AssetActors} from "./handlers/AssetActors.sol";
import {TradingActors} from "./handlers/TradingActors.sol";
import {ActorBase} from "./handlers/ActorBase.sol";

/// @dev forge's console (hardhat's console.log ABI): an address without code, so called without Solidity's code check.
function log(string memory label, uint256 value) view {
    address console = 0x000000000000000000636F6e736F6c652e6c6f67;
    (bool ok, ) = console.staticcall(abi.encodeWithSignature("log(string,uint256)", label, value));
    ok;
}

/**
 * @title SystemInvariants
 * @notice Whole-system invariants over the real authority tree, client registry, asset service and venue, driven by
 * four handlers acting as the governor, roots, banks, auditors, the issuer, listers, stewards, the operator and
 * eight investors (see test/invariant/handlers). forge checks each invariant after every handler call of its own
 * campaign; the handlers judge each fill and mint at the moment it happens and record what they find in the Ghost.
 */
contract SystemInvariants {
    Suite internal s;
    Ghost internal g;
    IExchange internal exchange;
    address[] internal handlers;
    address[3] internal tokens;
    address[] internal investors;

    /// @dev A resting order as the views show it.
    struct Resting {
        uint32 pairId;
        Side side;
        uint24 tick;
        uint64 lots;
    }

    /// @dev A book's terms, with its tokens as positions in `tokens`.
    struct Book {
        uint32 pairId;
        uint256 base;
        uint256 quote;
        uint256 tickSize;
        uint256 lotSize;
    }

    /// @dev forge's targetSelectors entry.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    function setUp() public {
        s = new Suite();
        g = new Ghost(s);
        exchange = s.exchange();
        for (uint256 k; k < 3; ++k) tokens[k] = g.tokens(k);
        for (uint256 i; i < s.INVESTOR_COUNT(); ++i) investors.push(s.investor(i));
        handlers.push(address(new AuthorityActors(s, g)));
        handlers.push(address(new ClientActors(s, g)));
        handlers.push(address(new AssetActors(s, g)));
        handlers.push(address(new TradingActors(s, g)));
    }

    function targetContracts() public view returns (address[] memory) {
        return handlers;
    }

    /// @notice Each handler's actions, repeated by their weights (see ActorBase.actions).
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        targets = new FuzzSelector[](handlers.length);
        for (uint256 i; i < handlers.length; ++i) {
            targets[i] = FuzzSelector(handlers[i], ActorBase(handlers[i]).actions());
        }
    }

    // forge checks each invariant after every call of its own campaign (runs x depth calls; the CI profile makes
    // 113 x 500 = 56,500 per invariant, 452,000 in all, 503,200 with the authority suite). Every invariant below
    // first requires that the handlers recorded no violation (see _noViolation), so the rules judged at the moment of
    // each fill, mint, cancel and withdrawal are checked after every call of every campaign; the three invariants
    // named after them report those alone.

    /// Every token is conserved: the venue holds exactly the sum of all internal balances (available and locked)
    /// and the fees accrued and not yet collected. And every open book charges the venue's fee rates (its copy of them
    /// in the config slot never drifts from `fees`).
    function invariant_tokensConserved() public view {
        _noViolation();
        (uint256[3] memory internal_, bool[3] memory listed) = _owed();
        for (uint256 k; k < 3; ++k) {
            uint256 held = IERC20(tokens[k]).balanceOf(address(exchange));
            require(!listed[k] || held == internal_[k], "venue balance != internal balances + fees");
        }
    }

    /// The venue's holding of each token (the native BOND above all) is never below what its ledger owes: every
    /// account's available and locked balance (the operator's collected fees included) plus the fees accrued and not
    /// yet collected. Also fails on any reach for the venue's pool the handlers saw succeed (a forced transfer out of
    /// it, a freeze of it, a mint or forced transfer into its own address: issue 22 items 2, 5 and 7).
    function invariant_venueHoldsWhatItOwes() public view {
        _noViolation();
        (uint256[3] memory owed, ) = _owed();
        for (uint256 k; k < 3; ++k) {
            require(IERC20(tokens[k]).balanceOf(address(exchange)) >= owed[k], "the venue holds less than it owes");
        }
    }

    /// @dev What the venue's ledger owes of each token (every account's available and locked balance plus the fees
    /// accrued on every book), and whether the token is a leg of one of its books; checks each open book's fee rates.
    function _owed() internal view returns (uint256[3] memory internal_, bool[3] memory listed) {
        uint64 accounts = exchange.accountCount();
        for (uint64 a = 1; a <= accounts; ++a) {
            address wallet = exchange.walletOf(a);
            for (uint256 k; k < 3; ++k) {
                (uint256 available, uint256 locked) = exchange.balanceOf(wallet, tokens[k]);
                internal_[k] += available + locked;
            }
        }
        Book[] memory books = _books();
        for (uint256 b; b < books.length; ++b) {
            (uint256 baseFees, uint256 quoteFees) = exchange.pairFees(books[b].pairId);
            if (exchange.bookConfig(books[b].pairId).open) {
                (uint16 makerBps, uint16 takerBps, ) = exchange.fees();
                (uint16 bookMaker, uint16 bookTaker) = exchange.feeRates(books[b].pairId);
                require(bookMaker == makerBps && bookTaker == takerBps, "a book's fee rates != the venue's");
            }
            internal_[books[b].base] += baseFees;
            internal_[books[b].quote] += quoteFees;
            listed[books[b].base] = listed[books[b].quote] = true;
        }
    }

    /// Locked funds equal what the open orders can spend: for every account and token, the locked balance is the sum
    /// over its resting orders (openOrders, getOrder) of tick * tickSize * lots in quote for a bid and lots * lotSize
    /// in base for an ask.
    function invariant_lockedEqualsOpenOrders() public view {
        _noViolation();
        Book[] memory books = _books();
        uint64 accounts = exchange.accountCount();
        for (uint64 a = 1; a <= accounts; ++a) {
            address wallet = exchange.walletOf(a);
            uint256[3] memory spendable;
            Resting[] memory orders = _restingOf(a, wallet);
            for (uint256 i; i < orders.length; ++i) {
                Book memory c = _book(books, orders[i].pairId);
                if (orders[i].side == Side.Bid) spendable[c.quote] += orders[i].tick * c.tickSize * orders[i].lots;
                else spendable[c.base] += orders[i].lots * c.lotSize;
            }
            for (uint256 k; k < 3; ++k) {
                (, uint256 locked) = exchange.balanceOf(wallet, tokens[k]);
                require(locked == spendable[k], "locked != what the open orders can spend");
            }
        }
    }

    /// No book is ever crossed, levels are ordered from the best, and each level's lots and order count are exactly
    /// those of the resting orders at its price (so no order rests outside its owner's open-order list).
    function invariant_booksUncrossedAndLevelsAdd() public view {
        _noViolation();
        Resting[] memory all = _allResting();
        for (uint256 b; b < g.bookCount(); ++b) {
            uint32 pairId = g.books(b);
            (uint24 bid, uint24 ask) = exchange.bestPrices(pairId);
            require(bid == 0 || ask == 0 || bid < ask, "crossed book");
            _checkSide(all, pairId, Side.Bid, bid);
            _checkSide(all, pairId, Side.Ask, ask);
        }
    }

    /// No fill involved an ineligible party (including one whose attesting node was not valid), a party frozen on a
    /// native leg, a paused native token, an untradable pair, or one identity on both sides; fills respect the
    /// limit, price priority and fees rounded up; makers removed as ineligible, frozen or self-trading really were.
    /// Judged by the trading handler in the block of each fill, against Model.
    function invariant_fillsCompliant() public view {
        g.check(Ghost.Kind.Fill);
    }

    /// No order is accepted, no fill happens, no deposit is credited and no fee reaches the operator while the venue
    /// is unlicensed (issue 15 item 2: per the model, registered as an exchange under R1 by its owner, the operator
    /// node it was registered with valid with EXCHANGE), and a licensed venue never refuses an order as unlicensed.
    /// Judged by the trading handler in the block of each call, with the licence as the model reads it then; the
    /// operator is suspended, resumed, cut short, let expire and revoked, and the venue deregistered and registered
    /// again, by the asset and authority handlers.
    function invariant_noFillWhileUnlicensed() public view {
        g.check(Ghost.Kind.Licence);
    }

    /// No fill delivers the native token to a party its own holder policy refuses, and no order with a native leg is
    /// accepted from such a taker (issue 15 item 3), while the issuer switches the policy to a stricter one and back.
    function invariant_nativeReceiversEligible() public view {
        g.check(Ghost.Kind.TokenPolicy);
    }

    /// No account is granted a fresh node from below a restriction standing on its previous one (the rank that set
    /// its lease, suspended or revoked it, or suspended an ancestor: issue 15 item 1), judged at every grant, with
    /// intermediate nodes restricted from the top and their accounts offered new nodes from below.
    function invariant_noLowerRankRegrant() public view {
        g.check(Ghost.Kind.Regrant);
    }

    /// At every mint, the supply stays within the reserve at the reserve's date net of every redemption made at or
    /// after that date (the ghost's own record of redemptions, with redemptions and reserve posts in the same second:
    /// issue 22 item 3).
    function invariant_supplyWithinDatedReserve() public view {
        g.check(Ghost.Kind.Reserve);
    }

    /// A node once revoked, or whose lease ended, is never valid again (by the tree's view and by the model); the
    /// authority handler also judges each resume and renewal at once (so that any campaign fails on a revival).
    function invariant_deadNodesStayInvalid() public view {
        _noViolation();
        IAuthorityTree tree = s.tree();
        uint256 n = g.deadCount();
        for (uint256 i; i < n; ++i) {
            uint64 id = g.deadAt(i);
            require(!tree.isValid(id) && !Model.valid(tree, id), "a revoked or lapsed node is valid again");
        }
    }

    /// Every mint happened while a valid reserve attestation covered the supply plus what was redeemed since it.
    function invariant_mintsWithinReserve() public view {
        g.check(Ghost.Kind.Mint);
    }

    /// No investor's funds are ever lost, disqualified or not: for each investor and token, what it holds in its
    /// wallet and in the venue (available and locked) is exactly what the ledger of its mints, redemptions,
    /// transfers, recoveries and fills says; every cancel and every withdrawal the rules allow worked; and every
    /// recovery or forced transfer that moved its BOND obeyed the token's forced-transfer rules (issue 22 item 1: the
    /// ranks of the freezes and the pause, no recipient in a frozen identity, a reason, never the operator's fees).
    function invariant_clientFundsNeverLost() public view {
        _noViolation();
        g.check(Ghost.Kind.Exit);
        g.check(Ghost.Kind.Recovery);
        for (uint256 i; i < investors.length; ++i) {
            address wallet = investors[i];
            int256[3] memory ledger = g.holdingsOf(wallet);
            for (uint256 k; k < 3; ++k) {
                (uint256 available, uint256 locked) = exchange.balanceOf(wallet, tokens[k]);
                uint256 held = IERC20(tokens[k]).balanceOf(wallet) + available + locked;
                require(int256(held) == ledger[k], "an investor's holdings differ from its ledger");
            }
        }
    }

    /// The contracts' verdicts agree with the model: every node's validity, every book's tradability and each
    /// investor's eligibility under the native token's policy. (Eligibility under a book's policy is judged at every
    /// order, accepted or refused, by the trading handler.)
    function invariant_verdictsMatchModel() public view {
        _noViolation();
        IAuthorityTree tree = s.tree();
        IIdentityRegistry registry = s.registry();
        uint32[] memory scopes = Model.scopesNow(tree);
        for (uint64 id = 1; id < scopes.length; ++id) {
            require(tree.isValid(id) == (scopes[id] != 0), "node validity differs from the model");
        }
        for (uint256 b; b < g.bookCount(); ++b) {
            bool tradable = s.pairs().isTradable(g.books(b));
            require(tradable == Model.tradable(s.pairs(), s.assets(), tree, g.books(b)), "tradability differs");
        }
        uint32 policy = s.bond().policyId();
        IIdentityRegistry.Policy memory terms = registry.policy(policy);
        for (uint256 i; i < investors.length; ++i) {
            bool eligible = registry.isEligible(investors[i], policy);
            require(
                eligible == Model.eligible(Model.client(registry, scopes, investors[i]), terms),
                "eligibility differs"
            );
        }
    }

    /// @dev Whatever the handlers recorded as a violation when it happened fails any invariant's campaign.
    function _noViolation() internal view {
        for (uint8 k; k <= uint8(type(Ghost.Kind).max); ++k) g.check(Ghost.Kind(k));
    }

    /// @notice After each run: what the handlers achieved (printed with -vv), evidence that runs reach deep states.
    function afterInvariant() public view {
        for (uint256 i; i < g.actionCount(); ++i) {
            bytes32 action = g.actions(i);
            log(_name(action), g.done(action));
        }
        log("fills", g.fills());
        log("fills while licensed", g.licensedFills());
        log("redemptions", g.redemptionCount());
        log("makers removed while matching", g.removals());
        log("books", g.bookCount());
        log("nodes revoked or lapsed", g.deadCount());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reading the book through the views
    // ---------------------------------------------------------------------------------------------------------------

    /// @dev `wallet`'s (account `a`) resting orders, each checked to be a live order of that account.
    function _restingOf(uint64 a, address wallet) internal view returns (Resting[] memory out) {
        (uint32[] memory pairIds, uint64[] memory orderIds) = exchange.openOrders(wallet);
        out = new Resting[](orderIds.length);
        for (uint256 i; i < orderIds.length; ++i) {
            IExchangeBase.OrderView memory o = exchange.getOrder(pairIds[i], orderIds[i]);
            require(o.lots != 0 && o.account == a && o.wallet == wallet, "an open order that does not rest");
            out[i] = Resting({pairId: pairIds[i], side: o.side, tick: o.tick, lots: o.lots});
        }
    }

    function _allResting() internal view returns (Resting[] memory all) {
        uint64 accounts = exchange.accountCount();
        Resting[][] memory byAccount = new Resting[][](accounts);
        uint256 total;
        for (uint64 a = 1; a <= accounts; ++a) {
            byAccount[a - 1] = _restingOf(a, exchange.walletOf(a));
            total += byAccount[a - 1].length;
        }
        all = new Resting[](total);
        uint256 n;
        for (uint256 a; a < accounts; ++a) {
            for (uint256 i; i < byAccount[a].length; ++i) all[n++] = byAccount[a][i];
        }
    }

    /// @dev One side of a book: levels strictly ordered from `best`, and each level's aggregates equal its orders.
    function _checkSide(Resting[] memory all, uint32 pairId, Side side, uint24 best) internal view {
        (uint24[] memory ticks, uint256[] memory lots, uint256[] memory counts) = exchange.depth(pairId, side, 1024);
        require(ticks.length == 0 ? best == 0 : ticks[0] == best, "best price is not the first level");
        uint256 orders;
        for (uint256 level; level < ticks.length; ++level) {
            if (level > 0)
                require(
                    side == Side.Bid ? ticks[level] < ticks[level - 1] : ticks[level] > ticks[level - 1],
                    "levels out of order"
                );
            uint256 sum;
            uint256 count;
            for (uint256 i; i < all.length; ++i) {
                if (all[i].pairId == pairId && all[i].side == side && all[i].tick == ticks[level]) {
                    sum += all[i].lots;
                    ++count;
                }
            }
            require(
                sum == lots[level] && count == counts[level] && count != 0,
                "a level's aggregates differ from its orders"
            );
            orders += count;
        }
        uint256 resting;
        for (uint256 i; i < all.length; ++i) if (all[i].pairId == pairId && all[i].side == side) ++resting;
        require(resting == orders, "an open order outside the book's levels");
    }

    /// @dev An action's name: its text, or the hex of a refusal's selector.
    function _name(bytes32 action) internal pure returns (string memory) {
        uint256 n;
        while (n < 32 && action[n] != 0) ++n;
        bytes memory name = new bytes(n);
        bool printable = true;
        for (uint256 j; j < n; ++j) {
            name[j] = action[j];
            if (uint8(action[j]) < 0x20 || uint8(action[j]) > 0x7e) printable = false;
        }
        if (printable) return string(name);
        bytes memory hexed = new bytes(10);
        (hexed[0], hexed[1]) = ("0", "x");
        for (uint256 j; j < 4; ++j) {
            hexed[2 + 2 * j] = bytes("0123456789abcdef")[uint8(action[j]) >> 4];
            hexed[3 + 2 * j] = bytes("0123456789abcdef")[uint8(action[j]) & 15];
        }
        return string(hexed);
    }

    /// @dev Every book of the venue, read once, its tokens as positions in `tokens`.
    function _books() internal view returns (Book[] memory books) {
        uint256[4] memory slotOf; // venue token index (1-3 here) -> position in `tokens`
        for (uint256 k; k < 3; ++k) {
            uint16 index = exchange.tokenIndex(tokens[k]);
            if (index != 0) slotOf[index] = k;
        }
        books = new Book[](g.bookCount());
        for (uint256 b; b < books.length; ++b) {
            uint32 pairId = g.books(b);
            IExchange.BookConfig memory c = exchange.bookConfig(pairId);
            books[b] = Book(pairId, slotOf[c.baseToken], slotOf[c.quoteToken], c.tickSize, c.lotSize);
        }
    }

    function _book(Book[] memory books, uint32 pairId) internal pure returns (Book memory) {
        for (uint256 b; b < books.length; ++b) if (books[b].pairId == pairId) return books[b];
        revert("an order on a book the venue never opened");
    }
}
