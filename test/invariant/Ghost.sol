// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Suite} from "./Suite.sol";

/**
 * @title Ghost
 * @notice What the handlers observed, for the invariants to judge: each investor's holdings as the ledger of its own
 * actions and fills says they should be, the nodes seen revoked or out of lease, counts of what happened, and the
 * violations the handlers found at the moment they happened (a fill with an ineligible party, a mint above the
 * reserve, a refused cancel or withdrawal). Handlers never revert on a violation (forge would discard the call):
 * they record it here and the matching invariant fails with its description.
 */
contract Ghost {
    enum Kind {
        Fill, // a fill or a matching removal that broke a compliance rule
        Mint, // a mint beyond the valid attested reserve
        Exit // a cancel or withdrawal that should have worked and did not
    }

    Suite public immutable suite;
    address[3] public tokens;

    /// @dev Each investor's wallet balance plus venue balance (available and locked) per token, per the ledger.
    mapping(address wallet => mapping(address token => int256)) public holdings;

    /// @dev The venue's books (pair ids), opened at set-up or by a handler.
    uint32[] public books;

    uint64[] private _dead;
    mapping(uint64 nodeId => bool) public isDead;

    mapping(Kind => uint256) public violations;
    mapping(Kind => string) public firstViolation;

    uint256 public fills;
    uint256 public removals;
    mapping(bytes32 action => uint256) public done;
    bytes32[] public actions;

    constructor(Suite s) {
        suite = s;
        tokens = [address(s.bond()), address(s.usd()), address(s.eur())];
        books.push(s.bondUsd());
        books.push(s.eurUsd());
        for (uint256 i; i < s.INVESTOR_COUNT(); ++i) {
            address wallet = s.investor(i);
            for (uint256 k; k < 3; ++k) {
                (uint256 available, uint256 locked) = s.exchange().balanceOf(wallet, tokens[k]);
                holdings[wallet][tokens[k]] = int256(IERC20(tokens[k]).balanceOf(wallet) + available + locked);
            }
        }
    }

    /// @notice `wallet`'s ledger holdings of the three tokens, in `tokens` order.
    function holdingsOf(address wallet) external view returns (int256[3] memory out) {
        for (uint256 k; k < 3; ++k) out[k] = holdings[wallet][tokens[k]];
    }

    function opened(uint32 pairId) external {
        books.push(pairId);
    }

    function bookCount() external view returns (uint256) {
        return books.length;
    }

    function move(address from, address to, address token, uint256 amount) external {
        if (from != address(0)) holdings[from][token] -= int256(amount);
        if (to != address(0)) holdings[to][token] += int256(amount);
    }

    function violated(Kind kind, string memory what) external {
        if (violations[kind]++ == 0) firstViolation[kind] = what;
    }

    /// @notice Node `id` was revoked or its lease ended: it may never be valid again.
    function dead(uint64 id) external {
        if (isDead[id]) return;
        isDead[id] = true;
        _dead.push(id);
    }

    function deadCount() external view returns (uint256) {
        return _dead.length;
    }

    function deadAt(uint256 i) external view returns (uint64) {
        return _dead[i];
    }

    function counted(uint256 fills_, uint256 removals_) external {
        fills += fills_;
        removals += removals_;
    }

    /// @notice A handler action succeeded (metrics, printed by afterInvariant with -vv).
    function did(bytes32 action) external {
        if (done[action]++ == 0) actions.push(action);
    }

    function actionCount() external view returns (uint256) {
        return actions.length;
    }

    /// @notice Revert with the first violation of `kind`, if any.
    function check(Kind kind) external view {
        require(violations[kind] == 0, firstViolation[kind]);
    }
}
