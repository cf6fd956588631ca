// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IEligibility, IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IMonetaryDesk} from "../interfaces/IMonetaryDesk.sol";
import {ITokenDeployer} from "../interfaces/ITokenDeployer.sol";
import {ITokenFactory} from "../interfaces/ITokenFactory.sol";
import {IVenueRegistry} from "../interfaces/IVenueRegistry.sol";
import {ChainClock} from "../utils/ChainClock.sol";
import {CompliantToken} from "./CompliantToken.sol";

/// @dev The venue registry's wiring getter (a public immutable), checked at construction.
interface IVenueRegistryWiring {
    function TREE() external view returns (IAuthorityTree);
}

/**
 * @title TokenFactory
 * @notice Creates native tokens for the one asset registry it is bound to. See ITokenFactory.
 * @dev The binding is a one-time step of the deployment (the registry is built on the factory's address, so the
 * factory cannot name it at its own construction): until it is made, `create` refuses every caller; after it, every
 * caller but the registry. A token the factory makes is therefore always one the registry issued and recorded.
 * The token's creation code lives in a TokenDeployer (named at construction), not here: the factory stays small
 * however the token grows.
 */
contract TokenFactory is ITokenFactory {
    /// @inheritdoc ITokenFactory
    IAuthorityTree public immutable TREE;
    /// @inheritdoc ITokenFactory
    IEligibility public immutable ELIGIBILITY;
    /// @inheritdoc ITokenFactory
    IVenueRegistry public immutable VENUES;
    /// @inheritdoc ITokenFactory
    ITokenDeployer public immutable DEPLOYER;

    /// @dev The deployer: the one account that may bind the factory, once.
    address private immutable _BINDER;

    /// @inheritdoc ITokenFactory
    address public ASSET_REGISTRY;

    /// @param tree The authority tree.
    /// @param eligibility The client registry (an IIdentityRegistry: tokens read its wallets at an identity freeze);
    /// it must answer to `tree`.
    /// @param venues The venue registry; it must answer to `tree`.
    /// @param deployer The TokenDeployer that holds CompliantToken's creation code (stateless: any instance will do).
    constructor(IAuthorityTree tree, IEligibility eligibility, IVenueRegistry venues, ITokenDeployer deployer) {
        if (address(deployer).code.length == 0) revert NoDeployer(address(deployer));
        // One stack: a token must not read its eligibility or licences from registries governed by another tree.
        address eligibilityTree = address(IIdentityRegistry(address(eligibility)).AUTHORITY());
        if (eligibilityTree != address(tree)) revert TreeMismatch(address(eligibility), eligibilityTree);
        address venuesTree = address(IVenueRegistryWiring(address(venues)).TREE());
        if (venuesTree != address(tree)) revert TreeMismatch(address(venues), venuesTree);
        TREE = tree;
        ELIGIBILITY = eligibility;
        VENUES = venues;
        DEPLOYER = deployer;
        _BINDER = msg.sender;
    }

    /// @inheritdoc ITokenFactory
    function bindAssetRegistry(IAssetRegistry assetRegistry) external {
        if (msg.sender != _BINDER) revert NotBinder(msg.sender);
        address bound = ASSET_REGISTRY;
        if (bound != address(0)) revert AlreadyBound(bound);
        address factory = address(assetRegistry.FACTORY());
        if (factory != address(this)) revert RegistryNotBuiltOnFactory(address(assetRegistry), factory);
        address registryTree = address(assetRegistry.TREE());
        if (registryTree != address(TREE)) revert TreeMismatch(address(assetRegistry), registryTree);
        ASSET_REGISTRY = address(assetRegistry);
        emit AssetRegistryBound(address(assetRegistry), msg.sender);
    }

    /// @inheritdoc ITokenFactory
    function create(
        string calldata name,
        string calldata symbol,
        uint8 decimals,
        uint64 root,
        address issuer,
        uint32 policyId,
        IMonetaryDesk.MonetaryTerms calldata terms
    ) external returns (address token) {
        address bound = ASSET_REGISTRY;
        if (msg.sender != bound || bound == address(0)) revert NotBoundAssetRegistry(msg.sender, bound);
        CompliantToken.Deployment memory d = CompliantToken.Deployment({
            tree: TREE,
            eligibility: ELIGIBILITY,
            venues: VENUES,
            assets: IAssetRegistry(msg.sender),
            root: root,
            policyId: policyId,
            timeUnit: ChainClock(msg.sender).TIME_UNIT(),
            desk: DEPLOYER.DESK(),
            terms: terms
        });
        token = DEPLOYER.deploy(name, symbol, decimals, issuer, d);
        // The asset registry records what this returns as a native token: check it is wired as asked, rather than
        // trust the deployer (any faulty or hostile one fails here).
        CompliantToken t = CompliantToken(token);
        if (
            token.code.length == 0 ||
            t.ASSET_REGISTRY() != msg.sender ||
            t.ISSUER() != issuer ||
            t.ROOT() != root ||
            t.ISSUER_NODE() != TREE.nodeOf(issuer, root) ||
            t.DESK() != d.desk
        ) revert TokenMiswired(token);
    }
}
