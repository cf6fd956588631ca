// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title IIdentityRegistry (consumer surface)
 * @notice What the asset service and the exchange rely on from the qualified-client registry. The full registry
 * interface (registration, attestations, updates, events, errors) extends this one.
 * @dev Client classes are bits of a uint8: INSTITUTIONAL = 1, ACCREDITED = 2, PROFESSIONAL = 4, RETAIL = 8.
 * A policy is immutable once created, so the consumers may cache its id.
 */
interface IEligibility {
    /// @notice Why a wallet is or is not eligible under a policy; `Eligible` (0) is the only passing value.
    enum Eligibility {
        Eligible,
        UnknownPolicy,
        UnknownWallet,
        IdentityRevoked,
        Frozen,
        Expired,
        AttesterInvalid,
        RootNotTrusted,
        ClassNotAllowed,
        JurisdictionBarred
    }

    /// @notice Create an immutable eligibility policy; anyone may create one.
    /// @param trustedRoots Authority roots whose attestations count (at least one, bounded).
    /// @param allowedClasses A client must hold at least one of these class bits.
    /// @param barredJurisdictions ISO 3166 numeric codes (1..999) whose clients are refused.
    /// @return policyId The new policy's id (ids start at 1).
    function createPolicy(
        uint64[] calldata trustedRoots,
        uint8 allowedClasses,
        uint16[] calldata barredJurisdictions
    ) external returns (uint32 policyId);

    /// @notice Whether `policyId` names an existing policy.
    function policyExists(uint32 policyId) external view returns (bool);

    /// @notice The eligibility of `wallet` under `policyId` at this moment, with the first failing reason.
    function eligibility(address wallet, uint32 policyId) external view returns (Eligibility);

    /// @notice Shorthand for `eligibility(wallet, policyId) == Eligibility.Eligible`.
    function isEligible(address wallet, uint32 policyId) external view returns (bool);

    /// @notice The identity `wallet` belongs to (0 if none); the exchange uses it for self-trade prevention.
    function identityOf(address wallet) external view returns (uint64 identityId);
}
