// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title Scopes
 * @notice The permissions an authority node may hold, as bits of a `uint32` mask.
 * @dev Bits 9..31 are reserved for later scopes; a grant naming a reserved bit is rejected.
 */
library Scopes {
    /// @notice May grant sub-nodes (a subset of its own scopes, for no longer than its own lease).
    uint32 internal constant DELEGATE = 1 << 0;
    /// @notice May attest qualified clients (KYC).
    uint32 internal constant KYC = 1 << 1;
    /// @notice May register assets and propose tradable pairs.
    uint32 internal constant LIST = 1 << 2;
    /// @notice May approve, halt, resume and delist pairs.
    uint32 internal constant GOVERN = 1 << 3;
    /// @notice STO licence: may issue native assets.
    uint32 internal constant ISSUE = 1 << 4;
    /// @notice DCE licence: may operate a trading venue.
    uint32 internal constant EXCHANGE = 1 << 5;
    /// @notice DCS licence: may hold clients' assets in custody.
    uint32 internal constant CUSTODY = 1 << 6;
    /// @notice May attest collateral, audit reports, disclosures and insurance.
    uint32 internal constant AUDIT = 1 << 7;
    /// @notice May list and lift wallets and identities on its root's sanctions list (ISanctionsList).
    uint32 internal constant SANCTIONS = 1 << 8;
    /// @notice Every scope defined today; a seed root holds all of them.
    uint32 internal constant ALL = (1 << 9) - 1;

    /// @notice Whether `set` contains every bit of `subset`.
    function includes(uint32 set, uint32 subset) internal pure returns (bool) {
        return set & subset == subset;
    }
}
