// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title ClockUnitStub
 * @notice Test-only: a dependency that reports an arbitrary TIME_UNIT, to prove that every contract of the suite
 * refuses a dependency running on another clock (a mismatch real deployments cannot produce, since each ChainClock
 * also checks its unit against the chain).
 */
contract ClockUnitStub {
    uint256 public immutable TIME_UNIT;

    constructor(uint256 unit) {
        TIME_UNIT = unit;
    }
}
