// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {ICompliantToken} from "../interfaces/ICompliantToken.sol";
import {IEligibility} from "../interfaces/IIdentityRegistry.sol";
import {IVenueRegistry} from "../interfaces/IVenueRegistry.sol";
import {Scopes} from "../types/Scope.sol";
import {ChainClock} from "../utils/ChainClock.sol";

/**
 * @title CompliantToken
 * @notice A native asset issued against attested off-chain collateral. See ICompliantToken for the rules.
 * @dev Gas on the transfer path: the registries are immutables (no storage read to find them); the policy id and the
 * counts of frozen wallets and identities share one slot with Pausable's `_paused`, so the pause check, the policy and
 * the "is anything frozen at all" test cost one storage read. While nothing is frozen no freeze mapping is read and
 * no identity is looked up; otherwise each side costs a mapping read and, with an identity frozen, one identityOf
 * call. Eligibility is asked first; the venue registry only when a side is not eligible.
 */
contract CompliantToken is ICompliantToken, ERC20, Pausable, ChainClock {
    /// @notice The authority tree the issuer and its regulators hold nodes in.
    IAuthorityTree public immutable TREE;
    /// @notice The client registry that decides eligibility.
    IEligibility public immutable ELIGIBILITY;
    /// @notice The registry of licensed venues and custodians.
    IVenueRegistry public immutable VENUES;
    /// @inheritdoc ICompliantToken
    address public immutable ASSET_REGISTRY;
    /// @inheritdoc ICompliantToken
    uint64 public immutable ROOT;
    /// @inheritdoc ICompliantToken
    address public immutable ISSUER;
    /// @inheritdoc ICompliantToken
    uint64 public immutable ISSUER_NODE;

    uint8 private immutable _DECIMALS;

    // Packed with Pausable's `bool _paused` in one slot (see the contract notes); read on every transfer.
    uint32 private _policyId;
    uint32 private _frozenWalletCount;
    uint32 private _frozenIdentityCount;

    mapping(address wallet => bool) private _frozenWallets;
    mapping(uint64 identityId => bool) private _frozenIdentities;

    /// @notice Who built the token and what it trusts.
    struct Deployment {
        IAuthorityTree tree;
        IEligibility eligibility;
        IVenueRegistry venues;
        IAssetRegistry assets;
        uint64 root;
        uint32 policyId;
        uint256 timeUnit;
    }

    /**
     * @notice Issue a new native token; the deployer is its issuer and must hold a valid ISSUE node under `d.root`.
     * @param name_ ERC-20 name.
     * @param symbol_ ERC-20 symbol.
     * @param decimals_ ERC-20 decimals; reserve attestations are in the smallest unit these define.
     * @param d The registries, the root, the initial transfer policy and the chain's time unit.
     */
    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        Deployment memory d
    ) ERC20(name_, symbol_) ChainClock(d.timeUnit) {
        _requireSameClock(address(d.assets));
        uint64 issuerNode = d.tree.nodeOf(msg.sender, d.root);
        if (!d.tree.nodeHasScope(issuerNode, Scopes.ISSUE)) revert IssuerNotLicensed(msg.sender, d.root);
        if (!d.eligibility.policyExists(d.policyId)) revert UnknownPolicy(d.policyId);
        TREE = d.tree;
        ELIGIBILITY = d.eligibility;
        VENUES = d.venues;
        ASSET_REGISTRY = address(d.assets);
        ROOT = d.root;
        ISSUER = msg.sender;
        ISSUER_NODE = issuerNode;
        _DECIMALS = decimals_;
        _policyId = d.policyId;
        emit TokenIssued(d.root, issuerNode, msg.sender, d.policyId);
    }

    modifier onlyComplianceAuthority() {
        if (!TREE.canManage(msg.sender, ISSUER_NODE)) revert NotComplianceAuthority(msg.sender);
        _;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Issuance and redemption
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICompliantToken
    function mint(address to, uint256 amount) external {
        if (msg.sender != ISSUER || !TREE.nodeHasScope(ISSUER_NODE, Scopes.ISSUE)) revert NotIssuer(msg.sender);
        _mint(to, amount); // the reserve cap is enforced in _update
    }

    /// @inheritdoc ICompliantToken
    function redeem(uint256 amount, bytes32 redemptionRef) external {
        _burn(msg.sender, amount);
        emit Redeemed(msg.sender, amount, redemptionRef);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Compliance actions
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICompliantToken
    function forcedTransfer(
        address from,
        address to,
        uint256 amount,
        bytes32 reasonCode
    ) external onlyComplianceAuthority {
        if (reasonCode == bytes32(0)) revert MissingReason();
        if (from == address(0)) revert ERC20InvalidSender(from);
        if (to == address(0)) revert ERC20InvalidReceiver(to);
        // The recipient must be someone an ordinary transfer could reach: unfrozen, eligible or licensed. Nothing
        // about `from` is checked or changed: its freeze (if any) survives, and so does every other.
        (uint32 policy, uint32 frozenWallets, uint32 frozenIdentities) = (
            _policyId,
            _frozenWalletCount,
            _frozenIdentityCount
        );
        _requireUnfrozen(to, frozenWallets, frozenIdentities);
        _requireAdmissible(to, policy);
        ERC20._update(from, to, amount); // deliberately bypasses this contract's _update rules
        emit ForcedTransfer(from, to, amount, reasonCode, msg.sender);
    }

    /// @inheritdoc ICompliantToken
    function freezeWallet(address wallet, bytes32 reason) external onlyComplianceAuthority {
        if (_frozenWallets[wallet]) revert FreezeUnchanged(wallet, true);
        _frozenWallets[wallet] = true;
        ++_frozenWalletCount;
        emit WalletFrozen(wallet, msg.sender, reason);
    }

    /// @inheritdoc ICompliantToken
    function unfreezeWallet(address wallet) external onlyComplianceAuthority {
        if (!_frozenWallets[wallet]) revert FreezeUnchanged(wallet, false);
        _frozenWallets[wallet] = false;
        --_frozenWalletCount;
        emit WalletUnfrozen(wallet, msg.sender);
    }

    /// @inheritdoc ICompliantToken
    function freezeIdentity(uint64 identityId, bytes32 reason) external onlyComplianceAuthority {
        if (identityId == 0 || _frozenIdentities[identityId]) revert IdentityFreezeUnchanged(identityId, true);
        _frozenIdentities[identityId] = true;
        ++_frozenIdentityCount;
        emit IdentityFrozen(identityId, msg.sender, reason);
    }

    /// @inheritdoc ICompliantToken
    function unfreezeIdentity(uint64 identityId) external onlyComplianceAuthority {
        if (!_frozenIdentities[identityId]) revert IdentityFreezeUnchanged(identityId, false);
        _frozenIdentities[identityId] = false;
        --_frozenIdentityCount;
        emit IdentityUnfrozen(identityId, msg.sender);
    }

    /// @inheritdoc ICompliantToken
    function pause() external onlyComplianceAuthority {
        _pause();
    }

    /// @inheritdoc ICompliantToken
    function unpause() external onlyComplianceAuthority {
        _unpause();
    }

    /// @inheritdoc ICompliantToken
    function setPolicy(uint32 policyId_) external onlyComplianceAuthority {
        if (!ELIGIBILITY.policyExists(policyId_)) revert UnknownPolicy(policyId_);
        uint32 previous = _policyId;
        _policyId = policyId_;
        emit PolicyChanged(previous, policyId_, msg.sender);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice ERC-20 decimals, fixed at issuance.
    function decimals() public view override returns (uint8) {
        return _DECIMALS;
    }

    /// @inheritdoc ICompliantToken
    function policyId() external view returns (uint32) {
        return _policyId;
    }

    /// @inheritdoc ICompliantToken
    function isWalletFrozen(address wallet) external view returns (bool) {
        return _frozenWallets[wallet];
    }

    /// @inheritdoc ICompliantToken
    function isIdentityFrozen(uint64 identityId) external view returns (bool) {
        return _frozenIdentities[identityId];
    }

    /// @inheritdoc ICompliantToken
    function isFrozen(address wallet) external view returns (bool) {
        return _frozenWallets[wallet] || _frozenIdentities[ELIGIBILITY.identityOf(wallet)];
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The one place the ordinary rules are enforced
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @dev Every transfer, transferFrom, mint and redemption passes here (forcedTransfer calls ERC20._update directly
     * with its own checks). Checks, then the balance update, then the reserve cap of a mint, which needs the new
     * supply; the registries called are view-only, so there is no reentrancy to guard against.
     */
    function _update(address from, address to, uint256 value) internal override {
        // One storage read: the policy and the freeze counts share Pausable's slot (read first so the compiler can
        // reuse the loaded word for the pause flag).
        (uint32 policy, uint32 frozenWallets, uint32 frozenIdentities) = (
            _policyId,
            _frozenWalletCount,
            _frozenIdentityCount
        );
        if (paused()) revert EnforcedPause();
        bool anyFrozen = frozenWallets != 0 || frozenIdentities != 0;
        if (from != address(0)) {
            if (anyFrozen) _requireUnfrozen(from, frozenWallets, frozenIdentities);
            _requireAdmissible(from, policy);
        }
        if (to != address(0)) {
            if (anyFrozen) _requireUnfrozen(to, frozenWallets, frozenIdentities);
            _requireAdmissible(to, policy);
        }
        super._update(from, to, value);
        if (from == address(0)) _requireReserveCover();
    }

    /// @dev Reverts unless `wallet` is eligible under `policy` or a licensed venue or custodian under ROOT.
    function _requireAdmissible(address wallet, uint32 policy) private view {
        IEligibility.Eligibility status = ELIGIBILITY.eligibility(wallet, policy);
        if (status != IEligibility.Eligibility.Eligible && !VENUES.isLicensed(wallet, ROOT)) {
            revert NotEligible(wallet, status);
        }
    }

    /// @dev Reverts if `wallet` or its identity is frozen; skips the lookups while nothing of that kind is frozen.
    function _requireUnfrozen(address wallet, uint32 frozenWallets, uint32 frozenIdentities) private view {
        if (frozenWallets != 0 && _frozenWallets[wallet]) revert WalletIsFrozen(wallet);
        if (frozenIdentities != 0) {
            uint64 identityId = ELIGIBILITY.identityOf(wallet);
            if (_frozenIdentities[identityId]) revert IdentityIsFrozen(wallet, identityId);
        }
    }

    /// @dev After a mint: the reserve attestation must count now and cover the whole supply.
    function _requireReserveCover() private view {
        IAssetRegistry assets = IAssetRegistry(ASSET_REGISTRY);
        uint32 assetId = assets.assetIdOf(address(this), ROOT);
        // Registered as External by mistake, the token would escape the reserve requirement of its pairs: refuse.
        if (assetId == 0 || assets.asset(assetId).kind != IAssetRegistry.AssetKind.Native) {
            revert AssetNotRegistered(address(this), ROOT);
        }
        (uint256 reserve, bool valid) = assets.reserveOf(assetId);
        if (!valid) revert NoValidReserve(assetId);
        uint256 supply = totalSupply();
        if (supply > reserve) revert ReserveExceeded(supply, reserve);
    }
}
