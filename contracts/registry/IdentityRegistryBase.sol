// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {ChainClock} from "../utils/ChainClock.sol";

/**
 * @title IdentityRegistryBase
 * @notice The client registry's storage and the rules its two parts share: IdentityRegistry (registration,
 * management, policies, eligibility, views) and IdentityRegistryModule (wallet replacement and the import from a
 * predecessor registry, issue 17), which the registry reaches through its fallback by DELEGATECALL. One storage
 * layout for both, declared here only: neither part declares state of its own.
 * @dev The registry alone would pass EIP-170's 24,576 bytes with the succession paths in it; they run rarely, so they
 * live in the module. The vocabulary (types, events, errors) is IIdentityRegistry's.
 */
abstract contract IdentityRegistryBase is ChainClock, EIP712 {
    using BitMaps for BitMaps.BitMap;

    /// @dev IIdentityRegistry.MAX_WALLETS.
    uint8 internal constant _WALLET_LIMIT = 16;
    /// @dev IIdentityRegistry.MAX_ATTESTATION_WINDOW.
    uint40 internal constant _SIGNATURE_WINDOW = 30 days;
    /// @dev IIdentitySuccession.REPLACEMENT_NOTICE: how long a replacement waits, contestable, before venues see it.
    uint40 internal constant _REPLACEMENT_NOTICE = 7 days;
    // The type string is hashed at compile time and never stored, so its length costs nothing.
    // solhint-disable gas-small-strings
    /// @dev IIdentityRegistry.CONSENT_TYPEHASH; the type string must stay in step with lib/attestation.ts.
    bytes32 internal constant _CONSENT_TYPEHASH = keccak256(
        "WalletConsent(address wallet,uint64 identityId,uint64 attester,uint256 nonce,uint40 deadline)"
    );
    // solhint-enable gas-small-strings

    /// @dev IIdentityRegistry.AUTHORITY.
    IAuthorityTree internal immutable _TREE;

    /// @dev Everything eligibility reads about an identity, and the ranks of the decisions on it, in one slot (256
    /// bits). The depths are those of IIdentityRegistry.Identity.
    struct IdentityState {
        uint64 attester;
        uint64 root;
        uint40 expiry;
        uint16 jurisdiction;
        uint8 classes;
        IIdentityRegistry.IdentityStatus status;
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
        bool replaced; // the wallet was lost and replaced (_successors names its successor): never bound again
    }

    /// @dev A pending or matured wallet replacement (issue 17 review H1): the identity the lost wallet left, when
    /// venues may act on it (successorOf), and the replacer's depth (only a strictly higher rank may contest).
    struct ReplacementNotice {
        uint64 identityId;
        uint40 claimableAt;
        uint8 byDepth;
    }

    /// @dev The import from a predecessor (issue 17).
    struct ImportState {
        address importer;
        bool closed;
    }

    /// @dev A policy exists iff allowedClasses != 0 (creation rejects an empty mask).
    struct PolicyHeader {
        uint8 allowedClasses;
        uint8 barredCount;
    }

    uint64 internal _identityCount;
    uint32 internal _policyCount;

    mapping(uint64 identityId => IdentityState) internal _identities;
    mapping(uint64 identityId => bytes32) internal _evidence;
    mapping(uint64 identityId => mapping(uint256 index => address)) internal _walletAt;
    mapping(address wallet => WalletLink) internal _links;

    mapping(uint32 policyId => PolicyHeader) internal _policies;
    mapping(uint32 policyId => mapping(uint64 rootId => bool)) internal _trusted;
    mapping(uint32 policyId => uint64[]) internal _trustedList;
    /// @dev Bit `code & 255` of word `code >> 8` is set when jurisdiction `code` is barred.
    mapping(uint32 policyId => uint256[4]) internal _barred;

    /// @dev Nonces an attestation or a wallet consent used, or their signer cancelled; one space per account.
    /// `_cancelled` only tells used and cancelled apart in errors.
    mapping(address signer => BitMaps.BitMap) internal _spent;
    mapping(address signer => BitMaps.BitMap) internal _cancelled;

    /// @dev A replaced (lost) wallet's direct successor; a wallet with one is never bound again (issue 17).
    mapping(address lost => address) internal _successors;
    /// @dev The contract that may import identities (setImporter), zero if none (issue 17), and whether closeImport
    /// ended its import (review L2); one slot.
    ImportState internal _import;
    /// @dev Each replaced wallet's notice (issue 17 review H1), beside _successors.
    mapping(address lost => ReplacementNotice) internal _notices;

    /// @param authority The authority tree whose KYC nodes attest clients.
    /// @param timeUnit Chain timestamp units per second: 1 on Ethereum/Hardhat, 1000 on PlatON.
    constructor(IAuthorityTree authority, uint256 timeUnit) ChainClock(timeUnit) EIP712("IdentityRegistry", "1") {
        _TREE = authority;
    }

    /**
     * @dev Requires proof that `wallet` agrees to join identity `identityId` (0: a new one attested by `attester`):
     * the wallet is the caller, or it signed a WalletConsent for exactly this, whose nonce is then spent.
     */
    function _requireWalletConsent(
        address wallet,
        uint64 identityId,
        uint64 attester,
        IIdentityRegistry.Consent calldata consent
    ) internal {
        if (wallet == address(0)) revert IIdentityRegistry.ZeroWallet();
        if (wallet == msg.sender) return;
        // No consent at all (the caller is not the wallet): say so, rather than that a zero deadline has passed.
        if (consent.signature.length == 0) revert IIdentityRegistry.InvalidConsent(wallet, identityId, attester);
        uint40 deadline = consent.deadline;
        uint40 t = _now();
        if (t > deadline) revert IIdentityRegistry.ConsentExpired(wallet, deadline, t);
        if (deadline > t + _SIGNATURE_WINDOW) revert IIdentityRegistry.DeadlineTooFar(deadline, t + _SIGNATURE_WINDOW);
        uint256 nonce = consent.nonce;
        _requireUnspent(wallet, nonce);
        bytes32 digest = _consentDigest(wallet, identityId, attester, nonce, deadline);
        if (!SignatureChecker.isValidSignatureNow(wallet, digest, consent.signature)) {
            revert IIdentityRegistry.InvalidConsent(wallet, identityId, attester);
        }
        _spent[wallet].set(nonce);
        emit IIdentityRegistry.WalletConsentUsed(wallet, nonce, identityId, attester, msg.sender);
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
        if (count >= _WALLET_LIMIT) revert IIdentityRegistry.TooManyWallets(identityId, _WALLET_LIMIT);
        WalletLink memory link = _links[wallet];
        // A lost wallet never comes back (issue 17): the mark shares the link's slot, so binding pays no extra read.
        if (link.replaced) revert IIdentityRegistry.WalletWasReplaced(wallet, _successors[wallet]);
        if (link.identityId != 0) {
            IdentityState storage previous = _identities[link.identityId];
            uint64 previousRoot = previous.root;
            bool revoked = previous.status == IIdentityRegistry.IdentityStatus.Revoked;
            uint8 reclaimDepth =
                previous.revokedByDepth < previous.profileDepth ? previous.revokedByDepth : previous.profileDepth;
            // A retired root can never manage its identities again: anyone may then take the wallet.
            if (!(revoked && previousRoot == s.root && depth <= reclaimDepth) && !_rootRetired(previousRoot)) {
                if (!revoked) revert IIdentityRegistry.WalletAlreadyRegistered(wallet, link.identityId);
                revert IIdentityRegistry.WalletHeldByRevokedIdentity(
                    wallet,
                    link.identityId,
                    previousRoot,
                    reclaimDepth
                );
            }
            // A listed identity keeps its wallets even once revoked (issue 16 review H1): else an agent below the
            // listing rank would revoke it and reclaim the wallet into a fresh, unlisted identity.
            _requireUnlisted(address(0), link.identityId);
            _unbindWallet(link.identityId, previous, wallet, link.index);
        }
        _walletAt[identityId][count] = wallet;
        _links[wallet] = WalletLink({identityId: identityId, index: count, replaced: false});
        s.walletCount = count + 1;
        emit IIdentityRegistry.WalletAdded(identityId, wallet, msg.sender);
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
        emit IIdentityRegistry.WalletRemoved(identityId, wallet, msg.sender);
        _TREE.reportRestriction(s.root);
    }

    /// @dev Reverts (the tree's PartySanctioned) if `wallet` or `identityId` is on any root's sanctions list.
    function _requireUnlisted(address wallet, uint64 identityId) internal view {
        _TREE.requireNotSanctionedAnywhere(wallet, identityId);
    }

    /// @dev While `s` is frozen, requires `depth` to be at or above the freezer's.
    function _requireFreezeRank(uint64 identityId, IdentityState storage s, uint8 depth) internal view {
        if (s.frozen && depth > s.frozenByDepth)
            revert IIdentityRegistry.FrozenByHigherAuthority(identityId, s.frozenByDepth, depth);
    }

    /**
     * @dev The identity, required to exist and be active, and the depth the caller manages it at (the depth of the
     * node it holds on the attesting node's line, which must be valid).
     */
    function _managed(uint64 identityId) internal view returns (IdentityState storage s, uint8 depth) {
        s = _identities[identityId];
        IIdentityRegistry.IdentityStatus status = s.status;
        if (status == IIdentityRegistry.IdentityStatus.None) revert IIdentityRegistry.UnknownIdentity(identityId);
        if (status != IIdentityRegistry.IdentityStatus.Active)
            revert IIdentityRegistry.IdentityNotActive(identityId, status);
        uint64 attester = s.attester;
        bool manages;
        (manages, depth) = _TREE.managerRank(msg.sender, attester);
        if (!manages) revert IIdentityRegistry.NotManager(msg.sender, identityId, attester);
    }

    /// @dev Whether root `rootId` can never be valid again: revoked (retired) or its lease ended (final).
    function _rootRetired(uint64 rootId) internal view returns (bool) {
        IAuthorityTree.Node memory n = _TREE.node(rootId);
        return n.status == IAuthorityTree.NodeStatus.Revoked || _now() >= n.expiry;
    }

    function _requireUnspent(address signer, uint256 nonce) internal view {
        if (_spent[signer].get(nonce)) {
            if (_cancelled[signer].get(nonce)) revert IIdentityRegistry.NonceAlreadyCancelled(signer, nonce);
            revert IIdentityRegistry.NonceAlreadyUsed(signer, nonce);
        }
    }

    function _consentDigest(
        address wallet,
        uint64 identityId,
        uint64 attester,
        uint256 nonce,
        uint40 deadline
    ) internal view returns (bytes32) {
        return
            _hashTypedDataV4(keccak256(abi.encode(_CONSENT_TYPEHASH, wallet, identityId, attester, nonce, deadline)));
    }
}
