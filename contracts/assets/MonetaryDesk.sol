// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAssetRegistry} from "../interfaces/IAssetRegistry.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {ICompliantToken} from "../interfaces/ICompliantToken.sol";
import {IMonetaryDesk} from "../interfaces/IMonetaryDesk.sol";
import {IVenueRegistry} from "../interfaces/IVenueRegistry.sol";
import {Scopes} from "../types/Scope.sol";
import {ChainClock} from "../utils/ChainClock.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @dev The hooks a CompliantToken opens to the desk alone.
interface IDeskHooks {
    function lockForRedemption(address payer, address holder, uint256 amount) external;

    function closeEscrow(address holder, uint256 amount, bool burn, bytes32 ref) external;
}

/**
 * @title MonetaryDesk
 * @notice The monetary policy and redemption desk of every native token of the suite. See IMonetaryDesk.
 * @dev State per token, keyed by the token's address, written first by the token's own constructor. Every call
 * into a token is to a registered token about its own entry, after this desk's state is written
 * (checks-effects-interactions); open requests are listed in an array with swap-and-pop removal, so listing costs
 * O(1) per change and a page is bounded.
 */
contract MonetaryDesk is IMonetaryDesk, ChainClock {
    /// @notice The longest page `openRedemptions` returns.
    uint256 public constant MAX_PAGE = 100;
    /// @notice The smallest reserve ratio: 100% (backing, never fractional reserve).
    uint32 public constant MIN_RESERVE_RATIO_BPS = 10_000;
    /// @notice The longest mint period (window arithmetic stays far inside uint40 seconds).
    uint40 public constant MAX_MINT_PERIOD = 3650 days;

    mapping(address token => Policy) private _policies;
    mapping(address token => Wiring) private _wirings;
    mapping(address token => mapping(uint64 id => Redemption)) private _redemptions;
    mapping(address token => uint64[]) private _open;
    /// @dev Position + 1 of an open request in `_open[token]` (0: not open).
    mapping(address token => mapping(uint64 id => uint256)) private _openPosition;

    /// @param timeUnit Chain timestamp units per second (1, or 1000 on PlatON); tokens check they share it.
    constructor(uint256 timeUnit) ChainClock(timeUnit) {}

    // ---------------------------------------------------------------------------------------------------------------
    // Registration and mint accounting (called by tokens)
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IMonetaryDesk
    function register(MonetaryTerms calldata terms, Wiring calldata wired) external {
        Policy storage p = _policies[msg.sender];
        if (p.mintPeriod != 0) revert AlreadyRegistered(msg.sender);
        if (
            terms.supplyCap == 0 ||
            terms.mintRate == 0 ||
            terms.mintPeriod == 0 ||
            terms.mintPeriod > MAX_MINT_PERIOD ||
            terms.reserveRatioBps < MIN_RESERVE_RATIO_BPS ||
            // supply x ratio stays inside uint256 for any supply under the cap (the reserve rule's arithmetic).
            terms.supplyCap > type(uint256).max / terms.reserveRatioBps
        ) revert InvalidTerms(terms.supplyCap, terms.mintRate, terms.mintPeriod, terms.reserveRatioBps);
        p.supplyCap = terms.supplyCap;
        p.mintRate = terms.mintRate;
        p.rateCeiling = terms.mintRate;
        p.mintPeriod = terms.mintPeriod;
        p.reserveRatioBps = terms.reserveRatioBps;
        p.windowStart = _now();
        _wirings[msg.sender] = wired;
        emit TokenRegistered(msg.sender, terms, wired);
    }

    /// @inheritdoc IMonetaryDesk
    function countMint(uint256 amount, uint256 supplyAfter, uint256 totalRedeemed) external {
        Policy storage p = _registered(msg.sender);
        (uint40 start, uint128 minted) = _window(p);
        uint256 allowed = p.mintRate > minted ? p.mintRate - minted : 0;
        if (amount > allowed) revert MintRateExceeded(msg.sender, amount, p.mintRate, allowed, start + p.mintPeriod);
        uint256 cap = p.supplyCap;
        if (supplyAfter > cap) {
            uint256 before = supplyAfter - amount;
            revert SupplyCapExceeded(msg.sender, supplyAfter, cap, cap > before ? cap - before : 0);
        }
        minted += uint128(amount); // amount <= allowed <= mintRate, a uint128
        (p.windowStart, p.mintedInWindow) = (start, minted);
        emit MintCounted(msg.sender, amount, start, minted);
        _requireReserveCover(msg.sender, p.reserveRatioBps, supplyAfter, totalRedeemed);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Policy changes (the issuer and its ancestors)
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IMonetaryDesk
    function lowerSupplyCap(address token, uint256 cap) external {
        Policy storage p = _registered(token);
        uint8 rank = _rank(token);
        uint256 previous = p.supplyCap;
        if (cap >= previous) revert CapNotLowered(token, previous, cap);
        // Locked redemptions are still in the supply: a rejection returns them, so they must fit under the cap.
        uint256 supply = IERC20(token).totalSupply();
        if (cap < supply) revert CapBelowSupply(token, cap, supply);
        p.supplyCap = cap;
        emit SupplyCapLowered(token, previous, cap, msg.sender, rank);
    }

    /// @inheritdoc IMonetaryDesk
    function setMintRate(address token, uint128 rate) external {
        Policy storage p = _registered(token);
        uint8 rank = _rank(token);
        uint128 previous = p.mintRate;
        uint128 ceiling = p.rateCeiling;
        if (rate == previous || rate == 0 || rate > ceiling) revert MintRateRefused(token, rate, previous, ceiling);
        bool raise = rate > previous;
        if (raise) {
            // Loosening: the rank that bound the lowering, or a higher one (smaller depth).
            if (rank > p.rateRank) revert MintRateSetByHigherAuthority(token, p.rateRank, rank);
            (p.rateCleared, p.rateClearedRank) = (true, rank);
            // A partial raise by a higher rank binds what is left below the ceiling: a lower rank may not raise past
            // it (at the ceiling nothing is left to bind; the next lowering sets the rank afresh).
            if (rate < ceiling && rank < p.rateRank) p.rateRank = rank;
        } else {
            if (p.rateCleared && rank > p.rateClearedRank) {
                revert MintRateClearedByHigherAuthority(token, p.rateClearedRank, rank);
            }
            // The highest rank among the lowerings standing binds: a lower one cannot undo a higher one's by
            // lowering a little more and raising back.
            if (previous == ceiling || p.rateCleared || rank < p.rateRank) p.rateRank = rank;
            (p.rateCleared, p.rateClearedRank) = (false, 0);
        }
        p.mintRate = rate;
        emit MintRateSet(token, previous, rate, msg.sender, rank, p.rateRank, raise);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Redemptions
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IMonetaryDesk
    function requestRedemption(address token, uint256 amount, bytes32 requestRef) external returns (uint64 id) {
        return _request(token, msg.sender, amount, requestRef);
    }

    /// @inheritdoc IMonetaryDesk
    function requestRedemptionFor(
        address token,
        address holder,
        uint256 amount,
        bytes32 requestRef
    ) external returns (uint64 id) {
        _registered(token);
        Wiring storage w = _wirings[token];
        // A venue contract registered with the EXCHANGE scope and licensed now: an operator's or a custodian's own
        // account holds no client ledger to debit, so it files for nobody but itself. The token checks `holder` as
        // a withdrawal's recipient (a rejection returns the tokens to it).
        IVenueRegistry venues = IVenueRegistry(w.venues);
        (, uint32 scope) = venues.registration(msg.sender, w.root);
        if (scope != Scopes.EXCHANGE || !venues.isLicensed(msg.sender, w.root)) {
            revert NotLicensedVenue(token, msg.sender);
        }
        return _request(token, holder, amount, requestRef);
    }

    /// @inheritdoc IMonetaryDesk
    function confirmRedemption(address token, uint64 id, bytes32 payoutRef) external {
        (Redemption storage r, uint8 rank) = _close(token, id, payoutRef, RedemptionStatus.Settled);
        emit RedemptionSettled(token, id, msg.sender, payoutRef, rank);
        IDeskHooks(token).closeEscrow(r.holder, r.amount, true, payoutRef);
    }

    /// @inheritdoc IMonetaryDesk
    function rejectRedemption(address token, uint64 id, bytes32 reason) external {
        (Redemption storage r, uint8 rank) = _close(token, id, reason, RedemptionStatus.Rejected);
        emit RedemptionRejected(token, id, msg.sender, reason, rank);
        IDeskHooks(token).closeEscrow(r.holder, r.amount, false, reason);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IMonetaryDesk
    function policy(address token) external view returns (Policy memory p) {
        p = _policies[token];
        if (p.mintPeriod != 0) (p.windowStart, p.mintedInWindow) = _window(_policies[token]);
    }

    /// @notice What token `token` declared about itself at registration.
    function wiring(address token) external view returns (Wiring memory) {
        return _wirings[token];
    }

    /// @inheritdoc IMonetaryDesk
    function redemption(address token, uint64 id) external view returns (Redemption memory) {
        return _redemptions[token][id];
    }

    /// @inheritdoc IMonetaryDesk
    function openRedemptions(address token, uint256 offset, uint256 limit) external view returns (uint64[] memory ids) {
        if (limit > MAX_PAGE) revert PageTooLong(limit, MAX_PAGE);
        uint64[] storage open = _open[token];
        uint256 end = offset + limit < open.length ? offset + limit : open.length;
        ids = new uint64[](end > offset ? end - offset : 0);
        for (uint256 i = 0; i < ids.length; ++i) ids[i] = open[offset + i];
    }

    /// @inheritdoc IMonetaryDesk
    function mintAllowance(address token) external view returns (uint256 allowedNow, uint40 moreAt) {
        Policy storage p = _registered(token);
        (uint40 start, uint128 minted) = _window(p);
        allowedNow = p.mintRate > minted ? p.mintRate - minted : 0;
        uint256 supply = IERC20(token).totalSupply();
        uint256 capRoom = p.supplyCap > supply ? p.supplyCap - supply : 0;
        if (capRoom < allowedNow) allowedNow = capRoom;
        moreAt = start + p.mintPeriod;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------------------------

    function _request(address token, address holder, uint256 amount, bytes32 requestRef) private returns (uint64 id) {
        Policy storage p = _registered(token);
        if (amount == 0 || holder == address(0) || requestRef == bytes32(0)) {
            revert InvalidRedemption(token, holder, amount, requestRef);
        }
        id = ++p.redemptionCount;
        _redemptions[token][id] = Redemption({
            holder: holder,
            status: RedemptionStatus.Requested,
            requestedAt: _now(),
            closedAt: 0,
            payer: msg.sender,
            amount: amount,
            requestRef: requestRef,
            closeRef: bytes32(0)
        });
        _open[token].push(id);
        _openPosition[token][id] = _open[token].length;
        ++p.openCount;
        p.outstanding += amount;
        emit RedemptionRequested(token, id, holder, msg.sender, amount, requestRef);
        // The token applies its sender rules to the payer and moves the amount into this desk's escrow.
        IDeskHooks(token).lockForRedemption(msg.sender, holder, amount);
    }

    /**
     * @dev Checks the caller and the request, closes it with `status` and `ref`, and takes it off the open list;
     * returns the request and the caller's rank. Any valid manager of the issuer's node may reject (the tokens go
     * back); a settlement asserts a payout, so at the issuer's own rank it needs the ISSUE scope, while a higher rank
     * (a regulator winding down a revoked issuer) settles with its own payout reference.
     */
    function _close(
        address token,
        uint64 id,
        bytes32 ref,
        RedemptionStatus status
    ) private returns (Redemption storage r, uint8 rank) {
        Policy storage p = _registered(token);
        rank = _rank(token);
        if (status == RedemptionStatus.Settled) {
            Wiring storage w = _wirings[token];
            IAuthorityTree tree = IAuthorityTree(w.tree);
            if (rank >= tree.node(w.issuerNode).depth && !tree.nodeHasScope(w.issuerNode, Scopes.ISSUE)) {
                revert NotTokenIssuer(token, msg.sender);
            }
        }
        if (ref == bytes32(0)) revert MissingCloseReference(token, id);
        r = _redemptions[token][id];
        if (r.status != RedemptionStatus.Requested) revert RedemptionNotOpen(token, id, r.status);
        (r.status, r.closedAt, r.closeRef) = (status, _now(), ref);
        --p.openCount;
        p.outstanding -= r.amount;
        uint64[] storage open = _open[token];
        uint256 position = _openPosition[token][id];
        uint64 last = open[open.length - 1];
        open[position - 1] = last;
        _openPosition[token][last] = position;
        open.pop();
        delete _openPosition[token][id];
    }

    /// @dev The current mint window of `p` and what it minted: a window that ended gives way to the one holding now.
    function _window(Policy storage p) private view returns (uint40 start, uint128 minted) {
        (start, minted) = (p.windowStart, p.mintedInWindow);
        uint40 t = _now();
        uint40 period = p.mintPeriod;
        if (t >= start + period) (start, minted) = (t - ((t - start) % period), 0);
    }

    /// @dev The reserve rule (see IMonetaryDesk): the token must be a registered Native asset whose reserve counts now.
    function _requireReserveCover(address token, uint32 ratio, uint256 supply, uint256 redeemed) private view {
        Wiring storage w = _wirings[token];
        IAssetRegistry assets = IAssetRegistry(w.assets);
        uint32 assetId = assets.assetIdOf(token, w.root);
        // Registered as External by mistake, the token would escape the reserve requirement of its pairs: refuse.
        if (assetId == 0 || assets.asset(assetId).kind != IAssetRegistry.AssetKind.Native) {
            revert ICompliantToken.AssetNotRegistered(token, w.root);
        }
        (uint256 reserve, uint256 redeemedAtAttestation, bool valid) = assets.reserveCover(assetId);
        if (!valid) revert ICompliantToken.NoValidReserve(assetId);
        // Redemptions since the attestation's snapshot were paid out of the reserve it measured.
        uint256 redeemedSince = redeemed > redeemedAtAttestation ? redeemed - redeemedAtAttestation : 0;
        // No arithmetic panic: supply x ratio fits (the cap is bounded at registration), and a reserve too large to
        // scale by 10,000 counts as the largest that scales (fail closed: never more cover than attested).
        uint256 maxCover = type(uint256).max / MIN_RESERVE_RATIO_BPS;
        if (reserve > maxCover) reserve = maxCover;
        if (redeemedSince > reserve || supply * ratio > (reserve - redeemedSince) * MIN_RESERVE_RATIO_BPS) {
            revert ICompliantToken.ReserveExceeded(supply, redeemedSince, reserve);
        }
    }

    function _registered(address token) private view returns (Policy storage p) {
        p = _policies[token];
        if (p.mintPeriod == 0) revert TokenNotRegistered(token);
    }

    /// @dev The rank at which the caller acts on `token`'s issuer node; reverts unless it manages it.
    function _rank(address token) private view returns (uint8 rank) {
        Wiring storage w = _wirings[token];
        bool manages;
        (manages, rank) = IAuthorityTree(w.tree).managerRank(msg.sender, w.issuerNode);
        if (!manages) revert NotMonetaryAuthority(token, msg.sender);
    }
}
