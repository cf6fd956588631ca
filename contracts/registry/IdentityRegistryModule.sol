// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IdentityRegistryBase} from "./IdentityRegistryBase.sol";

/**
 * @title IdentityRegistryModule
 * @notice The client registry's succession paths (issue 17): a lost wallet replaced by its identity's managers, and
 * the import of identities from a predecessor registry through the importer the tree's governor names. See
 * IIdentitySuccession.
 * @dev Created by its IdentityRegistry's constructor and run only by DELEGATECALL from it, on the registry's storage
 * (IdentityRegistryBase); called directly it refuses (it would act on its own, empty storage).
 */
contract IdentityRegistryModule is IdentityRegistryBase {
    /// @dev This module's own address: called there directly (not by DELEGATECALL) it refuses to act.
    address private immutable _SELF;

    constructor(IAuthorityTree authority, uint256 timeUnit) IdentityRegistryBase(authority, timeUnit) {
        _SELF = address(this);
    }

    modifier delegated() {
        if (address(this) == _SELF) revert IIdentityRegistry.NotDelegated();
        _;
    }

    /// @notice IIdentitySuccession.REPLACEMENT_NOTICE (see there).
    uint40 public constant REPLACEMENT_NOTICE = _REPLACEMENT_NOTICE;
    /// @notice IIdentitySuccession.MAX_RESERVED_IDS (see there).
    uint64 public constant MAX_RESERVED_IDS = type(uint64).max / 2;

    /// @notice IIdentitySuccession.replaceWallet (see there).
    function replaceWallet(
        uint64 identityId,
        address lost,
        address successor,
        bytes32 reason,
        IIdentityRegistry.Consent calldata consent
    ) external delegated {
        (IdentityState storage s, uint8 depth) = _managed(identityId);
        WalletLink memory link = _links[lost];
        if (link.identityId != identityId) revert IIdentityRegistry.WalletNotInIdentity(lost, identityId);
        if (successor == address(0) || successor == lost) revert IIdentityRegistry.InvalidSuccessor(lost, successor);
        // Wallet changes of a frozen identity are the freezer's rank's (as removeWallet). The profile's rank is not
        // needed: the lost wallet can never be bound again, so nothing escapes a downgrade through it.
        _requireFreezeRank(identityId, s, depth);
        // An attester suspended or revoked by a higher rank is that rank's to deal with (as migrate; review L4).
        uint64 attester = s.attester;
        (bool valid, uint8 rank) = _TREE.blockingRank(attester);
        if (!valid && depth > rank) revert IIdentityRegistry.AttesterBlockedByHigherAuthority(attester, rank, depth);
        // A listed wallet or identity keeps its wallets: its holdings stay frozen in place.
        _requireUnlisted(lost, identityId);
        _unbindWallet(identityId, s, lost, link.index);
        _successors[lost] = successor;
        _links[lost].replaced = true;
        // Venues see the succession only once the notice has passed uncontested (review H1): a manager alone must not
        // be able to move a live client's venue account at once.
        uint40 claimableAt = _now() + _REPLACEMENT_NOTICE;
        _notices[lost] = ReplacementNotice({identityId: identityId, claimableAt: claimableAt, byDepth: depth});
        if (_links[successor].identityId != identityId) {
            _requireWalletConsent(successor, identityId, 0, consent);
            _bindWallet(identityId, s, successor, depth);
        }
        emit IIdentityRegistry.WalletReplaced(
            identityId,
            lost,
            successor,
            _TREE.nodeOf(msg.sender, s.root),
            reason,
            claimableAt
        );
    }

    /// @notice IIdentitySuccession.contestReplacement (see there).
    function contestReplacement(address lost, bytes32 reason) external delegated {
        address successor = _successors[lost];
        ReplacementNotice memory n = _notices[lost];
        if (successor == address(0)) revert IIdentityRegistry.NoPendingReplacement(lost);
        uint40 t = _now();
        if (t >= n.claimableAt) revert IIdentityRegistry.ReplacementNoticeOver(lost, n.claimableAt, t);
        IdentityState storage s = _identities[n.identityId];
        if (msg.sender != lost) {
            (bool manages, uint8 depth) = _TREE.managerRank(msg.sender, s.attester);
            if (!manages || depth >= n.byDepth) revert IIdentityRegistry.NotContester(msg.sender, lost, n.byDepth);
        }
        // Undo the replacement for the lost wallet: it comes back to its identity (the successor, which consented,
        // stays: a manager removes it if it should not).
        delete _successors[lost];
        delete _notices[lost];
        uint8 count = s.walletCount;
        if (count >= _WALLET_LIMIT) revert IIdentityRegistry.TooManyWallets(n.identityId, _WALLET_LIMIT);
        emit IIdentityRegistry.ReplacementContested(n.identityId, lost, successor, msg.sender, reason);
        _walletAt[n.identityId][count] = lost;
        _links[lost] = WalletLink({identityId: n.identityId, index: count, replaced: false});
        s.walletCount = count + 1;
        emit IIdentityRegistry.WalletAdded(n.identityId, lost, msg.sender);
    }

    /// @notice IIdentitySuccession.replacementNotice (see there).
    function replacementNotice(
        address lost
    ) external view delegated returns (address successor, uint64 identityId, uint40 claimableAt, uint8 byDepth) {
        ReplacementNotice memory n = _notices[lost];
        return (_successors[lost], n.identityId, n.claimableAt, n.byDepth);
    }

    /// @notice IIdentitySuccession.setImporter (see there).
    function setImporter(address importer_, uint64 reservedIds) external delegated {
        _requireGovernor();
        if (_import.importer != address(0) || _identityCount != 0)
            revert IIdentityRegistry.ImportNotOpen(_import.importer, _identityCount);
        if (importer_ == address(0)) revert IIdentityRegistry.ZeroImporter();
        if (reservedIds > MAX_RESERVED_IDS) revert IIdentityRegistry.TooManyReservedIds(reservedIds, MAX_RESERVED_IDS);
        _import.importer = importer_;
        _identityCount = reservedIds;
        emit IIdentityRegistry.ImporterSet(importer_, reservedIds);
    }

    /// @notice IIdentitySuccession.closeImport (see there).
    function closeImport() external delegated {
        _requireGovernor();
        address importer_ = _import.importer;
        if (importer_ == address(0) || _import.closed) revert IIdentityRegistry.ImportClosed(importer_);
        _import.closed = true;
        emit IIdentityRegistry.ImportEnded(importer_);
    }

    /// @notice IIdentitySuccession.importIdentity (see there).
    function importIdentity(
        uint64 identityId,
        uint256 state,
        bytes32 evidenceHash,
        address[] calldata wallets_,
        address by
    ) external delegated returns (IIdentityRegistry.ImportOutcome) {
        if (msg.sender != _import.importer || _import.closed) revert IIdentityRegistry.NotImporter(msg.sender);
        if (identityId == 0 || identityId > _identityCount) return IIdentityRegistry.ImportOutcome.OutsideReservedRange;
        IdentityState storage s = _identities[identityId];
        if (s.status != IIdentityRegistry.IdentityStatus.None) return IIdentityRegistry.ImportOutcome.AlreadyPresent;
        uint256 count = wallets_.length;
        for (uint256 i = 0; i < count; ++i) {
            address w = wallets_[i];
            WalletLink memory link = _links[w];
            if (link.identityId != 0 || link.replaced) return IIdentityRegistry.ImportOutcome.WalletTaken;
        }
        // Every field and rank as the predecessor held them, in this contract's own slot layout (IdentityRecords
        // packs it): a freeze, a profile set from above or a cleared-by mark binds here exactly as it did there.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(s.slot, state)
        }
        if (s.walletCount != count || s.status == IIdentityRegistry.IdentityStatus.None)
            revert IIdentityRegistry.InvalidImportRecord(identityId, state);
        _evidence[identityId] = evidenceHash;
        emit IIdentityRegistry.IdentityImported(identityId, state, evidenceHash, by);
        for (uint256 i = 0; i < count; ++i) {
            address w = wallets_[i];
            _walletAt[identityId][i] = w;
            _links[w] = WalletLink({identityId: identityId, index: uint8(i), replaced: false});
            emit IIdentityRegistry.WalletAdded(identityId, w, by);
        }
        return IIdentityRegistry.ImportOutcome.Imported;
    }

    /// @notice IIdentitySuccession.importer (see there).
    function importer() external view delegated returns (address) {
        return _import.closed ? address(0) : _import.importer;
    }

    /// @dev Requires the caller to be the authority tree's governor (the timelock in production).
    function _requireGovernor() private view {
        address governor = _TREE.governor();
        if (msg.sender != governor) revert IIdentityRegistry.NotTreeGovernor(msg.sender, governor);
    }
}
