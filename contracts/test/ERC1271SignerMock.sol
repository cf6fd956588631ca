// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/**
 * @title ERC1271SignerMock
 * @notice Test-only: a contract account (standing in for a bank's multisig) that holds an authority node and approves
 * a digest when its owner key signed it, as ERC-1271 wallets do. It can also call the registry as its own account.
 */
contract ERC1271SignerMock is IERC1271 {
    /// @notice The key whose signatures this account accepts.
    address public immutable OWNER;

    /// @param owner The key whose signatures this account accepts.
    constructor(address owner) {
        OWNER = owner;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecover(hash, signature);
        return err == ECDSA.RecoverError.NoError && recovered == OWNER ? this.isValidSignature.selector : bytes4(0);
    }

    /// @notice Forward a call as this account (e.g. to cancel a nonce or act in the authority tree).
    function execute(address target, bytes calldata data) external returns (bytes memory) {
        // Only the owner key may act for the account.
        if (msg.sender != OWNER) revert NotOwner(msg.sender);
        return Address.functionCall(target, data);
    }

    /// @notice `caller` is not the owner key.
    error NotOwner(address caller);
}
