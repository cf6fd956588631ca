// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title IWalletSuccession
 * @notice What the venue reads of the client registry to move a lost wallet's account (issue 17, ExchangeAdmin's
 * claimWallet): the wallet that the client's attester named in place of a lost one. The client registry (branch
 * gov-ident) answers it; declared here until the branches merge.
 */
interface IWalletSuccession {
    /// @notice The wallet that replaced lost wallet `lost` in its identity (zero when none).
    function successorOf(address lost) external view returns (address successor);
}
