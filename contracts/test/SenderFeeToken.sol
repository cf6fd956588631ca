// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title SenderFeeToken
 * @notice Test only: an ERC-20 whose transfers between two holders charge the sender `feeBps` on top of the amount
 * (burnt from the sender; the recipient receives the full amount). A deposit into a venue therefore credits the full
 * amount, and a withdrawal would take more out of the venue than it debits.
 */
contract SenderFeeToken is ERC20 {
    uint256 public immutable FEE_BPS;

    constructor(uint256 feeBps) ERC20("Sender Fee Token", "SFEE") {
        FEE_BPS = feeBps;
    }

    /// @notice Anyone may mint: test only.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) super._update(from, address(0), (value * FEE_BPS) / 10_000);
        super._update(from, to, value);
    }
}
