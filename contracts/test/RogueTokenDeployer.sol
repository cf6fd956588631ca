// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CompliantToken} from "../assets/CompliantToken.sol";
import {IMonetaryDesk} from "../interfaces/IMonetaryDesk.sol";

/**
 * @title RogueTokenDeployer
 * @notice Test only: a token deployer that deploys nothing and hands back a token it was given (one wired to another
 * asset registry, issuer or root), as a faulty or hostile deployer might.
 */
contract RogueTokenDeployer {
    /// @notice The desk it claims its tokens register with.
    IMonetaryDesk public immutable DESK;
    address private immutable _TOKEN;

    /// @param desk The desk to report.
    /// @param token The token every `deploy` returns.
    constructor(IMonetaryDesk desk, address token) {
        DESK = desk;
        _TOKEN = token;
    }

    /// @notice Returns the preset token, whatever is asked for.
    function deploy(
        string calldata,
        string calldata,
        uint8,
        address,
        CompliantToken.Deployment calldata
    ) external view returns (address) {
        return _TOKEN;
    }
}
