// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IIdentityRegistry} from "../../../contracts/interfaces/IIdentityRegistry.sol";
import {Scopes} from "../../../contracts/types/Scope.sol";
import {Suite} from "../Suite.sol";
import {Ghost} from "../Ghost.sol";
import {ActorBase} from "./ActorBase.sol";

/**
 * @title ClientActors
 * @notice The KYC institutions and the investors' registrations: register directly (with the wallet's signed
 * consent) or by the investor submitting a signed attestation, and freeze, unfreeze, renew, update, revoke, migrate,
 * add and remove wallets, each by the attesting node's account or one of its ancestors.
 */
contract ClientActors is ActorBase {
    constructor(Suite s, Ghost g) ActorBase(s, g) {}

    function actions() external pure override returns (bytes4[] memory list) {
        list = new bytes4[](64);
        uint256 n = _add(list, 0, ClientActors.register.selector, 2);
        n = _add(list, n, ClientActors.submitAttestation.selector, 2);
        n = _add(list, n, ClientActors.freeze.selector, 1);
        n = _add(list, n, ClientActors.unfreeze.selector, 1);
        n = _add(list, n, ClientActors.renew.selector, 2);
        n = _add(list, n, ClientActors.update.selector, 1);
        n = _add(list, n, ClientActors.revoke.selector, 1);
        n = _add(list, n, ClientActors.migrate.selector, 2);
        n = _add(list, n, ClientActors.addWallet.selector, 1);
        n = _add(list, n, ClientActors.removeWallet.selector, 1);
        return _trim(list, n);
    }

    /// @notice A KYC node registers an investor's wallet, with the wallet's signed consent.
    function register(uint256 walletSeed, uint256 attesterSeed, uint256 profileSeed, uint256 expirySeed) external {
        address wallet = _investor(walletSeed);
        uint64 attester = _nodeWith(attesterSeed, Scopes.KYC);
        if (attester == 0) return;
        IIdentityRegistry.Registration memory r = IIdentityRegistry.Registration({
            wallet: wallet,
            classes: _classes(profileSeed),
            jurisdiction: _jurisdiction(profileSeed >> 8),
            expiry: _until(1 days + (expirySeed % 200 days), tree.node(attester).expiry),
            evidenceHash: keccak256(abi.encode("kyc", wallet, expirySeed))
        });
        IIdentityRegistry.Consent memory c = S.consent(wallet, 0, attester);
        address by = tree.node(attester).account;
        _act(by, address(registry), abi.encodeCall(registry.register, (attester, r, c)), "register");
    }

    /// @notice The investor submits an attestation its KYC institution signed off chain.
    function submitAttestation(
        uint256 walletSeed,
        uint256 attesterSeed,
        uint256 profileSeed,
        uint256 expirySeed
    ) external {
        address wallet = _investor(walletSeed);
        uint64 attester = _nodeWith(attesterSeed, Scopes.KYC);
        if (attester == 0) return;
        uint40 expiry = _until(1 days + (expirySeed % 200 days), tree.node(attester).expiry);
        (IIdentityRegistry.Attestation memory a, bytes memory signature) = S.attestation(
            wallet,
            attester,
            _classes(profileSeed),
            _jurisdiction(profileSeed >> 8),
            expiry
        );
        IIdentityRegistry.Consent memory none;
        _act(
            wallet,
            address(registry),
            abi.encodeCall(registry.submitAttestation, (a, signature, none)),
            "submitAttestation"
        );
    }

    function freeze(uint256 walletSeed, uint256 bySeed) external {
        (uint64 id, address by) = _managed(walletSeed, bySeed);
        if (id == 0) return;
        _act(by, address(registry), abi.encodeCall(registry.freeze, (id, "review")), "freeze");
    }

    function unfreeze(uint256 walletSeed, uint256 bySeed) external {
        address wallet = _investorWhere(walletSeed, _frozen);
        (uint64 id, address by) = _managed(_indexOf(wallet), bySeed);
        if (id != 0 && bySeed % 4 != 0) {
            IIdentityRegistry.Identity memory s = registry.identity(id);
            by = _atRank(s.attester, s.frozenByDepth);
        }
        if (id == 0) return;
        _act(by, address(registry), abi.encodeCall(registry.unfreeze, (id)), "unfreeze");
    }

    /// @notice Renew (or shorten) a client's registration; half the calls the registration that ends first.
    function renew(uint256 walletSeed, uint256 bySeed, uint256 expirySeed) external {
        if (walletSeed % 2 == 0) walletSeed = _expiringClient();
        (uint64 id, address by) = _managed(walletSeed, bySeed);
        if (id == 0) return;
        uint40 expiry = _until(1 hours + (expirySeed % 200 days), tree.node(registry.identity(id).attester).expiry);
        _act(by, address(registry), abi.encodeCall(registry.renew, (id, expiry)), "renew");
    }

    /// @notice Change a client's classes and jurisdiction (e.g. into one a pair bars, or out of an allowed class).
    function update(uint256 walletSeed, uint256 bySeed, uint256 profileSeed) external {
        (uint64 id, address by) = _managed(walletSeed, bySeed);
        if (id == 0) return;
        uint8 classes = _classes(profileSeed);
        uint16 jurisdiction = _jurisdiction(profileSeed >> 8);
        _act(
            by,
            address(registry),
            abi.encodeCall(registry.update, (id, classes, jurisdiction, keccak256(abi.encode(profileSeed)))),
            "update"
        );
    }

    /// @notice Revoke a client's identity (final); passes one call in four.
    function revoke(uint256 walletSeed, uint256 bySeed, uint256 gate) external {
        if (!_chance(gate, 4)) return;
        (uint64 id, address by) = _managed(walletSeed, bySeed);
        if (id == 0) return;
        _act(by, address(registry), abi.encodeCall(registry.revoke, (id, "kyc withdrawn")), "revoke");
    }

    /// @notice Move a client to another KYC node of its tree (e.g. rescue the clients of a revoked bank).
    function migrate(uint256 walletSeed, uint256 bySeed, uint256 attesterSeed) external {
        (uint64 id, address by) = _managed(walletSeed, bySeed);
        if (id == 0) return;
        uint64 target = _kycNodeIn(registry.identity(id).root, attesterSeed);
        if (target == 0) return;
        _act(by, address(registry), abi.encodeCall(registry.migrate, (id, target)), "migrate");
    }

    /// @notice Bind another investor's wallet to a client's identity (so that one identity trades from two wallets).
    function addWallet(uint256 walletSeed, uint256 bySeed, uint256 otherSeed) external {
        (uint64 id, address by) = _managed(walletSeed, bySeed);
        if (id == 0) return;
        address other = _investor(otherSeed);
        IIdentityRegistry.Consent memory c = S.consent(other, id, 0);
        _act(by, address(registry), abi.encodeCall(registry.addWallet, (id, other, c)), "addWallet");
    }

    function removeWallet(uint256 walletSeed, uint256 bySeed) external {
        (uint64 id, address by) = _managed(walletSeed, bySeed);
        if (id == 0) return;
        address wallet = _investor(walletSeed);
        _act(by, address(registry), abi.encodeCall(registry.removeWallet, (id, wallet)), "removeWallet");
    }

    /// @dev The identity of an investor's wallet and a manager of it (the attester's account or an ancestor's).
    function _managed(uint256 walletSeed, uint256 bySeed) private view returns (uint64 id, address by) {
        id = registry.identityOf(_investor(walletSeed));
        if (id != 0) by = _managerOf(registry.identity(id).attester, bySeed);
    }

    function _frozen(address wallet) private view returns (bool) {
        uint64 id = registry.identityOf(wallet);
        return id != 0 && registry.identity(id).frozen;
    }

    function _indexOf(address wallet) private view returns (uint256 i) {
        while (S.investor(i) != wallet) ++i;
    }

    /// @dev The index of the investor whose active registration ends first.
    function _expiringClient() private view returns (uint256 found) {
        uint256 soonest = type(uint256).max;
        for (uint256 i; i < S.INVESTOR_COUNT(); ++i) {
            uint64 id = registry.identityOf(S.investor(i));
            if (id == 0) continue;
            IIdentityRegistry.Identity memory s = registry.identity(id);
            bool running = s.status == IIdentityRegistry.IdentityStatus.Active && s.expiry > block.timestamp;
            if (running && s.expiry < soonest) (found, soonest) = (i, s.expiry);
        }
    }

    /// @dev A KYC node of root `root` valid now, searched from a random start (0 if none).
    function _kycNodeIn(uint64 root, uint256 seed) private view returns (uint64) {
        uint64 count = tree.nodeCount();
        for (uint64 i; i < count; ++i) {
            uint64 id = uint64(((seed % count) + i) % count) + 1;
            if (tree.node(id).root == root && tree.nodeHasScope(id, Scopes.KYC)) return id;
        }
        return 0;
    }

    function _classes(uint256 seed) private pure returns (uint8) {
        return uint8(1 + (seed % 15));
    }

    /// @dev Switzerland, Germany, the United States, the Marshall Islands (barred by EUR/USD), France.
    function _jurisdiction(uint256 seed) private pure returns (uint16) {
        uint16[5] memory codes = [uint16(756), 276, 840, 408, 250];
        return codes[seed % codes.length];
    }
}
