// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IEligibility} from "../interfaces/IIdentityRegistry.sol";
import {IPairRegistry} from "../interfaces/IPairRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {Scopes} from "../types/Scope.sol";
import {OrderId} from "../types/OrderId.sol";
import {Side} from "../types/Side.sol";
import {OrderBook} from "./libraries/OrderBook.sol";
import {ExchangeLens} from "./libraries/ExchangeLens.sol";
import {ExchangeStorage} from "./ExchangeStorage.sol";

/**
 * @title ExchangeAdmin
 * @notice The cold half of the venue: opening books, fees and their cap, fee collection, identity sync, cancel-all
 * and clearing a delisted book. Runs only by DELEGATECALL from its Exchange (which deploys it), on the Exchange's
 * storage; called directly it refuses (it would act on its own, empty storage).
 */
contract ExchangeAdmin is ExchangeStorage {
    using OrderBook for OrderBook.Book;

    /// @dev The Exchange that deployed this module: the only context it runs in.
    address private immutable _VENUE;

    /// @notice This module was called directly rather than through its Exchange.
    error DirectCall();

    constructor(
        IAuthorityTree tree,
        IEligibility eligibility,
        IPairRegistry pairs,
        address operator,
        uint64 home
    ) ExchangeStorage(tree, eligibility, pairs, operator, home) {
        _VENUE = msg.sender;
    }

    modifier viaVenue() {
        if (address(this) != _VENUE) revert DirectCall();
        _;
    }

    /// @notice Open the book of listed pair `pairId` (under a trusted root), caching its parameters. Operator only.
    function openBook(uint32 pairId) external viaVenue nonReentrant {
        (IPairRegistry.PairStatus status, uint64 root, address base, address quote, BookConfig memory c) = ExchangeLens
            .pairTerms(PAIRS, pairId);
        _requireOperator(root);
        if (!isTrustedRoot[root]) revert RootNotTrusted(pairId, root);
        if (_configs[pairId].open) revert BookAlreadyOpen(pairId);
        if (status != IPairRegistry.PairStatus.Listed) revert PairNotTradable(pairId);
        if (c.minLots == 0) revert UnsupportedSizes(pairId);
        c.baseToken = _indexToken(base);
        c.quoteToken = _indexToken(quote);
        c.open = true;
        _configs[pairId] = c;
        emit BookOpened(pairId, c);
    }

    /// @notice Set the fee cap (at most MAX_FEE_BPS). Caller: a valid GOVERN holder of the home root. Fees above the
    /// new cap are lowered to it at once.
    function setFeeCap(uint16 capBps) external viaVenue nonReentrant {
        if (!AUTHORITY.hasScope(msg.sender, HOME_ROOT, Scopes.GOVERN)) revert NotGovernor(msg.sender);
        if (capBps > MAX_FEE_BPS) revert FeeAboveCap(capBps, MAX_FEE_BPS);
        Fees memory f = fees;
        f.capBps = capBps;
        emit FeeCapSet(capBps, msg.sender);
        if (f.makerBps > capBps || f.takerBps > capBps) {
            if (f.makerBps > capBps) f.makerBps = capBps;
            if (f.takerBps > capBps) f.takerBps = capBps;
            emit FeesSet(f.makerBps, f.takerBps);
        }
        fees = f;
    }

    /// @notice Set the maker and taker fees, each within the cap. Operator only (licence checked now).
    function setFees(uint16 makerBps, uint16 takerBps) external viaVenue nonReentrant {
        _requireOperator(HOME_ROOT);
        Fees memory f = fees;
        if (makerBps > f.capBps) revert FeeAboveCap(makerBps, f.capBps);
        if (takerBps > f.capBps) revert FeeAboveCap(takerBps, f.capBps);
        f.makerBps = makerBps;
        f.takerBps = takerBps;
        fees = f;
        emit FeesSet(makerBps, takerBps);
    }

    /// @notice Credit the fees accrued in `pairId` to the operator's internal account. Anyone may call.
    function collectFees(uint32 pairId) external viaVenue nonReentrant {
        uint256 packed = _pairFees[pairId];
        if (packed == 0) return;
        BookConfig memory c = _configs[pairId];
        delete _pairFees[pairId];
        uint256 baseAmount = packed & MASK128;
        uint256 quoteAmount = packed >> 128;
        _credit(OPERATOR_ACCOUNT, c.baseToken, baseAmount);
        _credit(OPERATOR_ACCOUNT, c.quoteToken, quoteAmount);
        emit FeesCollected(pairId, baseAmount, quoteAmount);
    }

    /// @notice Record `wallet`'s current identity in its account (self-trade prevention uses the recorded one).
    function syncIdentity(address wallet) external viaVenue nonReentrant {
        uint256 a = _accountOf[wallet];
        if (a == 0) revert UnknownAccount(wallet);
        uint64 account = uint64(a);
        uint64 identity = ELIGIBILITY.identityOf(wallet);
        _accountOf[wallet] = uint256(account) | (uint256(identity) << 64);
        uint256 rec = _accounts[account];
        _accounts[account] = (rec & ~(MASK64 << 160)) | (uint256(identity) << 160);
        emit AccountIdentitySynced(account, identity);
    }

    /// @notice Cancel every resting order of the caller, in every book; works whatever the pairs' status.
    function cancelAll() external viaVenue nonReentrant returns (uint256 cancelled) {
        uint64 account = _requireAccount(msg.sender);
        uint256 bits = _accounts[account] >> OPEN_SHIFT;
        for (uint256 slot; bits != 0; ++slot) {
            if (bits & (1 << slot) == 0) continue;
            bits &= ~(1 << slot);
            uint256 entry = _openOrders[account][slot];
            uint32 pairId = uint32(entry >> 64);
            _removeOrder(pairId, _configs[pairId], OrderId.wrap(uint64(entry)), RemovalReason.Cancelled, msg.sender);
            ++cancelled;
        }
    }

    /// @notice Return up to `maxOrders` resting orders of delisted pair `pairId` to their owners (funds unlocked).
    /// Anyone may call; call again until it returns fewer than `maxOrders`.
    function clearDelisted(uint32 pairId, uint256 maxOrders) external viaVenue nonReentrant returns (uint256 removed) {
        if (PAIRS.pairStatus(pairId) != IPairRegistry.PairStatus.Delisted) revert PairNotDelisted(pairId);
        OrderBook.Book storage book = _books[pairId];
        BookConfig memory c = _configs[pairId];
        for (uint256 s; s < 2 && removed < maxOrders; ++s) {
            Side side = Side(s);
            while (removed < maxOrders) {
                OrderBook.Front memory f = book.peek(side);
                if (f.tick == 0) break;
                _removeOrder(pairId, c, f.id, RemovalReason.Delisted, address(0));
                ++removed;
            }
        }
    }
}
