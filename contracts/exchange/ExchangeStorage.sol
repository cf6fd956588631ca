// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IExchangeBase} from "../interfaces/IExchange.sol";
import {IEligibility} from "../interfaces/IIdentityRegistry.sol";
import {IPairRegistry} from "../interfaces/IPairRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IVenueRegistry} from "../interfaces/IVenueRegistry.sol";
import {Scopes} from "../types/Scope.sol";
import {Order} from "../types/Order.sol";
import {OrderId} from "../types/OrderId.sol";
import {Side} from "../types/Side.sol";
import {OrderBook} from "./libraries/OrderBook.sol";
import {IAmlLimits} from "../interfaces/IAmlLimits.sol";

/// @dev What the venue reads of a native compliant token (CompliantToken's views; `paused` is OpenZeppelin Pausable's).
interface INativeToken {
    function paused() external view returns (bool);

    function isFrozen(address wallet) external view returns (bool);

    function policyId() external view returns (uint32);
}

/// @dev The first two words of the client registry's `identity(id)` answer (IIdentityRegistry.Identity, a static
/// struct): the attesting node and the identity's root. A slim view, so the venue decodes only what it needs.
interface IIdentityRoot {
    function identity(uint64 identityId) external view returns (uint256 attester, uint256 root);
}

/**
 * @title ExchangeStorage
 * @notice The venue's state and the helpers its three parts use: Exchange (trading, withdrawals), ExchangeAdmin
 * (deposits, operator, governance, cancel-all, recovery) and ExchangeExtension (views, book maintenance), which run
 * by DELEGATECALL on the Exchange's storage so that each stays under the 24 KiB code limit. All three inherit this
 * contract first, so their storage layouts are the same.
 * @dev Storage per account: `_accountOf[wallet]` (account number | identity << 64) for callers, and
 * `_accounts[account]` (wallet | identity << 160 | open-order bitmap << 224): the book stores an account number,
 * not an address, so one slot per order suffices. An account holds at most MAX_OPEN_ORDERS resting orders; each
 * order's `flags` is its slot in the owner's open-order list. A cancel clears the slot's bit; a fill that completes
 * a maker's order does not (it would cost the taker a read and a write of the maker's account slot): such a stale
 * bit names an order id the book no longer holds, and ids are never reused in a book, so every reader tells it
 * apart, and a placement that finds no free bit reclaims the stale ones. The list slot itself is never cleared (a
 * later placement reuses it at the price of a non-zero write).
 *
 * Balances: one slot per (account, token) holding what is available. What an account has locked is not stored: it
 * is what its resting orders may spend (a bid `tick * tickSize * lots` of quote, an ask `lots * lotSize` of base),
 * so a fill moves the maker's side out of the order alone and writes one maker balance, the one it receives.
 *
 * Fees: the operator's rates live in `fees` and, copied, in bits 234-253 of every open book's config slot (which a
 * match reads anyway), kept equal by openBook, setFees and setFeeCap; so a venue has at most MAX_BOOKS books open at
 * once (a retired book leaves the list and keeps the rates it had, which nothing reads any more). What a
 * book has accrued lives in two places: two 64-bit lanes (base, quote) in the venue's 128 bits of the book's header
 * (OrderBook.venueData), which a match reads and usually writes anyway, and `_pairFees`, into which a lane spills
 * (both lanes, whole) when a match would carry it past 64 bits. What is owed is always the sum of the two.
 *
 * Clearances: `_clearances[account << 32 | pairId]` caches a positive compliance answer for an account on a pair
 * (the pair tradable, no native leg paused, the account eligible under the pair's policy and not frozen on a native
 * leg) as `stamp | until << 64 | identity << 104 | identityRoot << 168` (the root in 40 bits). `stamp` is the
 * authority tree's restriction stamp of the roots the answer relied on: the pair's (its halts, delistings,
 * attestations and native tokens), the identity's (the client and its attesting path) and the home root (the
 * operator's licence). It holds while that stamp is unchanged and `now < until` (the earliest lease, expiry or
 * attestation end it relied on): every change that could turn the answer negative advances its root's epoch
 * (IRestrictionEpoch), so the cached answer is the live one, and a restriction under any other root leaves it
 * alone. The pair's root is kept in its book header's venue tag (openBook), which a placement reads anyway. A taker's
 * clearance is also kept under its wallet (`_walletClearances`), with its account number in the top 48 bits, so that
 * a placement reads one slot for both; a wallet's account never changes.
 */
// The venue's whole state is declared here on purpose: both halves must share one layout.
// solhint-disable-next-line max-states-count
abstract contract ExchangeStorage is ReentrancyGuard, IExchangeBase {
    using OrderBook for OrderBook.Book;

    /// @notice The most resting orders per account.
    uint256 public constant MAX_OPEN_ORDERS = 32;
    /// @notice The highest fee cap governance may set (10%).
    uint16 public constant MAX_FEE_BPS = 1000;
    /// @notice The operator's account number (opened at deployment); fees are collected into it.
    uint64 public constant OPERATOR_ACCOUNT = 1;

    uint256 internal constant BPS = 10_000;
    /// @dev The most the venue holds of any token (deposit refuses more): every balance, lock and fee total is a
    /// part of it, so each fits in 127 bits.
    uint256 internal constant MAX_HELD = (1 << 127) - 1;
    /// @dev Set in an open book's fee slot (base fees in bits 0-126, quote fees in 128-255) so that the slot is never
    /// zero: a spill of the book header's fee lanes after opening or after a collection then updates it (2,900 gas)
    /// rather than creating it (20,000).
    uint256 internal constant FEES_SEED = 1 << 127;
    uint256 internal constant MASK64 = (1 << 64) - 1;
    uint256 internal constant MASK40 = (1 << 40) - 1;
    uint256 internal constant MASK48 = (1 << 48) - 1;
    /// @dev A clearance record's identity root (40 bits) and, in a wallet clearance, the account number (48 bits).
    uint256 internal constant ROOT_SHIFT = 168;
    uint256 internal constant ACCOUNT_SHIFT = 208;
    uint256 internal constant OPEN_SHIFT = 224;
    /// @dev Spare bits of a book's config slot (above `open`, bits 224-231): bit 232 set when the base token is a
    /// native compliant token, bit 233 when the quote token is. Written once by openBook, outside the struct so that
    /// BookConfig's ABI does not change.
    uint256 internal constant NATIVE_BASE_BIT = 1 << 232;
    uint256 internal constant NATIVE_QUOTE_BIT = 1 << 233;
    /// @dev Further spare bits of a book's config slot: the maker fee rate in bits 234-243, the taker's in 244-253
    /// (each at most MAX_FEE_BPS, so 10 bits), copies of `fees`.
    uint256 internal constant MAKER_FEE_SHIFT = 234;
    uint256 internal constant TAKER_FEE_SHIFT = 244;
    uint256 internal constant FEE_RATE_MASK = (1 << 10) - 1;
    /// @dev The last two spare bits of a book's config slot: bit 254 set while the maker rate is below the fee cap,
    /// bit 255 while the taker rate is (issue 15 review M1). A fill's fee that rounds, on an amount of at least BPS
    /// units, at a rate below the cap stays within the cap's rate rounded down (amount * (cap - rate) / BPS >= 1),
    /// so the take path need not read the cap (a cold slot) to bound it. Written with the rates.
    uint256 internal constant MAKER_BELOW_CAP_BIT = 1 << 254;
    uint256 internal constant TAKER_BELOW_CAP_BIT = 1 << 255;
    /// @dev The top bit of a book header's 40-bit venue tag (OrderBook.venueTag, which holds the pair's root, so
    /// roots are at most MASK39 here: openBook refuses a larger one): set while an AML limits policy is attached
    /// (issue 16; openBook and setLimits write it). A placement reads the header anyway: an unlimited venue pays
    /// nothing for the check but a comparison.
    uint256 internal constant MASK39 = (1 << 39) - 1;
    /// @dev `_limitsConfig`'s flags: the attached policy's withdrawal caps bind; the home root's policy applies.
    uint256 internal constant LIMITS_OWN_WITHDRAWALS = 1 << 201;
    uint256 internal constant LIMITS_ROOT = 1 << 202;
    /// @dev Either of the two: a withdrawal counts against a window.
    uint256 internal constant LIMITS_WITHDRAWALS = LIMITS_OWN_WITHDRAWALS | LIMITS_ROOT;
    /// @dev `_limitsConfig`'s wind-down bits (issue 17), kept in the slot a deposit reads anyway: winding down (no
    /// deposit, placement or new book), wound down (final: nothing rests), and in bits 208-215 the rank that set the
    /// wind-down (only that rank or a higher one lifts it). Every writer of the slot keeps bits 203 and up.
    uint256 internal constant WINDING_DOWN = 1 << 203;
    uint256 internal constant WOUND_DOWN = 1 << 204;
    uint256 internal constant WIND_RANK_SHIFT = 208;
    uint256 internal constant WIND_BITS = type(uint256).max << 203;

    /// @dev What `_nativeCheck` found on a native leg.
    uint256 internal constant NATIVE_PAUSED = 1;
    uint256 internal constant NATIVE_FROZEN = 2;
    uint256 internal constant NATIVE_POLICY = 3;
    /// @notice The most books a venue has open at once (every fee change writes each open book's config); retiring a
    /// delisted, empty book frees its place.
    uint256 public constant MAX_BOOKS = 256;

    /// @notice The authority tree (licences of the operator and governors).
    IAuthorityTree public immutable AUTHORITY;
    /// @notice The client registry (eligibility and identities).
    IEligibility public immutable ELIGIBILITY;
    /// @notice The pair registry (listing and tradability).
    IPairRegistry public immutable PAIRS;
    /// @notice The venue registry: this venue's registration under the home root is half of its licence.
    IVenueRegistry public immutable VENUES;
    /// @notice The root whose GOVERN holders set the fee cap.
    uint64 public immutable HOME_ROOT;

    struct Fees {
        uint16 makerBps;
        uint16 takerBps;
        uint16 capBps;
    }

    struct PendingFees {
        uint16 makerBps;
        uint16 takerBps;
        uint40 effectiveAt;
    }

    mapping(uint64 root => bool) public isTrustedRoot;
    mapping(address wallet => uint256) internal _accountOf;
    mapping(uint64 account => uint256) internal _accounts;
    mapping(uint64 account => uint256[MAX_OPEN_ORDERS]) internal _openOrders; // pairId << 64 | orderId
    uint64 public accountCount;

    mapping(address token => uint16) public tokenIndex;
    mapping(uint16 index => address) public tokenAt;
    uint16 public tokenCount;

    mapping(uint256 key => uint256) internal _available; // key: account << 16 | token index
    mapping(uint32 pairId => BookConfig) internal _configs;
    mapping(uint32 pairId => OrderBook.Book) internal _books;
    mapping(uint32 pairId => uint256) internal _pairFees; // base (127) | FEES_SEED | quote (128) << 128
    Fees public fees;
    mapping(uint256 key => uint256) internal _clearances; // key: account << 32 | pairId
    /// @dev The same clearance as the caller of a placement reads it, keyed by wallet and carrying the account number
    /// (`... | account << 208`): one slot tells a taker's account and clearance. Written together with `_clearances`.
    mapping(uint256 key => uint256) internal _walletClearances; // key: wallet << 32 | pairId
    /// @dev The pair of every open book (at most MAX_BOOKS; a retired book is swapped out).
    uint32[] internal _bookIds;
    /// @dev The rank (depth) + 1 of the highest GOVERN holder who lowered the fee cap and has not been overruled (0:
    /// none): only that rank or a higher one may raise it again (which lifts the bar).
    uint8 internal _capBar;
    /// @dev A fee raise waiting its notice (issue 15 item 8): its rates and from when applyFees may apply them.
    PendingFees internal _pendingFees;
    /// @dev The AML limits (issue 16): `limits | policyId << 160 | rank << 192 | set << 200 | withdrawals << 201 |
    /// root << 202`. `policyId`: the attached policy (0: none); `set`: an attachment or detachment was ever made;
    /// `rank` is its rank, which binds lower ranks; `withdrawals`: the policy's owner ranks above the operator, so its
    /// withdrawal caps bind; `root` (LIMITS_ROOT): the venue applies its home root's policy (review M3, set and
    /// cleared by syncRootLimits and openBook only). `limits` is the stack's AmlLimits while either applies, else 0,
    /// so the paths test one field to know whether to call it. See ILimitsAttachable, IVenueLimits.
    uint256 internal _limitsConfig;
    /// @dev Per open book whose pair's root is not the home root: that root's limits policy as of the last sync (0:
    /// none). Non-zero, the book takes no orders (review M3 audit M1: a venue applies one root policy, its home
    /// root's) and its header's limits flag stays set, so that a placement reaches the check (Exchange._checkNotional).
    mapping(uint32 pairId => uint32) internal _foreignRootPolicy;
    /// @dev The operator (issue 17: in storage so that it can change; each module's own storage also holds the
    /// operator it was deployed with, which the venue's wiring check reads at construction).
    address internal _operator;
    /// @dev The operator's proposed successor (transferOperator), until it accepts.
    address internal _pendingOperator;
    /// @dev The successor venue and, above it (bits 160-167), the rank + 1 that named it (a lower rank cannot rename).
    uint256 internal _successorRecord;
    /// @dev The venue's fourth module (ExchangeSuccession), created by the Exchange's constructor and reached through
    /// ExchangeExtension's fallback.
    address internal _successionModule;

    /// @notice A module (ExchangeAdmin, ExchangeExtension, ExchangeSuccession) was called directly rather than through
    /// its Exchange.
    error DirectCall();

    /// @notice The operator: an EXCHANGE holder of the home root (in storage since issue 17; see IExchange).
    // solhint-disable-next-line func-name-mixedcase
    function OPERATOR() external view returns (address) {
        return _operator;
    }

    constructor(
        IAuthorityTree tree,
        IEligibility eligibility,
        IPairRegistry pairs,
        IVenueRegistry venues,
        address operator,
        uint64 home
    ) {
        AUTHORITY = tree;
        ELIGIBILITY = eligibility;
        PAIRS = pairs;
        VENUES = venues;
        _operator = operator;
        HOME_ROOT = home;
    }

    /// @dev The client registry's answer for `wallet` under `policyId` (one call site for the three checks).
    function _clearance(
        address wallet,
        uint32 policyId
    ) internal view returns (IEligibility.Eligibility, uint64, uint40) {
        return ELIGIBILITY.clearance(wallet, policyId);
    }

    /// @dev The root of client identity `identity` (an identity belongs to one root for good).
    function _identityRoot(uint64 identity) internal view returns (uint64 root) {
        (, uint256 word) = IIdentityRoot(address(ELIGIBILITY)).identity(identity);
        root = uint64(word);
    }

    /// @dev The first root among those listing `wallet` or identity `identity` (sanctions, issue 16) whose listing
    /// binds at this venue: the home root, a root the venue trusts, or the identity's own root (0: none). Bounded by
    /// the tree's MAX_SANCTION_ROOTS per party; one call reading two empty slots in the usual case.
    function _sanctionedBy(address wallet, uint64 identity) internal view returns (uint64) {
        uint64[] memory roots = AUTHORITY.sanctionRoots(wallet, identity);
        if (roots.length == 0) return 0;
        uint64 own = identity == 0 ? 0 : _identityRoot(identity);
        for (uint256 i; i < roots.length; ++i) {
            uint64 r = roots[i];
            if (r == HOME_ROOT || r == own || isTrustedRoot[r]) return r;
        }
        return 0;
    }

    /// @dev Reverts with the tree's PartySanctioned (root, party, reason) if `_sanctionedBy(wallet, identity)` finds
    /// a listing that binds here.
    function _requireUnsanctioned(address wallet, uint64 identity) internal view {
        uint64 r = _sanctionedBy(wallet, identity);
        if (r != 0) AUTHORITY.requireNotSanctioned(r, r, wallet, identity);
    }

    /// @dev Count a withdrawal of `amount` of `token` from `account` against its identity's window (`lc`: the
    /// limits config): under the attached policy only when its withdrawal caps bind here (M2), and the home root's
    /// policy when it applies (M3). The operator's account has no identity and no window.
    function _consumeWithdrawal(uint256 lc, uint64 account, address token, uint256 amount) internal {
        uint64 identity = ELIGIBILITY.identityOf(msg.sender);
        if (identity == 0) identity = uint64(_accountOf[msg.sender] >> 64);
        if (identity == 0 || account == OPERATOR_ACCOUNT) return;
        IAmlLimits(address(uint160(lc))).consumeWithdrawal(
            lc & LIMITS_OWN_WITHDRAWALS != 0 ? uint32(lc >> 160) : 0,
            _limitsRoot(lc),
            identity,
            token,
            amount
        );
    }

    /// @dev The root whose policy AmlLimits applies here besides the attached one (`lc`: the limits config): the
    /// home root while the venue applies its policy (review M3), else 0.
    function _limitsRoot(uint256 lc) internal view returns (uint64) {
        return lc & LIMITS_ROOT != 0 ? HOME_ROOT : 0;
    }

    /// @dev Remove every resting order of `account` that locks token `index` (a bid locks quote, an ask base).
    function _cancelLocking(uint64 account, uint16 index) internal {
        uint256 bits = _accounts[account] >> OPEN_SHIFT;
        for (uint256 slot; bits != 0; ++slot) {
            if (bits & (1 << slot) == 0) continue;
            bits &= ~(1 << slot);
            (bool live, uint32 pairId, OrderId id) = _openEntry(account, slot);
            if (!live) continue;
            BookConfig memory c = _configs[pairId];
            if ((id.side() == Side.Bid ? c.quoteToken : c.baseToken) != index) continue;
            _removeOrder(pairId, c, id, RemovalReason.Recovered, address(0));
        }
    }

    /// @dev The restriction stamp of the roots a clearance relies on: the pair's, the identity's and the home root
    /// (whose epoch the operator's licence moves).
    function _stamp(uint64 pairRoot, uint64 identityRoot) internal view returns (uint64) {
        return AUTHORITY.restrictionStamp(pairRoot, identityRoot, HOME_ROOT);
    }

    /// @dev What stops `wallet` on the native legs of `pairId`'s book (0: nothing; else NATIVE_PAUSED, NATIVE_FROZEN
    /// or NATIVE_POLICY, with the token): a leg paused, `wallet` frozen on it, or not eligible under the token's own
    /// holder policy (a fill may deliver it the token, whichever side it trades now). Returns `until` capped by the
    /// end of that eligibility (setPolicy advances the token's root's epoch, like a pause or a freeze).
    function _nativeCheck(
        uint32 pairId,
        BookConfig memory c,
        address wallet,
        uint40 until
    ) internal view returns (uint256, address token, uint40) {
        uint256 word = _configWord(pairId);
        for (uint256 leg; leg < 2; ++leg) {
            if (word & (leg == 0 ? NATIVE_BASE_BIT : NATIVE_QUOTE_BIT) == 0) continue;
            token = tokenAt[leg == 0 ? c.baseToken : c.quoteToken];
            if (INativeToken(token).paused()) return (NATIVE_PAUSED, token, 0);
            if (INativeToken(token).isFrozen(wallet)) return (NATIVE_FROZEN, token, 0);
            (IEligibility.Eligibility e, , uint40 eligibleUntil) = _clearance(wallet, INativeToken(token).policyId());
            if (e != IEligibility.Eligibility.Eligible) return (NATIVE_POLICY, token, 0);
            if (eligibleUntil < until) until = eligibleUntil;
        }
        return (0, token, until);
    }

    /// @dev Whether clearance record `cached` still holds at `now_` given its roots' current `stamp`.
    function _holds(uint256 cached, uint64 stamp, uint40 now_) internal pure returns (bool) {
        return uint64(cached) == stamp && uint40(cached >> 64) > now_;
    }

    /// @dev The raw config slot of `pairId` (to read the native-leg bits beside the struct's fields).
    function _configWord(uint32 pairId) internal view returns (uint256 word) {
        BookConfig storage c = _configs[pairId];
        assembly ("memory-safe") {
            word := sload(c.slot)
        }
    }

    /// @dev The maker and taker fee rates of `pairId`'s book, from its config slot.
    function _feeRates(uint32 pairId) internal view returns (uint16 makerBps, uint16 takerBps) {
        uint256 word = _configWord(pairId);
        return (uint16((word >> MAKER_FEE_SHIFT) & FEE_RATE_MASK), uint16((word >> TAKER_FEE_SHIFT) & FEE_RATE_MASK));
    }

    /// @dev Set or clear the AML limits flag (the venue tag's top bit) in open book `pairId`'s header.
    /// A book another root's policy stops (`_foreignRootPolicy`) keeps it set, so that placements reach the refusal.
    function _writeLimitsBit(uint32 pairId, bool on) internal {
        OrderBook.Book storage book = _books[pairId];
        uint40 root = uint40(book.venueTag() & MASK39);
        book.setVenueTag(on || _foreignRootPolicy[pairId] != 0 ? root | uint40(MASK39 + 1) : root);
    }

    /// @dev What `pairId` has accrued and not yet paid out: its fee slot plus its book header's lanes.
    function _owedFees(uint32 pairId) internal view returns (uint256 baseAmount, uint256 quoteAmount) {
        uint256 packed = _pairFees[pairId];
        uint256 lanes = _books[pairId].venueData();
        return ((packed & MAX_HELD) + (lanes & MASK64), (packed >> 128) + (lanes >> 64));
    }

    /// @dev Remove order `id` of `pairId` for `reason`, unlocking its funds; when `owner` is given, the order must be
    /// the owner's (the revert undoes the removal).
    function _removeOrder(
        uint32 pairId,
        BookConfig memory c,
        OrderId id,
        RemovalReason reason,
        address owner
    ) internal {
        Order o = _books[pairId].remove(id);
        uint64 account = o.maker();
        uint256 rec = _accounts[account];
        if (owner != address(0) && address(uint160(rec)) != owner) {
            revert NotOrderOwner(pairId, OrderId.unwrap(id), owner);
        }
        _accounts[account] = rec & ~(1 << (OPEN_SHIFT + o.flags()));
        (uint16 token, uint256 amount) = _lockOf(c, id, o.remaining());
        _credit(account, token, amount);
        emit OrderRemoved(pairId, OrderId.unwrap(id), account, o.remaining(), reason);
    }

    /// @dev What `lots` of order `id` lock: the token (a bid locks quote, an ask base) and the amount.
    function _lockOf(BookConfig memory c, OrderId id, uint64 lots) internal pure returns (uint16 token, uint256) {
        // No overflow: 24 + 64 + 64 bits at most.
        unchecked {
            return
                id.side() == Side.Bid
                    ? (c.quoteToken, uint256(id.tick()) * c.tickSize * lots)
                    : (c.baseToken, uint256(lots) * c.lotSize);
        }
    }

    /// @dev Open-order slot `slot` of `account`: its pair and order id, and whether that order still rests (false for
    /// a stale slot whose order a fill completed).
    function _openEntry(uint64 account, uint256 slot) internal view returns (bool live, uint32 pairId, OrderId id) {
        uint256 entry = _openOrders[account][slot];
        pairId = uint32(entry >> 64);
        id = OrderId.wrap(uint64(entry));
        live = _books[pairId].getOrder(id).maker() == account;
    }

    function _openAccount(address wallet, uint64 identity) internal returns (uint64 account) {
        account = ++accountCount;
        _accountOf[wallet] = uint256(account) | (uint256(identity) << 64);
        _accounts[account] = uint256(uint160(wallet)) | (uint256(identity) << 160);
        emit AccountOpened(account, wallet, identity);
    }

    function _requireAccount(address wallet) internal view returns (uint64 account) {
        account = uint64(_accountOf[wallet]);
        if (account == 0) revert UnknownAccount(wallet);
    }

    /// @dev Until when this venue's licence holds if nothing changes, 0 if it does not hold now: the venue is
    /// registered as an exchange under the home root and the operator node it was registered with is valid with
    /// EXCHANGE; the end is that node's earliest lease end on its path. Whatever can end it sooner advances the home
    /// root's epoch (a suspension, revocation or lease cut of that path; VenueRegistry.deregisterVenue).
    function _licenceUntil() internal view returns (uint40) {
        (uint64 node, uint32 scope) = VENUES.registration(address(this), HOME_ROOT);
        if (node == 0 || scope != Scopes.EXCHANGE) return 0;
        return AUTHORITY.scopeUntil(node, Scopes.EXCHANGE);
    }

    /// @dev Revert unless the venue is licensed now (see _licenceUntil).
    function _requireLicence() internal view {
        if (_licenceUntil() == 0) revert VenueNotLicensed(address(this));
    }

    function _requireOperator(uint64 root) internal view {
        if (msg.sender != _operator || !AUTHORITY.hasScope(msg.sender, root, Scopes.EXCHANGE)) {
            revert NotOperator(msg.sender, root);
        }
    }

    function _indexToken(address token) internal returns (uint16 index) {
        index = tokenIndex[token];
        if (index != 0) return index;
        index = ++tokenCount;
        tokenIndex[token] = index;
        tokenAt[index] = token;
        emit TokenAdded(token, index);
    }

    /// @dev Add `amount` to what `account` has available of `token`. No overflow: every credit is either one deposit
    /// (at most MAX_HELD) or value moved out of other balances, locks or fees; reaching 2^256 would take more than
    /// 2^128 deposits. (Internal totals can exceed MAX_HELD only with a token that misreports its balance or loses
    /// it without a withdrawal: MAX_HELD bounds what the venue holds, checked at each deposit.)
    function _credit(uint64 account, uint16 token, uint256 amount) internal {
        if (amount == 0) return;
        unchecked {
            _available[_key(account, token)] += amount;
        }
    }

    function _clearanceKey(uint64 account, uint32 pairId) internal pure returns (uint256) {
        return (uint256(account) << 32) | pairId;
    }

    function _key(uint64 account, uint16 token) internal pure returns (uint256) {
        return (uint256(account) << 16) | token;
    }
}
