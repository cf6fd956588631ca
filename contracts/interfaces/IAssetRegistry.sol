// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title IAssetRegistry
 * @notice What may be traded: ERC-20 assets (PlatON PRC-20 and Alaya ARC-20 are ERC-20) registered under an authority
 * root, and the collateral evidence auditors attest about them.
 * @dev Asset ids are uint32, issued sequentially from 1 (0 means "none"); four billion assets is more than any root
 * will list and the id packs beside other fields in the pair registry. Attestation ids are uint64, sequential from 1
 * across all assets and kinds. Every time is in seconds whatever the chain's timestamp unit.
 *
 * An attestation counts ("is valid") while `now < expiry` AND the AUDIT node that posted it is valid in the authority
 * tree and effectively holds AUDIT. The second condition is checked when the attestation is used, so suspending,
 * revoking or letting lapse an auditor or any of its ancestors stops its attestations counting at once, at constant
 * cost. Only the latest attestation of each kind is kept: a newer one supersedes the older, whatever their expiries.
 */
interface IAssetRegistry {
    /// @notice External: an existing token. Native: a CompliantToken issued here against off-chain collateral.
    enum AssetKind {
        External,
        Native
    }

    /// @notice The kinds of evidence an auditor attests. A mask of kinds uses bit `1 << kind`.
    enum AttestationKind {
        Reserve,
        AuditReport,
        Disclosure,
        Insurance
    }

    /// @notice An asset as returned by the views.
    struct Asset {
        address token;
        AssetKind kind;
        uint64 root; // the authority root the asset is registered under
        address issuer; // for a native asset, the token's ISSUE holder; for an external one, as declared
        uint64 listerNode; // the LIST node that registered it
        string metadataURI;
    }

    /// @notice The latest attestation of one kind for one asset, as returned by the views (all zero if none).
    struct Attestation {
        uint64 id;
        uint64 auditorNode;
        uint40 issuedAt; // chain time at which it was posted, seconds
        uint40 expiry; // counts while now < expiry (and the auditor node is valid)
        uint40 asOf; // Reserve only: the time the reserve was measured; 0 for other kinds
        uint256 amount; // Reserve only: the attested reserve, in the token's smallest units; 0 for other kinds
        bytes32 contentHash; // hash of the off-chain report
        string uri; // where the off-chain report is published
    }

    /// @notice Asset `assetId` (token `token`, kind `kind`) was registered under `root` by LIST node `listerNode`.
    event AssetRegistered(
        uint32 indexed assetId,
        address indexed token,
        uint64 indexed root,
        AssetKind kind,
        address issuer,
        uint64 listerNode,
        string metadataURI
    );

    /// @notice The metadata URI of asset `assetId` was replaced by LIST node `listerNode`.
    event AssetMetadataUpdated(uint32 indexed assetId, uint64 indexed listerNode, string metadataURI);

    /**
     * @notice AUDIT node `auditorNode` posted attestation `attestationId` of `kind` for asset `assetId`; it supersedes
     * attestation `superseded` (0 if there was none).
     */
    event AttestationPosted(
        uint32 indexed assetId,
        AttestationKind indexed kind,
        uint64 indexed attestationId,
        uint64 auditorNode,
        uint256 amount,
        uint40 asOf,
        uint40 issuedAt,
        uint40 expiry,
        string uri,
        bytes32 contentHash,
        uint64 superseded
    );

    /// @notice Attestation `attestationId` (asset `assetId`, `kind`) was withdrawn by `by`; no attestation of that
    /// kind remains.
    event AttestationWithdrawn(
        uint32 indexed assetId,
        AttestationKind indexed kind,
        uint64 indexed attestationId,
        address by,
        bytes32 reason
    );

    /// @notice `account` holds no valid node under `root` that effectively holds `scope`.
    error MissingScope(address account, uint64 root, uint32 scope);
    /// @notice No asset has id `assetId`.
    error UnknownAsset(uint32 assetId);
    /// @notice `token` is not a contract.
    error NotAContract(address token);
    /// @notice `token` is already registered under `root` as asset `assetId`.
    error AssetAlreadyRegistered(address token, uint64 root, uint32 assetId);
    /// @notice Native `token` is not bound to this registry and `root`: it declares `tokenRegistry` and `tokenRoot`.
    error NativeTokenMismatch(address token, address tokenRegistry, uint64 tokenRoot);
    /// @notice The declared issuer `declared` of a native asset is not the token's issuer `actual`.
    error IssuerMismatch(address declared, address actual);
    /// @notice The native token's issuer node `issuerNode` is not valid or does not hold ISSUE.
    error IssuerNotLicensed(uint64 issuerNode);
    /// @notice An attestation's `expiry` is not after `now`.
    error ExpiryNotInFuture(uint40 expiry, uint40 now);
    /// @notice A reserve's `asOf` time lies after `now`: a reserve cannot be attested before it is measured.
    error AsOfInFuture(uint40 asOf, uint40 now);
    /// @notice An attestation needs a URI and a non-zero content hash.
    error EmptyEvidence();
    /// @notice The issuer `issuer` of asset `assetId` may not attest its own asset.
    error IssuerCannotAttest(uint32 assetId, address issuer);
    /// @notice Use attestReserve for reserve attestations (it records amount and as-of time).
    error UseAttestReserve();
    /// @notice Asset `assetId` has no attestation of `kind` to withdraw.
    error NoAttestation(uint32 assetId, AttestationKind kind);
    /// @notice `caller` neither holds the attesting node `auditorNode` nor a valid ancestor of it.
    error NotAttester(address caller, uint64 auditorNode);

    /**
     * @notice Register `token` under `root` as an external or native asset. Caller: a valid LIST holder of `root`.
     * @dev A native token must be a CompliantToken bound to this registry and `root`, and `issuer` must be its issuer,
     * whose node must still be valid and hold ISSUE. A token can be registered once per root.
     * @param token The ERC-20 contract.
     * @param kind External or Native.
     * @param root The authority root the asset is listed under; its LIST, GOVERN and AUDIT holders act on it.
     * @param issuer For Native, the token's issuer (checked); for External, the issuer as declared (may be zero).
     * @param metadataURI Where the asset's description is published.
     * @return assetId The new asset's id.
     */
    function registerAsset(
        address token,
        AssetKind kind,
        uint64 root,
        address issuer,
        string calldata metadataURI
    ) external returns (uint32 assetId);

    /// @notice Replace the metadata URI of `assetId`. Caller: a valid LIST holder of the asset's root.
    function updateMetadata(uint32 assetId, string calldata metadataURI) external;

    /**
     * @notice Attest the reserve backing `assetId`, superseding the previous reserve attestation.
     * Caller: a valid AUDIT holder of the asset's root who is not the asset's issuer.
     * @param amount The reserve, in the token's smallest units (the cap on a native token's supply).
     * @param asOf When the reserve was measured, seconds; not after now.
     * @param expiry When the attestation stops counting, seconds; after now.
     * @param uri Where the report is published.
     * @param contentHash Hash of the report (non-zero).
     * @return attestationId The new attestation's id.
     */
    function attestReserve(
        uint32 assetId,
        uint256 amount,
        uint40 asOf,
        uint40 expiry,
        string calldata uri,
        bytes32 contentHash
    ) external returns (uint64 attestationId);

    /**
     * @notice Post an audit report, disclosure or insurance attestation for `assetId`, superseding the previous one of
     * that kind. Caller: a valid AUDIT holder of the asset's root who is not the asset's issuer.
     * @return attestationId The new attestation's id.
     */
    function attest(
        uint32 assetId,
        AttestationKind kind,
        uint40 expiry,
        string calldata uri,
        bytes32 contentHash
    ) external returns (uint64 attestationId);

    /**
     * @notice Withdraw the current attestation of `kind` for `assetId` (for example a retracted report); the asset
     * then has no attestation of that kind. Caller: the attesting node's account or a valid ancestor's.
     */
    function withdrawAttestation(uint32 assetId, AttestationKind kind, bytes32 reason) external;

    /// @notice How many assets were registered; ids run from 1 to this number.
    function assetCount() external view returns (uint32);

    /// @notice Asset `assetId`. Reverts with UnknownAsset for an id never issued.
    function asset(uint32 assetId) external view returns (Asset memory);

    /// @notice The id of `token` registered under `root`, or 0.
    function assetIdOf(address token, uint64 root) external view returns (uint32);

    /// @notice The latest attestation of `kind` for `assetId` (all zero if none), valid or not.
    function attestation(uint32 assetId, AttestationKind kind) external view returns (Attestation memory);

    /// @notice Whether the latest attestation of `kind` for `assetId` counts now.
    function isAttestationValid(uint32 assetId, AttestationKind kind) external view returns (bool);

    /// @notice The attested reserve of `assetId` and whether that attestation counts now.
    function reserveOf(uint32 assetId) external view returns (uint256 amount, bool valid);

    /**
     * @notice Whether every attestation kind in `kindsA` of `assetA` and in `kindsB` of `assetB` counts now.
     * @dev The pair registry's per-match check. Reads one slot per required kind and walks each distinct auditor
     * node once. An empty mask requires nothing; a mask naming an unknown kind is never met; asset ids are not
     * checked (an unknown asset has no attestations, so any non-empty mask fails).
     */
    function requirementsMet(uint32 assetA, uint8 kindsA, uint32 assetB, uint8 kindsB) external view returns (bool);
}
