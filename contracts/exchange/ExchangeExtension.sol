// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IEligibility} from "../interfaces/IIdentityRegistry.sol";
import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {ICompliantToken} from "../interfaces/ICompliantToken.sol";
import {IPairRegistry} from "../interfaces/IPairRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IVenueRegistry} from "../interfaces/IVenueRegistry.sol";
import {Order} from "../types/Order.sol";
import {OrderId} from "../types/OrderId.sol";
import {Side} from "../types/Side.sol";
import {OrderBook} from "./libraries/OrderBook.sol";
import {ExchangeLens} from "./libraries/ExchangeLens.sol";
import {ExchangeStorage} from "./ExchangeStorage.sol";
import {ChainClock} from "../utils/ChainClock.sol";
import {IAmlLimits, ILimitsAttachable} from "../interfaces/IAmlLimits.sol";
import {Scopes} from "../types/Scope.sol";

/// @dev The pair registry's asset registry (PairRegistry's public immutable; not part of IPairRegistry): the venue asks
/// it which tokens it issued.
interface IPairAssetsView {
    function ASSETS() external view returns (IAssetRegistry);
}

/**
 * @title ExchangeExtension
 * @notice The venue's third module: its views (balances, orders, books, clearances, fees) and the permissionless book
 * maintenance (purgeBook, clearDelisted, retireBook). Kept out of Exchange, which holds only the trading paths (so
 * that they stay cheap and the venue keeps room under the 24 KiB code limit), and out of ExchangeAdmin (nearly full).
 * Exchange forwards every selector it does not define to its ExchangeAdmin by DELEGATECALL, and ExchangeAdmin
 * forwards every selector it does not define here, again by DELEGATECALL: this code runs on the Exchange's storage
 * (same layout: ExchangeStorage).
 * @dev Created by its ExchangeAdmin's constructor with the admin's own wiring (ExchangeAdmin.EXTENSION), so the
 * venue's wiring check of the admin covers it. Called directly its maintenance refuses (DirectCall) and its views read
 * its own storage, which holds no book, order or balance: they answer zeros.
 */
contract ExchangeExtension is ExchangeStorage, ChainClock, ILimitsAttachable {
    using OrderBook for OrderBook.Book;
    using SafeERC20 for IERC20;

    /// @dev This module's own address: its book maintenance refuses a direct call (DirectCall), so that only the
    /// venue's storage is ever changed; a view called directly reads this module's own, empty storage.
    address private immutable _SELF;

    /// @dev The venue's wiring, passed on by the ExchangeAdmin that creates this module.
    constructor(
        IAuthorityTree tree,
        IEligibility eligibility,
        IPairRegistry pairs,
        IVenueRegistry venues,
        address operator,
        uint64 home,
        uint256 timeUnit
    ) ExchangeStorage(tree, eligibility, pairs, venues, operator, home) ChainClock(timeUnit) {
        _SELF = address(this);
    }

    modifier viaVenue() {
        if (address(this) == _SELF) revert DirectCall();
        _;
    }

    /// @dev Every IExchange function defined in none of the first three modules runs in ExchangeSuccession (issue 17),
    /// whose address the venue's storage holds (this code runs on it): the last DELEGATECALL of the chain. Called
    /// directly, this module's own storage names none and the call fails.
    // solhint-disable-next-line no-complex-fallback
    fallback() external {
        address succession = _successionModule;
        if (succession == address(0)) revert DirectCall();
        // Not memory-safe (it writes from offset 0, past the scratch space), and need not be: it never returns to
        // Solidity code.
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), succession, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) {
                revert(0, returndatasize())
            }
            return(0, returndatasize())
        }
    }

    /// @notice The operator: the venue registry lets only the account named here register this venue (its consent).
    function owner() external view returns (address) {
        return _operator;
    }

    /// @notice The book parameters of `pairId`.
    function bookConfig(uint32 pairId) external view returns (BookConfig memory) {
        return _configs[pairId];
    }

    /// @notice `wallet`'s venue account number and recorded identity (0, 0 if none).
    function accountOf(address wallet) external view returns (uint64 account, uint64 identity) {
        uint256 a = _accountOf[wallet];
        return (uint64(a), uint64(a >> 64));
    }

    /// @notice The wallet of venue account `account`.
    function walletOf(uint64 account) external view returns (address) {
        return address(uint160(_accounts[account]));
    }

    /// @notice `wallet`'s internal balance of `token`: available, and locked by its resting orders.
    function balanceOf(address wallet, address token) external view returns (uint256 available, uint256 locked) {
        uint64 account = uint64(_accountOf[wallet]);
        uint16 index = tokenIndex[token];
        available = _available[_key(account, index)];
        uint256 bits = _accounts[account] >> OPEN_SHIFT;
        for (uint256 slot; bits != 0; ++slot) {
            if (bits & (1 << slot) == 0) continue;
            bits &= ~(1 << slot);
            (bool live, uint32 pairId, OrderId id) = _openEntry(account, slot);
            if (!live) continue;
            (uint16 lockToken, uint256 amount) = _lockOf(_configs[pairId], id, _books[pairId].getOrder(id).remaining());
            if (lockToken == index) locked += amount;
        }
    }

    /// @notice `wallet`'s cached clearance on `pairId` (see ExchangeStorage): the restriction stamp of its roots it
    /// was taken at (IRestrictionEpoch.restrictionStamp of the pair's root, the identity's root and the home root),
    /// until when it holds, and the identity found; all 0 if none was recorded.
    function clearanceOf(
        address wallet,
        uint32 pairId
    ) external view returns (uint64 epoch, uint40 until, uint64 identity) {
        uint256 c = _clearances[_clearanceKey(uint64(_accountOf[wallet]), pairId)];
        return (uint64(c), uint40(c >> 64), uint64(c >> 104));
    }

    /// @notice Fees accrued in `pairId` and not yet collected.
    function pairFees(uint32 pairId) external view returns (uint256 baseAmount, uint256 quoteAmount) {
        return _owedFees(pairId);
    }

    /// @notice The best bid and ask ticks of `pairId` (0 when a side is empty).
    function bestPrices(uint32 pairId) external view returns (uint24 bid, uint24 ask) {
        OrderBook.Book storage book = _books[pairId];
        return (book.best(Side.Bid), book.best(Side.Ask));
    }

    /// @notice The best `levels` levels of `side` in `pairId`: ticks, total lots and order counts, best first.
    function depth(
        uint32 pairId,
        Side side,
        uint256 levels
    ) external view returns (uint24[] memory ticks, uint256[] memory lots, uint256[] memory counts) {
        return ExchangeLens.depth(_books[pairId], side, levels);
    }

    /// @notice Resting order `orderId` of `pairId` (all zero if none).
    function getOrder(uint32 pairId, uint64 orderId) external view returns (OrderView memory v) {
        OrderId id = OrderId.wrap(orderId);
        Order o = _books[pairId].getOrder(id);
        if (o.isEmpty()) return v;
        v = OrderView({
            account: o.maker(),
            wallet: address(uint160(_accounts[o.maker()])),
            side: id.side(),
            tick: id.tick(),
            lots: o.remaining(),
            expiry: o.expiry()
        });
    }

    /// @notice `wallet`'s resting orders (pair and order id), in open-order slot order.
    function openOrders(address wallet) external view returns (uint32[] memory pairIds, uint64[] memory orderIds) {
        uint64 account = uint64(_accountOf[wallet]);
        uint256 bits = _accounts[account] >> OPEN_SHIFT;
        // Leave out the stale slots (orders a fill completed).
        for (uint256 slot; slot < MAX_OPEN_ORDERS; ++slot) {
            if (bits & (1 << slot) == 0) continue;
            (bool live, , ) = _openEntry(account, slot);
            if (!live) bits &= ~(1 << slot);
        }
        return ExchangeLens.openOrders(bits, _openOrders[account]);
    }

    /// @notice Whether the base and the quote token of `pairId`'s book are native compliant tokens (set at openBook):
    /// on such a book the venue also enforces the native token's pause and freezes.
    function nativeLegs(uint32 pairId) external view returns (bool base, bool quote) {
        uint256 word = _configWord(pairId);
        return (word & NATIVE_BASE_BIT != 0, word & NATIVE_QUOTE_BIT != 0);
    }

    /// @notice The fee rates `pairId`'s book applies: its copy of `fees` (0, 0 for a book never opened; a retired book
    /// keeps those it had).
    function feeRates(uint32 pairId) external view returns (uint16 makerBps, uint16 takerBps) {
        return _feeRates(pairId);
    }

    /// @notice The scheduled fee change (all 0 if none): its rates and from when applyFees may apply them.
    function pendingFees() external view returns (uint16 makerBps, uint16 takerBps, uint40 effectiveAt) {
        PendingFees memory p = _pendingFees;
        return (p.makerBps, p.takerBps, p.effectiveAt);
    }

    /// @notice The pairs whose books are open, in opening order, except that retiring a book moves the last one into
    /// its place.
    function books() external view returns (uint32[] memory) {
        return _bookIds;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Book maintenance (anyone may call)
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Request redemption of `amount` of native token `token` out of the caller's available balance here: the
    /// balance is debited (logged as a withdrawal) and the token's monetary desk escrows the amount from this venue's
    /// holding in the caller's name; a rejection returns it to the caller's wallet, not to this venue (issue 16). The
    /// token refuses a caller a withdrawal could not reach (frozen, ineligible); like a withdrawal, the holding must
    /// fall by exactly `amount` (WithdrawalMismatch).
    /// @return id The request's id at the desk.
    function requestRedemption(
        address token,
        uint256 amount,
        bytes32 ref
    ) external viaVenue nonReentrant returns (uint64 id) {
        uint16 index = tokenIndex[token];
        if (index == 0) revert UnknownToken(token);
        uint64 account = _requireAccount(msg.sender);
        uint256 key = _key(account, index);
        uint256 available = _available[key];
        if (available < amount) revert InsufficientBalance(account, index, amount, available);
        // Only a token the asset registry issued names a desk this venue may trust with its holding.
        if (IPairAssetsView(address(PAIRS)).ASSETS().issuedToken(token).issuer == address(0))
            revert NotNativeToken(token);
        // A redemption filed here is a withdrawal: the same sanctions screening (the recorded and the live identity)
        // and the same rolling 24-hour withdrawal cap as withdraw (issue 16: the review's merge finding M4).
        uint64 identity = uint64(_accountOf[msg.sender] >> 64);
        _requireUnsanctioned(msg.sender, identity);
        uint64 live = ELIGIBILITY.identityOf(msg.sender);
        if (live != identity) _requireUnsanctioned(address(0), live);
        _available[key] = available - amount;
        uint256 lc = _limitsConfig;
        if (lc & LIMITS_WITHDRAWALS != 0) _consumeWithdrawal(lc, account, token, amount);
        emit Withdrawn(account, token, amount);
        // The desk refuses a zero amount; the token refuses an unlicensed venue as the payer and a client a
        // withdrawal could not reach.
        uint256 before = IERC20(token).balanceOf(address(this));
        id = ICompliantToken(token).DESK().requestRedemptionFor(token, msg.sender, amount, ref);
        uint256 held = IERC20(token).balanceOf(address(this));
        uint256 left = held < before ? before - held : 0;
        if (left != amount) revert WithdrawalMismatch(token, amount, left);
    }

    /// @inheritdoc ILimitsAttachable
    function setLimits(address limits, uint32 policyId) external viaVenue nonReentrant {
        if (
            (msg.sender != _operator || !AUTHORITY.hasScope(msg.sender, HOME_ROOT, Scopes.EXCHANGE)) &&
            !AUTHORITY.hasScope(msg.sender, HOME_ROOT, Scopes.GOVERN)
        ) revert NotOperator(msg.sender, HOME_ROOT);
        (, uint8 rank) = AUTHORITY.managerRank(msg.sender, AUTHORITY.nodeOf(msg.sender, HOME_ROOT));
        uint256 lc = _limitsConfig;
        // Whoever attached or detached last binds the lower ranks (the cleared-by rule for a detachment).
        if ((lc >> 200) & 1 != 0 && rank > uint8(lc >> 192)) revert LimitsSetByHigherAuthority(uint8(lc >> 192), rank);
        bool on = limits != address(0);
        if (
            on
                ? (limits != VENUES.amlLimits() || !IAmlLimits(limits).policyExists(policyId)) // the pinned one only
                : policyId != 0
        ) revert InvalidLimits(limits, policyId);
        // Withdrawal caps bind only from a policy owned by a node of the home root ranked above the operator's (the
        // root or its delegates above it): the operator cannot freeze its clients' withdrawals with its own policy.
        uint256 withdrawals;
        if (on) {
            IAuthorityTree.Node memory o = AUTHORITY.node(IAmlLimits(limits).policyOwner(policyId));
            if (o.root == HOME_ROOT && o.depth < AUTHORITY.node(AUTHORITY.nodeOf(_operator, HOME_ROOT)).depth) {
                withdrawals = 1 << 201;
            }
        }
        // The home root's policy stays applied (review M3: only a sync with the root's clearing ends it), and with it
        // the limits contract the paths call.
        uint256 rootFlag = lc & LIMITS_ROOT;
        address calls = on || rootFlag == 0 ? limits : address(uint160(lc));
        _limitsConfig =
            uint256(uint160(calls)) |
            (uint256(policyId) << 160) |
            (uint256(rank) << 192) |
            (1 << 200) |
            withdrawals |
            rootFlag |
            (lc & WIND_BITS); // the wind-down's bits (issue 17) are not the attachment's
        emit LimitsAttached(limits, policyId, msg.sender, rank);
        // Every open book's flag follows (bounded: at most MAX_BOOKS).
        uint256 n = _bookIds.length;
        for (uint256 i; i < n; ++i) _writeLimitsBit(_bookIds[i], calls != address(0));
    }

    /// @inheritdoc ILimitsAttachable
    function limitsAttachment() external view returns (address limits, uint32 policyId, uint8 rank, bool set) {
        uint256 lc = _limitsConfig;
        // The address field also serves the home root's policy (LIMITS_ROOT): reported only with a policy attached.
        policyId = uint32(lc >> 160);
        return (policyId != 0 ? address(uint160(lc)) : address(0), policyId, uint8(lc >> 192), (lc >> 200) & 1 != 0);
    }

    /**
     * @notice Sanctions recovery (issue 16 review M3) of external (non-native) `token` held here for listed `wallet`,
     * with a stated legal `reason` (a court order): the second exception to "withdrawals always work" leaves a listed
     * party's funds frozen in place, and this is how a root moves them on. Caller: the account of valid root
     * `rootId` (rank 0, so at or above any rank of its list's entries), whose list names `wallet`, its account's
     * recorded identity or its live one, and binds at this venue (the home root, a trusted root, or the identity's
     * root). Cancels `wallet`'s resting orders locking `token` (reason Recovered), takes `amount` from its available
     * balance and transfers it to `to`, measured like a withdrawal (WithdrawalMismatch). `to` must not be listed here
     * (PartySanctioned) nor a wallet of the listed identity (RecipientInFrozenIdentity). Native tokens go through
     * their issuer's recover, under the token's rules. Never from the operator's account. Emits Recovered (toAccount
     * 0).
     */
    function recoverSanctioned(
        uint64 rootId,
        address token,
        address wallet,
        address to,
        uint256 amount,
        bytes32 reason
    ) external viaVenue nonReentrant {
        uint16 index = tokenIndex[token];
        if (index == 0) revert UnknownToken(token);
        if (amount == 0) revert ZeroAmount();
        if (reason == bytes32(0)) revert ICompliantToken.MissingReason();
        if (to == address(0)) revert IERC20Errors.ERC20InvalidReceiver(to);
        if (IPairAssetsView(address(PAIRS)).ASSETS().issuedToken(token).issuer != address(0)) {
            revert NativeTokenRecoveredByIssuer(token);
        }
        uint64 account = _requireAccount(wallet);
        if (account == OPERATOR_ACCOUNT) revert ICompliantToken.VenueHoldingsProtected(wallet);
        uint64 recorded = uint64(_accountOf[wallet] >> 64);
        uint64 live = ELIGIBILITY.identityOf(wallet);
        _requireRecoverer(rootId, wallet, recorded, live);
        // The recipient: unlisted here, and another party than the listed one.
        uint64 toIdentity = ELIGIBILITY.identityOf(to);
        if (toIdentity != 0 && (toIdentity == recorded || toIdentity == live)) {
            revert ICompliantToken.RecipientInFrozenIdentity(wallet, to, toIdentity);
        }
        _requireUnsanctioned(to, toIdentity);
        _cancelLocking(account, index);
        uint256 key = _key(account, index);
        uint256 available = _available[key];
        if (available < amount) revert InsufficientBalance(account, index, amount, available);
        _available[key] = available - amount;
        emit Recovered(token, account, to, 0, amount, reason, msg.sender);
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransfer(to, amount);
        uint256 held = IERC20(token).balanceOf(address(this));
        uint256 left = held < before ? before - held : 0;
        if (left != amount) revert WithdrawalMismatch(token, amount, left);
    }

    /// @dev Requires the caller to be valid root `rootId`'s account, `rootId`'s list to bind here, and to name
    /// `wallet`, identity `recorded` or identity `live`.
    function _requireRecoverer(uint64 rootId, address wallet, uint64 recorded, uint64 live) private view {
        bool binds =
            rootId == HOME_ROOT ||
                isTrustedRoot[rootId] ||
                (recorded != 0 && _identityRoot(recorded) == rootId) ||
                (live != 0 && _identityRoot(live) == rootId);
        if (!binds || !AUTHORITY.isValid(rootId) || AUTHORITY.node(rootId).account != msg.sender) {
            revert NotSanctionsRecoverer(msg.sender, rootId);
        }
        if (
            !AUTHORITY.sanctionEntry(rootId, wallet, 0).listed &&
            !(recorded != 0 && AUTHORITY.sanctionEntry(rootId, address(0), recorded).listed) &&
            !(live != 0 && AUTHORITY.sanctionEntry(rootId, address(0), live).listed)
        ) revert NotListedBy(rootId, wallet, live);
    }

    /// @notice Close the empty book of delisted pair `pairId` for good (it accepts no orders, like any book of a
    /// delisted pair), so that it no longer counts towards MAX_BOOKS. Anyone may call once clearDelisted has emptied
    /// it; uncollected fees stay collectable.
    function retireBook(uint32 pairId) external viaVenue nonReentrant {
        if (!_configs[pairId].open) revert BookNotOpen(pairId);
        if (PAIRS.pairStatus(pairId) != IPairRegistry.PairStatus.Delisted) revert PairNotDelisted(pairId);
        OrderBook.Book storage book = _books[pairId];
        if (book.best(Side.Bid) != 0 || book.best(Side.Ask) != 0) revert BookNotEmpty(pairId);
        _configs[pairId].open = false;
        // An open book's pair is in the list (openBook pushes it, only this removes it): swap it with the last, pop.
        uint256 last = _bookIds.length - 1;
        uint256 i;
        while (_bookIds[i] != pairId) ++i; // bounded: at most MAX_BOOKS reads, and it is found (else out of range)
        _bookIds[i] = _bookIds[last];
        _bookIds.pop();
        emit BookRetired(pairId, msg.sender);
    }

    /// @notice Return up to `maxOrders` resting orders of delisted pair `pairId` to their owners (funds unlocked).
    /// Anyone may call; call again until it returns fewer than `maxOrders`.
    function clearDelisted(uint32 pairId, uint256 maxOrders) external viaVenue nonReentrant returns (uint256 removed) {
        if (PAIRS.pairStatus(pairId) != IPairRegistry.PairStatus.Delisted) revert PairNotDelisted(pairId);
        OrderBook.Book storage book = _books[pairId];
        BookConfig memory c = _configs[pairId];
        for (uint256 s; s < 2 && removed < maxOrders; ++s) {
            Side side = Side(s);
            while (removed < maxOrders) {
                OrderBook.Front memory f = book.peek(side);
                if (f.tick == 0) break;
                _removeOrder(pairId, c, f.id, RemovalReason.Delisted, address(0));
                ++removed;
            }
        }
    }

    /**
     * @notice Remove up to `maxOrders` orders from the front of `side` of `pairId`'s book that a taker would remove
     * rather than fill: expired, or whose maker is not eligible under the pair's policy or a native token's own
     * policy (reason Ineligible) or is frozen on a native leg (Frozen), exactly as matching decides (a maker's
     * clearance on the pair answers while it holds, as in matching). Funds are unlocked and each removal is logged
     * as OrderRemoved, as matching logs it. Stops at the first order a taker would fill, or that a paused native leg
     * keeps from being checked (a pause is no maker's fault), or after `maxOrders`. Anyone may call; it records no
     * clearance. It removes only what a taker's match would remove now, so only while a taker could match: the venue
     * licensed (VenueNotLicensed) and the pair tradable (PairNotTradable; a delisted book is emptied by clearDelisted).
     */
    function purgeBook(
        uint32 pairId,
        Side side,
        uint256 maxOrders
    ) external viaVenue nonReentrant returns (uint256 removed) {
        uint40 now_ = _now();
        _requireLicence();
        if (PAIRS.tradableUntil(pairId) <= now_) revert PairNotTradable(pairId);
        OrderBook.Book storage book = _books[pairId];
        BookConfig memory c = _configs[pairId];
        uint64 pairRoot = uint64(book.venueTag() & MASK39);
        for (; removed < maxOrders; ++removed) {
            OrderBook.Front memory f = book.peek(side);
            if (f.tick == 0) break;
            RemovalReason reason = _staleReason(pairId, c, f.order, now_, pairRoot);
            if (reason == RemovalReason.Cancelled) break;
            _removeOrder(pairId, c, f.id, reason, address(0));
        }
    }

    /// @dev Why matching would remove resting order `o` of `pairId` at `now_` (Cancelled: it would not; see purgeBook).
    function _staleReason(
        uint32 pairId,
        BookConfig memory c,
        Order o,
        uint40 now_,
        uint64 pairRoot
    ) private view returns (RemovalReason) {
        if (o.expiry() != 0 && o.expiry() <= now_) return RemovalReason.Expired;
        uint64 maker = o.maker();
        // No record (0) never holds: its end, 0, has passed.
        uint256 cached = _clearances[_clearanceKey(maker, pairId)];
        if (_holds(cached, _stamp(pairRoot, uint64((cached >> ROOT_SHIFT) & MASK40)), now_)) {
            return RemovalReason.Cancelled;
        }
        address wallet = address(uint160(_accounts[maker]));
        (IEligibility.Eligibility e, , ) = _clearance(wallet, c.policyId);
        if (e != IEligibility.Eligibility.Eligible) return RemovalReason.Ineligible;
        (uint256 problem, , ) = _nativeCheck(pairId, c, wallet, 0);
        if (problem == NATIVE_FROZEN) return RemovalReason.Frozen;
        if (problem == NATIVE_POLICY) return RemovalReason.Ineligible;
        return RemovalReason.Cancelled; // clear, or a paused leg
    }
}
