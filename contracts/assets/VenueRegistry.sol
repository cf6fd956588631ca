// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IVenueRegistry} from "../interfaces/IVenueRegistry.sol";
import {Scopes} from "../types/Scope.sol";

/**
 * @title VenueRegistry
 * @notice Which contracts operate as licensed venues or custodians under each root. See IVenueRegistry for the rules.
 * @dev Stateless about time: every check goes to the authority tree, whose clock is the suite's.
 */
contract VenueRegistry is IVenueRegistry {
    uint32 private constant _VENUE_SCOPES = Scopes.EXCHANGE | Scopes.CUSTODY;

    /// @notice The authority tree whose EXCHANGE and CUSTODY holders act here.
    IAuthorityTree public immutable TREE;

    /// @dev operatorNode (64) + scope (32): one slot.
    struct Registration {
        uint64 operatorNode;
        uint32 scope;
    }

    mapping(address venue => mapping(uint64 root => Registration)) private _registrations;

    /// @param tree The authority tree.
    constructor(IAuthorityTree tree) {
        TREE = tree;
    }

    /// @inheritdoc IVenueRegistry
    function registerVenue(address venue, uint64 root, uint32 scope) external {
        if (scope != Scopes.EXCHANGE && scope != Scopes.CUSTODY) revert InvalidVenueScope(scope);
        uint64 operatorNode = TREE.nodeOf(msg.sender, root);
        if (!TREE.nodeHasScope(operatorNode, scope)) revert NotOperator(msg.sender, root, scope);
        if (venue.code.length == 0) revert VenueNotAContract(venue);
        Registration storage r = _registrations[venue][root];
        if (r.operatorNode != 0) revert VenueAlreadyRegistered(venue, root, r.operatorNode);
        r.operatorNode = operatorNode;
        r.scope = scope;
        emit VenueRegistered(venue, root, operatorNode, scope);
    }

    /// @inheritdoc IVenueRegistry
    function deregisterVenue(address venue, uint64 root) external {
        Registration memory r = _registrations[venue][root];
        if (r.operatorNode == 0) revert VenueNotRegistered(venue, root);
        if (!TREE.canManage(msg.sender, r.operatorNode)) revert NotVenueManager(msg.sender, r.operatorNode);
        delete _registrations[venue][root];
        emit VenueDeregistered(venue, root, msg.sender);
    }

    /// @inheritdoc IVenueRegistry
    function isLicensed(address account, uint64 root) external view returns (bool) {
        Registration memory r = _registrations[account][root];
        if (r.operatorNode != 0) return TREE.nodeHasScope(r.operatorNode, r.scope);
        return TREE.effectiveScopes(TREE.nodeOf(account, root)) & _VENUE_SCOPES != 0;
    }

    /// @inheritdoc IVenueRegistry
    function registration(address venue, uint64 root) external view returns (uint64 operatorNode, uint32 scope) {
        Registration memory r = _registrations[venue][root];
        return (r.operatorNode, r.scope);
    }
}
