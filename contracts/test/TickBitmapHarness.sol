// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TickBitmap} from "../exchange/libraries/TickBitmap.sol";

/// @title TickBitmapHarness
/// @notice Exposes TickBitmap for tests. Never deployed outside tests.
contract TickBitmapHarness {
    using TickBitmap for TickBitmap.Bitmap;

    TickBitmap.Bitmap internal _bitmap;

    /// @notice TickBitmap.set.
    function set(uint24 rank) external {
        _bitmap.set(rank);
    }

    /// @notice TickBitmap.clear.
    function clear(uint24 rank) external {
        _bitmap.clear(rank);
    }

    /// @notice TickBitmap.clearAndNextAbove.
    function clearAndNextAbove(uint24 rank) external returns (bool found, uint24 next) {
        return _bitmap.clearAndNextAbove(rank);
    }

    /// @notice Apply a batch: set every rank of `toSet`, then clear every rank of `toClear`.
    function batch(uint24[] calldata toSet, uint24[] calldata toClear) external {
        for (uint256 i; i < toSet.length; ++i) _bitmap.set(toSet[i]);
        for (uint256 i; i < toClear.length; ++i) _bitmap.clear(toClear[i]);
    }

    /// @notice TickBitmap.isSet.
    function isSet(uint24 rank) external view returns (bool) {
        return _bitmap.isSet(rank);
    }

    /// @notice TickBitmap.lowest.
    function lowest() external view returns (bool found, uint24 rank) {
        return _bitmap.lowest();
    }

    /// @notice TickBitmap.nextAbove.
    function nextAbove(uint24 rank) external view returns (bool found, uint24 next) {
        return _bitmap.nextAbove(rank);
    }

    /// @notice Every member from the lowest upward, at most `max` of them, found by lowest/nextAbove.
    function members(uint256 max) external view returns (uint24[] memory ranks) {
        ranks = new uint24[](max);
        uint256 n;
        (bool found, uint24 rank) = _bitmap.lowest();
        while (found && n < max) {
            ranks[n] = rank;
            ++n;
            (found, rank) = _bitmap.nextAbove(rank);
        }
        assembly ("memory-safe") {
            mstore(ranks, n)
        }
    }

    /// @notice The raw words on the path of `rank`: root, its mid word, its leaf word.
    function words(uint24 rank) external view returns (uint256 root, uint256 mid, uint256 leaf) {
        return (_bitmap.root, _bitmap.mids[rank >> 16], _bitmap.leaves[rank >> 8]);
    }
}
