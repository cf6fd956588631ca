// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title TickBitmap
 * @notice A set of 24-bit ranks in a three-level bitmap of 256-bit words, with O(1) insertion, removal, lowest member
 * and next member above a rank, whatever the number of members.
 * @dev `leaves[r >> 8]` holds bit `r & 255` for each member `r`; `mids[r >> 16]` holds bit `(r >> 8) & 255` for each
 * non-zero leaf word; `root` holds bit `r >> 16` for each non-zero mid word. Every operation touches at most one word
 * per level, plus (for `nextAbove`) one further mid and leaf word, so its cost is bounded by a handful of storage
 * reads. An upper-level bit is set exactly when the word it stands for is non-zero.
 */
library TickBitmap {
    /// @notice The three levels of the bitmap.
    struct Bitmap {
        uint256 root;
        mapping(uint256 midIndex => uint256) mids;
        mapping(uint256 leafIndex => uint256) leaves;
    }

    /// @notice Add `rank` to the set. Writes the leaf word, and the upper words only when a word becomes non-zero.
    function set(Bitmap storage self, uint24 rank) internal {
        uint256 leafIndex = rank >> 8;
        uint256 leaf = self.leaves[leafIndex];
        self.leaves[leafIndex] = leaf | (1 << (rank & 0xff));
        if (leaf == 0) {
            uint256 midIndex = rank >> 16;
            uint256 mid = self.mids[midIndex];
            self.mids[midIndex] = mid | (1 << (leafIndex & 0xff));
            if (mid == 0) self.root |= 1 << midIndex;
        }
    }

    /// @notice Remove `rank` from the set. Writes the leaf word, and the upper words only when a word becomes zero.
    function clear(Bitmap storage self, uint24 rank) internal {
        uint256 leafIndex = rank >> 8;
        uint256 leaf = self.leaves[leafIndex] & ~(1 << (rank & 0xff));
        self.leaves[leafIndex] = leaf;
        if (leaf == 0) {
            uint256 midIndex = rank >> 16;
            uint256 mid = self.mids[midIndex] & ~(1 << (leafIndex & 0xff));
            self.mids[midIndex] = mid;
            if (mid == 0) self.root &= ~(1 << midIndex);
        }
    }

    /// @notice Remove `rank` and return the lowest member above it: `clear` then `nextAbove`, reusing the words that
    /// `clear` has just read (the book's "best level emptied, find the next" step).
    /// @return found False when no member is above `rank`.
    /// @return next The lowest member above `rank` (0 when there is none).
    function clearAndNextAbove(Bitmap storage self, uint24 rank) internal returns (bool found, uint24 next) {
        uint256 leafIndex = rank >> 8;
        uint256 leaf = self.leaves[leafIndex] & ~(1 << (rank & 0xff));
        self.leaves[leafIndex] = leaf;
        uint256 bits = leaf & _above(rank & 0xff);
        if (bits != 0) return (true, uint24((leafIndex << 8) | _lowestBit(bits)));

        uint256 midIndex = rank >> 16;
        uint256 mid = self.mids[midIndex];
        uint256 root = self.root;
        if (leaf == 0) {
            mid &= ~(1 << (leafIndex & 0xff));
            self.mids[midIndex] = mid;
            if (mid == 0) {
                root &= ~(1 << midIndex);
                self.root = root;
            }
        }
        bits = mid & _above(leafIndex & 0xff);
        if (bits != 0) {
            uint256 nextLeaf = (midIndex << 8) | _lowestBit(bits);
            return (true, uint24((nextLeaf << 8) | _lowestBit(self.leaves[nextLeaf])));
        }
        bits = root & _above(midIndex);
        if (bits == 0) return (false, 0);
        return (true, _lowestUnder(self, _lowestBit(bits)));
    }

    /// @notice Whether `rank` is in the set.
    function isSet(Bitmap storage self, uint24 rank) internal view returns (bool) {
        return self.leaves[rank >> 8] & (1 << (rank & 0xff)) != 0;
    }

    /// @notice The lowest member of the set.
    /// @return found False when the set is empty.
    /// @return rank The lowest member (0 when the set is empty).
    function lowest(Bitmap storage self) internal view returns (bool found, uint24 rank) {
        uint256 root = self.root;
        if (root == 0) return (false, 0);
        return (true, _lowestUnder(self, _lowestBit(root)));
    }

    /// @notice The lowest member strictly above `rank` (which itself need not be a member).
    /// @return found False when no member is above `rank`.
    /// @return next The lowest member above `rank` (0 when there is none).
    function nextAbove(Bitmap storage self, uint24 rank) internal view returns (bool found, uint24 next) {
        uint256 leafIndex = rank >> 8;
        uint256 bits = self.leaves[leafIndex] & _above(rank & 0xff);
        if (bits != 0) return (true, uint24((leafIndex << 8) | _lowestBit(bits)));

        uint256 midIndex = rank >> 16;
        bits = self.mids[midIndex] & _above(leafIndex & 0xff);
        if (bits != 0) {
            uint256 nextLeaf = (midIndex << 8) | _lowestBit(bits);
            return (true, uint24((nextLeaf << 8) | _lowestBit(self.leaves[nextLeaf])));
        }

        bits = self.root & _above(midIndex);
        if (bits == 0) return (false, 0);
        return (true, _lowestUnder(self, _lowestBit(bits)));
    }

    /// @dev The lowest member under non-zero mid word `midIndex`.
    function _lowestUnder(Bitmap storage self, uint256 midIndex) private view returns (uint24) {
        uint256 leafIndex = (midIndex << 8) | _lowestBit(self.mids[midIndex]);
        return uint24((leafIndex << 8) | _lowestBit(self.leaves[leafIndex]));
    }

    /// @dev A mask of the bits strictly above bit `position` (0 for position 255).
    function _above(uint256 position) private pure returns (uint256) {
        return (type(uint256).max << position) << 1;
    }

    /// @dev Index of the least significant set bit of `x`, which must be non-zero. Isolates that bit, then finds its
    /// position by a branch-free binary search (the position of a power of two is its only set bit).
    function _lowestBit(uint256 x) private pure returns (uint256 r) {
        assembly ("memory-safe") {
            x := and(x, sub(0, x))
            r := shl(7, gt(x, 0xffffffffffffffffffffffffffffffff))
            r := or(r, shl(6, gt(shr(r, x), 0xffffffffffffffff)))
            r := or(r, shl(5, gt(shr(r, x), 0xffffffff)))
            r := or(r, shl(4, gt(shr(r, x), 0xffff)))
            r := or(r, shl(3, gt(shr(r, x), 0xff)))
            r := or(r, shl(2, gt(shr(r, x), 0xf)))
            r := or(r, shl(1, gt(shr(r, x), 0x3)))
            r := or(r, gt(shr(r, x), 0x1))
        }
    }
}
