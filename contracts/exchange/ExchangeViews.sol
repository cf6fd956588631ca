// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IEligibility} from "../interfaces/IIdentityRegistry.sol";
import {IPairRegistry} from "../interfaces/IPairRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IVenueRegistry} from "../interfaces/IVenueRegistry.sol";
import {Order} from "../types/Order.sol";
import {OrderId} from "../types/OrderId.sol";
import {Side} from "../types/Side.sol";
import {OrderBook} from "./libraries/OrderBook.sol";
import {ExchangeLens} from "./libraries/ExchangeLens.sol";
import {ExchangeStorage} from "./ExchangeStorage.sol";

/**
 * @title ExchangeViews
 * @notice The venue's read-only views (balances, orders, books, clearances, fees): the third part of the venue, kept
 * out of Exchange (which holds only the trading paths, so that they stay cheap and the venue keeps room under the
 * 24 KiB code limit) and out of ExchangeAdmin (full). Exchange forwards every selector it does not define to its
 * ExchangeAdmin by DELEGATECALL, and ExchangeAdmin forwards every selector it does not define here, again by
 * DELEGATECALL: the views run on the Exchange's storage (same layout: ExchangeStorage).
 * @dev Created by its ExchangeAdmin's constructor with the admin's own wiring (ExchangeAdmin.VIEWS), so the venue's
 * wiring check of the admin covers it. It changes no state: called directly it only reads its own, empty storage.
 */
contract ExchangeViews is ExchangeStorage {
    using OrderBook for OrderBook.Book;

    /// @dev The venue's wiring, passed on by the ExchangeAdmin that creates this module.
    constructor(
        IAuthorityTree tree,
        IEligibility eligibility,
        IPairRegistry pairs,
        IVenueRegistry venues,
        address operator,
        uint64 home
    ) ExchangeStorage(tree, eligibility, pairs, venues, operator, home) {}

    /// @notice The operator: the venue registry lets only the account named here register this venue (its consent).
    function owner() external view returns (address) {
        return OPERATOR;
    }

    /// @notice The book parameters of `pairId`.
    function bookConfig(uint32 pairId) external view returns (BookConfig memory) {
        return _configs[pairId];
    }

    /// @notice `wallet`'s venue account number and recorded identity (0, 0 if none).
    function accountOf(address wallet) external view returns (uint64 account, uint64 identity) {
        uint256 a = _accountOf[wallet];
        return (uint64(a), uint64(a >> 64));
    }

    /// @notice The wallet of venue account `account`.
    function walletOf(uint64 account) external view returns (address) {
        return address(uint160(_accounts[account]));
    }

    /// @notice `wallet`'s internal balance of `token`: available, and locked by its resting orders.
    function balanceOf(address wallet, address token) external view returns (uint256 available, uint256 locked) {
        uint64 account = uint64(_accountOf[wallet]);
        uint16 index = tokenIndex[token];
        available = _available[_key(account, index)];
        uint256 bits = _accounts[account] >> OPEN_SHIFT;
        for (uint256 slot; bits != 0; ++slot) {
            if (bits & (1 << slot) == 0) continue;
            bits &= ~(1 << slot);
            (bool live, uint32 pairId, OrderId id) = _openEntry(account, slot);
            if (!live) continue;
            (uint16 lockToken, uint256 amount) = _lockOf(_configs[pairId], id, _books[pairId].getOrder(id).remaining());
            if (lockToken == index) locked += amount;
        }
    }

    /// @notice `wallet`'s cached clearance on `pairId` (see ExchangeStorage): the restriction stamp of its roots it
    /// was taken at (IRestrictionEpoch.restrictionStamp of the pair's root, the identity's root and the home root),
    /// until when it holds, and the identity found; all 0 if none was recorded.
    function clearanceOf(
        address wallet,
        uint32 pairId
    ) external view returns (uint64 epoch, uint40 until, uint64 identity) {
        uint256 c = _clearances[_clearanceKey(uint64(_accountOf[wallet]), pairId)];
        return (uint64(c), uint40(c >> 64), uint64(c >> 104));
    }

    /// @notice Fees accrued in `pairId` and not yet collected.
    function pairFees(uint32 pairId) external view returns (uint256 baseAmount, uint256 quoteAmount) {
        return _owedFees(pairId);
    }

    /// @notice The best bid and ask ticks of `pairId` (0 when a side is empty).
    function bestPrices(uint32 pairId) external view returns (uint24 bid, uint24 ask) {
        OrderBook.Book storage book = _books[pairId];
        return (book.best(Side.Bid), book.best(Side.Ask));
    }

    /// @notice The best `levels` levels of `side` in `pairId`: ticks, total lots and order counts, best first.
    function depth(
        uint32 pairId,
        Side side,
        uint256 levels
    ) external view returns (uint24[] memory ticks, uint256[] memory lots, uint256[] memory counts) {
        return ExchangeLens.depth(_books[pairId], side, levels);
    }

    /// @notice Resting order `orderId` of `pairId` (all zero if none).
    function getOrder(uint32 pairId, uint64 orderId) external view returns (OrderView memory v) {
        OrderId id = OrderId.wrap(orderId);
        Order o = _books[pairId].getOrder(id);
        if (o.isEmpty()) return v;
        v = OrderView({
            account: o.maker(),
            wallet: address(uint160(_accounts[o.maker()])),
            side: id.side(),
            tick: id.tick(),
            lots: o.remaining(),
            expiry: o.expiry()
        });
    }

    /// @notice `wallet`'s resting orders (pair and order id), in open-order slot order.
    function openOrders(address wallet) external view returns (uint32[] memory pairIds, uint64[] memory orderIds) {
        uint64 account = uint64(_accountOf[wallet]);
        uint256 bits = _accounts[account] >> OPEN_SHIFT;
        // Leave out the stale slots (orders a fill completed).
        for (uint256 slot; slot < MAX_OPEN_ORDERS; ++slot) {
            if (bits & (1 << slot) == 0) continue;
            (bool live, , ) = _openEntry(account, slot);
            if (!live) bits &= ~(1 << slot);
        }
        return ExchangeLens.openOrders(bits, _openOrders[account]);
    }

    /// @notice Whether the base and the quote token of `pairId`'s book are native compliant tokens (set at openBook):
    /// on such a book the venue also enforces the native token's pause and freezes.
    function nativeLegs(uint32 pairId) external view returns (bool base, bool quote) {
        uint256 word = _configWord(pairId);
        return (word & NATIVE_BASE_BIT != 0, word & NATIVE_QUOTE_BIT != 0);
    }

    /// @notice The fee rates `pairId`'s book applies: its copy of `fees` (0, 0 for a book never opened; a retired book
    /// keeps those it had).
    function feeRates(uint32 pairId) external view returns (uint16 makerBps, uint16 takerBps) {
        return _feeRates(pairId);
    }

    /// @notice The pairs whose books are open, in opening order, except that retiring a book moves the last one into
    /// its place.
    function books() external view returns (uint32[] memory) {
        return _bookIds;
    }
}
