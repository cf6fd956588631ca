// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AuthorityTree} from "../../contracts/authority/AuthorityTree.sol";
import {IdentityRegistry} from "../../contracts/registry/IdentityRegistry.sol";
import {VenueRegistry} from "../../contracts/assets/VenueRegistry.sol";
import {MonetaryDesk} from "../../contracts/assets/MonetaryDesk.sol";
import {TokenDeployer} from "../../contracts/assets/TokenDeployer.sol";
import {TokenFactory} from "../../contracts/assets/TokenFactory.sol";
import {AssetRegistry} from "../../contracts/assets/AssetRegistry.sol";
import {PairRegistry} from "../../contracts/assets/PairRegistry.sol";
import {Exchange} from "../../contracts/exchange/Exchange.sol";
import {ExchangeAdmin} from "../../contracts/exchange/ExchangeAdmin.sol";
import {TestToken} from "../../contracts/test/TestToken.sol";
import {IAuthorityTree} from "../../contracts/interfaces/IAuthorityTree.sol";
import {IRestrictionEpoch} from "../../contracts/interfaces/IRestrictionEpoch.sol";
import {IIdentityRegistry} from "../../contracts/interfaces/IIdentityRegistry.sol";
import {IVenueRegistry} from "../../contracts/interfaces/IVenueRegistry.sol";
import {IAssetRegistry} from "../../contracts/interfaces/IAssetRegistry.sol";
import {IPairRegistry} from "../../contracts/interfaces/IPairRegistry.sol";
import {IExchange, IExchangeBase} from "../../contracts/interfaces/IExchange.sol";
import {ICompliantToken} from "../../contracts/interfaces/ICompliantToken.sol";
import {IMonetaryDesk} from "../../contracts/interfaces/IMonetaryDesk.sol";
import {Scopes} from "../../contracts/types/Scope.sol";
import {ClientClasses} from "../../contracts/types/ClientClass.sol";
import {Side} from "../../contracts/types/Side.sol";
import {vm} from "./Vm.sol";

/// @notice An external test token anyone may mint (TestToken), as the handlers see it.
interface IMintableToken is IERC20 {
    function mint(address to, uint256 amount) external;
}

/**
 * @title Suite
 * @notice The whole system the invariant suites run against, deployed and wired in this one place (mirroring
 * test/helpers/fixtures.ts deployAssets and test/helpers/exchange.ts deployExchange), plus the actors' accounts and
 * keys. Everything else in test/invariant talks to the contracts through contracts/interfaces, so a change of
 * constructors or of the deployment (a new contract in the suite) is made here only.
 *
 * The world at the start of every run:
 *  - governor -> roots R1 (regulator) and R2 (regulator2);
 *  - under R1: bank (DELEGATE|KYC) -> kycAgent (KYC, a short lease), bank2 (DELEGATE|KYC, one year), auditFirm
 *    (DELEGATE|AUDIT) -> auditor (AUDIT, a short lease), auditor2 (AUDIT), lister (LIST), steward (GOVERN),
 *    issuer (ISSUE), operator (EXCHANGE); under R2: bankR2 (DELEGATE|KYC);
 *  - BOND, a native compliant token of R1 (reserve attested, 90 days), and USD and EUR, external test tokens;
 *  - pairs BOND/USD (policy: R1, every class) and EUR/USD (needs an audit report of EUR; policy: R1 or R2,
 *    no retail, jurisdiction 408 barred), listed, with their books open on the venue (fees 5 / 10 bps, cap 100);
 *  - investors 0-5 registered (various attesters, classes and jurisdictions; investor 4 under R2), funded with
 *    every token they may hold and half of it deposited; investors 6 and 7 not yet registered;
 *  - two bids and two asks resting on each book.
 */
contract Suite {
    /// @notice The staff's roles at set-up (their index in the staff list); the spares are granted authority by the
    /// fuzzer.
    enum Role {
        Regulator,
        Regulator2,
        Bank,
        KycAgent,
        Bank2,
        BankR2,
        AuditFirm,
        Auditor,
        Auditor2,
        Lister,
        Steward,
        Issuer,
        Operator,
        Spare1,
        Spare2,
        Spare3,
        Spare4
    }

    uint256 public constant INVESTOR_COUNT = 8;
    uint256 public constant STAFF_COUNT = 17; // the number of Roles
    uint256 private constant _STAFF_KEY_BASE = 0x5AFF00;
    uint256 private constant _INVESTOR_KEY_BASE = 0x1417E5700;
    uint40 private constant _YEAR = 365 days;

    IAuthorityTree public immutable tree;
    IIdentityRegistry public immutable registry;
    IVenueRegistry public immutable venues;
    IAssetRegistry public immutable assets;
    IPairRegistry public immutable pairs;
    IExchange public immutable exchange;
    ICompliantToken public immutable bond;
    IMintableToken public immutable usd;
    IMintableToken public immutable eur;

    address public immutable governor;
    uint64 public r1;
    uint64 public r2;
    uint32 public bondAsset;
    uint32 public usdAsset;
    uint32 public eurAsset;
    uint32 public bondUsd;
    uint32 public eurUsd;
    uint32 public tokenPolicy;
    /// @notice A stricter holder policy the issuer may switch BOND to (jurisdiction 756 barred: investor 0's).
    uint32 public strictTokenPolicy;

    /// @dev Accounts that hold (or may be granted) authority nodes, by role; every one has a key.
    address[STAFF_COUNT] private _staff;
    address[INVESTOR_COUNT] private _investors;
    mapping(address account => uint256) private _keys;
    uint256 private _nonce;

    constructor() {
        assert(STAFF_COUNT == uint256(type(Role).max) + 1);
        for (uint256 i; i < STAFF_COUNT; ++i) _staff[i] = _keyed(_STAFF_KEY_BASE + i);
        for (uint256 i; i < INVESTOR_COUNT; ++i) _investors[i] = _keyed(_INVESTOR_KEY_BASE + i);
        governor = address(uint160(0x60BE7));

        // The contracts, wired through their constructors as deploy/ and the Hardhat fixtures wire them.
        AuthorityTree tree_ = new AuthorityTree(governor, 1);
        IdentityRegistry registry_ = new IdentityRegistry(tree_, 1);
        VenueRegistry venues_ = new VenueRegistry(tree_);
        TokenFactory factory_ = new TokenFactory(tree_, registry_, venues_, new TokenDeployer(new MonetaryDesk(1)));
        AssetRegistry assets_ = new AssetRegistry(tree_, factory_, 1);
        factory_.bindAssetRegistry(assets_);
        PairRegistry pairs_ = new PairRegistry(tree_, assets_, registry_, 1);
        (tree, registry, venues, assets, pairs) = (tree_, registry_, venues_, assets_, pairs_);
        // The services that report restrictions to the tree's epoch (deploy/007_restriction_reporters).
        vm.startPrank(governor);
        tree_.setReporter(address(registry_), IRestrictionEpoch.ReporterRole.Reporter);
        tree_.setReporter(address(pairs_), IRestrictionEpoch.ReporterRole.Reporter);
        tree_.setReporter(address(assets_), IRestrictionEpoch.ReporterRole.Enroller);
        tree_.setReporter(address(venues_), IRestrictionEpoch.ReporterRole.Reporter);
        vm.stopPrank();

        _grantStaff();
        tokenPolicy = registry_.createPolicy(_roots(r1, 0), ClientClasses.ALL, new uint16[](0));
        uint16[] memory barred = new uint16[](1);
        barred[0] = 756;
        strictTokenPolicy = registry_.createPolicy(_roots(r1, 0), ClientClasses.ALL, barred);
        vm.prank(_as(Role.Issuer));
        bond = ICompliantToken(assets_.issueNative(r1, "Bond", "BOND", 6, tokenPolicy, _bondTerms()));
        usd = IMintableToken(address(new TestToken("US Dollar", "USD")));
        eur = IMintableToken(address(new TestToken("Euro", "EUR")));
        _registerAssets();

        uint64[] memory venueRoots = _roots(r1, 0);
        // The venue's admin module is deployed on its own, then checked by the venue (test/helpers/exchange.ts).
        ExchangeAdmin admin_ = new ExchangeAdmin(tree_, registry_, pairs_, venues_, _as(Role.Operator), r1, 1);
        exchange = IExchange(
            address(new Exchange(tree_, registry_, pairs_, venues_, _as(Role.Operator), venueRoots, 1, address(admin_)))
        );
        vm.prank(_as(Role.Operator));
        venues_.registerVenue(address(exchange), r1, Scopes.EXCHANGE);
        vm.prank(_as(Role.Steward));
        exchange.setFeeCap(100);
        vm.prank(_as(Role.Operator));
        exchange.setFees(5, 10);
        _listInitialPairs();

        _registerInvestors();
        _fundInvestors();
        _seedBooks();
    }

    /// @dev BOND's monetary terms (issue 16): a cap and a daily rate the handlers' mints can reach, full backing.
    function _bondTerms() internal pure returns (IMonetaryDesk.MonetaryTerms memory) {
        return
            IMonetaryDesk.MonetaryTerms({
                supplyCap: 2.5e11,
                mintRate: 8e10,
                mintPeriod: 1 days,
                reserveRatioBps: 10_000
            });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Actors
    // ---------------------------------------------------------------------------------------------------------------

    /// @notice Staff account `i` (see Role).
    function staff(uint256 i) public view returns (address) {
        return _staff[i];
    }

    function investor(uint256 i) public view returns (address) {
        return _investors[i];
    }

    /// @notice Whether `account` is one of the investors' wallets.
    function isInvestor(address account) external view returns (bool) {
        for (uint256 i; i < INVESTOR_COUNT; ++i) if (_investors[i] == account) return true;
        return false;
    }

    /// @notice `wallet`'s signed consent (a fresh nonce, a day's deadline) to join identity `identityId`, or a new
    /// identity attested by node `attester` when `identityId` is 0.
    function consent(
        address wallet,
        uint64 identityId,
        uint64 attester
    ) public returns (IIdentityRegistry.Consent memory c) {
        c.nonce = ++_nonce;
        c.deadline = uint40(block.timestamp + 1 days);
        c.signature = _sign(wallet, registry.consentDigest(wallet, identityId, attester, c.nonce, c.deadline));
    }

    /// @notice An attestation of `wallet` by KYC node `attester`, signed by the node's account (a fresh nonce).
    function attestation(
        address wallet,
        uint64 attester,
        uint8 classes,
        uint16 jurisdiction,
        uint40 expiry
    ) external returns (IIdentityRegistry.Attestation memory a, bytes memory signature) {
        a = IIdentityRegistry.Attestation({
            wallet: wallet,
            classes: classes,
            jurisdiction: jurisdiction,
            expiry: expiry,
            evidenceHash: keccak256(abi.encode("kyc", wallet, expiry)),
            attester: attester,
            nonce: ++_nonce,
            deadline: uint40(block.timestamp + 1 days)
        });
        signature = _sign(tree.node(attester).account, registry.attestationDigest(a));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Set-up steps
    // ---------------------------------------------------------------------------------------------------------------

    function _grantStaff() private {
        uint40 t = uint40(block.timestamp);
        vm.startPrank(governor);
        r1 = tree.createRoot(_as(Role.Regulator), t + 10 * _YEAR, "Regulator X");
        r2 = tree.createRoot(_as(Role.Regulator2), t + 10 * _YEAR, "Regulator Y");
        vm.stopPrank();
        uint64 bankNode = _grant(Role.Regulator, r1, Role.Bank, Scopes.DELEGATE | Scopes.KYC, 3 * _YEAR);
        _grant(Role.Bank, bankNode, Role.KycAgent, Scopes.KYC, 120 days);
        _grant(Role.Regulator, r1, Role.Bank2, Scopes.DELEGATE | Scopes.KYC, _YEAR);
        _grant(Role.Regulator2, r2, Role.BankR2, Scopes.DELEGATE | Scopes.KYC, 3 * _YEAR);
        uint64 firm = _grant(Role.Regulator, r1, Role.AuditFirm, Scopes.DELEGATE | Scopes.AUDIT, 3 * _YEAR);
        _grant(Role.AuditFirm, firm, Role.Auditor, Scopes.AUDIT, 100 days);
        _grant(Role.Regulator, r1, Role.Auditor2, Scopes.AUDIT, 2 * _YEAR);
        _grant(Role.Regulator, r1, Role.Lister, Scopes.LIST, 3 * _YEAR);
        _grant(Role.Regulator, r1, Role.Steward, Scopes.GOVERN, 3 * _YEAR);
        _grant(Role.Regulator, r1, Role.Issuer, Scopes.ISSUE, 5 * _YEAR);
        _grant(Role.Regulator, r1, Role.Operator, Scopes.EXCHANGE, 5 * _YEAR);
    }

    function _grant(Role by, uint64 parent, Role to, uint32 scopes, uint40 lease) private returns (uint64) {
        vm.prank(_as(by));
        return tree.grant(parent, _as(to), scopes, uint40(block.timestamp) + lease);
    }

    function _registerAssets() private {
        uint40 t = uint40(block.timestamp);
        vm.startPrank(_as(Role.Lister));
        bondAsset = assets.registerAsset(
            address(bond),
            IAssetRegistry.AssetKind.Native,
            r1,
            _as(Role.Issuer),
            "ipfs://b"
        );
        usdAsset = assets.registerAsset(address(usd), IAssetRegistry.AssetKind.External, r1, address(0), "ipfs://u");
        eurAsset = assets.registerAsset(address(eur), IAssetRegistry.AssetKind.External, r1, address(0), "ipfs://e");
        vm.stopPrank();
        vm.startPrank(_as(Role.Auditor));
        assets.attestReserve(bondAsset, 8e10, t, t + 90 days, "ipfs://reserve", keccak256("reserve"));
        assets.attest(
            eurAsset,
            IAssetRegistry.AttestationKind.AuditReport,
            t + 60 days,
            "ipfs://audit",
            keccak256("a")
        );
        vm.stopPrank();
    }

    function _listInitialPairs() private {
        uint16[] memory barred = new uint16[](1);
        barred[0] = 408;
        bondUsd = _list(bondAsset, usdAsset, 10, 1000, 2, 0, _roots(r1, 0), ClientClasses.ALL, new uint16[](0));
        uint8 auditReport = uint8(1 << uint8(IAssetRegistry.AttestationKind.AuditReport));
        uint8 noRetail = ClientClasses.INSTITUTIONAL | ClientClasses.ACCREDITED | ClientClasses.PROFESSIONAL;
        eurUsd = _list(eurAsset, usdAsset, 3, 7, 1, auditReport, _roots(r1, r2), noRetail, barred);
    }

    /// @notice Propose (lister), approve (steward) and open (operator) a pair of R1 with the given terms.
    function _list(
        uint32 base,
        uint32 quote,
        uint128 tickSize,
        uint128 lotSize,
        uint128 minLots,
        uint8 baseKinds,
        uint64[] memory trusted,
        uint8 classes,
        uint16[] memory barred
    ) private returns (uint32 pairId) {
        IPairRegistry.PairTerms memory terms = IPairRegistry.PairTerms({
            baseAsset: base,
            quoteAsset: quote,
            productType: IPairRegistry.ProductType.Spot,
            tickSize: tickSize,
            lotSize: lotSize,
            minSize: lotSize * minLots,
            baseAttestations: baseKinds,
            quoteAttestations: 0,
            proposalExpiry: uint40(block.timestamp + 7 days)
        });
        vm.prank(_as(Role.Lister));
        pairId = pairs.proposePair(r1, terms, IPairRegistry.PolicyTerms(trusted, classes, barred));
        vm.prank(_as(Role.Steward));
        pairs.approvePair(pairId);
        vm.prank(_as(Role.Operator));
        exchange.openBook(pairId);
    }

    function _registerInvestors() private {
        uint64 kycAgent = tree.nodeOf(_as(Role.KycAgent), r1);
        _register(0, Role.KycAgent, kycAgent, ClientClasses.ACCREDITED, 756);
        _register(1, Role.KycAgent, kycAgent, ClientClasses.INSTITUTIONAL, 276);
        _register(2, Role.Bank, tree.nodeOf(_as(Role.Bank), r1), ClientClasses.RETAIL, 840);
        _register(3, Role.Bank2, tree.nodeOf(_as(Role.Bank2), r1), ClientClasses.PROFESSIONAL, 408);
        _register(4, Role.BankR2, tree.nodeOf(_as(Role.BankR2), r2), ClientClasses.ACCREDITED, 756);
        _register(5, Role.KycAgent, kycAgent, ClientClasses.ACCREDITED | ClientClasses.RETAIL, 250);
    }

    function _register(uint256 i, Role by, uint64 attester, uint8 classes, uint16 jurisdiction) private {
        address wallet = investor(i);
        IIdentityRegistry.Registration memory r = IIdentityRegistry.Registration({
            wallet: wallet,
            classes: classes,
            jurisdiction: jurisdiction,
            expiry: uint40(block.timestamp + 100 days),
            evidenceHash: keccak256(abi.encode("kyc", wallet))
        });
        IIdentityRegistry.Consent memory c = consent(wallet, 0, attester);
        vm.prank(_as(by));
        registry.register(attester, r, c);
    }

    /// @dev Every investor gets USD and EUR, every R1 client BOND (within the reserve); half of it goes to the venue.
    function _fundInvestors() private {
        for (uint256 i; i < INVESTOR_COUNT; ++i) {
            address wallet = investor(i);
            vm.startPrank(wallet);
            IERC20(address(bond)).approve(address(exchange), type(uint256).max);
            usd.approve(address(exchange), type(uint256).max);
            eur.approve(address(exchange), type(uint256).max);
            vm.stopPrank();
            usd.mint(wallet, 1e12);
            eur.mint(wallet, 1e12);
            bool bondHolder = i < 6 && i != 4;
            if (bondHolder) {
                vm.prank(_as(Role.Issuer));
                bond.mint(wallet, 1e10);
            }
            if (i >= 6) continue;
            vm.startPrank(wallet);
            exchange.deposit(address(usd), 5e11);
            exchange.deposit(address(eur), 5e11);
            if (bondHolder) exchange.deposit(address(bond), 5e9);
            vm.stopPrank();
        }
    }

    /// @dev Resting orders on both sides of both books, so that runs trade from their first calls.
    function _seedBooks() private {
        uint32[2] memory books = [bondUsd, eurUsd];
        for (uint256 b; b < 2; ++b) {
            for (uint256 i; i < 4; ++i) {
                IExchangeBase.OrderParams memory p = IExchangeBase.OrderParams({
                    pairId: books[b],
                    side: i % 2 == 0 ? Side.Bid : Side.Ask,
                    orderType: IExchangeBase.OrderType.GoodTillCancel,
                    tick: i % 2 == 0 ? uint24(99 - i) : uint24(101 + i),
                    lots: uint64(10 + i),
                    expiry: 0,
                    maxSteps: 1
                });
                vm.prank(
                    investor(
                        b == 0
                            ? i % 2
                            : i % 2 == 0
                                ? 1
                                : 5
                    )
                );
                exchange.placeOrder(p);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------------

    function _as(Role role) private view returns (address) {
        return _staff[uint256(role)];
    }

    function _keyed(uint256 key) private returns (address account) {
        account = vm.addr(key);
        _keys[account] = key;
    }

    function _sign(address signer, bytes32 digest) private view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keys[signer], digest);
        return abi.encodePacked(r, s, v);
    }

    function _roots(uint64 a, uint64 b) private pure returns (uint64[] memory list) {
        list = new uint64[](b == 0 ? 1 : 2);
        list[0] = a;
        if (b != 0) list[1] = b;
    }
}
