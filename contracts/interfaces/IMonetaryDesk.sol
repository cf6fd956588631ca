// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title IMonetaryDesk
 * @notice The monetary policy of native tokens and their redemption desk, one contract for every native token of the
 * suite (state kept per token), kept out of CompliantToken so that the token (and the TokenDeployer carrying its
 * creation code) keeps room under the 24 KiB code limit.
 * @dev A token registers its terms with the desk in its own constructor (`register`, keyed by the caller), so the desk
 * holds only what each token itself declared; a contract that is no CompliantToken can register too, but only ever
 * affects its own entry. Policy (issue 16, design.md section 5):
 *  - a hard supply cap fixed at creation, which may only be lowered, never below the current supply (locked
 *    redemptions included: they are escrowed, not burned, until settled);
 *  - a mint rate: at most `mintRate` per period of `mintPeriod` seconds, in fixed windows aligned on the token's
 *    creation (bucketed: within any span of one period at most twice the rate can be minted, across a boundary);
 *    lowered by the issuer or an ancestor (a compliance authority), raised (never above the creation-time rate) only
 *    by the rank that bound the lowering or a higher one; cleared-by rank applies to lowering again after a raise;
 *  - a reserve ratio in basis points, at least 10,000: after a mint, supply x ratio <= (attested reserve - redeemed
 *    since the attestation's snapshot) x 10,000, against a reserve attestation that counts now (fail closed);
 *  - redemption: a holder (or a licensed venue in a client's name) requests an amount, which moves into the desk's
 *    escrow (still counted in supply, neither transferable nor tradable, not even by a forced transfer); the issuer
 *    settles it (burn, with the payout's reference) or rejects it (returned to the holder whatever its standing: a
 *    frozen or ineligible holder gets them back frozen in place); any valid ancestor may also settle or reject (a
 *    revoked issuer locks nothing), and the closing rank is logged. Each request has an id per token and is settled
 *    at most once.
 */
interface IMonetaryDesk {
    /// @notice A token's monetary terms, fixed at creation (the cap and the rate may later be lowered).
    struct MonetaryTerms {
        uint256 supplyCap;
        uint128 mintRate;
        uint40 mintPeriod;
        uint32 reserveRatioBps;
    }

    /// @notice What a token declared at construction about itself, for the desk's checks.
    struct Wiring {
        address tree;
        address assets;
        address venues;
        address issuer;
        uint64 issuerNode;
        uint64 root;
    }

    /// @notice A token's policy state: its terms now, the rate's ceiling (the creation-time rate), the current mint
    /// window, and the rate's rank records (the rank binding a lowering; the cleared-by mark of the last raise).
    struct Policy {
        uint256 supplyCap;
        uint128 mintRate;
        uint128 rateCeiling;
        uint128 mintedInWindow;
        uint40 windowStart;
        uint40 mintPeriod;
        uint32 reserveRatioBps;
        uint8 rateRank;
        bool rateCleared;
        uint8 rateClearedRank;
        uint64 redemptionCount;
        uint64 openCount;
        uint256 outstanding;
    }

    /// @notice Where a redemption request stands.
    enum RedemptionStatus {
        None,
        Requested,
        Settled,
        Rejected
    }

    /// @notice One redemption request: whose it is, who paid the tokens in (the holder, or the venue that filed it in
    /// the holder's name), the amount, the holder's reference, when it was filed and when settled, and the issuer's
    /// reference (the payout's on settlement, the reason on rejection).
    struct Redemption {
        address holder;
        RedemptionStatus status;
        uint40 requestedAt;
        uint40 closedAt;
        address payer;
        uint256 amount;
        bytes32 requestRef;
        bytes32 closeRef;
    }

    /// @notice Token `token` registered `terms`, wired as `wiring`, with its time unit.
    event TokenRegistered(address indexed token, MonetaryTerms terms, Wiring wiring);
    /// @notice `amount` of `token` was minted; the window starting at `windowStart` has minted `mintedInWindow`.
    event MintCounted(address indexed token, uint256 amount, uint40 windowStart, uint128 mintedInWindow);
    /// @notice The supply cap of `token` was lowered from `previous` to `cap` by `by` acting at `rank`.
    event SupplyCapLowered(address indexed token, uint256 previous, uint256 cap, address by, uint8 rank);
    /// @notice The mint rate of `token` changed from `previous` to `rate` by `by` at `rank`; `bindingRank` is the rank
    /// a raise now needs, `cleared` whether this was a raise (its rank is then the cleared-by mark).
    event MintRateSet(
        address indexed token,
        uint128 previous,
        uint128 rate,
        address by,
        uint8 rank,
        uint8 bindingRank,
        bool cleared
    );
    /// @notice Request `id` of `token`: `amount` escrowed from `payer` in `holder`'s name, with `requestRef`.
    event RedemptionRequested(
        address indexed token,
        uint64 indexed id,
        address indexed holder,
        address payer,
        uint256 amount,
        bytes32 requestRef
    );
    /// @notice Request `id` of `token` was settled by `by`: its tokens burned against payout reference `payoutRef`.
    /// `rank` is `by`'s depth on the issuer's node (the issuer's own, or a higher authority's).
    event RedemptionSettled(address indexed token, uint64 indexed id, address by, bytes32 payoutRef, uint8 rank);
    /// @notice Request `id` of `token` was rejected by `by` for `reason`: its tokens returned to the holder.
    /// `rank` is `by`'s depth on the issuer's node.
    event RedemptionRejected(address indexed token, uint64 indexed id, address by, bytes32 reason, uint8 rank);

    /// @notice Token `token` has already registered its terms.
    error AlreadyRegistered(address token);
    /// @notice `token` never registered with this desk.
    error TokenNotRegistered(address token);
    /// @notice Terms refused: a zero cap, rate or period, a period above ten years, a reserve ratio
    /// `reserveRatioBps` below 10,000, or a cap `supplyCap` so large that cap x ratio exceeds 2^256.
    error InvalidTerms(uint256 supplyCap, uint128 mintRate, uint40 mintPeriod, uint32 reserveRatioBps);
    /// @notice A mint of `amount` of `token` exceeds its mint rate `rate` per period: `allowedNow` may be minted now,
    /// more from `moreAt` (seconds), when the next window starts.
    error MintRateExceeded(address token, uint256 amount, uint256 rate, uint256 allowedNow, uint40 moreAt);
    /// @notice A mint would bring `token`'s supply to `supplyAfter`, above its cap `cap`; `allowedNow` may be minted
    /// (never more later: the cap is only lowered).
    error SupplyCapExceeded(address token, uint256 supplyAfter, uint256 cap, uint256 allowedNow);
    /// @notice Cap `cap` of `token` is not below the current cap `current`: a cap may only be lowered.
    error CapNotLowered(address token, uint256 current, uint256 cap);
    /// @notice Cap `cap` of `token` would be below its supply `supply` (locked redemptions included).
    error CapBelowSupply(address token, uint256 cap, uint256 supply);
    /// @notice Rate `rate` of `token` is zero, equals the current rate `current`, or exceeds the creation-time
    /// ceiling `ceiling`.
    error MintRateRefused(address token, uint128 rate, uint128 current, uint128 ceiling);
    /// @notice The mint rate of `token` was lowered at `bindingRank`; the caller acts at `callerRank`, below it.
    error MintRateSetByHigherAuthority(address token, uint8 bindingRank, uint8 callerRank);
    /// @notice The mint rate of `token` was raised at `clearedRank`; the caller acts at `callerRank`, below it.
    error MintRateClearedByHigherAuthority(address token, uint8 clearedRank, uint8 callerRank);
    /// @notice `caller` is neither the issuer of `token` (valid ISSUE node) nor the account of a valid ancestor.
    error NotMonetaryAuthority(address token, address caller);
    /// @notice `caller` acts at the issuer's rank on `token` without a valid ISSUE scope: it may not settle.
    error NotTokenIssuer(address token, address caller);
    /// @notice `caller` is not a venue contract registered with the EXCHANGE scope and licensed under `token`'s root:
    /// it may not file in a client's name.
    error NotLicensedVenue(address token, address caller);
    /// @notice A request for `amount` of `token` in `holder`'s name with reference `requestRef`: one of them is zero.
    error InvalidRedemption(address token, address holder, uint256 amount, bytes32 requestRef);
    /// @notice Closing request `id` of `token` needs a non-zero reference (the payout's, or the reason).
    error MissingCloseReference(address token, uint64 id);
    /// @notice Request `id` of `token` is not open (its status is `status`): nothing is settled twice.
    error RedemptionNotOpen(address token, uint64 id, RedemptionStatus status);
    /// @notice A page of `requested` open requests was asked for; at most `max` are returned.
    error PageTooLong(uint256 requested, uint256 max);

    /// @notice Register the caller's terms and wiring, once. Caller: a CompliantToken, from its constructor.
    function register(MonetaryTerms calldata terms, Wiring calldata wiring) external;

    /// @notice Count a mint of `amount` that brought the caller's supply to `supplyAfter` against the rate, the cap
    /// and the reserve ratio; reverts if any is exceeded. Caller: a registered token, after minting.
    /// @param totalRedeemed Everything the token ever redeemed (for the reserve attestation's snapshot).
    function countMint(uint256 amount, uint256 supplyAfter, uint256 totalRedeemed) external;

    /// @notice Lower `token`'s supply cap to `cap` (not below the supply). Caller: the issuer or a valid ancestor.
    function lowerSupplyCap(address token, uint256 cap) external;

    /// @notice Set `token`'s mint rate to `rate`: lower it (issuer or a valid ancestor, at or above a standing
    /// cleared-by mark's rank), or raise it up to the creation-time rate (at or above the rank binding the lowering).
    function setMintRate(address token, uint128 rate) external;

    /// @notice Request redemption of `amount` of the caller's `token`: escrowed now, in the caller's name. The caller
    /// must be able to send (`token`'s rules: not paused, unfrozen, eligible or licensed). Returns the request's id.
    function requestRedemption(address token, uint256 amount, bytes32 requestRef) external returns (uint64 id);

    /// @notice Request redemption of `amount` of `token` from the caller's holding in `holder`'s name. Caller: a venue
    /// contract registered with the EXCHANGE scope and licensed under the token's root (which debits the holder's
    /// balance in its own ledger first). The token refuses a `holder` a withdrawal could not reach (frozen, or
    /// neither eligible nor licensed): a rejection returns the tokens to that wallet.
    function requestRedemptionFor(
        address token,
        address holder,
        uint256 amount,
        bytes32 requestRef
    ) external returns (uint64 id);

    /// @notice Settle open request `id` of `token`: the issuer paid it out off-chain (non-zero `payoutRef`); its
    /// tokens are burned and counted as redeemed. Caller: the issuer (valid ISSUE node) or a valid ancestor (rank
    /// logged).
    function confirmRedemption(address token, uint64 id, bytes32 payoutRef) external;

    /// @notice Reject open request `id` of `token` for non-zero `reason`: its tokens go back to the holder (frozen in
    /// place if the holder is frozen or ineligible by then). Caller: the issuer or a valid ancestor (rank logged).
    function rejectRedemption(address token, uint64 id, bytes32 reason) external;

    /// @notice `token`'s policy state (zeros if it never registered).
    function policy(address token) external view returns (Policy memory);

    /// @notice Request `id` of `token` (status None if there is none).
    function redemption(address token, uint64 id) external view returns (Redemption memory);

    /// @notice At most `limit` (<= 100) ids of `token`'s open requests, from position `offset` of the open list.
    function openRedemptions(address token, uint256 offset, uint256 limit) external view returns (uint64[] memory);

    /// @notice How much the issuer of `token` may mint now under the rate and the cap (not the reserve, which the
    /// mint checks against the attestation), and when the rate allows more (the next window's start, seconds).
    function mintAllowance(address token) external view returns (uint256 allowedNow, uint40 moreAt);
}
