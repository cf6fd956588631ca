// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPairRegistry} from "../interfaces/IPairRegistry.sol";

/**
 * @title TradabilityProbe
 * @notice Test and bench only: calls isTradable inside a transaction, as a venue does on every match, and reports the
 * gas the call took (cold: the first call in the transaction; warm: a second call right after).
 */
contract TradabilityProbe {
    /// @notice `pairId` was checked: `tradable`, costing `coldGas` on the first call and `warmGas` on a second.
    event Probed(uint32 indexed pairId, bool tradable, uint256 coldGas, uint256 warmGas);

    /// @notice Check `pairId` twice on `pairs` and emit the gas of each check.
    function probe(IPairRegistry pairs, uint32 pairId) external returns (bool tradable) {
        uint256 g0 = gasleft();
        tradable = pairs.isTradable(pairId);
        uint256 g1 = gasleft();
        pairs.isTradable(pairId);
        uint256 g2 = gasleft();
        emit Probed(pairId, tradable, g0 - g1, g1 - g2);
    }
}
