// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IEligibility} from "./IIdentityRegistry.sol";
import {Side} from "../types/Side.sol";

/**
 * @title IExchangeBase (vocabulary) and IExchange (the full surface)
 * @notice A venue: prefunded internal balances and one price-time priority book per hosted pair, where a match is the
 * settlement (both legs and the fees move between internal balances in the same transaction).
 * @dev Units of a book (fixed when the operator opens it, from the pair registry):
 *  - quantity in lots: `base amount = lots * lotSize` (base-token smallest units);
 *  - price in ticks: `quote amount = tick * tickSize * lots` exactly, i.e. the venue's price unit makes `tickSize`
 *    the quote smallest units per lot per tick; only fees round: up, against the payer, but never above the
 *    governed cap's rate of the fill (`floor(amount * cap / 10,000)`): no fill, however small, pays more than the cap.
 * Nothing rests below the pair's minimum size: a remainder under it is dropped (OrderRemainderDropped), a maker's
 * leftover under it after a partial fill is cancelled (OrderRemoved, reason BelowMinimum).
 * Fees are taken from what each party receives (a buyer pays in base, a seller in quote), so what an order locks is
 * exactly what it may spend and a fee change never leaves a lock short. Fees accrue per pair and are credited to the
 * operator's internal account by `collectFees`.
 *
 * Compliance at every match: a matching call checks the pair's tradability and the taker once, and each distinct
 * maker it meets (consecutive orders of the same maker share one check): within one transaction neither can change
 * between fills, so this is a check at every fill. An ineligible maker's order is removed (its funds unlocked) and
 * matching continues. A positive answer for an account on a pair is recorded as a clearance (ClearanceRecorded):
 * stamped with the authority tree's restriction epoch and the earliest end of what it relied on (the pair's
 * tradability, the identity's expiry, the attesting and auditing nodes' leases, the attestations). Later calls use it
 * while the epoch is unchanged and that end has not come; every change that could make the answer negative (a halt,
 * a delisting, a suspension or revocation anywhere on the paths involved, a shortened lease, a client frozen,
 * revoked, downgraded, migrated or a wallet unbound, an attestation withdrawn or superseded, a native token paused or
 * a holder frozen) advances the epoch (IRestrictionEpoch), so the answer used is always the live one.
 *
 * Licence: the venue trades only while it is licensed: registered as an exchange in the venue registry under its home
 * root, and the operator node it was registered with valid with EXCHANGE. Otherwise it accepts no deposit and no
 * order, matches nothing and pays no fee (VenueNotLicensed; the accrued fees stay counted here until the licence holds
 * again); cancels, cancel-all and withdrawals keep working. A taker's clearance is part of the licence: it ends with
 * the operator's lease, and a suspension, revocation or lease cut of the operator's path or a deregistration advances
 * the home root's epoch, so no cached clearance outlives the licence and no fill pays for a separate check.
 *
 * Native legs: when a book opens, each leg that is a native compliant token (issued through the asset registry) is
 * recorded (see nativeLegs). On such a book every placement also checks, once per call, that no native leg is paused
 * (NativeTokenPaused) and that the taker is not frozen on it (NativeTokenFrozen); a maker frozen on a native leg is
 * removed with reason Frozen. Cancels and withdrawals are never blocked by the venue.
 *
 * Self-trade prevention: the resting order of the taker's own identity is cancelled (reason SelfTrade), which does
 * not count as a fill; matching continues. Identities are the client registry's live ones, through the clearances
 * (re-binding a wallet advances the epoch); identity 0 never matches anything. (The identity recorded in the venue
 * account is informational only.)
 *
 * Locks: an order locks exactly what it may spend, and the lock lives in the order: `balanceOf` reports as locked
 * what the owner's resting orders may spend, and a fill moves the maker's side out of the order.
 */
interface IExchangeBase {
    /// @notice How an order behaves once matching stops.
    /// GoodTillCancel / GoodTillDate: the remainder rests (GoodTillDate until `expiry`); if matching stopped at
    /// `maxSteps` while the remainder still crosses, the remainder is dropped instead. ImmediateOrCancel (also the
    /// market order: give the worst acceptable tick): the remainder is dropped. FillOrKill: reverts unless fully
    /// filled. PostOnly: reverts if it would cross; rests otherwise (expiry 0 = till cancelled).
    enum OrderType {
        GoodTillCancel,
        GoodTillDate,
        ImmediateOrCancel,
        FillOrKill,
        PostOnly
    }

    /// @notice Why a resting order left the book without being filled.
    enum RemovalReason {
        Cancelled, // by its owner (cancel, cancel-all, replace)
        Ineligible, // its owner was not eligible under the pair's policy when a taker met it
        Expired, // its good-till-date end had passed when a taker met it
        SelfTrade, // a taker of the same identity met it
        Delisted, // cleared from a delisted pair's book
        Frozen, // its owner's wallet (or identity) is frozen by a native token of the pair when a taker met it
        Recovered, // cancelled by a native token's compliance authority recovering the owner's balance (recover)
        BelowMinimum, // a partial fill left it below the pair's minimum size: the rest is cancelled, never left resting
        Returned // returned to its owner while the venue winds down (returnOrders, issue 17)
    }

    /// @notice Why a placement's remainder was dropped rather than rested (OrderRemainderDropped).
    enum DropReason {
        MaxSteps, // matching stopped at the order's maxSteps while the remainder still crossed the book
        BelowMinimum // the remainder was below the pair's minimum size (nothing rests below it)
    }

    /// @notice An order to place.
    struct OrderParams {
        uint32 pairId;
        Side side;
        OrderType orderType;
        uint24 tick; // limit price (the worst acceptable price for a market order)
        uint64 lots;
        uint40 expiry; // GoodTillDate (and optionally PostOnly): end in seconds; otherwise 0
        uint16 maxSteps; // bound on fills plus removed makers in this call
    }

    /// @notice A book's cached parameters (one storage slot).
    struct BookConfig {
        uint64 tickSize;
        uint64 lotSize;
        uint32 policyId;
        uint32 minLots;
        uint16 baseToken; // the venue's token index
        uint16 quoteToken;
        bool open;
    }

    /// @notice A resting order as a view.
    struct OrderView {
        uint64 account;
        address wallet;
        Side side;
        uint24 tick;
        uint64 lots; // remaining
        uint40 expiry;
    }

    /// @notice The venue was deployed: operated by `operator`, trusting `roots` (the first is the home root, whose
    /// GOVERN holders set the fee cap), its cold half at `admin`, reading the authority tree `tree`, the client
    /// registry `eligibility` and the pair registry `pairs`. Trusted roots never change afterwards.
    event VenueCreated(
        address indexed operator,
        uint64[] roots,
        address admin,
        address tree,
        address eligibility,
        address pairs
    );
    /// @notice Operator `operator` proposed `pending` as its successor (zero: the proposal withdrawn).
    event OperatorTransferStarted(address indexed operator, address indexed pending);
    /// @notice The operator changed from `previous` to `operator` (the operator's account, number 1, moved with it),
    /// by `by`: the accepting account (`reason` zero) or a GOVERN holder of the home root replacing a lost key (a
    /// stated `reason`).
    event OperatorChanged(address indexed previous, address indexed operator, address by, bytes32 reason);
    /// @notice `by`, of rank `rank`, put the venue into wind-down (or, already winding down, raised its bar to
    /// `rank`): no deposit, placement or new book from now on; only rank `rank` or a higher one may lift it.
    event WindDownStarted(address by, uint8 rank);
    /// @notice `by`, of rank `rank`, lifted the wind-down: every book the venue had open takes orders again.
    event WindDownLifted(address by, uint8 rank);
    /// @notice The winding-down venue is empty (no resting order, nothing locked): wound down for good, found by `by`.
    event VenueWoundDown(address by);
    /// @notice `by`, of rank `rank`, named `successor` as this venue's successor (clients migrate to it).
    event SuccessorSet(address indexed successor, address by, uint8 rank);
    /// @notice Venue account `account` (balances and resting orders) moved from lost wallet `lost` to `successor`,
    /// the wallet the client registry names in its place, of identity `identity`; called by `by`.
    event WalletClaimed(
        uint64 indexed account,
        address indexed lost,
        address indexed successor,
        uint64 identity,
        address by
    );
    /// @notice Venue account `account` was opened for `wallet`, whose identity was `identity`.
    event AccountOpened(uint64 indexed account, address indexed wallet, uint64 identity);
    /// @notice The identity recorded for `account` changed to `identity`.
    event AccountIdentitySynced(uint64 indexed account, uint64 identity);
    /// @notice Token `token` got venue index `index`.
    event TokenAdded(address indexed token, uint16 index);
    /// @notice The operator opened the book of `pairId` with `config`.
    event BookOpened(uint32 indexed pairId, BookConfig config);
    /// @notice `amount` of `token` arrived from `wallet` and was credited to `account`'s available balance.
    event Deposited(uint64 indexed account, address indexed token, uint256 amount);
    /// @notice `amount` of `token` left `account`'s available balance to its wallet.
    event Withdrawn(uint64 indexed account, address indexed token, uint256 amount);
    /// @notice Order `orderId` of `account` rests in `pairId`'s book (the id encodes side and tick).
    event OrderPlaced(
        uint32 indexed pairId,
        uint64 indexed orderId,
        uint64 indexed account,
        uint64 lots,
        uint40 expiry
    );
    /// @notice Taker `taker` filled `lots` of maker order `orderId` (of `maker`) at `tick`; `makerFee` is in the token
    /// the maker received, `takerFee` in the token the taker received.
    event OrderFilled(
        uint32 indexed pairId,
        uint64 indexed orderId,
        uint64 indexed maker,
        uint64 taker,
        uint24 tick,
        uint64 lots,
        uint256 makerFee,
        uint256 takerFee
    );
    /// @notice Order `orderId` of `account` left the book with `lots` unfilled, for `reason`; its funds are unlocked.
    event OrderRemoved(
        uint32 indexed pairId,
        uint64 indexed orderId,
        uint64 indexed account,
        uint64 lots,
        RemovalReason reason
    );
    /// @notice A good-till-cancel or good-till-date order of `account` stopped matching at `maxSteps` while it still
    /// crossed, or its remainder was below the pair's minimum: that remainder of `lots` at `tick` on `side` was
    /// dropped (nothing rests, nothing stays locked); `reason` says which (BelowMinimum when both hold).
    event OrderRemainderDropped(
        uint32 indexed pairId,
        uint64 indexed account,
        Side side,
        uint24 tick,
        uint64 lots,
        DropReason reason
    );
    /// @notice `by` (the native token's issuer or a manager of its ISSUER_NODE) took `amount` of `token` from the
    /// available balance of `account` for `reason`: credited to the internal account `toAccount` of `to`, or, when
    /// `toAccount` is 0, transferred out of the venue to `to`. The orders it cancelled first are logged as
    /// OrderRemoved with reason Recovered.
    event Recovered(
        address indexed token,
        uint64 indexed account,
        address indexed to,
        uint64 toAccount,
        uint256 amount,
        bytes32 reason,
        address by
    );
    /// @notice A GOVERN holder `by` of the home root, acting at rank (depth) `rank`, set the fee cap to `capBps`. A cap
    /// lowered at rank r may be raised only from rank r or higher (which lifts that bar).
    event FeeCapSet(uint16 capBps, address by, uint8 rank);
    /// @notice The fees are now `makerBps` and `takerBps` (on every open book); any scheduled change is dropped.
    event FeesSet(uint16 makerBps, uint16 takerBps);
    /// @notice The operator raised a fee: `makerBps` and `takerBps` apply from `effectiveAt` (seconds) on, once
    /// someone calls applyFees, until `effectiveAt` + FEE_NOTICE; until then every fill pays the current fees (makers
    /// may cancel).
    event FeesScheduled(uint16 makerBps, uint16 takerBps, uint40 effectiveAt);
    /// @notice The scheduled change to `makerBps` / `takerBps`, effective from `effectiveAt`, was not applied within
    /// FEE_NOTICE of that time and is dropped: the fees stay as they are (a raise needs a fresh notice).
    event FeesLapsed(uint16 makerBps, uint16 takerBps, uint40 effectiveAt);
    /// @notice `account` was found clear to trade `pairId` (see Compliance above) at restriction epoch `epoch`,
    /// until `until` (seconds) at the latest; `identity` is its identity in the client registry.
    event ClearanceRecorded(uint64 indexed account, uint32 indexed pairId, uint64 epoch, uint40 until, uint64 identity);
    /// @notice Fees accrued in `pairId` (`baseAmount`, `quoteAmount`) were credited to the operator's account.
    event FeesCollected(uint32 indexed pairId, uint256 baseAmount, uint256 quoteAmount);
    /// @notice The empty book of delisted pair `pairId` was closed for good: it no longer counts towards MAX_BOOKS.
    event BookRetired(uint32 indexed pairId, address by);

    /// @notice Native token `token` of the pair is paused: the pair takes no orders and matches nothing.
    error NativeTokenPaused(address token);
    /// @notice `wallet` is not eligible under native token `token`'s own holder policy, so may not trade its book.
    error NativeTokenPolicyRefused(address token, address wallet);
    /// @notice `wallet` is frozen on native token `token` of the pair.
    error NativeTokenFrozen(address token, address wallet);
    /// @notice After this deposit the venue would hold `balance` of `token`, above 2^127 - 1 (so that no internal
    /// balance or fee total can overflow).
    error VenueBalanceTooLarge(address token, uint256 balance);
    /// @notice `token` is not a native compliant token issued through the asset registry.
    error NotNativeToken(address token);
    /// @notice `caller` is neither the issuer of native `token` nor a valid manager of its issuer node.
    error NotTokenAuthority(address token, address caller);
    /// @notice `token` is a native compliant token: its issuer recovers it (recover), under the token's own rules.
    error NativeTokenRecoveredByIssuer(address token);
    /// @notice `caller` is not the account of valid root `rootId`, or `rootId`'s list does not bind at this venue.
    error NotSanctionsRecoverer(address caller, uint64 rootId);
    /// @notice Neither `wallet` nor its identity `identityId` is on root `rootId`'s sanctions list.
    error NotListedBy(uint64 rootId, address wallet, uint64 identityId);
    /// @notice `caller` is not the operator, or the operator holds no valid EXCHANGE node under `root`.
    error NotOperator(address caller, uint64 root);
    /// @notice The fee cap was lowered at rank `barRank`; a caller at rank `callerRank` (deeper) may not raise it.
    error FeeCapSetByHigherAuthority(uint8 barRank, uint8 callerRank);
    /// @notice `caller` holds no valid GOVERN node under the home root.
    error NotGovernor(address caller);
    /// @notice `capBps` is above MAX_FEE_BPS, or fees above the cap `capBps`.
    error FeeAboveCap(uint16 bps, uint16 capBps);
    /// @notice The scheduled fees apply from `effectiveAt` on; it is `now`.
    error FeesNotYetEffective(uint40 effectiveAt, uint40 now);
    /// @notice No fee change is scheduled.
    error NoPendingFees();
    /// @notice The venue was given no root.
    error NoRoots();
    /// @notice The client registry and the pair registry do not share the given authority tree, or the pair registry
    /// does not use the given client registry.
    error InconsistentStack();
    /// @notice The fees accrued in `pairId` would exceed what the venue may hold of a token.
    error FeeTotalTooLarge(uint32 pairId);
    /// @notice The venue already hosts `max` books, the most it may (retire a delisted, empty one to free a place).
    error TooManyBooks(uint256 max);
    /// @notice Book `pairId` still holds resting orders (clearDelisted returns them to their owners).
    error BookNotEmpty(uint32 pairId);
    /// @notice Pair `pairId` is under root `root`, which the venue does not trust.
    error RootNotTrusted(uint32 pairId, uint64 root);
    /// @notice Root id `root` does not fit the 39 bits a book keeps for its pair's root (the 40th flags AML limits).
    error UnsupportedRoot(uint64 root);
    /// @notice The book of `pairId` is already open.
    error BookAlreadyOpen(uint32 pairId);
    /// @notice No book of `pairId` is open here.
    error BookNotOpen(uint32 pairId);
    /// @notice The pair's sizes do not fit the venue's packed book parameters.
    error UnsupportedSizes(uint32 pairId);
    /// @notice Pair `pairId` may not trade now (halted, delisted, or a required attestation lapsed).
    error PairNotTradable(uint32 pairId);
    /// @notice Pair `pairId` is not delisted.
    error PairNotDelisted(uint32 pairId);
    /// @notice `token` is not an asset of any book opened here.
    error UnknownToken(address token);
    /// @notice `wallet` has no venue account.
    error UnknownAccount(address wallet);
    /// @notice `wallet`'s identity in the client registry is not valid now, for `reason` (revoked, frozen, expired, or
    /// its attester no longer valid): no deposit.
    error IdentityNotValid(address wallet, IEligibility.Eligibility reason);
    /// @notice `wallet` has no identity in the client registry.
    error NoIdentity(address wallet);
    /// @notice `wallet` is not eligible under the pair's policy, for `reason`.
    error NotEligible(address wallet, IEligibility.Eligibility reason);
    /// @notice A withdrawal of `debited` of `token` took `left` out of the venue's holding (a token charging the
    /// sender, or moving nothing): refused, so that no client's withdrawal is paid from another's funds.
    error WithdrawalMismatch(address token, uint256 debited, uint256 left);
    /// @notice A transfer of `token` credited nothing.
    error NothingReceived(address token);
    /// @notice Zero amount.
    error ZeroAmount();
    /// @notice Venue `venue` is not licensed now (not registered as an exchange under its home root, or the operator
    /// node it was registered with is not valid with EXCHANGE): no deposit, order, match or fee collection.
    error VenueNotLicensed(address venue);
    /// @notice `admin` is not an ExchangeAdmin module wired like this venue (same tree, registries, operator, home
    /// root and time unit).
    error AdminMismatch(address admin);
    /// @notice `account` needs `needed` of `token` available but has `available`.
    error InsufficientBalance(uint64 account, uint16 token, uint256 needed, uint256 available);
    /// @notice `lots` is below the pair's minimum `minLots` (or zero).
    error BelowMinimumSize(uint64 lots, uint32 minLots);
    /// @notice `expiry` does not suit the order type (GoodTillDate needs one after `now`; others need 0 or one after).
    error InvalidExpiry(uint40 expiry, uint40 now);
    /// @notice `maxSteps` must be at least 1 for an order that may match.
    error ZeroSteps();
    /// @notice The venue is winding down (issue 17): it takes no deposit, placement or new book; withdrawals work.
    error VenueWindingDown(address venue);
    /// @notice The venue is not winding down, which this call needs.
    error NotWindingDown(address venue);
    /// @notice The venue is wound down for good (nothing rests, nothing is locked): its wind-down cannot be lifted.
    error WindDownFinal(address venue);
    /// @notice A wind-down set (or a successor named) by rank `barRank` binds callers of lower rank, here `callerRank`.
    error WindDownSetByHigherAuthority(uint8 barRank, uint8 callerRank);
    /// @notice `caller` is neither the proposed operator `pending` nor the current account of the venue's registered
    /// operator node.
    error NotPendingOperator(address caller, address pending);
    /// @notice `account` cannot become the operator: it already has venue account `venueAccount` (the operator's
    /// account, number 1, moves to it whole).
    error OperatorHasAccount(address account, uint64 venueAccount);
    /// @notice A GOVERN holder of rank `callerRank` cannot replace an operator of rank `operatorRank`: only a higher
    /// rank (a lower depth) may.
    error OperatorNotOutranked(uint8 operatorRank, uint8 callerRank);
    /// @notice A caller of rank `callerRank` is below the operator's node (rank `operatorRank`): it may not wind the
    /// venue down or name its successor (a lower authority does not close a venue it does not rank with).
    error OperatorOutranksCaller(uint8 operatorRank, uint8 callerRank);
    /// @notice Orders still rest on `venue`: return them (returnOrders) before the wind-down is made final.
    error OrdersStillResting(address venue);
    /// @notice Successor wallet `successor` is in identity `identity`, not the account's recorded identity `expected`.
    error SuccessorNotInIdentity(address successor, uint64 identity, uint64 expected);
    /// @notice `successor` is not a venue registered as an exchange under this venue's home root (or is this venue).
    error InvalidSuccessor(address successor);
    /// @notice The client registry names no successor wallet for `lost`.
    error NoWalletSuccessor(address lost);
    /// @notice Successor wallet `successor` already has venue account `account`: a claim moves an account whole, so
    /// the successor must claim before it opens one of its own.
    error SuccessorHasAccount(address successor, uint64 account);
    /// @notice A post-only order at `tick` would cross the opposite best `oppositeBest`.
    error PostOnlyWouldCross(uint24 tick, uint24 oppositeBest);
    /// @notice A fill-or-kill order of `lots` could fill only `filled`.
    error FillOrKillNotFilled(uint64 lots, uint64 filled);
    /// @notice `account` already has MAX_OPEN_ORDERS resting orders.
    error TooManyOpenOrders(uint64 account);
    /// @notice Order `orderId` of `pairId` is not `caller`'s.
    error NotOrderOwner(uint32 pairId, uint64 orderId, address caller);
}

/// @title IExchange
/// @notice The venue's whole external surface (Exchange forwards the cold half to its ExchangeAdmin module).
interface IExchange is IExchangeBase {
    // --- balances ---
    function deposit(address token, uint256 amount) external returns (uint256 credited);

    function withdraw(address token, uint256 amount) external;

    /// @notice Redeem `amount` of native `token` from the caller's available balance through the token's monetary
    /// desk, in the caller's name (issue 16); returns the desk's request id.
    function requestRedemption(address token, uint256 amount, bytes32 ref) external returns (uint64 id);

    // --- orders ---
    function placeOrder(OrderParams calldata p) external returns (uint64 orderId, uint64 filledLots);

    function cancelOrder(uint32 pairId, uint64 orderId) external;

    function cancelAll() external returns (uint256 cancelled);

    function replaceOrder(
        uint32 pairId,
        uint64 orderId,
        OrderParams calldata p
    ) external returns (uint64 newOrderId, uint64 filledLots);

    function clearDelisted(uint32 pairId, uint256 maxOrders) external returns (uint256 removed);

    /// @notice Remove up to `maxOrders` orders from the front of `side` of `pairId`'s book whose maker a taker would
    /// remove (expired, ineligible under the pair's or a native token's policy, frozen on a native leg), unlocking
    /// their funds; stops at the first order a taker would fill. Anyone may call.
    function purgeBook(uint32 pairId, Side side, uint256 maxOrders) external returns (uint256 removed);

    // --- operator and governance ---
    function openBook(uint32 pairId) external;

    function setFees(uint16 makerBps, uint16 takerBps) external;

    function setFeeCap(uint16 capBps) external;

    function collectFees(uint32 pairId) external;

    /// @notice Apply the scheduled fee change once its notice has run (FeesNotYetEffective before). Anyone may call.
    function applyFees() external;

    /// @notice Close the empty book of delisted pair `pairId` for good, freeing its place among the MAX_BOOKS. Anyone.
    function retireBook(uint32 pairId) external;

    function syncIdentity(address wallet) external;

    /// @notice Compliance recovery of a native token held in the venue: cancel `wallet`'s orders locking `token`, take
    /// `amount` from its available balance and credit `to`'s venue account (if it has one) or transfer to `to`.
    /// Caller: the token's issuer or a valid manager of its ISSUER_NODE; the token's forced-transfer rules apply
    /// (ICompliantToken.forcedTransferCheck, whose errors it reverts with); never from the operator's account.
    function recover(address token, address wallet, address to, uint256 amount, bytes32 reason) external;

    /// @notice Sanctions recovery (issue 16) of an external token held here for listed `wallet`: by the account of
    /// root `rootId` (rank 0), whose list names `wallet` or its identity and binds here (home, trusted or the
    /// identity's root), with a legal `reason`; `wallet`'s orders locking `token` are cancelled, `amount` leaves its
    /// available balance and is transferred (measured) to `to`, a party unlisted here and of another identity.
    function recoverSanctioned(
        uint64 rootId,
        address token,
        address wallet,
        address to,
        uint256 amount,
        bytes32 reason
    ) external;

    // --- views ---
    function bookConfig(uint32 pairId) external view returns (BookConfig memory);

    /// @notice Whether the base and the quote token of `pairId`'s book are native compliant tokens (set at openBook).
    function nativeLegs(uint32 pairId) external view returns (bool base, bool quote);

    function accountOf(address wallet) external view returns (uint64 account, uint64 identity);

    function walletOf(uint64 account) external view returns (address);

    function balanceOf(address wallet, address token) external view returns (uint256 available, uint256 locked);

    function pairFees(uint32 pairId) external view returns (uint256 baseAmount, uint256 quoteAmount);
    function clearanceOf(
        address wallet,
        uint32 pairId
    ) external view returns (uint64 epoch, uint40 until, uint64 identity);

    function bestPrices(uint32 pairId) external view returns (uint24 bid, uint24 ask);

    function depth(
        uint32 pairId,
        Side side,
        uint256 levels
    ) external view returns (uint24[] memory ticks, uint256[] memory lots, uint256[] memory counts);

    function getOrder(uint32 pairId, uint64 orderId) external view returns (OrderView memory);

    function openOrders(address wallet) external view returns (uint32[] memory pairIds, uint64[] memory orderIds);

    function fees() external view returns (uint16 makerBps, uint16 takerBps, uint16 capBps);

    /// @notice The scheduled fee change (all 0 if none): the rates and from when they may be applied.
    function pendingFees() external view returns (uint16 makerBps, uint16 takerBps, uint40 effectiveAt);

    /// @notice How long (seconds) a fee raise waits while orders rest.
    function FEE_NOTICE() external view returns (uint256);

    /// @notice The fee rates `pairId`'s book applies: its copy of `fees` (0, 0 for a book never opened; a retired book
    /// keeps those it had).
    function feeRates(uint32 pairId) external view returns (uint16 makerBps, uint16 takerBps);

    /// @notice The pairs whose books are open here (at most MAX_BOOKS), in opening order, except that retiring a book
    /// moves the last one into its place.
    function books() external view returns (uint32[] memory pairIds);

    function tokenIndex(address token) external view returns (uint16);

    /// @notice How many tokens the venue has indexed (tokenAt runs from 1 to this number).
    function tokenCount() external view returns (uint16);

    function tokenAt(uint16 index) external view returns (address);

    function isTrustedRoot(uint64 root) external view returns (bool);

    function accountCount() external view returns (uint64);

    /// @notice The operator now (issue 17: kept in storage; it changes by transferOperator and acceptOperator, or by
    /// replaceOperator).
    function OPERATOR() external view returns (address);

    /// @notice Propose `next` as operator (zero withdraws a proposal). Operator only; `next` takes over by
    /// acceptOperator.
    function transferOperator(address next) external;

    /// @notice Take the venue over as operator: the proposed account, or the current account of the operator node the
    /// venue is registered with (a node whose key was rotated), holding EXCHANGE under the home root now.
    function acceptOperator() external;

    /// @notice Replace the operator in one step (a lost or compromised key), with a stated `reason`. Caller: a GOVERN
    /// holder of the home root ranked above the operator's node; `next` must hold EXCHANGE under the home root.
    function replaceOperator(address next, bytes32 reason) external;

    /// @notice The proposed operator (zero if none).
    function pendingOperator() external view returns (address);

    /// @notice Put the venue into wind-down (operator or GOVERN of the home root at or above the operator's rank); see
    /// WindDownStarted.
    function windDown() external;

    /// @notice Lift the wind-down (the rank that set it or a higher one; not once wound down).
    function resumeTrading() external;

    /// @notice While winding down: return up to `maxOrders` resting orders to their owners (funds unlocked into their
    /// venue balances); anyone may call. It only empties the books (finalizeWindDown makes the wind-down final).
    function returnOrders(uint256 maxOrders) external returns (uint256 returned);

    /// @notice Make the wind-down final (VenueWoundDown) once nothing rests: the rank that set it or a higher one.
    function finalizeWindDown() external;

    /// @notice 0 trading, 1 winding down, 2 wound down; the rank that set the wind-down; whether no order rests.
    function windDownState() external view returns (uint8 state, uint8 rank, bool empty);

    /// @notice Name `next` (an exchange registered under the home root) as this venue's successor, or withdraw the
    /// naming (zero). Operator or GOVERN at or above the operator's rank; the last naming's rank binds lower ones.
    function setSuccessor(address next) external;

    /// @notice The successor venue (zero if none).
    function successor() external view returns (address);

    /// @notice Move lost wallet `lost`'s venue account (balances and resting orders) to the wallet the client registry
    /// names as its successor. Anyone may call.
    function claimWallet(address lost) external returns (uint64 account);

    /// @notice The operator, as the venue registry reads it: a venue is registered only by the account it names.
    function owner() external view returns (address);

    function ADMIN() external view returns (address);

    function MAX_OPEN_ORDERS() external view returns (uint256);

    function MAX_BOOKS() external view returns (uint256);
}
