// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRestrictionEpoch} from "../interfaces/IRestrictionEpoch.sol";

/**
 * @title RestrictionEpoch
 * @notice The restriction epochs of a compliance stack, one per root (see IRestrictionEpoch; each starts at 1 when
 * its root is created), kept by its authority tree: every service already trusts the tree, and every consumer
 * already reads it.
 * @dev The inheriting contract names its governor, opens a root's epoch when it creates the root (`_openEpoch`) and
 * advances it itself (`_advanceEpoch`) on its own restrictions.
 */
abstract contract RestrictionEpoch is IRestrictionEpoch {
    mapping(uint64 root => uint64) private _epochs;
    mapping(address account => ReporterRole) private _roles;

    /// @inheritdoc IRestrictionEpoch
    function restrictionEpoch(uint64 root) external view returns (uint64) {
        return _epochs[root];
    }

    /// @inheritdoc IRestrictionEpoch
    function restrictionStamp(uint64 a, uint64 b, uint64 c) external view returns (uint64 stamp) {
        // Each distinct root counts once: its slot is read once (the usual case is one root for all three).
        stamp = _epochs[a];
        if (b != a) stamp += _epochs[b];
        if (c != a && c != b) stamp += _epochs[c];
    }

    /// @inheritdoc IRestrictionEpoch
    function reporterRole(address account) external view returns (ReporterRole) {
        return _roles[account];
    }

    /// @inheritdoc IRestrictionEpoch
    function setReporter(address account, ReporterRole role) external {
        _requireGovernor();
        ReporterRole current = _roles[account];
        if (role <= current) revert ReporterRoleNotRaised(account, current, role);
        _roles[account] = role;
        emit ReporterSet(account, role, msg.sender);
    }

    /// @inheritdoc IRestrictionEpoch
    function enrolReporter(address account) external {
        if (_roles[msg.sender] != ReporterRole.Enroller) revert NotEnroller(msg.sender);
        if (_roles[account] != ReporterRole.None) return;
        _roles[account] = ReporterRole.Reporter;
        emit ReporterSet(account, ReporterRole.Reporter, msg.sender);
    }

    /// @inheritdoc IRestrictionEpoch
    function reportRestriction(uint64 root) external returns (uint64) {
        if (_roles[msg.sender] == ReporterRole.None) revert NotReporter(msg.sender);
        // Only an opened root has an epoch: a report under another id would be lost, and reset by a later createRoot.
        if (_epochs[root] == 0) revert UnknownRoot(root);
        return _advanceEpoch(root, msg.sender);
    }

    /// @dev Start `root`'s epoch at 1 (at the root's creation): no restriction then pays for creating its slot, and
    /// no zeroed cache entry (stamp 0) ever matches.
    function _openEpoch(uint64 root) internal {
        _epochs[root] = 1;
    }

    /// @dev Advance `root`'s epoch for a restriction reported by `reporter` (this contract for its own).
    function _advanceEpoch(uint64 root, address reporter) internal returns (uint64 epoch) {
        epoch = ++_epochs[root];
        emit RestrictionReported(root, epoch, reporter);
    }

    /// @dev Reverts unless the caller is the governor.
    function _requireGovernor() internal view virtual;
}
