// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title ReentrantToken
 * @notice Test only: an ERC-20 that, when armed, calls back into `victim` (the venue) with `payload` during every
 * transfer, swallowing the outcome but recording it (so a test can see the venue refused the re-entry while the
 * outer call went on).
 */
contract ReentrantToken is ERC20 {
    address public victim;
    bytes public payload;
    bool public lastReentryOk;
    bytes public lastReentryError;
    uint256 public reentries;

    constructor() ERC20("Reentrant", "RE") {}

    /// @notice Anyone may mint: test only.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address victim_, bytes calldata payload_) external {
        victim = victim_;
        payload = payload_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address t = victim;
        if (t != address(0) && from != address(0) && to != address(0)) {
            ++reentries;
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory err) = t.call(payload);
            lastReentryOk = ok;
            lastReentryError = err;
        }
    }
}
