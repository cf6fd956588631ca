// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IEligibility, IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {ClientClasses} from "../types/ClientClass.sol";
import {Scopes} from "../types/Scope.sol";
import {IdentityRegistryBase} from "./IdentityRegistryBase.sol";
import {IdentityRegistryModule} from "./IdentityRegistryModule.sol";

/**
 * @title IdentityRegistry
 * @notice The qualified-client registry. See IIdentityRegistry for the rules.
 * @dev What `eligibility` reads is laid out for the exchange's hot path: the wallet's link (one slot), the identity's
 * state (one slot), the policy's header, root-trust flag and one word of its jurisdiction bitmap (one slot each), then
 * the authority tree's validity walk of the attesting node (depth + 1 slots there). Nothing else.
 * The only external calls are to view functions, so they are STATICCALLs: the authority tree, and an ERC-1271
 * signer's isValidSignature. None can re-enter to change state, so no reentrancy guard is needed.
 * Size: the registry and its succession module (IdentityRegistryModule: replaceWallet and the import from a
 * predecessor, issue 17) share one storage layout (IdentityRegistryBase); the module is created by the constructor
 * and reached through the fallback by DELEGATECALL. 24,284 bytes of runtime code at 1,000 optimizer runs (a per-file
 * override in hardhat.config.ts), ~290 B under EIP-170's limit; the module 14.5 KB. What is added next belongs in the
 * module (or a third one) unless it is on eligibility's path.
 */
contract IdentityRegistry is IIdentityRegistry, IdentityRegistryBase {
    using BitMaps for BitMaps.BitMap;

    /// @inheritdoc IIdentityRegistry
    uint256 public constant MAX_BATCH = 32;
    /// @inheritdoc IIdentityRegistry
    uint8 public constant MAX_WALLETS = _WALLET_LIMIT;
    /// @inheritdoc IIdentityRegistry
    uint256 public constant MAX_TRUSTED_ROOTS = 16;
    /// @inheritdoc IIdentityRegistry
    uint256 public constant MAX_BARRED_JURISDICTIONS = 64;
    /// @inheritdoc IIdentityRegistry
    uint40 public constant MAX_ATTESTATION_WINDOW = _SIGNATURE_WINDOW;
    /// @inheritdoc IIdentityRegistry
    uint40 public constant MAX_KYC_VALIDITY = 5 * 365 days;
    /// @dev How many replacements successorOf follows in one call (a chain is acyclic: a replaced wallet never
    /// rebinds, so it can never be anyone's successor).
    uint256 private constant MAX_SUCCESSION = 16;
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
    bytes32 public constant CONSENT_TYPEHASH = _CONSENT_TYPEHASH;
    // solhint-enable gas-small-strings

    /// @notice The succession module (wallet replacement, import), created here with this registry's wiring and
    /// reached through the fallback by DELEGATECALL: a verifier checks its code against the published build.
    address public immutable MODULE;

    /// @param authority The authority tree whose KYC nodes attest clients; it must run on the same time unit.
    /// @param timeUnit Chain timestamp units per second: 1 on Ethereum/Hardhat, 1000 on PlatON.
    constructor(IAuthorityTree authority, uint256 timeUnit) IdentityRegistryBase(authority, timeUnit) {
        _requireSameClock(address(authority));
        MODULE = address(new IdentityRegistryModule(authority, timeUnit));
    }

    /// @notice Everything IIdentitySuccession adds (replaceWallet, setImporter, importIdentity, importer) runs in
    /// MODULE, on this registry's storage.
    // solhint-disable-next-line no-complex-fallback
    fallback() external {
        address module = MODULE;
        // Not memory-safe (it writes from offset 0), and need not be: it never returns to Solidity code.
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), module, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) {
                revert(0, returndatasize())
            }
            return(0, returndatasize())
        }
    }

    /// @inheritdoc IIdentityRegistry
    function AUTHORITY() external view returns (IAuthorityTree) {
        return _TREE;
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
        if (restricts) _TREE.reportRestriction(s.root);
    }

    /// @inheritdoc IIdentityRegistry
    function renew(uint64 identityId, uint40 expiry) external {
        (IdentityState storage s, uint8 depth) = _managed(identityId);
        _requireUnlisted(address(0), identityId); // a listed identity is not renewed (by any root's list)
        _requireExpiry(expiry, _TREE.node(s.attester).expiry);
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
        if (expiry < previous) _TREE.reportRestriction(s.root);
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
        if (!takeover) _TREE.reportRestriction(s.root);
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
        _TREE.reportRestriction(s.root);
    }

    /// @inheritdoc IIdentityRegistry
    function migrate(uint64 identityId, uint64 newAttester) external {
        (IdentityState storage s, uint8 depth) = _managed(identityId);
        uint64 from = s.attester;
        if (newAttester == from) revert SameAttester(identityId, newAttester);
        if (!_TREE.canManage(msg.sender, newAttester)) revert CannotManageNode(msg.sender, newAttester);
        IAuthorityTree.Node memory n = _kycNode(newAttester);
        if (n.root != s.root) revert RootMismatch(newAttester, n.root, s.root);
        // Neither a freeze, nor the invalidity of the current attester, nor a higher rank's choice of attester (the
        // profile's rank, which a migration sets) may be worked around from below its rank.
        _requireFreezeRank(identityId, s, depth);
        if (depth > s.profileDepth) revert ProfileSetByHigherAuthority(identityId, s.profileDepth, depth);
        (bool valid, uint8 rank) = _TREE.blockingRank(from);
        if (!valid && depth > rank) revert AttesterBlockedByHigherAuthority(from, rank, depth);
        // The expiry must stay within the new attester's lease, as at registration.
        uint40 lease = n.expiry;
        if (s.expiry > lease) revert ExpiryTooLate(s.expiry, lease);
        s.attester = newAttester;
        s.profileDepth = depth;
        emit IdentityMigrated(identityId, msg.sender, depth, from, newAttester);
        _TREE.reportRestriction(s.root);
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
        uint64 nodeCount = _TREE.nodeCount();
        for (uint256 i = 0; i < rootCount; ++i) {
            uint64 rootId = trustedRoots[i];
            if (rootId == 0 || rootId > nodeCount || _TREE.node(rootId).parent != 0) revert NotARoot(rootId);
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
            (until, listers) = _TREE.screenedScopeUntil(s.attester, Scopes.KYC, wallet, identityId);
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
    function successorOf(address lost) external view returns (address successor) {
        uint40 t = _now();
        for (uint256 i = 0; i < MAX_SUCCESSION; ++i) {
            address next = _successors[lost];
            if (next == address(0)) return successor;
            // Every step must have passed its notice (a contested one has no successor left): else nothing, never an
            // intermediate wallet (issue 17 review H1, L5).
            if (t < _notices[lost].claimableAt) return address(0);
            (successor, lost) = (next, next);
        }
        if (_successors[lost] != address(0)) successor = address(0); // longer than MAX_SUCCESSION: nothing (L5)
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
        return s.status == IdentityStatus.Active && _TREE.canManage(account, s.attester);
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

    /// @dev Node `nodeId`, required to be valid and hold KYC now.
    function _kycNode(uint64 nodeId) internal view returns (IAuthorityTree.Node memory) {
        if (!_TREE.nodeHasScope(nodeId, Scopes.KYC)) revert AttesterNotKyc(nodeId, _attesterFault(nodeId));
        return _TREE.node(nodeId);
    }

    /// @dev Why node `nodeId` cannot attest (only called once it is known that it cannot).
    function _attesterFault(uint64 nodeId) internal view returns (AttesterFault) {
        if (nodeId == 0 || nodeId > _TREE.nodeCount()) return AttesterFault.Unknown;
        if (!_TREE.isValid(nodeId)) return AttesterFault.Invalid;
        return AttesterFault.NoKyc;
    }

    /// @dev Node `nodeId`, required to be a valid KYC node held by the caller.
    function _requireAttesterAccount(uint64 nodeId) internal view returns (IAuthorityTree.Node memory n) {
        n = _kycNode(nodeId);
        if (n.account != msg.sender) revert NotAttesterAccount(nodeId, msg.sender);
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
