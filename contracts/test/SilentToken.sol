// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title SilentToken
 * @notice Test only: a minimal token without return values (like USDT's), whose `transfer` can be switched to move
 * nothing and still succeed (no revert, no return data), as a broken or hostile token might.
 */
contract SilentToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    bool public silent;
    bool public inverted;

    /// @notice Anyone may mint: test only.
    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    /// @notice From now on `transfer` moves nothing (when `on`).
    function setSilent(bool on) external {
        silent = on;
    }

    /// @notice From now on `transfer` and `transferFrom` move `amount` the wrong way, from the recipient to the sender
    /// (when `on`): the venue's holding grows on a withdrawal and falls on a deposit.
    function setInverted(bool on) external {
        inverted = on;
    }

    function approve(address spender, uint256 amount) external {
        allowance[msg.sender][spender] = amount;
    }

    function transfer(address to, uint256 amount) external {
        if (silent) return;
        if (inverted) return _move(to, msg.sender, amount);
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
    }

    function transferFrom(address from, address to, uint256 amount) external {
        if (inverted) return _move(to, from, amount);
        allowance[from][msg.sender] -= amount;
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
    }

    function _move(address from, address to, uint256 amount) private {
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
    }
}
