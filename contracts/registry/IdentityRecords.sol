// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";

/**
 * @title IdentityRecords
 * @notice The one place outside the registry that knows its identity slot's layout (IdentityRegistryBase's
 * IdentityState: the first field in the lowest bits): the importer packs a predecessor's record with it, and the
 * successor stores the word as is (importIdentity), so an import is one slot write. lib/replay/registry.ts
 * (unpackIdentityState) reads IdentityImported's word with the same layout; a test imports a record of every shape
 * and compares the views.
 */
library IdentityRecords {
    /// @dev `r` as IdentityState's slot, with `walletCount` wallets.
    function pack(IIdentityRegistry.Identity memory r) internal pure returns (uint256 w) {
        w = uint256(r.attester);
        w |= uint256(r.root) << 64;
        w |= uint256(r.expiry) << 128;
        w |= uint256(r.jurisdiction) << 168;
        w |= uint256(r.classes) << 184;
        w |= uint256(uint8(r.status)) << 192;
        w |= (r.frozen ? uint256(1) : 0) << 200;
        w |= uint256(r.walletCount) << 208;
        w |= uint256(r.frozenByDepth) << 216;
        w |= uint256(r.profileDepth) << 224;
        w |= uint256(r.revokedByDepth) << 232;
        w |= (r.freezeCleared ? uint256(1) : 0) << 240;
        w |= uint256(r.clearedByDepth) << 248;
    }
}
