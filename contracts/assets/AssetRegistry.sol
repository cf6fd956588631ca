// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {ICompliantToken} from "../interfaces/ICompliantToken.sol";
import {IMonetaryDesk} from "../interfaces/IMonetaryDesk.sol";
import {ITokenFactory} from "../interfaces/ITokenFactory.sol";
import {Scopes} from "../types/Scope.sol";
import {ChainClock} from "../utils/ChainClock.sol";

/**
 * @title AssetRegistry
 * @notice Registered assets and their attestations. See IAssetRegistry for the rules.
 * @dev What a validity check reads (attestation id, auditor node, times) is packed in one slot per (asset, kind), so
 * `requirementsMet` costs one slot per required kind plus one authority walk per distinct auditor. Amount, hash and
 * URI live apart and are read only by the views and the mint path (amount, redeemed snapshot). The rank binding each
 * (asset, kind) rides in the hot slot's last byte, so it costs no extra slot.
 */
contract AssetRegistry is IAssetRegistry, ChainClock {
    /// @notice The number of attestation kinds; masks use the low KIND_COUNT bits.
    uint8 public constant KIND_COUNT = 4;
    uint8 private constant _ALL_KINDS = uint8((1 << KIND_COUNT) - 1);

    /// @inheritdoc IAssetRegistry
    uint40 public constant MAX_ATTESTATION_TTL = 400 days;

    /// @inheritdoc IAssetRegistry
    IAuthorityTree public immutable TREE;
    /// @inheritdoc IAssetRegistry
    ITokenFactory public immutable FACTORY;

    /// @dev The hot part of an attestation: 256 bits, one slot. `rankBar` is the binding depth + 1 (0: none): the
    /// poster's while an attestation is stored (id != 0), the withdrawer's after a withdrawal (id == 0).
    struct AttestationState {
        uint64 id;
        uint64 auditorNode;
        uint40 issuedAt;
        uint40 expiry;
        uint40 asOf;
        uint8 rankBar;
    }

    /// @dev The cold part of an attestation.
    struct AttestationEvidence {
        uint256 amount;
        bytes32 contentHash;
        string uri;
        uint256 redeemedSnapshot;
    }

    /// @dev token (160) + kind (8) + root (64) + retired (8) in one slot; issuer (160) + listerNode (64) in the next.
    struct AssetRecord {
        address token;
        AssetKind kind;
        uint64 root;
        bool retired;
        address issuer;
        uint64 listerNode;
        string metadataURI;
    }

    uint32 private _assetCount;
    uint64 private _attestationCount;
    mapping(uint32 assetId => AssetRecord) private _assets;
    mapping(address token => mapping(uint64 root => uint32 assetId)) private _assetIdOf;
    mapping(uint32 assetId => mapping(AttestationKind => AttestationState)) private _attestations;
    mapping(uint32 assetId => mapping(AttestationKind => AttestationEvidence)) private _evidence;
    mapping(address token => IssuedToken) private _issued;
    /// @dev An external asset's issuer node under its root at registration (review M1); 0: the account rule applies.
    mapping(uint32 assetId => uint64 issuerNode) private _externalIssuerNode;

    /// @param tree The authority tree.
    /// @param factory The token factory (must trust `tree` and be bound to no other registry; its deployer binds it
    /// to this one next, and until then it creates nothing).
    /// @param timeUnit Chain timestamp units per second: 1 on Ethereum/Hardhat, 1000 on PlatON (must match the tree).
    constructor(IAuthorityTree tree, ITokenFactory factory, uint256 timeUnit) ChainClock(timeUnit) {
        _requireSameClock(address(tree));
        address factoryTree = address(factory.TREE());
        if (factoryTree != address(tree)) revert FactoryTreeMismatch(address(factory), factoryTree);
        address bound = factory.ASSET_REGISTRY();
        if (bound != address(0)) revert FactoryAlreadyBound(address(factory), bound);
        TREE = tree;
        FACTORY = factory;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Assets
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAssetRegistry
    function issueNative(
        uint64 root,
        string calldata name,
        string calldata symbol,
        uint8 decimals,
        uint32 policyId,
        IMonetaryDesk.MonetaryTerms calldata terms
    ) external returns (address token) {
        _requireScope(msg.sender, root, Scopes.ISSUE);
        token = FACTORY.create(name, symbol, decimals, root, msg.sender, policyId, terms);
        // The node the token found for its issuer, the one checked just now (read back: fewer stack slots here).
        uint64 issuerNode = ICompliantToken(token).ISSUER_NODE();
        _issued[token] = IssuedToken({issuer: msg.sender, root: root, issuerNode: issuerNode});
        emit NativeTokenIssued(token, root, issuerNode, msg.sender);
        // The token reports its pauses and freezes to the tree's restriction epoch.
        TREE.enrolReporter(token);
    }

    /// @inheritdoc IAssetRegistry
    function retireAsset(uint32 assetId, bytes32 reason) external {
        AssetRecord storage a = _existing(assetId);
        if (a.retired) revert AssetIsRetired(assetId);
        uint64 governNode = _requireScope(msg.sender, a.root, Scopes.GOVERN);
        uint8 rank = TREE.node(governNode).depth;
        uint8 listerRank = TREE.node(a.listerNode).depth;
        if (rank > listerRank) revert ListedByHigherAuthority(assetId, listerRank, rank);
        // Final for this token under this root: the retired id keeps its place, so the token cannot come back under a
        // fresh id that would carry none of the attestation ranks and delisting bars its authorities set.
        a.retired = true;
        emit AssetRetired(assetId, governNode, rank, reason);
    }

    /// @inheritdoc IAssetRegistry
    function registerAsset(
        address token,
        AssetKind kind,
        uint64 root,
        address issuer,
        string calldata metadataURI
    ) external returns (uint32 assetId) {
        uint64 listerNode = _requireScope(msg.sender, root, Scopes.LIST);
        if (token.code.length == 0) revert NotAContract(token);
        uint32 existing = _assetIdOf[token][root];
        if (existing != 0) revert AssetAlreadyRegistered(token, root, existing);
        if (kind == AssetKind.Native) _checkNativeToken(token, root, issuer);
        else _checkExternalToken(token);

        assetId = ++_assetCount;
        _assets[assetId] = AssetRecord({
            token: token,
            kind: kind,
            root: root,
            issuer: issuer,
            listerNode: listerNode,
            metadataURI: metadataURI,
            retired: false
        });
        _assetIdOf[token][root] = assetId;
        // The issuer's key may rotate: the four-eyes rule must follow its node, as a native asset's does (review M1).
        if (kind == AssetKind.External && issuer != address(0)) {
            uint64 issuerNode = TREE.nodeOf(issuer, root);
            if (issuerNode != 0) _externalIssuerNode[assetId] = issuerNode;
        }
        emit AssetRegistered(assetId, token, root, kind, issuer, listerNode, metadataURI);
    }

    /// @inheritdoc IAssetRegistry
    function updateMetadata(uint32 assetId, string calldata metadataURI) external {
        AssetRecord storage a = _existing(assetId);
        uint64 listerNode = _requireScope(msg.sender, a.root, Scopes.LIST);
        a.metadataURI = metadataURI;
        emit AssetMetadataUpdated(assetId, listerNode, metadataURI);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Attestations
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAssetRegistry
    function attestReserve(
        uint32 assetId,
        uint256 amount,
        uint40 asOf,
        uint40 expiry,
        string calldata uri,
        bytes32 contentHash
    ) external returns (uint64 attestationId) {
        uint40 t = _now();
        if (asOf > t) revert AsOfInFuture(asOf, t);
        return _post(assetId, AttestationKind.Reserve, amount, asOf, expiry, uri, contentHash);
    }

    /// @inheritdoc IAssetRegistry
    function attest(
        uint32 assetId,
        AttestationKind kind,
        uint40 expiry,
        string calldata uri,
        bytes32 contentHash
    ) external returns (uint64 attestationId) {
        if (kind == AttestationKind.Reserve) revert UseAttestReserve();
        return _post(assetId, kind, 0, 0, expiry, uri, contentHash);
    }

    /// @inheritdoc IAssetRegistry
    function withdrawAttestation(uint32 assetId, AttestationKind kind, bytes32 reason) external {
        AssetRecord storage a = _existing(assetId);
        AttestationState memory s = _attestations[assetId][kind];
        if (s.id == 0) revert NoAttestation(assetId, kind);
        (bool manages, uint8 rank) = TREE.managerRank(msg.sender, s.auditorNode);
        if (!manages) revert NotAttester(msg.sender, s.auditorNode);
        // The withdrawer's rank bars a deeper auditor (e.g. the one whose report was retracted) from re-posting.
        _attestations[assetId][kind] = AttestationState({
            id: 0,
            auditorNode: 0,
            issuedAt: 0,
            expiry: 0,
            asOf: s.asOf, // kept: a later post may not go back in time past a withdrawn one
            rankBar: rank + 1
        });
        delete _evidence[assetId][kind];
        emit AttestationWithdrawn(assetId, kind, s.id, msg.sender, TREE.nodeOf(msg.sender, a.root), rank, reason);
        TREE.reportRestriction(a.root);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAssetRegistry
    function assetCount() external view returns (uint32) {
        return _assetCount;
    }

    /// @inheritdoc IAssetRegistry
    function asset(uint32 assetId) external view returns (Asset memory) {
        AssetRecord storage a = _existing(assetId);
        return
            Asset({
                token: a.token,
                kind: a.kind,
                root: a.root,
                issuer: a.issuer,
                listerNode: a.listerNode,
                metadataURI: a.metadataURI,
                retired: a.retired
            });
    }

    /// @inheritdoc IAssetRegistry
    function assetIdOf(address token, uint64 root) external view returns (uint32) {
        return _assetIdOf[token][root];
    }

    /// @inheritdoc IAssetRegistry
    function attestation(uint32 assetId, AttestationKind kind) external view returns (Attestation memory) {
        AttestationState memory s = _attestations[assetId][kind];
        AttestationEvidence storage e = _evidence[assetId][kind];
        return
            Attestation({
                id: s.id,
                auditorNode: s.auditorNode,
                issuedAt: s.issuedAt,
                expiry: s.expiry,
                asOf: s.asOf,
                amount: e.amount,
                contentHash: e.contentHash,
                uri: e.uri,
                redeemedSnapshot: e.redeemedSnapshot
            });
    }

    /// @inheritdoc IAssetRegistry
    function isAttestationValid(uint32 assetId, AttestationKind kind) external view returns (bool) {
        return _isValid(_attestations[assetId][kind], _now());
    }

    /// @inheritdoc IAssetRegistry
    function reserveOf(uint32 assetId) external view returns (uint256 amount, bool valid) {
        amount = _evidence[assetId][AttestationKind.Reserve].amount;
        valid = _isValid(_attestations[assetId][AttestationKind.Reserve], _now());
    }

    /// @inheritdoc IAssetRegistry
    function reserveCover(uint32 assetId) external view returns (uint256 amount, uint256 redeemedSnapshot, bool valid) {
        AttestationEvidence storage e = _evidence[assetId][AttestationKind.Reserve];
        amount = e.amount;
        redeemedSnapshot = e.redeemedSnapshot;
        // The mint cap reads this: a retired asset mints nothing, whatever its last attestation says (fail closed).
        valid = !_assets[assetId].retired && _isValid(_attestations[assetId][AttestationKind.Reserve], _now());
    }

    /// @inheritdoc IAssetRegistry
    function isRetired(uint32 assetId) external view returns (bool) {
        return _assets[assetId].retired;
    }

    /// @inheritdoc IAssetRegistry
    function attestationRank(uint32 assetId, AttestationKind kind) external view returns (bool set, uint8 depth) {
        uint8 bar = _attestations[assetId][kind].rankBar;
        return bar == 0 ? (false, 0) : (true, bar - 1);
    }

    /// @inheritdoc IAssetRegistry
    function issuedToken(address token) external view returns (IssuedToken memory) {
        return _issued[token];
    }

    /// @inheritdoc IAssetRegistry
    function externalIssuerNode(uint32 assetId) external view returns (uint64) {
        return _externalIssuerNode[assetId];
    }

    /// @inheritdoc IAssetRegistry
    function requirementsMet(uint32 assetA, uint8 kindsA, uint32 assetB, uint8 kindsB) external view returns (bool) {
        return _requirementsUntil(assetA, kindsA, assetB, kindsB) > _now();
    }

    /// @inheritdoc IAssetRegistry
    function requirementsUntil(
        uint32 assetA,
        uint8 kindsA,
        uint32 assetB,
        uint8 kindsB
    ) external view returns (uint40) {
        return _requirementsUntil(assetA, kindsA, assetB, kindsB);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------------------------

    function _post(
        uint32 assetId,
        AttestationKind kind,
        uint256 amount,
        uint40 asOf,
        uint40 expiry,
        string calldata uri,
        bytes32 contentHash
    ) private returns (uint64 attestationId) {
        if (bytes(uri).length == 0 || contentHash == bytes32(0)) revert EmptyEvidence();
        (AttestationState memory state, uint64 superseded) = _prepare(assetId, kind, asOf, expiry);
        attestationId = ++_attestationCount;
        state.id = attestationId;
        _store(assetId, kind, state, amount, uri, contentHash);
        _emitPosted(assetId, kind, state, uri, superseded);
        // A newer attestation may end sooner or come from another auditor: venues must re-check.
        if (superseded != 0) TREE.reportRestriction(_existing(assetId).root);
    }

    /// @dev Checks the caller, times and rank; returns the new attestation's state (without its id) and the id of
    /// the one it supersedes (0 if none).
    function _prepare(
        uint32 assetId,
        AttestationKind kind,
        uint40 asOf,
        uint40 expiry
    ) private view returns (AttestationState memory state, uint64 superseded) {
        (uint64 auditorNode, uint8 rank) = _requireAuditor(assetId, _existing(assetId));
        uint40 t = _now();
        if (expiry <= t) revert ExpiryNotInFuture(expiry, t);
        if (expiry > t + MAX_ATTESTATION_TTL) revert ExpiryTooFar(expiry, t + MAX_ATTESTATION_TTL);
        AttestationState memory previous = _attestations[assetId][kind];
        _requireRank(assetId, kind, previous, rank, t);
        if (asOf < previous.asOf) revert AsOfBeforePrevious(asOf, previous.asOf);
        superseded = previous.id;
        state = AttestationState({
            id: 0,
            auditorNode: auditorNode,
            issuedAt: t,
            expiry: expiry,
            asOf: asOf,
            rankBar: rank + 1
        });
    }

    /// @dev Writes the attestation of `kind` for `assetId`, with the native token's redeemed snapshot for a Reserve.
    function _store(
        uint32 assetId,
        AttestationKind kind,
        AttestationState memory state,
        uint256 amount,
        string calldata uri,
        bytes32 contentHash
    ) private {
        // Redemptions are paid out of the reserve: the cap counts those made after this snapshot.
        uint256 snapshot;
        AssetRecord storage a = _assets[assetId];
        if (kind == AttestationKind.Reserve && a.kind == AssetKind.Native) {
            // The snapshot is taken now, so the reserve must be as of after the last redemption: a figure from
            // before it would still include what was paid out since, and the cap would count that payout twice.
            // Strictly after: a figure dated the redemption's own second may predate it (on PlatON several blocks,
            // milliseconds apart, share that second).
            uint40 lastRedeemed = ICompliantToken(a.token).lastRedeemedAt();
            if (lastRedeemed != 0 && state.asOf <= lastRedeemed) {
                revert ReserveBeforeRedemption(assetId, state.asOf, lastRedeemed);
            }
            snapshot = ICompliantToken(a.token).totalRedeemed();
        }
        _attestations[assetId][kind] = state;
        _evidence[assetId][kind] = AttestationEvidence({
            amount: amount,
            contentHash: contentHash,
            uri: uri,
            redeemedSnapshot: snapshot
        });
    }

    /**
     * @dev A deeper auditor may not supersede an attestation that counts and was posted from above, nor post after a
     * withdrawal from above. Cheap first: the walk over the previous auditor runs only for a deeper caller.
     */
    function _requireRank(
        uint32 assetId,
        AttestationKind kind,
        AttestationState memory previous,
        uint8 rank,
        uint40 t
    ) private view {
        uint8 bar = previous.rankBar;
        if (bar == 0 || rank < bar) return;
        if (previous.id != 0 && !_isValid(previous, t)) return; // a lapsed attestation binds no one
        revert AttestedByHigherAuthority(assetId, kind, bar - 1, rank);
    }

    /// @dev The caller's AUDIT node under the asset's root and its depth. The asset's issuer may not attest it, nor
    /// any auditor whose node the issuer holds or is an ancestor of.
    function _requireAuditor(
        uint32 assetId,
        AssetRecord storage a
    ) private view returns (uint64 auditorNode, uint8 rank) {
        if (a.retired) revert AssetIsRetired(assetId);
        auditorNode = _requireScope(msg.sender, a.root, Scopes.AUDIT);
        // A native asset's issuer is its ISSUE node, an external one's the node its issuer held under the root at
        // registration (if any), whoever holds it now (the recorded account is the creation record; the node's key may
        // rotate, issue 17): the node may not attest, nor any auditor beneath it.
        uint64 issuerNode = a.kind == AssetKind.Native ? _issued[a.token].issuerNode : _externalIssuerNode[assetId];
        if (issuerNode != 0) {
            // The auditor's path was just walked (warm), so this costs less than asking whose account manages it.
            uint64[] memory path = TREE.ancestry(auditorNode);
            for (uint256 i = 0; i < path.length; ++i) {
                if (path[i] != issuerNode) continue;
                if (i == 0) revert IssuerCannotAttest(assetId, msg.sender);
                revert IssuerControlsAuditor(assetId, TREE.node(issuerNode).account, auditorNode);
            }
        }
        if (a.kind == AssetKind.External) {
            // The recorded account itself, and (an issuer with no node under the root) whatever it manages.
            address issuer = a.issuer;
            if (msg.sender == issuer) revert IssuerCannotAttest(assetId, msg.sender);
            if (issuerNode == 0 && issuer != address(0) && TREE.canManage(issuer, auditorNode)) {
                revert IssuerControlsAuditor(assetId, issuer, auditorNode);
            }
        }
        rank = TREE.node(auditorNode).depth;
    }

    function _emitPosted(
        uint32 assetId,
        AttestationKind kind,
        AttestationState memory s,
        string calldata uri,
        uint64 superseded
    ) private {
        AttestationEvidence storage e = _evidence[assetId][kind]; // just written: warm
        Attestation memory posted = Attestation({
            id: s.id,
            auditorNode: s.auditorNode,
            issuedAt: s.issuedAt,
            expiry: s.expiry,
            asOf: s.asOf,
            amount: e.amount,
            contentHash: e.contentHash,
            uri: uri,
            redeemedSnapshot: e.redeemedSnapshot
        });
        emit AttestationPosted(assetId, kind, s.id, posted, superseded, s.rankBar - 1);
    }

    /// @dev Native tokens must have been created here under `root`, by `issuer`, whose ISSUE node is still valid.
    function _checkNativeToken(address token, uint64 root, address issuer) private view {
        IssuedToken memory issued = _issued[token];
        if (issued.issuer == address(0)) revert NotIssuedHere(token);
        if (issued.root != root) revert NativeTokenMismatch(token, issued.root);
        if (issuer != issued.issuer) revert IssuerMismatch(issuer, issued.issuer);
        if (!TREE.nodeHasScope(issued.issuerNode, Scopes.ISSUE)) revert IssuerNotLicensed(issued.issuerNode);
    }

    /**
     * @dev An external token must not be a compliant token at all: one created here is native, and one bound to any
     * other asset registry answers that registry's reserve figures, not this one's (an issuer could mint it without
     * backing). A token that answers ASSET_REGISTRY() with a non-zero address is refused; at most 32 bytes of its
     * answer are read.
     */
    function _checkExternalToken(address token) private view {
        if (_issued[token].issuer != address(0)) revert NativeTokenAsExternal(token);
        bytes4 selector = ICompliantToken.ASSET_REGISTRY.selector;
        bool ok;
        uint256 answer;
        uint256 size;
        assembly ("memory-safe") {
            mstore(0, selector)
            ok := staticcall(gas(), token, 0, 4, 0, 32)
            size := returndatasize()
            answer := mload(0)
        }
        if (ok && size >= 32 && answer != 0) {
            revert CompliantTokenNotIssuedHere(token, address(uint160(answer)));
        }
    }

    /// @dev Until when both requirements stay met (the earliest attestation expiry or auditor lease end involved),
    /// type(uint40).max when nothing is required, 0 when they are not met now.
    function _requirementsUntil(
        uint32 assetA,
        uint8 kindsA,
        uint32 assetB,
        uint8 kindsB
    ) private view returns (uint40 until) {
        uint40 t = _now();
        // Auditor nodes already walked in this call: at most one per required attestation (2 assets x 4 kinds).
        uint64[8] memory checked;
        uint256 count;
        (until, count) = _meets(assetA, kindsA, t, checked, count, type(uint40).max);
        if (until != 0) (until, ) = _meets(assetB, kindsB, t, checked, count, until);
    }

    /**
     * @dev Lowers `until` to when every kind in `kinds` of `assetId` stops counting (0 if one does not count at `t`):
     * one slot read per kind, and a walk of each auditor node not yet in `checked[0..count)` (a node already walked
     * has already lowered `until`). Bounded: `kinds` has at most KIND_COUNT bits, `checked` eight entries.
     */
    function _meets(
        uint32 assetId,
        uint8 kinds,
        uint40 t,
        uint64[8] memory checked,
        uint256 count,
        uint40 until
    ) private view returns (uint40, uint256) {
        if (kinds & ~_ALL_KINDS != 0) return (0, count);
        mapping(AttestationKind => AttestationState) storage byKind = _attestations[assetId];
        for (uint8 k = 0; kinds != 0; ++k) {
            if (kinds & 1 != 0) {
                AttestationState memory s = byKind[AttestationKind(k)];
                if (t >= s.expiry) return (0, count); // also covers "no attestation" (expiry 0)
                if (s.expiry < until) until = s.expiry;
                if (!_contains(checked, count, s.auditorNode)) {
                    uint40 lease = TREE.scopeUntil(s.auditorNode, Scopes.AUDIT);
                    if (lease == 0) return (0, count);
                    if (lease < until) until = lease;
                    checked[count] = s.auditorNode;
                    ++count;
                }
            }
            kinds >>= 1;
        }
        return (until, count);
    }

    function _contains(uint64[8] memory list, uint256 count, uint64 value) private pure returns (bool) {
        for (uint256 i = 0; i < count; ++i) {
            if (list[i] == value) return true;
        }
        return false;
    }

    function _isValid(AttestationState memory s, uint40 t) private view returns (bool) {
        return t < s.expiry && TREE.nodeHasScope(s.auditorNode, Scopes.AUDIT);
    }

    function _requireScope(address account, uint64 root, uint32 scope) private view returns (uint64 nodeId) {
        nodeId = TREE.nodeOf(account, root);
        if (!TREE.nodeHasScope(nodeId, scope)) revert MissingScope(account, root, scope);
    }

    function _existing(uint32 assetId) private view returns (AssetRecord storage a) {
        a = _assets[assetId];
        if (a.token == address(0)) revert UnknownAsset(assetId);
    }
}
