// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @notice A resting order, packed into one storage slot so that a fill reads and clears exactly one slot.
 * @dev Layout, from the least significant bit:
 *
 *  | bits    | field     | meaning                                                                            |
 *  |---------|-----------|------------------------------------------------------------------------------------|
 *  | 0-63    | remaining | lots still open; never 0 while the order rests (0 means "no order")                |
 *  | 64-127  | maker     | the venue's account number for the owner (opaque to the book)                      |
 *  | 128-167 | expiry    | good-till-date end in seconds, 0 for good-till-cancel (stored, never read by book) |
 *  | 168-207 | prev      | index of the previous order of the level (meaningless for the level's head)       |
 *  | 208-247 | next      | index of the next order of the level, or 0 for "index + 1" (see below)             |
 *  | 248-255 | flags     | eight bits for the venue (order options it needs at match time); opaque to the book |
 *
 * The owner is an account number rather than an address because an address (160 bits) and the two links cannot share
 * one slot with a 64-bit quantity: a two-slot order would cost every placement a second fresh slot (+20,000 gas) and
 * every fill a second read and clear. The venue keeps the account <-> address map (one slot each way).
 *
 * `next = 0` means the next order is at index + 1, the index the next arrival at this level would get. That lets an
 * arrival be appended without writing the previous tail: the tail's implicit successor is always the level's
 * `nextIdx`. A link is written explicitly only when a removal opens a gap.
 */
type Order is uint256;

using OrderLibrary for Order global;

/// @title OrderLibrary
/// @notice The one place that knows the layout of an `Order`.
library OrderLibrary {
    uint256 private constant MASK40 = (1 << 40) - 1;
    uint256 private constant MASK64 = (1 << 64) - 1;
    uint256 private constant MAKER_SHIFT = 64;
    uint256 private constant EXPIRY_SHIFT = 128;
    uint256 private constant PREV_SHIFT = 168;
    uint256 private constant NEXT_SHIFT = 208;
    uint256 private constant FLAGS_SHIFT = 248;

    /// @notice A new order record with an implicit next link.
    function pack(
        uint64 maker_,
        uint64 remaining_,
        uint40 expiry_,
        uint256 prev_,
        uint8 flags_
    ) internal pure returns (Order) {
        return
            Order.wrap(
                uint256(remaining_) |
                    (uint256(maker_) << MAKER_SHIFT) |
                    (uint256(expiry_) << EXPIRY_SHIFT) |
                    (prev_ << PREV_SHIFT) |
                    (uint256(flags_) << FLAGS_SHIFT)
            );
    }

    /// @notice Whether the record is empty, i.e. no order is stored under that id.
    function isEmpty(Order o) internal pure returns (bool) {
        return Order.unwrap(o) == 0;
    }

    /// @notice Lots still open.
    function remaining(Order o) internal pure returns (uint64) {
        return uint64(Order.unwrap(o));
    }

    /// @notice The venue's account number of the owner.
    function maker(Order o) internal pure returns (uint64) {
        return uint64(Order.unwrap(o) >> MAKER_SHIFT);
    }

    /// @notice Good-till-date end in seconds; 0 for good-till-cancel.
    function expiry(Order o) internal pure returns (uint40) {
        return uint40(Order.unwrap(o) >> EXPIRY_SHIFT);
    }

    /// @notice The venue's flags.
    function flags(Order o) internal pure returns (uint8) {
        return uint8(Order.unwrap(o) >> FLAGS_SHIFT);
    }

    /// @notice Index of the previous order in the level (valid unless the order is the level's head).
    function prev(Order o) internal pure returns (uint256) {
        return (Order.unwrap(o) >> PREV_SHIFT) & MASK40;
    }

    /// @notice Index of the next order in the level, given the order's own index `idx`.
    /// @dev For the level's tail this is the level's `nextIdx`, not a live order.
    function next(Order o, uint256 idx) internal pure returns (uint256 n) {
        n = (Order.unwrap(o) >> NEXT_SHIFT) & MASK40;
        unchecked {
            if (n == 0) n = idx + 1; // idx < 2^39
        }
    }

    /// @notice The record with `remaining_` lots open.
    function withRemaining(Order o, uint64 remaining_) internal pure returns (Order) {
        return Order.wrap((Order.unwrap(o) & ~MASK64) | remaining_);
    }

    /// @notice The record with previous index `prev_`.
    function withPrev(Order o, uint256 prev_) internal pure returns (Order) {
        return Order.wrap((Order.unwrap(o) & ~(MASK40 << PREV_SHIFT)) | (prev_ << PREV_SHIFT));
    }

    /// @notice The record with an explicit next index `next_` (non-zero).
    function withNext(Order o, uint256 next_) internal pure returns (Order) {
        return Order.wrap((Order.unwrap(o) & ~(MASK40 << NEXT_SHIFT)) | (next_ << NEXT_SHIFT));
    }
}
