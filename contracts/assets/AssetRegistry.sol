// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {ICompliantToken} from "../interfaces/ICompliantToken.sol";
import {Scopes} from "../types/Scope.sol";
import {ChainClock} from "../utils/ChainClock.sol";

/**
 * @title AssetRegistry
 * @notice Registered assets and their attestations. See IAssetRegistry for the rules.
 * @dev What a validity check reads (attestation id, auditor node, times) is packed in one slot per (asset, kind), so
 * `requirementsMet` costs one slot per required kind plus one authority walk per distinct auditor. Amount, hash and
 * URI live apart and are read only by the views and the mint path (amount).
 */
contract AssetRegistry is IAssetRegistry, ChainClock {
    /// @notice The number of attestation kinds; masks use the low KIND_COUNT bits.
    uint8 public constant KIND_COUNT = 4;
    uint8 private constant _ALL_KINDS = uint8((1 << KIND_COUNT) - 1);

    /// @notice The authority tree whose LIST, AUDIT and ISSUE holders act here.
    IAuthorityTree public immutable TREE;

    /// @dev The hot part of an attestation: 248 bits, one slot.
    struct AttestationState {
        uint64 id;
        uint64 auditorNode;
        uint40 issuedAt;
        uint40 expiry;
        uint40 asOf;
    }

    /// @dev The cold part of an attestation.
    struct AttestationEvidence {
        uint256 amount;
        bytes32 contentHash;
        string uri;
    }

    /// @dev token (160) + kind (8) + root (64) in one slot; issuer (160) + listerNode (64) in the next.
    struct AssetRecord {
        address token;
        AssetKind kind;
        uint64 root;
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

    /// @param tree The authority tree.
    /// @param timeUnit Chain timestamp units per second: 1 on Ethereum/Hardhat, 1000 on PlatON (must match the tree).
    constructor(IAuthorityTree tree, uint256 timeUnit) ChainClock(timeUnit) {
        _requireSameClock(address(tree));
        TREE = tree;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Assets
    // ---------------------------------------------------------------------------------------------------------------

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

        assetId = ++_assetCount;
        _assets[assetId] = AssetRecord({
            token: token,
            kind: kind,
            root: root,
            issuer: issuer,
            listerNode: listerNode,
            metadataURI: metadataURI
        });
        _assetIdOf[token][root] = assetId;
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
        _existing(assetId);
        AttestationState memory s = _attestations[assetId][kind];
        if (s.id == 0) revert NoAttestation(assetId, kind);
        if (!TREE.canManage(msg.sender, s.auditorNode)) revert NotAttester(msg.sender, s.auditorNode);
        delete _attestations[assetId][kind];
        delete _evidence[assetId][kind];
        emit AttestationWithdrawn(assetId, kind, s.id, msg.sender, reason);
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
                metadataURI: a.metadataURI
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
                uri: e.uri
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
    function requirementsMet(uint32 assetA, uint8 kindsA, uint32 assetB, uint8 kindsB) external view returns (bool) {
        uint40 t = _now();
        // Auditor nodes already walked in this call: at most one per required attestation (2 assets x 4 kinds).
        uint64[8] memory checked;
        uint256 count;
        bool ok;
        (ok, count) = _meets(assetA, kindsA, t, checked, count);
        if (!ok) return false;
        (ok, ) = _meets(assetB, kindsB, t, checked, count);
        return ok;
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
        uint64 auditorNode = _requireAuditor(assetId);
        uint40 t = _now();
        if (expiry <= t) revert ExpiryNotInFuture(expiry, t);
        if (bytes(uri).length == 0 || contentHash == bytes32(0)) revert EmptyEvidence();

        attestationId = ++_attestationCount;
        AttestationState memory state = AttestationState({
            id: attestationId,
            auditorNode: auditorNode,
            issuedAt: t,
            expiry: expiry,
            asOf: asOf
        });
        uint64 superseded = _store(assetId, kind, state, amount, uri, contentHash);
        _emitPosted(assetId, kind, state, amount, uri, contentHash, superseded);
    }

    /// @dev Replaces the attestation of `kind` for `assetId`; returns the id of the one it supersedes (0 if none).
    function _store(
        uint32 assetId,
        AttestationKind kind,
        AttestationState memory state,
        uint256 amount,
        string calldata uri,
        bytes32 contentHash
    ) private returns (uint64 superseded) {
        superseded = _attestations[assetId][kind].id;
        _attestations[assetId][kind] = state;
        _evidence[assetId][kind] = AttestationEvidence({amount: amount, contentHash: contentHash, uri: uri});
    }

    /// @dev The caller's AUDIT node under the asset's root; the asset's own issuer may not attest it.
    function _requireAuditor(uint32 assetId) private view returns (uint64 auditorNode) {
        AssetRecord storage a = _existing(assetId);
        auditorNode = _requireScope(msg.sender, a.root, Scopes.AUDIT);
        if (msg.sender == a.issuer) revert IssuerCannotAttest(assetId, msg.sender);
    }

    function _emitPosted(
        uint32 assetId,
        AttestationKind kind,
        AttestationState memory s,
        uint256 amount,
        string calldata uri,
        bytes32 contentHash,
        uint64 superseded
    ) private {
        emit AttestationPosted(
            assetId,
            kind,
            s.id,
            s.auditorNode,
            amount,
            s.asOf,
            s.issuedAt,
            s.expiry,
            uri,
            contentHash,
            superseded
        );
    }

    /// @dev Native tokens must be CompliantTokens bound to this registry and root, issued by a licensed issuer.
    function _checkNativeToken(address token, uint64 root, address issuer) private view {
        ICompliantToken native = ICompliantToken(token);
        address tokenRegistry = native.ASSET_REGISTRY();
        uint64 tokenRoot = native.ROOT();
        if (tokenRegistry != address(this) || tokenRoot != root) {
            revert NativeTokenMismatch(token, tokenRegistry, tokenRoot);
        }
        address actual = native.ISSUER();
        if (issuer != actual) revert IssuerMismatch(issuer, actual);
        uint64 issuerNode = native.ISSUER_NODE();
        if (!TREE.nodeHasScope(issuerNode, Scopes.ISSUE) || TREE.node(issuerNode).account != actual) {
            revert IssuerNotLicensed(issuerNode);
        }
    }

    /**
     * @dev Whether every kind in `kinds` of `assetId` counts at `t`: one slot read per kind, and a walk of each auditor
     * node not yet in `checked[0..count)`. Bounded: `kinds` has at most KIND_COUNT bits, `checked` eight entries.
     */
    function _meets(
        uint32 assetId,
        uint8 kinds,
        uint40 t,
        uint64[8] memory checked,
        uint256 count
    ) private view returns (bool, uint256) {
        if (kinds & ~_ALL_KINDS != 0) return (false, count);
        mapping(AttestationKind => AttestationState) storage byKind = _attestations[assetId];
        for (uint8 k = 0; kinds != 0; ++k) {
            if (kinds & 1 != 0) {
                AttestationState memory s = byKind[AttestationKind(k)];
                if (t >= s.expiry) return (false, count); // also covers "no attestation" (expiry 0)
                if (!_contains(checked, count, s.auditorNode)) {
                    if (!TREE.nodeHasScope(s.auditorNode, Scopes.AUDIT)) return (false, count);
                    checked[count] = s.auditorNode;
                    ++count;
                }
            }
            kinds >>= 1;
        }
        return (true, count);
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
