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
        Exit, // a cancel or withdrawal that should have worked and did not
        Licence, // an order, fill, deposit or fee payout while the venue was not licensed (issue 15 item 2)
        TokenPolicy, // a native token delivered by a fill to a party its own policy refuses (issue 15 item 3)
        Regrant, // a grant from below a restriction standing on the account's previous node (issue 15 item 1)
        Recovery, // a recovery or forced transfer against the token's rules (issue 22 item 1)
        Custody, // the venue's pool reached: taken, frozen or credited outside its ledger (issue 22 items 2, 5, 7)
        Reserve, // a mint above the reserve at its date net of the redemptions since that date (issue 22 item 3)
        Revival // a node seen revoked or out of lease made valid again by a resume or a renewal
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
    /// @dev Fills seen while the venue was licensed (per the model).
    uint256 public licensedFills;

    /// @dev A redemption of the native token: its second and amount.
    struct Redemption {
        uint40 at;
        uint256 amount;
    }

    /// @dev Every redemption, in time order (bounded by the run's depth).
    Redemption[] private _redemptions;

    /// @dev One plus the rank (depth) of the authority that revoked each node (0: not revoked).
    mapping(uint64 nodeId => uint8) private _revokedByPlusOne;
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

    /// @notice Node `id` was revoked by an authority acting at depth `rank` (the highest such rank is kept).
    function revoked(uint64 id, uint8 rank) external {
        uint8 current = _revokedByPlusOne[id];
        if (current == 0 || rank < current - 1) _revokedByPlusOne[id] = rank + 1;
    }

    /// @notice Whether node `id` was seen revoked, and the rank that revoked it.
    function revocation(uint64 id) external view returns (bool, uint8) {
        uint8 plusOne = _revokedByPlusOne[id];
        return plusOne == 0 ? (false, 0) : (true, plusOne - 1);
    }

    function licensedFill(uint256 n) external {
        licensedFills += n;
    }

    /// @notice `amount` of the native token was redeemed now.
    function redeemed(uint256 amount) external {
        _redemptions.push(Redemption(uint40(block.timestamp), amount));
    }

    /// @notice What was redeemed at or after second `asOf`: paid out of a reserve measured then (a redemption in
    /// the reserve's own second may postdate the measurement, so it counts as later).
    function redeemedSince(uint40 asOf) external view returns (uint256 sum) {
        for (uint256 i = _redemptions.length; i > 0; --i) {
            if (_redemptions[i - 1].at < asOf) break; // time never goes back
            sum += _redemptions[i - 1].amount;
        }
    }

    function redemptionCount() external view returns (uint256) {
        return _redemptions.length;
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
