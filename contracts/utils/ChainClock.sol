// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title ChainClock
 * @notice The one place where the chain's timestamp becomes seconds.
 * @dev Ethereum and Hardhat report `block.timestamp` in seconds; PlatON reports it in milliseconds. The unit is fixed
 * at deployment (1 or 1000) and every expiry, lease and deadline in the suite is stored and compared in seconds.
 */
abstract contract ChainClock {
    /// @notice Chain timestamp units per second: 1 on Ethereum and Hardhat, 1000 on PlatON.
    uint256 public immutable TIME_UNIT;

    /// @notice The deployment named a time unit other than 1 (seconds) or 1000 (milliseconds).
    error InvalidTimeUnit(uint256 unit);

    constructor(uint256 timeUnit) {
        if (timeUnit != 1 && timeUnit != 1000) revert InvalidTimeUnit(timeUnit);
        TIME_UNIT = timeUnit;
    }

    /// @notice The current chain time in seconds, whatever unit the chain uses.
    function currentTime() external view returns (uint40) {
        return _now();
    }

    function _now() internal view returns (uint40) {
        // A uint40 of seconds lasts until the year 36812; the cast cannot truncate a real timestamp.
        return uint40(block.timestamp / TIME_UNIT);
    }
}
