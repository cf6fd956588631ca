// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuthorityTree} from "./IAuthorityTree.sol";

/**
 * @title IIdentityRegistry (consumer surface)
 * @notice What the asset service and the exchange rely on from the qualified-client registry. The full registry
 * interface (registration, attestations, updates, events, errors) extends this one.
 * @dev Client classes are bits of a uint8: INSTITUTIONAL = 1, ACCREDITED = 2, PROFESSIONAL = 4, RETAIL = 8.
 * A policy is immutable once created, so the consumers may cache its id.
 */
interface IEligibility {
    /// @notice Why a wallet is or is not eligible under a policy; `Eligible` (0) is the only passing value.
    enum Eligibility {
        Eligible,
        UnknownPolicy,
        UnknownWallet,
        IdentityRevoked,
        Frozen,
        Expired,
        AttesterInvalid,
        RootNotTrusted,
        ClassNotAllowed,
        JurisdictionBarred,
        Sanctioned // the wallet or its identity is on the sanctions list of a root the policy trusts
    }

    /// @notice Create an immutable eligibility policy; anyone may create one.
    /// @param trustedRoots Authority roots whose attestations count (at least one, bounded).
    /// @param allowedClasses A client must hold at least one of these class bits.
    /// @param barredJurisdictions ISO 3166 numeric codes (1..999) whose clients are refused.
    /// @return policyId The new policy's id (ids start at 1).
    function createPolicy(
        uint64[] calldata trustedRoots,
        uint8 allowedClasses,
        uint16[] calldata barredJurisdictions
    ) external returns (uint32 policyId);

    /// @notice Whether `policyId` names an existing policy.
    function policyExists(uint32 policyId) external view returns (bool);

    /// @notice The eligibility of `wallet` under `policyId` at this moment, with the first failing reason.
    function eligibility(address wallet, uint32 policyId) external view returns (Eligibility);

    /// @notice Shorthand for `eligibility(wallet, policyId) == Eligibility.Eligible`.
    function isEligible(address wallet, uint32 policyId) external view returns (bool);

    /// @notice The identity `wallet` belongs to (0 if none); the exchange uses it for self-trade prevention.
    function identityOf(address wallet) external view returns (uint64 identityId);

    /// @notice `eligibility(wallet, policyId)` with the identity it found and, when Eligible, until when the answer
    /// holds if nothing is restricted meanwhile: the earlier of the identity's expiry and the end of the attesting
    /// node's validity (0 when not Eligible). Every restriction that could end it sooner advances the authority
    /// tree's restriction epoch (IRestrictionEpoch), so a consumer may cache it against that epoch.
    function clearance(
        address wallet,
        uint32 policyId
    ) external view returns (Eligibility result, uint64 identityId, uint40 until);
}

/**
 * @title IIdentityRegistry
 * @notice The qualified-client registry: identities of investors, attested by KYC nodes of the authority tree, and the
 * immutable policies the asset service and the exchange check them against.
 * @dev Identity ids start at 1; 0 means "none". Every time is in seconds, whatever the chain's timestamp unit.
 * An identity belongs to the root of the node that attested it, for good. It may be managed (updated, renewed,
 * frozen, unfrozen, revoked, given or relieved of wallets, migrated) by the account of its attesting node or of any
 * ancestor of that node, while that account's node is valid; the manager acts at the depth of the node it holds on
 * that path (`IAuthorityTree.managerRank`). So when a bank's node is revoked, its regulator can still freeze, revoke or
 * migrate the bank's clients.
 *
 * Rank, as in the authority tree: a lower authority (greater depth) never undoes what a higher one decided.
 * - Restricting is open to every manager: freezing, shortening the expiry, revoking (a frozen identity: see below).
 * - `profileDepth` is the highest rank that set the profile or the expiry (at first the attesting node's depth).
 *   Changing the profile (update) or extending the expiry needs a manager at that depth or above, and lowers it.
 * - `frozenByDepth` is the rank of the freeze. Unfreezing needs that rank or above; so do removing a wallet,
 *   revoking and migrating while frozen. A higher rank may freeze again to take the freeze over.
 * - Cleared-by rank: an unfreeze at depth d marks the identity (`freezeCleared`, `clearedByDepth`); while the mark
 *   stands, only a manager at depth d or above may freeze it, which replaces the mark. A lower authority that
 *   disagrees escalates to the higher one; it cannot silently re-impose what was just lifted.
 * - Migrating sets the profile's rank: it needs a manager at depth <= profileDepth and records that depth.
 * - A wallet leaves an identity (removeWallet) only by a manager at or above `profileDepth` (and the freezer's rank):
 *   the wallet carries the client's assets, so moving it must not escape a downgrade or a freeze.
 * - A revoked identity keeps its wallets. They may be reclaimed only by a registration (or addWallet) in the same
 *   root acting at depth <= min(revokedByDepth, profileDepth), or by anyone once that root is retired (revoked, or
 *   its lease ended).
 * - Migrating off an attesting node that is not valid needs the rank responsible for its invalidity or above
 *   (`IAuthorityTree.blockingRank`); the depths above travel with the identity.
 *
 * Wallet consent: binding a wallet needs proof that its owner agrees. Either the wallet is the caller, or it signed
 * an EIP-712 WalletConsent naming the identity it joins (or 0 and the attesting node, for a new identity), a nonce of
 * its own nonce space (shared with any attestation it signs) and a deadline. There is no self-service exit: a wallet
 * leaves through its managers, its identity's revocation, or its root's retirement.
 *
 * Bounds: a signature's deadline may be at most MAX_ATTESTATION_WINDOW ahead when used; an identity's expiry at
 * most MAX_KYC_VALIDITY ahead and never beyond the attesting node's own lease (`node(attester).expiry`; the node's
 * ancestors' leases are not checked here, they make the client ineligible when they end).
 *
 * Every stored field can be rebuilt from the events: identities from IdentityRegistered and the events naming
 * them (each carrying the acting depth), wallets from WalletAdded/WalletRemoved (the wallet list is kept by
 * swap-and-pop), policies from PolicyCreated, nonces from AttestationUsed/WalletConsentUsed/NonceCancelled.
 */
interface IIdentityRegistry is IEligibility {
    /// @notice Lifecycle of an identity. Expiry and freezing are not statuses; revocation is final.
    enum IdentityStatus {
        None,
        Active,
        Revoked
    }

    /// @notice Why a node cannot attest: it does not exist, it is not valid now, or it does not hold KYC.
    enum AttesterFault {
        Unknown,
        Invalid,
        NoKyc
    }

    /// @notice State of one of an account's nonces (attestations it signed, or wallet consents it gave).
    enum NonceState {
        Unused,
        Used,
        Cancelled
    }

    /// @notice What became of one record offered to a successor registry's import (IdentityImported when Imported).
    enum ImportOutcome {
        Imported,
        AlreadyPresent, // the id is taken here: imported before, or registered here (never overwritten)
        OutsideReservedRange, // the id is 0 or above the ids reserved for imports (setImporter)
        WalletTaken, // one of its wallets is bound here already, or was replaced here: nothing of it is imported
        UnknownInPredecessor // the predecessor never issued the id
    }

    /// @notice A client's profile, as a KYC node registers it directly.
    struct Registration {
        address wallet; // the identity's first wallet
        uint8 classes; // ClientClasses bits, at least one
        uint16 jurisdiction; // ISO 3166 numeric, 1..999
        uint40 expiry; // seconds; the identity is eligible while now < expiry
        bytes32 evidenceHash; // hash of the off-chain KYC evidence, non-zero
    }

    /**
     * @notice A registration signed off-chain (EIP-712) by the account of KYC node `attester`, submitted by anyone.
     * @dev The signer is identified by its node id: the registry checks the signature against that node's account
     * (an EOA by ECDSA, a contract by ERC-1271), so the attestation is bound to that grant and dies with it.
     */
    struct Attestation {
        address wallet;
        uint8 classes;
        uint16 jurisdiction;
        uint40 expiry; // seconds
        bytes32 evidenceHash;
        uint64 attester; // the signer's KYC node
        uint256 nonce; // any unused nonce of the signer's account; nonces may be used in any order
        uint40 deadline; // seconds; the attestation may be submitted while now <= deadline
    }

    /**
     * @notice A wallet's consent to be bound, as given to register, registerBatch, addWallet and submitAttestation.
     * Leave it empty (signature "0x") when the wallet itself is the caller.
     * @dev The wallet signs the EIP-712 WalletConsent(wallet, identityId, attester, nonce, deadline) that the registry
     * rebuilds from the call: for a new identity identityId 0 and the attesting node, to join an existing identity
     * its id and attester 0. ECDSA for an EOA, ERC-1271 for a contract wallet.
     */
    struct Consent {
        uint256 nonce; // any unused nonce of the wallet's nonce space
        uint40 deadline; // seconds; usable while now <= deadline, and at most MAX_ATTESTATION_WINDOW ahead
        bytes signature;
    }

    /// @notice An identity as returned by the views.
    struct Identity {
        uint64 attester; // the node that vouches for the client
        uint64 root; // the root of that node's tree
        uint40 expiry; // seconds
        uint16 jurisdiction;
        uint8 classes;
        IdentityStatus status;
        bool frozen;
        uint8 walletCount;
        uint8 frozenByDepth; // while frozen: the rank of the freeze (0 otherwise)
        uint8 profileDepth; // the highest rank that set the profile or the expiry
        uint8 revokedByDepth; // once revoked: the rank of the revocation (0 otherwise)
        bool freezeCleared; // its last freeze was lifted (at clearedByDepth) and none was imposed since
        uint8 clearedByDepth; // while freezeCleared: only a manager at this depth or above may freeze it
        bytes32 evidenceHash;
    }

    /// @notice A policy as returned by the views.
    struct Policy {
        uint64[] trustedRoots; // in creation order
        uint8 allowedClasses;
        uint16[] barredJurisdictions; // ascending
    }

    /// @notice Identity `identityId` was registered under node `attester` (at depth `attesterDepth`, its first
    /// profileDepth) of tree `root` by `registeredBy` (the attester's account, or whoever submitted its signed
    /// attestation). Its first wallet follows in WalletAdded.
    event IdentityRegistered(
        uint64 indexed identityId,
        uint64 indexed attester,
        uint64 indexed root,
        uint8 attesterDepth,
        uint8 classes,
        uint16 jurisdiction,
        uint40 expiry,
        bytes32 evidenceHash,
        address registeredBy
    );

    /// @notice `wallet` was bound to identity `identityId` by `by`.
    event WalletAdded(uint64 indexed identityId, address indexed wallet, address by);

    /// @notice `wallet` was unbound from identity `identityId` by `by` (a manager, or a new registration reclaiming
    /// the wallet of a revoked identity or of an identity whose root is retired).
    event WalletRemoved(uint64 indexed identityId, address indexed wallet, address by);

    /// @notice Identity `identityId`'s profile was set to these values by `by`, acting at depth `byDepth` (which
    /// becomes its profileDepth).
    event IdentityUpdated(
        uint64 indexed identityId,
        address indexed by,
        uint8 byDepth,
        uint8 classes,
        uint16 jurisdiction,
        bytes32 evidenceHash
    );

    /// @notice Identity `identityId`'s expiry was moved from `previousExpiry` to `expiry` by `by`, acting at depth
    /// `byDepth` (its profileDepth becomes the smaller of the two).
    event IdentityRenewed(
        uint64 indexed identityId,
        address indexed by,
        uint8 byDepth,
        uint40 previousExpiry,
        uint40 expiry
    );

    /// @notice Identity `identityId` was frozen (or its freeze taken over) by `by`, acting at depth `byDepth`.
    event IdentityFrozen(uint64 indexed identityId, address indexed by, uint8 byDepth, bytes32 reason);

    /// @notice Identity `identityId` was unfrozen by `by`, acting at depth `byDepth` (its cleared-by rank: until a
    /// manager at that depth or above freezes it again, no lower one may).
    event IdentityUnfrozen(uint64 indexed identityId, address indexed by, uint8 byDepth);

    /// @notice Identity `identityId` was revoked for good by `by`, acting at depth `byDepth`.
    event IdentityRevoked(uint64 indexed identityId, address indexed by, uint8 byDepth, bytes32 reason);

    /// @notice Identity `identityId` was moved from attesting node `fromAttester` to `toAttester` by `by`, acting at
    /// depth `byDepth` (which becomes its profileDepth).
    event IdentityMigrated(
        uint64 indexed identityId,
        address indexed by,
        uint8 byDepth,
        uint64 fromAttester,
        uint64 toAttester
    );

    /// @notice Wallet `lost` left identity `identityId` and `successor` took its place (joined it, or was in it
    /// already), by the manager holding node `byNode`, for `reason`. Venues see it (successorOf names `successor`)
    /// from `claimableAt` (seconds) on, unless it is contested before (ReplacementContested).
    event WalletReplaced(
        uint64 indexed identityId,
        address indexed lost,
        address indexed successor,
        uint64 byNode,
        bytes32 reason,
        uint40 claimableAt
    );

    /// @notice `by` (the lost wallet itself, or a manager ranked above the replacer) contested the replacement of
    /// `lost` by `successor` in identity `identityId` during its notice, for `reason`: the replacement is void,
    /// `lost` is back in the identity (its WalletAdded follows) and successorOf(lost) is zero.
    event ReplacementContested(
        uint64 indexed identityId,
        address indexed lost,
        address indexed successor,
        address by,
        bytes32 reason
    );

    /// @notice The tree's governor closed the import through `importer`: no identity is imported any more.
    event ImportEnded(address indexed importer);

    /// @notice The tree's governor named `importer` as the one contract that may import identities into this (fresh)
    /// registry, and reserved the ids 1..`reservedIds` for them: this registry's own registrations start above.
    event ImporterSet(address indexed importer, uint64 reservedIds);

    /// @notice Identity `identityId` was imported as `record` (every field and rank, as the predecessor registry held
    /// it) by `by` through the importer; its wallets follow in WalletAdded, in the predecessor's list order.
    event IdentityImported(uint64 indexed identityId, uint256 state, bytes32 evidenceHash, address by);

    /// @notice `signer`'s attestation with `nonce` registered identity `identityId`, submitted by `submitter`.
    event AttestationUsed(address indexed signer, uint256 indexed nonce, uint64 indexed identityId, address submitter);

    /// @notice `wallet` consented, with its nonce `nonce`, to join identity `identityId` (0: a new identity attested
    /// by node `attester`); `submitter` sent the consent.
    event WalletConsentUsed(
        address indexed wallet,
        uint256 indexed nonce,
        uint64 indexed identityId,
        uint64 attester,
        address submitter
    );

    /// @notice `signer` cancelled its unused nonce `nonce`.
    event NonceCancelled(address indexed signer, uint256 indexed nonce);

    /// @notice Policy `policyId` was created by `creator` with these (immutable) contents.
    event PolicyCreated(
        uint32 indexed policyId,
        address indexed creator,
        uint64[] trustedRoots,
        uint8 allowedClasses,
        uint16[] barredJurisdictions
    );

    /// @notice No identity has id `identityId`.
    error UnknownIdentity(uint64 identityId);
    /// @notice No policy has id `policyId`.
    error UnknownPolicy(uint32 policyId);
    /// @notice Identity `identityId` is `status`, which this operation does not accept.
    error IdentityNotActive(uint64 identityId, IdentityStatus status);
    /// @notice `classes` is empty or names a reserved bit.
    error InvalidClasses(uint8 classes);
    /// @notice `jurisdiction` is not an ISO 3166 numeric code (1..999).
    error InvalidJurisdiction(uint16 jurisdiction);
    /// @notice `expiry` is not in the future (`now` is the chain time in seconds).
    error ExpiryNotInFuture(uint40 expiry, uint40 now);
    /// @notice The KYC evidence hash is zero.
    error MissingEvidence();
    /// @notice The zero address cannot be a wallet.
    error ZeroWallet();
    /// @notice `wallet` already belongs to live identity `identityId`.
    error WalletAlreadyRegistered(address wallet, uint64 identityId);
    /// @notice `wallet` belongs to revoked identity `identityId` of root `root`: only a binding in that root acting at
    /// depth `reclaimDepth` or above may reclaim it (anyone, once the root is retired).
    error WalletHeldByRevokedIdentity(address wallet, uint64 identityId, uint64 root, uint8 reclaimDepth);
    /// @notice `wallet` does not belong to identity `identityId`.
    error WalletNotInIdentity(address wallet, uint64 identityId);
    /// @notice Identity `identityId` already has the most wallets allowed (`max`).
    error TooManyWallets(uint64 identityId, uint8 max);
    /// @notice An identity keeps at least one wallet; revoke it instead of removing its last one.
    error LastWallet(uint64 identityId);
    /// @notice A batch must hold between 1 and `max` registrations; it held `size`.
    error InvalidBatchSize(uint256 size, uint256 max);
    /// @notice Node `nodeId` cannot attest, for reason `fault`.
    error AttesterNotKyc(uint64 nodeId, AttesterFault fault);
    /// @notice `caller` is not the account of node `nodeId`.
    error NotAttesterAccount(uint64 nodeId, address caller);
    /// @notice `caller` holds neither the attesting node `attester` of identity `identityId` nor a valid ancestor.
    error NotManager(address caller, uint64 identityId, uint64 attester);
    /// @notice Identity `identityId` was frozen at depth `frozenByDepth`; `callerDepth` is below that authority.
    error FrozenByHigherAuthority(uint64 identityId, uint8 frozenByDepth, uint8 callerDepth);
    /// @notice The profile or expiry of `identityId` was set at depth `profileDepth`; `callerDepth` may restrict it
    /// (shorten the expiry, freeze, revoke), not change or extend it, nor move its wallets out.
    error ProfileSetByHigherAuthority(uint64 identityId, uint8 profileDepth, uint8 callerDepth);
    /// @notice Attesting node `nodeId` was made invalid by an authority at depth `rank`; `callerDepth` is below it.
    error AttesterBlockedByHigherAuthority(uint64 nodeId, uint8 rank, uint8 callerDepth);
    /// @notice `caller` holds neither node `nodeId` nor a valid ancestor of it.
    error CannotManageNode(address caller, uint64 nodeId);
    /// @notice Identity `identityId` is already frozen, at depth `frozenByDepth` (only a higher rank may take over).
    error AlreadyFrozen(uint64 identityId, uint8 frozenByDepth);
    /// @notice `subject`'s restriction was lifted at rank (depth) `clearedRank`; a caller at rank `callerRank` ranks
    /// below that and may not re-impose it (cleared-by rank: escalate to that rank instead).
    error ClearedByHigherAuthority(uint64 subject, uint8 clearedRank, uint8 callerRank);
    /// @notice Identity `identityId` is not frozen.
    error NotFrozen(uint64 identityId);
    /// @notice Identity `identityId` is already attested by node `nodeId`.
    error SameAttester(uint64 identityId, uint64 nodeId);
    /// @notice Node `nodeId` belongs to root `nodeRoot`, but the identity belongs to root `identityRoot`.
    error RootMismatch(uint64 nodeId, uint64 nodeRoot, uint64 identityRoot);
    /// @notice The attestation could be submitted until `deadline`; it is now `now` (seconds).
    error AttestationExpired(uint40 deadline, uint40 now);
    /// @notice The signature is not `signer`'s (the account of attesting node `attester`) over this attestation.
    error InvalidSignature(uint64 attester, address signer);
    /// @notice A deadline may be at most MAX_ATTESTATION_WINDOW ahead: `deadline` is beyond `limit`.
    error DeadlineTooFar(uint40 deadline, uint40 limit);
    /// @notice An identity's expiry may not pass `limit` (MAX_KYC_VALIDITY from now, or the attesting node's lease).
    error ExpiryTooLate(uint40 expiry, uint40 limit);
    /// @notice `wallet`'s consent could be used until `deadline`; it is now `now` (seconds).
    error ConsentExpired(address wallet, uint40 deadline, uint40 now);
    /// @notice No valid consent by `wallet` to join identity `identityId` (0: a new one attested by `attester`).
    error InvalidConsent(address wallet, uint64 identityId, uint64 attester);
    /// @notice A batch needs one consent per registration: `registrations` registrations, `consents` consents.
    error ConsentCountMismatch(uint256 registrations, uint256 consents);
    /// @notice `signer`'s nonce `nonce` was already used (by an attestation or a wallet consent).
    error NonceAlreadyUsed(address signer, uint256 nonce);
    /// @notice `signer` cancelled nonce `nonce`.
    error NonceAlreadyCancelled(address signer, uint256 nonce);
    /// @notice `successor` cannot take `lost`'s place: it is zero or `lost` itself.
    error InvalidSuccessor(address lost, address successor);
    /// @notice `wallet` was replaced by `successor` (it was lost): it can never be bound to an identity again.
    error WalletWasReplaced(address wallet, address successor);
    /// @notice `lost` has no replacement that can be contested (never replaced, or contested already).
    error NoPendingReplacement(address lost);
    /// @notice The replacement of `lost` is no longer contestable: its notice ended at `claimableAt`; now is `time`.
    error ReplacementNoticeOver(address lost, uint40 claimableAt, uint40 time);
    /// @notice `caller` may not contest the replacement of `lost`: only `lost` itself or a manager of its identity at
    /// a depth below `replacerDepth` (a strictly higher rank) may.
    error NotContester(address caller, address lost, uint8 replacerDepth);
    /// @notice The importer must be a contract address, not zero.
    error ZeroImporter();
    /// @notice At most `max` ids may be reserved for imports; `reservedIds` were asked.
    error TooManyReservedIds(uint64 reservedIds, uint64 max);
    /// @notice No import is open to close: no importer was named, or `importer`'s import is closed already.
    error ImportClosed(address importer);
    /// @notice `caller` is not the authority tree's governor `governor`.
    error NotTreeGovernor(address caller, address governor);
    /// @notice An importer can be named once, before this registry registers anyone: `importer` is already named,
    /// or `identityCount` ids are in use.
    error ImportNotOpen(address importer, uint64 identityCount);
    /// @notice The importer's record of identity `identityId` (`state`) is malformed: its wallet count differs from
    /// the wallets given, or its status is None.
    error InvalidImportRecord(uint64 identityId, uint256 state);
    /// @notice The succession module was called directly: it runs only by DELEGATECALL from its registry.
    error NotDelegated();
    /// @notice `caller` is not this registry's importer (setImporter).
    error NotImporter(address caller);
    /// @notice A policy must trust between 1 and `max` roots; `count` were given.
    error InvalidTrustedRootCount(uint256 count, uint256 max);
    /// @notice Node `nodeId` is not a root of the authority tree.
    error NotARoot(uint64 nodeId);
    /// @notice Root `rootId` is listed twice.
    error DuplicateTrustedRoot(uint64 rootId);
    /// @notice A policy may bar at most `max` jurisdictions; `count` were given.
    error TooManyBarredJurisdictions(uint256 count, uint256 max);
    /// @notice Jurisdiction `jurisdiction` is listed twice.
    error DuplicateBarredJurisdiction(uint16 jurisdiction);

    /**
     * @notice Register one client attested by node `attester`. Caller: that node's account, valid and holding KYC.
     * @dev The wallet must consent (see Consent). A wallet of a revoked identity may be reclaimed as the contract's
     * notice describes (see WalletRemoved); a wallet bound to any other identity is refused.
     * @param consent The wallet's consent to a new identity attested by `attester` (empty if the wallet is the caller).
     * @return identityId The new identity's id.
     */
    function register(
        uint64 attester,
        Registration calldata registration,
        Consent calldata consent
    ) external returns (uint64 identityId);

    /// @notice Register up to MAX_BATCH clients attested by node `attester`, as `register` does for each, with one
    /// consent per registration (same order).
    /// @return firstIdentityId The id of the first new identity; the others follow consecutively in batch order.
    function registerBatch(
        uint64 attester,
        Registration[] calldata registrations,
        Consent[] calldata consents
    ) external returns (uint64 firstIdentityId);

    /**
     * @notice Register a client from an attestation signed off-chain by the account of a KYC node. Consumes the
     * signer's nonce. The wallet submits it itself (consent empty), or anyone submits it with the wallet's consent.
     * @param attestation The signed registration (see Attestation); its deadline at most MAX_ATTESTATION_WINDOW ahead.
     * @param signature An ECDSA signature of the EIP-712 digest (attestationDigest), or an ERC-1271 one when the
     * attester's account is a contract.
     * @param consent The wallet's consent to a new identity attested by `attestation.attester`, when the submitter is
     * not the wallet.
     * @return identityId The new identity's id.
     */
    function submitAttestation(
        Attestation calldata attestation,
        bytes calldata signature,
        Consent calldata consent
    ) external returns (uint64 identityId);

    /// @notice Cancel the caller's unused nonce, so that an attestation or a wallet consent signed with it is void.
    function cancelNonce(uint256 nonce) external;

    /// @notice Set an identity's classes, jurisdiction and evidence hash (after a new KYC review). Caller: a manager
    /// at depth <= profileDepth.
    function update(uint64 identityId, uint8 classes, uint16 jurisdiction, bytes32 evidenceHash) external;

    /// @notice Set a new expiry. Caller: any manager to shorten it, one at depth <= profileDepth to extend it. At most
    /// MAX_KYC_VALIDITY ahead and within the attesting node's lease. A frozen identity stays frozen.
    function renew(uint64 identityId, uint40 expiry) external;

    /// @notice Bind another wallet to an identity (at most MAX_WALLETS), with the wallet's consent to join it.
    /// Caller: a manager.
    function addWallet(uint64 identityId, address wallet, Consent calldata consent) external;

    /// @notice Unbind a wallet from an identity; the last one cannot be removed. Caller: a manager at depth <=
    /// profileDepth (and <= frozenByDepth while frozen).
    function removeWallet(uint64 identityId, address wallet) external;

    /// @notice Freeze an identity: it is ineligible until unfrozen. Caller: a manager; when it is frozen already, a
    /// manager above the freezer's rank, taking the freeze over; after an unfreeze at depth d, a manager at depth <= d
    /// (cleared-by rank).
    function freeze(uint64 identityId, bytes32 reason) external;

    /// @notice Unfreeze a frozen identity. Caller: a manager at depth <= frozenByDepth. Records the caller's depth as
    /// the identity's cleared-by rank.
    function unfreeze(uint64 identityId) external;

    /// @notice Revoke an identity for good. Its wallets stay bound (and ineligible) until reclaimed. Caller: a manager
    /// (of a frozen identity: at depth <= frozenByDepth).
    function revoke(uint64 identityId, bytes32 reason) external;

    /**
     * @notice Move an identity to another attesting node of the same root, for example off a revoked bank node onto
     * its successor. Caller: an account that manages both the current attesting node and `newAttester` (the account
     * of a common ancestor, or of the current node when `newAttester` is beneath it), at depth <= profileDepth (the
     * choice of attester is part of the profile: a lower rank cannot move back a client a higher one moved); when the
     * current node is not valid, at depth <= its blocking rank; when the identity is frozen, at depth <= frozenByDepth.
     * @dev `newAttester` must be valid and hold KYC now, and its lease (`node(newAttester).expiry`) must cover the
     * identity's expiry (ExpiryTooLate: shorten it first with renew). profileDepth becomes the caller's depth; neither
     * the profile, nor the expiry, nor a freeze, nor the other recorded depths change.
     */
    function migrate(uint64 identityId, uint64 newAttester) external;

    /**
     * @notice The wallet that now stands in `lost`'s place for venues (issue 17 review H1): the end of its chain of
     * replacements, once EVERY replacement on the chain has passed its notice (REPLACEMENT_NOTICE, 7 days, after
     * replaceWallet) without being contested. Zero when `lost` was never replaced, when its replacement (or one
     * further down the chain) is still in its notice, when it was contested (the replacement is then void), and when
     * the chain is longer than 16 steps (never an intermediate wallet).
     * @dev A venue should also check that the successor is in the identity its account was opened for: successorOf
     * names a wallet, not an identity (the successor may since have moved or been revoked).
     */
    function successorOf(address lost) external view returns (address successor);

    /// @notice The authority tree whose KYC nodes attest clients.
    function AUTHORITY() external view returns (IAuthorityTree);

    /// @notice The most registrations one registerBatch call accepts.
    function MAX_BATCH() external view returns (uint256);

    /// @notice The most wallets one identity may have.
    function MAX_WALLETS() external view returns (uint8);

    /// @notice The most roots one policy may trust.
    function MAX_TRUSTED_ROOTS() external view returns (uint256);

    /// @notice The most jurisdictions one policy may bar.
    function MAX_BARRED_JURISDICTIONS() external view returns (uint256);

    /// @notice The furthest ahead (seconds) an attestation's or a consent's deadline may be when used: 30 days.
    function MAX_ATTESTATION_WINDOW() external view returns (uint40);

    /// @notice The furthest ahead (seconds) an identity's expiry may be set: 5 years of 365 days.
    function MAX_KYC_VALIDITY() external view returns (uint40);

    /// @notice The EIP-712 type hash of Attestation.
    function ATTESTATION_TYPEHASH() external view returns (bytes32);

    /// @notice The EIP-712 type hash of WalletConsent(address wallet,uint64 identityId,uint64 attester,uint256 nonce,
    /// uint40 deadline).
    function CONSENT_TYPEHASH() external view returns (bytes32);

    /// @notice The EIP-712 digest `wallet` signs to consent to join `identityId` (0: a new identity attested by
    /// `attester`; attester is 0 when joining an existing identity).
    function consentDigest(
        address wallet,
        uint64 identityId,
        uint64 attester,
        uint256 nonce,
        uint40 deadline
    ) external view returns (bytes32);

    /// @notice The EIP-712 digest an attester signs for `attestation` (domain "IdentityRegistry", version "1").
    function attestationDigest(Attestation calldata attestation) external view returns (bytes32);

    /// @notice The state of `signer`'s nonce `nonce` (attestations and wallet consents share one space per account).
    function nonceState(address signer, uint256 nonce) external view returns (NonceState);

    /// @notice Identity `identityId` as stored. Reverts with UnknownIdentity for an id never issued.
    function identity(uint64 identityId) external view returns (Identity memory);

    /// @notice The highest identity id issued or reserved: ids run from 1 to this number. In a successor registry
    /// the reserved ids (setImporter) that were never imported are unknown (identity() reverts UnknownIdentity).
    function identityCount() external view returns (uint64);

    /// @notice Up to `limit` wallets of identity `identityId` from index `offset`.
    function wallets(uint64 identityId, uint256 offset, uint256 limit) external view returns (address[] memory);

    /// @notice Whether `account` may manage identity `identityId` now.
    function isManager(address account, uint64 identityId) external view returns (bool);

    /// @notice Policy `policyId`. Reverts with UnknownPolicy for an id never issued.
    function policy(uint32 policyId) external view returns (Policy memory);

    /// @notice How many policies have been created; ids run from 1 to this number.
    function policyCount() external view returns (uint32);

    /// @notice Whether policy `policyId` trusts root `rootId`.
    function isTrustedRoot(uint32 policyId, uint64 rootId) external view returns (bool);

    /// @notice Whether policy `policyId` bars jurisdiction `jurisdiction`.
    function isJurisdictionBarred(uint32 policyId, uint16 jurisdiction) external view returns (bool);
}

/**
 * @title IIdentitySuccession
 * @notice The client registry with its succession paths (issue 17): wallet replacement and the import of identities
 * from a predecessor registry. The registry serves them from its module (IdentityRegistryModule, reached through its
 * fallback), so talk to them through this interface at the registry's address. Events and errors are
 * IIdentityRegistry's (WalletReplaced, ImporterSet, IdentityImported).
 */
interface IIdentitySuccession is IIdentityRegistry {
    /**
     * @notice Replace wallet `lost` of identity `identityId` by `successor`, in one transaction: `lost` leaves the
     * identity and can never be bound again (it loses every power at once), `successor` joins it with its consent
     * (or is one of its wallets already), and successorOf(lost) names it, so that a venue can move what `lost` held
     * there once the notice has passed. Caller: a manager (of a frozen identity: at depth <= frozenByDepth; under an
     * attester suspended or revoked by a higher rank: at that rank or above, AttesterBlockedByHigherAuthority).
     * Refused while `lost` or the identity is on a sanctions list, and for a successor of another identity (as
     * addWallet). Notice (issue 17 review H1): successorOf(lost) stays zero for REPLACEMENT_NOTICE seconds, during
     * which `lost` itself or a manager ranked strictly above the caller may contest (contestReplacement).
     * @param consent `successor`'s consent to join `identityId` (as addWallet); ignored when it is in it already.
     */
    function replaceWallet(
        uint64 identityId,
        address lost,
        address successor,
        bytes32 reason,
        Consent calldata consent
    ) external;

    /**
     * @notice Name `importer` as the one contract that may import identities into this registry, reserving ids
     * 1..`reservedIds` for them (at least the predecessor's identityCount). Caller: the authority tree's governor
     * (the timelock in production); once, while this registry has registered no one. `importer` non-zero
     * (ZeroImporter); `reservedIds` at most MAX_RESERVED_IDS (TooManyReservedIds), which leaves this registry's own
     * registrations as many ids again. Reserve a wide margin above the predecessor's identityCount (the
     * registry:import task does): ids the predecessor issues later then never collide with this registry's own.
     * @dev Open it before the registry is announced: a registration before setImporter (any KYC agent may make one)
     * closes import for good; the remedy is a fresh successor registry (nothing depends on one not yet announced).
     */
    function setImporter(address importer, uint64 reservedIds) external;

    /// @notice End the import: the importer may import nothing more (importer() reads zero), and no other can be
    /// named. Caller: the authority tree's governor, once, after setImporter.
    function closeImport() external;

    /**
     * @notice Contest the replacement of `lost` while its notice runs: the replacement is void (successorOf(lost) is
     * zero), and `lost` is bound to its identity again (TooManyWallets if the identity is full: remove one first);
     * the successor stays in the identity (it consented; a manager removes it if it should not be there). Caller:
     * `lost` itself, or a manager of the identity's attesting node ranked strictly above the replacer (a smaller
     * depth). Refused once the notice is over (ReplacementNoticeOver) and for a wallet with no replacement.
     */
    function contestReplacement(address lost, bytes32 reason) external;

    /// @notice The replacement of `lost` as recorded (contested or never replaced: all zero): its direct successor,
    /// the identity it left, when venues may act on it (seconds), and the replacer's depth.
    function replacementNotice(
        address lost
    ) external view returns (address successor, uint64 identityId, uint40 claimableAt, uint8 byDepth);

    /// @notice How long (seconds) a replacement waits, contestable, before venues see it: 7 days.
    function REPLACEMENT_NOTICE() external view returns (uint40);

    /// @notice The most ids setImporter may reserve: half the id space, the rest for this registry's own.
    function MAX_RESERVED_IDS() external view returns (uint64);

    /**
     * @notice Import identity `identityId` as `record` with `wallets` (its whole list, in order), unless the id is
     * taken here or outside the reserved range, or a wallet is bound here (or was replaced here): the outcome says
     * which, and nothing is written then. Never overwrites. Caller: the importer only (see RegistryImporter).
     * @param by Who asked the importer for it (recorded in the events).
     */
    function importIdentity(
        uint64 identityId,
        uint256 state,
        bytes32 evidenceHash,
        address[] calldata wallets,
        address by
    ) external returns (ImportOutcome outcome);

    /// @notice The contract that may import identities (setImporter), zero if none was named.
    function importer() external view returns (address);
}
