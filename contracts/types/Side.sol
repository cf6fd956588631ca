// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The two sides of a book: bids (buy orders) and asks (sell orders).
enum Side {
    Bid,
    Ask
}

using SideLibrary for Side global;

/// @title SideLibrary
/// @notice Helpers on `Side`.
library SideLibrary {
    /// @notice The side a taker on `side` trades against.
    function opposite(Side side) internal pure returns (Side) {
        return side == Side.Bid ? Side.Ask : Side.Bid;
    }
}
