// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAssetRegistry} from "./IAssetRegistry.sol";
import {IAuthorityTree} from "./IAuthorityTree.sol";
import {IEligibility} from "./IIdentityRegistry.sol";
import {IMonetaryDesk} from "./IMonetaryDesk.sol";
import {ITokenDeployer} from "./ITokenDeployer.sol";
import {IVenueRegistry} from "./IVenueRegistry.sol";

/**
 * @title ITokenFactory
 * @notice Deploys CompliantTokens wired to the suite's canonical authority tree, client registry and venue registry,
 * for the one asset registry it is bound to.
 * @dev The factory is bound once, by its deployer, to the asset registry built on it (whose FACTORY is this factory);
 * from then on only that registry may call `create`, so every token the factory makes is one the registry issued
 * (AssetRegistry.issueNative) and recorded. Before the binding it creates nothing. The factory checks at construction
 * that the client and venue registries answer to its authority tree. It exists so the asset registry stays under the
 * contract-size limit. The token's creation code itself lives in a TokenDeployer, so the factory stays small too.
 */
interface ITokenFactory {
    /// @notice The factory was bound, by `by` (its deployer), to asset registry `assetRegistry`, for good.
    event AssetRegistryBound(address indexed assetRegistry, address indexed by);

    /// @notice `dependency` answers to authority tree `dependencyTree`, not the factory's.
    error TreeMismatch(address dependency, address dependencyTree);
    /// @notice `caller` is not the factory's deployer, the only account that may bind it.
    error NotBinder(address caller);
    /// @notice The factory is already bound to `assetRegistry`.
    error AlreadyBound(address assetRegistry);
    /// @notice Asset registry `assetRegistry` was built on factory `factory`, not this one.
    error RegistryNotBuiltOnFactory(address assetRegistry, address factory);
    /// @notice `deployer` has no code: the factory needs a TokenDeployer to create tokens with.
    error NoDeployer(address deployer);
    /// @notice `caller` is not the asset registry `bound` this factory creates tokens for (zero while unbound).
    error NotBoundAssetRegistry(address caller, address bound);
    /// @notice The deployer returned `token`, which is not wired to the calling asset registry, the issuer, its node,
    /// the root and the deployer's desk as asked: refused rather than recorded as a native token.
    error TokenMiswired(address token);

    /// @notice The authority tree every token created here trusts.
    function TREE() external view returns (IAuthorityTree);

    /// @notice The client registry every token created here asks for eligibility.
    function ELIGIBILITY() external view returns (IEligibility);

    /// @notice The venue registry every token created here asks for licences.
    function VENUES() external view returns (IVenueRegistry);

    /// @notice The TokenDeployer that holds CompliantToken's creation code.
    function DEPLOYER() external view returns (ITokenDeployer);

    /// @notice The asset registry this factory creates tokens for (zero until bound).
    function ASSET_REGISTRY() external view returns (address);

    /**
     * @notice Bind the factory to `assetRegistry`, for good. Caller: the factory's deployer, once.
     * @dev `assetRegistry` must have been built on this factory (its FACTORY) and on the same authority tree.
     */
    function bindAssetRegistry(IAssetRegistry assetRegistry) external;

    /**
     * @notice Deploy a CompliantToken bound to the caller (the bound asset registry), `root` and `issuer`.
     * Caller: the bound asset registry only.
     * @dev The token's constructor checks that `issuer` holds a valid ISSUE node under `root`, that `policyId`
     * exists and that the caller's clock matches, and registers `terms` with the deployer's monetary desk; its
     * errors and the desk's propagate.
     * @return token The new token.
     */
    function create(
        string calldata name,
        string calldata symbol,
        uint8 decimals,
        uint64 root,
        address issuer,
        uint32 policyId,
        IMonetaryDesk.MonetaryTerms calldata terms
    ) external returns (address token);
}
