// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title ISanctionsList
 * @notice The sanctions lists of the authority tree's roots: per root, wallets (registered or not) and client
 * identities, each listed with a non-zero reason hash by the root's account or by the account of a valid node under
 * that root holding the SANCTIONS scope.
 * @dev Rank, as everywhere in the tree: an entry records the rank (depth) of the node that listed it; only that rank
 * or a higher one (smaller depth) lifts it, and a higher rank may take a lower one's entry over. Cleared-by rank: a
 * lift at rank r marks the party under that root; until rank r or above lists it again, no lower rank may.
 * Effect at once, at constant cost: a listing advances the restriction epoch of the listing root and of the root of
 * the listed party's identity in the client registry (every cached clearance of a client is stamped with its
 * identity's root), so every venue's cached clearance of that party is checked live again. A lift only grants, so it
 * advances nothing. Identity ids are those of the client registry that reports restrictions to this tree.
 */
interface ISanctionsList {
    /// @notice One list entry of a party (a wallet or an identity) under a root.
    struct SanctionEntry {
        bytes32 reason; // 0 while not listed
        uint64 node; // the node that listed it (or last lifted it)
        uint8 rank; // the depth of that node while listed
        bool listed;
        bool cleared; // lifted at `clearedRank`: a lower rank may not list it again
        uint8 clearedRank;
    }

    /// @notice `wallet` (or identity `identityId`; the other is zero) was listed under `root` by node `node` at
    /// depth `rank` for `reason`; `takeover` when it was already listed by a lower rank.
    event SanctionAdded(
        uint64 indexed root,
        address indexed wallet,
        uint64 indexed identityId,
        bytes32 reason,
        uint64 node,
        uint8 rank,
        bool takeover
    );
    /// @notice The entry of `wallet` (or identity `identityId`) under `root` was lifted by node `node` at depth
    /// `rank`: until that rank or above lists it again, no lower one may.
    event SanctionLifted(
        uint64 indexed root,
        address indexed wallet,
        uint64 indexed identityId,
        uint64 node,
        uint8 rank
    );

    /// @notice Exactly one of `wallet` and `identityId` must be non-zero.
    error InvalidSanctionParty(address wallet, uint64 identityId);
    /// @notice `rootId` is not a root of the tree.
    error NotSanctionsRoot(uint64 rootId);
    /// @notice `account` is neither `rootId`'s account nor the account of a valid node under it holding SANCTIONS.
    error NotSanctionsAuthority(address account, uint64 rootId);
    /// @notice A listing needs a non-zero reason hash.
    error MissingSanctionReason();
    /// @notice `registry` is not a client registry reporting to this tree (a reporter whose AUTHORITY is the tree).
    error UnknownClientRegistry(address registry);
    /// @notice `wallet` / `identityId` is already listed under `rootId` at `rank`, at or above the caller's.
    error AlreadySanctioned(uint64 rootId, address wallet, uint64 identityId, uint8 rank);
    /// @notice `wallet` / `identityId` is not listed under `rootId`.
    error NotSanctioned(uint64 rootId, address wallet, uint64 identityId);
    /// @notice The entry was set at rank `rank`; a caller at `callerRank` (lower) cannot lift it.
    error SanctionedByHigherAuthority(uint64 rootId, address wallet, uint64 identityId, uint8 rank, uint8 callerRank);
    /// @notice A lift at rank `clearedRank` stands; a caller at `callerRank` (lower) cannot list the party again.
    error SanctionClearedByHigherAuthority(
        uint64 rootId,
        address wallet,
        uint64 identityId,
        uint8 clearedRank,
        uint8 callerRank
    );
    /// @notice `wallet` / `identityId` is already listed by MAX_SANCTION_ROOTS roots.
    error TooManySanctionRoots(address wallet, uint64 identityId, uint256 max);
    /// @notice `wallet` (or its identity `identityId`) is on `rootId`'s sanctions list for `reason`.
    error PartySanctioned(uint64 rootId, address wallet, uint64 identityId, bytes32 reason);

    /// @notice The most roots that may list one party at once (bounds every screening loop).
    function MAX_SANCTION_ROOTS() external view returns (uint256);

    /**
     * @notice List `wallet` (or identity `identityId`, exactly one non-zero) under root `rootId` for `reason`.
     * Caller: the root's account, or the account of a valid node under it holding SANCTIONS. An entry of a lower rank
     * is taken over; one at the caller's rank or above refuses (AlreadySanctioned). `registry` is the client
     * registry (a reporter of this tree whose AUTHORITY is the tree): the listed party's identity root is read there,
     * so that its epoch advances with the listing root's.
     */
    function addSanction(uint64 rootId, address wallet, uint64 identityId, bytes32 reason, address registry) external;

    /// @notice Lift the entry of `wallet` (or identity `identityId`) under `rootId`. Caller: as for addSanction, at
    /// the entry's rank or above; or, once `rootId` is retired (revoked or past its lease: nobody can act for it), the
    /// tree's governor, as node 0 at rank 0. The lift's rank is recorded (cleared-by rank).
    function liftSanction(uint64 rootId, address wallet, uint64 identityId) external;

    /// @notice The entry of `wallet` (or identity `identityId`) under `rootId`.
    function sanctionEntry(
        uint64 rootId,
        address wallet,
        uint64 identityId
    ) external view returns (SanctionEntry memory);

    /// @notice The roots listing `wallet` and then those listing identity `identityId` (a root may appear twice).
    /// Two storage reads when nothing is listed.
    function sanctionRoots(address wallet, uint64 identityId) external view returns (uint64[] memory roots);

    /// @notice `scopeUntil(nodeId, scope)` and `sanctionRoots(wallet, identityId)` in one call: what the client
    /// registry's eligibility asks the tree (one call on the token's and the venue's paths).
    function screenedScopeUntil(
        uint64 nodeId,
        uint32 scope,
        address wallet,
        uint64 identityId
    ) external view returns (uint40 until, uint64[] memory roots);

    /// @notice Reverts with PartySanctioned if `wallet` or identity `identityId` is listed under `rootA` or `rootB`
    /// (0: none; either party may be 0).
    function requireNotSanctioned(uint64 rootA, uint64 rootB, address wallet, uint64 identityId) external view;

    /// @notice Reverts with PartySanctioned (naming the first listing root) if `wallet` or identity `identityId` is
    /// listed under any root (either party may be 0): what the client registry asks before a wallet joins, leaves or
    /// moves between identities, so that no root's listing is escaped by re-binding the wallet.
    function requireNotSanctionedAnywhere(address wallet, uint64 identityId) external view;
}
