// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IEligibility, IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IPairRegistry} from "../interfaces/IPairRegistry.sol";
import {Scopes} from "../types/Scope.sol";
import {ChainClock} from "../utils/ChainClock.sol";

/**
 * @title PairRegistry
 * @notice The tradable product list and its governance. See IPairRegistry for the rules.
 * @dev isTradable reads one packed slot (PairState: status, both asset ids, both required-attestation masks). When
 * the masks are empty it answers from that slot alone; otherwise it makes one call to the asset registry, which reads
 * one slot per required attestation and walks each distinct auditor node in the authority tree. Nothing about
 * attestations is cached here: a newer attestation, a withdrawn one, or an auditor whose authority lapses (revoked,
 * suspended, lease ended, anywhere up its ancestry) takes effect on the very next check, with no fan-out to pairs.
 */
contract PairRegistry is IPairRegistry, ChainClock {
    /// @inheritdoc IPairRegistry
    uint40 public constant MAX_PROPOSAL_TTL = 90 days;
    /// @inheritdoc IPairRegistry
    uint128 public constant MAX_SIZE = 2 ** 96;
    uint8 private constant _ALL_KINDS = 0x0f; // the four attestation kinds of IAssetRegistry
    uint8 private constant _RESERVE = uint8(1 << uint8(IAssetRegistry.AttestationKind.Reserve));

    /// @notice The authority tree whose LIST and GOVERN holders act here.
    IAuthorityTree public immutable TREE;
    /// @notice The asset registry pairs are built from.
    IAssetRegistry public immutable ASSETS;
    /// @notice The client registry that holds each pair's eligibility policy.
    IEligibility public immutable ELIGIBILITY;

    /// @dev The per-match slot: 8 x 5 + 32 x 3 + 64 + 40 = 240 bits.
    struct PairState {
        PairStatus status;
        ProductType productType;
        uint8 baseAttestations;
        uint8 quoteAttestations;
        uint32 baseAsset;
        uint32 quoteAsset;
        uint32 policyId;
        uint64 root;
        uint40 proposalExpiry;
        uint8 haltRank; // depth of the GOVERN node that halted it (while Halted)
    }

    /// @dev Read once per order: tokens, sizes and the proposer.
    struct PairParams {
        address baseToken;
        uint64 proposerNode;
        address quoteToken;
        uint128 tickSize;
        uint128 lotSize;
        uint128 minSize;
    }

    /// @dev Both assets' tokens and effective required kinds (Reserve added for a native asset).
    struct Sides {
        address baseToken;
        address quoteToken;
        uint8 baseKinds;
        uint8 quoteKinds;
    }

    uint32 private _pairCount;
    mapping(uint32 pairId => PairState) private _states;
    mapping(uint32 pairId => PairParams) private _params;
    mapping(bytes32 key => uint32 pairId) private _live;
    /// @dev Per (base, quote, product) key: the delister's depth + 1 (0: no bar).
    mapping(bytes32 key => uint8 barPlusOne) private _delistBars;
    /// @dev Per pair: the cleared-by mark, depth + 1 of the last lift (a resume, or an approval lifting a delisting
    /// bar; 0: no mark). Kept apart from the per-match slot: only governance reads and writes it.
    mapping(uint32 pairId => uint8 clearedPlusOne) private _clearedBars;

    /// @param tree The authority tree.
    /// @param assets The asset registry (its time unit must equal `timeUnit`).
    /// @param eligibility The client registry where pair policies are created: the one the asset registry's native
    /// tokens read (its factory's ELIGIBILITY), on the same tree.
    /// @param timeUnit Chain timestamp units per second: 1 on Ethereum/Hardhat, 1000 on PlatON.
    constructor(
        IAuthorityTree tree,
        IAssetRegistry assets,
        IEligibility eligibility,
        uint256 timeUnit
    ) ChainClock(timeUnit) {
        _requireSameClock(address(assets));
        _requireSameClock(address(eligibility));
        // One stack: the assets' attestations and the pairs' policies must be governed by the tree governing pairs.
        address assetsTree = address(assets.TREE());
        if (assetsTree != address(tree)) revert TreeMismatch(address(assets), assetsTree);
        address eligibilityTree = address(IIdentityRegistry(address(eligibility)).AUTHORITY());
        if (eligibilityTree != address(tree)) revert TreeMismatch(address(eligibility), eligibilityTree);
        // And one client registry: the native tokens' holder checks must read the identities the pairs' policies do.
        address tokensEligibility = address(assets.FACTORY().ELIGIBILITY());
        if (tokensEligibility != address(eligibility))
            revert EligibilityMismatch(tokensEligibility, address(eligibility));
        TREE = tree;
        ASSETS = assets;
        ELIGIBILITY = eligibility;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Proposals
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IPairRegistry
    function proposePair(
        uint64 root,
        PairTerms calldata terms,
        PolicyTerms calldata policy
    ) external returns (uint32 pairId) {
        uint64 proposerNode = _requireScope(msg.sender, root, Scopes.LIST);
        _checkTerms(terms);
        Sides memory sides = _sides(terms, root);
        pairId = _claim(terms);
        // The one state-changing call out goes to the client registry fixed at deployment; the id and the key are
        // claimed before it, so nothing it could do would let a second proposal take them.
        uint32 policyId = ELIGIBILITY.createPolicy(
            policy.trustedRoots,
            policy.allowedClasses,
            policy.barredJurisdictions
        );
        _record(pairId, root, proposerNode, terms, policyId, sides);
    }

    /// @inheritdoc IPairRegistry
    function withdrawPair(uint32 pairId) external {
        PairState storage s = _existing(pairId);
        if (s.status != PairStatus.Proposed) revert InvalidPairStatus(pairId, s.status);
        bool isProposer = TREE.node(_params[pairId].proposerNode).account == msg.sender;
        if (!isProposer && !TREE.hasScope(msg.sender, s.root, Scopes.GOVERN)) {
            revert NotProposerOrGovernor(msg.sender, pairId);
        }
        s.status = PairStatus.Withdrawn;
        _release(pairId, s);
        emit PairWithdrawn(pairId, msg.sender);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Governance
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IPairRegistry
    function approvePair(uint32 pairId) external {
        PairState storage s = _existing(pairId);
        uint64 governNode = _requireScope(msg.sender, s.root, Scopes.GOVERN);
        if (s.status != PairStatus.Proposed) revert InvalidPairStatus(pairId, s.status);
        uint40 t = _now();
        if (t >= s.proposalExpiry) revert ProposalExpired(pairId, s.proposalExpiry, t);
        uint64 proposerNode = _params[pairId].proposerNode;
        if (governNode == proposerNode) revert SelfApproval(pairId, governNode);
        if (!TREE.nodeHasScope(proposerNode, Scopes.LIST)) revert ProposerNotValid(pairId, proposerNode);
        uint8 rank = _requireIndependent(pairId, governNode, proposerNode);
        // A retired asset joins no pair, ever: a proposal made before the retirement included.
        if (ASSETS.isRetired(s.baseAsset)) revert AssetRetired(s.baseAsset);
        if (ASSETS.isRetired(s.quoteAsset)) revert AssetRetired(s.quoteAsset);
        bytes32 key = _barKey(s.baseAsset, s.quoteAsset, s.productType);
        uint8 bar = _delistBars[key];
        if (bar != 0) {
            // A key delisted from above is re-listed only from that rank or above, which lifts the bar; the lift
            // marks the new pair cleared at that rank, so a lower one cannot halt or delist it again at once.
            if (rank >= bar) revert DelistedByHigherAuthority(pairId, bar - 1, rank);
            delete _delistBars[key];
            _clearedBars[pairId] = rank + 1;
        }
        s.status = PairStatus.Listed;
        emit PairApproved(pairId, governNode, rank);
    }

    /// @inheritdoc IPairRegistry
    function haltPair(uint32 pairId, bytes32 reason) external {
        PairState storage s = _existing(pairId);
        uint64 governNode = _requireScope(msg.sender, s.root, Scopes.GOVERN);
        uint8 rank = _depth(governNode);
        // A higher authority may take over a lower one's halt, so that the lower one can no longer lift it.
        bool takeover = s.status == PairStatus.Halted && rank < s.haltRank;
        if (s.status != PairStatus.Listed && !takeover) revert InvalidPairStatus(pairId, s.status);
        _clearCleared(pairId, rank); // the halt record replaces the mark
        s.status = PairStatus.Halted;
        s.haltRank = rank;
        emit PairHalted(pairId, governNode, rank, reason);
        if (!takeover) TREE.reportRestriction(s.root); // a takeover restricts nothing new
    }

    /// @inheritdoc IPairRegistry
    function resumePair(uint32 pairId) external {
        PairState storage s = _existing(pairId);
        uint64 governNode = _requireScope(msg.sender, s.root, Scopes.GOVERN);
        if (s.status != PairStatus.Halted) revert InvalidPairStatus(pairId, s.status);
        uint8 rank = _depth(governNode);
        if (rank > s.haltRank) revert HaltedByHigherAuthority(pairId, s.haltRank, rank);
        s.status = PairStatus.Listed;
        s.haltRank = 0;
        // Cleared at this rank: a lower one may not re-halt or delist at once what it lifted (it escalates instead).
        _clearedBars[pairId] = rank + 1;
        emit PairResumed(pairId, governNode, rank);
    }

    /// @inheritdoc IPairRegistry
    function delistPair(uint32 pairId, bytes32 reason) external {
        PairState storage s = _existing(pairId);
        uint64 governNode = _requireScope(msg.sender, s.root, Scopes.GOVERN);
        if (s.status != PairStatus.Listed && s.status != PairStatus.Halted) {
            revert InvalidPairStatus(pairId, s.status);
        }
        uint8 rank = _depth(governNode);
        _clearCleared(pairId, rank);
        // Delisting a pair halted from higher up must not hand relisting to the lower delister: the key is barred
        // at the higher of the two authorities.
        if (s.status == PairStatus.Halted && s.haltRank < rank) rank = s.haltRank;
        s.status = PairStatus.Delisted;
        s.haltRank = 0;
        _release(pairId, s);
        bytes32 key = _barKey(s.baseAsset, s.quoteAsset, s.productType);
        uint8 bar = _delistBars[key];
        if (bar == 0 || rank < bar - 1) _delistBars[key] = rank + 1;
        emit PairDelisted(pairId, governNode, rank, reason);
        TREE.reportRestriction(s.root);
    }

    /// @inheritdoc IPairRegistry
    function delistUnderDeadRoot(uint32 pairId) external {
        PairState storage s = _existing(pairId);
        if (s.status != PairStatus.Listed && s.status != PairStatus.Halted) {
            revert InvalidPairStatus(pairId, s.status);
        }
        uint64 root = s.root;
        // Dead: revoked (final) or past its lease (a lease that has ended cannot be renewed). A suspension can be
        // lifted, so a suspended root's governors keep the decision.
        IAuthorityTree.Node memory r = TREE.node(root);
        if (r.status != IAuthorityTree.NodeStatus.Revoked && _now() < r.expiry) revert RootStillLive(pairId, root);
        s.status = PairStatus.Delisted;
        s.haltRank = 0;
        delete _clearedBars[pairId];
        _release(pairId, s);
        // No delisting bar: nothing can be listed under a dead root again. No restriction to report: the pair has
        // not been tradable since its root died (tradableUntil walks the root).
        emit PairDelistedUnderDeadRoot(pairId, root, msg.sender);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IPairRegistry
    function isTradable(uint32 pairId) external view returns (bool) {
        return tradableUntil(pairId) > _now();
    }

    /// @inheritdoc IPairRegistry
    function tradableUntil(uint32 pairId) public view returns (uint40 until) {
        PairState storage s = _states[pairId];
        (PairStatus status, uint8 baseKinds, uint8 quoteKinds) = (s.status, s.baseAttestations, s.quoteAttestations);
        if (status != PairStatus.Listed) return 0;
        // A root suspended, retired or past its lease stops every pair listed under it.
        until = TREE.validUntil(s.root);
        if (until == 0 || baseKinds | quoteKinds == 0) return until;
        uint40 met = ASSETS.requirementsUntil(s.baseAsset, baseKinds, s.quoteAsset, quoteKinds);
        if (met < until) until = met;
    }

    /// @inheritdoc IPairRegistry
    function pair(uint32 pairId) external view returns (Pair memory) {
        PairState memory s = _existing(pairId);
        PairParams memory p = _params[pairId];
        return
            Pair({
                baseToken: p.baseToken,
                quoteToken: p.quoteToken,
                tickSize: p.tickSize,
                lotSize: p.lotSize,
                minSize: p.minSize,
                policyId: s.policyId,
                root: s.root,
                status: s.status,
                baseAsset: s.baseAsset,
                quoteAsset: s.quoteAsset,
                productType: s.productType,
                baseAttestations: s.baseAttestations,
                quoteAttestations: s.quoteAttestations,
                proposalExpiry: s.proposalExpiry,
                proposerNode: p.proposerNode
            });
    }

    /// @inheritdoc IPairRegistry
    function pairStatus(uint32 pairId) external view returns (PairStatus) {
        return _states[pairId].status;
    }

    /// @inheritdoc IPairRegistry
    function livePairOf(uint32 baseAsset, uint32 quoteAsset, ProductType productType) external view returns (uint32) {
        return _live[_key(baseAsset, quoteAsset, productType)];
    }

    /// @inheritdoc IPairRegistry
    function pairCount() external view returns (uint32) {
        return _pairCount;
    }

    /// @inheritdoc IPairRegistry
    function haltRank(uint32 pairId) external view returns (uint8) {
        return _states[pairId].haltRank;
    }

    /// @inheritdoc IPairRegistry
    function clearedRank(uint32 pairId) external view returns (bool cleared, uint8 depth) {
        uint8 bar = _clearedBars[pairId];
        return bar == 0 ? (false, 0) : (true, bar - 1);
    }

    /// @inheritdoc IPairRegistry
    function delistingBar(
        uint32 baseAsset,
        uint32 quoteAsset,
        ProductType productType
    ) external view returns (bool barred, uint8 depth) {
        uint8 bar = _delistBars[_barKey(baseAsset, quoteAsset, productType)];
        return bar == 0 ? (false, 0) : (true, bar - 1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------------------------

    function _checkTerms(PairTerms calldata terms) private view {
        if (terms.productType != ProductType.Spot) revert ProductTypeNotSupported(terms.productType);
        if (terms.baseAsset == terms.quoteAsset) revert SameAsset(terms.baseAsset);
        _checkSizes(terms.tickSize, terms.lotSize, terms.minSize);
        if (terms.baseAttestations & ~_ALL_KINDS != 0) revert InvalidKindMask(terms.baseAttestations);
        if (terms.quoteAttestations & ~_ALL_KINDS != 0) revert InvalidKindMask(terms.quoteAttestations);
        uint40 t = _now();
        uint40 limit = t + MAX_PROPOSAL_TTL;
        if (terms.proposalExpiry <= t || terms.proposalExpiry > limit) {
            revert InvalidProposalExpiry(terms.proposalExpiry, t, limit);
        }
    }

    function _sides(PairTerms calldata terms, uint64 root) private view returns (Sides memory sides) {
        (sides.baseToken, sides.baseKinds) = _assetSide(terms.baseAsset, terms.baseAttestations, root);
        (sides.quoteToken, sides.quoteKinds) = _assetSide(terms.quoteAsset, terms.quoteAttestations, root);
    }

    /// @dev Takes the next id and claims the (base, quote, product) key, unless a live pair holds it. An expired
    /// proposal no longer holds it.
    function _claim(PairTerms calldata terms) private returns (uint32 pairId) {
        bytes32 key = _key(terms.baseAsset, terms.quoteAsset, terms.productType);
        uint40 t = _now();
        uint32 live = _live[key];
        if (live != 0 && !_isExpiredProposal(_states[live], t)) revert PairAlreadyLive(live);
        // (A, B) and (B, A) would be two books for one market: one of them at a time.
        uint32 reverse = _live[_key(terms.quoteAsset, terms.baseAsset, terms.productType)];
        if (reverse != 0 && !_isExpiredProposal(_states[reverse], t)) revert PairAlreadyLive(reverse);
        pairId = ++_pairCount;
        _live[key] = pairId;
    }

    function _record(
        uint32 pairId,
        uint64 root,
        uint64 proposerNode,
        PairTerms calldata terms,
        uint32 policyId,
        Sides memory sides
    ) private {
        _states[pairId] = PairState({
            status: PairStatus.Proposed,
            productType: terms.productType,
            baseAttestations: sides.baseKinds,
            quoteAttestations: sides.quoteKinds,
            baseAsset: terms.baseAsset,
            quoteAsset: terms.quoteAsset,
            policyId: policyId,
            root: root,
            proposalExpiry: terms.proposalExpiry,
            haltRank: 0
        });
        _params[pairId] = PairParams({
            baseToken: sides.baseToken,
            proposerNode: proposerNode,
            quoteToken: sides.quoteToken,
            tickSize: terms.tickSize,
            lotSize: terms.lotSize,
            minSize: terms.minSize
        });
        emit PairProposed(
            pairId,
            root,
            proposerNode,
            terms,
            policyId,
            sides.baseToken,
            sides.quoteToken,
            sides.baseKinds,
            sides.quoteKinds
        );
    }

    /// @dev The asset's token and its effective required kinds (Reserve added for a native asset); it must belong
    /// to `root`.
    function _assetSide(uint32 assetId, uint8 kinds, uint64 root) private view returns (address token, uint8) {
        IAssetRegistry.Asset memory a = ASSETS.asset(assetId); // reverts UnknownAsset
        if (a.root != root) revert AssetRootMismatch(assetId, a.root, root);
        if (a.retired) revert AssetRetired(assetId);
        if (a.kind == IAssetRegistry.AssetKind.Native) kinds |= _RESERVE;
        return (a.token, kinds);
    }

    function _checkSizes(uint128 tickSize, uint128 lotSize, uint128 minSize) private pure {
        bool tooLarge = tickSize > MAX_SIZE || lotSize > MAX_SIZE || minSize > MAX_SIZE;
        if (tooLarge || tickSize == 0 || lotSize == 0 || minSize == 0 || minSize % lotSize != 0) {
            revert InvalidSizes(tickSize, lotSize, minSize);
        }
    }

    /// @dev Frees the (base, quote, product) key when `pairId` stops being live.
    function _release(uint32 pairId, PairState storage s) private {
        bytes32 key = _key(s.baseAsset, s.quoteAsset, s.productType);
        if (_live[key] == pairId) delete _live[key];
    }

    function _isExpiredProposal(PairState storage s, uint40 t) private view returns (bool) {
        return s.status == PairStatus.Proposed && t >= s.proposalExpiry;
    }

    function _key(uint32 baseAsset, uint32 quoteAsset, ProductType productType) private pure returns (bytes32) {
        return keccak256(abi.encode(baseAsset, quoteAsset, productType));
    }

    /// @dev The delisting bar's key names the two assets in either order: (A, B) and (B, A) are one market.
    function _barKey(uint32 assetA, uint32 assetB, ProductType productType) private pure returns (bytes32) {
        return assetA < assetB ? _key(assetA, assetB, productType) : _key(assetB, assetA, productType);
    }

    /**
     * @dev Four eyes: the approving node must not be the proposer's account's node or lie beneath it (a child it
     * granted to a second key). An account's only node that can be valid under a root is its current one (a re-grant
     * needs the old node dead, and nothing beneath a dead node is valid), so with `governNode` valid, "held or managed
     * by the proposer's account" is "`proposerNode` is on `governNode`'s path". Returns `governNode`'s depth. One
     * call, reading only the path's state slots (already warm from the scope check); bounded by the tree's depth.
     */
    function _requireIndependent(
        uint32 pairId,
        uint64 governNode,
        uint64 proposerNode
    ) private view returns (uint8 rank) {
        uint64[] memory path = TREE.ancestry(governNode);
        for (uint256 i = 1; i < path.length; ++i) {
            if (path[i] == proposerNode) {
                revert ProposerControlsApprover(pairId, TREE.node(proposerNode).account, governNode);
            }
        }
        return uint8(path.length - 1);
    }

    /// @dev The team's "cleared-by rank" rule: after a lift at rank r, a halt or delisting by a lower rank (deeper
    /// than r) is refused; rank r or above may restrict, which removes the mark (the restriction's record replaces it).
    function _clearCleared(uint32 pairId, uint8 rank) private {
        uint8 bar = _clearedBars[pairId];
        if (bar == 0) return;
        if (rank >= bar) revert ClearedByHigherAuthority(pairId, bar - 1, rank);
        delete _clearedBars[pairId];
    }

    function _depth(uint64 nodeId) private view returns (uint8) {
        return TREE.node(nodeId).depth;
    }

    function _requireScope(address account, uint64 root, uint32 scope) private view returns (uint64 nodeId) {
        nodeId = TREE.nodeOf(account, root);
        if (!TREE.nodeHasScope(nodeId, scope)) revert MissingScope(account, root, scope);
    }

    function _existing(uint32 pairId) private view returns (PairState storage s) {
        s = _states[pairId];
        if (s.status == PairStatus.None) revert UnknownPair(pairId);
    }
}
