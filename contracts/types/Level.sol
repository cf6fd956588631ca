// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @notice A price level of one side of a book, packed into one storage slot.
 * @dev Layout, from the least significant bit:
 *
 *  | bits    | field   | meaning                                                          |
 *  |---------|---------|------------------------------------------------------------------|
 *  | 0-103   | total   | sum of the remaining lots of the level's orders                  |
 *  | 104-135 | count   | number of orders; 0 means the level is empty (and the slot is 0) |
 *  | 136-175 | head    | index of the oldest order (the next to fill)                     |
 *  | 176-215 | tail    | index of the newest order                                        |
 *  | 216-255 | nextIdx | the index the next arrival gets                                  |
 *
 * `total` cannot overflow: it is at most `count` (< 2^32) orders of at most 2^64 - 1 lots each.
 */
type Level is uint256;

using LevelLibrary for Level global;

/// @title LevelLibrary
/// @notice The one place that knows the layout of a `Level`.
library LevelLibrary {
    uint256 private constant MASK40 = (1 << 40) - 1;
    uint256 private constant TOTAL_MASK = (1 << 104) - 1;
    uint256 private constant COUNT_SHIFT = 104;
    uint256 private constant HEAD_SHIFT = 136;
    uint256 private constant TAIL_SHIFT = 176;
    uint256 private constant NEXT_IDX_SHIFT = 216;
    uint256 private constant ONE_ORDER = 1 << COUNT_SHIFT;

    /// @notice A level holding one order of `lots` at index `idx`.
    function single(uint256 idx, uint64 lots) internal pure returns (Level) {
        // idx < 2^40, so idx + 1 cannot overflow.
        unchecked {
            return
                Level.wrap(
                    uint256(lots) |
                        ONE_ORDER |
                        (idx << HEAD_SHIFT) |
                        (idx << TAIL_SHIFT) |
                        ((idx + 1) << NEXT_IDX_SHIFT)
                );
        }
    }

    /// @notice Sum of the remaining lots of the level's orders.
    function total(Level level) internal pure returns (uint256) {
        return Level.unwrap(level) & TOTAL_MASK;
    }

    /// @notice Number of orders at the level.
    function count(Level level) internal pure returns (uint256) {
        return uint32(Level.unwrap(level) >> COUNT_SHIFT);
    }

    /// @notice Index of the oldest order.
    function head(Level level) internal pure returns (uint256) {
        return (Level.unwrap(level) >> HEAD_SHIFT) & MASK40;
    }

    /// @notice Index of the newest order.
    function tail(Level level) internal pure returns (uint256) {
        return (Level.unwrap(level) >> TAIL_SHIFT) & MASK40;
    }

    /// @notice The index the next arrival gets.
    function nextIdx(Level level) internal pure returns (uint256) {
        return Level.unwrap(level) >> NEXT_IDX_SHIFT;
    }

    /// @notice The level after an arrival of `lots` at index `nextIdx()`. The caller checks `count` has room.
    function appended(Level level, uint64 lots) internal pure returns (Level) {
        uint256 idx = nextIdx(level);
        uint256 kept = Level.unwrap(level) & ((1 << TAIL_SHIFT) - 1); // total, count and head
        unchecked {
            // total + lots < 2^104 and count + 1 < 2^32 (see the type's NatSpec); both stay in their fields.
            return Level.wrap(kept + lots + ONE_ORDER + (idx << TAIL_SHIFT) + ((idx + 1) << NEXT_IDX_SHIFT));
        }
    }

    /// @notice The level with `lots` fewer open. The caller guarantees `lots <= total()`.
    function reduced(Level level, uint256 lots) internal pure returns (Level) {
        unchecked {
            return Level.wrap(Level.unwrap(level) - lots);
        }
    }

    /// @notice The level without one order of `lots`. The caller guarantees the order is counted in the level.
    function removed(Level level, uint256 lots) internal pure returns (Level) {
        unchecked {
            return Level.wrap(Level.unwrap(level) - lots - ONE_ORDER);
        }
    }

    /// @notice The level with head index `head_`.
    function withHead(Level level, uint256 head_) internal pure returns (Level) {
        return Level.wrap((Level.unwrap(level) & ~(MASK40 << HEAD_SHIFT)) | (head_ << HEAD_SHIFT));
    }

    /// @notice The level with tail index `tail_`.
    function withTail(Level level, uint256 tail_) internal pure returns (Level) {
        return Level.wrap((Level.unwrap(level) & ~(MASK40 << TAIL_SHIFT)) | (tail_ << TAIL_SHIFT));
    }
}
