// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IEligibility} from "../interfaces/IIdentityRegistry.sol";

/**
 * @title EligibilityProbe
 * @notice Test-only: measures what one eligibility check costs a caller such as the exchange. Not for deployment.
 * @dev `check` is a view, but the bench sends it as a transaction (ethers' `.send`) so that it has a receipt: its
 * gasUsed is 21,000 base + calldata + the call into the registry (cold account, cold slots, and the authority tree's
 * walk over the attesting node's ancestry) + a few hundred gas of dispatch here. Nothing is stored or emitted, so the
 * figure is the price of one cold check; inside a match the exchange pays less for a second party under the same
 * policy (the registry account and policy slots are then warm). A failed check reverts, so a successful receipt also
 * proves the client was eligible.
 */
contract EligibilityProbe {
    /// @notice The registry probed.
    IEligibility public immutable REGISTRY;

    /// @notice `wallet` is not eligible under `policyId`, for `reason`.
    error NotEligible(address wallet, uint32 policyId, IEligibility.Eligibility reason);

    /// @param registry The registry to probe.
    constructor(IEligibility registry) {
        REGISTRY = registry;
    }

    /// @notice Reverts unless `wallet` is eligible under `policyId` now.
    function check(address wallet, uint32 policyId) external view {
        if (!REGISTRY.isEligible(wallet, policyId)) {
            revert NotEligible(wallet, policyId, REGISTRY.eligibility(wallet, policyId));
        }
    }
}
