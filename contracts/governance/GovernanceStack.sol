// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title The governance stack's third-party contracts (issue 17)
 * @notice Nothing of our own: this file makes Hardhat compile, with the suite's compiler and settings (solc 0.8.30,
 * paris), the contracts deploy/ puts in front of the authority tree's governor on networks that ask for it
 * (deploy/009_governance.ts): the Safe (SafeL2: it emits every executed transaction, so an auditor rebuilds them
 * from logs), its proxy factory and fallback handler, and OpenZeppelin's TimelockController. Their code is the
 * audited upstream code, unchanged (@safe-global/safe-contracts 1.4.1, @openzeppelin/contracts 5.3.0).
 */
// solhint-disable no-unused-import, max-line-length
import {SafeL2} from "@safe-global/safe-contracts/contracts/SafeL2.sol";
import {SafeProxyFactory} from "@safe-global/safe-contracts/contracts/proxies/SafeProxyFactory.sol";
import {CompatibilityFallbackHandler} from "@safe-global/safe-contracts/contracts/handler/CompatibilityFallbackHandler.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
