// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AmlLimits} from "../../contracts/compliance/AmlLimits.sol";
import {IAmlLimits} from "../../contracts/interfaces/IAmlLimits.sol";
import {IAuthorityTree} from "../../contracts/interfaces/IAuthorityTree.sol";
import {IIdentityRegistry} from "../../contracts/interfaces/IIdentityRegistry.sol";
import {vm} from "./Vm.sol";

/// @dev The client registry as AmlLimits reads it: one identity, ACCREDITED, on a seconds clock.
contract LimitsRegistryStub {
    function TIME_UNIT() external pure returns (uint256) {
        return 1;
    }

    function identity(uint64) external pure returns (IIdentityRegistry.Identity memory id) {
        id.classes = 2;
        id.status = IIdentityRegistry.IdentityStatus.Active;
    }
}

/// @dev The authority tree as AmlLimits reads it: everyone manages everything, at rank 0.
contract LimitsTreeStub {
    function managerRank(address, uint64) external pure returns (bool, uint8) {
        return (true, 0);
    }
}

/**
 * @title LimitsHandler
 * @notice Deposits of random amounts at random intervals into one identity's window (issue 16), recording every one
 * AmlLimits accepted with its time: the ghost an exact rolling 24-hour window is computed from.
 */
contract LimitsHandler {
    AmlLimits public immutable aml;
    address internal constant TOKEN = address(0xBEEF);
    uint256 public constant CAP = 1000;

    uint256[] internal _times;
    uint256[] internal _amounts;
    uint256 public accepted;
    uint256 public refused;

    constructor() {
        aml = new AmlLimits(
            IAuthorityTree(address(new LimitsTreeStub())),
            IIdentityRegistry(address(new LimitsRegistryStub())),
            1
        );
        aml.createPolicy(1);
        aml.setLimit(1, TOKEN, 2, IAmlLimits.Kind.DepositPerDay, uint128(CAP));
    }

    function deposit(uint256 amountSeed, uint256 gapSeed) external {
        vm.warp(block.timestamp + (gapSeed % 40_000));
        uint256 amount = 1 + (amountSeed % 700);
        try aml.consumeDeposit(1, 0, 1, TOKEN, amount) {
            _times.push(block.timestamp);
            _amounts.push(amount);
            ++accepted;
        } catch {
            ++refused;
        }
    }

    /// @notice The most any 24-hour interval (t - 24 h, t] ending at an accepted deposit saw accepted.
    function worstDay() external view returns (uint256 worst) {
        uint256 n = _times.length;
        for (uint256 i; i < n; ++i) {
            uint256 sum;
            for (uint256 j; j < n; ++j) {
                if (_times[j] <= _times[i] && _times[j] + 86_400 > _times[i]) sum += _amounts[j];
            }
            if (sum > worst) worst = sum;
        }
    }
}

/// @notice Issue 16: the bucketed window never lets more than the cap through in any 24 hours.
contract AmlLimitsInvariants {
    LimitsHandler internal handler;

    function setUp() public {
        handler = new LimitsHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// forge-config: default.invariant.runs = 16
    /// forge-config: default.invariant.depth = 100
    function invariant_neverMoreThanTheCapIn24Hours() public view {
        require(handler.worstDay() <= handler.CAP(), "more than the cap within 24 hours");
    }
}
