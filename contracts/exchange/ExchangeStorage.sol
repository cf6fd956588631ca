// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IExchangeBase} from "../interfaces/IExchange.sol";
import {IEligibility} from "../interfaces/IIdentityRegistry.sol";
import {IPairRegistry} from "../interfaces/IPairRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {Scopes} from "../types/Scope.sol";
import {Order} from "../types/Order.sol";
import {OrderId} from "../types/OrderId.sol";
import {Side} from "../types/Side.sol";
import {OrderBook} from "./libraries/OrderBook.sol";

/// @dev What the venue reads of a native compliant token (CompliantToken's views; `paused` is OpenZeppelin Pausable's).
interface INativeToken {
    function paused() external view returns (bool);

    function isFrozen(address wallet) external view returns (bool);
}

/**
 * @title ExchangeStorage
 * @notice The venue's state and the helpers both of its halves use: Exchange (trading, balances, views) and
 * ExchangeAdmin (operator, governance, bulk removals), which Exchange reaches by DELEGATECALL so that each stays
 * under the 24 KiB code limit. Both inherit this contract first, so their storage layouts are the same.
 * @dev Storage per account: `_accountOf[wallet]` (account number | identity << 64) for callers, and
 * `_accounts[account]` (wallet | identity << 160 | open-order bitmap << 224) for makers met in a match: the book
 * stores an account number, not an address, so one slot per order suffices. An account holds at most
 * MAX_OPEN_ORDERS resting orders; each order's `flags` is its slot in the owner's open-order list, so a fill or
 * cancel clears one bit of a slot the match reads anyway, and the list slot itself is never cleared (a later
 * placement reuses it at the price of a non-zero write). Balances: one slot per (account, token): available (low
 * 128 bits) and locked (high 128 bits).
 */
abstract contract ExchangeStorage is ReentrancyGuard, IExchangeBase {
    using OrderBook for OrderBook.Book;
    using SafeCast for uint256;

    /// @notice The most resting orders per account.
    uint256 public constant MAX_OPEN_ORDERS = 32;
    /// @notice The highest fee cap governance may set (10%).
    uint16 public constant MAX_FEE_BPS = 1000;
    /// @notice The operator's account number (opened at deployment); fees are collected into it.
    uint64 public constant OPERATOR_ACCOUNT = 1;

    uint256 internal constant BPS = 10_000;
    uint256 internal constant MASK128 = (1 << 128) - 1;
    uint256 internal constant MASK64 = (1 << 64) - 1;
    uint256 internal constant OPEN_SHIFT = 224;
    /// @dev Spare bits of a book's config slot (above `open`, bits 224-231): bit 232 set when the base token is a
    /// native compliant token, bit 233 when the quote token is. Written once by openBook, outside the struct so that
    /// BookConfig's ABI does not change.
    uint256 internal constant NATIVE_BASE_BIT = 1 << 232;
    uint256 internal constant NATIVE_QUOTE_BIT = 1 << 233;

    /// @notice The authority tree (licences of the operator and governors).
    IAuthorityTree public immutable AUTHORITY;
    /// @notice The client registry (eligibility and identities).
    IEligibility public immutable ELIGIBILITY;
    /// @notice The pair registry (listing and tradability).
    IPairRegistry public immutable PAIRS;
    /// @notice The operator: an EXCHANGE holder of the home root.
    address public immutable OPERATOR;
    /// @notice The root whose GOVERN holders set the fee cap.
    uint64 public immutable HOME_ROOT;

    struct Fees {
        uint16 makerBps;
        uint16 takerBps;
        uint16 capBps;
    }

    mapping(uint64 root => bool) public isTrustedRoot;
    mapping(address wallet => uint256) internal _accountOf;
    mapping(uint64 account => uint256) internal _accounts;
    mapping(uint64 account => uint256[MAX_OPEN_ORDERS]) internal _openOrders; // pairId << 64 | orderId
    uint64 public accountCount;

    mapping(address token => uint16) public tokenIndex;
    mapping(uint16 index => address) public tokenAt;
    uint16 public tokenCount;

    mapping(uint256 key => uint256) internal _balances; // key: account << 16 | token index
    mapping(uint32 pairId => BookConfig) internal _configs;
    mapping(uint32 pairId => OrderBook.Book) internal _books;
    mapping(uint32 pairId => uint256) internal _pairFees; // base (128) | quote (128) << 128
    Fees public fees;

    constructor(IAuthorityTree tree, IEligibility eligibility, IPairRegistry pairs, address operator, uint64 home) {
        AUTHORITY = tree;
        ELIGIBILITY = eligibility;
        PAIRS = pairs;
        OPERATOR = operator;
        HOME_ROOT = home;
    }

    /// @dev The raw config slot of `pairId` (to read the native-leg bits beside the struct's fields).
    function _configWord(uint32 pairId) internal view returns (uint256 word) {
        BookConfig storage c = _configs[pairId];
        assembly ("memory-safe") {
            word := sload(c.slot)
        }
    }

    /// @dev Remove order `id` of `pairId` for `reason`, unlocking its funds; when `owner` is given, the order must be
    /// the owner's (the revert undoes the removal).
    function _removeOrder(
        uint32 pairId,
        BookConfig memory c,
        OrderId id,
        RemovalReason reason,
        address owner
    ) internal {
        Order o = _books[pairId].remove(id);
        uint64 account = o.maker();
        uint256 rec = _accounts[account];
        if (owner != address(0) && address(uint160(rec)) != owner) {
            revert NotOrderOwner(pairId, OrderId.unwrap(id), owner);
        }
        _accounts[account] = rec & ~(1 << (OPEN_SHIFT + o.flags()));
        _unlock(c, account, id, o.remaining());
        emit OrderRemoved(pairId, OrderId.unwrap(id), account, o.remaining(), reason);
    }

    function _closeSlot(uint64 account, uint8 slot) internal {
        _accounts[account] &= ~(1 << (OPEN_SHIFT + slot));
    }

    /// @dev Move what `lots` of order `id` locked back to available.
    function _unlock(BookConfig memory c, uint64 account, OrderId id, uint64 lots) internal {
        (uint16 token, uint256 amount) = id.side() == Side.Bid
            ? (c.quoteToken, uint256(id.tick()) * c.tickSize * lots)
            : (c.baseToken, uint256(lots) * c.lotSize);
        uint256 key = _key(account, token);
        uint256 bal = _balances[key];
        _balances[key] = _pack((bal & MASK128) + amount, (bal >> 128) - amount);
    }

    function _openAccount(address wallet, uint64 identity) internal returns (uint64 account) {
        account = ++accountCount;
        _accountOf[wallet] = uint256(account) | (uint256(identity) << 64);
        _accounts[account] = uint256(uint160(wallet)) | (uint256(identity) << 160);
        emit AccountOpened(account, wallet, identity);
    }

    function _requireAccount(address wallet) internal view returns (uint64 account) {
        account = uint64(_accountOf[wallet]);
        if (account == 0) revert UnknownAccount(wallet);
    }

    function _requireOperator(uint64 root) internal view {
        if (msg.sender != OPERATOR || !AUTHORITY.hasScope(msg.sender, root, Scopes.EXCHANGE)) {
            revert NotOperator(msg.sender, root);
        }
    }

    function _indexToken(address token) internal returns (uint16 index) {
        index = tokenIndex[token];
        if (index != 0) return index;
        index = ++tokenCount;
        tokenIndex[token] = index;
        tokenAt[index] = token;
        emit TokenAdded(token, index);
    }

    function _credit(uint64 account, uint16 token, uint256 amount) internal {
        if (amount == 0) return;
        uint256 key = _key(account, token);
        uint256 bal = _balances[key];
        _balances[key] = _pack((bal & MASK128) + amount, bal >> 128);
    }

    function _spendLocked(uint64 account, uint16 token, uint256 amount) internal {
        uint256 key = _key(account, token);
        uint256 bal = _balances[key];
        _balances[key] = _pack(bal & MASK128, (bal >> 128) - amount);
    }

    function _pack(uint256 available, uint256 locked) internal pure returns (uint256) {
        return available.toUint128() | (uint256(locked.toUint128()) << 128);
    }

    function _key(uint64 account, uint16 token) internal pure returns (uint256) {
        return (uint256(account) << 16) | token;
    }

    /// @dev A fee of `bps` on `amount`, rounded up (against the payer, never creating value).
    function _fee(uint256 amount, uint16 bps) internal pure returns (uint256) {
        if (bps == 0) return 0;
        return (amount * bps + BPS - 1) / BPS;
    }
}
