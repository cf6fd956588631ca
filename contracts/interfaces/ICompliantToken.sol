// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IEligibility} from "./IIdentityRegistry.sol";
import {IMonetaryDesk} from "./IMonetaryDesk.sol";

/**
 * @title ICompliantToken
 * @notice A native asset: an ERC-20 issued by an ISSUE holder against off-chain collateral, whose supply is capped by
 * the latest valid reserve attestation and which moves only between eligible clients and licensed venues.
 * @dev Created only through the asset registry (AssetRegistry.issueNative, via its TokenFactory), wired to the
 * suite's canonical tree, client registry, venue registry and asset registry; only such tokens register as Native.
 * Rules for every ordinary movement (transfer, transferFrom, mint, a redemption request), enforced in one place:
 *  - the token is not paused;
 *  - neither side is frozen, by wallet or by identity (an issuer-level freeze, distinct from the client registry's);
 *    an identity freeze covers the wallets bound to the identity now and those it had when that freeze was set,
 *    wherever they are bound since (a wallet that left the identity before a later freeze is not caught by it);
 *  - each side (other than the zero address of a mint or burn) is eligible under the token's policy, or is a licensed
 *    venue or custodian under the token's root (see IVenueRegistry); so to or from a venue only the counterparty
 *    needs to be eligible;
 *  - for transferFrom, the spender too is unfrozen and eligible or licensed (checked once when it is the recipient);
 *  - a venue contract ever registered under the root (IVenueRegistry.wasRegistered) that is not licensed now
 *    (deregistered, its operator's licence lapsed, or its owner moved) winds down: it takes nothing in and pays out
 *    only to eligible wallets, so its clients can always withdraw;
 *  - after a mint, supply plus what was redeemed since the reserve attestation's snapshot does not exceed the
 *    attested reserve (redemptions are paid out of the reserve), and that attestation counts now.
 * Compliance actions (freeze, forced transfer, pause, policy) may be taken by the issuer or by any valid ancestor of
 * the issuer's node (its regulator), each at its rank: the depth of the node it acts through. A freeze, the pause and
 * the policy remember the rank that set them; only that rank or a higher one (smaller depth) may lift or change them,
 * and a higher rank may take over a lower one's freeze or pause. Cleared-by rank: lifting a freeze or the pause
 * records the lifting rank; while that mark stands, the same restriction by a lower rank is refused (the lower
 * authority escalates instead of silently undoing the decision); that rank or a higher one may restrict again, which
 * replaces the mark. Freezes need a non-zero reason, like forced transfers.
 * forcedTransfer (recovery) ignores the sender's eligibility, but moving out of a frozen wallet or identity, or while
 * paused, needs the freezer's or pauser's rank; it never delivers to a wallet of a frozen sender's identity, never
 * takes from a licensed or (ever) registered venue (whose internal ledger it would leave insolvent: a venue recovers
 * through its own path, which applies these same rules through forcedTransferCheck) unless a wallet freeze set
 * before it became one still stands (the freezer's rank then reaches what it held then, which is all it holds), never
 * delivers into a venue contract's own address (tokens no account of its ledger would own), and changes no freeze. A
 * licensed or (ever) registered venue cannot be frozen: a regulator stops a venue through its licence (the venue then
 * winds down) or by pausing the token. Minting is the issuer's alone, never into a venue contract's own address.
 */
interface ICompliantToken {
    /// @notice A wallet's freeze record: its own freeze (and rank), the identity freeze that recorded it (and that
    /// freeze's serial), and the cleared-by mark of its last unfreeze (the rank that lifted it).
    struct WalletFreezeRecord {
        bool frozen;
        uint8 rank;
        uint64 frozenIdentity;
        uint32 identitySerial;
        bool cleared;
        uint8 clearedRank;
    }

    /// @notice An identity's freeze record: the freeze (and rank), how many times it was freshly frozen (the serial
    /// of the current or last freeze), and the cleared-by mark of its last unfreeze.
    struct IdentityFreezeRecord {
        bool frozen;
        uint8 rank;
        uint32 serial;
        bool cleared;
        uint8 clearedRank;
    }

    /// @notice The token was issued under `root` by `issuer` (node `issuerNode`) with transfer policy `policyId`,
    /// `decimals`, and wired to `tree`, `eligibility`, `venues` and the asset registry `assets`.
    event TokenIssued(
        uint64 indexed root,
        uint64 indexed issuerNode,
        address issuer,
        uint32 policyId,
        uint8 decimals,
        address tree,
        address eligibility,
        address venues,
        address assets
    );
    /// @notice The transfer policy changed from `previousPolicyId` to `policyId`, by `by` acting at `rank`.
    event PolicyChanged(uint32 previousPolicyId, uint32 policyId, address by, uint8 rank);
    /// @notice `wallet` was frozen (or its freeze taken over) by `by` at `rank`: it can neither send nor receive.
    event WalletFrozen(address indexed wallet, address indexed by, uint8 rank, bytes32 reason);
    /// @notice `wallet` was unfrozen by `by` acting at `rank`.
    event WalletUnfrozen(address indexed wallet, address indexed by, uint8 rank);
    /// @notice Identity `identityId` was frozen (or its freeze taken over) by `by` at `rank`; `wallets` were its
    /// wallets then, and stay covered by this freeze wherever they are bound later.
    event IdentityFrozen(uint64 indexed identityId, address indexed by, uint8 rank, address[] wallets, bytes32 reason);
    /// @notice Identity `identityId` was unfrozen by `by` acting at `rank`.
    event IdentityUnfrozen(uint64 indexed identityId, address indexed by, uint8 rank);
    /// @notice The token was paused, or its pause taken over, by `by` at `rank` (Pausable's Paused comes with a pause).
    event PauseRankSet(address indexed by, uint8 rank);
    /// @notice The pause was lifted by `by` at `rank` (with Pausable's Unpaused): a lower rank may not pause again.
    event PauseCleared(address indexed by, uint8 rank);
    /// @notice `amount` was moved from `from` to `to` by `by` (at `rank`) outside the ordinary rules, for `reasonCode`.
    event ForcedTransfer(
        address indexed from,
        address indexed to,
        uint256 amount,
        bytes32 reasonCode,
        address by,
        uint8 rank
    );
    /// @notice `holder`'s redemption of `amount` was settled: burned out of the desk's escrow, paid out off-chain
    /// against `redemptionRef` (the issuer's payout reference; see IMonetaryDesk for the request).
    event Redeemed(address indexed holder, uint256 amount, bytes32 redemptionRef);

    /// @notice `caller` is not the token's issuer holding a valid ISSUE node.
    error NotIssuer(address caller);
    /// @notice `caller` is neither the issuer (valid node) nor the account of a valid ancestor of the issuer's node.
    error NotComplianceAuthority(address caller);
    /// @notice `issuer` holds no valid ISSUE node under `root`.
    error IssuerNotLicensed(address issuer, uint64 root);
    /// @notice `policyId` names no eligibility policy.
    error UnknownPolicy(uint32 policyId);
    /// @notice `wallet` is neither eligible (`reason`) nor a licensed venue or custodian.
    error NotEligible(address wallet, IEligibility.Eligibility reason);
    /// @notice `wallet` is frozen.
    error WalletIsFrozen(address wallet);
    /// @notice `wallet` belongs (or belonged when it was frozen) to frozen identity `identityId`.
    error IdentityIsFrozen(address wallet, uint64 identityId);
    /// @notice The token is not registered as a Native asset of its root in the asset registry.
    error AssetNotRegistered(address token, uint64 root);
    /// @notice Asset `assetId` has no reserve attestation that counts now: minting fails closed.
    error NoValidReserve(uint32 assetId);
    /// @notice A mint would bring supply to `supplyAfter`, which with `redeemedSince` (redeemed since the reserve was
    /// attested, paid out of it) exceeds the attested reserve `reserve`.
    error ReserveExceeded(uint256 supplyAfter, uint256 redeemedSince, uint256 reserve);
    /// @notice The wallet is already in the requested freeze state (or frozen at a rank the caller cannot take over).
    error FreezeUnchanged(address wallet, bool frozen);
    /// @notice The identity is already in the requested freeze state (identity 0 cannot be frozen).
    error IdentityFreezeUnchanged(uint64 identityId, bool frozen);
    /// @notice A forced transfer needs a non-zero reason code.
    error MissingReason();
    /// @notice `wallet` was frozen at `freezeRank`; the caller acts at `callerRank`, below it.
    error WalletFrozenByHigherAuthority(address wallet, uint8 freezeRank, uint8 callerRank);
    /// @notice Identity `identityId` was frozen at `freezeRank`; the caller acts at `callerRank`, below it.
    error IdentityFrozenByHigherAuthority(uint64 identityId, uint8 freezeRank, uint8 callerRank);
    /// @notice The token was paused at `pauseRank`; the caller acts at `callerRank`, below it.
    error PausedByHigherAuthority(uint8 pauseRank, uint8 callerRank);
    /// @notice Policy `policyId` was set at `policyRank`; the caller acts at `callerRank`, below it.
    error PolicySetByHigherAuthority(uint32 policyId, uint8 policyRank, uint8 callerRank);
    /// @notice A forced transfer out of frozen or sanctions-listed `from` may not deliver to `to`, a wallet of the same
    /// identity.
    error RecipientInFrozenIdentity(address from, address to, uint64 identityId);
    /// @notice `venue` is a licensed or (ever) registered venue or custodian: its holdings back an internal ledger,
    /// so they are never force-transferred nor frozen.
    error VenueHoldingsProtected(address venue);
    /// @notice `venue` is a venue contract: a mint or forced transfer into it would create tokens no account of its
    /// ledger owns.
    error VenueCreditRefused(address venue);
    /// @notice `wallet` was unfrozen at `clearedRank`; the caller acts at `callerRank`, below it.
    error WalletClearedByHigherAuthority(address wallet, uint8 clearedRank, uint8 callerRank);
    /// @notice Identity `identityId` was unfrozen at `clearedRank`; the caller acts at `callerRank`, below it.
    error IdentityClearedByHigherAuthority(uint64 identityId, uint8 clearedRank, uint8 callerRank);
    /// @notice The pause was lifted at `clearedRank`; the caller acts at `callerRank`, below it.
    error PauseClearedByHigherAuthority(uint8 clearedRank, uint8 callerRank);
    /// @notice `caller` is not the token's monetary desk, the only caller of the redemption hooks.
    error NotDesk(address caller);
    /// @notice The monetary desk `desk` holds only redemption escrow: no forced transfer takes from it or delivers
    /// to it.
    error EscrowProtected(address desk);

    /// @notice Mint `amount` to `to`. Caller: the issuer. Within the desk's mint rate and supply cap, and covered by
    /// the valid attested reserve at the token's reserve ratio (fails closed). Never into a venue contract's own
    /// address.
    function mint(address to, uint256 amount) external;

    /// @notice Move `amount` from `payer` into the desk's escrow for a redemption request in `holder`'s name.
    /// Caller: the desk only.
    /// @dev `payer` must be able to send (not paused, unfrozen, eligible or licensed), as for any movement; a
    /// `holder` other than the payer (a venue's client) must be able to receive it, as from a withdrawal.
    function lockForRedemption(address payer, address holder, uint256 amount) external;

    /// @notice Close a redemption of `holder`'s `amount` held in the desk's escrow: burn it (counted in
    /// totalRedeemed, Redeemed emitted with `ref`) or return it to `holder`. Caller: the desk only.
    function closeEscrow(address holder, uint256 amount, bool burn, bytes32 ref) external;

    /// @notice Move `amount` from `from` to `to` for recovery or a legal order. Caller: a compliance authority.
    /// @dev Exactly the rules of forcedTransferCheck, with the caller as `by`. No freeze is changed by this call.
    function forcedTransfer(address from, address to, uint256 amount, bytes32 reasonCode) external;

    /**
     * @notice Whether `by` may force-move `from`'s tokens to `to` for `reasonCode`: returns the rank `by` would act
     * at, or reverts with the reason it may not (the very error forcedTransfer would revert with). The one rule
     * shared by the token's forcedTransfer and a venue's recovery of the token held for `from`.
     * @dev `by` must be a compliance authority; `reasonCode` non-zero; `from` and `to` non-zero; `from` not a
     * licensed or (ever) registered venue unless under a wallet freeze (set before it was one: all it holds predates
     * that); `to` not a venue contract; while paused, `by` at the pauser's rank or
     * above; out of a frozen wallet or identity, `by` at the freezer's rank or above and `to` not a wallet of that
     * identity; `to` unfrozen and eligible or licensed. Balances are not checked.
     */
    function forcedTransferCheck(
        address from,
        address to,
        address by,
        bytes32 reasonCode
    ) external view returns (uint8 rank);

    /// @notice Freeze `wallet` for non-zero `reason`. Caller: a compliance authority, at or above the rank of a
    /// standing cleared-by mark of the wallet or of its identity. Never a licensed or (ever) registered venue.
    function freezeWallet(address wallet, bytes32 reason) external;

    /// @notice Unfreeze `wallet`. Caller: a compliance authority at the freezer's rank or above.
    function unfreezeWallet(address wallet) external;

    /// @notice Freeze every wallet of identity `identityId` for non-zero `reason`: those the client registry maps to
    /// it at each check, and those it has now (at most MAX_WALLETS), even once re-bound elsewhere, for as long as
    /// this freeze stands. Caller: a compliance authority, at or above the rank of a standing cleared-by mark of the
    /// identity or of any of its wallets; a higher rank may take over a lower one's freeze.
    function freezeIdentity(uint64 identityId, bytes32 reason) external;

    /// @notice Unfreeze identity `identityId`. Caller: a compliance authority at the freezer's rank or above.
    function unfreezeIdentity(uint64 identityId) external;

    /// @notice Stop every ordinary movement (transfers, mints, redemptions). Caller: a compliance authority, at or
    /// above the rank of a standing cleared-by mark; a higher rank may take over a lower one's pause.
    function pause() external;

    /// @notice Resume ordinary movements. Caller: a compliance authority at the pauser's rank or above.
    function unpause() external;

    /// @notice Switch the transfer policy to existing policy `policyId`. Caller: a compliance authority at the rank
    /// that set the current policy or above (which cannot tell tightening from loosening, so any change needs it).
    function setPolicy(uint32 policyId) external;

    /// @notice The authority root the token is issued under.
    function ROOT() external view returns (uint64);

    /// @notice The account the token was issued for (a creation record). The issuer's authority is ISSUER_NODE's:
    /// after a key rotation of that node its current holder mints and this account does not.
    function ISSUER() external view returns (address);

    /// @notice The issuer's ISSUE node (checked at issuance and at every mint).
    function ISSUER_NODE() external view returns (uint64);

    /// @notice The monetary desk that keeps the token's cap, mint rate, reserve ratio and redemptions.
    function DESK() external view returns (IMonetaryDesk);

    /// @notice The asset registry whose reserve attestations cap the supply.
    function ASSET_REGISTRY() external view returns (address);

    /// @notice The eligibility policy transfers are checked against.
    function policyId() external view returns (uint32);

    /// @notice Whether `wallet` is frozen by wallet (not counting identity freezes).
    function isWalletFrozen(address wallet) external view returns (bool);

    /// @notice Whether identity `identityId` is frozen.
    function isIdentityFrozen(uint64 identityId) external view returns (bool);

    /// @notice Whether `wallet` is frozen, by wallet or through its identity (now or at an identity freeze).
    function isFrozen(address wallet) external view returns (bool);

    /// @notice The wallet freeze of `wallet`: whether it is frozen, the rank that froze it, and the identity whose
    /// freeze recorded it (0 if none).
    function walletFreeze(address wallet) external view returns (bool frozen, uint8 rank, uint64 frozenIdentity);

    /// @notice The freeze of identity `identityId`: whether it is frozen and the rank that froze it.
    function identityFreeze(uint64 identityId) external view returns (bool frozen, uint8 rank);

    /// @notice The rank that paused the token (meaningful while paused).
    function pauseRank() external view returns (uint8);

    /// @notice The full freeze record of `wallet` (see WalletFreezeRecord).
    function walletFreezeRecord(address wallet) external view returns (WalletFreezeRecord memory);

    /// @notice The full freeze record of identity `identityId` (see IdentityFreezeRecord).
    function identityFreezeRecord(uint64 identityId) external view returns (IdentityFreezeRecord memory);

    /// @notice The cleared-by mark of the pause: whether the last unpause left one, and its rank.
    function pauseClearance() external view returns (bool cleared, uint8 rank);

    /// @notice The rank that set the current policy.
    function policyRank() external view returns (uint8);

    /// @notice Everything ever redeemed (settled redemptions, burned): the reserve cap counts redemptions since the
    /// reserve attestation's snapshot of this number.
    function totalRedeemed() external view returns (uint256);

    /// @notice When the last redemption happened (seconds; 0 if none). A reserve attestation for this token must be
    /// as of a later time, so that its snapshot of totalRedeemed never counts a redemption the reserve still held.
    function lastRedeemedAt() external view returns (uint40);
}
