// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title IRestrictionEpoch
 * @notice One counter per root of the tree, advanced by every change under that root that can withdraw a
 * permission: a node suspended, revoked or its lease shortened; a client frozen, revoked, downgraded, migrated or a
 * wallet unbound; a pair halted or delisted; an attestation withdrawn or superseded; a native token paused, its
 * holder policy changed or a holder frozen; a venue deregistered; a party put on a root's sanctions list (which
 * advances both the listing root's epoch and the listed party's identity root's). Changes that only grant (a new node,
 * a resume, an unfreeze, a sanctions entry lifted) do not advance it. The root of a change is the root of the thing
 * restricted: a node's root, an identity's, a pair's or asset's, a native token's, the root a venue was registered
 * under.
 * @dev Consumers may cache a positive compliance answer stamped with the epochs of the roots it relied on (see
 * `restrictionStamp`) and the earliest time any lease, expiry or attestation it relied on ends: the answer stays exact
 * while that stamp is unchanged and that time has not come, because nothing that could turn it negative can happen
 * without advancing one of those epochs. A restriction under another root leaves the stamp alone. Only reporters
 * advance an epoch: the services the governor names, and the native tokens an enroller (the asset registry) enrols as
 * it issues them. Roles only ever go up: once a service or token reports, it always does, so the governor can neither
 * make a restriction go unreported (a cache would then outlive it) nor block a regulator's action by taking a role
 * away.
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
    /// @notice `reporter` reported a restriction under `root`: that root's epoch is now `epoch`.
    event RestrictionReported(uint64 indexed root, uint64 epoch, address indexed reporter);

    /// @notice `caller` is not a reporter.
    error NotReporter(address caller);
    /// @notice `root` is not a root of the tree: a restriction is reported under the root of what it restricts.
    error UnknownRoot(uint64 root);
    /// @notice `caller` is not an enroller.
    error NotEnroller(address caller);
    /// @notice `account` has role `current`; roles only go up, so `role` cannot be set.
    error ReporterRoleNotRaised(address account, ReporterRole current, ReporterRole role);

    /// @notice The current epoch of `root`: 1 at its creation plus the restrictions reported under it since (0 for an
    /// id that is not a root and never had one reported).
    function restrictionEpoch(uint64 root) external view returns (uint64);

    /// @notice The sum of the epochs of the distinct roots among `a`, `b` and `c` (a root named twice counts once):
    /// it changes exactly when one of their epochs advances, so one value stamps a cache relying on all three.
    function restrictionStamp(uint64 a, uint64 b, uint64 c) external view returns (uint64 stamp);

    /// @notice The role of `account`.
    function reporterRole(address account) external view returns (ReporterRole);

    /// @notice Raise `account`'s role to `role` (a role never goes down). Caller: the governor.
    function setReporter(address account, ReporterRole role) external;

    /// @notice Make `account` a reporter (an enroller keeps its role). Caller: an enroller.
    function enrolReporter(address account) external;

    /// @notice Advance `root`'s epoch: a restriction under `root` happened at the caller. Caller: a reporter or an
    /// enroller. `root` must be a root of the tree (UnknownRoot): a report under any other id would reach no clearance.
    /// @return epoch The root's new epoch.
    function reportRestriction(uint64 root) external returns (uint64 epoch);
}
