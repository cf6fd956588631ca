// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuthorityTree} from "./IAuthorityTree.sol";
import {IMonetaryDesk} from "./IMonetaryDesk.sol";
import {ITokenFactory} from "./ITokenFactory.sol";

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
 * cost. Only the latest attestation of each kind is kept: a newer one supersedes the older, whatever their expiries,
 * subject to rank: each (asset, kind) remembers the depth of the AUDIT node that posted its attestation, or of the
 * authority that withdrew it. While an attestation counts, only an auditor at its poster's depth or above (smaller
 * depth) may supersede it; after a withdrawal, only one at the withdrawer's depth or above may post again, and that
 * post clears the bar. An issuer may not attest its own asset, directly or through an AUDIT node it holds or is an
 * ancestor of.
 *
 * Native assets are created here (issueNative, through the TokenFactory bound to this registry alone), wired to the
 * suite's canonical registries, and only such tokens register as Native; none registers as External, nor does any
 * other token that names an asset registry (a compliant token bound elsewhere). A GOVERN holder at the lister's depth
 * or above may retire a wrong registration; a retired native asset mints nothing.
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
        address issuer; // native: the ISSUE holder at registration (a record: its node acts); external: as declared
        uint64 listerNode; // the LIST node that registered it
        string metadataURI;
        bool retired; // retired by a GOVERN holder: no longer listed under (token, root), takes no attestation
    }

    /// @notice A native token created here, as recorded at issuance (all zero for any other address).
    struct IssuedToken {
        address issuer;
        uint64 root;
        uint64 issuerNode;
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
        uint256 redeemedSnapshot; // Reserve of a native asset: the token's totalRedeemed when posted; 0 otherwise
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

    /// @notice `issuer` (ISSUE node `issuerNode`) created native token `token` under `root` through the factory.
    event NativeTokenIssued(address indexed token, uint64 indexed root, uint64 indexed issuerNode, address issuer);

    /// @notice GOVERN node `governNode` (at depth `rank`) retired asset `assetId`, for good.
    event AssetRetired(uint32 indexed assetId, uint64 indexed governNode, uint8 rank, bytes32 reason);

    /// @notice The metadata URI of asset `assetId` was replaced by LIST node `listerNode`.
    event AssetMetadataUpdated(uint32 indexed assetId, uint64 indexed listerNode, string metadataURI);

    /**
     * @notice An AUDIT node at depth `rank` posted `attestation` (id `attestationId`) of `kind` for asset `assetId`;
     * it supersedes attestation `superseded` (0 if there was none) and clears any withdrawal bar.
     */
    event AttestationPosted(
        uint32 indexed assetId,
        AttestationKind indexed kind,
        uint64 indexed attestationId,
        Attestation attestation,
        uint64 superseded,
        uint8 rank
    );

    /// @notice Attestation `attestationId` (asset `assetId`, `kind`) was withdrawn by `by`, acting through node
    /// `byNode` at depth `rank`; no attestation of that kind remains, and only an auditor at `rank` or above may post
    /// the next one.
    event AttestationWithdrawn(
        uint32 indexed assetId,
        AttestationKind indexed kind,
        uint64 indexed attestationId,
        address by,
        uint64 byNode,
        uint8 rank,
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
    /// @notice Native `token` was issued under `tokenRoot`, not the root it is being registered under.
    error NativeTokenMismatch(address token, uint64 tokenRoot);
    /// @notice `token` was not created by this registry's issueNative: it cannot be registered as Native.
    error NotIssuedHere(address token);
    /// @notice `token` is a native token created here: it can only be registered as Native.
    error NativeTokenAsExternal(address token);
    /// @notice The factory `factory` trusts another authority tree `factoryTree`.
    error FactoryTreeMismatch(address factory, address factoryTree);
    /// @notice The factory `factory` is already bound to asset registry `boundTo`: it creates tokens for that one only.
    error FactoryAlreadyBound(address factory, address boundTo);
    /// @notice `token` names asset registry `assetRegistry` (a compliant token) but was not issued here: it registers
    /// neither as Native nor as External.
    error CompliantTokenNotIssuedHere(address token, address assetRegistry);
    /// @notice Asset `assetId` is retired.
    error AssetIsRetired(uint32 assetId);
    /// @notice Asset `assetId` was listed at depth `listerRank`; the caller's GOVERN node is at `callerRank`, below.
    error ListedByHigherAuthority(uint32 assetId, uint8 listerRank, uint8 callerRank);
    /// @notice The `kind` attestation of `assetId` is held (or was withdrawn) at depth `rank`; the caller's AUDIT node
    /// is at `callerRank`, below it.
    error AttestedByHigherAuthority(uint32 assetId, AttestationKind kind, uint8 rank, uint8 callerRank);
    /// @notice The issuer `issuer` of asset `assetId` holds AUDIT node `auditorNode` or an ancestor of it.
    error IssuerControlsAuditor(uint32 assetId, address issuer, uint64 auditorNode);
    /// @notice An attestation's `expiry` lies after `limit` (now + MAX_ATTESTATION_TTL).
    error ExpiryTooFar(uint40 expiry, uint40 limit);
    /// @notice A reserve's `asOf` lies before the current reserve attestation's `previousAsOf`.
    error AsOfBeforePrevious(uint40 asOf, uint40 previousAsOf);
    /// @notice A reserve of native asset `assetId` as of `asOf` is not after its token's last redemption at
    /// `lastRedeemed` (the same second counts as before: the figure may predate the payout).
    error ReserveBeforeRedemption(uint32 assetId, uint40 asOf, uint40 lastRedeemed);
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
     * @notice Create a native token (a CompliantToken through the factory) wired to this registry, the canonical
     * tree, client registry and venue registry. Caller: a valid ISSUE holder of `root`, who becomes its issuer.
     * @dev Records the token; a LIST holder then registers it (registerAsset, kind Native).
     * @param root The authority root the token is issued under.
     * @param name ERC-20 name.
     * @param symbol ERC-20 symbol.
     * @param decimals ERC-20 decimals.
     * @param policyId The initial transfer policy (must exist in the client registry).
     * @param terms The monetary terms (supply cap, mint rate per period, reserve ratio), registered with the monetary
     * desk by the token's constructor (see IMonetaryDesk).
     * @return token The new token.
     */
    function issueNative(
        uint64 root,
        string calldata name,
        string calldata symbol,
        uint8 decimals,
        uint32 policyId,
        IMonetaryDesk.MonetaryTerms calldata terms
    ) external returns (address token);

    /**
     * @notice Retire asset `assetId` (a wrong registration), for good: it takes no more attestations, no pair that
     * names it is proposed or approved (a proposal made before the retirement included) and its native token mints
     * nothing (reserveCover reports no valid reserve). Its (token, root) stays taken, so the token cannot come back
     * under this root with a fresh id shedding the ranks and bars set on it (another root may register it). Caller: a
     * valid GOVERN holder of the asset's root at the lister's depth or above. Pairs already listed on it keep their
     * own lifecycle: the same GOVERN holder halts or delists them through the pair registry.
     */
    function retireAsset(uint32 assetId, bytes32 reason) external;

    /**
     * @notice Register `token` under `root` as an external or native asset. Caller: a valid LIST holder of `root`.
     * @dev A native token must have been created here (issueNative) under `root`, and `issuer` must be its issuer,
     * whose node must still be valid and hold ISSUE; a token created here is never registered as External. A token
     * can be registered once per root.
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
     * @param asOf When the reserve was measured, seconds; not after now, not before the current reserve's asOf, and
     * for a native asset strictly after its token's last redemption (ReserveBeforeRedemption).
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
     * then has no attestation of that kind, and only an auditor at the caller's rank or above may post the next one.
     * Caller: the attesting node's account or a valid ancestor's.
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

    /// @notice What a native token's mint cap reads: the attested reserve, the token's totalRedeemed when it was
    /// attested, and whether the attestation counts now (never for a retired asset: it mints nothing).
    function reserveCover(uint32 assetId) external view returns (uint256 amount, uint256 redeemedSnapshot, bool valid);

    /// @notice Whether asset `assetId` was retired (false for an unknown id).
    function isRetired(uint32 assetId) external view returns (bool);

    /// @notice The authority tree whose LIST, AUDIT, ISSUE and GOVERN holders act here.
    function TREE() external view returns (IAuthorityTree);

    /// @notice The factory native tokens are created through (it holds the token's creation code and is bound to
    /// this registry alone).
    function FACTORY() external view returns (ITokenFactory);

    /// @notice The rank binding the `kind` attestation of `assetId`: `set` with the poster's depth while one is
    /// stored, or the withdrawer's depth after a withdrawal; (false, 0) if neither.
    function attestationRank(uint32 assetId, AttestationKind kind) external view returns (bool set, uint8 depth);

    /// @notice The record of a native token created here (all zero for any other address).
    function issuedToken(address token) external view returns (IssuedToken memory);

    /**
     * @notice The node external asset `assetId`'s issuer held under the asset's root when it was registered (0 if
     * none): the asset's four-eyes rule follows that node, whoever holds it now (its key may rotate, issue 17).
     */
    function externalIssuerNode(uint32 assetId) external view returns (uint64);

    /// @notice The longest an attestation may be valid for, seconds.
    function MAX_ATTESTATION_TTL() external view returns (uint40);

    /**
     * @notice Whether every attestation kind in `kindsA` of `assetA` and in `kindsB` of `assetB` counts now.
     * @dev The pair registry's per-match check. Reads one slot per required kind and walks each distinct auditor
     * node once. An empty mask requires nothing; a mask naming an unknown kind is never met; asset ids are not
     * checked (an unknown asset has no attestations, so any non-empty mask fails).
     */
    function requirementsMet(uint32 assetA, uint8 kindsA, uint32 assetB, uint8 kindsB) external view returns (bool);

    /// @notice As requirementsMet, but until when the requirements stay met if nothing is restricted meanwhile: the
    /// earliest expiry of a required attestation or lease end of its auditor's path, type(uint40).max when nothing
    /// is required, 0 when they are not met now. A withdrawal or a superseding attestation advances the authority
    /// tree's restriction epoch.
    function requirementsUntil(uint32 assetA, uint8 kindsA, uint32 assetB, uint8 kindsB) external view returns (uint40);
}
