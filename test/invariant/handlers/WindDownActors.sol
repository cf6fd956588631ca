// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IExchange, IExchangeBase} from "../../../contracts/interfaces/IExchange.sol";
import {Side} from "../../../contracts/types/Side.sol";
import {Suite} from "../Suite.sol";
import {vm} from "../Vm.sol";

/**
 * @title WindDownActors
 * @notice Issue 17's wind-down, fuzzed: investors deposit, withdraw, place (resting and immediate) and cancel on the
 * suite's two books while, at any point, the operator winds the venue down and anyone returns resting orders in
 * batches, until the venue is wound down; then the investors withdraw. A ledger per (account, token) follows what
 * each investor deposited, withdrew and traded (the venue's OrderFilled events, fees included), so that the
 * invariants can say: the venue holds for each investor exactly that, and once wound down all of it is available
 * and nothing is locked. Every refusal the wind-down must produce (a deposit or a placement accepted while winding
 * down, a withdrawal of what is available refused) is recorded as a violation.
 */
contract WindDownActors {
    uint256 private constant _INVESTORS = 6; // the registered ones at set-up (6 and 7 are not)
    uint24 private constant _CENTER = 100;

    Suite internal immutable S;
    IExchange internal immutable exchange;
    address[3] internal tokens;

    /// @notice What each investor's venue account should hold of each token (available + locked).
    mapping(address wallet => mapping(address token => uint256)) public expected;
    /// @notice The first violation seen ("" if none).
    string public violation;
    /// @notice How many wind-down steps ran (windDown, returnOrders, finalize), for the run's metrics.
    uint256 public windDownSteps;

    constructor(Suite s) {
        S = s;
        exchange = s.exchange();
        tokens = [address(s.bond()), address(s.usd()), address(s.eur())];
        for (uint256 i; i < _INVESTORS; ++i) {
            address w = s.investor(i);
            for (uint256 k; k < 3; ++k) {
                (uint256 available, uint256 locked) = exchange.balanceOf(w, tokens[k]);
                expected[w][tokens[k]] = available + locked;
            }
        }
    }

    function actions() external pure returns (bytes4[] memory list) {
        list = new bytes4[](16);
        list[0] = this.deposit.selector;
        list[1] = this.deposit.selector;
        list[2] = this.withdraw.selector;
        list[3] = this.withdraw.selector;
        list[4] = this.place.selector;
        list[5] = this.place.selector;
        list[6] = this.place.selector;
        list[7] = this.place.selector;
        list[8] = this.place.selector;
        list[9] = this.cancel.selector;
        list[10] = this.windDown.selector;
        list[11] = this.returnOrders.selector;
        list[12] = this.returnOrders.selector;
        list[13] = this.finalize.selector;
        list[14] = this.withdrawEverything.selector;
        list[15] = this.place.selector;
    }

    function investor(uint256 i) external view returns (address) {
        return S.investor(i % _INVESTORS);
    }

    function token(uint256 k) external view returns (address) {
        return tokens[k];
    }

    function deposit(uint256 walletSeed, uint256 tokenSeed, uint256 amountSeed) external {
        address w = S.investor(walletSeed % _INVESTORS);
        address t = tokens[tokenSeed % 3];
        uint256 balance = IERC20(t).balanceOf(w);
        if (balance == 0) return;
        uint256 amount = 1 + (amountSeed % balance);
        (uint8 state, , ) = exchange.windDownState();
        vm.prank(w);
        IERC20(t).approve(address(exchange), amount);
        vm.prank(w);
        try exchange.deposit(t, amount) returns (uint256 credited) {
            expected[w][t] += credited;
            if (state != 0) _violate("a deposit accepted while the venue winds down");
        } catch {} // solhint-disable-line no-empty-blocks
    }

    /// @notice Withdraw what is available: an external token always leaves (no investor here is sanctioned); the
    /// native BOND may be refused by its own rules (an ineligible wallet), never for the wind-down.
    function withdraw(uint256 walletSeed, uint256 tokenSeed, uint256 amountSeed) external {
        address w = S.investor(walletSeed % _INVESTORS);
        address t = tokens[tokenSeed % 3];
        (uint256 available, ) = exchange.balanceOf(w, t);
        if (available == 0) return;
        uint256 amount = 1 + (amountSeed % available);
        uint256 before = IERC20(t).balanceOf(w);
        vm.prank(w);
        try exchange.withdraw(t, amount) {
            expected[w][t] -= amount;
            if (IERC20(t).balanceOf(w) != before + amount) _violate("a withdrawal did not reach the wallet whole");
        } catch {
            if (t != tokens[0]) _violate("a withdrawal of an external token refused");
        }
    }

    /// @notice A good-till-cancel or immediate-or-cancel order near the centre of either book; its fills move the
    /// ledger as the venue's events say.
    function place(uint256 walletSeed, uint256 bookSeed, uint256 priceSeed, uint256 sizeSeed) external {
        address w = S.investor(walletSeed % _INVESTORS);
        uint32 pairId = bookSeed % 2 == 0 ? S.bondUsd() : S.eurUsd();
        IExchangeBase.BookConfig memory c = exchange.bookConfig(pairId);
        Side side = (priceSeed >> 8) % 2 == 0 ? Side.Bid : Side.Ask;
        IExchangeBase.OrderParams memory p = IExchangeBase.OrderParams({
            pairId: pairId,
            side: side,
            orderType: (sizeSeed >> 16) % 3 == 0
                ? IExchangeBase.OrderType.ImmediateOrCancel
                : IExchangeBase.OrderType.GoodTillCancel,
            tick: uint24(_CENTER - 3 + (priceSeed % 7)),
            lots: uint64(c.minLots + (sizeSeed % 20)),
            expiry: 0,
            maxSteps: 8
        });
        (uint8 state, , ) = exchange.windDownState();
        vm.recordLogs();
        vm.prank(w);
        try exchange.placeOrder(p) {
            if (state != 0) _violate("an order accepted while the venue winds down");
            _applyFills(c);
        } catch {} // solhint-disable-line no-empty-blocks
    }

    function cancel(uint256 walletSeed, uint256 which) external {
        address w = S.investor(walletSeed % _INVESTORS);
        (uint32[] memory pairIds, uint64[] memory orderIds) = exchange.openOrders(w);
        if (pairIds.length == 0) return;
        uint256 i = which % pairIds.length;
        vm.prank(w);
        try exchange.cancelOrder(pairIds[i], orderIds[i]) {} catch {
            _violate("a cancel of one's own resting order refused");
        }
    }

    /// @notice The operator winds the venue down (once in about four calls of this action: a run of 250 calls mostly
    /// trades first, then winds down and empties the venue).
    function windDown(uint256 gate) external {
        if (gate % 4 != 0) return;
        (uint8 state, , ) = exchange.windDownState();
        if (state != 0) return;
        vm.prank(exchange.OPERATOR());
        exchange.windDown();
        ++windDownSteps;
    }

    /// @notice Anyone returns up to 1-8 resting orders of a winding-down venue.
    function returnOrders(uint256 batch) external {
        (uint8 state, , ) = exchange.windDownState();
        if (state == 0) return;
        exchange.returnOrders(1 + (batch % 8));
        ++windDownSteps;
    }

    /// @notice Once wound down, every investor withdraws everything (review note: the final step): each external
    /// token's whole holding leaves the venue (nothing locked) and reaches the wallet whole; the native BOND may be
    /// refused by its own rules.
    function withdrawEverything() external {
        (uint8 state, , ) = exchange.windDownState();
        if (state != 2) return;
        for (uint256 i; i < _INVESTORS; ++i) {
            address w = S.investor(i);
            for (uint256 k; k < 3; ++k) {
                address t = tokens[k];
                (uint256 available, uint256 locked) = exchange.balanceOf(w, t);
                if (locked != 0) _violate("a wound-down venue still locks funds");
                if (available == 0) continue;
                uint256 before = IERC20(t).balanceOf(w);
                vm.prank(w);
                try exchange.withdraw(t, available) {
                    expected[w][t] -= available;
                    if (IERC20(t).balanceOf(w) != before + available) _violate("a final withdrawal fell short");
                    (available, locked) = exchange.balanceOf(w, t);
                    if (available + locked != 0) _violate("something left after withdrawing everything");
                } catch {
                    if (k != 0) _violate("a final withdrawal of an external token refused");
                }
            }
        }
    }

    /// @notice The operator (who set the wind-down) makes it final (review H1: returnOrders only empties). Checked
    /// independently of the venue's own windDownState().empty: accepted, no investor may have an order resting.
    function finalize() external {
        (uint8 state, , ) = exchange.windDownState();
        if (state != 1) return;
        vm.prank(exchange.OPERATOR());
        try exchange.finalizeWindDown() {
            ++windDownSteps;
            for (uint256 i; i < _INVESTORS; ++i) {
                (uint32[] memory pairIds, ) = exchange.openOrders(S.investor(i));
                if (pairIds.length != 0) _violate("wound down while an investor's order rests");
            }
        } catch {} // solhint-disable-line no-empty-blocks
    }

    /// @dev Apply the OrderFilled events of the last placement to the ledger (as lib/replay/venue.ts rebuilds them).
    function _applyFills(IExchangeBase.BookConfig memory c) private {
        RecordedLog[] memory logs = _logs();
        bytes32 filled = IExchangeBase.OrderFilled.selector;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(exchange) || logs[i].topics[0] != filled) continue;
            _applyFill(c, logs[i]);
        }
    }

    /// @dev One fill: the maker gives from its lock what the taker receives and receives what the taker gives, each
    /// less its fee.
    function _applyFill(IExchangeBase.BookConfig memory c, RecordedLog memory log) private {
        bool makerBids = uint64(uint256(log.topics[2])) >> 63 == 0;
        address maker = exchange.walletOf(uint64(uint256(log.topics[3])));
        (uint64 takerAccount, uint24 tick, uint64 lots, uint256 makerFee, uint256 takerFee) = abi.decode(
            log.data,
            (uint64, uint24, uint64, uint256, uint256)
        );
        address taker = exchange.walletOf(takerAccount);
        address base = exchange.tokenAt(c.baseToken);
        address quote = exchange.tokenAt(c.quoteToken);
        uint256 quoteAmount = uint256(tick) * c.tickSize * lots;
        uint256 baseAmount = uint256(lots) * c.lotSize;
        if (makerBids) {
            _move(maker, taker, base, baseAmount, makerFee); // the bidding maker receives base
            _move(taker, maker, quote, quoteAmount, takerFee);
        } else {
            _move(maker, taker, quote, quoteAmount, makerFee);
            _move(taker, maker, base, baseAmount, takerFee);
        }
    }

    /// @dev `to` receives `amount` of `t` less `fee`; `from` gives `amount`.
    function _move(address to, address from, address t, uint256 amount, uint256 fee) private {
        expected[to][t] += amount - fee;
        expected[from][t] -= amount;
    }

    function _logs() private returns (RecordedLog[] memory out) {
        // The cheatcode's Log struct, under a local name.
        bytes memory raw = abi.encode(vm.getRecordedLogs());
        out = abi.decode(raw, (RecordedLog[]));
    }

    function _violate(string memory what) private {
        if (bytes(violation).length == 0) violation = what;
    }
}

/// @dev Vm.Log, declared here so that the handler can decode the cheatcode's answer without importing Vm's type name.
struct RecordedLog {
    bytes32[] topics;
    bytes data;
    address emitter;
}
