// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICompliantToken} from "../interfaces/ICompliantToken.sol";
import {IEligibility} from "../interfaces/IIdentityRegistry.sol";
import {IPairRegistry} from "../interfaces/IPairRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IVenueRegistry} from "../interfaces/IVenueRegistry.sol";
import {Scopes} from "../types/Scope.sol";
import {Side} from "../types/Side.sol";
import {OrderBook} from "./libraries/OrderBook.sol";
import {ExchangeStorage} from "./ExchangeStorage.sol";
import {IWalletSuccession} from "./IWalletSuccession.sol";

/**
 * @title ExchangeSuccession
 * @notice The venue's fourth module (issue 17): who runs it and how it ends. The operator's two-step transfer and
 * its one-step replacement by a higher GOVERN rank, the wind-down (no new business, resting orders returned in
 * bounded batches, withdrawals open, a final "wound down"), the successor venue clients migrate to, and the move of a
 * lost wallet's account to the wallet the client registry names in its place.
 * @dev Created by the Exchange's constructor with the Exchange's own wiring (so the venue's wiring covers it; its
 * address is in the venue's storage, `succession()`), and reached last in the chain: Exchange -> ExchangeAdmin ->
 * ExchangeExtension -> here, each by DELEGATECALL on the Exchange's storage (same layout: ExchangeStorage). Nothing
 * here runs on the trading path: the wind-down closes the books (their config slots' `open`) and the placement path
 * reads the reason only when it refuses.
 */
contract ExchangeSuccession is ExchangeStorage {
    using OrderBook for OrderBook.Book;

    /// @dev This module's own address: called there directly (not by DELEGATECALL) it refuses to act.
    address private immutable _SELF;

    /// @dev The venue's wiring (the Exchange passes its own).
    constructor(
        IAuthorityTree tree,
        IEligibility eligibility,
        IPairRegistry pairs,
        IVenueRegistry venues,
        address operator,
        uint64 home
    ) ExchangeStorage(tree, eligibility, pairs, venues, operator, home) {
        _SELF = address(this);
    }

    modifier viaVenue() {
        _requireVenue();
        _;
    }

    /// @dev One copy of the check for every guarded function.
    function _requireVenue() private view {
        if (address(this) == _SELF) revert DirectCall();
    }

    /// @notice This module's address (the venue's fourth module, created by its constructor).
    function succession() external view returns (address) {
        return _successionModule;
    }

    /// @notice Propose `next` as the venue's operator (zero withdraws a proposal); `next` takes over by
    /// acceptOperator. Operator only (its EXCHANGE scope under the home root, checked now).
    function transferOperator(address next) external viaVenue nonReentrant {
        _requireOperator(HOME_ROOT);
        _pendingOperator = next;
        emit OperatorTransferStarted(msg.sender, next);
    }

    /// @notice Take the venue over as its operator: the account the operator proposed, or the current account of the
    /// operator node the venue is registered with (after that node's key was rotated, it needs no proposal from the
    /// lost key). Either must hold EXCHANGE under the home root now (NotOperator). The operator's account (collected
    /// fees) moves with the role; the venue registry's record of the registering owner follows.
    function acceptOperator() external viaVenue nonReentrant {
        address pending = _pendingOperator;
        if (msg.sender != pending) {
            (uint64 node, ) = VENUES.registration(address(this), HOME_ROOT);
            if (node == 0 || msg.sender == _operator || AUTHORITY.nodeOf(msg.sender, HOME_ROOT) != node) {
                revert NotPendingOperator(msg.sender, pending);
            }
        }
        if (!AUTHORITY.hasScope(msg.sender, HOME_ROOT, Scopes.EXCHANGE)) revert NotOperator(msg.sender, HOME_ROOT);
        _setOperator(msg.sender, bytes32(0));
    }

    /// @notice Replace the operator in one step, with a stated `reason` (a lost or compromised key). Caller: a valid
    /// GOVERN holder of the home root (NotGovernor) ranked above the operator's node (OperatorNotOutranked): a higher
    /// authority's decision. The operator's rank is that of the node the venue is registered with, which a key
    /// rotation does not change (review H2: the rotated-out key has no node, yet the bar holds); only an unregistered
    /// venue whose operator holds no node has none. `next` must hold EXCHANGE under the home root.
    function replaceOperator(address next, bytes32 reason) external viaVenue nonReentrant {
        if (!AUTHORITY.hasScope(msg.sender, HOME_ROOT, Scopes.GOVERN)) revert NotGovernor(msg.sender);
        if (reason == bytes32(0)) revert ICompliantToken.MissingReason();
        uint8 rank = _rankOf(msg.sender);
        (bool ranked, uint8 opRank) = _operatorRank();
        if (ranked && rank >= opRank) revert OperatorNotOutranked(opRank, rank);
        if (!AUTHORITY.hasScope(next, HOME_ROOT, Scopes.EXCHANGE)) revert NotOperator(next, HOME_ROOT);
        _setOperator(next, reason);
    }

    /// @notice The operator's proposed successor (zero if none).
    function pendingOperator() external view returns (address) {
        return _pendingOperator;
    }

    /**
     * @notice Put the venue into wind-down: no deposit, placement or new book from now on (VenueWindingDown), so no
     * matching; cancels, returnOrders and withdrawals keep working. Caller: the operator or a GOVERN holder of the
     * home root (NotOperator) ranked at or above the operator's node (OperatorOutranksCaller, review H1: an authority
     * below the operator does not close its venue). Its rank binds (the rank rule): only that rank or a higher one
     * may lift it (resumeTrading) or make it final (finalizeWindDown). Called again while winding down, by a higher
     * rank, it raises the bar to that rank. Closes every open book (at most MAX_BOOKS writes); lifting reopens them.
     */
    function windDown() external viaVenue nonReentrant {
        uint8 rank = _windRank();
        _requireAtOperatorRank(rank);
        uint256 lc = _limitsConfig;
        if (lc & WINDING_DOWN != 0) {
            if (lc & WOUND_DOWN != 0 || rank >= uint8(lc >> WIND_RANK_SHIFT)) revert VenueWindingDown(address(this));
            lc &= ~(uint256(type(uint8).max) << WIND_RANK_SHIFT);
        } else {
            _setBooksOpen(false);
        }
        _limitsConfig = lc | WINDING_DOWN | (uint256(rank) << WIND_RANK_SHIFT);
        emit WindDownStarted(msg.sender, rank);
    }

    /// @notice Lift the wind-down: the operator or a GOVERN holder of the home root of the rank that set it or a
    /// higher one (WindDownSetByHigherAuthority); never once the venue is wound down (WindDownFinal).
    function resumeTrading() external viaVenue nonReentrant {
        uint8 rank = _windRank();
        uint256 lc = _limitsConfig;
        if (lc & WINDING_DOWN == 0) revert NotWindingDown(address(this));
        if (lc & WOUND_DOWN != 0) revert WindDownFinal(address(this));
        uint8 bar = uint8(lc >> WIND_RANK_SHIFT);
        if (rank > bar) revert WindDownSetByHigherAuthority(bar, rank);
        _limitsConfig = lc & ~WIND_BITS;
        _setBooksOpen(true);
        emit WindDownLifted(msg.sender, rank);
    }

    /// @notice While winding down (NotWindingDown), return up to `maxOrders` resting orders to their owners, best
    /// first in each open book: each is removed as a cancel is (OrderRemoved, reason Returned) and its funds unlocked
    /// into its owner's venue balance. Anyone may call; call again while it returns `maxOrders`. It only empties the
    /// books: the final state is finalizeWindDown's, a decision of the rank that set the wind-down (review H1).
    function returnOrders(uint256 maxOrders) external viaVenue nonReentrant returns (uint256 returned) {
        uint256 lc = _limitsConfig;
        if (lc & WINDING_DOWN == 0) revert NotWindingDown(address(this));
        uint256 n = _bookIds.length;
        for (uint256 i; i < n; ++i) {
            uint32 pairId = _bookIds[i];
            OrderBook.Book storage book = _books[pairId];
            for (uint256 s; s < 2; ++s) {
                for (OrderBook.Front memory f = book.peek(Side(s)); f.tick != 0; f = book.peek(Side(s))) {
                    if (returned == maxOrders) return returned; // more rests
                    _removeOrder(pairId, _configs[pairId], f.id, RemovalReason.Returned, address(0));
                    ++returned;
                }
            }
        }
    }

    /// @notice Make the wind-down final (VenueWoundDown): it can never be lifted again. Only while winding down
    /// (NotWindingDown; WindDownFinal once final) with nothing resting (OrdersStillResting: returnOrders first), by the
    /// operator or a GOVERN holder of the home root of the rank that set the wind-down or a higher one
    /// (WindDownSetByHigherAuthority): the rank rule, so that no one below the deciding authority ends the venue.
    function finalizeWindDown() external viaVenue nonReentrant {
        uint8 rank = _windRank();
        uint256 lc = _limitsConfig;
        if (lc & WINDING_DOWN == 0) revert NotWindingDown(address(this));
        if (lc & WOUND_DOWN != 0) revert WindDownFinal(address(this));
        uint8 bar = uint8(lc >> WIND_RANK_SHIFT);
        if (rank > bar) revert WindDownSetByHigherAuthority(bar, rank);
        uint256 n = _bookIds.length;
        for (uint256 i; i < n; ++i) {
            OrderBook.Book storage book = _books[_bookIds[i]];
            if (book.best(Side.Bid) != 0 || book.best(Side.Ask) != 0) revert OrdersStillResting(address(this));
        }
        _limitsConfig = lc | WOUND_DOWN;
        emit VenueWoundDown(msg.sender);
    }

    /// @notice 0 trading, 1 winding down, 2 wound down (final); the rank that set the wind-down; whether no order
    /// rests in any open book (bounded: two reads per open book).
    function windDownState() external view returns (uint8 state, uint8 rank, bool empty) {
        uint256 lc = _limitsConfig;
        state = lc & WOUND_DOWN != 0 ? 2 : (lc & WINDING_DOWN != 0 ? 1 : 0);
        rank = uint8(lc >> WIND_RANK_SHIFT);
        empty = true;
        uint256 n = _bookIds.length;
        for (uint256 i; i < n && empty; ++i) {
            OrderBook.Book storage book = _books[_bookIds[i]];
            empty = book.best(Side.Bid) == 0 && book.best(Side.Ask) == 0;
        }
    }

    /// @notice Name `next`, a venue registered as an exchange under the home root (InvalidSuccessor), as this venue's
    /// successor: where its clients migrate (they move their own balances); zero withdraws the naming (and its bar).
    /// Caller: the operator or a GOVERN holder of the home root ranked at or above the operator's node
    /// (OperatorOutranksCaller, review M4); a later naming or a withdrawal needs the rank of the last naming or a
    /// higher one (WindDownSetByHigherAuthority).
    function setSuccessor(address next) external viaVenue nonReentrant {
        uint8 rank = _windRank();
        _requireAtOperatorRank(rank);
        uint256 record = _successorRecord;
        uint8 bar = uint8(record >> 160);
        if (bar != 0 && rank > bar - 1) revert WindDownSetByHigherAuthority(bar - 1, rank);
        if (next == address(0)) {
            delete _successorRecord;
        } else {
            (uint64 node, uint32 scope) = VENUES.registration(next, HOME_ROOT);
            if (next == address(this) || node == 0 || scope != Scopes.EXCHANGE) revert InvalidSuccessor(next);
            _successorRecord = uint256(uint160(next)) | (uint256(rank + 1) << 160);
        }
        emit SuccessorSet(next, msg.sender, rank);
    }

    /// @notice The successor venue (zero if none named).
    function successor() external view returns (address) {
        return address(uint160(_successorRecord));
    }

    /**
     * @notice Move lost wallet `lost`'s venue account whole (its balances and resting orders: they belong to the
     * account number, not the wallet) to the wallet the client registry names in its place (IWalletSuccession;
     * NoWalletSuccessor if none): the recovery path of a client whose attester replaced a lost wallet. Anyone may
     * call. The successor must belong to the account's recorded identity (SuccessorNotInIdentity, review M1: never a
     * wallet of no identity or of another one) and have no venue account yet (SuccessorHasAccount); neither wallet nor
     * their identities may be sanctioned here (PartySanctioned). The lost wallet keeps nothing: its account link and
     * its cached wallet clearances go, and so do the account's cached clearances (review M2: they were the lost
     * wallet's answer; the successor is checked live), bounded: two per book, at most MAX_BOOKS books. Never the
     * operator's account.
     */
    function claimWallet(address lost) external viaVenue nonReentrant returns (uint64 account) {
        address to = IWalletSuccession(address(ELIGIBILITY)).successorOf(lost);
        if (to == address(0)) revert NoWalletSuccessor(lost);
        uint256 a = _accountOf[lost];
        account = uint64(a);
        if (account == 0) revert UnknownAccount(lost);
        if (account == OPERATOR_ACCOUNT) revert ICompliantToken.VenueHoldingsProtected(lost);
        uint64 held = uint64(_accountOf[to]);
        if (held != 0) revert SuccessorHasAccount(to, held);
        uint64 identity = ELIGIBILITY.identityOf(to);
        if (identity == 0 || identity != uint64(a >> 64)) revert SuccessorNotInIdentity(to, identity, uint64(a >> 64));
        _requireUnsanctioned(lost, uint64(a >> 64));
        _requireUnsanctioned(to, identity);
        delete _accountOf[lost];
        _accountOf[to] = uint256(account) | (uint256(identity) << 64);
        _accounts[account] =
            (_accounts[account] & ~uint256(type(uint224).max)) |
            uint256(uint160(to)) |
            (uint256(identity) << 160);
        uint256 n = _bookIds.length;
        for (uint256 i; i < n; ++i) {
            uint32 pairId = _bookIds[i];
            delete _walletClearances[(uint256(uint160(lost)) << 32) | pairId];
            delete _clearances[_clearanceKey(account, pairId)];
        }
        emit WalletClaimed(account, lost, to, identity, msg.sender);
    }

    /// @dev The caller's rank (its node's depth under the home root), required to be the operator's (holding EXCHANGE)
    /// or a GOVERN holder's of the home root (NotOperator).
    function _windRank() private view returns (uint8) {
        if (
            (msg.sender != _operator || !AUTHORITY.hasScope(msg.sender, HOME_ROOT, Scopes.EXCHANGE)) &&
            !AUTHORITY.hasScope(msg.sender, HOME_ROOT, Scopes.GOVERN)
        ) revert NotOperator(msg.sender, HOME_ROOT);
        return _rankOf(msg.sender);
    }

    /// @dev The operator's rank: the depth of the node the venue is registered with (a key rotation keeps it), else of
    /// the operator's own node; `ranked` false when neither exists (an unregistered venue whose operator holds none).
    function _operatorRank() private view returns (bool ranked, uint8 rank) {
        (uint64 node, ) = VENUES.registration(address(this), HOME_ROOT);
        if (node == 0) node = AUTHORITY.nodeOf(_operator, HOME_ROOT);
        if (node != 0) return (true, AUTHORITY.node(node).depth);
    }

    /// @dev Refuse a caller of rank `rank` below the operator's (OperatorOutranksCaller).
    function _requireAtOperatorRank(uint8 rank) private view {
        (bool ranked, uint8 opRank) = _operatorRank();
        if (ranked && rank > opRank) revert OperatorOutranksCaller(opRank, rank);
    }

    /// @dev The depth of `account`'s node under the home root.
    function _rankOf(address account) private view returns (uint8 rank) {
        (, rank) = AUTHORITY.managerRank(account, AUTHORITY.nodeOf(account, HOME_ROOT));
    }

    /// @dev Make `next` the operator: the operator's account (number 1) moves to it whole; the venue registry's record
    /// of who registered the venue follows when the venue is registered.
    function _setOperator(address next, bytes32 reason) private {
        uint64 held = uint64(_accountOf[next]);
        if (held != 0) revert OperatorHasAccount(next, held);
        address previous = _operator;
        delete _accountOf[previous];
        // Its cached taker clearances carry account 1 (review M3): the previous key must not trade it any more. The
        // account's own were the previous wallet's answer: the new operator is checked live.
        uint256 n = _bookIds.length;
        for (uint256 i; i < n; ++i) {
            uint32 pairId = _bookIds[i];
            delete _walletClearances[(uint256(uint160(previous)) << 32) | pairId];
            delete _clearances[_clearanceKey(OPERATOR_ACCOUNT, pairId)];
        }
        _accountOf[next] = OPERATOR_ACCOUNT;
        _accounts[OPERATOR_ACCOUNT] =
            (_accounts[OPERATOR_ACCOUNT] & ~uint256(type(uint160).max)) | uint256(uint160(next));
        _operator = next;
        delete _pendingOperator;
        emit OperatorChanged(previous, next, msg.sender, reason);
        (uint64 node, ) = VENUES.registration(address(this), HOME_ROOT);
        if (node != 0) VENUES.followOperator(address(this), HOME_ROOT);
    }

    /// @dev Open (`on`) or close every book in the list (at most MAX_BOOKS): a wind-down closes them, so that the
    /// placement path refuses without reading anything more than it does now.
    function _setBooksOpen(bool on) private {
        uint256 n = _bookIds.length;
        for (uint256 i; i < n; ++i) _configs[_bookIds[i]].open = on;
    }
}
