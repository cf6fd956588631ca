// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuthorityTree} from "../../contracts/interfaces/IAuthorityTree.sol";
import {IIdentityRegistry} from "../../contracts/interfaces/IIdentityRegistry.sol";
import {IAssetRegistry} from "../../contracts/interfaces/IAssetRegistry.sol";
import {IPairRegistry} from "../../contracts/interfaces/IPairRegistry.sol";
import {IVenueRegistry} from "../../contracts/interfaces/IVenueRegistry.sol";
import {Scopes} from "../../contracts/types/Scope.sol";

/**
 * @title Model
 * @notice The rules of design.md recomputed from the registries' raw records (nodes, identities, policies, pairs,
 * attestations), never from the verdict views the venue itself calls (isValid, eligibility, isTradable): the suite
 * judges the venue's compliance decisions against this independent reading.
 */
library Model {
    /// @notice Node `id` is usable now with `scope`: it and every ancestor are Active and unexpired and hold `scope`.
    function holds(IAuthorityTree tree, uint64 id, uint32 scope) internal view returns (bool) {
        if (id == 0 || id > tree.nodeCount()) return false;
        uint256 t = block.timestamp;
        while (id != 0) {
            IAuthorityTree.Node memory n = tree.node(id);
            if (n.status != IAuthorityTree.NodeStatus.Active || t >= n.expiry) return false;
            if (!Scopes.includes(n.scopes, scope)) return false;
            id = n.parent;
        }
        return true;
    }

    /// @notice Node `id` is valid now (any scope).
    function valid(IAuthorityTree tree, uint64 id) internal view returns (bool) {
        return holds(tree, id, 0);
    }

    /// @notice What eligibility needs to know of a wallet, whatever the policy: its identity and whether the node
    /// that attested it is valid with KYC now.
    struct Client {
        uint64 id;
        IIdentityRegistry.Identity identity;
        bool attesterValid;
    }

    function client(
        IIdentityRegistry registry,
        IAuthorityTree tree,
        address wallet
    ) internal view returns (Client memory c) {
        c.id = registry.identityOf(wallet);
        if (c.id == 0) return c;
        c.identity = registry.identity(c.id);
        c.attesterValid = holds(tree, c.identity.attester, Scopes.KYC);
    }

    /// @notice The same, with every node's usable scopes already known (see scopesNow).
    function client(
        IIdentityRegistry registry,
        uint32[] memory scopes,
        address wallet
    ) internal view returns (Client memory c) {
        c.id = registry.identityOf(wallet);
        if (c.id == 0) return c;
        c.identity = registry.identity(c.id);
        uint64 attester = c.identity.attester;
        c.attesterValid = attester < scopes.length && Scopes.includes(scopes[attester], Scopes.KYC);
    }

    /// @notice Every node's usable scopes now, by id (0 when not valid; index 0 unused): one pass in id order, since a
    /// parent is always created before its children.
    function scopesNow(IAuthorityTree tree) internal view returns (uint32[] memory scopes) {
        uint64 count = tree.nodeCount();
        scopes = new uint32[](count + 1);
        for (uint64 id = 1; id <= count; ++id) {
            IAuthorityTree.Node memory n = tree.node(id);
            if (n.status != IAuthorityTree.NodeStatus.Active || block.timestamp >= n.expiry) continue;
            scopes[id] = n.parent == 0 ? n.scopes : n.scopes & scopes[n.parent];
        }
    }

    /// @notice Why client `c` may not trade under policy `p` (as registry.policy returns it) now ("" when it may):
    /// design.md section 2. Callers read each policy once (its view walks a jurisdiction bitmap).
    function ineligibility(Client memory c, IIdentityRegistry.Policy memory p) internal view returns (string memory) {
        IIdentityRegistry.Identity memory s = c.identity;
        if (c.id == 0) return "no identity";
        if (s.status != IIdentityRegistry.IdentityStatus.Active) return "identity revoked";
        if (s.frozen) return "identity frozen";
        if (block.timestamp >= s.expiry) return "identity expired";
        if (s.classes & p.allowedClasses == 0) return "class not allowed";
        bool trusted;
        for (uint256 i; i < p.trustedRoots.length; ++i) if (p.trustedRoots[i] == s.root) trusted = true;
        if (!trusted) return "root not trusted";
        for (uint256 i; i < p.barredJurisdictions.length; ++i) {
            if (p.barredJurisdictions[i] == s.jurisdiction) return "jurisdiction barred";
        }
        if (!c.attesterValid) return "attesting node invalid";
        return "";
    }

    function eligible(Client memory c, IIdentityRegistry.Policy memory p) internal view returns (bool) {
        return bytes(ineligibility(c, p)).length == 0;
    }

    function eligible(
        IIdentityRegistry registry,
        IAuthorityTree tree,
        address wallet,
        IIdentityRegistry.Policy memory p
    ) internal view returns (bool) {
        return eligible(client(registry, tree, wallet), p);
    }

    /// @notice Attestation `kind` of `assetId` counts now: posted, unexpired, its auditor valid with AUDIT.
    function attested(
        IAssetRegistry assets,
        IAuthorityTree tree,
        uint32 assetId,
        IAssetRegistry.AttestationKind kind
    ) internal view returns (bool) {
        IAssetRegistry.Attestation memory a = assets.attestation(assetId, kind);
        return a.id != 0 && block.timestamp < a.expiry && holds(tree, a.auditorNode, Scopes.AUDIT);
    }

    /// @notice Pair `pairId` may trade now: listed, its root valid, and every attestation it requires of either asset
    /// counts.
    function tradable(
        IPairRegistry pairs,
        IAssetRegistry assets,
        IAuthorityTree tree,
        uint32 pairId
    ) internal view returns (bool) {
        if (pairId == 0 || pairId > pairs.pairCount()) return false;
        IPairRegistry.Pair memory p = pairs.pair(pairId);
        if (p.status != IPairRegistry.PairStatus.Listed) return false;
        if (!valid(tree, p.root)) return false; // a suspended, retired or lapsed root stops its pairs
        return
            _kindsMet(assets, tree, p.baseAsset, p.baseAttestations) &&
            _kindsMet(assets, tree, p.quoteAsset, p.quoteAttestations);
    }

    function _kindsMet(
        IAssetRegistry assets,
        IAuthorityTree tree,
        uint32 assetId,
        uint8 kinds
    ) private view returns (bool) {
        for (uint8 k; k < 4; ++k) {
            if (kinds & (1 << k) != 0 && !attested(assets, tree, assetId, IAssetRegistry.AttestationKind(k))) {
                return false;
            }
        }
        return true;
    }

    /// @notice Venue `venue` (whose owner is `owner`) is licensed under `root` now (design.md, issue 15 item 2):
    /// registered there as an exchange by its present owner, the operator node it was registered with valid with
    /// EXCHANGE.
    function licensed(
        IVenueRegistry venues,
        IAuthorityTree tree,
        address venue,
        address owner,
        uint64 root
    ) internal view returns (bool) {
        (uint64 node, uint32 scope) = venues.registration(venue, root);
        return
            node != 0 &&
            scope == Scopes.EXCHANGE &&
            venues.registeredOwner(venue, root) == owner &&
            holds(tree, node, Scopes.EXCHANGE);
    }

    /// @notice A fill's fee of `bps` basis points on `amount`: rounded up against the payer, but never above the cap
    /// `capBps`'s rate of the amount, rounded down (IExchange, issue 15 item 11b).
    function fee(uint256 amount, uint256 bps, uint256 capBps) internal pure returns (uint256) {
        uint256 up = (amount * bps + 9_999) / 10_000;
        uint256 bound = (amount * capBps) / 10_000;
        return up < bound ? up : bound;
    }
}
