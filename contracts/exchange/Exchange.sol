// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IEligibility} from "../interfaces/IIdentityRegistry.sol";
import {IPairRegistry} from "../interfaces/IPairRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IVenueRegistry} from "../interfaces/IVenueRegistry.sol";
import {Scopes} from "../types/Scope.sol";
import {Order} from "../types/Order.sol";
import {OrderId} from "../types/OrderId.sol";
import {Side} from "../types/Side.sol";
import {ChainClock} from "../utils/ChainClock.sol";
import {OrderBook} from "./libraries/OrderBook.sol";
import {ExchangeStorage} from "./ExchangeStorage.sol";
import {IAmlLimits, IVenueLimits} from "../interfaces/IAmlLimits.sol";
import {ExchangeSuccession} from "./ExchangeSuccession.sol";

/**
 * @title Exchange
 * @notice A venue operated by an EXCHANGE holder: internal balances, and a book per hosted pair where a match is the
 * settlement. See IExchange for units, fees, compliance and self-trade rules; talk to it through IExchange.
 * @dev This contract holds the trading paths (placing, cancelling, replacing, matching) and withdrawals; every other
 * IExchange function lives in ExchangeAdmin (deposits, operator, governance, cancel-all, recovery, identity sync),
 * deployed on its own beforehand (the venue's creation code must stay under EIP-3860's 49,152 bytes), checked at
 * construction to be wired like the venue, and reached through the fallback by DELEGATECALL (same storage layout:
 * ExchangeStorage), or in ExchangeExtension (the views and the book maintenance: purgeBook, clearDelisted,
 * retireBook), which ExchangeAdmin's own fallback reaches the same way.
 */
/// @dev The registries' wiring getters (public immutables) the venue checks at construction.
interface IStackWiring {
    function AUTHORITY() external view returns (address);

    function TREE() external view returns (address);

    function ELIGIBILITY() external view returns (address);
}

/// @dev The admin module's wiring getters (its public immutables) the venue checks at construction. An interface, not
/// the module's contract type: importing ExchangeAdmin would compile it (and the extension it deploys) into this
/// contract's job, at this contract's optimizer settings.
interface IVenueModule {
    function AUTHORITY() external view returns (IAuthorityTree);

    function ELIGIBILITY() external view returns (IEligibility);

    function PAIRS() external view returns (IPairRegistry);

    function VENUES() external view returns (IVenueRegistry);

    function OPERATOR() external view returns (address);

    function HOME_ROOT() external view returns (uint64);

    function TIME_UNIT() external view returns (uint256);
}

contract Exchange is ExchangeStorage, ChainClock {
    using OrderBook for OrderBook.Book;
    using SafeERC20 for IERC20;

    /// @notice The module holding the cold half of IExchange.
    address public immutable ADMIN;

    /// @dev A matching call's running totals (memory, to keep the stack shallow).
    struct Match {
        uint32 pairId;
        Side side; // the taker's
        uint24 limit;
        uint64 account;
        uint64 identity; // the taker's live identity in the client registry
        uint64 left;
        uint40 now_;
        uint256 spent; // what the taker gives (quote for a bid, base for an ask)
        uint256 received; // what the taker gets, gross
        uint256 takerFees; // in the received token
        uint256 baseFees;
        uint256 quoteFees;
        uint64 lastMaker; // the last maker found eligible in this call
        uint16 makerBps;
        uint16 takerBps;
        uint64 stamp; // the restriction stamp of the taker's roots: the pair's, its identity's, the home root
        uint40 clearUntil; // the taker's clearance end: no later than the pair's tradability end
        uint64 pairRoot;
        uint64 identityRoot; // the taker's identity's root
        uint24 capPlusOne; // the fee cap + 1, read at the first fee that rounds and needs it (0: not read yet)
        uint256 belowCap; // the book's config slot bits MAKER_BELOW_CAP_BIT and TAKER_BELOW_CAP_BIT
    }

    /**
     * @param tree The authority tree.
     * @param eligibility The client registry.
     * @param pairs The pair registry.
     * @param venues The venue registry (this venue's registration under the home root is half of its licence).
     * @param operator An EXCHANGE holder of `roots[0]`.
     * @param roots The roots whose pairs this venue may host; `roots[0]` is the home root (fee governance).
     * @param timeUnit 1 on a seconds chain, 1000 on PlatON.
     * @param admin The venue's ExchangeAdmin module, deployed beforehand with the same tree, registries, operator,
     * home root and time unit (checked: AdminMismatch). Its code is the operator's to deploy, as this contract's is:
     * a regulator licensing the venue verifies both against the published build (ADMIN, VenueCreated).
     */
    constructor(
        IAuthorityTree tree,
        IEligibility eligibility,
        IPairRegistry pairs,
        IVenueRegistry venues,
        address operator,
        uint64[] memory roots,
        uint256 timeUnit,
        address admin
    )
        ExchangeStorage(tree, eligibility, pairs, venues, operator, roots.length == 0 ? 0 : roots[0])
        ChainClock(timeUnit)
    {
        if (roots.length == 0) revert NoRoots();
        _requireSameClock(address(eligibility));
        _requireSameClock(address(pairs));
        // One stack: the restriction epoch read here must be the one the registries report to, and the pairs'
        // policies must be the client registry's.
        IStackWiring p = IStackWiring(address(pairs));
        if (
            address(IStackWiring(address(eligibility)).AUTHORITY()) != address(tree) ||
            address(p.TREE()) != address(tree) ||
            address(p.ELIGIBILITY()) != address(eligibility) ||
            address(IStackWiring(address(venues)).TREE()) != address(tree)
        ) revert InconsistentStack();
        if (!tree.hasScope(operator, roots[0], Scopes.EXCHANGE)) revert NotOperator(operator, roots[0]);
        _requireAdmin(IVenueModule(admin), roots[0], timeUnit);
        for (uint256 i; i < roots.length; ++i) isTrustedRoot[roots[i]] = true;
        ADMIN = admin;
        // The fourth module (issue 17: operator, wind-down, successor, lost wallets), wired like this venue by
        // construction; reached through the other two modules' fallbacks.
        _successionModule = address(new ExchangeSuccession(tree, eligibility, pairs, venues, operator, roots[0]));
        // The trusted roots live only in a mapping: the event is the auditor's one record of them.
        emit VenueCreated(operator, roots, admin, address(tree), address(eligibility), address(pairs));
        _openAccount(operator, 0);
    }

    /// @dev `admin` must answer for this venue's wiring: it runs on this venue's storage with its own immutables, so
    /// a module wired to another tree, registry, operator, home root or clock would act on the wrong stack.
    function _requireAdmin(IVenueModule admin, uint64 home, uint256 timeUnit) private view {
        if (
            address(admin).code.length == 0 ||
            admin.AUTHORITY() != AUTHORITY ||
            admin.ELIGIBILITY() != ELIGIBILITY ||
            admin.PAIRS() != PAIRS ||
            admin.VENUES() != VENUES ||
            admin.OPERATOR() != _operator ||
            admin.HOME_ROOT() != home ||
            admin.TIME_UNIT() != timeUnit
        ) revert AdminMismatch(address(admin));
    }

    /// @dev Every IExchange function not defined here runs in ExchangeAdmin, on this contract's storage.
    // solhint-disable-next-line no-complex-fallback
    fallback() external {
        address admin = ADMIN;
        // Not memory-safe (it writes from offset 0, past the scratch space), and need not be: it never returns to
        // Solidity code.
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), admin, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) {
                revert(0, returndatasize())
            }
            return(0, returndatasize())
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Balances
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Withdraw `amount` of `token` from the caller's available balance. Always possible for what is
    /// available, except that a native compliant token refuses a wallet that is no longer eligible (the balance then
    /// stays here, still the caller's), and that the operator's account (collected fees) pays out only while the
    /// venue is licensed (VenueNotLicensed), and that a sanctioned party's funds are frozen in place: a wallet on the
    /// sanctions list of the home root, of a root the venue trusts or of its identity's root, or whose identity is
    /// (the account's recorded one or the wallet's live one), withdraws nothing
    /// (ISanctionsList.PartySanctioned) until the entry is lifted or the issuer recovers a native token (recover).
    /// Measured like a deposit: the venue's holding must fall by exactly `amount`
    /// (WithdrawalMismatch otherwise), so a token charging the sender, or moving nothing, never spends other clients'
    /// funds.
    function withdraw(address token, uint256 amount) external nonReentrant {
        uint16 index = tokenIndex[token];
        if (index == 0) revert UnknownToken(token);
        if (amount == 0) revert ZeroAmount();
        uint64 account = _requireAccount(msg.sender);
        // The operator's account holds collected fees: an unlicensed venue pays its operator nothing (issue 15.2).
        if (account == OPERATOR_ACCOUNT) _requireLicence();
        // Sanctions (issue 16): a listed wallet, or a wallet of a listed identity (the account's recorded one, and its
        // live one: a wallet re-bound without syncIdentity, review H3), is frozen in place.
        uint64 identity = uint64(_accountOf[msg.sender] >> 64);
        _requireUnsanctioned(msg.sender, identity);
        uint64 live = ELIGIBILITY.identityOf(msg.sender);
        if (live != identity) _requireUnsanctioned(address(0), live);
        uint256 key = _key(account, index);
        uint256 available = _available[key];
        if (available < amount) revert InsufficientBalance(account, index, amount, available);
        _available[key] = available - amount;
        // AML limits (issue 16): the identity's rolling 24-hour withdrawal cap here (the deliberate exception to
        // "withdrawals always work"), only from a policy owned above the operator (bit 201) or the home root's (bit
        // 202, review M3). The live identity, else the account's own.
        uint256 lc = _limitsConfig;
        if (lc & LIMITS_WITHDRAWALS != 0) _consumeWithdrawal(lc, account, token, amount);
        emit Withdrawn(account, token, amount);
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransfer(msg.sender, amount);
        uint256 held = IERC20(token).balanceOf(address(this));
        uint256 left = held < before ? before - held : 0; // a holding that grew: nothing left (no arithmetic panic)
        if (left != amount) revert WithdrawalMismatch(token, amount, left);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Orders
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Place an order (see OrderType); returns the resting order's id (0 if nothing rests) and lots filled.
    /// @dev Placing, cancelling and replacing call no token and change no other contract's state (every external
    /// call they make is a view, run as STATICCALL), so they cannot be re-entered; run from within a deposit's or a
    /// withdrawal's token call they see a consistent state (both update balances around the transfer by CEI).
    function placeOrder(OrderParams calldata p) external returns (uint64 orderId, uint64 filledLots) {
        return _place(p);
    }

    /// @notice Cancel the caller's resting order `orderId` in `pairId`; works whatever the pair's status.
    function cancelOrder(uint32 pairId, uint64 orderId) external {
        _cancel(pairId, orderId);
    }

    /// @notice Cancel `orderId` in `pairId` and place `p`, in one call.
    function replaceOrder(
        uint32 pairId,
        uint64 orderId,
        OrderParams calldata p
    ) external returns (uint64 newOrderId, uint64 filledLots) {
        _cancel(pairId, orderId);
        return _place(p);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Placement and matching
    // ---------------------------------------------------------------------------------------------------------------

    function _place(OrderParams calldata p) private returns (uint64 orderId, uint64 filledLots) {
        BookConfig memory c = _configs[p.pairId];
        OrderBook.Book storage book = _books[p.pairId];
        Match memory m = _admit(p, c, book);
        uint64 account = m.account;
        OrderType t = p.orderType;
        uint24 oppositeBest = book.best(p.side.opposite());
        bool crossing = _crosses(p.side, oppositeBest, p.tick);
        if (crossing) {
            if (t == OrderType.PostOnly) revert PostOnlyWouldCross(p.tick, oppositeBest);
            if (p.maxSteps == 0) revert ZeroSteps();
            _match(m, c, book, p.maxSteps);
        }
        filledLots = p.lots - m.left;
        if (t == OrderType.FillOrKill && m.left != 0) revert FillOrKillNotFilled(p.lots, filledLots);
        uint64 rest;
        // A remainder rests unless its type drops it, it is below the pair's minimum (nothing rests below it: issue
        // 15.11a), or matching stopped at maxSteps while it still crosses; the last two drops are logged (the order
        // would otherwise vanish without a trace).
        if (m.left != 0 && t != OrderType.ImmediateOrCancel && t != OrderType.FillOrKill) {
            // Only a match can have moved the opposite best: an order that did not cross still does not.
            if (crossing) crossing = _crosses(p.side, book.best(p.side.opposite()), p.tick);
            if (m.left < c.minLots) {
                emit OrderRemainderDropped(p.pairId, account, p.side, p.tick, m.left, DropReason.BelowMinimum);
            } else if (crossing) {
                emit OrderRemainderDropped(p.pairId, account, p.side, p.tick, m.left, DropReason.MaxSteps);
            } else {
                rest = m.left;
            }
        }
        _settleTaker(m, c, rest);
        if (rest != 0) orderId = _rest(p, book, account, rest);
    }

    /// @dev AML limits (issue 16), at admission: the order's notional, in quote units, within identity `identity`'s
    /// maximum order notional under the attached policy: its limit price times its size; a market sell (tick 0) is
    /// valued at the best bid (the most it can receive, so never less than what it does receive). Covers the resting
    /// remainder too: a maker's order is placed here like any other.
    function _checkNotional(
        OrderParams calldata p,
        BookConfig memory c,
        OrderBook.Book storage book,
        uint64 identity,
        uint64 pairRoot
    ) private view {
        // A book of another root that names a root policy takes no orders here (review M3 audit M1); the home
        // root's books skip the read.
        if (pairRoot != HOME_ROOT) {
            uint32 foreign = _foreignRootPolicy[p.pairId];
            if (foreign != 0) revert IVenueLimits.ForeignRootPolicy(p.pairId, pairRoot, foreign);
        }
        uint256 tick = p.tick != 0 ? p.tick : (p.side == Side.Ask ? book.best(Side.Bid) : 0);
        uint256 lc = _limitsConfig;
        IAmlLimits(address(uint160(lc))).checkNotional(
            uint32(lc >> 160),
            _limitsRoot(lc),
            identity,
            tokenAt[c.quoteToken],
            tick * c.tickSize * p.lots
        );
    }

    /// @dev Validate `p` against the book and check compliance once for the call (see IExchange): the pair trades
    /// now, no native leg is paused, and the taker is eligible and not frozen on a native leg; from the taker's
    /// clearance when it still holds, otherwise live (then recorded). Returns the call's running totals.
    function _admit(
        OrderParams calldata p,
        BookConfig memory c,
        OrderBook.Book storage book
    ) private returns (Match memory m) {
        if (!c.open) _refuseClosed(p.pairId);
        if (p.lots < c.minLots || p.lots == 0) revert BelowMinimumSize(p.lots, c.minLots);
        uint40 now_ = _now();
        OrderType t = p.orderType;
        // An order that may rest needs a price (tick 0 is none): refused before matching, not after (issue 15.11c).
        // An immediate-or-cancel or fill-or-kill ask at tick 0 is a market sell.
        if (p.tick == 0 && t != OrderType.ImmediateOrCancel && t != OrderType.FillOrKill)
            revert OrderBook.InvalidTick(0);
        // GoodTillDate needs an end after now; PostOnly may have one; the others none.
        bool dated = t == OrderType.GoodTillDate || t == OrderType.PostOnly;
        if (p.expiry != 0 ? (!dated || p.expiry <= now_) : t == OrderType.GoodTillDate) {
            revert InvalidExpiry(p.expiry, now_);
        }
        m.now_ = now_;
        m.pairId = p.pairId;
        // The book header (read by the placement anyway) names the pair's root, and flags attached AML limits.
        uint40 tag = book.venueTag();
        m.pairRoot = tag & uint40(MASK39);
        uint256 cached = _walletClearances[_walletKey(msg.sender, p.pairId)];
        if (cached != 0) {
            m.identityRoot = uint64((cached >> ROOT_SHIFT) & MASK40);
            m.stamp = _stamp(m.pairRoot, m.identityRoot);
        }
        if (cached != 0 && _holds(cached, m.stamp, now_)) {
            m.identity = uint64(cached >> 104);
            m.clearUntil = uint40(cached >> 64);
            m.account = uint64(cached >> ACCOUNT_SHIFT);
        } else {
            m.account = _requireAccount(msg.sender);
            _clearTaker(c, m);
        }
        m.side = p.side;
        m.limit = p.tick;
        m.left = p.lots;
        if (tag > MASK39) _checkNotional(p, c, book, m.identity, m.pairRoot);
    }

    /// @dev Revert for a placement on closed book `pairId`: VenueWindingDown while the venue winds down (its books are
    /// closed then, so that the placement path reads nothing more), else BookNotOpen.
    function _refuseClosed(uint32 pairId) private view {
        if (_limitsConfig & WINDING_DOWN != 0) revert VenueWindingDown(address(this));
        revert BookNotOpen(pairId);
    }

    /// @dev The taker's live check (reverting on the first failure), recorded as its clearance on the pair, stamped
    /// with the epochs of the roots it relied on (the pair's, the identity's, the home root). Fills in `m`. The
    /// venue's licence comes first: the clearance ends with the operator's lease, and whatever else ends the licence
    /// advances the home root's epoch, so a cached clearance never outlives it (and a maker's ends with the taker's).
    function _clearTaker(BookConfig memory c, Match memory m) private {
        uint40 licence = _licenceUntil();
        if (licence == 0) revert VenueNotLicensed(address(this));
        uint32 pairId = m.pairId;
        uint40 until = PAIRS.tradableUntil(pairId);
        if (until <= m.now_) revert PairNotTradable(pairId);
        if (licence < until) until = licence;
        (IEligibility.Eligibility e, uint64 identity, uint40 eligibleUntil) = _clearance(msg.sender, c.policyId);
        if (e != IEligibility.Eligibility.Eligible) revert NotEligible(msg.sender, e);
        // A listing by the venue's own roots binds whatever the pair's policy trusts (review M1).
        if (_sanctionedBy(msg.sender, identity) != 0)
            revert NotEligible(msg.sender, IEligibility.Eligibility.Sanctioned);
        if (eligibleUntil < until) until = eligibleUntil;
        uint256 problem;
        address token;
        (problem, token, until) = _nativeCheck(pairId, c, msg.sender, until);
        if (problem == NATIVE_PAUSED) revert NativeTokenPaused(token);
        if (problem == NATIVE_FROZEN) revert NativeTokenFrozen(token, msg.sender);
        if (problem == NATIVE_POLICY) revert NativeTokenPolicyRefused(token, msg.sender);
        uint64 root = _identityRoot(identity);
        m.identityRoot = root;
        m.stamp = _stamp(m.pairRoot, root);
        m.identity = identity;
        m.clearUntil = until;
        uint256 record = _recordClearance(m.account, pairId, m.stamp, until, identity, root);
        if (record != 0 && m.account <= MASK48) {
            _walletClearances[_walletKey(msg.sender, pairId)] = record | (uint256(m.account) << ACCOUNT_SHIFT);
        }
    }

    /// @dev The restriction stamp in call `m` of an account whose identity is under `root`.
    function _stampFor(Match memory m, uint64 root) private view returns (uint64) {
        return root == m.identityRoot ? m.stamp : _stamp(m.pairRoot, root);
    }

    /// @dev Record `account`'s clearance on `pairId`; returns the record (0, nothing recorded, for an identity root
    /// beyond the record's 40 bits: such an account is then checked live each time).
    function _recordClearance(
        uint64 account,
        uint32 pairId,
        uint64 stamp,
        uint40 until,
        uint64 identity,
        uint64 root
    ) private returns (uint256 record) {
        if (root > MASK40) return 0;
        record = uint256(stamp) | (uint256(until) << 64) | (uint256(identity) << 104) | (uint256(root) << ROOT_SHIFT);
        _clearances[_clearanceKey(account, pairId)] = record;
        emit ClearanceRecorded(account, pairId, stamp, until, identity);
    }

    function _walletKey(address wallet, uint32 pairId) private pure returns (uint256) {
        return (uint256(uint160(wallet)) << 32) | pairId;
    }

    /// @dev Whether an order on `side` at `tick` crosses the opposite best `oppositeBest` (0: empty side).
    function _crosses(Side side, uint24 oppositeBest, uint24 tick) private pure returns (bool) {
        return oppositeBest != 0 && (side == Side.Bid ? oppositeBest <= tick : oppositeBest >= tick);
    }

    /// @dev The loop: the head of the best opposite level, while it crosses, for at most `maxSteps` fills and
    /// removals. Makers are settled as they fill; the taker's totals accumulate in `m`.
    function _match(Match memory m, BookConfig memory c, OrderBook.Book storage book, uint256 maxSteps) private {
        Side makerSide = m.side.opposite();
        uint256 word = _configWord(m.pairId);
        m.makerBps = uint16((word >> MAKER_FEE_SHIFT) & FEE_RATE_MASK);
        m.takerBps = uint16((word >> TAKER_FEE_SHIFT) & FEE_RATE_MASK);
        m.belowCap = word & (MAKER_BELOW_CAP_BIT | TAKER_BELOW_CAP_BIT);
        for (uint256 step; m.left != 0 && step < maxSteps; ++step) {
            OrderBook.Front memory f = book.peek(makerSide);
            if (f.tick == 0 || (m.side == Side.Bid ? f.tick > m.limit : f.tick < m.limit)) break;
            Order o = f.order;
            uint64 maker = o.maker();
            if (maker != m.lastMaker) {
                RemovalReason reason = _makerProblem(m, c, maker, o);
                if (reason != RemovalReason.Cancelled) {
                    _removeOrder(m.pairId, c, f.id, reason, address(0));
                    continue;
                }
                m.lastMaker = maker;
            } else if (o.expiry() != 0 && o.expiry() <= m.now_) {
                _removeOrder(m.pairId, c, f.id, RemovalReason.Expired, address(0));
                continue;
            }
            uint64 lots = o.remaining() < m.left ? o.remaining() : m.left;
            uint64 leftover = book.fill(f, lots).remaining();
            _settleFill(m, c, f.tick, maker, lots, f.id);
            m.left -= lots;
            // Nothing rests below the pair's minimum (issue 15.11a): a maker's partial leftover under it is cancelled
            // and unlocked. (A partial fill ends the call's matching: the taker is filled.)
            if (leftover != 0 && leftover < c.minLots) {
                _removeOrder(m.pairId, c, f.id, RemovalReason.BelowMinimum, address(0));
            }
        }
    }

    /// @dev Why maker `maker`'s order `o` must be removed rather than filled, or Cancelled (meaning: none). The
    /// maker's clearance on the pair answers when it still holds; otherwise the maker is checked live (the pair's
    /// tradability is the taker's, established for this call) and, if clear, recorded with an end no later than the
    /// taker's.
    function _makerProblem(Match memory m, BookConfig memory c, uint64 maker, Order o) private returns (RemovalReason) {
        if (o.expiry() != 0 && o.expiry() <= m.now_) return RemovalReason.Expired;
        uint256 cached = _clearances[_clearanceKey(maker, m.pairId)];
        uint64 identity;
        if (cached != 0 && _holds(cached, _stampFor(m, uint64((cached >> ROOT_SHIFT) & MASK40)), m.now_)) {
            identity = uint64(cached >> 104);
        } else {
            address wallet = address(uint160(_accounts[maker]));
            IEligibility.Eligibility e;
            uint40 until;
            (e, identity, until) = _clearance(wallet, c.policyId);
            // Live identities: a wallet re-bound since its account opened counts as its current identity.
            if (identity != 0 && identity == m.identity) return RemovalReason.SelfTrade;
            if (e != IEligibility.Eligibility.Eligible) return RemovalReason.Ineligible;
            if (_sanctionedBy(wallet, identity) != 0) return RemovalReason.Ineligible; // review M1, as for a taker
            if (m.clearUntil < until) until = m.clearUntil;
            uint256 problem;
            (problem, , until) = _nativeCheck(m.pairId, c, wallet, until);
            if (problem == NATIVE_FROZEN) return RemovalReason.Frozen;
            if (problem != 0) return RemovalReason.Ineligible; // the token's policy (a paused leg stopped the taker)
            uint64 root = _identityRoot(identity);
            _recordClearance(maker, m.pairId, _stampFor(m, root), until, identity, root);
        }
        // Identity 0 (no identity) never matches anything.
        if (identity != 0 && identity == m.identity) return RemovalReason.SelfTrade;
        return RemovalReason.Cancelled;
    }

    /// @dev Settle one fill of `lots` at `tick` with maker `maker`: the maker's two balances now, the taker's totals.
    function _settleFill(
        Match memory m,
        BookConfig memory c,
        uint24 tick,
        uint64 maker,
        uint64 lots,
        OrderId id
    ) private {
        uint256 makerFee;
        uint256 takerFee;
        // No overflow: amounts are at most 152 bits (tick x tickSize x lots), and a fee is at most its amount.
        unchecked {
            bool makerBuys = m.side == Side.Ask;
            // The maker gives from its lock what the taker receives and receives what the taker gives, less a fee.
            (uint16 gets, uint256 givesAmount, uint256 getsAmount) = makerBuys
                ? (c.baseToken, uint256(tick) * c.tickSize * lots, uint256(lots) * c.lotSize)
                : (c.quoteToken, uint256(lots) * c.lotSize, uint256(tick) * c.tickSize * lots);
            makerFee = _fillFee(m, getsAmount, m.makerBps);
            // What the maker gives leaves its order's lock: the book already took the lots out of the order.
            _credit(maker, gets, getsAmount - makerFee);
            takerFee = _takerLeg(m, makerBuys, givesAmount, getsAmount, makerFee);
        }
        emit OrderFilled(m.pairId, OrderId.unwrap(id), maker, m.account, tick, lots, makerFee, takerFee);
    }

    /// @dev The fee of `bps` on one fill's `amount` (issue 15.11b): rounded up, against the payer, but never above the
    /// governed cap's rate of that amount, `floor(amount * cap / 10,000)`; so on the smallest lots, where rounding up
    /// would charge a whole unit for a fraction, the fee is what the cap allows, rounded down (0 under one unit). The
    /// cap is read (once per call) only when a fee rounds and the bound may bite: an exact fee is within any cap at or
    /// above its rate, and a rounded one at a rate below the cap (`m.belowCap`, flags of the config slot the call has
    /// read) on an amount of at least BPS units is too, since the cap's rate then exceeds it by at least one unit
    /// (amount * (cap - bps) / BPS >= 1), so no cold read of the cap is spent on it (issue 15 review M1).
    function _fillFee(Match memory m, uint256 amount, uint16 bps) private view returns (uint256 fee) {
        if (bps == 0) return 0;
        // No overflow: an amount is at most tick (24 bits) x tickSize (64) x lots (64) or lots x lotSize (128 bits),
        // and a rate at most 10 bits.
        unchecked {
            uint256 scaled = amount * bps;
            fee = scaled / BPS;
            if (scaled % BPS == 0) return fee;
            // Whether `bps` is below the cap: the maker's flag tells for the maker's rate, and for an equal taker rate.
            uint256 flag = bps == m.makerBps ? MAKER_BELOW_CAP_BIT : TAKER_BELOW_CAP_BIT;
            if (m.belowCap & flag != 0 && amount >= BPS) return fee + 1;
            uint256 cap = m.capPlusOne;
            if (cap == 0) {
                cap = uint256(fees.capBps) + 1;
                m.capPlusOne = uint24(cap);
            }
            uint256 bound = (amount * (cap - 1)) / BPS;
            return fee < bound ? fee + 1 : bound;
        }
    }

    /// @dev Add one fill to the taker's totals: it receives `received` (less its fee) and gives `given`.
    function _takerLeg(
        Match memory m,
        bool makerBuys,
        uint256 received,
        uint256 given,
        uint256 makerFee
    ) private view returns (uint256 takerFee) {
        takerFee = _fillFee(m, received, m.takerBps);
        // No overflow: at most 65,535 fills (maxSteps) of at most 152 bits each.
        unchecked {
            m.spent += given;
            m.received += received;
            m.takerFees += takerFee;
            if (makerBuys) {
                m.baseFees += makerFee;
                m.quoteFees += takerFee;
            } else {
                m.quoteFees += makerFee;
                m.baseFees += takerFee;
            }
        }
    }

    /// @dev The taker's balances, touched once per call: pay what it spent and what its remainder `rest` locks in
    /// its order, from available (reverting if short); receive the proceeds less fees. Accrue the pair's fees.
    function _settleTaker(Match memory m, BookConfig memory c, uint64 rest) private {
        // No overflow or underflow: amounts of at most 152 bits (as in _settleFill), `out` checked against what is
        // available before it is taken, and each taker fee at most the amount it was taken from.
        unchecked {
            (uint16 spendToken, uint16 getToken, uint256 lock) = m.side == Side.Bid
                ? (c.quoteToken, c.baseToken, uint256(m.limit) * c.tickSize * rest)
                : (c.baseToken, c.quoteToken, uint256(rest) * c.lotSize);
            uint256 out = m.spent + lock;
            if (out != 0) {
                uint256 key = _key(m.account, spendToken);
                uint256 available = _available[key];
                if (available < out) revert InsufficientBalance(m.account, spendToken, out, available);
                _available[key] = available - out;
            }
            if (m.received != 0) _credit(m.account, getToken, m.received - m.takerFees);
        }
        if (m.baseFees | m.quoteFees != 0) _accrueFees(m.pairId, m.baseFees, m.quoteFees);
    }

    /// @dev Add a call's fees to `pairId`'s lanes in its book header (a slot the match has read, and usually written);
    /// when either lane would pass 64 bits, move both lanes, with these fees, into the pair's fee slot instead.
    function _accrueFees(uint32 pairId, uint256 baseFees, uint256 quoteFees) private {
        OrderBook.Book storage book = _books[pairId];
        uint256 lanes = book.venueData();
        uint256 baseLane = (lanes & MASK64) + baseFees;
        uint256 quoteLane = (lanes >> 64) + quoteFees;
        if (baseLane > MASK64 || quoteLane > MASK64) {
            // Both totals are parts of what the venue holds (at most MAX_HELD); checked all the same, so that a token
            // misreporting its balance can never carry one half of the fee slot into the seed bit or the other half.
            uint256 packed = _pairFees[pairId];
            uint256 baseTotal = (packed & MAX_HELD) + baseLane;
            uint256 quoteTotal = (packed >> 128) + quoteLane;
            if (baseTotal > MAX_HELD || quoteTotal > MAX_HELD) revert FeeTotalTooLarge(pairId);
            _pairFees[pairId] = FEES_SEED | baseTotal | (quoteTotal << 128);
            (baseLane, quoteLane) = (0, 0);
        }
        book.setVenueData(uint128(baseLane | (quoteLane << 64)));
    }

    /// @dev Rest `lots` of `p` for `account` in a free open-order slot.
    function _rest(
        OrderParams calldata p,
        OrderBook.Book storage book,
        uint64 account,
        uint64 lots
    ) private returns (uint64 orderId) {
        uint256 rec = _accounts[account];
        uint256 bits = rec >> OPEN_SHIFT;
        if (bits == type(uint32).max) {
            // Every slot is taken or stale: free the stale ones (bounded: MAX_OPEN_ORDERS reads).
            for (uint256 i; i < MAX_OPEN_ORDERS; ++i) {
                (bool live, , ) = _openEntry(account, i);
                if (!live) bits &= ~(1 << i);
            }
            if (bits == type(uint32).max) revert TooManyOpenOrders(account);
            rec = (rec & ~(uint256(type(uint32).max) << OPEN_SHIFT)) | (bits << OPEN_SHIFT);
        }
        uint256 slot;
        while (bits & (1 << slot) != 0) ++slot;
        OrderId id = book.insert(p.side, p.tick, account, lots, p.expiry, uint8(slot));
        orderId = OrderId.unwrap(id);
        _accounts[account] = rec | (1 << (OPEN_SHIFT + slot));
        _openOrders[account][slot] = (uint256(p.pairId) << 64) | orderId;
        emit OrderPlaced(p.pairId, orderId, account, lots, p.expiry);
    }

    function _cancel(uint32 pairId, uint64 orderId) private {
        _removeOrder(pairId, _configs[pairId], OrderId.wrap(orderId), RemovalReason.Cancelled, msg.sender);
    }
}
