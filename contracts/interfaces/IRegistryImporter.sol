// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuthorityTree} from "./IAuthorityTree.sol";
import {IIdentityRegistry, IIdentitySuccession} from "./IIdentityRegistry.sol";

/**
 * @title IRegistryImporter
 * @notice Imports identities from a predecessor client registry into its successor without re-collecting KYC
 * (issue 17): each record is read from the predecessor's views and written to the successor with every field and
 * rank (attester, root, classes, jurisdiction, expiry, evidence hash, frozen flag and the depths of the decisions on
 * it, status) and its wallets in order, under its own id. The successor must have named this contract its importer
 * (setImporter, by the tree's governor), which reserves the predecessor's ids there.
 * @dev Who may import: the tree's governor (the timelock in production) any record; anyone else only records whose
 * attesting node it manages now (its account or a valid ancestor's: the attesters of their own identities). A record
 * already in the successor is never overwritten, so a batch can be re-run: what was imported is skipped.
 */
interface IRegistryImporter {
    /// @notice Identity `identityId` was offered by `by` and not imported, for `outcome` (the successor's
    /// IdentityImported is the event of a record that was).
    event ImportSkipped(uint64 indexed identityId, IIdentityRegistry.ImportOutcome outcome, address by);

    /// @notice The predecessor and the successor must be two registries of the same authority tree.
    error RegistriesMismatch(address predecessor, address successor);
    /// @notice A batch must hold between 1 and `max` ids; it held `size`.
    error ImportBatchSize(uint256 size, uint256 max);
    /// @notice `caller` is not the tree's governor and does not manage node `attester`, the attester of identity
    /// `identityId` in the predecessor.
    error NotImportAuthority(address caller, uint64 identityId, uint64 attester);

    /**
     * @notice Import the predecessor's identities `ids` (at most MAX_BATCH) into the successor, each with one event:
     * the successor's IdentityImported, or ImportSkipped with the reason (already there, outside the reserved range,
     * a wallet taken, unknown). Caller: the tree's governor, or a manager of every record's attesting node.
     * @return imported How many of `ids` were imported by this call.
     */
    function importIdentities(uint64[] calldata ids) external returns (uint256 imported);

    /// @notice The registry identities are read from.
    function PREDECESSOR() external view returns (IIdentityRegistry);

    /// @notice The registry identities are written to.
    function SUCCESSOR() external view returns (IIdentitySuccession);

    /// @notice Their authority tree.
    function AUTHORITY() external view returns (IAuthorityTree);

    /// @notice The most ids one importIdentities call accepts.
    function MAX_BATCH() external view returns (uint256);
}
