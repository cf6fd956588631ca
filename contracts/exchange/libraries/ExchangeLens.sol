// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Level} from "../../types/Level.sol";
import {Side} from "../../types/Side.sol";
import {OrderBook} from "./OrderBook.sol";
import {IExchange} from "../../interfaces/IExchange.sol";
import {IPairRegistry} from "../../interfaces/IPairRegistry.sol";

/**
 * @title ExchangeLens
 * @notice The Exchange's list views, kept apart from the trading paths; none of them is on one.
 */
library ExchangeLens {
    using OrderBook for OrderBook.Book;

    /// @notice The best `levels` levels of `side`: ticks, total lots and order counts, best first.
    function depth(
        OrderBook.Book storage book,
        Side side,
        uint256 levels
    ) internal view returns (uint24[] memory ticks, uint256[] memory lots, uint256[] memory counts) {
        Level[] memory records;
        (ticks, records) = book.depth(side, levels);
        lots = new uint256[](ticks.length);
        counts = new uint256[](ticks.length);
        for (uint256 i; i < ticks.length; ++i) {
            lots[i] = records[i].total();
            counts[i] = records[i].count();
        }
    }

    /// @notice The open-order list entries whose bit is set in `bits`, split into pair ids and order ids.
    function openOrders(
        uint256 bits,
        uint256[32] storage entries
    ) internal view returns (uint32[] memory pairIds, uint64[] memory orderIds) {
        uint256 n;
        for (uint256 b = bits; b != 0; b &= b - 1) ++n;
        pairIds = new uint32[](n);
        orderIds = new uint64[](n);
        uint256 i;
        for (uint256 slot; bits != 0; ++slot) {
            if (bits & (1 << slot) == 0) continue;
            bits &= ~(1 << slot);
            uint256 entry = entries[slot];
            pairIds[i] = uint32(entry >> 64);
            orderIds[i] = uint64(entry);
            ++i;
        }
    }

    /// @notice Pair `pairId`'s status, root, tokens and book parameters (token indexes left 0; `minLots` 0 when the
    /// sizes do not fit the packed parameters).
    function pairTerms(
        IPairRegistry pairs,
        uint32 pairId
    )
        internal
        view
        returns (
            IPairRegistry.PairStatus status,
            uint64 root,
            address base,
            address quote,
            IExchange.BookConfig memory c
        )
    {
        IPairRegistry.Pair memory p = pairs.pair(pairId);
        uint256 minLots = p.minSize / p.lotSize;
        if (p.tickSize <= type(uint64).max && p.lotSize <= type(uint64).max && minLots <= type(uint32).max) {
            c.tickSize = uint64(p.tickSize);
            c.lotSize = uint64(p.lotSize);
            c.minLots = uint32(minLots);
        }
        c.policyId = p.policyId;
        return (p.status, p.root, p.baseToken, p.quoteToken, c);
    }
}
