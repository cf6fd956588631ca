import { OPEN_TERMS, type MonetaryTerms } from "../../lib/monetary";
import { reset, time } from "@nomicfoundation/hardhat-network-helpers";
import { ethers } from "hardhat";
import type { AuthorityTree, IdentityRegistry } from "../../typechain-types";
import type { IIdentityRegistry } from "../../typechain-types/contracts/registry/IdentityRegistry";
import {
  attestationDomain,
  NO_CONSENT,
  randomNonce,
  signConsent,
  type Consent,
  type TypedDataSigner,
} from "../../lib/attestation";
import { ClientClass } from "../../lib/classes";
import { scopeMask } from "../../lib/scopes";
import { DAY } from "../../lib/time";

export { Scope, scopeMask, ALL_SCOPES } from "../../lib/scopes";
export { DAY, HOUR } from "../../lib/time";

export const YEAR = 365 * DAY;
export { ReporterRole } from "../../lib/tree";
import { ReporterRole } from "../../lib/tree";

/**
 * A chain clock for tests: reads time in seconds from a ChainClock contract and moves the chain forward in the
 * chain's own unit, so the same test runs on a seconds chain and a milliseconds (PlatON-like) chain.
 */
export class Clock {
  constructor(
    readonly unit: 1 | 1000,
    private readonly source: { currentTime(): Promise<bigint> },
  ) {}

  /** Current chain time in seconds, as the contracts see it. */
  async now(): Promise<number> {
    return Number(await this.source.currentTime());
  }

  /** Seconds from now, as an absolute chain time in seconds. */
  async in(seconds: number): Promise<number> {
    return (await this.now()) + seconds;
  }

  /** Mine a block `seconds` later. */
  async advance(seconds: number): Promise<void> {
    await time.increase(seconds * this.unit);
  }

  /** Mine a block at absolute chain time `seconds` (in seconds). */
  async advanceTo(seconds: number): Promise<void> {
    await time.increaseTo(seconds * this.unit);
  }
}

/** Timestamps above this are milliseconds (it is the year 5138 in seconds). */
const MILLISECOND_THRESHOLD = 1e11;

/**
 * Puts the in-process chain on the clock a fixture needs. loadFixture never rewinds time, so once a fixture has moved
 * the chain onto PlatON's millisecond clock, every later fixture would run on it too: a seconds fixture therefore
 * resets the chain (which also drops loadFixture's snapshots, so fixtures re-run as needed), and a milliseconds
 * fixture multiplies the current timestamp by 1000. Call it first in every base fixture.
 */
export async function useClock(unit: 1 | 1000): Promise<void> {
  const latest = await time.latest();
  const onMilliseconds = latest > MILLISECOND_THRESHOLD;
  if (unit === 1000 && !onMilliseconds) await time.increaseTo(latest * 1000);
  if (unit === 1 && onMilliseconds) await reset();
}

/** Moves the chain onto a millisecond clock, as PlatON's (see useClock). */
export async function switchToMillisecondClock(): Promise<void> {
  await useClock(1000);
}

export async function deployAuthority(unit: 1 | 1000 = 1) {
  await useClock(unit);
  const signers = await ethers.getSigners();
  const [governor, regulator, bank, subAgent, provider, auditor, investor, outsider, ...rest] = signers;
  const tree = (await ethers.deployContract("AuthorityTree", [governor.address, unit])) as unknown as AuthorityTree;
  await tree.waitForDeployment();
  const clock = new Clock(unit, tree);
  return { tree, clock, unit, governor, regulator, bank, subAgent, provider, auditor, investor, outsider, rest };
}

/** Id of the node created by a createRoot or grant transaction, read from its event. */
export async function nodeIdFrom(
  tree: AuthorityTree,
  tx: Promise<{ wait(): Promise<unknown> }> | { wait(): Promise<unknown> },
): Promise<bigint> {
  const receipt = (await (await tx).wait()) as { logs: { topics: readonly string[]; data: string }[] };
  for (const log of receipt.logs) {
    try {
      const parsed = tree.interface.parseLog(log);
      if (parsed && (parsed.name === "RootCreated" || parsed.name === "NodeGranted")) return parsed.args[0] as bigint;
    } catch {
      // not ours
    }
  }
  throw new Error("no RootCreated or NodeGranted event in receipt");
}

// -------------------------------------------------------------------------------------------------------------------
// Qualified-client registry
// -------------------------------------------------------------------------------------------------------------------

export { ClientClass, classMask, ALL_CLASSES } from "../../lib/classes";
export { AttesterFault, Eligibility, IdentityStatus, NonceState } from "../../lib/registry";

/**
 * The authority fixture plus a registry on the same clock and a small tree to attest from:
 * regulator (root, 10 years) -> bank (DELEGATE+KYC, depth 1, 5 years) -> subAgent (KYC, depth 2, 2 years).
 */
export async function deployRegistry(unit: 1 | 1000 = 1) {
  const base = await deployAuthority(unit);
  const { tree, clock, governor, regulator, bank, subAgent } = base;
  const rootId = await nodeIdFrom(
    tree,
    tree.connect(governor).createRoot(regulator.address, await clock.in(10 * YEAR), "Regulator X"),
  );
  const bankNode = await nodeIdFrom(
    tree,
    tree.connect(regulator).grant(rootId, bank.address, scopeMask("DELEGATE", "KYC"), await clock.in(5 * YEAR)),
  );
  const subAgentNode = await nodeIdFrom(
    tree,
    tree.connect(bank).grant(bankNode, subAgent.address, scopeMask("KYC"), await clock.in(2 * YEAR)),
  );
  const registry = (await ethers.deployContract("IdentityRegistry", [
    await tree.getAddress(),
    unit,
  ])) as unknown as IdentityRegistry;
  await registry.waitForDeployment();
  await (await tree.connect(governor).setReporter(registry, ReporterRole.Reporter)).wait();
  return { ...base, registry, rootId, bankNode, subAgentNode };
}

/** A valid direct registration for `wallet`: ACCREDITED, Switzerland (756), one year, evidence derived from it. */
export async function registrationFor(
  clock: Clock,
  wallet: string,
  overrides: Partial<IIdentityRegistry.RegistrationStruct> = {},
): Promise<IIdentityRegistry.RegistrationStruct> {
  return {
    wallet,
    classes: ClientClass.ACCREDITED,
    jurisdiction: 756,
    expiry: await clock.in(YEAR),
    evidenceHash: ethers.id(`kyc evidence of ${wallet}`),
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Wallet consent: every binding needs the wallet's own agreement (or the wallet as the caller)
// ---------------------------------------------------------------------------------------------------------------------

export { NO_CONSENT } from "../../lib/attestation";

/** Keys of the throwaway wallets the tests create, so that they can sign their consents. */
const walletKeys = new Map<string, TypedDataSigner>();

/** A fresh random wallet whose key the helpers below know; returns its address. */
export function newWallet(): string {
  const wallet = ethers.Wallet.createRandom();
  walletKeys.set(wallet.address, wallet);
  return wallet.address;
}

/** Lets the helpers below sign for a wallet the caller created (e.g. a funded random wallet); returns it. */
export function rememberWallet<W extends TypedDataSigner & { address: string }>(wallet: W): W {
  walletKeys.set(ethers.getAddress(wallet.address), wallet);
  return wallet;
}

/** The signer of `address`: a throwaway wallet of newWallet() or one of the network's accounts (undefined if none). */
export async function walletSigner(address: string): Promise<TypedDataSigner | undefined> {
  if (!ethers.isAddress(address)) return undefined;
  const known = walletKeys.get(ethers.getAddress(address));
  if (known) return known;
  return (await ethers.getSigners()).find((s) => s.address === ethers.getAddress(address));
}

/**
 * `wallet`'s signed consent to join identity `identityId`, or a new identity attested by `attester` (identityId 0),
 * with a random nonce and a deadline a day ahead unless told. A wallet nobody can sign for gets NO_CONSENT, so the
 * registry's own refusal is what a test sees.
 */
export async function consentFor(
  registry: IdentityRegistry,
  wallet: string,
  target: { identityId?: bigint; attester?: bigint },
  options: { nonce?: bigint; deadline?: bigint; signer?: TypedDataSigner } = {},
): Promise<Consent> {
  const signer = options.signer ?? (await walletSigner(wallet));
  if (!signer) return NO_CONSENT;
  const { chainId } = await ethers.provider.getNetwork();
  const deadline = options.deadline ?? (await registry.currentTime()) + BigInt(DAY);
  return signConsent(signer, attestationDomain(chainId, await registry.getAddress()), {
    wallet,
    identityId: target.identityId ?? 0n,
    attester: target.attester ?? 0n,
    nonce: options.nonce ?? randomNonce(),
    deadline,
  });
}

/** `as` (the account of KYC node `attester`) registers `registration`, with its wallet's signed consent. */
export async function registerWithConsent(
  registry: IdentityRegistry,
  as: Signer,
  attester: bigint,
  registration: IIdentityRegistry.RegistrationStruct,
) {
  const consent = await consentFor(registry, registration.wallet as string, { attester });
  return registry.connect(as).register(attester, registration, consent);
}

/** registerBatch with each wallet's signed consent. */
export async function registerBatchWithConsent(
  registry: IdentityRegistry,
  as: Signer,
  attester: bigint,
  registrations: IIdentityRegistry.RegistrationStruct[],
) {
  const consents = [];
  for (const r of registrations) consents.push(await consentFor(registry, r.wallet as string, { attester }));
  return registry.connect(as).registerBatch(attester, registrations, consents);
}

/** `as` (a manager) binds `wallet` to `identityId`, with the wallet's signed consent to join it. */
export async function addWalletWithConsent(registry: IdentityRegistry, as: Signer, identityId: bigint, wallet: string) {
  const consent = await consentFor(registry, wallet, { identityId });
  return registry.connect(as).addWallet(identityId, wallet, consent);
}

/**
 * Submits a signed attestation as `submitter` (default: the network's first account, a relayer): with no consent when
 * the submitter is the wallet, else with the wallet's signed consent to a new identity attested by the signer's node.
 */
export async function submitWithConsent(
  registry: IdentityRegistry,
  submitter: Signer | undefined,
  attestation: IIdentityRegistry.AttestationStruct,
  signature: string,
) {
  const as = submitter ?? (await ethers.getSigners())[0];
  const wallet = attestation.wallet as string;
  const self = ethers.isAddress(wallet) && ethers.getAddress(wallet) === (await as.getAddress());
  const consent = self ? NO_CONSENT : await consentFor(registry, wallet, { attester: BigInt(attestation.attester) });
  return registry.connect(as).submitAttestation(attestation, signature, consent);
}

type TxLike = Promise<{ wait(): Promise<unknown> }> | { wait(): Promise<unknown> };

async function registryEvent(registry: IdentityRegistry, tx: TxLike, name: string): Promise<bigint[]> {
  const receipt = (await (await tx).wait()) as { logs: { topics: readonly string[]; data: string }[] };
  const found: bigint[] = [];
  for (const log of receipt.logs) {
    try {
      const parsed = registry.interface.parseLog(log);
      if (parsed?.name === name) found.push(parsed.args[0] as bigint);
    } catch {
      // not ours
    }
  }
  if (found.length === 0) throw new Error(`no ${name} event in receipt`);
  return found;
}

/** Id of the (first) identity created by a register, registerBatch or submitAttestation transaction. */
export async function identityIdFrom(registry: IdentityRegistry, tx: TxLike): Promise<bigint> {
  return (await registryEvent(registry, tx, "IdentityRegistered"))[0];
}

/** Id of the policy created by a createPolicy transaction. */
export async function policyIdFrom(registry: IdentityRegistry, tx: TxLike): Promise<bigint> {
  return (await registryEvent(registry, tx, "PolicyCreated"))[0];
}

/** Fixtures for loadFixture: the registry world on a seconds clock and on a PlatON-like milliseconds clock. */
export async function registryInSeconds() {
  return deployRegistry(1);
}
export async function registryInMilliseconds() {
  return deployRegistry(1000);
}
export const TIME_UNITS = [1, 1000] as const;
export function registryFixture(unit: 1 | 1000) {
  return unit === 1 ? registryInSeconds : registryInMilliseconds;
}

/** Make the next block's timestamp `seconds` (chain time in seconds), in the chain's own unit. */
export async function setNextBlockTime(clock: Clock, seconds: number): Promise<void> {
  await time.setNextBlockTimestamp(seconds * clock.unit);
}

// ---------------------------------------------------------------------------------------------------------------------
// Asset service (issue 4)
// ---------------------------------------------------------------------------------------------------------------------

import type {
  AssetRegistry,
  CompliantToken,
  PairRegistry,
  TestToken,
  TokenFactory,
  MonetaryDesk,
  VenueRegistry,
} from "../../typechain-types";
import { Scope } from "../../lib/scopes";
import type { Signer } from "ethers";
import { AssetKind } from "../../lib/assets";
import { ALL_CLASSES } from "../../lib/classes";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export { AssetKind, AttestationKind, PairStatus, ProductType, kindMask } from "../../lib/assets";

/** A content hash for test evidence. */
export function evidenceHash(label: string): string {
  return ethers.keccak256(ethers.toUtf8Bytes(label));
}

/** Create a native token through `assets.issueNative` as `by`; returns the token read from NativeTokenIssued. */
export async function issueNative(
  assets: AssetRegistry,
  by: Signer,
  root: bigint,
  name: string,
  symbol: string,
  decimals: number,
  policyId: bigint,
  terms: MonetaryTerms = OPEN_TERMS,
): Promise<CompliantToken> {
  const receipt = await (await assets.connect(by).issueNative(root, name, symbol, decimals, policyId, terms)).wait();
  for (const log of receipt!.logs) {
    const parsed = assets.interface.parseLog(log);
    if (parsed?.name === "NativeTokenIssued") {
      return (await ethers.getContractAt("CompliantToken", parsed.args.token as string)) as unknown as CompliantToken;
    }
  }
  throw new Error("no NativeTokenIssued event in receipt");
}

/**
 * The asset service on top of the client registry (deployRegistry): root R1 (the regulator, "Regulator X") with its
 * KYC line (bank at depth 1, subAgent at depth 2, which attests the clients), a LIST holder, a GOVERN holder
 * (steward), an issuer, an audit firm (depth 1) and its auditor (depth 2), an exchange operator and a custodian; a
 * second root R2 with its own steward (GOVERN + LIST); a native compliant token "BOND" (not yet registered, no
 * reserve) and an external token "USD" (registered under R1).
 */
export async function deployAssets(unit: 1 | 1000 = 1) {
  const base = await deployRegistry(unit);
  const { tree, clock, governor, regulator, subAgent, auditor, investor, outsider, rest, registry } = base;
  const [auditFirm, lister, steward, issuer, exchangeOp, custodian, regulator2, steward2, bob, carol, dave] = rest;
  const alice = investor;
  // Within the fixture root's ten-year lease.
  const expiry = (await clock.now()) + 5 * YEAR;

  const r1 = base.rootId;
  const r2 = await nodeIdFrom(tree, tree.connect(governor).createRoot(regulator2.address, expiry, "Regulator 2"));
  const grant = (from: typeof regulator, parent: bigint, to: string, scopes: number) =>
    nodeIdFrom(tree, tree.connect(from).grant(parent, to, scopes, expiry));
  const nodes = {
    r1,
    r2,
    lister: await grant(regulator, r1, lister.address, Scope.LIST),
    steward: await grant(regulator, r1, steward.address, Scope.GOVERN),
    issuer: await grant(regulator, r1, issuer.address, Scope.ISSUE),
    auditFirm: await grant(regulator, r1, auditFirm.address, Scope.DELEGATE | Scope.AUDIT),
    auditor: 0n,
    exchangeOp: await grant(regulator, r1, exchangeOp.address, Scope.EXCHANGE),
    custodian: await grant(regulator, r1, custodian.address, Scope.CUSTODY),
    institution: base.bankNode,
    kycAgent: base.subAgentNode,
    steward2: await grant(regulator2, r2, steward2.address, Scope.GOVERN | Scope.LIST),
  };
  nodes.auditor = await grant(auditFirm, nodes.auditFirm, auditor.address, Scope.AUDIT);

  const clients = clientsOf(registry, clock, subAgent, nodes.kycAgent);
  const eligibility = registry;

  const venues = (await ethers.deployContract("VenueRegistry", [await tree.getAddress()])) as unknown as VenueRegistry;
  // The monetary desk (each token's cap, mint rate, reserve ratio and redemptions) and the deployer that holds the
  // token's creation code.
  const desk = (await ethers.deployContract("MonetaryDesk", [unit])) as unknown as MonetaryDesk;
  const tokenDeployer = await ethers.deployContract("TokenDeployer", [await desk.getAddress()]);
  const factory = (await ethers.deployContract("TokenFactory", [
    await tree.getAddress(),
    await eligibility.getAddress(),
    await venues.getAddress(),
    await tokenDeployer.getAddress(),
  ])) as unknown as TokenFactory;
  const assets = (await ethers.deployContract("AssetRegistry", [
    await tree.getAddress(),
    await factory.getAddress(),
    unit,
  ])) as unknown as AssetRegistry;
  await (await factory.bindAssetRegistry(assets)).wait(); // the deployer binds the factory to its one registry
  const pairs = (await ethers.deployContract("PairRegistry", [
    await tree.getAddress(),
    await assets.getAddress(),
    await eligibility.getAddress(),
    unit,
  ])) as unknown as PairRegistry;
  await (await tree.connect(governor).setReporter(assets, ReporterRole.Enroller)).wait();
  await (await tree.connect(governor).setReporter(pairs, ReporterRole.Reporter)).wait();
  await (await tree.connect(governor).setReporter(venues, ReporterRole.Reporter)).wait();

  const policyId = await clients.createPolicy([r1]);
  /** Issue a native token through the asset registry (its factory), as `by`. */
  const deployToken = async (symbol: string, by = issuer, root = r1, policy = policyId) =>
    issueNative(assets, by, root, `${symbol} token`, symbol, 6, policy);
  const token = await deployToken("BOND");
  const usd = (await ethers.deployContract("TestToken", ["US Dollar", "USD"])) as unknown as TestToken;
  await (await assets.connect(lister).registerAsset(usd, AssetKind.External, r1, ZERO_ADDRESS, "ipfs://usd")).wait();
  const usdAsset = await assets.assetIdOf(usd, r1);

  /** Register BOND as the native asset of R1; returns its asset id. */
  const registerToken = async (t = token) => {
    await (await assets.connect(lister).registerAsset(t, AssetKind.Native, r1, issuer.address, "ipfs://bond")).wait();
    return assets.assetIdOf(t, r1);
  };
  /**
   * The auditor attests `amount` of reserve for `assetId`, measured as of the posting block (pinned one second after
   * the latest, so it is strictly after a redemption in the latest block), valid for `ttl` seconds.
   */
  const attestReserve = async (assetId: bigint, amount: bigint, ttl = 30 * DAY, by = auditor) => {
    const now = (await clock.now()) + 1;
    await setNextBlockTime(clock, now);
    const tx = await assets
      .connect(by)
      .attestReserve(assetId, amount, now, now + ttl, "ipfs://reserve", evidenceHash(`reserve ${amount}`));
    await tx.wait();
    return tx;
  };

  return {
    ...base,
    assets,
    factory,
    tokenDeployer,
    desk,
    venues,
    pairs,
    eligibility,
    clients,
    token,
    usd,
    usdAsset,
    policyId,
    nodes,
    expiry,
    actors: {
      auditFirm,
      lister,
      steward,
      issuer,
      exchangeOp,
      custodian,
      regulator2,
      steward2,
      alice,
      bob,
      carol,
      dave,
    },
    deployToken,
    registerToken,
    attestReserve,
    outsider,
  };
}

/**
 * The client-registry side the asset tests need, on the real IdentityRegistry: policies, and clients registered by
 * the KYC agent at depth 2 (root -> bank -> subAgent) with the default profile of registrationFor.
 */
function clientsOf(registry: IdentityRegistry, clock: Clock, kycAgent: Signer, kycNode: bigint) {
  const agent = registry.connect(kycAgent);
  return {
    /** Create an eligibility policy; returns its id. */
    async createPolicy(trustedRoots: bigint[], allowedClasses = ALL_CLASSES, barred: number[] = []): Promise<bigint> {
      return policyIdFrom(registry, registry.createPolicy(trustedRoots, allowedClasses, barred));
    },
    /** Register `wallet` as a new identity (ACCREDITED, jurisdiction 756 unless told); returns the identity id. */
    async enrol(wallet: string, overrides: Partial<IIdentityRegistry.RegistrationStruct> = {}): Promise<bigint> {
      const registration = await registrationFor(clock, wallet, overrides);
      return identityIdFrom(registry, registerWithConsent(registry, kycAgent, kycNode, registration));
    },
    /** Bind another wallet to identity `identityId`, with its consent. */
    async addWallet(identityId: bigint, wallet: string): Promise<void> {
      await (await addWalletWithConsent(registry, kycAgent, identityId, wallet)).wait();
    },
    /** Revoke identity `identityId` in the client registry: its wallets stop being eligible. */
    async revoke(identityId: bigint): Promise<void> {
      await (await agent.revoke(identityId, ethers.encodeBytes32String("kyc revoked"))).wait();
    },
  };
}

/** deployAssets on a seconds chain (Ethereum, Hardhat): a named function, as loadFixture needs. */
export async function deployAssetsSeconds() {
  return deployAssets(1);
}

/** deployAssets on a PlatON-like milliseconds chain. */
export async function deployAssetsMillis() {
  return deployAssets(1000);
}

/** The fixture for a time unit, for suites that run both ways. */
export function assetsFixture(unit: 1 | 1000) {
  return unit === 1 ? deployAssetsSeconds : deployAssetsMillis;
}
