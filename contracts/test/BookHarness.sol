// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OrderBook} from "../exchange/libraries/OrderBook.sol";
import {BookState} from "../types/BookState.sol";
import {Level} from "../types/Level.sol";
import {Order} from "../types/Order.sol";
import {OrderId} from "../types/OrderId.sol";
import {Side} from "../types/Side.sol";
import {TickBitmap} from "../exchange/libraries/TickBitmap.sol";

/**
 * @title BookHarness
 * @notice Exposes the OrderBook library over one book, plus `matchOrders`, a matching loop shaped like the venue's
 * (peek -> maker checks -> remove or fill -> repeat) without balances, fees or eligibility, so that tests can check
 * price-time priority and the benchmark can measure the book's share of each trading scenario. Test use only.
 */
contract BookHarness {
    using OrderBook for OrderBook.Book;
    using TickBitmap for TickBitmap.Bitmap;

    /// @notice What `matchOrders` did, in order: fills, and makers it removed (self-trade or expired).
    struct Trace {
        OrderId[] filledIds;
        uint64[] filledLots;
        OrderId[] removedIds;
    }

    /// @notice The taker of `matchOrders`.
    struct Taker {
        Side side;
        uint24 limitTick;
        uint64 lots;
        uint64 account;
        uint40 now_;
    }

    /// @notice Everything about one side, for tests that compare the whole book with a model after every step.
    struct SideDump {
        uint24 best; // the cached best tick
        bool hasLowest; // whether the bitmap has any member, found without the cache
        uint24 lowestRank; // the bitmap's lowest member, found without the cache
        uint24[] ticks; // the levels, best first, walked through the bitmap
        Level[] levels;
        OrderId[][] ids; // per level, in time priority
        Order[][] records;
        uint256 root; // the raw bitmap words: root, then the mid and leaf word on the path of each requested rank
        uint256[] mids;
        uint256[] leaves;
    }

    OrderBook.Book internal _book;

    // ---------------------------------------------------------------------------------------------------------------
    // The library, one call each
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice OrderBook.insert.
    function insert(
        Side side,
        uint24 tick,
        uint64 maker,
        uint64 lots,
        uint40 expiry,
        uint8 flags
    ) external returns (OrderId id) {
        return _book.insert(side, tick, maker, lots, expiry, flags);
    }

    /// @notice OrderBook.remove.
    function remove(OrderId id) external returns (Order removed) {
        return _book.remove(id);
    }

    /// @notice OrderBook.fill (the Front as peek returned it).
    function fill(OrderBook.Front calldata f, uint64 lots) external returns (Order filled) {
        OrderBook.Front memory front = f;
        return _book.fill(front, lots);
    }

    /// @notice Peek, then fill the same Front twice in one call (the second fill sees the first one's update).
    function peekAndFillTwice(Side side, uint64 first, uint64 second) external returns (Order afterSecond) {
        OrderBook.Front memory f = _book.peek(side);
        _book.fill(f, first);
        return _book.fill(f, second);
    }

    /// @notice OrderBook.venueData.
    function venueData() external view returns (uint128) {
        return _book.venueData();
    }

    /// @notice OrderBook.setVenueData.
    function setVenueData(uint128 data) external {
        _book.setVenueData(data);
    }

    /// @notice OrderBook.best.
    function best(Side side) external view returns (uint24) {
        return _book.best(side);
    }

    /// @notice OrderBook.peek.
    function peek(Side side) external view returns (OrderBook.Front memory) {
        return _book.peek(side);
    }

    /// @notice OrderBook.head.
    function head(Side side, uint24 tick) external view returns (OrderId id, Order record) {
        return _book.head(side, tick);
    }

    /// @notice OrderBook.getLevel.
    function getLevel(Side side, uint24 tick) external view returns (Level) {
        return _book.getLevel(side, tick);
    }

    /// @notice OrderBook.getOrder.
    function getOrder(OrderId id) external view returns (Order) {
        return _book.getOrder(id);
    }

    /// @notice OrderBook.nextLevel.
    function nextLevel(Side side, uint24 tick) external view returns (uint24) {
        return _book.nextLevel(side, tick);
    }

    /// @notice OrderBook.depth.
    function depth(Side side, uint256 maxLevels) external view returns (uint24[] memory ticks, Level[] memory levels) {
        return _book.depth(side, maxLevels);
    }

    /// @notice OrderBook.ordersAt.
    function ordersAt(
        Side side,
        uint24 tick,
        uint256 maxOrders
    ) external view returns (OrderId[] memory ids, Order[] memory orders) {
        return _book.ordersAt(side, tick, maxOrders);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Matching probe
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @notice A taker on `takerSide` for `lots` with limit `limitTick` meets the opposite side in price-time priority.
     * Each step takes the best level's head: a maker whose account is `taker` (self-trade: the resting order is
     * cancelled) or whose expiry is set and `<= now_` is removed; any other is filled by min(lots left, its lots).
     * Stops when the taker is filled, the opposite side is empty or beyond the limit, or after `maxSteps` steps.
     * @param record Whether to return the trace (tests); the benchmark passes false to measure the loop alone.
     * @return filled Lots filled.
     * @return trace Fills and removals, in order (empty arrays unless `record`).
     */
    function matchOrders(
        Side takerSide,
        uint24 limitTick,
        uint64 lots,
        uint256 maxSteps,
        uint64 taker,
        uint40 now_,
        bool record
    ) external returns (uint64 filled, Trace memory trace) {
        uint256 size = record ? maxSteps : 0;
        trace = Trace(new OrderId[](size), new uint64[](size), new OrderId[](size));
        Taker memory t = Taker(takerSide, limitTick, lots, taker, now_);
        (uint256 fills, uint256 removals) = _match(t, maxSteps, record, trace);
        filled = lots - t.lots;
        if (record) {
            OrderId[] memory filledIds = trace.filledIds;
            uint64[] memory filledLots = trace.filledLots;
            OrderId[] memory removedIds = trace.removedIds;
            assembly ("memory-safe") {
                mstore(filledIds, fills)
                mstore(filledLots, fills)
                mstore(removedIds, removals)
            }
        }
    }

    /// @dev The loop of `matchOrders`; `t.lots` counts down to what is left unfilled.
    function _match(
        Taker memory t,
        uint256 maxSteps,
        bool record,
        Trace memory trace
    ) private returns (uint256 fills, uint256 removals) {
        Side makerSide = t.side.opposite();
        for (uint256 step; t.lots != 0 && step < maxSteps; ++step) {
            OrderBook.Front memory f = _book.peek(makerSide);
            if (f.tick == 0 || (t.side == Side.Bid ? f.tick > t.limitTick : f.tick < t.limitTick)) break;
            Order o = f.order;
            if (o.maker() == t.account || (o.expiry() != 0 && o.expiry() <= t.now_)) {
                _book.remove(f.id);
                if (record) trace.removedIds[removals] = f.id;
                ++removals;
                continue;
            }
            uint64 take = o.remaining() < t.lots ? o.remaining() : t.lots;
            _book.fill(f, take);
            t.lots -= take;
            if (record) {
                trace.filledIds[fills] = f.id;
                trace.filledLots[fills] = take;
            }
            ++fills;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Set-up helpers for tests and the benchmark
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Rest `n` orders of `lots` on `side` at ticks `firstTick`, `firstTick + step`, ... (one transaction).
    function insertMany(Side side, uint24 firstTick, uint24 step, uint256 n, uint64 maker, uint64 lots) external {
        uint24 tick = firstTick;
        for (uint256 i; i < n; ++i) {
            _book.insert(side, tick, maker, lots, 0, 0);
            tick += step;
        }
    }

    /// @notice Does nothing: a call with `insert`'s arguments, to measure the harness's own overhead.
    function noop(Side, uint24, uint64, uint64, uint40, uint8) external {}

    /// @notice The raw book header.
    function state() external view returns (BookState) {
        return _book.state;
    }

    /// @notice The raw bitmap words of `side` on the path of `rank` (bids: rank = 2^24 - 1 - tick; asks: tick).
    function bitmapWords(Side side, uint24 rank) external view returns (uint256 root, uint256 mid, uint256 leaf) {
        if (side == Side.Bid) return (_book.bids.root, _book.bids.mids[rank >> 16], _book.bids.leaves[rank >> 8]);
        return (_book.asks.root, _book.asks.mids[rank >> 16], _book.asks.leaves[rank >> 8]);
    }

    /// @notice The whole of `side` (up to `maxLevels` levels of up to `maxOrders` orders), and the bitmap words on the
    /// paths of `ranks`.
    function dump(
        Side side,
        uint256 maxLevels,
        uint256 maxOrders,
        uint24[] calldata ranks
    ) external view returns (SideDump memory d) {
        d.best = _book.best(side);
        TickBitmap.Bitmap storage bitmap = side == Side.Bid ? _book.bids : _book.asks;
        (d.hasLowest, d.lowestRank) = bitmap.lowest();
        (d.ticks, d.levels) = _book.depth(side, maxLevels);
        d.ids = new OrderId[][](d.ticks.length);
        d.records = new Order[][](d.ticks.length);
        for (uint256 i; i < d.ticks.length; ++i) {
            (d.ids[i], d.records[i]) = _book.ordersAt(side, d.ticks[i], maxOrders);
        }
        d.root = bitmap.root;
        d.mids = new uint256[](ranks.length);
        d.leaves = new uint256[](ranks.length);
        for (uint256 i; i < ranks.length; ++i) {
            d.mids[i] = bitmap.mids[ranks[i] >> 16];
            d.leaves[i] = bitmap.leaves[ranks[i] >> 8];
        }
    }

    /// @notice Overwrite the header (tests of limits that take too many orders to reach honestly).
    function forceState(BookState s) external {
        _book.state = s;
    }

    /// @notice Overwrite a level record (tests of limits that take too many orders to reach honestly).
    function forceLevel(Side side, uint24 tick, Level record) external {
        _book.levels[(uint256(side) << 24) | tick] = record;
    }
}
