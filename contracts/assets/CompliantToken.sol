// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {ICompliantToken} from "../interfaces/ICompliantToken.sol";
import {IEligibility, IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IMonetaryDesk} from "../interfaces/IMonetaryDesk.sol";
import {IVenueRegistry} from "../interfaces/IVenueRegistry.sol";
import {Scopes} from "../types/Scope.sol";
import {ChainClock} from "../utils/ChainClock.sol";
import {IRestrictionEpoch} from "../interfaces/IRestrictionEpoch.sol";
import {IAmlLimits, ILimitsAttachable} from "../interfaces/IAmlLimits.sol";

/**
 * @title CompliantToken
 * @notice A native asset issued against attested off-chain collateral. See ICompliantToken for the rules.
 * @dev Gas on the transfer path: the registries are immutables (no storage read to find them); the policy id and the
 * counts of frozen wallets and identities share one slot with Pausable's `_paused`, so the pause check, the policy and
 * the "is anything frozen at all" test cost one storage read. While nothing is frozen no freeze mapping is read and
 * no identity is looked up; otherwise each side costs a mapping read and, with an identity frozen, one identityOf
 * call. Eligibility is asked first; the venue registry only when a side is not eligible.
 */
contract CompliantToken is ICompliantToken, ERC20, Pausable, ChainClock, ILimitsAttachable {
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
    /// @inheritdoc ICompliantToken
    IMonetaryDesk public immutable DESK;

    uint8 private immutable _DECIMALS;

    // Packed with Pausable's `bool _paused` in one slot (see the contract notes); read on every transfer. The two
    // ranks are only written by compliance actions and read by them.
    uint32 private _policyId;
    uint32 private _frozenWalletCount;
    uint32 private _frozenIdentityCount;
    uint8 private _pauseRank;
    uint8 private _policyRank;
    /// @dev The cleared-by mark of the pause (set by unpause, removed by a pause).
    bool private _pauseCleared;
    uint8 private _pauseClearedRank;
    /// @dev The attached AML limits policy (issue 16; 0: none), in the slot every transfer reads: no limits, no cost.
    uint32 private _limitsPolicy;

    /// @dev The attached AML limits contract, the rank that attached or detached last, and whether anyone ever did.
    address private _limits;
    uint8 private _limitsRank;
    bool private _limitsSet;

    uint256 private _totalRedeemed;
    /// @dev When the last redemption happened (seconds): a reserve attested as of an earlier time predates it.
    uint40 private _lastRedeemedAt;

    /// @dev One slot per wallet (see ICompliantToken.WalletFreezeRecord): its own freeze, and the identity freeze
    /// (identity and serial) that recorded it; that record holds only while that very freeze stands.
    mapping(address wallet => WalletFreezeRecord) private _walletFreezes;
    /// @dev One slot per identity (see ICompliantToken.IdentityFreezeRecord).
    mapping(uint64 identityId => IdentityFreezeRecord) private _identityFreezes;

    /// @notice Who built the token and what it trusts.
    struct Deployment {
        IAuthorityTree tree;
        IEligibility eligibility;
        IVenueRegistry venues;
        IAssetRegistry assets;
        uint64 root;
        uint32 policyId;
        uint256 timeUnit;
        IMonetaryDesk desk;
        IMonetaryDesk.MonetaryTerms terms;
    }

    /**
     * @notice Issue a new native token for `issuer`, who must hold a valid ISSUE node under `d.root`. Deployed by the
     * TokenFactory on the asset registry's behalf; a token deployed any other way is never registered as Native.
     * @param name_ ERC-20 name.
     * @param symbol_ ERC-20 symbol.
     * @param decimals_ ERC-20 decimals; reserve attestations are in the smallest unit these define.
     * @param issuer The issuer: the only minter, and the lowest compliance authority.
     * @param d The registries, the root, the initial transfer policy, the chain's time unit, and the monetary desk
     * with the token's monetary terms (registered there now; the desk's errors propagate).
     */
    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        address issuer,
        Deployment memory d
    ) ERC20(name_, symbol_) ChainClock(d.timeUnit) {
        _requireSameClock(address(d.assets));
        _requireSameClock(address(d.desk));
        uint64 issuerNode = d.tree.nodeOf(issuer, d.root);
        if (!d.tree.nodeHasScope(issuerNode, Scopes.ISSUE)) revert IssuerNotLicensed(issuer, d.root);
        if (!d.eligibility.policyExists(d.policyId)) revert UnknownPolicy(d.policyId);
        TREE = d.tree;
        ELIGIBILITY = d.eligibility;
        VENUES = d.venues;
        ASSET_REGISTRY = address(d.assets);
        ROOT = d.root;
        ISSUER = issuer;
        ISSUER_NODE = issuerNode;
        _DECIMALS = decimals_;
        _policyId = d.policyId;
        _policyRank = d.tree.node(issuerNode).depth;
        DESK = d.desk;
        d.desk.register(
            d.terms,
            IMonetaryDesk.Wiring({
                tree: address(d.tree),
                assets: address(d.assets),
                venues: address(d.venues),
                issuer: issuer,
                issuerNode: issuerNode,
                root: d.root
            })
        );
        emit TokenIssued(
            d.root,
            issuerNode,
            issuer,
            d.policyId,
            decimals_,
            address(d.tree),
            address(d.eligibility),
            address(d.venues),
            address(d.assets)
        );
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Issuance and redemption
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICompliantToken
    function mint(address to, uint256 amount) external {
        // The minter is the issuer node's holder now, not the account it was issued for: a key rotated away (issue
        // 17) mints nothing, the node's new key does.
        if (TREE.nodeOf(msg.sender, ROOT) != ISSUER_NODE || !TREE.nodeHasScope(ISSUER_NODE, Scopes.ISSUE)) {
            revert NotIssuer(msg.sender);
        }
        // Into a venue contract's own address the tokens would back no client's balance in its ledger.
        if (VENUES.wasRegistered(to, ROOT)) revert VenueCreditRefused(to);
        _mint(to, amount); // the ordinary rules in _update
        // The rate, the cap and the reserve ratio, on the supply after the mint.
        DESK.countMint(amount, totalSupply(), _totalRedeemed);
    }

    /// @inheritdoc ICompliantToken
    function lockForRedemption(address payer, address holder, uint256 amount) external {
        if (msg.sender != address(DESK)) revert NotDesk(msg.sender);
        // The sender's rules of an ordinary movement; the desk itself is no eligible recipient, so the move bypasses
        // _update (which is also why nothing else can ever move tokens into or out of the escrow).
        if (paused()) revert EnforcedPause();
        (uint32 policy, uint32 frozenWallets, uint32 frozenIdentities) = (
            _policyId,
            _frozenWalletCount,
            _frozenIdentityCount
        );
        if (frozenWallets != 0 || frozenIdentities != 0) {
            _requireUnfrozen(payer, frozenIdentities);
            _requireUnfrozen(holder, frozenIdentities);
        }
        _requireAdmissible(payer, policy);
        // A venue's client: what a withdrawal to it would check, so a redemption is no way around a freeze or the
        // policy (a rejection returns the tokens to this wallet).
        if (holder != payer) _requireAdmissible(holder, policy);
        ERC20._update(payer, msg.sender, amount);
    }

    /// @inheritdoc ICompliantToken
    function closeEscrow(address holder, uint256 amount, bool burn, bytes32 ref) external {
        if (msg.sender != address(DESK)) revert NotDesk(msg.sender);
        if (burn) {
            ERC20._update(msg.sender, address(0), amount);
            _totalRedeemed += amount;
            _lastRedeemedAt = _now();
            emit Redeemed(holder, amount, ref);
        } else {
            // Returned whatever the holder's standing: a frozen or ineligible holder's tokens stay frozen in place.
            ERC20._update(msg.sender, holder, amount);
        }
    }

    /**
     * @notice ERC-20 transferFrom, with the spender checked too: it must be unfrozen and eligible under the token's
     * policy or a licensed venue or custodian, so an allowance cannot hand movements to someone the rules exclude.
     */
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        (uint32 policy, uint32 frozenWallets, uint32 frozenIdentities) = (
            _policyId,
            _frozenWalletCount,
            _frozenIdentityCount
        );
        // A venue pulling a deposit into itself is also the recipient, which _update checks the same way.
        if (msg.sender != to) {
            if (frozenWallets != 0 || frozenIdentities != 0) _requireUnfrozen(msg.sender, frozenIdentities);
            _requireAdmissible(msg.sender, policy);
        }
        return super.transferFrom(from, to, value);
    }

    /**
     * @dev Every allowance change is logged, also transferFrom's spending (which OpenZeppelin leaves unlogged to save
     * gas), so that an auditor rebuilds every allowance from events alone. Plain transfers do not pass here.
     */
    function _approve(address owner, address spender, uint256 value, bool) internal override {
        super._approve(owner, spender, value, true);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Compliance actions
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICompliantToken
    function forcedTransfer(address from, address to, uint256 amount, bytes32 reasonCode) external {
        uint8 rank = _checkForcedTransfer(from, to, msg.sender, reasonCode);
        ERC20._update(from, to, amount); // deliberately bypasses this contract's _update rules
        emit ForcedTransfer(from, to, amount, reasonCode, msg.sender, rank);
    }

    /// @inheritdoc ICompliantToken
    function forcedTransferCheck(
        address from,
        address to,
        address by,
        bytes32 reasonCode
    ) external view returns (uint8 rank) {
        return _checkForcedTransfer(from, to, by, reasonCode);
    }

    /// @inheritdoc ICompliantToken
    function freezeWallet(address wallet, bytes32 reason) external {
        uint8 rank = _rank();
        if (reason == bytes32(0)) revert MissingReason();
        // Freezing a venue would strand every client's holding in it while its book keeps trading the token.
        if (_isVenue(wallet)) revert VenueHoldingsProtected(wallet);
        WalletFreezeRecord storage f = _walletFreezes[wallet];
        if (f.frozen) {
            // A higher authority takes over a lower one's freeze, so that the lower one can no longer lift it.
            if (rank >= f.rank) revert FreezeUnchanged(wallet, true);
        } else {
            if (f.cleared && rank > f.clearedRank) revert WalletClearedByHigherAuthority(wallet, f.clearedRank, rank);
            // Nor by the other path: a wallet freeze re-applies part of an identity freeze a higher rank lifted.
            uint64 identityId = _identityOf(wallet);
            IdentityFreezeRecord storage idf = _identityFreezes[identityId];
            if (idf.cleared && rank > idf.clearedRank) {
                revert IdentityClearedByHigherAuthority(identityId, idf.clearedRank, rank);
            }
            f.frozen = true;
            f.cleared = false;
            f.clearedRank = 0;
            ++_frozenWalletCount;
            _reportRestriction(); // a takeover restricts nothing new
        }
        f.rank = rank;
        emit WalletFrozen(wallet, msg.sender, rank, reason);
    }

    /// @inheritdoc ICompliantToken
    function unfreezeWallet(address wallet) external {
        uint8 rank = _rank();
        WalletFreezeRecord storage f = _walletFreezes[wallet];
        if (!f.frozen) revert FreezeUnchanged(wallet, false);
        if (rank > f.rank) revert WalletFrozenByHigherAuthority(wallet, f.rank, rank);
        f.frozen = false;
        f.rank = 0;
        f.cleared = true; // cleared-by mark: no lower rank may freeze it again
        f.clearedRank = rank;
        --_frozenWalletCount;
        emit WalletUnfrozen(wallet, msg.sender, rank);
    }

    /// @inheritdoc ICompliantToken
    function freezeIdentity(uint64 identityId, bytes32 reason) external {
        uint8 rank = _rank();
        if (reason == bytes32(0)) revert MissingReason();
        IdentityFreezeRecord storage f = _identityFreezes[identityId];
        if (identityId == 0) revert IdentityFreezeUnchanged(identityId, true);
        if (f.frozen) {
            if (rank >= f.rank) revert IdentityFreezeUnchanged(identityId, true);
        } else {
            if (f.cleared && rank > f.clearedRank) {
                revert IdentityClearedByHigherAuthority(identityId, f.clearedRank, rank);
            }
            f.frozen = true;
            f.cleared = false;
            f.clearedRank = 0;
            ++f.serial; // a fresh freeze: records of the earlier ones no longer hold
            ++_frozenIdentityCount;
            _reportRestriction(); // a takeover restricts nothing new
        }
        f.rank = rank;
        uint32 serial = f.serial;
        // Record the identity's wallets now, so that re-binding them to another identity in the client registry
        // does not release them (bounded by the registry's MAX_WALLETS); the record names this freeze's serial, so
        // it lapses with this freeze and a wallet that left meanwhile is not caught by the identity's next one. A
        // wallet whose record still holds under another identity keeps it: its identity now is checked live anyway,
        // and overwriting would let this freeze's lifting release the older one's hold.
        IIdentityRegistry registry = IIdentityRegistry(address(ELIGIBILITY));
        address[] memory held = registry.wallets(identityId, 0, registry.MAX_WALLETS());
        for (uint256 i = 0; i < held.length; ++i) {
            WalletFreezeRecord storage w = _walletFreezes[held[i]];
            // Nor by the other path: the identity's freeze would re-freeze a wallet whose freeze a higher rank lifted.
            if (w.cleared && rank > w.clearedRank) revert WalletClearedByHigherAuthority(held[i], w.clearedRank, rank);
            uint64 recorded = w.frozenIdentity;
            if (recorded == 0 || recorded == identityId || !_recordHolds(recorded, w.identitySerial)) {
                w.frozenIdentity = identityId;
                w.identitySerial = serial;
            }
        }
        emit IdentityFrozen(identityId, msg.sender, rank, held, reason);
    }

    /// @inheritdoc ICompliantToken
    function unfreezeIdentity(uint64 identityId) external {
        uint8 rank = _rank();
        IdentityFreezeRecord storage f = _identityFreezes[identityId];
        if (!f.frozen) revert IdentityFreezeUnchanged(identityId, false);
        if (rank > f.rank) revert IdentityFrozenByHigherAuthority(identityId, f.rank, rank);
        f.frozen = false;
        f.rank = 0;
        f.cleared = true; // cleared-by mark: no lower rank may freeze it again
        f.clearedRank = rank;
        --_frozenIdentityCount;
        emit IdentityUnfrozen(identityId, msg.sender, rank);
    }

    /// @inheritdoc ICompliantToken
    function pause() external {
        uint8 rank = _rank();
        if (paused()) {
            // Taking over: a higher authority keeps the token paused against the lower one that paused it.
            if (rank >= _pauseRank) revert EnforcedPause();
        } else {
            if (_pauseCleared && rank > _pauseClearedRank)
                revert PauseClearedByHigherAuthority(_pauseClearedRank, rank);
            _pause();
            _pauseCleared = false;
            _pauseClearedRank = 0;
            _reportRestriction(); // a takeover restricts nothing new
        }
        _pauseRank = rank;
        emit PauseRankSet(msg.sender, rank);
    }

    /// @inheritdoc ICompliantToken
    function unpause() external {
        uint8 rank = _rank();
        if (paused() && rank > _pauseRank) revert PausedByHigherAuthority(_pauseRank, rank);
        _unpause();
        _pauseRank = 0;
        _pauseCleared = true; // cleared-by mark: no lower rank may pause again
        _pauseClearedRank = rank;
        emit PauseCleared(msg.sender, rank);
    }

    /// @inheritdoc ICompliantToken
    function setPolicy(uint32 policyId_) external {
        uint8 rank = _rank();
        uint32 previous = _policyId;
        if (rank > _policyRank) revert PolicySetByHigherAuthority(previous, _policyRank, rank);
        if (!ELIGIBILITY.policyExists(policyId_)) revert UnknownPolicy(policyId_);
        _policyId = policyId_;
        _policyRank = rank;
        emit PolicyChanged(previous, policyId_, msg.sender, rank);
        _reportRestriction(); // a new policy may exclude holders that venues' clearances admitted
    }

    /// @inheritdoc ILimitsAttachable
    function setLimits(address limits, uint32 limitsPolicyId) external {
        uint8 rank = _rank();
        if (_limitsSet && rank > _limitsRank) revert LimitsSetByHigherAuthority(_limitsRank, rank);
        if (
            limits == address(0)
                ? limitsPolicyId != 0
                : (limits != VENUES.amlLimits() || !IAmlLimits(limits).policyExists(limitsPolicyId))
        ) {
            revert InvalidLimits(limits, limitsPolicyId);
        }
        (_limits, _limitsPolicy, _limitsRank, _limitsSet) = (limits, limitsPolicyId, rank, true);
        emit LimitsAttached(limits, limitsPolicyId, msg.sender, rank);
    }

    /// @inheritdoc ILimitsAttachable
    function limitsAttachment() external view returns (address, uint32, uint8, bool) {
        return (_limits, _limitsPolicy, _limitsRank, _limitsSet);
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
        return _walletFreezes[wallet].frozen;
    }

    /// @inheritdoc ICompliantToken
    function isIdentityFrozen(uint64 identityId) external view returns (bool) {
        return _identityFreezes[identityId].frozen;
    }

    /// @inheritdoc ICompliantToken
    function isFrozen(address wallet) external view returns (bool) {
        WalletFreezeRecord memory w = _walletFreezes[wallet];
        return
            w.frozen ||
            _identityFreezes[_identityOf(wallet)].frozen ||
            _recordHolds(w.frozenIdentity, w.identitySerial);
    }

    /// @inheritdoc ICompliantToken
    function walletFreeze(address wallet) external view returns (bool frozen, uint8 rank, uint64 frozenIdentity) {
        WalletFreezeRecord memory w = _walletFreezes[wallet];
        return (w.frozen, w.rank, w.frozenIdentity);
    }

    /// @inheritdoc ICompliantToken
    function identityFreeze(uint64 identityId) external view returns (bool frozen, uint8 rank) {
        IdentityFreezeRecord memory f = _identityFreezes[identityId];
        return (f.frozen, f.rank);
    }

    /// @inheritdoc ICompliantToken
    function walletFreezeRecord(address wallet) external view returns (WalletFreezeRecord memory) {
        return _walletFreezes[wallet];
    }

    /// @inheritdoc ICompliantToken
    function identityFreezeRecord(uint64 identityId) external view returns (IdentityFreezeRecord memory) {
        return _identityFreezes[identityId];
    }

    /// @inheritdoc ICompliantToken
    function pauseRank() external view returns (uint8) {
        return _pauseRank;
    }

    /// @inheritdoc ICompliantToken
    function pauseClearance() external view returns (bool cleared, uint8 rank) {
        return (_pauseCleared, _pauseClearedRank);
    }

    /// @inheritdoc ICompliantToken
    function policyRank() external view returns (uint8) {
        return _policyRank;
    }

    /// @inheritdoc ICompliantToken
    function lastRedeemedAt() external view returns (uint40) {
        return _lastRedeemedAt;
    }

    /// @inheritdoc ICompliantToken
    function totalRedeemed() external view returns (uint256) {
        return _totalRedeemed;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The one place the ordinary rules are enforced
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @dev Every transfer, transferFrom and mint passes here (forcedTransfer and the redemption hooks call
     * ERC20._update directly with their own checks). Checks, then the balance update (mint then asks the desk for the
     * rate, the cap and the reserve); the registries called are view-only, so there is no reentrancy to guard against.
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
            if (anyFrozen) _requireUnfrozen(from, frozenIdentities);
            IEligibility.Eligibility status = ELIGIBILITY.eligibility(from, policy);
            if (status != IEligibility.Eligibility.Eligible && !VENUES.isLicensed(from, ROOT)) {
                // Wind-down: a venue ever registered that is not licensed now (deregistered, its operator's licence
                // lapsed, its owner moved) holds its clients' tokens; it may still pay them out, to eligible wallets
                // only, so nothing gets stuck. It can take nothing in.
                if (to == address(0) || !VENUES.wasRegistered(from, ROOT) || !_isEligible(to, policy)) {
                    revert NotEligible(from, status);
                }
            }
        }
        if (to != address(0)) {
            if (anyFrozen) _requireUnfrozen(to, frozenIdentities);
            _requireAdmissible(to, policy);
        }
        super._update(from, to, value);
        // AML holding cap (issue 16): the receiving identity's wallets together, after the credit.
        if (to != address(0)) {
            uint32 limitsPolicy = _limitsPolicy; // the slot read above (warm)
            if (limitsPolicy != 0) IAmlLimits(_limits).checkHolding(limitsPolicy, from, to, value);
        }
    }

    function _isEligible(address wallet, uint32 policy) private view returns (bool) {
        return ELIGIBILITY.eligibility(wallet, policy) == IEligibility.Eligibility.Eligible;
    }

    /// @dev Whether `account` holds tokens for a ledger of clients: a contract ever registered under ROOT (whatever
    /// its licence says now), or a licensed venue or custodian (an operator's own account included).
    function _isVenue(address account) private view returns (bool) {
        return VENUES.wasRegistered(account, ROOT) || VENUES.isLicensed(account, ROOT);
    }

    /**
     * @dev The rules of a forced transfer of `from`'s tokens to `to` by `by` (see forcedTransferCheck); returns `by`'s
     * rank. Shared by forcedTransfer and, through forcedTransferCheck, by a venue's recovery.
     */
    function _checkForcedTransfer(
        address from,
        address to,
        address by,
        bytes32 reasonCode
    ) private view returns (uint8 rank) {
        rank = _rankOf(by);
        if (reasonCode == bytes32(0)) revert MissingReason();
        if (from == address(0)) revert ERC20InvalidSender(from);
        if (to == address(0)) revert ERC20InvalidReceiver(to);
        // The escrow backs the desk's open requests one for one; a legal order reaches a request once the desk
        // has closed it (a rejection returns the tokens to the holder).
        if (from == address(DESK) || to == address(DESK)) revert EscrowProtected(address(DESK));
        // A venue's balance backs its clients' internal balances: taking from it would leave its ledger insolvent.
        // Unless it is under a wallet freeze: that freeze predates its being a venue (a venue cannot be frozen) and
        // a frozen account takes nothing in, so all it holds predates that too and backs no client of its ledger;
        // the freezer's rank (checked below) keeps its reach.
        if (!_walletFreezes[from].frozen && _isVenue(from)) revert VenueHoldingsProtected(from);
        // Into a venue contract's own address the tokens would back no client's balance in its ledger.
        if (VENUES.wasRegistered(to, ROOT)) revert VenueCreditRefused(to);
        if (paused() && rank > _pauseRank) revert PausedByHigherAuthority(_pauseRank, rank);
        _checkForcedSender(from, to, rank);
        // The recipient must be someone an ordinary transfer could reach: unfrozen, eligible or licensed.
        (uint32 policy, uint32 frozenWallets, uint32 frozenIdentities) = (
            _policyId,
            _frozenWalletCount,
            _frozenIdentityCount
        );
        if (frozenWallets != 0 || frozenIdentities != 0) _requireUnfrozen(to, frozenIdentities);
        _requireAdmissible(to, policy);
    }

    /// @dev Reverts unless `wallet` is eligible under `policy` or a licensed venue or custodian under ROOT.
    function _requireAdmissible(address wallet, uint32 policy) private view {
        IEligibility.Eligibility status = ELIGIBILITY.eligibility(wallet, policy);
        if (status != IEligibility.Eligibility.Eligible && !VENUES.isLicensed(wallet, ROOT)) {
            revert NotEligible(wallet, status);
        }
    }

    /**
     * @dev Reverts if `wallet` or its identity is frozen, or if the identity it had when an identity freeze recorded
     * it is still frozen. One slot for the wallet; the identity lookups only while some identity is frozen.
     */
    function _requireUnfrozen(address wallet, uint32 frozenIdentities) private view {
        WalletFreezeRecord storage w = _walletFreezes[wallet]; // fields read as needed: one slot, warm after the first
        if (w.frozen) revert WalletIsFrozen(wallet);
        if (frozenIdentities != 0) {
            uint64 identityId = _identityOf(wallet);
            if (_identityFreezes[identityId].frozen) revert IdentityIsFrozen(wallet, identityId);
            uint64 recorded = w.frozenIdentity;
            if (recorded != 0 && recorded != identityId && _recordHolds(recorded, w.identitySerial)) {
                revert IdentityIsFrozen(wallet, recorded);
            }
        }
    }

    /// @dev The identity the client registry binds `wallet` to now (0: none); one copy of the call, for code size.
    function _identityOf(address wallet) private view returns (uint64) {
        return ELIGIBILITY.identityOf(wallet);
    }

    /// @dev Whether a wallet's record of identity `recorded`'s freeze number `serial` still holds: that very freeze
    /// stands (the identity is frozen and has not been lifted and frozen afresh since).
    function _recordHolds(uint64 recorded, uint32 serial) private view returns (bool) {
        if (recorded == 0) return false;
        IdentityFreezeRecord memory f = _identityFreezes[recorded];
        return f.frozen && f.serial == serial;
    }

    /**
     * @dev A forced transfer out of `from`: every freeze covering `from` must have been set at `rank` or below
     * (a larger depth), and a frozen or sanctions-listed `from` may not be emptied into another wallet of its own
     * identity.
     */
    function _checkForcedSender(address from, address to, uint8 rank) private view {
        WalletFreezeRecord memory w = _walletFreezes[from];
        bool frozen = w.frozen;
        if (frozen && rank > w.rank) revert WalletFrozenByHigherAuthority(from, w.rank, rank);
        uint64 identityId = _identityOf(from);
        frozen = _checkIdentityRank(identityId, rank) || frozen;
        // The identity a standing identity freeze recorded `from` under, if another one.
        uint64 recorded =
            w.frozenIdentity != identityId && _recordHolds(w.frozenIdentity, w.identitySerial) ? w.frozenIdentity : 0;
        frozen = _checkIdentityRank(recorded, rank) || frozen;
        // A sanctions listing (any root's, of `from` or its identity) freezes in place too (issue 16 review M2):
        // recovery never hands a listed party's tokens back to another of its wallets.
        if (!frozen && TREE.sanctionRoots(from, identityId).length == 0) return;
        uint64 toIdentity = _identityOf(to);
        if (toIdentity != 0 && (toIdentity == identityId || toIdentity == recorded)) {
            revert RecipientInFrozenIdentity(from, to, toIdentity);
        }
    }

    /// @dev Whether `identityId` is frozen; reverts if it was frozen above `rank`.
    function _checkIdentityRank(uint64 identityId, uint8 rank) private view returns (bool) {
        if (identityId == 0) return false;
        IdentityFreezeRecord memory f = _identityFreezes[identityId];
        if (f.frozen && rank > f.rank) revert IdentityFrozenByHigherAuthority(identityId, f.rank, rank);
        return f.frozen;
    }

    /// @dev Advance the tree's restriction epoch, so that venues re-check their cached clearances. A token the asset
    /// registry issued is enrolled as a reporter in the same transaction (roles never go down); one deployed otherwise
    /// is no venue's native leg and has nothing to report.
    function _reportRestriction() private {
        if (TREE.reporterRole(address(this)) != IRestrictionEpoch.ReporterRole.None) TREE.reportRestriction(ROOT);
    }

    /// @dev The rank (depth) at which the caller acts on the issuer's node; reverts unless it is the issuer or a
    /// valid ancestor's account.
    function _rank() private view returns (uint8 rank) {
        return _rankOf(msg.sender);
    }

    /// @dev The rank at which `account` acts on the issuer's node; reverts unless it is the issuer or a valid
    /// ancestor's account.
    function _rankOf(address account) private view returns (uint8 rank) {
        bool manages;
        (manages, rank) = TREE.managerRank(account, ISSUER_NODE);
        if (!manages) revert NotComplianceAuthority(account);
    }
}
