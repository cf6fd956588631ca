// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IEligibility, IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {ICompliantToken} from "../interfaces/ICompliantToken.sol";
import {IPairRegistry} from "../interfaces/IPairRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IVenueRegistry} from "../interfaces/IVenueRegistry.sol";
import {Scopes} from "../types/Scope.sol";
import {OrderId} from "../types/OrderId.sol";
import {OrderBook} from "./libraries/OrderBook.sol";
import {ExchangeLens} from "./libraries/ExchangeLens.sol";
import {ExchangeStorage} from "./ExchangeStorage.sol";
import {ExchangeExtension} from "./ExchangeExtension.sol";
import {ChainClock} from "../utils/ChainClock.sol";
import {IAmlLimits, IVenueLimits} from "../interfaces/IAmlLimits.sol";

/// @dev The pair registry's asset registry (PairRegistry's public immutable; not part of IPairRegistry).
interface IPairAssets {
    function ASSETS() external view returns (IAssetRegistry);
}

/// @dev The first seven words of the client registry's `identity(id)` answer (IIdentityRegistry.Identity, a static
/// struct): only what a deposit's identity check reads, as raw words (status 1 is Active; frozen is 0 or 1).
interface IIdentityState {
    function identity(
        uint64 identityId
    )
        external
        view
        returns (uint256 attester, uint256 root, uint256 expiry, uint256, uint256, uint256 status, uint256 frozen);
}

/**
 * @title ExchangeAdmin
 * @notice The cold part of the venue: deposits, opening books, fees and their cap, fee collection, identity sync,
 * cancel-all and the native tokens' compliance recovery (the views and book maintenance are in ExchangeExtension,
 * reached through this module's fallback). Runs only by DELEGATECALL, on the calling
 * Exchange's storage; called directly it refuses (it would act on its own, empty storage). Deployed on its own before
 * its Exchange, which checks that the module's immutables are its own; run by DELEGATECALL from any other contract it
 * acts only on that contract's storage.
 */
contract ExchangeAdmin is ExchangeStorage, ChainClock, IVenueLimits {
    using OrderBook for OrderBook.Book;
    using SafeERC20 for IERC20;

    /// @dev This module's own address: called there directly (not by DELEGATECALL) it refuses to act.
    address private immutable _SELF;

    /// @notice How long (seconds) a fee raise waits (issue 15 item 8): resting makers see it announced (FeesScheduled)
    /// and may cancel before it applies; it may be applied for as long again, then it lapses (FeesLapsed).
    uint256 public constant FEE_NOTICE = 7 days;

    /// @notice The venue's views module, created here with this module's wiring; reached through the fallback.
    address public immutable EXTENSION;

    /// @dev The arguments are the venue's (its home root is `roots[0]`); the Exchange checks them at its construction.
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
        EXTENSION = address(new ExchangeExtension(tree, eligibility, pairs, venues, operator, home, timeUnit));
    }

    /// @dev Every IExchange function defined neither in Exchange nor here (the views) runs in ExchangeExtension, on the
    /// calling Exchange's storage (DELEGATECALL from within the Exchange's DELEGATECALL).
    // solhint-disable-next-line no-complex-fallback
    fallback() external {
        address extension = EXTENSION;
        // Not memory-safe (it writes from offset 0, past the scratch space), and need not be: it never returns to
        // Solidity code.
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), extension, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) {
                revert(0, returndatasize())
            }
            return(0, returndatasize())
        }
    }

    modifier viaVenue() {
        _requireVenue();
        _;
    }

    /// @dev One copy of the check for every guarded function (a modifier's body is inlined at each).
    function _requireVenue() private view {
        if (address(this) == _SELF) revert DirectCall();
    }

    /// @notice Deposit `amount` of `token` (an asset of a book opened here); credits what actually arrived, so a
    /// fee-on-transfer token credits the net amount. Only while the venue is licensed (VenueNotLicensed). The
    /// caller's identity in the client registry must be valid now (IdentityNotValid with the registry's reason
    /// otherwise: revoked, frozen, expired, or its attester no longer valid), at every deposit, not only the first
    /// (which opens the caller's account), and neither the caller nor its identity may be on the sanctions list of the
    /// venue's home root or of the identity's root (ISanctionsList.PartySanctioned). The venue's whole balance of
    /// `token` must stay within 2^127 - 1 after the deposit, so that no internal balance, lock or fee total (all
    /// 128-bit, all parts of it) can overflow.
    function deposit(address token, uint256 amount) external viaVenue nonReentrant returns (uint256 credited) {
        uint16 index = tokenIndex[token];
        if (index == 0) revert UnknownToken(token);
        if (amount == 0) revert ZeroAmount();
        // The limits slot, read here for the wind-down bit (issue 17) and below for the deposit window.
        uint256 lc = _limitsConfig;
        if (lc & WINDING_DOWN != 0) revert VenueWindingDown(address(this));
        _requireLicence();
        uint64 identity = _requireValidIdentity(msg.sender);
        uint64 account = uint64(_accountOf[msg.sender]);
        if (account == 0) account = _openAccount(msg.sender, identity);
        // Credit what arrived, not what was asked: a fee-on-transfer token delivers less.
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 held = IERC20(token).balanceOf(address(this));
        credited = held > before ? held - before : 0; // a holding that fell: nothing arrived (no arithmetic panic)
        if (credited == 0) revert NothingReceived(token);
        if (held > MAX_HELD) revert VenueBalanceTooLarge(token, held);
        // AML limits (issue 16): what arrived counts against the identity's rolling 24-hour deposit cap here.
        if (address(uint160(lc)) != address(0)) {
            IAmlLimits(address(uint160(lc))).consumeDeposit(
                uint32(lc >> 160),
                _limitsRoot(lc),
                identity,
                token,
                credited
            );
        }
        _credit(account, index, credited);
        emit Deposited(account, token, credited);
    }

    /// @notice Open the book of listed pair `pairId` (under a trusted root), caching its parameters and the current fee
    /// rates. Operator only. At most MAX_BOOKS books are open at once (TooManyBooks; retireBook frees a place).
    function openBook(uint32 pairId) external viaVenue nonReentrant {
        if (_limitsConfig & WINDING_DOWN != 0) revert VenueWindingDown(address(this));
        if (_bookIds.length == MAX_BOOKS) revert TooManyBooks(MAX_BOOKS);
        (IPairRegistry.PairStatus status, uint64 root, address base, address quote, BookConfig memory c) = ExchangeLens
            .pairTerms(PAIRS, pairId);
        _requireOperator(root);
        if (!isTrustedRoot[root]) revert RootNotTrusted(pairId, root);
        if (_configs[pairId].open) revert BookAlreadyOpen(pairId);
        // A venue applies one root policy, its home root's (review M3 audit M1): no book of another root naming one.
        if (root != HOME_ROOT) {
            uint32 foreign = _rootPolicyOf(VENUES.amlLimits(), root);
            if (foreign != 0) revert ForeignRootPolicy(pairId, root, foreign);
            if (_foreignRootPolicy[pairId] != 0) _markForeign(pairId, root, 0); // a retired book's old mark
        }
        if (status != IPairRegistry.PairStatus.Listed) revert PairNotTradable(pairId);
        if (c.minLots == 0) revert UnsupportedSizes(pairId);
        c.baseToken = _indexToken(base);
        c.quoteToken = _indexToken(quote);
        c.open = true;
        _configs[pairId] = c;
        _pairFees[pairId] = FEES_SEED;
        // The pair's root, for the clearances' restriction stamp (OrderBook venue tag: 40 bits, the top one the AML
        // limits flag).
        if (root > MASK39) revert UnsupportedRoot(root);
        _books[pairId].setVenueTag(uint40(root));
        // A venue applies its home root's limits policy from its first book on (review M3): a new venue cannot escape.
        _syncRootLimits();
        _bookIds.push(pairId);
        _markNative(pairId, base, quote);
        _writeFeeRates(pairId, fees);
        if (address(uint160(_limitsConfig)) != address(0)) _writeLimitsBit(pairId, true);
        emit BookOpened(pairId, c);
    }

    /// @inheritdoc IVenueLimits
    function syncRootLimits() external viaVenue nonReentrant returns (bool applies) {
        applies = _syncRootLimits();
        // Every open book of another root: stopped while that root names a policy (review M3 audit M1).
        address limits = VENUES.amlLimits();
        uint256 n = _bookIds.length;
        for (uint256 i; i < n; ++i) {
            uint32 pairId = _bookIds[i];
            uint64 root = uint64(_books[pairId].venueTag() & MASK39);
            if (root == HOME_ROOT) continue;
            uint32 foreign = _rootPolicyOf(limits, root);
            if (foreign != _foreignRootPolicy[pairId]) _markForeign(pairId, root, foreign);
        }
    }

    /// @inheritdoc IVenueLimits
    function ownWithdrawalLimitsApply() external view returns (bool) {
        return _limitsConfig & LIMITS_OWN_WITHDRAWALS != 0;
    }

    /// @inheritdoc IVenueLimits
    function foreignRootPolicy(uint32 pairId) external view returns (uint32) {
        return _foreignRootPolicy[pairId];
    }

    /// @dev `root`'s limits policy in `limits` (0: none, or no limits contract named).
    function _rootPolicyOf(address limits, uint64 root) private view returns (uint32) {
        return limits == address(0) ? 0 : IAmlLimits(limits).rootPolicy(root).policyId;
    }

    /// @dev Record that `root`'s policy `foreign` (0: none) stops book `pairId`, its flag following.
    function _markForeign(uint32 pairId, uint64 root, uint32 foreign) private {
        _foreignRootPolicy[pairId] = foreign;
        _writeLimitsBit(pairId, address(uint160(_limitsConfig)) != address(0));
        emit ForeignRootPolicySynced(pairId, root, foreign);
    }

    /// @inheritdoc IVenueLimits
    function rootLimitsApply() external view returns (bool) {
        return _limitsConfig & LIMITS_ROOT != 0;
    }

    /// @dev Set or clear LIMITS_ROOT from the stack's AmlLimits (none named: no root policy), the config's address and
    /// every open book's flag following (bounded: at most MAX_BOOKS); RootLimitsSynced when the flag changes.
    function _syncRootLimits() private returns (bool applies) {
        address limits = VENUES.amlLimits();
        uint32 rootPolicyId = _rootPolicyOf(limits, HOME_ROOT);
        applies = rootPolicyId != 0;
        uint256 lc = _limitsConfig;
        if (applies == (lc & LIMITS_ROOT != 0)) return applies;
        bool calledBefore = address(uint160(lc)) != address(0);
        // An attached policy keeps the address (the same pinned contract: attachment accepts no other).
        address calls = applies || uint32(lc >> 160) != 0 ? limits : address(0);
        _limitsConfig =
            (lc & ~(LIMITS_ROOT | uint256(type(uint160).max))) |
            uint256(uint160(calls)) |
            (applies ? LIMITS_ROOT : 0);
        emit RootLimitsSynced(limits, rootPolicyId, applies);
        if ((calls != address(0)) == calledBefore) return applies;
        uint256 n = _bookIds.length;
        for (uint256 i; i < n; ++i) _writeLimitsBit(_bookIds[i], !calledBefore);
    }

    /**
     * @notice Compliance recovery of native `token` held in the venue for `wallet` (a legal order, a lost key): the
     * venue is the token's holder, so the token's own forcedTransfer cannot reach it; this is the venue's path, and it
     * applies exactly the token's forced-transfer rules (ICompliantToken.forcedTransferCheck, with the caller's rank:
     * the freeze and pause ranks, no recipient in a frozen wallet's identity, a non-zero reason, no venue on either
     * side, a recipient unfrozen and eligible or licensed), reverting with the token's own error. It never takes from
     * the operator's account (its collected fees are the venue's holdings, not a client's).
     * Cancels `wallet`'s resting orders that lock `token` (reason Recovered; at most MAX_OPEN_ORDERS), takes `amount`
     * from its available balance and credits it to `to`'s venue account if `to` has one, else transfers it to `to`
     * (an ordinary transfer of the token: refused while the token is paused). Works whatever the pairs' status.
     * Caller: the token's issuer or the account of a valid ancestor of its issuer node (canManage on the issuer node
     * the asset registry recorded at issuance), and only for a token the asset registry issued.
     */
    function recover(
        address token,
        address wallet,
        address to,
        uint256 amount,
        bytes32 reason
    ) external viaVenue nonReentrant {
        uint16 index = tokenIndex[token];
        if (index == 0) revert UnknownToken(token);
        if (amount == 0) revert ZeroAmount();
        IAssetRegistry.IssuedToken memory issued = IPairAssets(address(PAIRS)).ASSETS().issuedToken(token);
        if (issued.issuer == address(0)) revert NotNativeToken(token);
        if (!AUTHORITY.canManage(msg.sender, issued.issuerNode)) revert NotTokenAuthority(token, msg.sender);
        uint64 account = _requireAccount(wallet);
        // The operator's account holds the fees it collected: protected as the token protects a venue's holdings,
        // whether its licence is valid or not (the token's check below covers it only while it is).
        if (account == OPERATOR_ACCOUNT) revert ICompliantToken.VenueHoldingsProtected(wallet);
        ICompliantToken(token).forcedTransferCheck(wallet, to, msg.sender, reason); // reverts with the token's reason
        _cancelLocking(account, index);
        uint256 key = _key(account, index);
        uint256 available = _available[key];
        if (available < amount) revert InsufficientBalance(account, index, amount, available);
        _available[key] = available - amount;
        uint64 toAccount = uint64(_accountOf[to]);
        if (toAccount != 0) _credit(toAccount, index, amount);
        emit Recovered(token, account, to, toAccount, amount, reason, msg.sender);
        if (toAccount == 0) IERC20(token).safeTransfer(to, amount);
    }

    /// @notice Set the fee cap (at most MAX_FEE_BPS). Caller: a valid GOVERN holder of the home root. Fees above the
    /// new cap are lowered to it at once, on every open book. Rank, as for halting a pair: any GOVERN holder may lower
    /// the cap; once lowered, only the lowering rank or a higher one may raise it (FeeCapSetByHigherAuthority), and
    /// such a raise lifts the bar.
    function setFeeCap(uint16 capBps) external viaVenue nonReentrant {
        if (!AUTHORITY.hasScope(msg.sender, HOME_ROOT, Scopes.GOVERN)) revert NotGovernor(msg.sender);
        if (capBps > MAX_FEE_BPS) revert FeeAboveCap(capBps, MAX_FEE_BPS);
        Fees memory f = fees;
        (, uint8 rank) = AUTHORITY.managerRank(msg.sender, AUTHORITY.nodeOf(msg.sender, HOME_ROOT));
        uint8 bar = _capBar;
        if (capBps < f.capBps) {
            if (bar == 0 || rank < bar - 1) _capBar = rank + 1;
        } else if (capBps > f.capBps && bar != 0) {
            if (rank > bar - 1) revert FeeCapSetByHigherAuthority(bar - 1, rank);
            _capBar = 0;
        }
        f.capBps = capBps;
        emit FeeCapSet(capBps, msg.sender, rank);
        if (f.makerBps > capBps || f.takerBps > capBps) {
            if (f.makerBps > capBps) f.makerBps = capBps;
            if (f.takerBps > capBps) f.takerBps = capBps;
            emit FeesSet(f.makerBps, f.takerBps); // ends any scheduled change, unless re-announced just below
            PendingFees memory p = _pendingFees;
            if (p.effectiveAt != 0) {
                // A scheduled change within the new cap is kept, with its notice (announced again, after the FeesSet,
                // so that the log alone rebuilds it); one above the cap is dropped (the operator schedules again).
                if (p.makerBps > capBps || p.takerBps > capBps) delete _pendingFees;
                else emit FeesScheduled(p.makerBps, p.takerBps, p.effectiveAt);
            }
        }
        fees = f;
        // Every book's flags of rates below the cap follow the cap (and its rates, when lowered to it).
        _syncFeeRates(f);
    }

    /**
     * @notice Set the maker and taker fees, each within the cap, for every open book (each book's config slot keeps a
     * copy: one write per book, at most MAX_BOOKS, about 6,000 gas each). Operator only (the operator's EXCHANGE
     * scope under the home root, checked now).
     * A change that lowers or keeps both rates applies at once (a cut only ever favours the resting orders), as does
     * any change while no book is open (no order can rest or be on its way). A change that raises either rate on a
     * venue with an open book is only scheduled (FeesScheduled), whether or not orders rest, so that no order ever
     * pays a fee raised after it was placed without notice (issue 15 item 8; a raise while nothing rests would
     * otherwise let the operator raise in front of a placement): anyone may apply it with applyFees from FEE_NOTICE
     * seconds on, and for FEE_NOTICE seconds more; after that it lapses (FeesLapsed) and a raise needs a fresh
     * notice. A later setFees replaces a scheduled change; FeesSet always ends it. Syncs the venue with its home
     * root's limits policy first, as syncRootLimits does (not the other roots' books).
     */
    function setFees(uint16 makerBps, uint16 takerBps) external viaVenue nonReentrant {
        _requireOperator(HOME_ROOT);
        // The operator's own calls keep the venue synced with its home root's policy (review M3 audit L2).
        _syncRootLimits();
        Fees memory f = fees;
        if (makerBps > f.capBps) revert FeeAboveCap(makerBps, f.capBps);
        if (takerBps > f.capBps) revert FeeAboveCap(takerBps, f.capBps);
        // No book open: no order can rest or be in flight, so a venue's first rates need no notice.
        if ((makerBps > f.makerBps || takerBps > f.takerBps) && _bookIds.length != 0) {
            uint40 effectiveAt = _now() + uint40(FEE_NOTICE);
            _pendingFees = PendingFees(makerBps, takerBps, effectiveAt);
            emit FeesScheduled(makerBps, takerBps, effectiveAt);
            return;
        }
        _setFees(f, makerBps, takerBps);
    }

    /// @notice Apply the scheduled fee change from its effective time on (FeesNotYetEffective before, NoPendingFees if
    /// none), each rate held to the cap of now. Anyone may call: a raise is the operator's to apply, a cut anyone's.
    /// From FEE_NOTICE seconds after its effective time on, the change has lapsed: this call drops it (FeesLapsed)
    /// and the fees stay as they are, so that a raise announced long ago never lands without a fresh notice.
    function applyFees() external viaVenue nonReentrant {
        PendingFees memory p = _pendingFees;
        if (p.effectiveAt == 0) revert NoPendingFees();
        uint40 now_ = _now();
        if (now_ < p.effectiveAt) revert FeesNotYetEffective(p.effectiveAt, now_);
        if (now_ >= p.effectiveAt + uint40(FEE_NOTICE)) {
            delete _pendingFees;
            emit FeesLapsed(p.makerBps, p.takerBps, p.effectiveAt);
            return;
        }
        Fees memory f = fees;
        _setFees(f, p.makerBps < f.capBps ? p.makerBps : f.capBps, p.takerBps < f.capBps ? p.takerBps : f.capBps);
    }

    /// @notice Credit the fees accrued in `pairId` to the operator's internal account. Anyone may call, while the
    /// venue is licensed (VenueNotLicensed otherwise: the fees stay counted here until the licence holds again).
    /// Syncs the venue with its home root's limits policy first, as syncRootLimits does (not the other roots' books).
    function collectFees(uint32 pairId) external viaVenue nonReentrant {
        _syncRootLimits(); // as setFees (review M3 audit L2): the operator collecting syncs
        (uint256 baseAmount, uint256 quoteAmount) = _owedFees(pairId);
        if (baseAmount | quoteAmount == 0) return;
        _requireLicence();
        BookConfig memory c = _configs[pairId];
        _pairFees[pairId] = FEES_SEED;
        _books[pairId].setVenueData(0);
        _credit(OPERATOR_ACCOUNT, c.baseToken, baseAmount);
        _credit(OPERATOR_ACCOUNT, c.quoteToken, quoteAmount);
        emit FeesCollected(pairId, baseAmount, quoteAmount);
    }

    /// @notice Record `wallet`'s current identity in its account (informational: self-trade prevention reads live
    /// identities from the client registry).
    function syncIdentity(address wallet) external viaVenue nonReentrant {
        uint256 a = _accountOf[wallet];
        if (a == 0) revert UnknownAccount(wallet);
        uint64 account = uint64(a);
        uint64 identity = ELIGIBILITY.identityOf(wallet);
        _accountOf[wallet] = uint256(account) | (uint256(identity) << 64);
        uint256 rec = _accounts[account];
        _accounts[account] = (rec & ~(MASK64 << 160)) | (uint256(identity) << 160);
        emit AccountIdentitySynced(account, identity);
    }

    /// @notice Cancel every resting order of the caller, in every book; works whatever the pairs' status.
    function cancelAll() external viaVenue nonReentrant returns (uint256 cancelled) {
        uint64 account = _requireAccount(msg.sender);
        uint256 bits = _accounts[account] >> OPEN_SHIFT;
        uint256 stale;
        for (uint256 slot; bits != 0; ++slot) {
            if (bits & (1 << slot) == 0) continue;
            bits &= ~(1 << slot);
            (bool live, uint32 pairId, OrderId id) = _openEntry(account, slot);
            if (!live) {
                stale |= 1 << (OPEN_SHIFT + slot); // a fill completed it
                continue;
            }
            _removeOrder(pairId, _configs[pairId], id, RemovalReason.Cancelled, msg.sender);
            ++cancelled;
        }
        if (stale != 0) _accounts[account] &= ~stale;
    }

    /// @dev Make `makerBps` / `takerBps` the fees of every open book (`f`: the current fees) and end any scheduled
    /// change.
    function _setFees(Fees memory f, uint16 makerBps, uint16 takerBps) private {
        delete _pendingFees;
        emit FeesSet(makerBps, takerBps);
        if (makerBps == f.makerBps && takerBps == f.takerBps) return;
        f.makerBps = makerBps;
        f.takerBps = takerBps;
        fees = f;
        _syncFeeRates(f);
    }

    /// @dev `wallet`'s identity, required to be valid now: active, unfrozen, unexpired and attested by a node that
    /// still holds KYC (the client registry's own order of reasons, without a policy).
    function _requireValidIdentity(address wallet) private view returns (uint64 identity) {
        identity = ELIGIBILITY.identityOf(wallet);
        if (identity == 0) revert NoIdentity(wallet);
        (uint256 attester, , uint256 expiry, , , uint256 status, uint256 frozen) = IIdentityState(address(ELIGIBILITY))
            .identity(identity);
        IEligibility.Eligibility e = IEligibility.Eligibility.Eligible;
        if (status != uint256(IIdentityRegistry.IdentityStatus.Active)) e = IEligibility.Eligibility.IdentityRevoked;
        else if (frozen != 0) e = IEligibility.Eligibility.Frozen;
        else if (_now() >= expiry) e = IEligibility.Eligibility.Expired;
        else if (AUTHORITY.scopeUntil(uint64(attester), Scopes.KYC) == 0) e = IEligibility.Eligibility.AttesterInvalid;
        if (e != IEligibility.Eligibility.Eligible) revert IdentityNotValid(wallet, e);
        // Sanctions (issue 16): not on the list of the home root, of a root the venue trusts, or of the identity's
        // root (PartySanctioned).
        _requireUnsanctioned(wallet, identity);
    }

    /// @dev Record which legs of `pairId`'s book are native compliant tokens (issued by the pair registry's asset
    /// registry), in the spare bits of its config slot.
    function _markNative(uint32 pairId, address base, address quote) private {
        IAssetRegistry assets = IPairAssets(address(PAIRS)).ASSETS();
        uint256 bits;
        if (assets.issuedToken(base).issuer != address(0)) bits |= NATIVE_BASE_BIT;
        if (assets.issuedToken(quote).issuer != address(0)) bits |= NATIVE_QUOTE_BIT;
        if (bits == 0) return;
        BookConfig storage c = _configs[pairId];
        assembly ("memory-safe") {
            sstore(c.slot, or(sload(c.slot), bits))
        }
    }

    /// @dev Copy the fee rates `f` (and whether each is below its cap) into every open book's config slot (bounded:
    /// at most MAX_BOOKS books).
    function _syncFeeRates(Fees memory f) private {
        uint256 n = _bookIds.length;
        for (uint256 i; i < n; ++i) _writeFeeRates(_bookIds[i], f);
    }

    /// @dev Write the fee rates of `f` into the spare bits of `pairId`'s config slot, with a flag per rate set while
    /// it is below the cap (MAKER_BELOW_CAP_BIT, TAKER_BELOW_CAP_BIT: the take path's rounding bound, see there).
    function _writeFeeRates(uint32 pairId, Fees memory f) private {
        uint256 rates = (uint256(f.makerBps) << MAKER_FEE_SHIFT) | (uint256(f.takerBps) << TAKER_FEE_SHIFT);
        if (f.makerBps < f.capBps) rates |= MAKER_BELOW_CAP_BIT;
        if (f.takerBps < f.capBps) rates |= TAKER_BELOW_CAP_BIT;
        uint256 clear =
            ~((FEE_RATE_MASK << MAKER_FEE_SHIFT) |
                (FEE_RATE_MASK << TAKER_FEE_SHIFT) |
                MAKER_BELOW_CAP_BIT |
                TAKER_BELOW_CAP_BIT);
        BookConfig storage c = _configs[pairId];
        assembly ("memory-safe") {
            sstore(c.slot, or(and(sload(c.slot), clear), rates))
        }
    }
}
