// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuthorityTree} from "./IAuthorityTree.sol";
import {IEligibility} from "./IIdentityRegistry.sol";
import {IVenueRegistry} from "./IVenueRegistry.sol";

/**
 * @title ITokenFactory
 * @notice Deploys CompliantTokens wired to the suite's canonical authority tree, client registry and venue registry.
 * @dev The asset registry that calls `create` becomes the token's ASSET_REGISTRY, so a token created by anyone else
 * is bound to that caller and never recorded by the canonical asset registry: only tokens the asset registry issued
 * (AssetRegistry.issueNative) can be registered there as Native. The factory exists so the asset registry stays
 * under the contract-size limit: the token's creation code lives here.
 */
interface ITokenFactory {
    /// @notice The authority tree every token created here trusts.
    function TREE() external view returns (IAuthorityTree);

    /// @notice The client registry every token created here asks for eligibility.
    function ELIGIBILITY() external view returns (IEligibility);

    /// @notice The venue registry every token created here asks for licences.
    function VENUES() external view returns (IVenueRegistry);

    /**
     * @notice Deploy a CompliantToken bound to the caller (as its asset registry), `root` and `issuer`.
     * @dev The token's constructor checks that `issuer` holds a valid ISSUE node under `root`, that `policyId`
     * exists and that the caller's clock matches; its errors propagate.
     * @return token The new token.
     */
    function create(
        string calldata name,
        string calldata symbol,
        uint8 decimals,
        uint64 root,
        address issuer,
        uint32 policyId
    ) external returns (address token);
}
