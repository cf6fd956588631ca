import { ethers } from "hardhat";
import { OPEN_TERMS } from "../lib/monetary";
import { AssetKind, ProductType, kindMask } from "../lib/assets";
import { attestationDomain, signConsent } from "../lib/attestation";
import { ALL_CLASSES, ClientClass } from "../lib/classes";
import { Scope, scopeMask } from "../lib/scopes";
import { ReporterRole } from "../lib/tree";
import type {
  AssetRegistry,
  AuthorityTree,
  CompliantToken,
  IdentityRegistry,
  PairRegistry,
  TestToken,
  TradabilityProbe,
  VenueRegistry,
} from "../typechain-types";
import type { BenchModule } from "./recorder";

const DAY = 86_400;
const YEAR = 365 * DAY;

export const assets: BenchModule = {
  title: "Asset service",
  async run(record) {
    const signers = await ethers.getSigners();
    const [governor, regulator, institution, bank, lister, steward, issuer, auditFirm, auditor] = signers;
    const [alice, bob, carol, exchangeOp] = signers.slice(9);
    const tree = (await ethers.deployContract("AuthorityTree", [governor.address, 1])) as unknown as AuthorityTree;
    const now = Number(await tree.currentTime());
    const expiry = now + 10 * YEAR;
    const last = () => tree.nodeCount();

    // root(0) -> institution(1) -> bank(2) attests the clients; root -> auditFirm(1) -> auditor(2) attests assets.
    await (await tree.createRoot(regulator.address, expiry, "Regulator")).wait();
    const root = await last();
    const grant = async (from: typeof regulator, parent: bigint, to: string, scopes: number) => {
      await (await tree.connect(from).grant(parent, to, scopes, expiry)).wait();
      return last();
    };
    const institutionNode = await grant(regulator, root, institution.address, scopeMask("DELEGATE", "KYC"));
    const bankNode = await grant(institution, institutionNode, bank.address, Scope.KYC);
    await grant(regulator, root, lister.address, Scope.LIST);
    await grant(regulator, root, steward.address, Scope.GOVERN);
    await grant(regulator, root, issuer.address, Scope.ISSUE);
    await grant(regulator, root, exchangeOp.address, Scope.EXCHANGE);
    const firmNode = await grant(regulator, root, auditFirm.address, scopeMask("DELEGATE", "AUDIT"));
    await grant(auditFirm, firmNode, auditor.address, Scope.AUDIT);

    const registry = (await ethers.deployContract("IdentityRegistry", [
      await tree.getAddress(),
      1,
    ])) as unknown as IdentityRegistry;
    const venues = (await ethers.deployContract("VenueRegistry", [
      await tree.getAddress(),
    ])) as unknown as VenueRegistry;
    const factory = await ethers.deployContract("TokenFactory", [
      await tree.getAddress(),
      await registry.getAddress(),
      await venues.getAddress(),
      await (
        await ethers.deployContract("TokenDeployer", [
          await (await ethers.deployContract("MonetaryDesk", [1])).getAddress(),
        ])
      ).getAddress(),
    ]);
    const assetRegistry = (await ethers.deployContract("AssetRegistry", [
      await tree.getAddress(),
      await factory.getAddress(),
      1,
    ])) as unknown as AssetRegistry;
    await (await factory.getFunction("bindAssetRegistry")(assetRegistry)).wait();
    const pairs = (await ethers.deployContract("PairRegistry", [
      await tree.getAddress(),
      await assetRegistry.getAddress(),
      await registry.getAddress(),
      1,
    ])) as unknown as PairRegistry;
    await (await tree.setReporter(registry, ReporterRole.Reporter)).wait();
    await (await tree.setReporter(assetRegistry, ReporterRole.Enroller)).wait();
    await (await tree.setReporter(pairs, ReporterRole.Reporter)).wait();

    // The token's transfer policy: trust this root, every class, bar two jurisdictions (as the registry bench does).
    await (await registry.createPolicy([root], ALL_CLASSES, [408, 840])).wait();
    const policyId = await registry.policyCount();
    // The native token is created through the asset registry (its factory), wired to the canonical registries.
    const issued = await (
      await assetRegistry.connect(issuer).issueNative(root, "Bond token", "BOND", 6, policyId, OPEN_TERMS)
    ).wait();
    const tokenAddress = issued!.logs
      .map((log) => assetRegistry.interface.parseLog(log))
      .find((parsed) => parsed?.name === "NativeTokenIssued")!.args.token as string;
    const token = (await ethers.getContractAt("CompliantToken", tokenAddress)) as unknown as CompliantToken;
    const usd = (await ethers.deployContract("TestToken", ["US Dollar", "USD"])) as unknown as TestToken;
    await (await assetRegistry.connect(lister).registerAsset(token, AssetKind.Native, root, issuer, "ipfs://b")).wait();
    await (
      await assetRegistry.connect(lister).registerAsset(usd, AssetKind.External, root, ethers.ZeroAddress, "")
    ).wait();
    const bond = await assetRegistry.assetIdOf(token, root);
    const usdAsset = await assetRegistry.assetIdOf(usd, root);

    // assets.attestReserve: the first reserve attestation of an asset (fresh slots), then one that supersedes it.
    const evidence = (label: string) => ethers.id(label);
    const uri = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    await record(
      "assets.attestReserve",
      assetRegistry.connect(auditor).attestReserve(bond, 10n ** 12n, now, now + 30 * DAY, uri, evidence("r1")),
    );
    await record(
      "assets.attestReserve.supersede",
      assetRegistry.connect(auditor).attestReserve(bond, 2n * 10n ** 12n, now, now + 30 * DAY, uri, evidence("r2")),
    );

    // assets.proposePair: BOND/USD spot, creating its policy (one trusted root, two barred jurisdictions).
    const terms = {
      baseAsset: bond,
      quoteAsset: usdAsset,
      productType: ProductType.Spot,
      tickSize: 10n ** 4n,
      lotSize: 10n ** 6n,
      minSize: 10n ** 7n,
      baseAttestations: kindMask("AuditReport"),
      quoteAttestations: 0,
      proposalExpiry: now + 7 * DAY,
    };
    const pairPolicy = {
      trustedRoots: [root],
      allowedClasses: ClientClass.INSTITUTIONAL | ClientClass.ACCREDITED,
      barredJurisdictions: [408, 840],
    };
    await record("assets.proposePair", pairs.connect(lister).proposePair(root, terms, pairPolicy));
    const pairId = await pairs.pairCount();
    await record("assets.approvePair", pairs.connect(steward).approvePair(pairId));
    await (
      await assetRegistry
        .connect(auditor)
        .attest(bond, 1 /* AuditReport */, now + 30 * DAY, uri, evidence("audit report"))
    ).wait();

    // assets.isTradable: one check as a venue makes it inside a match (reserve + audit report by one auditor at
    // depth 2), measured as a transaction to a probe; the probe's event carries the call's own cold and warm gas.
    const probe = (await ethers.deployContract("TradabilityProbe")) as unknown as TradabilityProbe;
    if (!(await pairs.isTradable(pairId))) throw new Error("bench pair is not tradable");
    const gas = await record("assets.isTradable", probe.probe(pairs, pairId));
    const logs = await probe.queryFilter(probe.filters.Probed());
    const { coldGas, warmGas } = logs[logs.length - 1].args;
    console.log(`  isTradable inside the probe transaction (${gas} gas): ${coldGas} cold, ${warmGas} warm`);

    // token.transfer: both holders attested by the bank at depth 2, both already holding a balance.
    const profile = (wallet: string) => ({
      wallet,
      classes: ClientClass.ACCREDITED,
      jurisdiction: 756,
      expiry: now + YEAR,
      evidenceHash: ethers.id(`kyc evidence of ${wallet}`),
    });
    const { chainId } = await ethers.provider.getNetwork();
    const domain = attestationDomain(chainId, await registry.getAddress());
    for (const client of [alice, bob, carol]) {
      const consent = await signConsent(client, domain, {
        wallet: client.address,
        identityId: 0n,
        attester: bankNode,
        nonce: 0n,
        deadline: BigInt(now + DAY),
      });
      await (await registry.connect(bank).register(bankNode, profile(client.address), consent)).wait();
      await (await token.connect(issuer).mint(client.address, 1_000_000n)).wait();
    }
    await record("token.transfer", token.connect(alice).transfer(bob.address, 1_000n));

    // For comparison (reported, not budgeted): the same transfer while some wallet and some identity are frozen, so
    // the freeze lookups run; and a deposit into a registered venue contract.
    await (await token.connect(issuer).freezeWallet(carol.address, ethers.encodeBytes32String("bench"))).wait();
    await (await token.connect(issuer).freezeIdentity(999n, ethers.encodeBytes32String("bench"))).wait();
    await record("token.transfer.freezesActive", token.connect(bob).transfer(alice.address, 1_000n));
    const venue = await ethers.deployContract("TestVenue", [exchangeOp.address]);
    await (await venues.connect(exchangeOp).registerVenue(venue, root, Scope.EXCHANGE)).wait();
    await record("token.transfer.toVenue", token.connect(alice).transfer(venue, 1_000n));

    // Issue 16, the monetary policy: a mint (rate window, cap and reserve at its ratio, in the monetary desk), and
    // the redemption lifecycle: a request (escrowed), its settlement (burned), and a rejected one (returned).
    await record("token.mint", token.connect(issuer).mint(alice.address, 1_000n));
    const desk = await ethers.getContractAt("MonetaryDesk", await token.DESK());
    const ref = ethers.encodeBytes32String("bench");
    await record("token.redeem.request", desk.connect(alice).requestRedemption(token, 1_000n, ref));
    await record("token.redeem.confirm", desk.connect(issuer).confirmRedemption(token, 1n, ref));
    await (await desk.connect(bob).requestRedemption(token, 1_000n, ref)).wait();
    await record("token.redeem.reject", desk.connect(issuer).rejectRedemption(token, 2n, ref));
  },
};
