// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRestrictionEpoch} from "../interfaces/IRestrictionEpoch.sol";

/**
 * @title RestrictionEpoch
 * @notice The restriction epoch of a compliance stack (see IRestrictionEpoch; it starts at 1), kept by its authority
 * tree: every
 * service already trusts the tree, and every consumer already reads it.
 * @dev The inheriting contract names its governor and advances the epoch itself (`_advanceEpoch`) on its own
 * restrictions.
 */
abstract contract RestrictionEpoch is IRestrictionEpoch {
    uint64 private _epoch;
    mapping(address account => ReporterRole) private _roles;

    /// @dev The epoch starts at 1: no restriction pays for creating its slot, and no zeroed cache entry (epoch 0)
    /// ever matches it.
    constructor() {
        _epoch = 1;
    }

    /// @inheritdoc IRestrictionEpoch
    function restrictionEpoch() external view returns (uint64) {
        return _epoch;
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
    function reportRestriction() external returns (uint64) {
        if (_roles[msg.sender] == ReporterRole.None) revert NotReporter(msg.sender);
        return _advanceEpoch(msg.sender);
    }

    /// @dev Advance the epoch for a restriction reported by `reporter` (this contract for its own).
    function _advanceEpoch(address reporter) internal returns (uint64 epoch) {
        epoch = ++_epoch;
        emit RestrictionReported(epoch, reporter);
    }

    /// @dev Reverts unless the caller is the governor.
    function _requireGovernor() internal view virtual;
}
