// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title IAmlLimitsAttachment
 * @notice What a consumer of AML limits (a venue, a native token) emits and reverts with when a limits policy is
 * attached to it. Shared so that both consumers speak the same words and the replayer reads one event.
 */
interface IAmlLimitsAttachment {
    /// @notice `by`, acting at rank `rank`, attached limits policy `policyId` of contract `limits` (both 0: detached).
    event LimitsAttached(address indexed limits, uint32 indexed policyId, address by, uint8 rank);

    /// @notice The attachment was set (or last detached) at rank `setRank`; caller rank `callerRank` is lower.
    error LimitsSetByHigherAuthority(uint8 setRank, uint8 callerRank);

    /// @notice `limits` is not the stack's AML limits contract (VenueRegistry.amlLimits) or has no policy `policyId`.
    error InvalidLimits(address limits, uint32 policyId);
}

/**
 * @title ILimitsAttachable
 * @notice The attachment of an AML limits policy to a consumer: a venue (ExchangeExtension; reach it at the Exchange's
 * address) or a native token (CompliantToken, for its holding cap).
 */
interface ILimitsAttachable is IAmlLimitsAttachment {
    /// @notice Attach limits policy `policyId` of `limits` (address 0 and policy 0: detach). Caller: at a venue, the
    /// operator or a valid GOVERN holder of the home root; at a native token, the issuer or a valid ancestor's account.
    /// The rank that attached (or detached) binds: a lower rank cannot swap or detach it (LimitsSetByHigherAuthority),
    /// nor re-attach after a higher rank detached.
    function setLimits(address limits, uint32 policyId) external;

    /// @notice The attached limits contract and policy (0: none), and the rank that set them (`set` false: never set).
    function limitsAttachment() external view returns (address limits, uint32 policyId, uint8 rank, bool set);
}

/**
 * @title IVenueLimits
 * @notice A venue's side of its home root's limits policy (issue 16 review M3): whether the venue applies it, and the
 * permissionless sync that sets or clears that flag from AmlLimits.rootPolicy(HOME_ROOT). Implemented by the venue's
 * ExchangeAdmin (reach it at the Exchange's address); openBook syncs too.
 */
interface IVenueLimits {
    /// @notice The venue now applies (`applies`) or no longer applies its home root's limits policy `rootPolicyId` (0:
    /// none) of the stack's AML limits contract `limits`.
    event RootLimitsSynced(address indexed limits, uint32 indexed rootPolicyId, bool applies);

    /// @notice The venue takes no new business (placements) on book `pairId` while its pair's root `root`, not the
    /// venue's home root, names root limits policy `rootPolicyId` (0: none named at the sync; the book trades again).
    event ForeignRootPolicySynced(uint32 indexed pairId, uint64 indexed root, uint32 rootPolicyId);

    /// @notice Pair `pairId`'s root `root` is not the venue's home root and names root limits policy `rootPolicyId`: a
    /// venue applies only its home root's policy, so it opens no book of that root's and takes no orders on one.
    error ForeignRootPolicy(uint32 pairId, uint64 root, uint32 rootPolicyId);

    /// @notice Apply the home root's limits policy if it has one, else stop applying it (anyone may call): from then
    /// on the venue passes its home root to every AmlLimits call it makes, and AmlLimits applies the root's policy
    /// of the moment (the stricter of it and the venue's own attachment). The operator cannot stop that: only the
    /// root's clearing its policy does. Emits RootLimitsSynced when the flag changes. Also marks every open book whose
    /// pair's root is not the home root and names a root policy (review M3 audit M1): the venue then refuses orders on
    /// it (ForeignRootPolicy; cancels and withdrawals work), until a sync finds that root's policy cleared
    /// (ForeignRootPolicySynced on each change). Bounded: at most MAX_BOOKS books, one view call per foreign book.
    function syncRootLimits() external returns (bool applies);

    /// @notice The root policy of pair `pairId`'s root (not the home root) that stops new business on its book here, as
    /// of the last sync (0: none).
    function foreignRootPolicy(uint32 pairId) external view returns (uint32);

    /// @notice Whether the venue applies its home root's limits policy (set by the last sync).
    function rootLimitsApply() external view returns (bool);

    /// @notice Whether the attached policy's withdrawal caps bind here (its owner ranks above the operator; M2): when
    /// not, withdrawals count only against the home root's policy, if the venue applies it.
    function ownWithdrawalLimitsApply() external view returns (bool);
}

/**
 * @title IAmlLimits
 * @notice AML limits in policies, per asset and per client class: a maximum order notional (quote units), rolling
 * 24-hour deposit and withdrawal caps per identity per asset per venue, and a maximum holding of a native token per
 * identity. Policies belong to a node of the authority tree; limits follow rank discipline. The windows' state is
 * kept per consumer (msg.sender, the venue), so consuming needs no authorisation: a venue only ever spends its own
 * windows.
 */
interface IAmlLimits {
    /// @notice The four kinds of limit.
    enum Kind {
        OrderNotional,
        DepositPerDay,
        WithdrawPerDay,
        Holding
    }

    /// @notice One limit as stored: `value` (0: no limit), the rank that set it, and whether its last change was a
    /// loosening or removal (a lift: the cleared-by mark, lower ranks may not tighten it again).
    struct Limit {
        uint128 value;
        uint8 rank;
        bool lifted;
        bool set;
    }

    /// @notice A root's limits policy, which every venue of the root applies (review M3): `policyId` (0: none), the
    /// rank that named (or cleared) it, and whether it was ever named.
    struct RootPolicy {
        uint32 policyId;
        uint8 rank;
        bool set;
    }

    /// @notice Node `ownerNode` owns new limits policy `policyId`, created by `by`.
    event LimitsPolicyCreated(uint32 indexed policyId, uint64 indexed ownerNode, address by);

    /// @notice Limit `kind` of policy `policyId` for `token` and class bit `classBit` is now `value` (0: none), set by
    /// `by` at `rank`; `lifted` when the change loosened or removed it (the cleared-by mark).
    event LimitSet(
        uint32 indexed policyId,
        address indexed token,
        uint8 classBit,
        Kind kind,
        uint128 value,
        address by,
        uint8 rank,
        bool lifted
    );

    /// @notice Venue `venue` counted `amount` of `token` against identity `identityId`'s window `kind`
    /// (DepositPerDay or WithdrawPerDay) at time `consumedAt` (seconds).
    event WindowConsumed(
        address indexed venue,
        uint64 indexed identityId,
        address indexed token,
        Kind kind,
        uint256 amount,
        uint40 consumedAt
    );

    /// @notice `by`, acting at rank `rank`, named `policyId` root `root`'s limits policy (0: cleared it).
    event RootPolicySet(uint64 indexed root, uint32 indexed policyId, address by, uint8 rank);

    /// @notice No limits policy `policyId` exists.
    error UnknownLimitsPolicy(uint32 policyId);
    /// @notice `caller` neither holds the policy's owner node nor a valid ancestor of it.
    error NotLimitsAuthority(uint32 policyId, address caller);
    /// @notice `classBit` is not a single defined client class bit (1, 2, 4 or 8).
    error InvalidClientClass(uint8 classBit);
    /// @notice `value` is above the largest limit the windows can count (`max`).
    error LimitTooLarge(uint256 value, uint256 max);
    /// @notice The limit was set at rank `setRank`; loosening or removing it needs that rank or a higher one, not
    /// `callerRank`.
    error LimitSetByHigherAuthority(
        uint32 policyId,
        address token,
        uint8 classBit,
        Kind kind,
        uint8 setRank,
        uint8 callerRank
    );
    /// @notice The limit was loosened or removed at rank `clearedRank`; rank `callerRank` may not tighten it again.
    error ClearedByHigherAuthority(
        uint32 policyId,
        address token,
        uint8 classBit,
        Kind kind,
        uint8 clearedRank,
        uint8 callerRank
    );
    /// @notice `caller` is neither root `root`'s account nor a valid GOVERN holder under it, or names a policy without
    /// being the root's account (below the root, clearing only).
    error NotRootPolicyAuthority(uint64 root, address caller);
    /// @notice Root `root`'s policy was named (or cleared) at rank `setRank`; rank `callerRank` is lower.
    error RootPolicySetByHigherAuthority(uint64 root, uint8 setRank, uint8 callerRank);
    /// @notice Policy `policyId` is not one root `root`'s own node owns (or does not exist).
    error InvalidRootPolicy(uint64 root, uint32 policyId);
    /// @notice An order of `notional` quote units of `token` is above identity `identityId`'s maximum order notional
    /// (`allowedNow`); no later time allows more (`moreAt` 0).
    error OrderNotionalExceeded(uint64 identityId, address token, uint256 notional, uint256 allowedNow, uint40 moreAt);
    /// @notice Depositing `amount` of `token` would pass identity `identityId`'s rolling 24-hour deposit cap:
    /// `allowedNow` fits now; the whole amount fits from `moreAt` (seconds; above the cap itself: when the window is
    /// empty).
    error DailyDepositCapExceeded(uint64 identityId, address token, uint256 amount, uint256 allowedNow, uint40 moreAt);
    /// @notice Withdrawing `amount` of `token` would pass identity `identityId`'s rolling 24-hour withdrawal cap:
    /// `allowedNow` fits now; the whole amount fits from `moreAt` (seconds; as for deposits).
    error DailyWithdrawalCapExceeded(
        uint64 identityId,
        address token,
        uint256 amount,
        uint256 allowedNow,
        uint40 moreAt
    );
    /// @notice Receiving `amount` of `token` would take identity `identityId`'s holding (all its wallets) above its
    /// maximum: `allowedNow` more fits; no time frees more (`moreAt` 0): only its own holdings falling do.
    error HoldingCapExceeded(uint64 identityId, address token, uint256 amount, uint256 allowedNow, uint40 moreAt);

    /// @notice Create a limits policy owned by node `ownerNode`. Caller: that node's account or a valid ancestor's.
    function createPolicy(uint64 ownerNode) external returns (uint32 policyId);

    /// @notice Set limit `kind` of policy `policyId` for `token` and client class `classBit` (one bit) to `value` (0:
    /// remove). Caller: the owner node's account or a valid ancestor's. Tightening (a value below the current one,
    /// or any value where none is) is open to them unless a higher rank lifted it last; loosening or removing needs
    /// the rank recorded with the limit or a higher one.
    function setLimit(uint32 policyId, address token, uint8 classBit, Kind kind, uint128 value) external;

    /**
     * @notice Name root `root`'s limits policy `policyId` (0: clear it), which every venue whose home root it is
     * applies, attached or not (review M3). Caller: the root's account names or clears (rank 0); a valid GOVERN holder
     * under it may only clear (review M3 audit L3), at the rank (depth) of its node. The policy must be owned by the
     * root node itself (its limits are the root's alone). Once named or cleared, only that rank or a higher one changes
     * it (RootPolicySetByHigherAuthority).
     */
    function setRootPolicy(uint64 root, uint32 policyId) external;

    /// @notice Count `amount` of `token` deposited by identity `identityId` against the caller's (the venue's) rolling
    /// window under the stricter of policy `policyId` (0: none) and root `root`'s policy (0: no root), reverting with
    /// DailyDepositCapExceeded when it would pass the cap.
    function consumeDeposit(uint32 policyId, uint64 root, uint64 identityId, address token, uint256 amount) external;

    /// @notice As consumeDeposit, for a withdrawal (DailyWithdrawalCapExceeded).
    function consumeWithdrawal(uint32 policyId, uint64 root, uint64 identityId, address token, uint256 amount) external;

    /// @notice Revert with OrderNotionalExceeded when `notional` quote units of `quoteToken` exceed identity
    /// `identityId`'s maximum order notional under the stricter of policy `policyId` and root `root`'s policy.
    function checkNotional(
        uint32 policyId,
        uint64 root,
        uint64 identityId,
        address quoteToken,
        uint256 notional
    ) external view;

    /// @notice Called by a native token after crediting `amount` to `wallet` from `from` (0: a mint): revert with
    /// HoldingCapExceeded when the wallet's identity now holds (all its wallets) more of the caller token than its
    /// maximum holding under `policyId` and the receipt increased it (not zero, not from one of its own wallets).
    function checkHolding(uint32 policyId, address from, address wallet, uint256 amount) external view;

    /// @notice Root `root`'s limits policy as stored (policyId 0: none).
    function rootPolicy(uint64 root) external view returns (RootPolicy memory);

    /// @notice Whether limits policy `policyId` exists.
    function policyExists(uint32 policyId) external view returns (bool);

    /// @notice The owner node of policy `policyId` (0: none).
    function policyOwner(uint32 policyId) external view returns (uint64);

    /// @notice The number of policies created (ids run from 1).
    function policyCount() external view returns (uint32);

    /// @notice Limit `kind` of policy `policyId` for `token` and class bit `classBit`, as stored.
    function limit(uint32 policyId, address token, uint8 classBit, Kind kind) external view returns (Limit memory);

    /// @notice The limit `kind` that applies to an identity of classes `classes` (the most permissive of its classes;
    /// 0: unlimited).
    function effectiveLimit(uint32 policyId, address token, uint8 classes, Kind kind) external view returns (uint256);

    /// @notice Venue `venue`'s window `kind` for `identityId` and `token` now: what it counts, its buckets (oldest
    /// first) and the bucket index of the newest.
    function window(
        address venue,
        uint64 identityId,
        address token,
        Kind kind
    ) external view returns (uint256 used, uint256[6] memory buckets, uint64 newestBucket);

    /// @notice Identity `identityId`'s headroom in venue `venue`'s window `kind` under the stricter of `policyId` (0:
    /// none) and root `root`'s policy (0: no root) now: the cap (0: unlimited), what the window counts, what fits now
    /// and when the window frees its next amount (0: nothing).
    function headroom(
        address venue,
        uint32 policyId,
        uint64 root,
        uint64 identityId,
        address token,
        Kind kind
    ) external view returns (uint256 cap, uint256 used, uint256 allowedNow, uint40 nextRelease);
}
