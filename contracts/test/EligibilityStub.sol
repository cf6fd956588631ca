// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IEligibility} from "../interfaces/IIdentityRegistry.sol";

/**
 * @title EligibilityStub
 * @notice TEMPORARY, development only, until the real IdentityRegistry is merged; then deleted.
 */
contract EligibilityStub is IEligibility {
    uint32 public policyCount;
    mapping(address => uint64) public identityOf;
    mapping(address => Eligibility) private _status;
    mapping(address => bool) private _known;

    function createPolicy(uint64[] calldata, uint8, uint16[] calldata) external returns (uint32) {
        return ++policyCount;
    }

    function policyExists(uint32 policyId) external view returns (bool) {
        return policyId != 0 && policyId <= policyCount;
    }

    function set(address wallet, uint64 identityId, Eligibility status) external {
        identityOf[wallet] = identityId;
        _status[wallet] = status;
        _known[wallet] = true;
    }

    function eligibility(address wallet, uint32 policyId) public view returns (Eligibility) {
        if (policyId == 0 || policyId > policyCount) return Eligibility.UnknownPolicy;
        if (!_known[wallet]) return Eligibility.UnknownWallet;
        return _status[wallet];
    }

    function isEligible(address wallet, uint32 policyId) external view returns (bool) {
        return eligibility(wallet, policyId) == Eligibility.Eligible;
    }
}
