// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Side} from "./Side.sol";

/**
 * @notice An order's id within one book: `side (1 bit) | tick (24 bits) | index (39 bits)`.
 * @dev The id carries the order's level, so a cancel finds the level without storing it in the order, and the links
 * between orders of a level are the 39-bit indexes alone. Indexes are allocated per level in arrival order, so within
 * a level a larger index always means a later order. An id is never reused within a book: a level that empties and
 * is created again continues above every index the book has handed out at an emptied level (see BookState.idxFloor).
 * Ids are unique per book, not per venue; a venue names an order by (book, id). Id 0 is never issued (tick 0 is not
 * a valid price).
 */
type OrderId is uint64;

using OrderIdLibrary for OrderId global;

/// @title OrderIdLibrary
/// @notice The one place that knows the layout of an `OrderId`.
library OrderIdLibrary {
    /// @notice Bits of the per-level index.
    uint256 internal constant IDX_BITS = 39;
    /// @notice The largest index an id can carry (about 5.5 * 10^11 orders per book).
    uint256 internal constant MAX_IDX = (1 << IDX_BITS) - 1;
    uint256 private constant TICK_MASK = (1 << 24) - 1;

    /// @notice The id of the order at index `idx_` of level (`side_`, `tick_`). `idx_` must be <= MAX_IDX.
    function from(Side side_, uint24 tick_, uint256 idx_) internal pure returns (OrderId) {
        return OrderId.wrap(uint64((uint256(side_) << 63) | (uint256(tick_) << IDX_BITS) | idx_));
    }

    /// @notice The side of the book the order rests on.
    function side(OrderId id) internal pure returns (Side) {
        return Side(OrderId.unwrap(id) >> 63);
    }

    /// @notice The order's price tick.
    function tick(OrderId id) internal pure returns (uint24) {
        return uint24((OrderId.unwrap(id) >> IDX_BITS) & TICK_MASK);
    }

    /// @notice The order's index within its level.
    function idx(OrderId id) internal pure returns (uint256) {
        return OrderId.unwrap(id) & MAX_IDX;
    }

    /// @notice The id of the order at index `idx_` of the same level as `id`.
    function sibling(OrderId id, uint256 idx_) internal pure returns (OrderId) {
        return OrderId.wrap(uint64((OrderId.unwrap(id) & ~MAX_IDX) | idx_));
    }

    /// @notice The key of the order's level: `side << 24 | tick`.
    function levelKey(OrderId id) internal pure returns (uint256) {
        return OrderId.unwrap(id) >> IDX_BITS;
    }
}
