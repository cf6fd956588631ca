// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BookState} from "../../types/BookState.sol";
import {Level, LevelLibrary} from "../../types/Level.sol";
import {Order, OrderLibrary} from "../../types/Order.sol";
import {OrderId, OrderIdLibrary} from "../../types/OrderId.sol";
import {Side} from "../../types/Side.sol";
import {TickBitmap} from "./TickBitmap.sol";

/**
 * @title OrderBook
 * @notice The price-time priority core of one book (one pair): resting orders in price levels on two sides, with
 * O(1) insertion, cancellation, fills, best price and next price, whatever the number of orders or levels.
 * @dev Units: prices are ticks (`price = tick * tickSize`, tick 1 to 2^24 - 1; the venue fixes the tick size per
 * pair), quantities are lots (`quantity = lots * lotSize`). Expiry and flags are stored for the venue and never
 * read here; the owner is the venue's account number (see Order.sol for why it is not an address).
 *
 * Storage: a header slot (BookState: best bid, best ask, index floor), one slot per non-empty level (Level: head,
 * tail, count, total), one slot per resting order (Order), and per side a three-level bitmap of non-empty ticks
 * (TickBitmap). Bids are ranked `2^24 - 1 - tick` and asks `tick`, so on both sides the best level is the lowest
 * rank and walking away from the best is walking up the ranks. An emptied level's slot, its orders' slots and its
 * bitmap bits are cleared (earning the storage refunds).
 *
 * Within a level, orders form a doubly linked list in arrival order; see Order.sol for the implicit forward link
 * that lets an arrival skip writing the previous tail.
 *
 * Matching belongs to the venue, which loops: `peek` the opposite side (a Front: best tick, head order's id and
 * record, level record) -> check the maker (eligibility, expiry, self-trade) and `remove` it, or `fill` the Front by
 * `min(lots left, front.order.remaining())` -> repeat. `fill` re-reads no order: it checks that the level's record
 * and the book header are still the words `peek` saw (either changes with any insertion, removal or fill at that
 * level, and with any change of best price), so a Front is only ever filled while it is the head of the best level:
 * the book keeps price-time priority whatever the venue does, short of editing a Front in memory.
 *
 * Events: the book emits none. Every mutation returns what the venue's event needs (the new id, the removed or
 * filled record), and replaying the venue's placement, fill and cancel events in order through this library
 * reproduces the book exactly.
 */
library OrderBook {
    using TickBitmap for TickBitmap.Bitmap;

    /// @notice The highest valid tick; the lowest is 1.
    uint24 internal constant MAX_TICK = type(uint24).max;
    /// @notice The most orders one level holds at once.
    uint256 internal constant MAX_LEVEL_ORDERS = type(uint32).max;

    /// @notice The order a taker meets first on one side, as `peek` read it, for `fill` to act on without re-reading.
    /// Read-only for the venue, and only for the book it was peeked from: `fill` trusts `order` once `level` and
    /// `state` match storage.
    struct Front {
        uint24 tick; // the best tick; 0 when the side is empty (then every field is 0)
        OrderId id; // the head order of that level
        Order order; // its record: owner, remaining lots, expiry, flags
        Level level; // the level's record as read
        BookState state; // the book header as read
    }

    /// @notice One book: both sides of one pair.
    struct Book {
        BookState state;
        mapping(uint256 levelKey => Level) levels;
        mapping(OrderId id => Order) orders;
        TickBitmap.Bitmap bids;
        TickBitmap.Bitmap asks;
    }

    /// @notice `tick` is not a valid price (0).
    error InvalidTick(uint24 tick);
    /// @notice A quantity of zero lots was given.
    error ZeroQuantity();
    /// @notice No order rests under `id` (never placed, or already filled or removed).
    error OrderNotFound(OrderId id);
    /// @notice An order on `side` at `tick` would cross the opposite side's best, `oppositeBest`; match it first.
    error CrossesBook(Side side, uint24 tick, uint24 oppositeBest);
    /// @notice The Front naming order `id` no longer describes the head of the best level (its level or the book's
    /// best prices changed since `peek`, or it names another order); peek again.
    error StaleFront(OrderId id);
    /// @notice A fill of `lots` exceeds the `remaining` lots of order `id`.
    error FillExceedsOrder(OrderId id, uint64 lots, uint64 remaining);
    /// @notice The level at (`side`, `tick`) already holds MAX_LEVEL_ORDERS orders.
    error LevelFull(Side side, uint24 tick);
    /// @notice The book has handed out every order index an id can carry; no order can be added at (`side`, `tick`).
    error OrderIdsExhausted(Side side, uint24 tick);

    // ---------------------------------------------------------------------------------------------------------------
    // Mutations
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @notice Rest an order of `lots` at `tick` on `side`, behind every order already there (time priority).
     * @dev Costs, cold: the header read, the level read and write, the new order slot; at a new price also the leaf
     * bitmap word (and the upper words when a word becomes non-zero), and the header write when it is the new best.
     * Reverts InvalidTick, ZeroQuantity, CrossesBook (a bid at or above the best ask, an ask at or below the best
     * bid), LevelFull or OrderIdsExhausted.
     * @param maker The venue's account number of the owner.
     * @param expiry Good-till-date end in seconds (0: good till cancelled); stored for the venue, not checked here.
     * @param flags Eight bits the venue needs at match time; stored, not interpreted.
     * @return id The new order's id (it encodes side and tick).
     */
    function insert(
        Book storage self,
        Side side,
        uint24 tick,
        uint64 maker,
        uint64 lots,
        uint40 expiry,
        uint8 flags
    ) internal returns (OrderId id) {
        if (tick == 0) revert InvalidTick(tick);
        if (lots == 0) revert ZeroQuantity();
        (uint256 idx, uint256 prev) = _append(self, side, tick, lots);
        id = OrderIdLibrary.from(side, tick, idx);
        self.orders[id] = OrderLibrary.pack(maker, lots, expiry, prev, flags);
    }

    /**
     * @notice Remove resting order `id` from anywhere in its level (a cancel, or the venue dropping an ineligible or
     * expired maker). Reverts OrderNotFound.
     * @dev O(1): the order's slot is cleared; its neighbours' links are written only when it sits between two
     * orders; when it was the last of its level, the level and its bitmap bit are cleared and the best moves on.
     * @return removed The record as it rested (owner, remaining lots, expiry, flags), for the venue's checks and event.
     */
    function remove(Book storage self, OrderId id) internal returns (Order removed) {
        removed = self.orders[id];
        if (removed.isEmpty()) revert OrderNotFound(id);
        uint256 key = id.levelKey();
        _unlink(self, id, removed, key, self.levels[key]);
    }

    /**
     * @notice Fill `lots` of the order at the front `f` (from `peek`). Filling every remaining lot removes the order
     * (and the level, when it was the last: the best moves on). Reverts ZeroQuantity, OrderNotFound (an empty
     * Front, or one already filled), StaleFront or FillExceedsOrder.
     * @dev Reads two warm slots (level and header, to prove `f` current) and no order. Updates `f` in memory: after a
     * partial fill it stays valid for another fill; after a complete one its order is 0. Peek again after any other
     * change to the book.
     * @return filled The order's record after the fill; `filled.remaining() == 0` when it left the book.
     */
    function fill(Book storage self, Front memory f, uint64 lots) internal returns (Order filled) {
        if (lots == 0) revert ZeroQuantity();
        OrderId id = f.id;
        Order o = f.order;
        if (o.isEmpty()) revert OrderNotFound(id);
        uint256 key = id.levelKey();
        Level level = f.level;
        if (
            Level.unwrap(self.levels[key]) != Level.unwrap(level) ||
            BookState.unwrap(self.state) != BookState.unwrap(f.state) ||
            level.head() != id.idx()
        ) revert StaleFront(id);
        uint64 open = o.remaining();
        if (lots > open) revert FillExceedsOrder(id, lots, open);
        unchecked {
            filled = o.withRemaining(open - lots);
        }
        if (lots < open) {
            self.orders[id] = filled;
            level = level.reduced(lots);
            self.levels[key] = level;
            f.order = filled;
            f.level = level;
        } else {
            _unlink(self, id, o, key, level);
            f.order = Order.wrap(0);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice The venue's 128 bits of the book header (see BookState.sol); the book never reads or changes them.
    function venueData(Book storage self) internal view returns (uint128) {
        return self.state.venueData();
    }

    /// @notice Set the venue's 128 bits of the book header. Any Front peeked before is stale afterwards.
    function setVenueData(Book storage self, uint128 data) internal {
        self.state = self.state.withVenueData(data);
    }

    /// @notice The venue's 40-bit tag in the book header (see BookState.sol); the book never reads or changes it.
    function venueTag(Book storage self) internal view returns (uint40) {
        return self.state.venueTag();
    }

    /// @notice Set the venue's 40-bit tag in the book header. Any Front peeked before is stale afterwards.
    function setVenueTag(Book storage self, uint40 tag) internal {
        self.state = self.state.withVenueTag(tag);
    }

    /// @notice The best tick of `side` (highest bid, lowest ask), or 0 when the side is empty. One slot read.
    function best(Book storage self, Side side) internal view returns (uint24) {
        return self.state.best(side);
    }

    /**
     * @notice The order a taker against `side` meets first: the head of the best level.
     * @return f The best tick, the head order's id and record, and the level's record (all 0 when the side is empty).
     */
    function peek(Book storage self, Side side) internal view returns (Front memory f) {
        BookState state = self.state;
        uint24 tick = state.best(side);
        if (tick == 0) return f;
        Level level_ = self.levels[_levelKey(side, tick)];
        OrderId id = OrderIdLibrary.from(side, tick, level_.head());
        f.tick = tick;
        f.id = id;
        f.order = self.orders[id];
        f.level = level_;
        f.state = state;
    }

    /// @notice The oldest order at (`side`, `tick`) and its record; both 0 when the level is empty.
    function head(Book storage self, Side side, uint24 tick) internal view returns (OrderId id, Order record) {
        Level level_ = self.levels[_levelKey(side, tick)];
        if (level_.count() == 0) return (OrderId.wrap(0), Order.wrap(0));
        id = OrderIdLibrary.from(side, tick, level_.head());
        record = self.orders[id];
    }

    /// @notice The level at (`side`, `tick`): order count, total lots, head and tail. All 0 when empty.
    function getLevel(Book storage self, Side side, uint24 tick) internal view returns (Level) {
        return self.levels[_levelKey(side, tick)];
    }

    /// @notice The record of order `id`, or 0 when no such order rests.
    function getOrder(Book storage self, OrderId id) internal view returns (Order) {
        return self.orders[id];
    }

    /// @notice The first non-empty tick of `side` strictly worse than `tick` (lower for bids, higher for asks), or 0.
    /// @dev Bounded cost (at most five bitmap words) whatever the number of levels: walks the book outward.
    function nextLevel(Book storage self, Side side, uint24 tick) internal view returns (uint24) {
        (bool found, uint24 rank) = _bitmap(self, side).nextAbove(_rank(side, tick));
        return found ? _rank(side, rank) : 0;
    }

    /**
     * @notice The best `maxLevels` levels of `side` (or fewer when the side has fewer), best first.
     * @return ticks The levels' ticks.
     * @return levels The levels' records (count and total lots).
     */
    function depth(
        Book storage self,
        Side side,
        uint256 maxLevels
    ) internal view returns (uint24[] memory ticks, Level[] memory levels) {
        ticks = new uint24[](maxLevels);
        levels = new Level[](maxLevels);
        uint256 n;
        for (uint24 tick = self.state.best(side); tick != 0 && n < maxLevels; tick = nextLevel(self, side, tick)) {
            ticks[n] = tick;
            levels[n] = self.levels[_levelKey(side, tick)];
            ++n;
        }
        assembly ("memory-safe") {
            mstore(ticks, n)
            mstore(levels, n)
        }
    }

    /**
     * @notice The first `maxOrders` orders of the level at (`side`, `tick`) in time priority (or fewer).
     * @return ids The orders' ids, oldest first.
     * @return orders The orders' records.
     */
    function ordersAt(
        Book storage self,
        Side side,
        uint24 tick,
        uint256 maxOrders
    ) internal view returns (OrderId[] memory ids, Order[] memory orders) {
        Level level_ = self.levels[_levelKey(side, tick)];
        uint256 n = level_.count() < maxOrders ? level_.count() : maxOrders;
        ids = new OrderId[](n);
        orders = new Order[](n);
        uint256 idx = level_.head();
        for (uint256 i; i < n; ++i) {
            OrderId id = OrderIdLibrary.from(side, tick, idx);
            Order o = self.orders[id];
            ids[i] = id;
            orders[i] = o;
            idx = o.next(idx);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------------------------

    /// @dev Add `lots` at the tail of level (`side`, `tick`), creating the level when empty; the order index it gets
    /// and the index of the order before it (0 when first).
    function _append(
        Book storage self,
        Side side,
        uint24 tick,
        uint64 lots
    ) private returns (uint256 idx, uint256 prev) {
        BookState state = self.state;
        uint24 oppositeBest = state.best(side.opposite());
        if (oppositeBest != 0 && (side == Side.Bid ? tick >= oppositeBest : tick <= oppositeBest)) {
            revert CrossesBook(side, tick, oppositeBest);
        }
        uint256 key = _levelKey(side, tick);
        Level level = self.levels[key];
        if (level.count() == 0) {
            idx = state.idxFloor();
            level = LevelLibrary.single(idx, lots);
            _bitmap(self, side).set(_rank(side, tick));
            uint24 currentBest = state.best(side);
            if (currentBest == 0 || (side == Side.Bid ? tick > currentBest : tick < currentBest)) {
                self.state = state.withBest(side, tick);
            }
        } else {
            if (level.count() == MAX_LEVEL_ORDERS) revert LevelFull(side, tick);
            idx = level.nextIdx();
            prev = level.tail();
            level = level.appended(lots);
        }
        if (idx > OrderIdLibrary.MAX_IDX) revert OrderIdsExhausted(side, tick);
        self.levels[key] = level;
    }

    /// @dev Take resting order `id` (record `o`) out of its level `level` (stored under `key`).
    function _unlink(Book storage self, OrderId id, Order o, uint256 key, Level level) private {
        self.orders[id] = Order.wrap(0);
        if (level.count() == 1) {
            _deleteLevel(self, id.side(), id.tick(), key, level);
            return;
        }
        uint256 idx = id.idx();
        uint256 next = o.next(idx);
        if (idx == level.head()) {
            // The new head's `prev` goes stale; a head's `prev` is never read.
            level = level.withHead(next);
        } else {
            uint256 prev = o.prev();
            OrderId prevId = id.sibling(prev);
            self.orders[prevId] = self.orders[prevId].withNext(next);
            if (idx == level.tail()) {
                // `next` is the level's nextIdx: the new tail keeps the arrival slot as its successor.
                level = level.withTail(prev);
            } else {
                OrderId nextId = id.sibling(next);
                self.orders[nextId] = self.orders[nextId].withPrev(prev);
            }
        }
        self.levels[key] = level.removed(o.remaining());
    }

    /// @dev Clear the emptied level (`side`, `tick`), its bitmap bit, and move the best on when it was the best.
    function _deleteLevel(Book storage self, Side side, uint24 tick, uint256 key, Level level) private {
        self.levels[key] = Level.wrap(0);
        uint24 rank = _rank(side, tick);
        TickBitmap.Bitmap storage bitmap = _bitmap(self, side);
        BookState state = self.state;
        BookState updated = state.withFloorAtLeast(level.nextIdx());
        if (state.best(side) == tick) {
            (bool found, uint24 nextRank) = bitmap.clearAndNextAbove(rank);
            updated = updated.withBest(side, found ? _rank(side, nextRank) : 0);
        } else {
            bitmap.clear(rank);
        }
        if (BookState.unwrap(updated) != BookState.unwrap(state)) self.state = updated;
    }

    /// @dev The bitmap of `side`.
    function _bitmap(Book storage self, Side side) private view returns (TickBitmap.Bitmap storage) {
        return side == Side.Bid ? self.bids : self.asks;
    }

    /// @dev A tick's rank on `side` (better is lower), and also a rank's tick: the map is its own inverse.
    function _rank(Side side, uint24 tickOrRank) private pure returns (uint24) {
        unchecked {
            return side == Side.Bid ? MAX_TICK - tickOrRank : tickOrRank;
        }
    }

    /// @dev The key of level (`side`, `tick`) in `levels`, the same as OrderId.levelKey of its orders.
    function _levelKey(Side side, uint24 tick) private pure returns (uint256) {
        return (uint256(side) << 24) | tick;
    }
}
