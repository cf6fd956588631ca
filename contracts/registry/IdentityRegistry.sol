// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IEligibility, IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {ClientClasses} from "../types/ClientClass.sol";
import {Scopes} from "../types/Scope.sol";
import {ChainClock} from "../utils/ChainClock.sol";

/**
 * @title IdentityRegistry
 * @notice The qualified-client registry. See IIdentityRegistry for the rules.
 * @dev What `eligibility` reads is laid out for the exchange's hot path: the wallet's link (one slot), the identity's
 * state (one slot), the policy's header, root-trust flag and one word of its jurisdiction bitmap (one slot each), then
 * the authority tree's validity walk of the attesting node (depth + 1 slots there). Nothing else.
 * The only external calls are to view functions, so they are STATICCALLs: the authority tree, and an ERC-1271
 * signer's isValidSignature. None can re-enter to change state, so no reentrancy guard is needed.
 * Size: 23,101 bytes of runtime code at 1,000 optimizer runs (a per-file override in hardhat.config.ts), ~1.2 KB
 * under the 24,576-byte limit (EIP-170). Anything much larger (revokeBatch and migrateBatch, ~630 bytes, would still
 * fit) needs a part split out first, such as the policies into their own contract.
 */
contract IdentityRegistry is IIdentityRegistry, ChainClock, EIP712 {
    using BitMaps for BitMaps.BitMap;

    /// @inheritdoc IIdentityRegistry
    uint256 public constant MAX_BATCH = 32;
    /// @inheritdoc IIdentityRegistry
    uint8 public constant MAX_WALLETS = 16;
    /// @inheritdoc IIdentityRegistry
    uint256 public constant MAX_TRUSTED_ROOTS = 16;
    /// @inheritdoc IIdentityRegistry
    uint256 public constant MAX_BARRED_JURISDICTIONS = 64;
    /// @inheritdoc IIdentityRegistry
    uint40 public constant MAX_ATTESTATION_WINDOW = 30 days;
    /// @inheritdoc IIdentityRegistry
    uint40 public constant MAX_KYC_VALIDITY = 5 * 365 days;
    /// @dev ISO 3166-1 numeric codes run from 001 to 999.
    uint16 private constant MAX_JURISDICTION = 999;

    // The type string is hashed at compile time and never stored, so its length costs nothing.
    // solhint-disable gas-small-strings
    /// @inheritdoc IIdentityRegistry
    /// @dev The type string must stay in step with lib/attestation.ts (ATTESTATION_TYPES).
    bytes32 public constant ATTESTATION_TYPEHASH = keccak256(
        "Attestation(address wallet,uint8 classes,uint16 jurisdiction,uint40 expiry,bytes32 evidenceHash,"
        "uint64 attester,uint256 nonce,uint40 deadline)"
    );
    /// @inheritdoc IIdentityRegistry
    /// @dev The type string must stay in step with lib/attestation.ts (CONSENT_TYPES).
    bytes32 public constant CONSENT_TYPEHASH = keccak256(
        "WalletConsent(address wallet,uint64 identityId,uint64 attester,uint256 nonce,uint40 deadline)"
    );
    // solhint-enable gas-small-strings

    /// @inheritdoc IIdentityRegistry
    IAuthorityTree public immutable AUTHORITY;

    /// @dev Everything eligibility reads about an identity, and the ranks of the decisions on it, in one slot (256
    /// bits). The depths are those of IIdentityRegistry.Identity.
    struct IdentityState {
        uint64 attester;
        uint64 root;
        uint40 expiry;
        uint16 jurisdiction;
        uint8 classes;
        IdentityStatus status;
        bool frozen;
        uint8 walletCount;
        uint8 frozenByDepth;
        uint8 profileDepth;
        uint8 revokedByDepth;
        bool freezeCleared;
        uint8 clearedByDepth;
    }

    /// @dev A wallet's identity and its position in that identity's wallet list.
    struct WalletLink {
        uint64 identityId;
        uint8 index;
    }

    /// @dev A policy exists iff allowedClasses != 0 (creation rejects an empty mask).
    struct PolicyHeader {
        uint8 allowedClasses;
        uint8 barredCount;
    }

    uint64 private _identityCount;
    uint32 private _policyCount;

    mapping(uint64 identityId => IdentityState) private _identities;
    mapping(uint64 identityId => bytes32) private _evidence;
    mapping(uint64 identityId => mapping(uint256 index => address)) private _walletAt;
    mapping(address wallet => WalletLink) private _links;

    mapping(uint32 policyId => PolicyHeader) private _policies;
    mapping(uint32 policyId => mapping(uint64 rootId => bool)) private _trusted;
    mapping(uint32 policyId => uint64[]) private _trustedList;
    /// @dev Bit `code & 255` of word `code >> 8` is set when jurisdiction `code` is barred.
    mapping(uint32 policyId => uint256[4]) private _barred;

    /// @dev Nonces an attestation or a wallet consent used, or their signer cancelled; one space per account.
    /// `_cancelled` only tells used and cancelled apart in errors.
    mapping(address signer => BitMaps.BitMap) private _spent;
    mapping(address signer => BitMaps.BitMap) private _cancelled;

    /// @param authority The authority tree whose KYC nodes attest clients; it must run on the same time unit.
    /// @param timeUnit Chain timestamp units per second: 1 on Ethereum/Hardhat, 1000 on PlatON.
    constructor(IAuthorityTree authority, uint256 timeUnit) ChainClock(timeUnit) EIP712("IdentityRegistry", "1") {
        _requireSameClock(address(authority));
        AUTHORITY = authority;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Registration
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IIdentityRegistry
    function register(
        uint64 attester,
        Registration calldata registration,
        Consent calldata consent
    ) external returns (uint64 identityId) {
        IAuthorityTree.Node memory n = _requireAttesterAccount(attester);
        _requireWalletConsent(registration.wallet, 0, attester, consent);
        identityId = _register(attester, n, registration);
    }

    /// @inheritdoc IIdentityRegistry
    function registerBatch(
        uint64 attester,
        Registration[] calldata registrations,
        Consent[] calldata consents
    ) external returns (uint64 firstIdentityId) {
        uint256 size = registrations.length;
        if (size == 0 || size > MAX_BATCH) revert InvalidBatchSize(size, MAX_BATCH);
        if (consents.length != size) revert ConsentCountMismatch(size, consents.length);
        IAuthorityTree.Node memory n = _requireAttesterAccount(attester);
        for (uint256 i = 0; i < size; ++i) {
            _requireWalletConsent(registrations[i].wallet, 0, attester, consents[i]);
            uint64 identityId = _register(attester, n, registrations[i]);
            if (i == 0) firstIdentityId = identityId;
        }
    }

    /// @inheritdoc IIdentityRegistry
    function submitAttestation(
        Attestation calldata attestation,
        bytes calldata signature,
        Consent calldata consent
    ) external returns (uint64 identityId) {
        _requireDeadline(attestation.deadline);
        IAuthorityTree.Node memory n = _kycNode(attestation.attester);
        address signer = n.account;
        uint256 nonce = attestation.nonce;
        _requireUnspent(signer, nonce);
        if (!SignatureChecker.isValidSignatureNow(signer, _attestationDigest(attestation), signature)) {
            revert InvalidSignature(attestation.attester, signer);
        }

        _spent[signer].set(nonce);
        _requireWalletConsent(attestation.wallet, 0, attestation.attester, consent);
        identityId = _register(
            attestation.attester,
            n,
            Registration({
                wallet: attestation.wallet,
                classes: attestation.classes,
                jurisdiction: attestation.jurisdiction,
                expiry: attestation.expiry,
                evidenceHash: attestation.evidenceHash
            })
        );
        emit AttestationUsed(signer, nonce, identityId, msg.sender);
    }

    /// @inheritdoc IIdentityRegistry
    function cancelNonce(uint256 nonce) external {
        _requireUnspent(msg.sender, nonce);
        _spent[msg.sender].set(nonce);
        _cancelled[msg.sender].set(nonce);
        emit NonceCancelled(msg.sender, nonce);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Management
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IIdentityRegistry
    function update(uint64 identityId, uint8 classes, uint16 jurisdiction, bytes32 evidenceHash) external {
        (IdentityState storage s, uint8 depth) = _managed(identityId);
        if (depth > s.profileDepth) revert ProfileSetByHigherAuthority(identityId, s.profileDepth, depth);
        _requireProfile(classes, jurisdiction, evidenceHash);
        // Losing a class or moving jurisdiction can end eligibility somewhere; new evidence or classes cannot.
        bool restricts = s.classes & ~classes != 0 || s.jurisdiction != jurisdiction;
        s.classes = classes;
        s.jurisdiction = jurisdiction;
        s.profileDepth = depth;
        _evidence[identityId] = evidenceHash;
        emit IdentityUpdated(identityId, msg.sender, depth, classes, jurisdiction, evidenceHash);
        if (restricts) AUTHORITY.reportRestriction(s.root);
    }

    /// @inheritdoc IIdentityRegistry
    function renew(uint64 identityId, uint40 expiry) external {
        (IdentityState storage s, uint8 depth) = _managed(identityId);
        _requireUnlisted(address(0), identityId); // a listed identity is not renewed (by any root's list)
        _requireExpiry(expiry, AUTHORITY.node(s.attester).expiry);
        uint40 previous = s.expiry;
        uint8 profileDepth = s.profileDepth;
        // Anyone who manages may shorten; only the rank that set the profile (or above) may extend.
        if (expiry > previous && depth > profileDepth) {
            revert ProfileSetByHigherAuthority(identityId, profileDepth, depth);
        }
        // Only the expiry changes: a frozen identity stays frozen.
        s.expiry = expiry;
        if (depth < profileDepth) s.profileDepth = depth;
        emit IdentityRenewed(identityId, msg.sender, depth, previous, expiry);
        if (expiry < previous) AUTHORITY.reportRestriction(s.root);
    }

    /// @inheritdoc IIdentityRegistry
    function addWallet(uint64 identityId, address wallet, Consent calldata consent) external {
        (IdentityState storage s, uint8 depth) = _managed(identityId);
        _requireWalletConsent(wallet, identityId, 0, consent);
        _bindWallet(identityId, s, wallet, depth);
    }

    /// @inheritdoc IIdentityRegistry
    function removeWallet(uint64 identityId, address wallet) external {
        (IdentityState storage s, uint8 depth) = _managed(identityId);
        WalletLink memory link = _links[wallet];
        if (link.identityId != identityId) revert WalletNotInIdentity(wallet, identityId);
        if (s.walletCount == 1) revert LastWallet(identityId);
        // The wallet carries the client's assets: moving it out must not escape a freeze or a downgrade from above.
        _requireFreezeRank(identityId, s, depth);
        if (depth > s.profileDepth) revert ProfileSetByHigherAuthority(identityId, s.profileDepth, depth);
        // Nor a sanctions listing by any root, of the identity or of the wallet: a listed party keeps its wallets
        // (issue 16 review H2: a listed wallet moved out and re-synced would carry its frozen funds away).
        _requireUnlisted(wallet, identityId);
        _unbindWallet(identityId, s, wallet, link.index);
    }

    /// @inheritdoc IIdentityRegistry
    function freeze(uint64 identityId, bytes32 reason) external {
        (IdentityState storage s, uint8 depth) = _managed(identityId);
        // A higher authority may take over a lower one's freeze, so that the lower one can no longer lift it.
        bool takeover = s.frozen;
        if (takeover && depth >= s.frozenByDepth) revert AlreadyFrozen(identityId, s.frozenByDepth);
        // Cleared-by rank: below the rank that last lifted a freeze, nobody re-imposes it (they escalate instead).
        if (s.freezeCleared && depth > s.clearedByDepth) {
            revert ClearedByHigherAuthority(identityId, s.clearedByDepth, depth);
        }
        s.frozen = true;
        s.frozenByDepth = depth;
        s.freezeCleared = false;
        s.clearedByDepth = 0;
        emit IdentityFrozen(identityId, msg.sender, depth, reason);
        if (!takeover) AUTHORITY.reportRestriction(s.root);
    }

    /// @inheritdoc IIdentityRegistry
    function unfreeze(uint64 identityId) external {
        (IdentityState storage s, uint8 depth) = _managed(identityId);
        if (!s.frozen) revert NotFrozen(identityId);
        _requireFreezeRank(identityId, s, depth);
        s.frozen = false;
        s.frozenByDepth = 0;
        s.freezeCleared = true;
        s.clearedByDepth = depth;
        emit IdentityUnfrozen(identityId, msg.sender, depth);
    }

    /// @inheritdoc IIdentityRegistry
    function revoke(uint64 identityId, bytes32 reason) external {
        (IdentityState storage s, uint8 depth) = _managed(identityId);
        _requireFreezeRank(identityId, s, depth);
        s.status = IdentityStatus.Revoked;
        s.revokedByDepth = depth;
        emit IdentityRevoked(identityId, msg.sender, depth, reason);
        AUTHORITY.reportRestriction(s.root);
    }

    /// @inheritdoc IIdentityRegistry
    function migrate(uint64 identityId, uint64 newAttester) external {
        (IdentityState storage s, uint8 depth) = _managed(identityId);
        uint64 from = s.attester;
        if (newAttester == from) revert SameAttester(identityId, newAttester);
        if (!AUTHORITY.canManage(msg.sender, newAttester)) revert CannotManageNode(msg.sender, newAttester);
        IAuthorityTree.Node memory n = _kycNode(newAttester);
        if (n.root != s.root) revert RootMismatch(newAttester, n.root, s.root);
        // Neither a freeze, nor the invalidity of the current attester, nor a higher rank's choice of attester (the
        // profile's rank, which a migration sets) may be worked around from below its rank.
        _requireFreezeRank(identityId, s, depth);
        if (depth > s.profileDepth) revert ProfileSetByHigherAuthority(identityId, s.profileDepth, depth);
        (bool valid, uint8 rank) = AUTHORITY.blockingRank(from);
        if (!valid && depth > rank) revert AttesterBlockedByHigherAuthority(from, rank, depth);
        // The expiry must stay within the new attester's lease, as at registration.
        uint40 lease = n.expiry;
        if (s.expiry > lease) revert ExpiryTooLate(s.expiry, lease);
        s.attester = newAttester;
        s.profileDepth = depth;
        emit IdentityMigrated(identityId, msg.sender, depth, from, newAttester);
        AUTHORITY.reportRestriction(s.root);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Policies and eligibility
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IEligibility
    function createPolicy(
        uint64[] calldata trustedRoots,
        uint8 allowedClasses,
        uint16[] calldata barredJurisdictions
    ) external returns (uint32 policyId) {
        uint256 rootCount = trustedRoots.length;
        if (rootCount == 0 || rootCount > MAX_TRUSTED_ROOTS) {
            revert InvalidTrustedRootCount(rootCount, MAX_TRUSTED_ROOTS);
        }
        if (!ClientClasses.isValid(allowedClasses)) revert InvalidClasses(allowedClasses);
        uint256 barredCount = barredJurisdictions.length;
        if (barredCount > MAX_BARRED_JURISDICTIONS) {
            revert TooManyBarredJurisdictions(barredCount, MAX_BARRED_JURISDICTIONS);
        }

        policyId = ++_policyCount;
        uint64 nodeCount = AUTHORITY.nodeCount();
        for (uint256 i = 0; i < rootCount; ++i) {
            uint64 rootId = trustedRoots[i];
            if (rootId == 0 || rootId > nodeCount || AUTHORITY.node(rootId).parent != 0) revert NotARoot(rootId);
            if (_trusted[policyId][rootId]) revert DuplicateTrustedRoot(rootId);
            _trusted[policyId][rootId] = true;
            _trustedList[policyId].push(rootId);
        }
        uint256[4] storage barred = _barred[policyId];
        for (uint256 i = 0; i < barredCount; ++i) {
            uint16 code = barredJurisdictions[i];
            if (code == 0 || code > MAX_JURISDICTION) revert InvalidJurisdiction(code);
            uint256 bit = uint256(1) << (code & 255);
            if (barred[code >> 8] & bit != 0) revert DuplicateBarredJurisdiction(code);
            barred[code >> 8] |= bit;
        }
        // Both counts are bounded above (16 and 64), so the uint8 casts cannot truncate.
        _policies[policyId] = PolicyHeader({allowedClasses: allowedClasses, barredCount: uint8(barredCount)});
        emit PolicyCreated(policyId, msg.sender, trustedRoots, allowedClasses, barredJurisdictions);
    }

    /// @inheritdoc IEligibility
    function policyExists(uint32 policyId) external view returns (bool) {
        return _policies[policyId].allowedClasses != 0;
    }

    /**
     * @inheritdoc IEligibility
     * @dev Checks run cheapest first and the first failure is returned, in this order: UnknownPolicy, UnknownWallet,
     * IdentityRevoked, Frozen, Expired, ClassNotAllowed, RootNotTrusted, JurisdictionBarred, AttesterInvalid,
     * Sanctioned. AttesterInvalid is the authority tree's walk from the attesting node to its root (valid and holding
     * KYC now); Sanctioned, the tree's sanctions lists of the policy's trusted roots (bounded: MAX_SANCTION_ROOTS).
     */
    function eligibility(address wallet, uint32 policyId) public view returns (Eligibility result) {
        (result, , ) = clearance(wallet, policyId);
    }

    /// @inheritdoc IEligibility
    function clearance(
        address wallet,
        uint32 policyId
    ) public view returns (Eligibility, uint64 identityId, uint40 until) {
        uint8 allowedClasses = _policies[policyId].allowedClasses;
        if (allowedClasses == 0) return (Eligibility.UnknownPolicy, 0, 0);
        identityId = _links[wallet].identityId;
        if (identityId == 0) return (Eligibility.UnknownWallet, 0, 0);
        // Read only the fields eligibility needs through a storage pointer: copying the whole struct to memory
        // unpacks every member (the rank bytes included) on the token's and the venue's hot paths.
        IdentityState storage s = _identities[identityId];
        (IdentityStatus status, bool frozen, uint40 expiry) = (s.status, s.frozen, s.expiry);
        Eligibility e = Eligibility.Eligible;
        if (status != IdentityStatus.Active) e = Eligibility.IdentityRevoked;
        else if (frozen) e = Eligibility.Frozen;
        else if (_now() >= expiry) e = Eligibility.Expired;
        else if (s.classes & allowedClasses == 0) e = Eligibility.ClassNotAllowed;
        else if (!_trusted[policyId][s.root]) e = Eligibility.RootNotTrusted;
        else if (_isBarred(policyId, s.jurisdiction)) e = Eligibility.JurisdictionBarred;
        else {
            // One call: the attester's KYC validity, and the roots listing the wallet or its identity (sanctions;
            // none, two slot reads, in the usual case).
            uint64[] memory listers;
            (until, listers) = AUTHORITY.screenedScopeUntil(s.attester, Scopes.KYC, wallet, identityId);
            if (until == 0) e = Eligibility.AttesterInvalid;
            else {
                if (expiry < until) until = expiry;
                for (uint256 i; i < listers.length; ++i) {
                    if (_trusted[policyId][listers[i]]) (e, until) = (Eligibility.Sanctioned, 0);
                }
            }
        }
        return (e, identityId, until);
    }

    /// @inheritdoc IEligibility
    function isEligible(address wallet, uint32 policyId) external view returns (bool) {
        return eligibility(wallet, policyId) == Eligibility.Eligible;
    }

    /// @inheritdoc IEligibility
    function identityOf(address wallet) external view returns (uint64) {
        return _links[wallet].identityId;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IIdentityRegistry
    function attestationDigest(Attestation calldata attestation) external view returns (bytes32) {
        return _attestationDigest(attestation);
    }

    /// @inheritdoc IIdentityRegistry
    function consentDigest(
        address wallet,
        uint64 identityId,
        uint64 attester,
        uint256 nonce,
        uint40 deadline
    ) external view returns (bytes32) {
        return _consentDigest(wallet, identityId, attester, nonce, deadline);
    }

    /// @inheritdoc IIdentityRegistry
    function nonceState(address signer, uint256 nonce) external view returns (NonceState) {
        if (!_spent[signer].get(nonce)) return NonceState.Unused;
        return _cancelled[signer].get(nonce) ? NonceState.Cancelled : NonceState.Used;
    }

    /// @inheritdoc IIdentityRegistry
    function identity(uint64 identityId) external view returns (Identity memory) {
        IdentityState memory s = _identities[identityId];
        if (s.status == IdentityStatus.None) revert UnknownIdentity(identityId);
        return
            Identity({
                attester: s.attester,
                root: s.root,
                expiry: s.expiry,
                jurisdiction: s.jurisdiction,
                classes: s.classes,
                status: s.status,
                frozen: s.frozen,
                walletCount: s.walletCount,
                frozenByDepth: s.frozenByDepth,
                profileDepth: s.profileDepth,
                revokedByDepth: s.revokedByDepth,
                freezeCleared: s.freezeCleared,
                clearedByDepth: s.clearedByDepth,
                evidenceHash: _evidence[identityId]
            });
    }

    /// @inheritdoc IIdentityRegistry
    function identityCount() external view returns (uint64) {
        return _identityCount;
    }

    /// @inheritdoc IIdentityRegistry
    function wallets(uint64 identityId, uint256 offset, uint256 limit) external view returns (address[] memory out) {
        uint256 count = _identities[identityId].walletCount;
        if (offset >= count) return out;
        uint256 end = count - offset < limit ? count : offset + limit;
        out = new address[](end - offset);
        for (uint256 i = 0; i < out.length; ++i) {
            out[i] = _walletAt[identityId][offset + i];
        }
    }

    /// @inheritdoc IIdentityRegistry
    function isManager(address account, uint64 identityId) external view returns (bool) {
        IdentityState storage s = _identities[identityId];
        return s.status == IdentityStatus.Active && AUTHORITY.canManage(account, s.attester);
    }

    /// @inheritdoc IIdentityRegistry
    function policy(uint32 policyId) external view returns (Policy memory p) {
        PolicyHeader memory h = _policies[policyId];
        if (h.allowedClasses == 0) revert UnknownPolicy(policyId);
        p.trustedRoots = _trustedList[policyId];
        p.allowedClasses = h.allowedClasses;
        p.barredJurisdictions = new uint16[](h.barredCount);
        uint256 found = 0;
        for (uint16 word = 0; word < 4 && found < h.barredCount; ++word) {
            uint256 bits = _barred[policyId][word];
            for (uint16 bit = 0; bits != 0; ++bit) {
                if (bits & 1 != 0) {
                    p.barredJurisdictions[found] = (word << 8) | bit;
                    ++found;
                }
                bits >>= 1;
            }
        }
    }

    /// @inheritdoc IIdentityRegistry
    function policyCount() external view returns (uint32) {
        return _policyCount;
    }

    /// @inheritdoc IIdentityRegistry
    function isTrustedRoot(uint32 policyId, uint64 rootId) external view returns (bool) {
        return _trusted[policyId][rootId];
    }

    /// @inheritdoc IIdentityRegistry
    function isJurisdictionBarred(uint32 policyId, uint16 jurisdiction) external view returns (bool) {
        return jurisdiction <= MAX_JURISDICTION && _isBarred(policyId, jurisdiction);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @dev Creates an identity attested by node `attester` (`n`, valid and holding KYC) for a caller authorised to
     * attest under it, whose wallet has consented. The profile's first rank is the attesting node's depth.
     */
    function _register(
        uint64 attester,
        IAuthorityTree.Node memory n,
        Registration memory r
    ) internal returns (uint64 identityId) {
        _requireProfile(r.classes, r.jurisdiction, r.evidenceHash);
        _requireExpiry(r.expiry, n.expiry);

        identityId = ++_identityCount;
        IdentityState storage s = _identities[identityId];
        _identities[identityId] = IdentityState({
            attester: attester,
            root: n.root,
            expiry: r.expiry,
            jurisdiction: r.jurisdiction,
            classes: r.classes,
            status: IdentityStatus.Active,
            frozen: false,
            walletCount: 0,
            frozenByDepth: 0,
            profileDepth: n.depth,
            revokedByDepth: 0,
            freezeCleared: false,
            clearedByDepth: 0
        });
        _evidence[identityId] = r.evidenceHash;
        emit IdentityRegistered(
            identityId,
            attester,
            n.root,
            n.depth,
            r.classes,
            r.jurisdiction,
            r.expiry,
            r.evidenceHash,
            msg.sender
        );
        _bindWallet(identityId, s, r.wallet, n.depth);
    }

    /**
     * @dev Requires proof that `wallet` agrees to join identity `identityId` (0: a new one attested by `attester`):
     * the wallet is the caller, or it signed a WalletConsent for exactly this, whose nonce is then spent.
     */
    function _requireWalletConsent(
        address wallet,
        uint64 identityId,
        uint64 attester,
        Consent calldata consent
    ) internal {
        if (wallet == address(0)) revert ZeroWallet();
        if (wallet == msg.sender) return;
        // No consent at all (the caller is not the wallet): say so, rather than that a zero deadline has passed.
        if (consent.signature.length == 0) revert InvalidConsent(wallet, identityId, attester);
        uint40 deadline = consent.deadline;
        uint40 t = _now();
        if (t > deadline) revert ConsentExpired(wallet, deadline, t);
        if (deadline > t + MAX_ATTESTATION_WINDOW) revert DeadlineTooFar(deadline, t + MAX_ATTESTATION_WINDOW);
        uint256 nonce = consent.nonce;
        _requireUnspent(wallet, nonce);
        bytes32 digest = _consentDigest(wallet, identityId, attester, nonce, deadline);
        if (!SignatureChecker.isValidSignatureNow(wallet, digest, consent.signature)) {
            revert InvalidConsent(wallet, identityId, attester);
        }
        _spent[wallet].set(nonce);
        emit WalletConsentUsed(wallet, nonce, identityId, attester, msg.sender);
    }

    /**
     * @dev Binds `wallet` (whose consent the caller checked) to `identityId`, for a caller acting at `depth` in the
     * identity's root. A wallet of another identity is refused, unless that identity is revoked and the caller may
     * reclaim it (same root, depth <= min(revokedByDepth, profileDepth)), or its root is retired; then it moves here.
     */
    function _bindWallet(uint64 identityId, IdentityState storage s, address wallet, uint8 depth) internal {
        // Registration and addWallet: neither the wallet nor the identity may be on any root's sanctions list.
        _requireUnlisted(wallet, identityId);
        uint8 count = s.walletCount;
        if (count >= MAX_WALLETS) revert TooManyWallets(identityId, MAX_WALLETS);
        WalletLink memory link = _links[wallet];
        if (link.identityId != 0) {
            IdentityState storage previous = _identities[link.identityId];
            uint64 previousRoot = previous.root;
            bool revoked = previous.status == IdentityStatus.Revoked;
            uint8 reclaimDepth =
                previous.revokedByDepth < previous.profileDepth ? previous.revokedByDepth : previous.profileDepth;
            // A retired root can never manage its identities again: anyone may then take the wallet.
            if (!(revoked && previousRoot == s.root && depth <= reclaimDepth) && !_rootRetired(previousRoot)) {
                if (!revoked) revert WalletAlreadyRegistered(wallet, link.identityId);
                revert WalletHeldByRevokedIdentity(wallet, link.identityId, previousRoot, reclaimDepth);
            }
            // A listed identity keeps its wallets even once revoked (issue 16 review H1): else an agent below the
            // listing rank would revoke it and reclaim the wallet into a fresh, unlisted identity.
            _requireUnlisted(address(0), link.identityId);
            _unbindWallet(link.identityId, previous, wallet, link.index);
        }
        _walletAt[identityId][count] = wallet;
        _links[wallet] = WalletLink({identityId: identityId, index: count});
        s.walletCount = count + 1;
        emit WalletAdded(identityId, wallet, msg.sender);
    }

    /// @dev Unbinds `wallet` (at `index` of `identityId`'s list), moving the last wallet into its place.
    function _unbindWallet(uint64 identityId, IdentityState storage s, address wallet, uint8 index) internal {
        uint8 last = s.walletCount - 1;
        if (index != last) {
            address moved = _walletAt[identityId][last];
            _walletAt[identityId][index] = moved;
            _links[moved].index = index;
        }
        delete _walletAt[identityId][last];
        delete _links[wallet];
        s.walletCount = last;
        emit WalletRemoved(identityId, wallet, msg.sender);
        AUTHORITY.reportRestriction(s.root);
    }

    /// @dev Reverts (the tree's PartySanctioned) if `wallet` or `identityId` is on any root's sanctions list.
    function _requireUnlisted(address wallet, uint64 identityId) internal view {
        AUTHORITY.requireNotSanctionedAnywhere(wallet, identityId);
    }

    /// @dev While `s` is frozen, requires `depth` to be at or above the freezer's.
    function _requireFreezeRank(uint64 identityId, IdentityState storage s, uint8 depth) internal view {
        if (s.frozen && depth > s.frozenByDepth) revert FrozenByHigherAuthority(identityId, s.frozenByDepth, depth);
    }

    /**
     * @dev The identity, required to exist and be active, and the depth the caller manages it at (the depth of the
     * node it holds on the attesting node's line, which must be valid).
     */
    function _managed(uint64 identityId) internal view returns (IdentityState storage s, uint8 depth) {
        s = _identities[identityId];
        IdentityStatus status = s.status;
        if (status == IdentityStatus.None) revert UnknownIdentity(identityId);
        if (status != IdentityStatus.Active) revert IdentityNotActive(identityId, status);
        uint64 attester = s.attester;
        bool manages;
        (manages, depth) = AUTHORITY.managerRank(msg.sender, attester);
        if (!manages) revert NotManager(msg.sender, identityId, attester);
    }

    /// @dev Node `nodeId`, required to be valid and hold KYC now.
    function _kycNode(uint64 nodeId) internal view returns (IAuthorityTree.Node memory) {
        if (!AUTHORITY.nodeHasScope(nodeId, Scopes.KYC)) revert AttesterNotKyc(nodeId, _attesterFault(nodeId));
        return AUTHORITY.node(nodeId);
    }

    /// @dev Why node `nodeId` cannot attest (only called once it is known that it cannot).
    function _attesterFault(uint64 nodeId) internal view returns (AttesterFault) {
        if (nodeId == 0 || nodeId > AUTHORITY.nodeCount()) return AttesterFault.Unknown;
        if (!AUTHORITY.isValid(nodeId)) return AttesterFault.Invalid;
        return AttesterFault.NoKyc;
    }

    /// @dev Node `nodeId`, required to be a valid KYC node held by the caller.
    function _requireAttesterAccount(uint64 nodeId) internal view returns (IAuthorityTree.Node memory n) {
        n = _kycNode(nodeId);
        if (n.account != msg.sender) revert NotAttesterAccount(nodeId, msg.sender);
    }

    /// @dev Whether root `rootId` can never be valid again: revoked (retired) or its lease ended (final).
    function _rootRetired(uint64 rootId) internal view returns (bool) {
        IAuthorityTree.Node memory n = AUTHORITY.node(rootId);
        return n.status == IAuthorityTree.NodeStatus.Revoked || _now() >= n.expiry;
    }

    function _requireUnspent(address signer, uint256 nonce) internal view {
        if (_spent[signer].get(nonce)) {
            if (_cancelled[signer].get(nonce)) revert NonceAlreadyCancelled(signer, nonce);
            revert NonceAlreadyUsed(signer, nonce);
        }
    }

    function _requireProfile(uint8 classes, uint16 jurisdiction, bytes32 evidenceHash) internal pure {
        if (!ClientClasses.isValid(classes)) revert InvalidClasses(classes);
        if (jurisdiction == 0 || jurisdiction > MAX_JURISDICTION) revert InvalidJurisdiction(jurisdiction);
        if (evidenceHash == bytes32(0)) revert MissingEvidence();
    }

    /// @dev An identity's expiry: in the future, at most MAX_KYC_VALIDITY ahead, and within `lease`.
    function _requireExpiry(uint40 expiry, uint40 lease) internal view {
        uint40 t = _now();
        if (expiry <= t) revert ExpiryNotInFuture(expiry, t);
        uint40 limit = t + MAX_KYC_VALIDITY;
        if (lease < limit) limit = lease;
        if (expiry > limit) revert ExpiryTooLate(expiry, limit);
    }

    /// @dev An attestation's deadline: not passed, and at most MAX_ATTESTATION_WINDOW ahead.
    function _requireDeadline(uint40 deadline) internal view {
        uint40 t = _now();
        if (t > deadline) revert AttestationExpired(deadline, t);
        if (deadline > t + MAX_ATTESTATION_WINDOW) revert DeadlineTooFar(deadline, t + MAX_ATTESTATION_WINDOW);
    }

    function _isBarred(uint32 policyId, uint16 jurisdiction) internal view returns (bool) {
        return _barred[policyId][jurisdiction >> 8] & (uint256(1) << (jurisdiction & 255)) != 0;
    }

    function _consentDigest(
        address wallet,
        uint64 identityId,
        uint64 attester,
        uint256 nonce,
        uint40 deadline
    ) internal view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(CONSENT_TYPEHASH, wallet, identityId, attester, nonce, deadline)));
    }

    function _attestationDigest(Attestation calldata a) internal view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        ATTESTATION_TYPEHASH,
                        a.wallet,
                        a.classes,
                        a.jurisdiction,
                        a.expiry,
                        a.evidenceHash,
                        a.attester,
                        a.nonce,
                        a.deadline
                    )
                )
            );
    }
}
