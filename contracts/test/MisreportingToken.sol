// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title MisreportingToken
 * @notice Test only: an ERC-20 that can lie. Mode 0: honest. Mode 1: transfer and transferFrom return false without
 * moving anything. Mode 2: they return true without moving anything. Mode 3: they move the tokens but balanceOf
 * under-reports every holder by `skew` (a balance that seems to shrink on arrival).
 */
contract MisreportingToken is ERC20 {
    uint8 public mode;
    uint256 public skew;

    constructor() ERC20("Liar", "LIE") {}

    /// @notice Anyone may mint: test only.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setMode(uint8 mode_, uint256 skew_) external {
        mode = mode_;
        skew = skew_;
    }

    function balanceOf(address account) public view override returns (uint256) {
        uint256 b = super.balanceOf(account);
        if (mode == 3) return b > skew ? b - skew : 0;
        return b;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (mode == 1) return false;
        if (mode == 2) return true;
        if (mode == 3) skew += value + 1; // the recipient seems to hold less after
        return super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (mode == 1) return false;
        if (mode == 2) return true;
        if (mode == 3) skew += value + 1;
        return super.transferFrom(from, to, value);
    }
}
