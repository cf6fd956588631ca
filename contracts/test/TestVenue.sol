// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/**
 * @title TestVenue
 * @notice Test only: a contract that holds tokens the way an exchange or custody contract does, moving them on
 * anyone's instruction (no access control: never deploy). Its `owner` is the operator it consents to be registered by.
 */
contract TestVenue {
    using SafeERC20 for IERC20;

    address private immutable _OWNER;

    constructor(address owner_) {
        _OWNER = owner_;
    }

    /// @notice The operator that may register this venue in the venue registry (its consent).
    function owner() public view virtual returns (address) {
        return _OWNER;
    }

    /// @notice Send `amount` of `token` held here to `to`.
    function send(IERC20 token, address to, uint256 amount) external {
        token.safeTransfer(to, amount);
    }

    /// @notice Pull `amount` of `token` from `from` (who approved this contract) into this contract.
    function pull(IERC20 token, address from, uint256 amount) external {
        token.safeTransferFrom(from, address(this), amount);
    }
}

/**
 * @title TestMovableVenue
 * @notice Test only: a TestVenue whose owner can be handed to anyone (by anyone: never deploy), to show that a venue
 * whose owner() moves away from the operator that registered it is no longer licensed.
 */
contract TestMovableVenue is TestVenue {
    address private _movedTo;

    constructor(address owner_) TestVenue(owner_) {}

    /// @notice The account the venue names as its owner from now on (zero: back to the deploying operator).
    function moveOwner(address to) external {
        _movedTo = to;
    }

    /// @inheritdoc TestVenue
    function owner() public view override returns (address) {
        address moved = _movedTo;
        return moved == address(0) ? super.owner() : moved;
    }
}
