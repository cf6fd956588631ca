// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAmlLimits} from "../interfaces/IAmlLimits.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {ClientClasses} from "../types/ClientClass.sol";
import {Scopes} from "../types/Scope.sol";
import {ChainClock} from "../utils/ChainClock.sol";

/**
 * @title AmlLimits
 * @notice AML limits in policies (issue 16): per policy, per asset, per client class, a maximum order notional (in
 * the quote asset's units, applied when the asset is a pair's quote), a rolling 24-hour deposit cap and withdrawal cap
 * per identity per asset per venue (every wallet of the identity counts together) and a maximum holding of a native
 * token per identity (every wallet of the identity; what it holds through a venue's accounting is excluded: the
 * venue's own deposit caps govern that, and the venue's pool address is no holder).
 *
 * Classes: an identity of several classes gets the most permissive of its classes' limits (classes are
 * qualifications); a class with no limit set is unlimited.
 *
 * Rank discipline: a policy belongs to a node of the authority tree. Its limits are set by that node's account or a
 * valid ancestor's, at the rank (depth) of the node the caller holds on the path. Each limit records the rank that
 * set it. Tightening (a value below the current one, or a value where there was none) is open to every such manager;
 * loosening or removing needs the recorded rank or a higher one (LimitSetByHigherAuthority), and records the
 * loosening rank with the cleared-by mark: while it stands, a lower rank may not tighten the limit again
 * (ClearedByHigherAuthority; it escalates to the higher authority instead of silently undoing its decision). A
 * tightening records the highest rank that has a say over the limit (the caller's or the one recorded, whichever is
 * higher), so a lower authority's further tightening of a higher one's limit can never be turned into a loosening
 * below the higher one's say.
 *
 * A root's policy (review M3): the root's account or a GOVERN holder under it names one policy of the root node's own
 * (`setRootPolicy`), which every venue whose home root it is applies, attached or not: a venue that applies it (its
 * flag, set by its permissionless `syncRootLimits` and by `openBook`) passes its home root to every call here, and
 * the root's policy of the moment is applied with the venue's own: the stricter of the two caps, limit by limit (a
 * limit only one of them sets binds). So a root's later limits, swaps and clearing take effect at once everywhere;
 * the operator can neither detach nor loosen it (its own policy can only add restrictions), nor escape it by opening
 * another venue (its first book syncs it). Naming follows the attachment's rank rule: once named or cleared, only
 * that rank or a higher one changes it.
 *
 * @dev The rolling windows: BUCKETS buckets of BUCKET_SECONDS (24 h / 5 = 4 h 48 min) each, a ring keyed by the bucket
 * index (time / BUCKET_SECONDS) modulo BUCKETS, packed 96 bits a bucket into three slots with the newest index. At
 * time t in bucket T a window counts buckets T-5..T, i.e. everything since (T-5) * BUCKET_SECONDS <= t - 24 h: every
 * amount of the last 24 hours is counted, so no 24-hour interval ever sees more than the cap; an amount keeps counting
 * for between 24 h and 24 h + BUCKET_SECONDS (28 h 48 min) after it passed: that is the error, on the strict side
 * only. Bounded: advancing the ring zeroes at most BUCKETS buckets. Limits are at most MAX_LIMIT (2^96 - 1), so that
 * no bucket (each at most the cap) overflows its 96 bits. The windows are kept per consumer (msg.sender: the venue):
 * consuming needs no authorisation, a contract only ever spends its own windows. A window counts only while a cap
 * applies to the identity's classes (unlimited consumption is not recorded, to cost an unlimited venue nothing).
 */
contract AmlLimits is IAmlLimits, ChainClock {
    /// @notice The authority tree whose nodes own policies.
    IAuthorityTree public immutable TREE;
    /// @notice The client registry: identities' classes and wallets.
    IIdentityRegistry public immutable REGISTRY;

    /// @notice The number of buckets a window counts (the newest included).
    uint256 public constant BUCKETS = 6;
    /// @notice The length of one bucket (seconds): 24 h / (BUCKETS - 1).
    uint256 public constant BUCKET_SECONDS = 17_280;
    /// @notice The largest limit (a bucket holds 96 bits).
    uint256 public constant MAX_LIMIT = (1 << 96) - 1;

    uint256 private constant MASK96 = (1 << 96) - 1;
    uint256 private constant CLASS_COUNT = 4;

    uint32 public policyCount;
    mapping(uint32 policyId => uint64 ownerNode) private _owners;
    mapping(uint32 policyId => mapping(address token => mapping(uint8 classIndex => mapping(Kind => Limit))))
        private _limits;
    mapping(uint64 root => RootPolicy) private _rootPolicies;
    /// @dev keccak256(consumer, identity, token, kind) => [newest index | b0 << 64 | b1 << 160, b2 | b3 << 96,
    /// b4 | b5 << 96], b_i the bucket at ring position i.
    mapping(bytes32 key => uint256[3]) private _windows;

    constructor(IAuthorityTree tree, IIdentityRegistry registry, uint256 timeUnit) ChainClock(timeUnit) {
        _requireSameClock(address(registry));
        TREE = tree;
        REGISTRY = registry;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Policies and limits
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAmlLimits
    function createPolicy(uint64 ownerNode) external returns (uint32 policyId) {
        (bool manages, ) = TREE.managerRank(msg.sender, ownerNode);
        if (!manages) revert NotLimitsAuthority(0, msg.sender);
        policyId = ++policyCount;
        _owners[policyId] = ownerNode;
        emit LimitsPolicyCreated(policyId, ownerNode, msg.sender);
    }

    /// @inheritdoc IAmlLimits
    function setLimit(uint32 policyId, address token, uint8 classBit, Kind kind, uint128 value) external {
        uint64 owner = _owners[policyId];
        if (owner == 0) revert UnknownLimitsPolicy(policyId);
        uint8 index = _classIndex(classBit);
        if (value > MAX_LIMIT) revert LimitTooLarge(value, MAX_LIMIT);
        (bool manages, uint8 rank) = TREE.managerRank(msg.sender, owner);
        if (!manages) revert NotLimitsAuthority(policyId, msg.sender);
        Limit memory cur = _limits[policyId][token][index][kind];
        bool tightening = value != 0 && (cur.value == 0 || value <= cur.value);
        Limit memory next = Limit(value, rank, false, true);
        if (tightening) {
            if (cur.lifted && rank > cur.rank) {
                revert ClearedByHigherAuthority(policyId, token, classBit, kind, cur.rank, rank);
            }
            // A standing limit keeps the highest rank that had a say over it (see the contract notes).
            if (cur.set && !cur.lifted && cur.value != 0 && cur.rank < rank) next.rank = cur.rank;
        } else {
            if (cur.set && rank > cur.rank) {
                revert LimitSetByHigherAuthority(policyId, token, classBit, kind, cur.rank, rank);
            }
            next.lifted = true;
        }
        _limits[policyId][token][index][kind] = next;
        emit LimitSet(policyId, token, classBit, kind, value, msg.sender, next.rank, next.lifted);
    }

    /// @inheritdoc IAmlLimits
    function setRootPolicy(uint64 root, uint32 policyId) external {
        uint64 node = TREE.nodeOf(msg.sender, root);
        // The root node holds every scope: its account passes as GOVERN; a GOVERN holder of another root does not.
        if (node == 0 || !TREE.nodeHasScope(node, Scopes.GOVERN)) revert NotRootPolicyAuthority(root, msg.sender);
        // The root node's own policy only: its limits are then set by the root's account alone, so no rank below the
        // root can loosen them or freeze withdrawals at every venue of the root through them.
        if (policyId != 0 && _owners[policyId] != root) revert InvalidRootPolicy(root, policyId);
        uint8 rank = TREE.node(node).depth;
        // Only the root's own account names one (review M3 audit L3): a GOVERN holder below it could otherwise make a
        // root-owned policy meant for one venue bind every venue of the root. Below the root, clearing only.
        if (policyId != 0 && rank != 0) revert NotRootPolicyAuthority(root, msg.sender);
        RootPolicy memory cur = _rootPolicies[root];
        if (cur.set && rank > cur.rank) revert RootPolicySetByHigherAuthority(root, cur.rank, rank);
        _rootPolicies[root] = RootPolicy(policyId, rank, true);
        emit RootPolicySet(root, policyId, msg.sender, rank);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Consumers
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAmlLimits
    function consumeDeposit(uint32 policyId, uint64 root, uint64 identityId, address token, uint256 amount) external {
        _consume(policyId, root, identityId, token, amount, Kind.DepositPerDay);
    }

    /// @inheritdoc IAmlLimits
    function consumeWithdrawal(
        uint32 policyId,
        uint64 root,
        uint64 identityId,
        address token,
        uint256 amount
    ) external {
        _consume(policyId, root, identityId, token, amount, Kind.WithdrawPerDay);
    }

    /// @inheritdoc IAmlLimits
    function checkNotional(
        uint32 policyId,
        uint64 root,
        uint64 identityId,
        address quoteToken,
        uint256 notional
    ) external view {
        uint256 cap = _cap(policyId, root, quoteToken, _classes(identityId), Kind.OrderNotional);
        if (cap != 0 && notional > cap) revert OrderNotionalExceeded(identityId, quoteToken, notional, cap, 0);
    }

    /// @inheritdoc IAmlLimits
    function checkHolding(uint32 policyId, address from, address wallet, uint256 amount) external view {
        uint64 identityId = REGISTRY.identityOf(wallet);
        if (identityId == 0) return; // no client (a venue, a custodian): not a holder of its own
        IIdentityRegistry.Identity memory id = REGISTRY.identity(identityId);
        uint256 cap = _effective(policyId, msg.sender, id.classes, Kind.Holding);
        if (cap == 0) return;
        // Bounded: the registry binds at most MAX_WALLETS wallets to an identity.
        address[] memory ws = REGISTRY.wallets(identityId, 0, id.walletCount);
        uint256 held;
        for (uint256 i; i < ws.length; ++i) held += IERC20(msg.sender).balanceOf(ws[i]);
        // Only a receipt that increased the identity's holding is refused (review L5): zero, or a move between its own
        // wallets, leaves an identity above a lowered cap free to rearrange (the sender's identity read only here).
        if (held > cap && amount != 0 && (from == address(0) || REGISTRY.identityOf(from) != identityId)) {
            uint256 before = held > amount ? held - amount : 0;
            revert HoldingCapExceeded(identityId, msg.sender, amount, before < cap ? cap - before : 0, 0);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAmlLimits
    function rootPolicy(uint64 root) external view returns (RootPolicy memory) {
        return _rootPolicies[root];
    }

    /// @inheritdoc IAmlLimits
    function policyExists(uint32 policyId) external view returns (bool) {
        return _owners[policyId] != 0;
    }

    /// @inheritdoc IAmlLimits
    function policyOwner(uint32 policyId) external view returns (uint64) {
        return _owners[policyId];
    }

    /// @inheritdoc IAmlLimits
    function limit(uint32 policyId, address token, uint8 classBit, Kind kind) external view returns (Limit memory) {
        return _limits[policyId][token][_classIndex(classBit)][kind];
    }

    /// @inheritdoc IAmlLimits
    function effectiveLimit(uint32 policyId, address token, uint8 classes, Kind kind) external view returns (uint256) {
        return _effective(policyId, token, classes, kind);
    }

    /// @inheritdoc IAmlLimits
    function window(
        address venue,
        uint64 identityId,
        address token,
        Kind kind
    ) external view returns (uint256 used, uint256[6] memory buckets, uint64 newestBucket) {
        uint256[BUCKETS] memory ring;
        (newestBucket, ring, used) = _load(_windowKey(venue, identityId, token, kind));
        for (uint256 j; j < BUCKETS; ++j) buckets[j] = ring[(newestBucket + 1 + j) % BUCKETS];
    }

    /// @inheritdoc IAmlLimits
    function headroom(
        address venue,
        uint32 policyId,
        uint64 root,
        uint64 identityId,
        address token,
        Kind kind
    ) external view returns (uint256 cap, uint256 used, uint256 allowedNow, uint40 nextRelease) {
        cap = _cap(policyId, root, token, _classes(identityId), kind);
        uint64 newest;
        uint256[BUCKETS] memory ring;
        (newest, ring, used) = _load(_windowKey(venue, identityId, token, kind));
        allowedNow = cap == 0 ? type(uint256).max : (used < cap ? cap - used : 0);
        if (used != 0) nextRelease = _fitsAt(newest, ring, used, cap == 0 ? used : cap, 1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------------------------

    function _consume(
        uint32 policyId,
        uint64 root,
        uint64 identityId,
        address token,
        uint256 amount,
        Kind kind
    ) private {
        uint256 cap = _cap(policyId, root, token, _classes(identityId), kind);
        if (cap == 0) return;
        bytes32 key = _windowKey(msg.sender, identityId, token, kind);
        (uint64 newest, uint256[BUCKETS] memory ring, uint256 used) = _load(key);
        if (used + amount > cap) {
            uint256 allowedNow = used < cap ? cap - used : 0;
            uint40 moreAt = _fitsAt(newest, ring, used, cap, amount);
            if (kind == Kind.DepositPerDay)
                revert DailyDepositCapExceeded(identityId, token, amount, allowedNow, moreAt);
            revert DailyWithdrawalCapExceeded(identityId, token, amount, allowedNow, moreAt);
        }
        // No overflow: used + amount <= cap <= MAX_LIMIT, so the bucket stays within 96 bits.
        ring[newest % BUCKETS] += amount;
        _store(key, newest, ring);
        uint40 now_ = _now();
        emit WindowConsumed(msg.sender, identityId, token, kind, amount, now_);
    }

    /// @dev The window at `key` advanced to now: the newest bucket index (now's), the ring with the buckets that left
    /// the window zeroed (at most BUCKETS), and the sum it counts.
    function _load(bytes32 key) private view returns (uint64 newest, uint256[BUCKETS] memory ring, uint256 used) {
        uint256[3] storage w = _windows[key];
        uint256 s0 = w[0];
        uint256 s1 = w[1];
        uint256 s2 = w[2];
        uint64 stored = uint64(s0);
        ring[0] = (s0 >> 64) & MASK96;
        ring[1] = s0 >> 160;
        ring[2] = s1 & MASK96;
        ring[3] = s1 >> 96;
        ring[4] = s2 & MASK96;
        ring[5] = s2 >> 96;
        newest = uint64(_now() / BUCKET_SECONDS);
        if (newest > stored) {
            uint256 gap = newest - stored;
            if (gap >= BUCKETS) gap = BUCKETS;
            for (uint256 k = 1; k <= gap; ++k) ring[(stored + k) % BUCKETS] = 0;
        } else {
            newest = stored; // the clock never runs back; kept for safety
        }
        for (uint256 i; i < BUCKETS; ++i) used += ring[i];
    }

    function _store(bytes32 key, uint64 newest, uint256[BUCKETS] memory ring) private {
        uint256[3] storage w = _windows[key];
        w[0] = uint256(newest) | (ring[0] << 64) | (ring[1] << 160);
        w[1] = ring[2] | (ring[3] << 96);
        w[2] = ring[4] | (ring[5] << 96);
    }

    /// @dev The earliest time `amount` fits under `cap` in the window (newest bucket `newest`, counting `used`): the
    /// buckets leave oldest first, bucket j at (j + BUCKETS) * BUCKET_SECONDS. An amount above the cap itself never
    /// fits: then the time the window is empty.
    function _fitsAt(
        uint64 newest,
        uint256[BUCKETS] memory ring,
        uint256 used,
        uint256 cap,
        uint256 amount
    ) private pure returns (uint40) {
        uint40 at;
        for (uint256 k; k < BUCKETS; ++k) {
            uint256 j = uint256(newest) + 1 + k - BUCKETS; // oldest first; newest >= 5 on any plausible clock
            uint256 b = ring[j % BUCKETS];
            if (b == 0) continue;
            used -= b;
            at = uint40((j + BUCKETS) * BUCKET_SECONDS);
            if (amount <= cap && used + amount <= cap) return at; // no `cap - used`: a lowered cap may be below it
        }
        return at;
    }

    /// @dev The cap that binds: the stricter of policy `policyId`'s (0: none) and root `root`'s policy's (0: no root)
    /// effective limits, where a limit only one of them sets binds (0: unlimited under both).
    function _cap(
        uint32 policyId,
        uint64 root,
        address token,
        uint8 classes,
        Kind kind
    ) private view returns (uint256 cap) {
        if (policyId != 0) cap = _effective(policyId, token, classes, kind);
        if (root == 0) return cap;
        uint32 rp = _rootPolicies[root].policyId;
        if (rp == 0 || rp == policyId) return cap;
        uint256 r = _effective(rp, token, classes, kind);
        if (r != 0 && (cap == 0 || r < cap)) cap = r;
    }

    /// @dev The most permissive of `classes`' limits `kind` (0: unlimited, when any of its classes has none).
    function _effective(uint32 policyId, address token, uint8 classes, Kind kind) private view returns (uint256 most) {
        if (classes == 0) return 0;
        for (uint8 i; i < CLASS_COUNT; ++i) {
            if (classes & (1 << i) == 0) continue;
            uint256 v = _limits[policyId][token][i][kind].value;
            if (v == 0) return 0;
            if (v > most) most = v;
        }
    }

    function _classes(uint64 identityId) private view returns (uint8) {
        return REGISTRY.identity(identityId).classes;
    }

    function _classIndex(uint8 classBit) private pure returns (uint8 index) {
        if (classBit == 0 || classBit & (classBit - 1) != 0 || classBit & ~ClientClasses.ALL != 0)
            revert InvalidClientClass(classBit);
        while (classBit >> index != 1) ++index;
    }

    function _windowKey(address venue, uint64 identityId, address token, Kind kind) private pure returns (bytes32) {
        return keccak256(abi.encode(venue, identityId, token, kind));
    }
}
