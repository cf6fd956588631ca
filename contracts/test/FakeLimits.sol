// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @dev Test double (issue 16 review H1/L4): answers like AmlLimits (registry, every policy exists), then refuses
/// withdrawals and holdings. The venue and the token must refuse to attach it.
contract FakeLimits {
    address public immutable REGISTRY;
    error Frozen();
    constructor(address registry) {
        REGISTRY = registry;
    }
    function policyExists(uint32) external pure returns (bool) {
        return true;
    }
    function checkNotional(uint32, uint64, uint64, address, uint256) external view {}
    function consumeDeposit(uint32, uint64, uint64, address, uint256) external {}
    function consumeWithdrawal(uint32, uint64, uint64, address, uint256) external pure {
        revert Frozen();
    }
    function checkHolding(uint32, address, address, uint256) external pure {
        revert Frozen();
    }
}
