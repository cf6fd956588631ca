// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAssetRegistry} from "../../../contracts/interfaces/IAssetRegistry.sol";
import {IAuthorityTree} from "../../../contracts/interfaces/IAuthorityTree.sol";
import {IPairRegistry} from "../../../contracts/interfaces/IPairRegistry.sol";
import {Scopes} from "../../../contracts/types/Scope.sol";
import {ClientClasses} from "../../../contracts/types/ClientClass.sol";
import {Suite} from "../Suite.sol";
import {Ghost} from "../Ghost.sol";
import {Model} from "../Model.sol";
import {vm} from "../Vm.sol";
import {ActorBase} from "./ActorBase.sol";

/**
 * @title AssetActors
 * @notice Auditors, the issuer and its regulator, listers and stewards: attest reserves and audit reports (and
 * let them lapse or withdraw them), mint and redeem the native token, freeze, pause, force-transfer and recover it,
 * list, halt, resume and delist pairs, and deregister or re-register the venue.
 */
contract AssetActors is ActorBase {
    uint32 private immutable _bondAsset;
    uint32 private immutable _eurAsset;

    constructor(Suite s, Ghost g) ActorBase(s, g) {
        _bondAsset = s.bondAsset();
        _eurAsset = s.eurAsset();
    }

    function actions() external pure override returns (bytes4[] memory list) {
        list = new bytes4[](64);
        uint256 n = _add(list, 0, AssetActors.attestReserve.selector, 2);
        n = _add(list, n, AssetActors.attestAuditReport.selector, 2);
        n = _add(list, n, AssetActors.withdrawAttestation.selector, 1);
        n = _add(list, n, AssetActors.mint.selector, 2);
        n = _add(list, n, AssetActors.redeem.selector, 2);
        n = _add(list, n, AssetActors.transfer.selector, 1);
        n = _add(list, n, AssetActors.forcedTransfer.selector, 1);
        n = _add(list, n, AssetActors.freezeWallet.selector, 1);
        n = _add(list, n, AssetActors.unfreezeWallet.selector, 1);
        n = _add(list, n, AssetActors.freezeIdentity.selector, 1);
        n = _add(list, n, AssetActors.unfreezeIdentity.selector, 1);
        n = _add(list, n, AssetActors.pause.selector, 1);
        n = _add(list, n, AssetActors.setTokenPolicy.selector, 1);
        n = _add(list, n, AssetActors.unpause.selector, 2);
        n = _add(list, n, AssetActors.recover.selector, 1);
        n = _add(list, n, AssetActors.listPair.selector, 2);
        n = _add(list, n, AssetActors.haltPair.selector, 1);
        n = _add(list, n, AssetActors.resumePair.selector, 2);
        n = _add(list, n, AssetActors.delistPair.selector, 1);
        n = _add(list, n, AssetActors.deregisterVenue.selector, 1);
        n = _add(list, n, AssetActors.registerVenue.selector, 1);
        return _trim(list, n);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Attestations
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice An auditor attests BOND's reserve, close to the supply, for one to three months.
    function attestReserve(uint256 auditorSeed, uint256 amountSeed, uint256 ttlSeed) external {
        uint64 auditor = _auditor(auditorSeed, _bondAsset, IAssetRegistry.AttestationKind.Reserve);
        if (auditor == 0) return;
        uint256 supply = IERC20(address(bond)).totalSupply();
        // Close to the supply (from 10% below to 3e10 above: a few mints), so that mints meet the cap.
        uint256 amount = supply - supply / 10 + (amountSeed % (supply / 10 + 3e10));
        uint40 expiry = uint40(block.timestamp + 30 days + (ttlSeed % 60 days));
        address by = tree.node(auditor).account;
        bytes memory call = abi.encodeCall(
            assets.attestReserve,
            (_bondAsset, amount, uint40(block.timestamp), expiry, "ipfs://r", keccak256("r"))
        );
        _act(by, address(assets), call, "attestReserve");
    }

    /// @notice An auditor posts EUR's audit report, which the EUR/USD pair requires.
    function attestAuditReport(uint256 auditorSeed, uint256 ttlSeed) external {
        uint64 auditor = _auditor(auditorSeed, _eurAsset, IAssetRegistry.AttestationKind.AuditReport);
        if (auditor == 0) return;
        uint40 expiry = uint40(block.timestamp + 30 days + (ttlSeed % 60 days));
        address by = tree.node(auditor).account;
        bytes memory call = abi.encodeCall(
            assets.attest,
            (_eurAsset, IAssetRegistry.AttestationKind.AuditReport, expiry, "ipfs://a", keccak256("a"))
        );
        _act(by, address(assets), call, "attestAuditReport");
    }

    /// @notice The auditor (or an ancestor) withdraws BOND's reserve or EUR's audit report; passes one call in two.
    function withdrawAttestation(uint256 which, uint256 bySeed) external {
        if (!_chance(which, 2)) return;
        (uint32 assetId, IAssetRegistry.AttestationKind kind) = which % 2 == 0
            ? (_bondAsset, IAssetRegistry.AttestationKind.Reserve)
            : (_eurAsset, IAssetRegistry.AttestationKind.AuditReport);
        uint64 auditor = assets.attestation(assetId, kind).auditorNode;
        if (auditor == 0) return;
        address by = _managerOf(auditor, bySeed);
        _act(
            by,
            address(assets),
            abi.encodeCall(assets.withdrawAttestation, (assetId, kind, "retracted")),
            "withdrawAttestation"
        );
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The native token
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice The issuer mints BOND to an investor: half the time an amount at the edge of the cap (one unit
    /// below, at or above what the attested reserve leaves after the supply and the redemptions since it), else any
    /// up to 2e10. Every successful mint is checked against the reserve as the model reads it at that moment: a valid
    /// attestation covering the supply plus what was redeemed since it.
    function mint(uint256 toSeed, uint256 amountSeed) external {
        address to = _investor(toSeed);
        uint256 amount = amountSeed % 2 == 0 ? _edgeOfCap(amountSeed >> 1) : 1 + (amountSeed % 2e10);
        address issuer = bond.ISSUER();
        if (_act(issuer, address(bond), abi.encodeCall(bond.mint, (to, amount)), "mint")) {
            G.move(address(0), to, address(bond), amount);
            _checkReserveCover();
        }
    }

    function redeem(uint256 holderSeed, uint256 amountSeed) external {
        address holder = _investor(holderSeed);
        uint256 balance = IERC20(address(bond)).balanceOf(holder);
        if (balance == 0) return;
        uint256 amount = 1 + (amountSeed % balance);
        if (_act(holder, address(bond), abi.encodeCall(bond.redeem, (amount, "redemption")), "redeem")) {
            G.move(holder, address(0), address(bond), amount);
        }
    }

    /// @notice One investor pays another from its wallet, in any of the three tokens.
    function transfer(uint256 fromSeed, uint256 toSeed, uint256 tokenSeed, uint256 amountSeed) external {
        address from = _investor(fromSeed);
        address to = _investor(toSeed);
        address token = G.tokens(tokenSeed % 3);
        uint256 balance = IERC20(token).balanceOf(from);
        if (balance == 0 || from == to) return;
        uint256 amount = 1 + (amountSeed % balance);
        if (_act(from, token, abi.encodeCall(IERC20.transfer, (to, amount)), "transfer"))
            G.move(from, to, token, amount);
    }

    function forcedTransfer(uint256 fromSeed, uint256 toSeed, uint256 amountSeed, uint256 bySeed) external {
        address from = _investor(fromSeed);
        address to = _investor(toSeed);
        uint256 balance = IERC20(address(bond)).balanceOf(from);
        if (balance == 0) return;
        uint256 amount = 1 + (amountSeed % balance);
        address by = _tokenAuthority(bySeed);
        bytes memory call = abi.encodeCall(bond.forcedTransfer, (from, to, amount, "court order"));
        if (_act(by, address(bond), call, "forcedTransfer")) G.move(from, to, address(bond), amount);
    }

    function freezeWallet(uint256 walletSeed, uint256 bySeed) external {
        address wallet = _investor(walletSeed);
        address by = _tokenAuthority(bySeed);
        _act(by, address(bond), abi.encodeCall(bond.freezeWallet, (wallet, "sanctions")), "freezeWallet");
    }

    function unfreezeWallet(uint256 walletSeed, uint256 bySeed) external {
        address wallet = _investorWhere(walletSeed, _walletFrozen);
        (, uint8 rank, ) = bond.walletFreeze(wallet);
        address by = bySeed % 4 == 0 ? _tokenAuthority(bySeed >> 2) : _atRank(bond.ISSUER_NODE(), rank);
        _act(by, address(bond), abi.encodeCall(bond.unfreezeWallet, (wallet)), "unfreezeWallet");
    }

    function freezeIdentity(uint256 walletSeed, uint256 bySeed) external {
        uint64 id = registry.identityOf(_investor(walletSeed));
        address by = _tokenAuthority(bySeed);
        _act(by, address(bond), abi.encodeCall(bond.freezeIdentity, (id, "sanctions")), "freezeIdentity");
    }

    function unfreezeIdentity(uint256 walletSeed, uint256 bySeed) external {
        uint64 id = registry.identityOf(_investorWhere(walletSeed, _identityFrozen));
        (, uint8 rank) = bond.identityFreeze(id);
        address by = bySeed % 4 == 0 ? _tokenAuthority(bySeed >> 2) : _atRank(bond.ISSUER_NODE(), rank);
        _act(by, address(bond), abi.encodeCall(bond.unfreezeIdentity, (id)), "unfreezeIdentity");
    }

    /// @notice The issuer (or its regulator) pauses BOND: every book with a BOND leg stops.
    function pause(uint256 bySeed) external {
        address by = _tokenAuthority(bySeed);
        _act(by, address(bond), abi.encodeCall(bond.pause, ()), "pause");
    }

    /// @notice The issuer (or a manager of its node) switches BOND's holder policy: the stricter one or back.
    function setTokenPolicy(uint256 seed) external {
        uint32 policy = seed % 2 == 0 ? S.strictTokenPolicy() : S.tokenPolicy();
        _act(_tokenAuthority(seed >> 1), address(bond), abi.encodeCall(bond.setPolicy, (policy)), "setTokenPolicy");
    }

    function unpause(uint256 bySeed) external {
        uint8 rank = bond.pauseRank();
        address by = bySeed % 4 == 0 ? _tokenAuthority(bySeed >> 2) : _atRank(bond.ISSUER_NODE(), rank);
        _act(by, address(bond), abi.encodeCall(bond.unpause, ()), "unpause");
    }

    /// @notice The issuer (or its regulator) recovers an investor's BOND from the venue for another investor.
    function recover(uint256 fromSeed, uint256 toSeed, uint256 amountSeed, uint256 bySeed) external {
        address from = _investor(fromSeed);
        address to = _investor(toSeed);
        (uint256 available, uint256 locked) = exchange.balanceOf(from, address(bond));
        uint256 total = available + locked;
        if (total == 0) return;
        uint256 amount = 1 + (amountSeed % total);
        address by = _tokenAuthority(bySeed);
        bytes memory call = abi.encodeCall(exchange.recover, (address(bond), from, to, amount, "court order"));
        if (_act(by, address(exchange), call, "recover")) G.move(from, to, address(bond), amount);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Pairs and the venue's licence
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Propose (a LIST holder), approve (another node, holding GOVERN) and open (the operator) a pair of two of
    /// the three assets with drawn sizes and policy; three times in four a market that is not live now.
    function listPair(uint256 marketSeed, uint256 sizeSeed, uint256 policySeed, uint256 bySeed) external {
        (uint32 base, uint32 quote) = _market(marketSeed);
        // Half the time, an EUR leg must carry a valid audit report.
        uint8 audit = (sizeSeed >> 24) % 2 == 0 ? uint8(1 << uint8(IAssetRegistry.AttestationKind.AuditReport)) : 0;
        uint128 lotSize = uint128(1 + ((sizeSeed >> 8) % 1000));
        IPairRegistry.PairTerms memory terms = IPairRegistry.PairTerms({
            baseAsset: base,
            quoteAsset: quote,
            productType: IPairRegistry.ProductType.Spot,
            tickSize: uint128(1 + (sizeSeed % 20)),
            lotSize: lotSize,
            minSize: lotSize * uint128(1 + ((sizeSeed >> 16) % 3)),
            baseAttestations: base == _eurAsset ? audit : 0,
            quoteAttestations: quote == _eurAsset ? audit : 0,
            proposalExpiry: uint40(block.timestamp + 3 days)
        });
        uint64 lister = _validIn(r1, bySeed, Scopes.LIST, 0);
        uint64 steward = _validIn(r1, bySeed >> 8, Scopes.GOVERN, lister);
        if (lister == 0 || steward == 0) return;
        IPairRegistry.PolicyTerms memory policy = _policy(policySeed);
        address by = tree.node(lister).account;
        vm.prank(by);
        try pairs.proposePair(r1, terms, policy) returns (uint32 pairId) {
            G.did("proposePair");
            by = tree.node(steward).account;
            _act(by, address(pairs), abi.encodeCall(pairs.approvePair, (pairId)), "approvePair");
            address operator = exchange.OPERATOR();
            if (_act(operator, address(exchange), abi.encodeCall(exchange.openBook, (pairId)), "openBook")) {
                G.opened(pairId);
            }
        } catch {}
    }

    /// @notice Halt a pair (passes one call in two).
    function haltPair(uint256 pairSeed, uint256 bySeed) external {
        if (!_chance(pairSeed, 2)) return;
        (uint32 pairId, address by) = _governed(pairSeed, bySeed);
        _act(by, address(pairs), abi.encodeCall(pairs.haltPair, (pairId, "incident")), "haltPair");
    }

    /// @notice Resume a halted pair: usually from the halter's rank, one call in four by a GOVERN holder drawn at
    /// random (refused below the halter's rank).
    function resumePair(uint256 pairSeed, uint256 bySeed) external {
        (uint32 pairId, address by) = _governed(pairSeed, bySeed);
        uint32 count = pairs.pairCount();
        for (uint32 i; i < count; ++i) {
            uint32 id = uint32(((pairSeed % count) + i) % count) + 1;
            if (pairs.pairStatus(id) == IPairRegistry.PairStatus.Halted) {
                pairId = id;
                if (bySeed % 4 != 0) by = _atRank(_governor(), pairs.haltRank(id));
                break;
            }
        }
        _act(by, address(pairs), abi.encodeCall(pairs.resumePair, (pairId)), "resumePair");
    }

    /// @notice Delisting is final: passes one call in four.
    function delistPair(uint256 pairSeed, uint256 bySeed, uint256 gate) external {
        if (!_chance(gate, 4)) return;
        (uint32 pairId, address by) = _governed(pairSeed, bySeed);
        _act(by, address(pairs), abi.encodeCall(pairs.delistPair, (pairId, "wind down")), "delistPair");
    }

    /// @notice The operator (or, one call in eight, an ancestor of its node) deregisters the venue.
    function deregisterVenue(uint256 bySeed) external {
        (uint64 operatorNode, ) = venues.registration(address(exchange), r1);
        if (operatorNode == 0) return;
        address by = _chance(bySeed, 8) ? _managerOf(operatorNode, bySeed >> 3) : exchange.OPERATOR();
        _act(by, address(venues), abi.encodeCall(venues.deregisterVenue, (address(exchange), r1)), "deregisterVenue");
    }

    /// @notice The operator registers the venue again (refused while a higher rank's deregistration bars it).
    function registerVenue() external {
        address operator = exchange.OPERATOR();
        _act(
            operator,
            address(venues),
            abi.encodeCall(venues.registerVenue, (address(exchange), r1, Scopes.EXCHANGE)),
            "registerVenue"
        );
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------------------------

    /// @dev An amount within one unit of what the reserve still covers (at least 1).
    function _edgeOfCap(uint256 seed) private view returns (uint256) {
        IAssetRegistry.Attestation memory a = assets.attestation(_bondAsset, IAssetRegistry.AttestationKind.Reserve);
        uint256 redeemed = bond.totalRedeemed();
        uint256 used =
            IERC20(address(bond)).totalSupply() + (redeemed > a.redeemedSnapshot ? redeemed - a.redeemedSnapshot : 0);
        uint256 room = a.amount > used ? a.amount - used : 0;
        uint256 amount = room + (seed % 3);
        return amount > 1 ? amount - 1 : 1;
    }

    /// @dev After a successful mint: the reserve attestation counted (per the model) and covers supply + redeemed
    /// since it.
    function _checkReserveCover() private {
        if (!Model.attested(assets, tree, _bondAsset, IAssetRegistry.AttestationKind.Reserve)) {
            G.violated(Ghost.Kind.Mint, "minted without a valid reserve attestation");
            return;
        }
        IAssetRegistry.Attestation memory a = assets.attestation(_bondAsset, IAssetRegistry.AttestationKind.Reserve);
        uint256 redeemed = bond.totalRedeemed();
        uint256 since = redeemed > a.redeemedSnapshot ? redeemed - a.redeemedSnapshot : 0;
        if (IERC20(address(bond)).totalSupply() + since > a.amount) {
            G.violated(Ghost.Kind.Mint, "minted beyond the attested reserve");
        }
    }

    function _walletFrozen(address wallet) private view returns (bool) {
        return bond.isWalletFrozen(wallet);
    }

    function _identityFrozen(address wallet) private view returns (bool) {
        return bond.isIdentityFrozen(registry.identityOf(wallet));
    }

    /// @dev The auditor posting `kind` of `assetId`: half the time a valid AUDIT holder of R1 at or above the rank
    /// that binds the (asset, kind) (a counting attestation's poster, or a withdrawal's), else any AUDIT holder
    /// (refused when below that rank).
    function _auditor(uint256 seed, uint32 assetId, IAssetRegistry.AttestationKind kind) private view returns (uint64) {
        if (seed % 2 != 0) return _nodeWith(seed >> 1, Scopes.AUDIT);
        (bool set, uint8 rank) = assets.attestationRank(assetId, kind);
        uint64 count = tree.nodeCount();
        for (uint64 i; i < count; ++i) {
            uint64 id = uint64((((seed >> 1) % count) + i) % count) + 1;
            IAuthorityTree.Node memory n = tree.node(id);
            if (n.root == r1 && (!set || n.depth <= rank) && tree.nodeHasScope(id, Scopes.AUDIT)) return id;
        }
        return r1;
    }

    /// @dev The issuer, or (one call in four) an ancestor of its node: its regulator.
    function _tokenAuthority(uint256 seed) private view returns (address) {
        return seed % 4 == 0 ? _managerOf(bond.ISSUER_NODE(), seed >> 2) : bond.ISSUER();
    }

    /// @dev Base and quote asset of a market: three times in four the first, from a random start, in which neither
    /// direction is live (so that a proposal may succeed), else any.
    function _market(uint256 seed) private view returns (uint32 base, uint32 quote) {
        uint32[3] memory ids = [_bondAsset, S.usdAsset(), _eurAsset];
        for (uint256 i; i < 6; ++i) {
            uint256 m = ((seed % 6) + i) % 6;
            (base, quote) = (ids[m % 3], ids[((m % 3) + 1 + m / 3) % 3]);
            if (seed % 4 == 0) return (base, quote);
            IPairRegistry.ProductType spot = IPairRegistry.ProductType.Spot;
            if (pairs.livePairOf(base, quote, spot) == 0 && pairs.livePairOf(quote, base, spot) == 0)
                return (base, quote);
        }
    }

    /// @dev A GOVERN node of R1 valid now (the root, failing any other).
    function _governor() private view returns (uint64 node) {
        node = _nodeWith(0, Scopes.GOVERN);
        if (node == 0 || tree.node(node).root != r1) node = r1;
    }

    /// @dev A pair (any proposed so far) and a GOVERN holder of R1.
    function _governed(uint256 pairSeed, uint256 bySeed) private view returns (uint32 pairId, address by) {
        pairId = uint32(1 + (pairSeed % pairs.pairCount()));
        uint64 steward = _nodeWith(bySeed, Scopes.GOVERN);
        by = steward == 0 ? address(0) : tree.node(steward).account;
    }

    function _policy(uint256 seed) private view returns (IPairRegistry.PolicyTerms memory p) {
        p.trustedRoots = new uint64[](seed % 2 == 0 ? 1 : 2);
        p.trustedRoots[0] = r1;
        if (p.trustedRoots.length == 2) p.trustedRoots[1] = S.r2();
        p.allowedClasses = (seed >> 1) % 4 == 0 ? uint8(1 + ((seed >> 3) % 15)) : ClientClasses.ALL;
        p.barredJurisdictions = new uint16[]((seed >> 5) % 2);
        if (p.barredJurisdictions.length == 1) p.barredJurisdictions[0] = 408;
    }
}
