// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title IVenueRegistry
 * @notice Licensed venues and custodians: the accounts and contracts that may hold and move native compliant tokens
 * on behalf of eligible clients, per authority root.
 * @dev An account is licensed under a root when either
 *  - it holds a valid node under that root that effectively holds EXCHANGE or CUSTODY (the operator itself), or
 *  - it is a contract registered under that root by such a holder, whose node is still valid and still holds the
 *    scope it registered with, and whose `owner()` is still the account that registered it.
 * The licence is checked when used, so revoking or suspending an operator (or any of its ancestors), or the venue
 * naming another owner, unlicenses the contract at once, with no walk over anything.
 *
 * Consent: a contract is registered only by the account its `owner()` names (the operator deploys or owns the
 * venue), so no operator can license a contract that did not choose it; the registry records that owner, and a
 * venue whose owner moves elsewhere (even to another licensed account) is unlicensed until it names the recorded
 * owner again, or its registration is removed and its new owner registers it. Rank: a deregistration bars the
 * (venue, root) at the deregistering authority's depth; registering it again needs an operator node at that depth or
 * above, and lifts the bar. An operator may deregister its own venue (a voluntary wind-down; it may register it
 * again, as its own bar is at its own rank).
 *
 * Once registered under a root, a contract is remembered for good (`wasRegistered`): a native token of that root
 * treats it as a venue whose holdings back its clients' balances (never force-transferred, frozen or credited
 * outside its ledger), and while it is not licensed (deregistered, operator's licence lapsed, owner moved) as a venue
 * winding down that may only pay eligible wallets.
 */
interface IVenueRegistry {
    /// @notice Contract `venue` was registered under `root` by node `operatorNode` holding `scope` (EXCHANGE/CUSTODY),
    /// whose account `owner` the venue named as its owner (the licence holds while it still does).
    event VenueRegistered(
        address indexed venue,
        uint64 indexed root,
        uint64 indexed operatorNode,
        uint32 scope,
        address owner
    );

    /// @notice The registration of `venue` under `root` was removed by `by`, acting at depth `rank`; the venue is
    /// barred under `root` below that rank.
    event VenueDeregistered(address indexed venue, uint64 indexed root, address by, uint8 rank);

    /// @notice The registration of `venue` under `root` followed its operator change (issue 17): its owner is now
    /// `owner`, registering node `operatorNode`.
    event VenueOperatorFollowed(address indexed venue, uint64 indexed root, uint64 indexed operatorNode, address owner);

    /// @notice The governor `by` named `limits` the AML limits contract of this stack, for good.
    event AmlLimitsSet(address indexed limits, address by);

    /// @notice Only the tree's governor `governor` names the AML limits contract (the caller was `caller`).
    error NotTreeGovernor(address caller, address governor);
    /// @notice `caller` is not `venue`: only the venue makes its registration follow its operator.
    error FollowerNotVenue(address caller, address venue);
    /// @notice The AML limits contract is named already (`limits`); it is set once, or `limits` is no contract.
    error AmlLimitsAlreadySet(address limits);
    /// @notice `scope` is neither EXCHANGE nor CUSTODY.
    error InvalidVenueScope(uint32 scope);
    /// @notice `account` holds no valid node under `root` that effectively holds `scope`.
    error NotOperator(address account, uint64 root, uint32 scope);
    /// @notice `venue` is not a contract (an operator's own account is licensed without registration).
    error VenueNotAContract(address venue);
    /// @notice `venue` is already registered under `root` by node `operatorNode`.
    error VenueAlreadyRegistered(address venue, uint64 root, uint64 operatorNode);
    /// @notice `venue` is not registered under `root`.
    error VenueNotRegistered(address venue, uint64 root);
    /// @notice `caller` holds neither the registering node `operatorNode` nor a valid ancestor of it.
    error NotVenueManager(address caller, uint64 operatorNode);
    /// @notice `venue`'s owner() is `owner` (zero if it has none), not the registering `caller`.
    error VenueConsentMissing(address venue, address owner, address caller);
    /// @notice `venue` was deregistered under `root` at depth `barRank`; the caller's node is at `callerRank`.
    error VenueBarredByHigherAuthority(address venue, uint64 root, uint8 barRank, uint8 callerRank);

    /**
     * @notice Register contract `venue` (an exchange or custody contract you operate) under `root`.
     * @dev Caller: a valid holder of `scope` (EXCHANGE or CUSTODY) under `root`, named by the venue's `owner()`, at or
     * above any deregistration bar. An existing registration is never replaced: it must first be removed by its
     * operator or one of the operator's ancestors.
     */
    function registerVenue(address venue, uint64 root, uint32 scope) external;

    /// @notice Remove the registration of `venue` under `root`. Caller: the registering node's account (its own
    /// venue: a voluntary wind-down) or a valid ancestor's. The venue stays known (`wasRegistered`).
    function deregisterVenue(address venue, uint64 root) external;

    /**
     * @notice Make `venue`'s registration under `root` follow its operator change (issue 17): the owner its owner()
     * names now, and that owner's node under `root`, which must hold the registered scope (NotOperator). Only the venue
     * itself calls (FollowerNotVenue), on its operator change; a changed node advances `root`'s restriction epoch.
     */
    function followOperator(address venue, uint64 root) external;

    /// @notice Whether `account` is a licensed venue or custodian under `root` now (see the contract notes).
    function isLicensed(address account, uint64 root) external view returns (bool);

    /// @notice Whether `venue` is barred under `root` by a deregistration, and the depth a registration needs.
    function deregistrationBar(address venue, uint64 root) external view returns (bool barred, uint8 depth);

    /// @notice The registration of `venue` under `root` (zeros if none), live or not.
    function registration(address venue, uint64 root) external view returns (uint64 operatorNode, uint32 scope);

    /// @notice The owner `venue` named when it was registered under `root` (zero if not registered now).
    function registeredOwner(address venue, uint64 root) external view returns (address);

    /**
     * @notice Name `limits` the stack's AML limits contract, once: venues and native tokens attach policies of this
     * contract only, so an impostor (one that merely answers like it) can never be attached.
     * @dev Caller: the authority tree's governor. Irrevocable (a new AmlLimits means a new stack).
     */
    function setAmlLimits(address limits) external;

    /// @notice The stack's AML limits contract (zero until the governor names it).
    function amlLimits() external view returns (address);

    /// @notice Whether `venue` was ever registered under `root` (registered now, or deregistered since).
    function wasRegistered(address venue, uint64 root) external view returns (bool);
}
