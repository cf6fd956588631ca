// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title TestToken
 * @notice Test only: a plain ERC-20 standing in for an existing (external) token such as a stablecoin.
 */
contract TestToken is ERC20 {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    /// @notice Anyone may mint: test only.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
