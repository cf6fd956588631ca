// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRestrictionEpoch} from "../interfaces/IRestrictionEpoch.sol";
import {ISanctionsList} from "../interfaces/ISanctionsList.sol";
import {RestrictionEpoch} from "./RestrictionEpoch.sol";

/// @dev What the tree reads of a client registry to find a listed party's identity root.
interface ISanctionsRegistry {
    function AUTHORITY() external view returns (address);
    function identityOf(address wallet) external view returns (uint64);
    function identity(uint64 identityId) external view returns (uint256 attester, uint256 root);
}

/**
 * @title SanctionsList
 * @notice The sanctions lists of a compliance stack, one per root, kept by its authority tree beside the restriction
 * epochs (see ISanctionsList): every service already trusts the tree and reads it.
 * @dev The inheriting contract says who may act on a root's list and at which rank (`_sanctionsAuthority`).
 * Storage per party (a wallet, or an identity id with bit 160 set): its entry under each root, and the list of roots
 * listing it now (at most MAX_SANCTION_ROOTS), which is what a screening reads first: one slot per party, zero in the
 * usual case, so a check costs two storage reads when nothing is listed.
 */
abstract contract SanctionsList is RestrictionEpoch, ISanctionsList {
    /// @inheritdoc ISanctionsList
    uint256 public constant MAX_SANCTION_ROOTS = 16;

    /// @dev An entry: the reason in its own slot, the rest packed in one.
    struct Stored {
        bytes32 reason;
        uint64 node;
        uint8 rank;
        bool listed;
        bool cleared;
        uint8 clearedRank;
        uint8 position; // 1 + its index in the party's list of roots while listed
    }

    mapping(uint64 root => mapping(uint256 party => Stored)) private _entries;
    mapping(uint256 party => uint64[]) private _listers;

    /// @inheritdoc ISanctionsList
    function addSanction(uint64 rootId, address wallet, uint64 identityId, bytes32 reason, address registry) external {
        uint256 party = _party(wallet, identityId);
        if (reason == bytes32(0)) revert MissingSanctionReason();
        (uint64 node, uint8 rank) = _sanctionsAuthority(msg.sender, rootId, false);
        Stored storage e = _entries[rootId][party];
        bool takeover = e.listed;
        // A higher rank may take a lower one's entry over (so the lower one can no longer lift it); not the reverse.
        if (takeover && rank >= e.rank) revert AlreadySanctioned(rootId, wallet, identityId, e.rank);
        // Cleared-by rank: below the rank that last lifted the entry, nobody lists the party again (they escalate).
        if (e.cleared && rank > e.clearedRank) {
            revert SanctionClearedByHigherAuthority(rootId, wallet, identityId, e.clearedRank, rank);
        }
        uint64 partyRoot;
        if (!takeover) {
            partyRoot = _partyRoot(registry, wallet, identityId);
            uint64[] storage roots = _listers[party];
            if (roots.length >= MAX_SANCTION_ROOTS) revert TooManySanctionRoots(wallet, identityId, MAX_SANCTION_ROOTS);
            roots.push(rootId);
            e.position = uint8(roots.length);
        }
        e.reason = reason;
        e.node = node;
        e.rank = rank;
        e.listed = true;
        e.cleared = false;
        e.clearedRank = 0;
        emit SanctionAdded(rootId, wallet, identityId, reason, node, rank, takeover);
        if (takeover) return; // restricts nothing new
        // Every cached clearance of a client is stamped with its identity's root (and the venue's, the pair's):
        // advancing the listing root and the party's identity root reaches every cache that relied on the party.
        _advanceEpoch(rootId, address(this));
        if (partyRoot != 0 && partyRoot != rootId) _advanceEpoch(partyRoot, address(this));
    }

    /// @inheritdoc ISanctionsList
    function liftSanction(uint64 rootId, address wallet, uint64 identityId) external {
        uint256 party = _party(wallet, identityId);
        (uint64 node, uint8 rank) = _sanctionsAuthority(msg.sender, rootId, true);
        Stored storage e = _entries[rootId][party];
        if (!e.listed) revert NotSanctioned(rootId, wallet, identityId);
        if (rank > e.rank) revert SanctionedByHigherAuthority(rootId, wallet, identityId, e.rank, rank);
        // Swap-and-pop the root out of the party's list (bounded: one move).
        uint64[] storage roots = _listers[party];
        uint256 index = e.position - 1;
        uint256 last = roots.length - 1;
        if (index != last) {
            uint64 moved = roots[last];
            roots[index] = moved;
            _entries[moved][party].position = uint8(index + 1);
        }
        roots.pop();
        _entries[rootId][party] = Stored({
            reason: bytes32(0),
            node: node,
            rank: 0,
            listed: false,
            cleared: true,
            clearedRank: rank,
            position: 0
        });
        // Lifting only grants: no epoch advances (IRestrictionEpoch).
        emit SanctionLifted(rootId, wallet, identityId, node, rank);
    }

    /// @inheritdoc ISanctionsList
    function sanctionEntry(
        uint64 rootId,
        address wallet,
        uint64 identityId
    ) external view returns (SanctionEntry memory) {
        Stored storage e = _entries[rootId][_party(wallet, identityId)];
        return SanctionEntry(e.reason, e.node, e.rank, e.listed, e.cleared, e.clearedRank);
    }

    /// @inheritdoc ISanctionsList
    function sanctionRoots(address wallet, uint64 identityId) external view returns (uint64[] memory) {
        return _sanctionRoots(wallet, identityId);
    }

    /// @dev The roots listing `wallet`, then those listing `identityId` (either may be 0: none).
    function _sanctionRoots(address wallet, uint64 identityId) internal view returns (uint64[] memory roots) {
        uint64[] storage w = _listers[uint160(wallet)];
        uint64[] storage i = _listers[_identityKey(identityId)];
        uint256 wn = wallet == address(0) ? 0 : w.length;
        uint256 n = identityId == 0 ? 0 : i.length;
        roots = new uint64[](wn + n);
        for (uint256 k; k < wn; ++k) roots[k] = w[k];
        for (uint256 k; k < n; ++k) roots[wn + k] = i[k];
    }

    /// @inheritdoc ISanctionsList
    function requireNotSanctioned(uint64 rootA, uint64 rootB, address wallet, uint64 identityId) external view {
        _screen(rootA, wallet, identityId);
        if (rootB != rootA) _screen(rootB, wallet, identityId);
    }

    /// @inheritdoc ISanctionsList
    function requireNotSanctionedAnywhere(address wallet, uint64 identityId) external view {
        uint64[] memory roots = _sanctionRoots(wallet, identityId);
        if (roots.length != 0) _screen(roots[0], wallet, identityId); // roots[0] lists one of them: it reverts
    }

    /// @dev Reverts with PartySanctioned if `wallet` or `identityId` is on `rootId`'s list.
    function _screen(uint64 rootId, address wallet, uint64 identityId) private view {
        if (rootId == 0) return;
        if (wallet != address(0) && _listers[uint160(wallet)].length != 0) {
            Stored storage e = _entries[rootId][uint160(wallet)];
            if (e.listed) revert PartySanctioned(rootId, wallet, 0, e.reason);
        }
        if (identityId != 0 && _listers[_identityKey(identityId)].length != 0) {
            Stored storage e = _entries[rootId][_identityKey(identityId)];
            if (e.listed) revert PartySanctioned(rootId, address(0), identityId, e.reason);
        }
    }

    /// @dev The root of the identity of the party (0 for a wallet without one), read from `registry`, which must be a
    /// client registry of this tree: a reporter (named by the governor) whose AUTHORITY is this tree.
    function _partyRoot(address registry, address wallet, uint64 identityId) private view returns (uint64) {
        if (
            IRestrictionEpoch(address(this)).reporterRole(registry) == ReporterRole.None ||
            ISanctionsRegistry(registry).AUTHORITY() != address(this)
        ) revert UnknownClientRegistry(registry);
        uint64 id = wallet != address(0) ? ISanctionsRegistry(registry).identityOf(wallet) : identityId;
        if (id == 0) return 0;
        (, uint256 root) = ISanctionsRegistry(registry).identity(id); // an unknown identity reverts there
        return uint64(root);
    }

    /// @dev The storage key of a party: the wallet, or the identity id with bit 160 set.
    function _party(address wallet, uint64 identityId) private pure returns (uint256) {
        if ((wallet == address(0)) == (identityId == 0)) revert InvalidSanctionParty(wallet, identityId);
        return wallet != address(0) ? uint160(wallet) : _identityKey(identityId);
    }

    function _identityKey(uint64 identityId) private pure returns (uint256) {
        return (uint256(1) << 160) | identityId;
    }

    /// @dev The node `account` acts through on `rootId`'s list and its rank; reverts NotSanctionsRoot /
    /// NotSanctionsAuthority.
    function _sanctionsAuthority(
        address account,
        uint64 rootId,
        bool lift
    ) internal view virtual returns (uint64 id, uint8 rank);
}
