// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/**
 * @title ChainClock
 * @notice The one place where the chain's timestamp becomes seconds.
 * @dev Ethereum and Hardhat report `block.timestamp` in seconds; PlatON reports it in milliseconds. The unit is fixed
 * at deployment (1 or 1000) and every expiry, lease and deadline in the suite is stored and compared in seconds.
 * A unit that does not match the chain would stretch every lease a thousandfold (1000 on a seconds chain) or wrap
 * the clock (1 on a milliseconds chain), so the constructor refuses any unit that does not put "now" between the
 * years 2001 and 5138.
 */
abstract contract ChainClock {
    /// @notice Chain timestamp units per second: 1 on Ethereum and Hardhat, 1000 on PlatON.
    uint256 public immutable TIME_UNIT;

    /// @dev Plausible bounds of "now" in seconds: 2001-09-09 and the year 5138.
    uint256 private constant _MIN_PLAUSIBLE_NOW = 1e9;
    uint256 private constant _MAX_PLAUSIBLE_NOW = 1e11;

    /// @notice The contract reads the chain's clock with `timeUnit` timestamp units per second.
    event ClockConfigured(uint256 timeUnit);

    /// @notice The deployment named a time unit other than 1 (seconds) or 1000 (milliseconds).
    error InvalidTimeUnit(uint256 unit);

    /// @notice With `unit`, the chain's timestamp `blockTimestamp` is not a plausible present: wrong unit for chain.
    error TimeUnitMismatch(uint256 unit, uint256 blockTimestamp);

    /// @notice `dependency` reads the clock in `dependencyUnit`, this contract in `unit`: they must agree.
    error ClockMismatch(address dependency, uint256 unit, uint256 dependencyUnit);

    constructor(uint256 timeUnit) {
        if (timeUnit != 1 && timeUnit != 1000) revert InvalidTimeUnit(timeUnit);
        uint256 seconds_ = block.timestamp / timeUnit;
        if (seconds_ < _MIN_PLAUSIBLE_NOW || seconds_ >= _MAX_PLAUSIBLE_NOW) {
            revert TimeUnitMismatch(timeUnit, block.timestamp);
        }
        TIME_UNIT = timeUnit;
        emit ClockConfigured(timeUnit);
    }

    /// @notice The current chain time in seconds, whatever unit the chain uses.
    function currentTime() external view returns (uint40) {
        return _now();
    }

    /// @dev Refuses a dependency (another ChainClock of the suite) deployed with a different time unit.
    function _requireSameClock(address dependency) internal view {
        uint256 dependencyUnit = ChainClock(dependency).TIME_UNIT();
        if (dependencyUnit != TIME_UNIT) revert ClockMismatch(dependency, TIME_UNIT, dependencyUnit);
    }

    function _now() internal view returns (uint40) {
        return SafeCast.toUint40(block.timestamp / TIME_UNIT);
    }
}
