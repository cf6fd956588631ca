// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAssetRegistry} from "../../../contracts/interfaces/IAssetRegistry.sol";
import {IAuthorityTree} from "../../../contracts/interfaces/IAuthorityTree.sol";
import {IMonetaryDesk} from "../../../contracts/interfaces/IMonetaryDesk.sol";
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
        n = _add(list, n, AssetActors.restrictOperator.selector, 1);
        n = _add(list, n, AssetActors.restoreOperator.selector, 8);
        n = _add(list, n, AssetActors.recoverUnderRestriction.selector, 2);
        n = _add(list, n, AssetActors.reachVenuePool.selector, 1);
        n = _add(list, n, AssetActors.redeemAndAttest.selector, 2);
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

    /**
     * @notice Issue 22 item 3, aimed: a holder redeems and an auditor posts a reserve in the same second (either
     * order; one call in four dated up to a minute back), then the issuer mints to the edge of the cap. A reserve
     * dated at or before a redemption must be refused: it may still include what that redemption paid out.
     */
    function redeemAndAttest(uint256 holderSeed, uint256 amountSeed, uint256 auditorSeed, uint256 lagSeed) external {
        bool attestFirst = (lagSeed >> 8) % 2 == 0;
        if (attestFirst) _attestNow(auditorSeed, amountSeed, lagSeed);
        address holder = _investorWhere(holderSeed, _holdsBond);
        uint256 balance = IERC20(address(bond)).balanceOf(holder);
        if (balance != 0) {
            uint256 amount = 1 + (amountSeed % balance);
            _redeemNow(holder, amount, "redeem: same second");
        }
        if (!attestFirst && !_attestNow(auditorSeed, amountSeed, lagSeed)) return;
        address to = _investorWhere(holderSeed >> 8, _holdsBond);
        uint256 edge = _edgeOfCap(amountSeed >> 128);
        if (_act(bond.ISSUER(), address(bond), abi.encodeCall(bond.mint, (to, edge)), "mint: after reserve")) {
            G.move(address(0), to, address(bond), edge);
            _checkReserveCover();
        }
    }

    /// @dev An auditor posts BOND's reserve as of now (one call in four up to a minute back, never before the
    /// current one's date), a little above the supply.
    function _attestNow(uint256 auditorSeed, uint256 amountSeed, uint256 lagSeed) private returns (bool) {
        uint64 auditor = _auditor(auditorSeed, _bondAsset, IAssetRegistry.AttestationKind.Reserve);
        if (auditor == 0) return false;
        uint40 asOf = uint40(block.timestamp);
        if (lagSeed % 4 == 0) asOf -= uint40((lagSeed >> 2) % 60);
        uint40 current = assets.attestation(_bondAsset, IAssetRegistry.AttestationKind.Reserve).asOf;
        if (asOf < current) asOf = current;
        uint256 amount = IERC20(address(bond)).totalSupply() + ((amountSeed >> 64) % 3e10);
        bytes memory call = abi.encodeCall(
            assets.attestReserve,
            (_bondAsset, amount, asOf, uint40(block.timestamp + 30 days), "ipfs://r", keccak256("r"))
        );
        return _act(tree.node(auditor).account, address(assets), call, "attestReserve: same second");
    }

    function redeem(uint256 holderSeed, uint256 amountSeed) external {
        address holder = _investor(holderSeed);
        uint256 balance = IERC20(address(bond)).balanceOf(holder);
        if (balance == 0) return;
        _redeemNow(holder, 1 + (amountSeed % balance), "redeem");
    }

    /// @dev What `redeem` did before issue 16, through the desk: `holder` requests `amount`, the issuer settles it.
    /// A settlement the issuer cannot make (its node lost ISSUE) leaves the tokens escrowed in the desk.
    function _redeemNow(address holder, uint256 amount, bytes32 label) private {
        IMonetaryDesk desk = bond.DESK();
        uint64 id = desk.policy(address(bond)).redemptionCount + 1;
        bytes memory request = abi.encodeCall(desk.requestRedemption, (address(bond), amount, "redemption"));
        if (!_act(holder, address(desk), request, label)) return;
        bytes memory confirm = abi.encodeCall(desk.confirmRedemption, (address(bond), id, "payout"));
        if (_act(bond.ISSUER(), address(desk), confirm, "redeem: settle")) {
            G.move(holder, address(0), address(bond), amount);
            G.redeemed(amount);
        } else {
            G.move(holder, address(desk), address(bond), amount);
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
        // The desk's escrow is a source too (issue 16 review H1): no forced transfer may take from it, which the
        // monetary suite's escrow == outstanding would catch.
        address desk = address(bond.DESK());
        address from = fromSeed % 4 == 3 && IERC20(address(bond)).balanceOf(desk) != 0 ? desk : _investor(fromSeed);
        address to = _investor(toSeed);
        uint256 balance = IERC20(address(bond)).balanceOf(from);
        if (balance == 0) return;
        uint256 amount = 1 + (amountSeed % balance);
        address by = _tokenAuthority(bySeed);
        bytes32 reason = _reason(bySeed >> 16);
        string memory problem = from == desk ? "from the escrow" : _forcedProblem(from, to, by, reason);
        bytes memory call = abi.encodeCall(bond.forcedTransfer, (from, to, amount, reason));
        if (_act(by, address(bond), call, "forcedTransfer")) {
            G.move(from, to, address(bond), amount);
            if (bytes(problem).length != 0) G.violated(Ghost.Kind.Recovery, string.concat("forced transfer ", problem));
        }
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

    /// @notice The issuer (or its regulator) recovers an investor's BOND from the venue for another investor (one
    /// call in four a wallet of the same identity); one call in eight from the operator's collected fees instead,
    /// one in eight with no reason. Judged against the token's forced-transfer rules (issue 22 item 1).
    function recover(uint256 fromSeed, uint256 toSeed, uint256 amountSeed, uint256 bySeed) external {
        address from = (bySeed >> 8) % 8 == 0 ? exchange.OPERATOR() : _investor(fromSeed);
        address to = (toSeed >> 8) % 4 == 0 ? _sameIdentity(from, toSeed) : _investor(toSeed);
        _recover(from, to, amountSeed, _tokenAuthority(bySeed), _reason(bySeed >> 16));
    }

    /**
     * @notice Issue 22 item 1, aimed: the regulator (a rank above the issuer) freezes an investor's wallet or
     * identity, or pauses BOND; then the issuer (three calls in four; else the regulator) recovers that investor's
     * BOND from the venue, half the time to another wallet of the same identity. The issuer must be refused. Half
     * the time the regulator then lifts what it imposed (the order executed), so that the market lives on.
     */
    function recoverUnderRestriction(uint256 fromSeed, uint256 toSeed, uint256 amountSeed, uint256 mode) external {
        address from = _investorWhere(fromSeed, _bondInVenue);
        address regulator = tree.node(r1).account;
        uint256 restriction = mode % 3;
        uint64 id = registry.identityOf(from);
        bool imposed;
        if (restriction == 0) {
            bytes memory call = abi.encodeCall(bond.freezeWallet, (from, "sanctions"));
            imposed = _act(regulator, address(bond), call, "freezeWallet: top");
        } else if (restriction == 1) {
            bytes memory call = abi.encodeCall(bond.freezeIdentity, (id, "sanctions"));
            imposed = _act(regulator, address(bond), call, "freezeId: top");
        } else {
            imposed = _act(regulator, address(bond), abi.encodeCall(bond.pause, ()), "pause: top");
        }
        address to = (mode >> 2) % 2 == 0 ? _sameIdentity(from, toSeed) : _investor(toSeed);
        address by = (mode >> 3) % 4 == 0 ? regulator : bond.ISSUER();
        _recover(from, to, amountSeed, by, "court order");
        if (!imposed || (mode >> 5) % 2 != 0) return;
        bytes memory lift =
            restriction == 0
                ? abi.encodeCall(bond.unfreezeWallet, (from))
                : restriction == 1
                    ? abi.encodeCall(bond.unfreezeIdentity, (id))
                    : abi.encodeCall(bond.unpause, ());
        _act(regulator, address(bond), lift, "lift: top");
    }

    /// @dev `by` recovers `from`'s BOND held in the venue for `to`; a success is judged against the model of the
    /// token's forced-transfer rules, evaluated before the call (the recovery changes none of their inputs).
    function _recover(address from, address to, uint256 amountSeed, address by, bytes32 reason) private {
        (uint256 available, uint256 locked) = exchange.balanceOf(from, address(bond));
        uint256 total = available + locked;
        if (total == 0) return;
        uint256 amount = 1 + (amountSeed % total);
        string memory problem =
            from == exchange.OPERATOR() ? "from the operator's collected fees" : _forcedProblem(from, to, by, reason);
        bytes memory call = abi.encodeCall(exchange.recover, (address(bond), from, to, amount, reason));
        if (_act(by, address(exchange), call, "recover")) {
            G.move(from, to, address(bond), amount);
            if (bytes(problem).length != 0) G.violated(Ghost.Kind.Recovery, string.concat("a recovery ", problem));
        }
    }

    /**
     * @notice Issue 22 items 2, 5 and 7: the issuer (or its regulator) reaches for the venue's pool: force-transfers
     * BOND out of the venue, freezes the venue, mints into its address or force-transfers into it. Each must be
     * refused; the venue-holding invariant sees what a success would do to the ledger's backing.
     */
    function reachVenuePool(uint256 mode, uint256 toSeed, uint256 amountSeed, uint256 bySeed) external {
        address by = _tokenAuthority(bySeed);
        address venue = address(exchange);
        address wallet = _investor(toSeed);
        uint256 held = IERC20(address(bond)).balanceOf(venue);
        uint256 kind = mode % 4;
        if (kind == 0 && held != 0) {
            uint256 amount = 1 + (amountSeed % held);
            bytes memory call = abi.encodeCall(bond.forcedTransfer, (venue, wallet, amount, "court order"));
            if (_act(by, address(bond), call, "forcedTransfer: from venue")) {
                G.move(address(0), wallet, address(bond), amount);
                G.violated(Ghost.Kind.Custody, "the venue's pool force-transferred out");
            }
        } else if (kind == 1) {
            if (_act(by, address(bond), abi.encodeCall(bond.freezeWallet, (venue, "sanctions")), "freezeWallet: venue"))
                G.violated(Ghost.Kind.Custody, "the venue frozen on its native token");
        } else if (kind == 2) {
            uint256 amount = 1 + (amountSeed % 1e6);
            if (_act(bond.ISSUER(), address(bond), abi.encodeCall(bond.mint, (venue, amount)), "mint: into venue"))
                G.violated(Ghost.Kind.Custody, "minted into the venue's own address");
        } else {
            uint256 balance = IERC20(address(bond)).balanceOf(wallet);
            if (balance == 0) return;
            uint256 amount = 1 + (amountSeed % balance);
            bytes memory call = abi.encodeCall(bond.forcedTransfer, (wallet, venue, amount, "court order"));
            if (_act(by, address(bond), call, "forcedTransfer: into venue")) {
                G.move(wallet, address(0), address(bond), amount);
                G.violated(Ghost.Kind.Custody, "force-transferred into the venue's own address");
            }
        }
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

    /**
     * @notice Issue 15 item 2: the regulator restricts the venue operator's EXCHANGE node: suspends it, or cuts its
     * lease to end within one to ten days (restoreOperator lifts either); one call in 96 lets the lease run out at
     * once, one in 384 revokes the node (both final: the venue winds down, its clients keep cancelling and
     * withdrawing).
     */
    function restrictOperator(uint256 mode, uint256 seed) external {
        uint64 node = tree.nodeOf(exchange.OPERATOR(), r1);
        if (node == 0 || tree.node(node).status == IAuthorityTree.NodeStatus.Revoked) return;
        address regulator = tree.node(r1).account;
        uint256 kind = mode % 3;
        if (kind == 0) {
            _act(regulator, address(tree), abi.encodeCall(tree.suspend, (node, "inspection")), "suspend: operator");
        } else if (kind == 1) {
            uint40 expiry = _until(1 days + (seed % 9 days), _leaseLimit(r1));
            _act(regulator, address(tree), abi.encodeCall(tree.renew, (node, expiry)), "renew: operator cut");
        } else if (_chance(seed, 128)) {
            if (_act(regulator, address(tree), abi.encodeCall(tree.revoke, (node, "misconduct")), "revoke: operator")) {
                G.dead(node);
                G.revoked(node, 0);
            }
        } else if (_chance(seed, 32)) {
            uint40 expiry = uint40(block.timestamp + 1);
            if (_act(regulator, address(tree), abi.encodeCall(tree.renew, (node, expiry)), "renew: operator ends")) {
                vm.warp(expiry);
                G.dead(node);
            }
        }
    }

    /// @notice The venue's licence is restored where it may be: the regulator resumes the operator's node, or renews
    /// a lease that ends within 30 days for a year (within its root's); else the operator registers the venue again
    /// if it is not (refused while a higher rank's deregistration bars it). Weighted so that a run spends most of its
    /// calls on a licensed venue (a deregistered one waits some 35 calls).
    function restoreOperator() external {
        uint64 node = tree.nodeOf(exchange.OPERATOR(), r1);
        if (node == 0) return;
        IAuthorityTree.Node memory n = tree.node(node);
        address regulator = tree.node(r1).account;
        (uint64 registered, ) = venues.registration(address(exchange), r1);
        if (n.status == IAuthorityTree.NodeStatus.Suspended) {
            _act(regulator, address(tree), abi.encodeCall(tree.resume, (node)), "resume: operator");
        } else if (n.expiry > block.timestamp && n.expiry < block.timestamp + 30 days) {
            uint40 expiry = _until(365 days, _leaseLimit(r1));
            _act(regulator, address(tree), abi.encodeCall(tree.renew, (node, expiry)), "renew: operator");
        } else if (registered == 0) {
            _registerVenue();
        }
    }

    /// @notice The operator registers the venue again (refused while a higher rank's deregistration bars it).
    function registerVenue() external {
        _registerVenue();
    }

    function _registerVenue() private {
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
        // Issue 16: within the hard cap, and supply x ratio within the reserve net of redemptions since x 10,000.
        IMonetaryDesk.Policy memory p = bond.DESK().policy(address(bond));
        uint256 supply = IERC20(address(bond)).totalSupply();
        if (supply > p.supplyCap) G.violated(Ghost.Kind.Mint, "minted beyond the supply cap");
        if (since > a.amount || supply * p.reserveRatioBps > (a.amount - since) * 10_000) {
            G.violated(Ghost.Kind.Mint, "minted beyond the reserve at the token's ratio");
        }
        // Issue 22 item 3, judged from the ghost's own record of redemptions (not the registry's snapshot): the
        // supply stays within the reserve at its date net of everything redeemed at or after that date.
        if (IERC20(address(bond)).totalSupply() + G.redeemedSince(a.asOf) > a.amount) {
            G.violated(Ghost.Kind.Reserve, "minted beyond the reserve at its date net of the redemptions since");
        }
    }

    /**
     * @dev Why the token's forced-transfer rules forbid `by` moving `from`'s BOND to `to` now ("" if they allow it):
     * a reason is given; `by` acts for the issuer node (its account or a valid ancestor's) at a rank at or above the
     * pause's and every freeze on `from`; a frozen `from` moves to no wallet of its own identity; `to` is unfrozen and
     * eligible under the token's policy (model). Read from the raw records, not from the token's check.
     */
    function _forcedProblem(address from, address to, address by, bytes32 reason) private view returns (string memory) {
        if (reason == bytes32(0)) return "without a reason";
        if (from == address(exchange)) return "from the venue's pool";
        (bool manages, uint8 rank) = _actsFor(bond.ISSUER_NODE(), by);
        if (!manages) return "by someone not the token's authority";
        if (_paused() && rank > bond.pauseRank()) return "below the pause's rank";
        (bool walletFrozen, uint8 walletRank, ) = bond.walletFreeze(from);
        if (walletFrozen && rank > walletRank) return "below a wallet freeze's rank";
        uint64 identity = registry.identityOf(from);
        (bool identityFrozen, uint8 identityRank) = identity == 0 ? (false, 0) : bond.identityFreeze(identity);
        if (identityFrozen && rank > identityRank) return "below an identity freeze's rank";
        uint64 toIdentity = registry.identityOf(to);
        if ((walletFrozen || identityFrozen) && toIdentity != 0 && toIdentity == identity) {
            return "to a wallet of the frozen identity";
        }
        (bool toFrozen, , ) = bond.walletFreeze(to);
        if (toFrozen) return "to a frozen wallet";
        if (toIdentity != 0) {
            (bool toIdentityFrozen, ) = bond.identityFreeze(toIdentity);
            if (toIdentityFrozen) return "to a wallet of a frozen identity";
        }
        if (!Model.eligible(registry, tree, to, registry.policy(bond.policyId()))) return "to an ineligible wallet";
        return "";
    }

    /// @dev Whether `by` holds node `id` or a valid ancestor of it (nearest first), and that node's depth.
    function _actsFor(uint64 id, address by) private view returns (bool, uint8) {
        for (uint64 cursor = id; cursor != 0; cursor = tree.node(cursor).parent) {
            IAuthorityTree.Node memory n = tree.node(cursor);
            if (n.account == by) return (Model.valid(tree, cursor), n.depth);
        }
        return (false, 0);
    }

    function _paused() private view returns (bool) {
        (bool ok, bytes memory out) = address(bond).staticcall(abi.encodeWithSignature("paused()"));
        return ok && abi.decode(out, (bool));
    }

    /// @dev "court order", one call in eight no reason at all (refused: MissingReason).
    function _reason(uint256 seed) private pure returns (bytes32) {
        return seed % 8 == 0 ? bytes32(0) : bytes32("court order");
    }

    /// @dev Another investor's wallet bound to `wallet`'s identity, else any investor drawn by `seed`.
    function _sameIdentity(address wallet, uint256 seed) private view returns (address) {
        uint64 identity = registry.identityOf(wallet);
        uint256 n = S.INVESTOR_COUNT();
        for (uint256 i; i < n; ++i) {
            address other = S.investor(((seed % n) + i) % n);
            if (other != wallet && identity != 0 && registry.identityOf(other) == identity) return other;
        }
        return _investor(seed);
    }

    function _holdsBond(address wallet) private view returns (bool) {
        return IERC20(address(bond)).balanceOf(wallet) != 0;
    }

    function _bondInVenue(address wallet) private view returns (bool) {
        (uint256 available, uint256 locked) = exchange.balanceOf(wallet, address(bond));
        return available + locked != 0;
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
