// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title ViewBatch
 * @notice Test-only: answers many view calls in one `eth_call`, so that a stateful test comparing a whole venue with
 * its model after every step pays one round trip through the provider instead of one per view (the round trips, not
 * the EVM, were most of the campaign's time). Not for deployment.
 */
contract ViewBatch {
    /// @notice One view call: the contract and its ABI-encoded calldata.
    struct Call {
        address target;
        bytes data;
    }

    /// @notice A batched view call reverted.
    error CallFailed(uint256 index, bytes reason);

    /// @notice The raw return data of each call, in order; reverts with the first failing call's index and reason.
    function read(Call[] calldata calls) external view returns (bytes[] memory results) {
        results = new bytes[](calls.length);
        for (uint256 i = 0; i < calls.length; ++i) {
            (bool ok, bytes memory data) = calls[i].target.staticcall(calls[i].data);
            if (!ok) revert CallFailed(i, data);
            results[i] = data;
        }
    }
}
