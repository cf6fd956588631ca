// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IEligibility} from "../interfaces/IIdentityRegistry.sol";
import {ITokenFactory} from "../interfaces/ITokenFactory.sol";
import {IVenueRegistry} from "../interfaces/IVenueRegistry.sol";
import {ChainClock} from "../utils/ChainClock.sol";
import {CompliantToken} from "./CompliantToken.sol";

/**
 * @title TokenFactory
 * @notice Creates native tokens for the asset registry. See ITokenFactory.
 * @dev Holds no state and checks no caller: what makes a token trusted is the asset registry's own record of the
 * tokens it created through this factory, not the factory.
 */
contract TokenFactory is ITokenFactory {
    /// @inheritdoc ITokenFactory
    IAuthorityTree public immutable TREE;
    /// @inheritdoc ITokenFactory
    IEligibility public immutable ELIGIBILITY;
    /// @inheritdoc ITokenFactory
    IVenueRegistry public immutable VENUES;

    /// @param tree The authority tree.
    /// @param eligibility The client registry (an IIdentityRegistry: tokens read its wallets at an identity freeze).
    /// @param venues The venue registry.
    constructor(IAuthorityTree tree, IEligibility eligibility, IVenueRegistry venues) {
        TREE = tree;
        ELIGIBILITY = eligibility;
        VENUES = venues;
    }

    /// @inheritdoc ITokenFactory
    function create(
        string calldata name,
        string calldata symbol,
        uint8 decimals,
        uint64 root,
        address issuer,
        uint32 policyId
    ) external returns (address token) {
        CompliantToken.Deployment memory d = CompliantToken.Deployment({
            tree: TREE,
            eligibility: ELIGIBILITY,
            venues: VENUES,
            assets: IAssetRegistry(msg.sender),
            root: root,
            policyId: policyId,
            timeUnit: ChainClock(msg.sender).TIME_UNIT()
        });
        token = address(new CompliantToken(name, symbol, decimals, issuer, d));
    }
}
