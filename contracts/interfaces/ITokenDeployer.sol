// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CompliantToken} from "../assets/CompliantToken.sol";
import {IMonetaryDesk} from "./IMonetaryDesk.sol";

/**
 * @title ITokenDeployer
 * @notice Holds CompliantToken's creation code for the TokenFactory, so that the factory (and through it the asset
 * registry) stays far under the 24 KiB code limit while the token grows.
 * @dev Stateless and permissionless: what it deploys is exactly what anyone could deploy from CompliantToken's
 * artifact. Nothing trusts a token for having come from here: only tokens the asset registry issued (through its
 * bound factory) and recorded register as Native.
 */
interface ITokenDeployer {
    /// @notice The monetary desk every token created through this deployer's factories registers with.
    function DESK() external view returns (IMonetaryDesk);

    /// @notice Deploy a CompliantToken with these constructor arguments (see CompliantToken's constructor, whose
    /// errors propagate); returns its address.
    function deploy(
        string calldata name,
        string calldata symbol,
        uint8 decimals,
        address issuer,
        CompliantToken.Deployment calldata d
    ) external returns (address token);
}
