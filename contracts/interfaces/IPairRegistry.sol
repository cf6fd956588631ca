// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title IPairRegistry
 * @notice The tradable product list: pairs (base, quote) proposed by LIST holders and governed by GOVERN holders of
 * the same authority root.
 * @dev Pair ids are uint32, sequential from 1 (0 means "none"). Lifecycle:
 *   Proposed --approve--> Listed <--halt/resume--> Halted;  Listed|Halted --delist--> Delisted (final);
 *   Proposed --withdraw--> Withdrawn (final). A proposal cannot be approved at or after its expiry, nor once one of
 *   its assets is retired. Once the pair's root is dead (revoked, or its lease ended: neither can be undone), no
 *   GOVERN node of it is valid any more, so anyone may delist a Listed or Halted pair (delistUnderDeadRoot) and venues
 *   clear and retire its book as for any delisted pair.
 * A pair trades (isTradable) only while Listed, its root is valid and every required attestation of both assets counts
 * now: Reserve for a native asset, plus the kinds the listing names for each asset. Both assets must be registered
 * under the pair's root. The eligibility policy of a pair is created in the client registry from the proposal's policy
 * terms (trusted roots, allowed classes, barred jurisdictions), so every pair carries an immutable IEligibility policy
 * id. At most one live (Proposed, Listed or Halted) pair exists per (base, quote, product type) and its reverse (quote,
 * base); an expired proposal no longer blocks a new one.
 *
 * Rank: a halt remembers the depth of the GOVERN node that set it; only that depth or above (smaller) may resume,
 * and a higher rank may take over a halt. A delisting bars its (base, quote, product) key at the delister's depth:
 * approving a new pair for that key needs that depth or above, and such an approval clears the bar. A proposal is
 * never approved by its own proposer's node, nor by a node the proposer's account holds or manages (a child it
 * granted), nor once the proposer's LIST node is no longer valid.
 * Cleared-by rank: a resume at depth r, or an approval at depth r that lifts a delisting bar, marks the pair as cleared
 * at r; while the mark stands, a halt or delisting by a deeper (lower) rank is refused (ClearedByHigherAuthority), so
 * a lower authority that disagrees escalates rather than undoing the higher one's decision at once. Depth r or above
 * may halt or delist again, which replaces the mark; a rank that lifts its own halt may therefore halt again.
 */
interface IPairRegistry {
    /// @notice Lifecycle of a pair (see the contract notes).
    enum PairStatus {
        None,
        Proposed,
        Listed,
        Halted,
        Delisted,
        Withdrawn
    }

    /// @notice The product traded. Only Spot can be listed today; Futures and Options are reserved.
    enum ProductType {
        Spot,
        Futures,
        Options
    }

    /// @notice The listing terms a LIST holder proposes.
    struct PairTerms {
        uint32 baseAsset; // asset id in the asset registry
        uint32 quoteAsset; // asset id in the asset registry
        ProductType productType;
        uint128 tickSize; // the price grid step, in the venue's price unit (> 0)
        uint128 lotSize; // order sizes are multiples of this, in base-token smallest units (> 0)
        uint128 minSize; // the smallest order, a positive multiple of lotSize
        uint8 baseAttestations; // attestation kinds (mask, bit 1 << kind) required of the base asset, beyond Reserve
        uint8 quoteAttestations; // the same for the quote asset
        uint40 proposalExpiry; // the proposal cannot be approved at or after this time, seconds
    }

    /// @notice The eligibility policy terms of a proposal, passed to IEligibility.createPolicy.
    struct PolicyTerms {
        uint64[] trustedRoots;
        uint8 allowedClasses;
        uint16[] barredJurisdictions;
    }

    /// @notice A pair as returned by `pair`: what a venue reads once per order.
    struct Pair {
        address baseToken;
        address quoteToken;
        uint128 tickSize;
        uint128 lotSize;
        uint128 minSize;
        uint32 policyId; // IEligibility policy both parties must satisfy
        uint64 root;
        PairStatus status;
        uint32 baseAsset;
        uint32 quoteAsset;
        ProductType productType;
        uint8 baseAttestations; // effective required kinds of the base asset (Reserve included for a native asset)
        uint8 quoteAttestations; // the same for the quote asset
        uint40 proposalExpiry;
        uint64 proposerNode;
    }

    /**
     * @notice LIST node `proposerNode` proposed pair `pairId` under `root` with `terms` (the attestation masks as
     * given) and `policyId`; `baseAttestations`/`quoteAttestations` are the effective required kinds, and
     * `baseToken`/`quoteToken` the assets' tokens.
     */
    event PairProposed(
        uint32 indexed pairId,
        uint64 indexed root,
        uint64 indexed proposerNode,
        PairTerms terms,
        uint32 policyId,
        address baseToken,
        address quoteToken,
        uint8 baseAttestations,
        uint8 quoteAttestations
    );
    /// @notice GOVERN node `governNode` (at depth `rank`) approved pair `pairId`, which is now listed; if the approval
    /// lifted a delisting bar of its market, the pair is marked cleared at `rank`.
    event PairApproved(uint32 indexed pairId, uint64 indexed governNode, uint8 rank);
    /// @notice GOVERN node `governNode` (at depth `rank`) halted pair `pairId`, or took over its halt.
    event PairHalted(uint32 indexed pairId, uint64 indexed governNode, uint8 rank, bytes32 reason);
    /// @notice GOVERN node `governNode` (at depth `rank`) resumed pair `pairId`, which is now marked cleared at `rank`.
    event PairResumed(uint32 indexed pairId, uint64 indexed governNode, uint8 rank);
    /// @notice GOVERN node `governNode` delisted pair `pairId`, for good; its market (the two assets in either order)
    /// is barred at `rank`: the delister's depth, or the halter's if a higher authority had halted it (an existing
    /// higher bar stays).
    event PairDelisted(uint32 indexed pairId, uint64 indexed governNode, uint8 rank, bytes32 reason);
    /// @notice The proposal of pair `pairId` was withdrawn by `by`.
    event PairWithdrawn(uint32 indexed pairId, address indexed by);
    /// @notice `by` delisted pair `pairId`, for good, because its root `root` is revoked or past its lease; no
    /// delisting bar is set (nothing is listed under a dead root again).
    event PairDelistedUnderDeadRoot(uint32 indexed pairId, uint64 indexed root, address by);

    /// @notice `account` holds no valid node under `root` that effectively holds `scope`.
    error MissingScope(address account, uint64 root, uint32 scope);
    /// @notice No pair has id `pairId`.
    error UnknownPair(uint32 pairId);
    /// @notice Pair `pairId` is `status`, which this operation does not accept.
    error InvalidPairStatus(uint32 pairId, PairStatus status);
    /// @notice Product type `productType` is reserved and cannot be listed yet.
    error ProductTypeNotSupported(ProductType productType);
    /// @notice Asset `assetId` is registered under root `assetRoot`, not the pair's root `root`.
    error AssetRootMismatch(uint32 assetId, uint64 assetRoot, uint64 root);
    /// @notice Asset `assetId` was retired in the asset registry.
    error AssetRetired(uint32 assetId);
    /// @notice A pair needs two different assets.
    error SameAsset(uint32 assetId);
    /// @notice Tick, lot and minimum sizes must be positive, at most MAX_SIZE, and the minimum a multiple of the lot.
    error InvalidSizes(uint128 tickSize, uint128 lotSize, uint128 minSize);
    /// @notice `mask` names a bit that is no attestation kind.
    error InvalidKindMask(uint8 mask);
    /// @notice A proposal's `expiry` must lie after `now` and no later than `now + MAX_PROPOSAL_TTL` (`limit`).
    error InvalidProposalExpiry(uint40 expiry, uint40 now, uint40 limit);
    /// @notice Pair `pairId` is already live for these assets and product type.
    error PairAlreadyLive(uint32 pairId);
    /// @notice The proposal of pair `pairId` expired at `expiry` (now `now`).
    error ProposalExpired(uint32 pairId, uint40 expiry, uint40 now);
    /// @notice `caller` is neither the proposer of pair `pairId` nor a GOVERN holder of its root.
    error NotProposerOrGovernor(address caller, uint32 pairId);
    /// @notice Pair `pairId` was halted at depth `haltRank`; the caller's GOVERN node is at `callerRank`, below it.
    error HaltedByHigherAuthority(uint32 pairId, uint8 haltRank, uint8 callerRank);
    /// @notice The key of pair `pairId` was delisted at depth `barRank`; the caller's GOVERN node is at `callerRank`.
    error DelistedByHigherAuthority(uint32 pairId, uint8 barRank, uint8 callerRank);
    /// @notice Node `node` proposed pair `pairId` and may not approve it too.
    error SelfApproval(uint32 pairId, uint64 node);
    /// @notice The proposer's node `proposerNode` of pair `pairId` is no longer valid or no longer holds LIST.
    error ProposerNotValid(uint32 pairId, uint64 proposerNode);
    /// @notice `proposer`, who proposed pair `pairId`, holds or manages the approving node `governNode`.
    error ProposerControlsApprover(uint32 pairId, address proposer, uint64 governNode);
    /// @notice Pair `pairId` was resumed at depth `clearedRank`; the caller's GOVERN node is at `callerRank`, below it.
    error ClearedByHigherAuthority(uint32 pairId, uint8 clearedRank, uint8 callerRank);
    /// @notice The root `root` of pair `pairId` is neither revoked nor past its lease: its governors decide.
    error RootStillLive(uint32 pairId, uint64 root);
    /// @notice `dependency` answers to authority tree `dependencyTree`, not the pair registry's.
    error TreeMismatch(address dependency, address dependencyTree);
    /// @notice The asset registry's native tokens read client registry `tokensEligibility`, not `eligibility`.
    error EligibilityMismatch(address tokensEligibility, address eligibility);

    /**
     * @notice Propose a pair under `root`. Caller: a valid LIST holder of `root`.
     * @dev Creates the pair's eligibility policy from `policy` in the client registry (its errors propagate).
     * @return pairId The new pair's id.
     */
    function proposePair(
        uint64 root,
        PairTerms calldata terms,
        PolicyTerms calldata policy
    ) external returns (uint32 pairId);

    /// @notice Approve proposed pair `pairId`, listing it. Caller: a valid GOVERN holder of the pair's root, not the
    /// proposer nor through a node the proposer's account holds or manages, at or above any delisting bar of the
    /// pair's key (lifting it marks the pair cleared at the caller's depth); the proposal must not have expired, its
    /// proposer's LIST node must still be valid and neither asset may be retired.
    function approvePair(uint32 pairId) external;

    /// @notice Halt listed pair `pairId`, or take over a lower rank's halt. Caller: a valid GOVERN holder of the
    /// pair's root, at or above the depth of the last resume (clearedRank).
    function haltPair(uint32 pairId, bytes32 reason) external;

    /// @notice Resume halted pair `pairId`, marking it cleared at the caller's depth. Caller: a valid GOVERN holder
    /// of the pair's root at the halter's depth or above.
    function resumePair(uint32 pairId) external;

    /// @notice Delist listed or halted pair `pairId`, for good. Caller: a valid GOVERN holder of the pair's root, at
    /// or above the depth of the last resume (clearedRank).
    function delistPair(uint32 pairId, bytes32 reason) external;

    /// @notice Delist listed or halted pair `pairId`, for good, once its root is revoked or past its lease (no GOVERN
    /// node of it can act any more). Caller: anyone.
    function delistUnderDeadRoot(uint32 pairId) external;

    /// @notice Withdraw proposal `pairId` (expired or not). Caller: the proposing node's account, or a valid GOVERN
    /// holder of the pair's root.
    function withdrawPair(uint32 pairId) external;

    /**
     * @notice Whether pair `pairId` may trade now: it is Listed, its root is valid, and every required attestation of
     * both assets counts.
     * @dev Reads one slot here, walks the root (one slot), and when attestations are required, makes one external call
     * to the asset registry reading one slot per required kind and walking each distinct auditor node once.
     */
    function isTradable(uint32 pairId) external view returns (bool);

    /**
     * @notice Until when pair `pairId` stays tradable if nothing is restricted meanwhile: the earliest of its root's
     * lease end and the requirements' end (IAssetRegistry.requirementsUntil); 0 when it is not tradable now. A halt, a
     * delisting, a root suspended or revoked, an attestation withdrawn or superseded each advance the authority
     * tree's restriction epoch, so venues cache the answer against that epoch (see IRestrictionEpoch).
     */
    function tradableUntil(uint32 pairId) external view returns (uint40);

    /// @notice Pair `pairId` (the parameters a venue reads once per order). Reverts with UnknownPair.
    function pair(uint32 pairId) external view returns (Pair memory);

    /// @notice The status of pair `pairId` (None for an unknown id).
    function pairStatus(uint32 pairId) external view returns (PairStatus);

    /// @notice The live (Proposed, Listed or Halted) pair for these assets and product type, or 0.
    /// @dev An expired proposal is still returned here until withdrawn or replaced.
    function livePairOf(uint32 baseAsset, uint32 quoteAsset, ProductType productType) external view returns (uint32);

    /// @notice How many pairs were proposed; ids run from 1 to this number.
    function pairCount() external view returns (uint32);

    /// @notice The depth of the GOVERN node that halted pair `pairId` (meaningful while Halted).
    function haltRank(uint32 pairId) external view returns (uint8);

    /// @notice Whether pair `pairId` carries a cleared-by mark, and its depth: the depth of the last resume (or of the
    /// approval that lifted its market's delisting bar), below which no halt or delisting is accepted until that depth
    /// or above restricts again.
    function clearedRank(uint32 pairId) external view returns (bool cleared, uint8 depth);

    /// @notice Whether the (base, quote, product) key is barred by a delisting, and the depth an approval needs.
    function delistingBar(
        uint32 baseAsset,
        uint32 quoteAsset,
        ProductType productType
    ) external view returns (bool barred, uint8 depth);

    /// @notice The largest tick, lot or minimum size accepted (2^96).
    function MAX_SIZE() external view returns (uint128);

    /// @notice The longest a proposal may stay open, seconds.
    function MAX_PROPOSAL_TTL() external view returns (uint40);
}
