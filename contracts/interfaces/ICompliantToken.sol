// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IEligibility} from "./IIdentityRegistry.sol";

/**
 * @title ICompliantToken
 * @notice A native asset: an ERC-20 issued by an ISSUE holder against off-chain collateral, whose supply is capped by
 * the latest valid reserve attestation and which moves only between eligible clients and licensed venues.
 * @dev Rules for every ordinary movement (transfer, transferFrom, mint, redeem), enforced in one place:
 *  - the token is not paused;
 *  - neither side is frozen, by wallet or by identity (an issuer-level freeze, distinct from the client registry's);
 *  - each side (other than the zero address of a mint or burn) is eligible under the token's policy, or is a licensed
 *    venue or custodian under the token's root (see IVenueRegistry); so to or from a venue only the counterparty
 *    needs to be eligible;
 *  - after a mint, total supply does not exceed the attested reserve, and that reserve attestation counts now.
 * The one exception is forcedTransfer (recovery), with its own rules: it ignores the sender's freeze, eligibility and
 * the pause, but the recipient must be unfrozen and eligible or licensed, and it never changes any freeze.
 * Compliance actions (freeze, forced transfer, pause, policy) may be taken by the issuer or by any valid ancestor of
 * the issuer's node (its regulator); minting only by the issuer. A regulator that wants to keep a token paused against
 * its issuer suspends the issuer's node, which removes the issuer's powers.
 */
interface ICompliantToken {
    /// @notice The token was issued under `root` by `issuer` (node `issuerNode`) with transfer policy `policyId`.
    event TokenIssued(uint64 indexed root, uint64 indexed issuerNode, address issuer, uint32 policyId);
    /// @notice The transfer policy changed from `previousPolicyId` to `policyId`, by `by`.
    event PolicyChanged(uint32 previousPolicyId, uint32 policyId, address by);
    /// @notice `wallet` was frozen by `by`: it can neither send nor receive until unfrozen.
    event WalletFrozen(address indexed wallet, address indexed by, bytes32 reason);
    /// @notice `wallet` was unfrozen by `by`.
    event WalletUnfrozen(address indexed wallet, address indexed by);
    /// @notice Every wallet of identity `identityId` was frozen by `by`.
    event IdentityFrozen(uint64 indexed identityId, address indexed by, bytes32 reason);
    /// @notice Identity `identityId` was unfrozen by `by`.
    event IdentityUnfrozen(uint64 indexed identityId, address indexed by);
    /// @notice `amount` was moved from `from` to `to` by `by` outside the ordinary rules, for `reasonCode`.
    event ForcedTransfer(address indexed from, address indexed to, uint256 amount, bytes32 reasonCode, address by);
    /// @notice `holder` redeemed (burned) `amount`; the issuer settles off-chain against `redemptionRef`.
    event Redeemed(address indexed holder, uint256 amount, bytes32 redemptionRef);

    /// @notice `caller` is not the token's issuer holding a valid ISSUE node.
    error NotIssuer(address caller);
    /// @notice `caller` is neither the issuer (valid node) nor the account of a valid ancestor of the issuer's node.
    error NotComplianceAuthority(address caller);
    /// @notice `issuer` holds no valid ISSUE node under `root`.
    error IssuerNotLicensed(address issuer, uint64 root);
    /// @notice `policyId` names no eligibility policy.
    error UnknownPolicy(uint32 policyId);
    /// @notice `wallet` is neither eligible (`reason`) nor a licensed venue or custodian.
    error NotEligible(address wallet, IEligibility.Eligibility reason);
    /// @notice `wallet` is frozen.
    error WalletIsFrozen(address wallet);
    /// @notice `wallet` belongs to frozen identity `identityId`.
    error IdentityIsFrozen(address wallet, uint64 identityId);
    /// @notice The token is not registered as a Native asset of its root in the asset registry.
    error AssetNotRegistered(address token, uint64 root);
    /// @notice Asset `assetId` has no reserve attestation that counts now: minting fails closed.
    error NoValidReserve(uint32 assetId);
    /// @notice A mint would bring supply to `supplyAfter`, above the attested reserve `reserve`.
    error ReserveExceeded(uint256 supplyAfter, uint256 reserve);
    /// @notice The wallet is already in the requested freeze state.
    error FreezeUnchanged(address wallet, bool frozen);
    /// @notice The identity is already in the requested freeze state (identity 0 cannot be frozen).
    error IdentityFreezeUnchanged(uint64 identityId, bool frozen);
    /// @notice A forced transfer needs a non-zero reason code.
    error MissingReason();

    /// @notice Mint `amount` to `to`. Caller: the issuer. Capped by the valid attested reserve (fails closed).
    function mint(address to, uint256 amount) external;

    /// @notice Burn `amount` of the caller's tokens to redeem them through the issuer's off-chain settlement, which
    /// matches the Redeemed event by `redemptionRef`. The caller must be able to send (unfrozen, eligible or licensed).
    function redeem(uint256 amount, bytes32 redemptionRef) external;

    /// @notice Move `amount` from `from` to `to` for recovery or a legal order. Caller: a compliance authority.
    /// @dev `to` must be unfrozen and eligible or licensed. No freeze is changed by this call.
    function forcedTransfer(address from, address to, uint256 amount, bytes32 reasonCode) external;

    /// @notice Freeze `wallet`. Caller: a compliance authority.
    function freezeWallet(address wallet, bytes32 reason) external;

    /// @notice Unfreeze `wallet`. Caller: a compliance authority.
    function unfreezeWallet(address wallet) external;

    /// @notice Freeze every wallet of identity `identityId` (as the eligibility registry maps wallets). Caller: a
    /// compliance authority.
    function freezeIdentity(uint64 identityId, bytes32 reason) external;

    /// @notice Unfreeze identity `identityId`. Caller: a compliance authority.
    function unfreezeIdentity(uint64 identityId) external;

    /// @notice Stop every ordinary movement (transfers, mints, redemptions). Caller: a compliance authority.
    function pause() external;

    /// @notice Resume ordinary movements. Caller: a compliance authority.
    function unpause() external;

    /// @notice Switch the transfer policy to existing policy `policyId`. Caller: a compliance authority.
    function setPolicy(uint32 policyId) external;

    /// @notice The authority root the token is issued under.
    function ROOT() external view returns (uint64);

    /// @notice The issuer's account.
    function ISSUER() external view returns (address);

    /// @notice The issuer's ISSUE node (checked at issuance and at every mint).
    function ISSUER_NODE() external view returns (uint64);

    /// @notice The asset registry whose reserve attestations cap the supply.
    function ASSET_REGISTRY() external view returns (address);

    /// @notice The eligibility policy transfers are checked against.
    function policyId() external view returns (uint32);

    /// @notice Whether `wallet` is frozen by wallet (not counting identity freezes).
    function isWalletFrozen(address wallet) external view returns (bool);

    /// @notice Whether identity `identityId` is frozen.
    function isIdentityFrozen(uint64 identityId) external view returns (bool);

    /// @notice Whether `wallet` is frozen, by wallet or through its identity.
    function isFrozen(address wallet) external view returns (bool);
}
