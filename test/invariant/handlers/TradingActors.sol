// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IExchange, IExchangeBase} from "../../../contracts/interfaces/IExchange.sol";
import {IPairRegistry} from "../../../contracts/interfaces/IPairRegistry.sol";
import {IIdentityRegistry} from "../../../contracts/interfaces/IIdentityRegistry.sol";
import {Scopes} from "../../../contracts/types/Scope.sol";
import {Side} from "../../../contracts/types/Side.sol";
import {Suite, IMintableToken} from "../Suite.sol";
import {Ghost} from "../Ghost.sol";
import {Model} from "../Model.sol";
import {Vm, vm} from "../Vm.sol";
import {ActorBase} from "./ActorBase.sol";

/**
 * @title TradingActors
 * @notice The investors and the venue's operator: fund wallets, deposit, withdraw, place every order type (good till
 * cancel, good till date, immediate or cancel, fill or kill, post only, market), cancel, cancel all, replace, clear
 * delisted books, collect fees and set them.
 *
 * Every placement is audited at once, against the model of design.md evaluated in the same block (nothing can
 * change the registries inside the venue's call): an order is accepted only on a pair that may trade, from a taker
 * eligible under its policy, and refused as not eligible or untradable only when it is. From the venue's own events,
 * each fill must be on a tradable pair, between two eligible parties whose attesting nodes are valid, neither frozen
 * on a native leg nor the native token paused, of two identities, at a price within the taker's limit and in price
 * order, with both fees rounded up; each maker removed for being ineligible, frozen or the taker's own identity must
 * really be so. The fills also drive the ghost ledger of the investors' holdings. A cancel of one's own order and a
 * withdrawal the rules allow must work.
 */
contract TradingActors is ActorBase {
    /// @dev Orders are placed within 3 ticks of this price, so that they cross often.
    uint24 private constant _CENTER = 100;

    /// @dev What the audit of one matching call needs, read once.
    struct Call {
        uint32 pairId;
        address taker;
        Side side;
        uint24 limit;
        uint24 lastTick;
        uint256 makerBps;
        uint256 takerBps;
        uint256 capBps;
        address base;
        address quote;
        uint256 tickSize;
        uint256 lotSize;
        uint32 policy;
        IIdentityRegistry.Policy terms;
        bool tradable;
        bool licensed;
        string takerProblem;
        uint256 fills;
        uint256 removals;
    }

    /// @dev One OrderFilled, decoded.
    struct Fill {
        address maker;
        bool makerBids;
        uint24 tick;
        uint256 base;
        uint256 quote;
        uint256 makerFee;
        uint256 takerFee;
    }

    constructor(Suite s, Ghost g) ActorBase(s, g) {}

    function actions() external pure override returns (bytes4[] memory list) {
        list = new bytes4[](64);
        uint256 n = _add(list, 0, TradingActors.fund.selector, 1);
        n = _add(list, n, TradingActors.deposit.selector, 4);
        n = _add(list, n, TradingActors.withdraw.selector, 3);
        n = _add(list, n, TradingActors.placeGoodTillCancel.selector, 10);
        n = _add(list, n, TradingActors.placeGoodTillDate.selector, 5);
        n = _add(list, n, TradingActors.placeImmediateOrCancel.selector, 6);
        n = _add(list, n, TradingActors.placeFillOrKill.selector, 4);
        n = _add(list, n, TradingActors.placePostOnly.selector, 4);
        n = _add(list, n, TradingActors.placeMarket.selector, 5);
        n = _add(list, n, TradingActors.cancel.selector, 5);
        n = _add(list, n, TradingActors.cancelAll.selector, 1);
        n = _add(list, n, TradingActors.replace.selector, 6);
        n = _add(list, n, TradingActors.clearDelisted.selector, 2);
        n = _add(list, n, TradingActors.collectFees.selector, 1);
        n = _add(list, n, TradingActors.operatorWithdraw.selector, 1);
        n = _add(list, n, TradingActors.setFees.selector, 1);
        n = _add(list, n, TradingActors.setFeeCap.selector, 1);
        return _trim(list, n);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Balances
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice An investor receives USD or EUR from outside (the external tokens' own issuers).
    function fund(uint256 walletSeed, bool euro, uint256 amountSeed) external {
        address wallet = _investor(walletSeed);
        IMintableToken token = euro ? S.eur() : S.usd();
        uint256 amount = 1 + (amountSeed % 1e12);
        token.mint(wallet, amount);
        G.move(address(0), wallet, address(token), amount);
    }

    function deposit(uint256 walletSeed, uint256 tokenSeed, uint256 amountSeed) external {
        address wallet = _investor(walletSeed);
        address token = G.tokens(tokenSeed % 3);
        uint256 balance = IERC20(token).balanceOf(wallet);
        if (balance == 0) return;
        uint256 amount = 1 + (amountSeed % balance);
        bool licensed = _licensed();
        bool ok = _act(wallet, address(exchange), abi.encodeCall(exchange.deposit, (token, amount)), "deposit");
        if (ok && !licensed) G.violated(Ghost.Kind.Licence, "a deposit accepted while the venue is unlicensed");
    }

    /// @notice Withdraw from the available balance. An external token always leaves; the native token leaves unless
    /// the rules stop it (paused, the wallet frozen or not eligible under the token's policy, the venue no longer
    /// registered): any other refusal is a violation.
    function withdraw(uint256 walletSeed, uint256 tokenSeed, uint256 amountSeed) external {
        address wallet = _investor(walletSeed);
        address token = G.tokens(tokenSeed % 3);
        (uint256 available, ) = exchange.balanceOf(wallet, token);
        if (available == 0) return;
        uint256 amount = 1 + (amountSeed % available);
        if (!_act(wallet, address(exchange), abi.encodeCall(exchange.withdraw, (token, amount)), "withdraw")) {
            if (token != address(bond) || _bondMayReach(wallet)) G.violated(Ghost.Kind.Exit, "withdrawal refused");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Orders
    // ---------------------------------------------------------------------------------------------------------------

    function placeGoodTillCancel(uint256 walletSeed, uint256 bookSeed, uint256 priceSeed, uint256 sizeSeed) external {
        _place(walletSeed, _order(bookSeed, priceSeed, sizeSeed, IExchangeBase.OrderType.GoodTillCancel, 0));
    }

    /// @notice Good till a date 1 s to 20 days ahead (drawn from the high bits of `sizeSeed`).
    function placeGoodTillDate(uint256 walletSeed, uint256 bookSeed, uint256 priceSeed, uint256 sizeSeed) external {
        uint40 expiry = _dated(sizeSeed >> 128);
        _place(walletSeed, _order(bookSeed, priceSeed, sizeSeed, IExchangeBase.OrderType.GoodTillDate, expiry));
    }

    function placeImmediateOrCancel(
        uint256 walletSeed,
        uint256 bookSeed,
        uint256 priceSeed,
        uint256 sizeSeed
    ) external {
        _place(walletSeed, _order(bookSeed, priceSeed, sizeSeed, IExchangeBase.OrderType.ImmediateOrCancel, 0));
    }

    function placeFillOrKill(uint256 walletSeed, uint256 bookSeed, uint256 priceSeed, uint256 sizeSeed) external {
        _place(walletSeed, _order(bookSeed, priceSeed, sizeSeed, IExchangeBase.OrderType.FillOrKill, 0));
    }

    /// @notice Post only: half the time till cancelled, else till a date.
    function placePostOnly(uint256 walletSeed, uint256 bookSeed, uint256 priceSeed, uint256 sizeSeed) external {
        uint40 expiry = (sizeSeed >> 128) % 2 == 0 ? 0 : _dated(sizeSeed >> 129);
        _place(walletSeed, _order(bookSeed, priceSeed, sizeSeed, IExchangeBase.OrderType.PostOnly, expiry));
    }

    /// @notice A market order: immediate-or-cancel at the widest price bound.
    function placeMarket(uint256 walletSeed, uint256 bookSeed, bool buy, uint256 sizeSeed) external {
        IExchangeBase.OrderParams memory p = _order(
            bookSeed,
            buy ? 0 : 1,
            sizeSeed,
            IExchangeBase.OrderType.ImmediateOrCancel,
            0
        );
        p.tick = buy ? type(uint24).max : 1;
        _place(walletSeed, p);
    }

    /// @notice Cancel one of one's resting orders: it must always work, whatever the pair's status.
    function cancel(uint256 walletSeed, uint256 orderSeed) external {
        address wallet = _investor(walletSeed);
        (uint32 pairId, uint64 orderId) = _openOrder(wallet, orderSeed);
        if (orderId == 0) return;
        if (!_act(wallet, address(exchange), abi.encodeCall(exchange.cancelOrder, (pairId, orderId)), "cancel")) {
            G.violated(Ghost.Kind.Exit, "cancel of one's own resting order refused");
        }
    }

    function cancelAll(uint256 walletSeed) external {
        address wallet = _investor(walletSeed);
        (uint64 account, ) = exchange.accountOf(wallet);
        if (account == 0) return;
        if (!_act(wallet, address(exchange), abi.encodeCall(exchange.cancelAll, ()), "cancelAll"))
            G.violated(Ghost.Kind.Exit, "cancel-all refused");
    }

    /// @notice Replace one of one's resting orders by a new order of a drawn type (on any book).
    function replace(
        uint256 walletSeed,
        uint256 orderSeed,
        uint256 bookSeed,
        uint256 priceSeed,
        uint256 sizeSeed
    ) external {
        address wallet = _investor(walletSeed);
        (uint32 pairId, uint64 orderId) = _openOrder(wallet, orderSeed);
        if (orderId == 0) return;
        IExchangeBase.OrderType t = IExchangeBase.OrderType((sizeSeed >> 32) % 5);
        uint40 expiry = t == IExchangeBase.OrderType.GoodTillDate ? _dated(sizeSeed >> 128) : 0;
        IExchangeBase.OrderParams memory p = _order(bookSeed, priceSeed, sizeSeed, t, expiry);
        Call memory c = _begin(wallet, p);
        vm.prank(wallet);
        try exchange.replaceOrder(pairId, orderId, p) {
            G.did("replace");
            _admitted(c, vm.getRecordedLogs());
        } catch (bytes memory why) {
            _refused(c, why);
        }
    }

    /// @notice Anyone returns a delisted book's orders to their owners; it must work while the pair is delisted.
    /// Once the book is empty, anyone retires it (then it takes no order; cancels, withdrawals and fees still work).
    function clearDelisted(uint256 bookSeed, uint256 maxSeed) external {
        uint32 pairId = G.books(bookSeed % G.bookCount());
        bool delisted = pairs.pairStatus(pairId) == IPairRegistry.PairStatus.Delisted;
        try exchange.clearDelisted(pairId, 1 + (maxSeed % 16)) returns (uint256 removed) {
            if (removed != 0) G.did("clearDelisted");
        } catch {
            if (delisted) G.violated(Ghost.Kind.Exit, "a delisted book could not be cleared");
        }
        (uint24 bid, uint24 ask) = exchange.bestPrices(pairId);
        if (!delisted || bid != 0 || ask != 0 || !exchange.bookConfig(pairId).open) return;
        try exchange.retireBook(pairId) {
            G.did("retireBook");
        } catch {
            G.violated(Ghost.Kind.Exit, "an empty delisted book could not be retired");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The operator and fee governance
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Anyone moves a book's accrued fees to the operator's account: only while the venue is licensed.
    function collectFees(uint256 bookSeed) external {
        uint32 pairId = G.books(bookSeed % G.bookCount());
        (uint256 baseFees, uint256 quoteFees) = exchange.pairFees(pairId);
        bool licensed = _licensed();
        try exchange.collectFees(pairId) {
            G.did("collectFees");
            if (!licensed && baseFees | quoteFees != 0) {
                G.violated(Ghost.Kind.Licence, "fees collected for the operator of an unlicensed venue");
            }
        } catch {}
    }

    /// @notice The operator takes collected fees out of the venue.
    function operatorWithdraw(uint256 tokenSeed, uint256 amountSeed) external {
        address operator = exchange.OPERATOR();
        address token = G.tokens(tokenSeed % 3);
        (uint256 available, ) = exchange.balanceOf(operator, token);
        if (available == 0) return;
        bool licensed = _licensed();
        bool ok = _act(
            operator,
            address(exchange),
            abi.encodeCall(exchange.withdraw, (token, 1 + (amountSeed % available))),
            "operatorWithdraw"
        );
        if (ok && !licensed) G.violated(Ghost.Kind.Licence, "fees paid out to the operator of an unlicensed venue");
    }

    function setFees(uint256 makerSeed, uint256 takerSeed) external {
        (, , uint16 cap) = exchange.fees();
        address operator = exchange.OPERATOR();
        _act(
            operator,
            address(exchange),
            abi.encodeCall(
                exchange.setFees,
                (uint16(makerSeed % (uint256(cap) + 2)), uint16(takerSeed % (uint256(cap) + 2)))
            ),
            "setFees"
        );
    }

    function setFeeCap(uint256 capSeed, uint256 bySeed) external {
        uint64 steward = _nodeWith(bySeed, Scopes.GOVERN);
        if (steward == 0) return;
        address by = tree.node(steward).account;
        _act(by, address(exchange), abi.encodeCall(exchange.setFeeCap, (uint16(capSeed % 300))), "setFeeCap");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Placement and its audit
    // ---------------------------------------------------------------------------------------------------------------

    /// @dev An order on a drawn book: side and tick from `priceSeed` (within 3 ticks of the centre), lots from
    /// `sizeSeed` (from the minimum up, one order in sixteen far beyond any balance), at most 1-8 matching steps.
    function _order(
        uint256 bookSeed,
        uint256 priceSeed,
        uint256 sizeSeed,
        IExchangeBase.OrderType t,
        uint40 expiry
    ) private view returns (IExchangeBase.OrderParams memory p) {
        p.pairId = _book(bookSeed);
        uint64 minLots = exchange.bookConfig(p.pairId).minLots;
        if (minLots == 0) minLots = 1;
        p.side = Side(priceSeed % 2);
        p.orderType = t;
        p.tick = uint24(_CENTER - 3 + ((priceSeed >> 1) % 7));
        p.lots = minLots + uint64(sizeSeed % (4 * minLots + 20));
        if ((sizeSeed >> 8) % 16 == 0) p.lots *= 1e6;
        p.expiry = expiry;
        p.maxSteps = uint16(1 + ((sizeSeed >> 16) % 8));
    }

    function _place(uint256 walletSeed, IExchangeBase.OrderParams memory p) private {
        address wallet = _trader(walletSeed, p.pairId);
        Call memory c = _begin(wallet, p);
        vm.prank(wallet);
        try exchange.placeOrder(p) returns (uint64 orderId, uint64 filled) {
            G.did(
                orderId != 0
                    ? bytes32("place: rests")
                    : filled != 0
                        ? bytes32("place: filled")
                        : bytes32("place")
            );
            _admitted(c, vm.getRecordedLogs());
        } catch (bytes memory why) {
            G.did(bytes32(bytes4(why)));
            _refused(c, why);
        }
    }

    /// @dev Start recording the venue's events for a matching call by `taker`.
    function _begin(address taker, IExchangeBase.OrderParams memory p) private returns (Call memory c) {
        c.pairId = p.pairId;
        c.taker = taker;
        c.side = p.side;
        c.limit = p.tick;
        vm.recordLogs();
    }

    /// @dev An accepted order: the pair may trade, the taker is eligible under its policy, no native leg is paused
    /// nor the taker frozen on it (per the model); then every fill and matching removal is judged (see the notes).
    function _admitted(Call memory c, Vm.Log[] memory logs) private {
        _context(c);
        if (!c.licensed) G.violated(Ghost.Kind.Licence, "an order accepted while the venue is unlicensed");
        if (!c.tradable) G.violated(Ghost.Kind.Fill, "an order accepted on a pair that may not trade");
        if (bytes(c.takerProblem).length != 0) {
            G.violated(Ghost.Kind.Fill, string.concat("an order accepted from an ineligible taker: ", c.takerProblem));
        }
        if (_nativeLeg(c) && (_paused() || bond.isFrozen(c.taker))) {
            G.violated(Ghost.Kind.Fill, "an order accepted while its native leg is paused or the taker frozen on it");
        }
        if (_nativeLeg(c) && !_tokenPolicyAdmits(c.taker)) {
            G.violated(Ghost.Kind.TokenPolicy, "an order accepted from a taker the native token's policy refuses");
        }
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory log = logs[i];
            if (log.emitter != address(exchange)) continue;
            if (log.topics[0] == IExchangeBase.OrderFilled.selector) _checkFill(c, log);
            else if (log.topics[0] == IExchangeBase.OrderRemoved.selector) _checkRemoval(c, log);
        }
        G.counted(c.fills, c.removals);
        if (c.licensed) G.licensedFill(c.fills);
    }

    /// @dev A refused order: refused as not eligible, the taker must be ineligible per the model (the pair may
    /// trade: the venue checks it first); refused as untradable, the pair must not be able to trade.
    function _refused(Call memory c, bytes memory why) private {
        bytes4 error_ = bytes4(why);
        if (error_ == IExchangeBase.VenueNotLicensed.selector) {
            if (_licensed()) G.violated(Ghost.Kind.Licence, "an order refused as unlicensed by a licensed venue");
            return;
        }
        if (error_ == IExchangeBase.NativeTokenPolicyRefused.selector) {
            if (_tokenPolicyAdmits(c.taker)) {
                G.violated(Ghost.Kind.Fill, "a taker the native token's policy admits refused by it");
            }
            return;
        }
        bool notEligible = error_ == IExchangeBase.NotEligible.selector;
        if (!notEligible && error_ != IExchangeBase.PairNotTradable.selector) return;
        _context(c);
        if (notEligible && bytes(c.takerProblem).length == 0) {
            G.violated(Ghost.Kind.Fill, "an eligible taker's order refused as not eligible");
        }
        if (!notEligible && c.tradable) G.violated(Ghost.Kind.Fill, "an order refused on a pair that may trade");
    }

    /// @dev The book's terms, the fees and the compliance facts of this block, per the model.
    function _context(Call memory c) private view {
        IExchange.BookConfig memory config = exchange.bookConfig(c.pairId);
        (uint16 makerBps, uint16 takerBps, uint16 capBps) = exchange.fees();
        IPairRegistry.Pair memory pair = pairs.pair(c.pairId);
        c.makerBps = makerBps;
        c.takerBps = takerBps;
        c.capBps = capBps;
        c.base = pair.baseToken;
        c.quote = pair.quoteToken;
        c.tickSize = config.tickSize;
        c.lotSize = config.lotSize;
        c.policy = pair.policyId;
        c.tradable = Model.tradable(pairs, assets, tree, c.pairId);
        c.licensed = _licensed();
        c.terms = registry.policy(c.policy);
        c.takerProblem = Model.ineligibility(Model.client(registry, tree, c.taker), c.terms);
    }

    function _checkFill(Call memory c, Vm.Log memory log) private {
        ++c.fills;
        Fill memory f = _decodeFill(c, log);
        if (!c.licensed) G.violated(Ghost.Kind.Licence, "a fill while the venue is unlicensed");
        if (!c.tradable) G.violated(Ghost.Kind.Fill, "a fill on a pair that may not trade");
        if (bytes(c.takerProblem).length != 0) {
            G.violated(Ghost.Kind.Fill, string.concat("a fill with an ineligible taker: ", c.takerProblem));
        }
        string memory makerProblem = Model.ineligibility(Model.client(registry, tree, f.maker), c.terms);
        if (bytes(makerProblem).length != 0) {
            G.violated(Ghost.Kind.Fill, string.concat("a fill with an ineligible maker: ", makerProblem));
        }
        if (_nativeLeg(c)) {
            if (_paused()) G.violated(Ghost.Kind.Fill, "a fill while the native token is paused");
            if (bond.isFrozen(f.maker) || bond.isFrozen(c.taker)) {
                G.violated(Ghost.Kind.Fill, "a fill with a party frozen on the native token");
            }
            // Issue 15 item 3: whoever receives the native token is eligible under the token's own policy.
            address receiver = f.makerBids == (c.base == address(bond)) ? f.maker : c.taker;
            if (!_tokenPolicyAdmits(receiver)) {
                G.violated(Ghost.Kind.TokenPolicy, "a fill delivering the native token to a party its policy refuses");
            }
        }
        uint64 makerIdentity = registry.identityOf(f.maker);
        if (makerIdentity != 0 && makerIdentity == registry.identityOf(c.taker)) {
            G.violated(Ghost.Kind.Fill, "a fill between two wallets of one identity");
        }
        if (f.makerBids == (c.side == Side.Bid)) G.violated(Ghost.Kind.Fill, "a fill against the taker's own side");
        bool takerBids = c.side == Side.Bid;
        if (takerBids ? f.tick > c.limit : f.tick < c.limit) G.violated(Ghost.Kind.Fill, "a fill beyond the limit");
        if (c.lastTick != 0 && (takerBids ? f.tick < c.lastTick : f.tick > c.lastTick)) {
            G.violated(Ghost.Kind.Fill, "fills out of price priority");
        }
        c.lastTick = f.tick;
        _settle(c, f);
    }

    function _decodeFill(Call memory c, Vm.Log memory log) private returns (Fill memory f) {
        uint64 orderId = uint64(uint256(log.topics[2]));
        f.maker = exchange.walletOf(uint64(uint256(log.topics[3])));
        f.makerBids = orderId >> 63 == uint64(Side.Bid);
        (uint64 takerAccount, uint24 tick, uint64 lots, uint256 makerFee, uint256 takerFee) = abi.decode(
            log.data,
            (uint64, uint24, uint64, uint256, uint256)
        );
        if (exchange.walletOf(takerAccount) != c.taker) G.violated(Ghost.Kind.Fill, "a fill names another taker");
        f.tick = tick;
        f.base = uint256(lots) * c.lotSize;
        f.quote = uint256(tick) * c.tickSize * lots;
        f.makerFee = makerFee;
        f.takerFee = takerFee;
    }

    /// @dev Fees rounded up against their payers, and the ghost ledger: each side gives its leg and receives the
    /// other's, less its fee.
    function _settle(Call memory c, Fill memory f) private {
        (address makerGets, uint256 makerGross, address takerGets, uint256 takerGross) = f.makerBids
            ? (c.base, f.base, c.quote, f.quote)
            : (c.quote, f.quote, c.base, f.base);
        uint256 makerFee = Model.fee(makerGross, c.makerBps, c.capBps);
        uint256 takerFee = Model.fee(takerGross, c.takerBps, c.capBps);
        if (f.makerFee != makerFee || f.takerFee != takerFee) {
            G.violated(Ghost.Kind.Fill, "a fee that is not the rate rounded up");
        }
        G.move(f.maker, c.taker, takerGets, takerGross);
        G.move(c.taker, f.maker, makerGets, makerGross);
        G.move(f.maker, address(0), makerGets, makerFee);
        G.move(c.taker, address(0), takerGets, takerFee);
    }

    /// @dev A maker removed while matching must really be ineligible (under the pair's or the native token's policy),
    /// frozen, or of the taker's identity.
    function _checkRemoval(Call memory c, Vm.Log memory log) private {
        ++c.removals;
        (, uint8 reason) = abi.decode(log.data, (uint64, uint8));
        address maker = exchange.walletOf(uint64(uint256(log.topics[3])));
        IExchangeBase.RemovalReason r = IExchangeBase.RemovalReason(reason);
        // Ineligible: under the pair's policy, or (a native leg) under the token's own holder policy (issue 15 item 3).
        bool eligible = Model.eligible(registry, tree, maker, c.terms) && (!_nativeLeg(c) || _tokenPolicyAdmits(maker));
        if (r == IExchangeBase.RemovalReason.Ineligible && eligible) {
            G.violated(Ghost.Kind.Fill, "an eligible maker removed as ineligible");
        } else if (r == IExchangeBase.RemovalReason.Frozen && !(_nativeLeg(c) && bond.isFrozen(maker))) {
            G.violated(Ghost.Kind.Fill, "a maker removed as frozen while not frozen");
        } else if (r == IExchangeBase.RemovalReason.SelfTrade) {
            uint64 identity = registry.identityOf(maker);
            if (identity == 0 || identity != registry.identityOf(c.taker)) {
                G.violated(Ghost.Kind.Fill, "a maker removed as the taker's identity while not");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------------

    /// @dev A book of the venue: seven times in eight the first, from a random start, that may trade and has no
    /// paused native leg; else any.
    function _book(uint256 seed) private view returns (uint32) {
        uint256 count = G.bookCount();
        if (seed % 8 != 0) {
            for (uint256 i; i < count; ++i) {
                uint32 pairId = G.books(((seed % count) + i) % count);
                if (pairs.isTradable(pairId) && !_pausedLeg(pairId)) return pairId;
            }
        }
        return G.books(seed % count);
    }

    /// @dev An order's end: 1 s to 20 days ahead.
    function _dated(uint256 seed) private view returns (uint40) {
        return uint40(block.timestamp + 1 + (seed % 20 days));
    }

    /// @dev The investor placing an order on `pairId`: seven times in eight the first, from a random start, that has
    /// a venue account and is eligible under the pair's policy now; else any.
    function _trader(uint256 seed, uint32 pairId) private view returns (address) {
        if (seed % 8 != 0) {
            uint32 policy = exchange.bookConfig(pairId).policyId;
            uint256 n = S.INVESTOR_COUNT();
            for (uint256 i; i < n; ++i) {
                address wallet = S.investor(((seed % n) + i) % n);
                (uint64 account, ) = exchange.accountOf(wallet);
                if (account != 0 && registry.isEligible(wallet, policy) && !bond.isFrozen(wallet)) return wallet;
            }
        }
        return _investor(seed);
    }

    /// @dev One of `wallet`'s resting orders, drawn by `seed` ((0, 0) if none).
    function _openOrder(address wallet, uint256 seed) private view returns (uint32, uint64) {
        (uint32[] memory pairIds, uint64[] memory orderIds) = exchange.openOrders(wallet);
        if (orderIds.length == 0) return (0, 0);
        uint256 i = seed % orderIds.length;
        return (pairIds[i], orderIds[i]);
    }

    /// @dev Whether `pairId`'s book has a BOND leg while BOND is paused.
    function _pausedLeg(uint32 pairId) private view returns (bool) {
        IPairRegistry.Pair memory p = pairs.pair(pairId);
        return (p.baseToken == address(bond) || p.quoteToken == address(bond)) && _paused();
    }

    function _nativeLeg(Call memory c) private view returns (bool) {
        return c.base == address(bond) || c.quote == address(bond);
    }

    /// @dev Whether BOND's own holder policy admits `wallet` now (model).
    function _tokenPolicyAdmits(address wallet) private view returns (bool) {
        return Model.eligible(registry, tree, wallet, registry.policy(bond.policyId()));
    }

    function _paused() private view returns (bool) {
        (bool ok, bytes memory out) = address(bond).staticcall(abi.encodeWithSignature("paused()"));
        return ok && abi.decode(out, (bool));
    }

    /// @dev Whether the rules let BOND move from the venue to `wallet` now: not paused, the wallet unfrozen and
    /// eligible under the token's policy (model). Whatever the venue's licence: a venue once registered pays its
    /// eligible clients out, licensed, deregistered or lapsed (issue 22 item 2).
    function _bondMayReach(address wallet) private view returns (bool) {
        return
            !_paused() &&
            !bond.isFrozen(wallet) &&
            Model.eligible(registry, tree, wallet, registry.policy(bond.policyId()));
    }
}
