// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title IRestrictionEpoch
 * @notice One counter for a whole compliance stack, advanced by every change that can withdraw a permission: a node
 * suspended, revoked or its lease shortened; a client frozen, revoked, downgraded, migrated or a wallet unbound; a pair
 * halted or delisted; an attestation withdrawn or superseded; a native token paused or a holder frozen. Changes that
 * only grant (a new node, a resume, an unfreeze) do not advance it.
 * @dev Consumers may cache a positive compliance answer stamped with the epoch and the earliest time any lease,
 * expiry or attestation it relied on ends: the answer stays exact while the epoch is unchanged and that time has not
 * come, because nothing that could turn it negative can happen without advancing the epoch. Only reporters advance
 * it: the services the governor names, and the native tokens an enroller (the asset registry) enrols as it issues
 * them. Roles only ever go up: once a service or token reports, it always does, so the governor can neither make a
 * restriction go unreported (a cache would then outlive it) nor block a regulator's action by taking a role away.
 * The epoch is one counter for every root of the tree: a restriction anywhere (even a legitimate one, in a root a
 * venue does not trust) makes every consumer re-check once.
 */
interface IRestrictionEpoch {
    /// @notice What an account may do with the epoch.
    enum ReporterRole {
        None,
        Reporter, // may advance the epoch
        Enroller // may advance it and enrol reporters (the asset registry, for the native tokens it issues)
    }

    /// @notice `by` (the governor, or an enroller) gave `account` the role `role`.
    event ReporterSet(address indexed account, ReporterRole role, address indexed by);
    /// @notice `reporter` reported a restriction: the epoch is now `epoch`.
    event RestrictionReported(uint64 indexed epoch, address indexed reporter);

    /// @notice `caller` is not a reporter.
    error NotReporter(address caller);
    /// @notice `caller` is not an enroller.
    error NotEnroller(address caller);
    /// @notice `account` has role `current`; roles only go up, so `role` cannot be set.
    error ReporterRoleNotRaised(address account, ReporterRole current, ReporterRole role);

    /// @notice The current epoch: the number of restrictions reported so far.
    function restrictionEpoch() external view returns (uint64);

    /// @notice The role of `account`.
    function reporterRole(address account) external view returns (ReporterRole);

    /// @notice Raise `account`'s role to `role` (a role never goes down). Caller: the governor.
    function setReporter(address account, ReporterRole role) external;

    /// @notice Make `account` a reporter (an enroller keeps its role). Caller: an enroller.
    function enrolReporter(address account) external;

    /// @notice Advance the epoch: a restriction happened at the caller. Caller: a reporter or an enroller.
    /// @return epoch The new epoch.
    function reportRestriction() external returns (uint64 epoch);
}
