// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IIdentityRegistry, IIdentitySuccession} from "../interfaces/IIdentityRegistry.sol";
import {IRegistryImporter} from "../interfaces/IRegistryImporter.sol";
import {IdentityRecords} from "./IdentityRecords.sol";

/**
 * @title RegistryImporter
 * @notice Moves identities from a predecessor client registry to its successor, in bounded batches, without
 * re-collecting KYC. See IRegistryImporter.
 * @dev It holds no state: everything it writes is the successor's, through the one privileged entry the successor
 * opens to it (importIdentity), which refuses to overwrite. Its only calls are views of the predecessor and the tree,
 * and that entry of the successor (a registry of the same tree, checked at construction).
 */
contract RegistryImporter is IRegistryImporter {
    /// @inheritdoc IRegistryImporter
    uint256 public constant MAX_BATCH = 32;

    /// @inheritdoc IRegistryImporter
    IIdentityRegistry public immutable PREDECESSOR;
    /// @inheritdoc IRegistryImporter
    IIdentitySuccession public immutable SUCCESSOR;
    /// @inheritdoc IRegistryImporter
    IAuthorityTree public immutable AUTHORITY;

    /// @param predecessor The registry to read; `successor` the registry to write (same authority tree).
    constructor(IIdentityRegistry predecessor, IIdentitySuccession successor) {
        IAuthorityTree tree = predecessor.AUTHORITY();
        if (address(predecessor) == address(successor) || tree != successor.AUTHORITY()) {
            revert RegistriesMismatch(address(predecessor), address(successor));
        }
        PREDECESSOR = predecessor;
        SUCCESSOR = successor;
        AUTHORITY = tree;
    }

    /// @inheritdoc IRegistryImporter
    function importIdentities(uint64[] calldata ids) external returns (uint256 imported) {
        uint256 size = ids.length;
        if (size == 0 || size > MAX_BATCH) revert ImportBatchSize(size, MAX_BATCH);
        bool governor = msg.sender == AUTHORITY.governor();
        uint64 issued = PREDECESSOR.identityCount();
        for (uint256 i = 0; i < size; ++i) {
            uint64 id = ids[i];
            IIdentityRegistry.Identity memory r;
            bool known = id != 0 && id <= issued;
            // A predecessor that is itself a successor may have reserved ids it never imported: unknown there too.
            if (known) {
                try PREDECESSOR.identity(id) returns (IIdentityRegistry.Identity memory found) {
                    r = found;
                } catch {
                    known = false;
                }
            }
            if (!known) {
                emit ImportSkipped(id, IIdentityRegistry.ImportOutcome.UnknownInPredecessor, msg.sender);
                continue;
            }
            if (!governor && !AUTHORITY.canManage(msg.sender, r.attester)) {
                revert NotImportAuthority(msg.sender, id, r.attester);
            }
            address[] memory wallets = PREDECESSOR.wallets(id, 0, r.walletCount);
            IIdentityRegistry.ImportOutcome outcome = SUCCESSOR.importIdentity(
                id,
                IdentityRecords.pack(r),
                r.evidenceHash,
                wallets,
                msg.sender
            );
            if (outcome == IIdentityRegistry.ImportOutcome.Imported) ++imported;
            else emit ImportSkipped(id, outcome, msg.sender);
        }
    }
}
