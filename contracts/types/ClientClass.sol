// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title ClientClasses
 * @notice The classes a qualified client may belong to, as bits of a `uint8` mask.
 * @dev Bits 4..7 are reserved; a registration or policy naming a reserved bit is rejected. An identity may hold
 * several classes; a policy's allowed classes match when they share at least one bit with the identity's.
 */
library ClientClasses {
    /// @notice An institution investing on its own account.
    uint8 internal constant INSTITUTIONAL = 1 << 0;
    /// @notice An accredited investor.
    uint8 internal constant ACCREDITED = 1 << 1;
    /// @notice A professional client.
    uint8 internal constant PROFESSIONAL = 1 << 2;
    /// @notice A retail client.
    uint8 internal constant RETAIL = 1 << 3;
    /// @notice Every class defined today.
    uint8 internal constant ALL = (1 << 4) - 1;

    /// @notice Whether `classes` is a non-empty mask of defined classes only.
    function isValid(uint8 classes) internal pure returns (bool) {
        return classes != 0 && classes & ~ALL == 0;
    }
}
