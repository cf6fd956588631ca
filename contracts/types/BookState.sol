// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Side} from "./Side.sol";

/**
 * @notice A book's header, one storage slot: the best tick of each side, the index floor, and 128 bits for the venue.
 * @dev Layout, from the least significant bit: `bestBid` (bits 0-23), `bestAsk` (24-47), `idxFloor` (48-87), `venueTag`
 * (88-127), `venueData` (128-255). A best of 0 means the side is empty (tick 0 is not a valid price).
 *
 * The best ticks are cached here because every placement must know the opposite best (to refuse a crossing order,
 * and for the venue to decide whether to match first) and every matching loop starts from it: one slot instead of
 * three bitmap words. `idxFloor` is above every order index handed out at a level that has since emptied; a level
 * created anew starts its indexes there, so order ids are never reused although emptied levels are deleted.
 *
 * `venueData` is never read or changed by the book. It is there so that the venue can keep what it updates on every
 * match in the slot the book reads (and, when a fill moves the best, writes) anyway: the Exchange keeps the fees a book
 * has accrued there, saving a cold read and a write of another slot (about 5,000 gas) per match.
 */
type BookState is uint256;

using BookStateLibrary for BookState global;

/// @title BookStateLibrary
/// @notice The one place that knows the layout of a `BookState`.
library BookStateLibrary {
    uint256 private constant MASK24 = (1 << 24) - 1;
    uint256 private constant MASK40 = (1 << 40) - 1;
    uint256 private constant FLOOR_SHIFT = 48;
    uint256 private constant TAG_SHIFT = 88;
    uint256 private constant VENUE_SHIFT = 128;

    /// @notice The best tick of `side` (highest bid, lowest ask), or 0 when the side is empty.
    function best(BookState s, Side side) internal pure returns (uint24) {
        return uint24(BookState.unwrap(s) >> _shift(side));
    }

    /// @notice The state with `tick` as the best of `side`.
    function withBest(BookState s, Side side, uint24 tick) internal pure returns (BookState) {
        uint256 shift = _shift(side);
        return BookState.wrap((BookState.unwrap(s) & ~(MASK24 << shift)) | (uint256(tick) << shift));
    }

    /// @notice The venue's 40-bit tag (bits 88-127): like `venueData`, never read or changed by the book.
    function venueTag(BookState s) internal pure returns (uint40) {
        return uint40(BookState.unwrap(s) >> TAG_SHIFT);
    }

    /// @notice The state with the venue's tag set to `tag`.
    function withVenueTag(BookState s, uint40 tag) internal pure returns (BookState) {
        return BookState.wrap((BookState.unwrap(s) & ~(MASK40 << TAG_SHIFT)) | (uint256(tag) << TAG_SHIFT));
    }

    /// @notice The venue's 128 bits.
    function venueData(BookState s) internal pure returns (uint128) {
        return uint128(BookState.unwrap(s) >> VENUE_SHIFT);
    }

    /// @notice The state with the venue's 128 bits set to `data`.
    function withVenueData(BookState s, uint128 data) internal pure returns (BookState) {
        return BookState.wrap(uint128(BookState.unwrap(s)) | (uint256(data) << VENUE_SHIFT));
    }

    /// @dev Where the best of `side` sits: bits 0-23 for bids, 24-47 for asks.
    function _shift(Side side) private pure returns (uint256) {
        return side == Side.Bid ? 0 : 24;
    }

    /// @notice The first index a newly created level may use (never 0: index 0 means "none" in links).
    function idxFloor(BookState s) internal pure returns (uint256 floor) {
        floor = (BookState.unwrap(s) >> FLOOR_SHIFT) & MASK40;
        if (floor == 0) floor = 1;
    }

    /// @notice The state with its floor raised to `idx` (kept when already higher).
    function withFloorAtLeast(BookState s, uint256 idx) internal pure returns (BookState) {
        if (idx <= idxFloor(s)) return s;
        return BookState.wrap((BookState.unwrap(s) & ~(MASK40 << FLOOR_SHIFT)) | (idx << FLOOR_SHIFT));
    }
}
