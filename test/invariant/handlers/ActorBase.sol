// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuthorityTree} from "../../../contracts/interfaces/IAuthorityTree.sol";
import {IIdentityRegistry} from "../../../contracts/interfaces/IIdentityRegistry.sol";
import {IAssetRegistry} from "../../../contracts/interfaces/IAssetRegistry.sol";
import {IPairRegistry} from "../../../contracts/interfaces/IPairRegistry.sol";
import {IVenueRegistry} from "../../../contracts/interfaces/IVenueRegistry.sol";
import {IExchange} from "../../../contracts/interfaces/IExchange.sol";
import {ICompliantToken} from "../../../contracts/interfaces/ICompliantToken.sol";
import {Suite} from "../Suite.sol";
import {Ghost} from "../Ghost.sol";
import {Model} from "../Model.sol";
import {vm} from "../Vm.sol";

/**
 * @title ActorBase
 * @notice What every handler shares: the suite's contracts (through their interfaces), the ghost, and the ways to
 * draw actors. Handlers mostly act as the account entitled to act (so that runs reach deep, living states) and let
 * the contracts refuse the rest; every call is wrapped in try/catch, since forge discards a reverting call.
 * @dev Arguments are always computed before `vm.prank`: an external call in between would consume the prank.
 */
abstract contract ActorBase {
    Suite internal immutable S;
    Ghost internal immutable G;
    IAuthorityTree internal immutable tree;
    IIdentityRegistry internal immutable registry;
    IAssetRegistry internal immutable assets;
    IPairRegistry internal immutable pairs;
    IVenueRegistry internal immutable venues;
    IExchange internal immutable exchange;
    ICompliantToken internal immutable bond;
    uint64 internal immutable r1;

    constructor(Suite s, Ghost g) {
        S = s;
        G = g;
        tree = s.tree();
        registry = s.registry();
        assets = s.assets();
        pairs = s.pairs();
        venues = s.venues();
        exchange = s.exchange();
        bond = s.bond();
        r1 = s.r1();
    }

    /// @notice The actions forge should call, each repeated by its weight (targetSelectors draws uniformly among
    /// the entries). Disruptive actions weigh little, and the final ones also pass a gate inside, so that a run
    /// mostly trades on a living market and still meets every kind of disruption.
    function actions() external pure virtual returns (bytes4[] memory);

    /// @dev Append `selector` `weight` times to `list` from position `n`; returns the new length.
    function _add(bytes4[] memory list, uint256 n, bytes4 selector, uint256 weight) internal pure returns (uint256) {
        for (uint256 i; i < weight; ++i) list[n++] = selector;
        return n;
    }

    /// @dev Shrink `list` to its first `n` entries.
    function _trim(bytes4[] memory list, uint256 n) internal pure returns (bytes4[] memory) {
        assembly ("memory-safe") {
            mstore(list, n)
        }
        return list;
    }

    /// @dev Call `target` with `data` as `by`; count the action `name` if it succeeded, else the refusal's selector
    /// (both shown per run with -vv). `data` is built with abi.encodeCall, so it is type-checked like a direct call.
    function _act(address by, address target, bytes memory data, bytes32 name) internal returns (bool ok) {
        bytes memory out;
        vm.prank(by);
        // solhint-disable-next-line avoid-low-level-calls
        (ok, out) = target.call(data);
        G.did(ok ? name : bytes32(bytes4(out)));
    }

    /// @dev Whether the venue is licensed now, per the model.
    function _licensed() internal view returns (bool) {
        return Model.licensed(venues, tree, address(exchange), exchange.OPERATOR(), r1);
    }

    /// @dev True for about one `seed` in `oneIn`. forge draws small and edge values (0 above all) far more often
    /// than others, so a plain `seed % n == 0` would let a rare, final action (revoking a root) happen on most calls.
    function _chance(uint256 seed, uint256 oneIn) internal pure returns (bool) {
        return uint256(keccak256(abi.encode(seed, oneIn))) % oneIn == 1 % oneIn;
    }

    function _investor(uint256 seed) internal view returns (address) {
        return S.investor(seed % S.INVESTOR_COUNT());
    }

    /// @dev The first investor, from a random start, for which `test` holds; else the one `seed` draws. Healing
    /// actions (unfreeze, resume) aim at what is broken, while disruptive ones strike at random.
    function _investorWhere(
        uint256 seed,
        function(address) internal view returns (bool) test
    ) internal view returns (address) {
        uint256 n = S.INVESTOR_COUNT();
        for (uint256 i; i < n; ++i) {
            address wallet = S.investor(((seed % n) + i) % n);
            if (test(wallet)) return wallet;
        }
        return _investor(seed);
    }

    /// @dev A node whose grant includes `scope`, searched from a random start: the first one valid now, else the
    /// last one found (so that refusals are exercised too), else 0.
    function _nodeWith(uint256 seed, uint32 scope) internal view returns (uint64 found) {
        uint64 count = tree.nodeCount();
        uint64 start = uint64(seed % count);
        for (uint64 i; i < count; ++i) {
            uint64 id = ((start + i) % count) + 1;
            if (tree.nodeHasScope(id, scope)) return id;
            if (found == 0 && tree.node(id).scopes & scope == scope) found = id;
        }
    }

    /// @dev The account of a strict ancestor of node `id` (the governor for a root); `seed` picks which.
    function _authorityOver(uint64 id, uint256 seed) internal view returns (address) {
        uint64[] memory path = tree.ancestry(id);
        if (path.length == 1) return tree.governor();
        return tree.node(path[1 + (seed % (path.length - 1))]).account;
    }

    /// @dev The account of node `id` or of one of its ancestors; `seed` picks which.
    function _managerOf(uint64 id, uint256 seed) internal view returns (address) {
        uint64[] memory path = tree.ancestry(id);
        return tree.node(path[seed % path.length]).account;
    }

    /// @dev A node of root `root` valid now with `scope`, other than `except`, searched from a random start (0 if
    /// none).
    function _validIn(uint64 root, uint256 seed, uint32 scope, uint64 except) internal view returns (uint64) {
        uint64 count = tree.nodeCount();
        for (uint64 i; i < count; ++i) {
            uint64 id = uint64(((seed % count) + i) % count) + 1;
            if (id != except && tree.node(id).root == root && tree.nodeHasScope(id, scope)) return id;
        }
        return 0;
    }

    /// @dev The account acting at depth `rank` on node `id`'s line (the holder of its ancestor at that depth), or
    /// of `id` itself when `rank` is deeper: the rank a decision was taken at, which may always undo it.
    function _atRank(uint64 id, uint8 rank) internal view returns (address) {
        uint64[] memory path = tree.ancestry(id); // path[0] is `id` itself, at depth path.length - 1
        uint256 depth = path.length - 1;
        return tree.node(path[rank >= depth ? 0 : depth - rank]).account;
    }

    /// @dev The depth `by` acts at over node `id`: 0 for the governor over a root, else its nearest strict
    /// ancestor's held by `by` (type(uint8).max if none).
    function _rankOver(uint64 id, address by) internal view returns (uint8) {
        uint64[] memory path = tree.ancestry(id);
        if (path.length == 1) return 0;
        for (uint256 i = 1; i < path.length; ++i) {
            IAuthorityTree.Node memory a = tree.node(path[i]);
            if (a.account == by) return a.depth;
        }
        return type(uint8).max;
    }

    /// @dev The earliest lease end on node `id`'s path to its root (what a grant or registration under it may reach).
    function _leaseLimit(uint64 id) internal view returns (uint40 limit) {
        limit = type(uint40).max;
        while (id != 0) {
            IAuthorityTree.Node memory n = tree.node(id);
            if (n.expiry < limit) limit = n.expiry;
            id = n.parent;
        }
    }

    /// @dev `now + span`, no later than `limit`; 0 if that is not in the future.
    function _until(uint256 span, uint40 limit) internal view returns (uint40) {
        uint256 expiry = block.timestamp + span;
        if (expiry > limit) expiry = limit;
        return expiry > block.timestamp ? uint40(expiry) : 0;
    }
}
