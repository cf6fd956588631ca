// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMonetaryDesk} from "../interfaces/IMonetaryDesk.sol";
import {ITokenDeployer} from "../interfaces/ITokenDeployer.sol";
import {CompliantToken} from "./CompliantToken.sol";

/**
 * @title TokenDeployer
 * @notice The contract that carries CompliantToken's creation code. See ITokenDeployer.
 * @dev Compiled at the optimizer runs the factory used before it existed (hardhat.config.ts), so the tokens it
 * deploys run the same code, at the same gas, as the factory's did.
 */
contract TokenDeployer is ITokenDeployer {
    /// @inheritdoc ITokenDeployer
    IMonetaryDesk public immutable DESK;

    /// @param desk The suite's monetary desk (the factory passes it on to every token it creates).
    constructor(IMonetaryDesk desk) {
        DESK = desk;
    }

    /// @inheritdoc ITokenDeployer
    function deploy(
        string calldata name,
        string calldata symbol,
        uint8 decimals,
        address issuer,
        CompliantToken.Deployment calldata d
    ) external returns (address token) {
        token = address(new CompliantToken(name, symbol, decimals, issuer, d));
    }
}
