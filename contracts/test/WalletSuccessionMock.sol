// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title WalletSuccessionMock
 * @notice Tests only (issue 17, the venue's claimWallet): a client registry that also answers
 * IWalletSuccession.successorOf, until the registry's own (branch gov-ident) is merged. Its code is put in place of a
 * deployed IdentityRegistry's (hardhat_setCode): every other call goes by DELEGATECALL to `registry`, a copy of the
 * IdentityRegistry deployed with the same arguments (so the same immutables), and so acts on the original's storage.
 * The successors live at a slot of their own, far from the registry's layout.
 */
contract WalletSuccessionMock {
    address private immutable _IMPLEMENTATION;
    bytes32 private constant _SLOT = keccak256("WalletSuccession.successors");

    /// @param registry An IdentityRegistry deployed with the same arguments as the one this code replaces.
    constructor(address registry) {
        _IMPLEMENTATION = registry;
    }

    /// @notice Name `successor` in place of lost wallet `lost` (what the registry's attester path will do).
    function setSuccessorOf(address lost, address successor) external {
        bytes32 slot = keccak256(abi.encode(lost, _SLOT));
        assembly ("memory-safe") {
            sstore(slot, successor)
        }
    }

    /// @notice The wallet named in place of `lost` (zero when none).
    function successorOf(address lost) external view returns (address successor) {
        bytes32 slot = keccak256(abi.encode(lost, _SLOT));
        assembly ("memory-safe") {
            successor := sload(slot)
        }
    }

    /// @dev Everything else is the registry's.
    // solhint-disable-next-line no-complex-fallback
    fallback() external {
        address implementation = _IMPLEMENTATION;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), implementation, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) {
                revert(0, returndatasize())
            }
            return(0, returndatasize())
        }
    }
}
