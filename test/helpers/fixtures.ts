import { time } from "@nomicfoundation/hardhat-network-helpers";
import { ethers } from "hardhat";
import type { AuthorityTree } from "../../typechain-types";
import { DAY } from "../../scripts/lib/time";

export { Scope, scopeMask, ALL_SCOPES } from "../../scripts/lib/scopes";
export { DAY, HOUR } from "../../scripts/lib/time";

export const YEAR = 365 * DAY;

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

/**
 * Moves the chain onto a millisecond clock, as PlatON's: the next block's timestamp becomes the current one x 1000.
 * Run it inside a fixture so that the snapshot taken by loadFixture restores the seconds clock afterwards.
 */
export async function switchToMillisecondClock(): Promise<void> {
  const seconds = await time.latest();
  await time.increaseTo(seconds * 1000);
}

export async function deployAuthority(unit: 1 | 1000 = 1) {
  if (unit === 1000) await switchToMillisecondClock();
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

// ---------------------------------------------------------------------------------------------------------------------
// Asset service (issue 4)
// ---------------------------------------------------------------------------------------------------------------------

import { clearSnapshots } from "@nomicfoundation/hardhat-network-helpers";
import { network } from "hardhat";
import type {
  AssetRegistry,
  CompliantToken,
  EligibilityStub,
  PairRegistry,
  TestToken,
  VenueRegistry,
} from "../../typechain-types";
import { Scope } from "../../scripts/lib/scopes";
import { AssetKind } from "../../scripts/lib/assets";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * loadFixture runs a fixture it has not seen on top of the current chain; after a milliseconds fixture that chain's
 * timestamps are x1000 and a seconds deployment would overflow its uint40 times. Start such a fixture from a fresh
 * chain (and forget the snapshots, which that reset invalidates).
 */
async function resetIfMillisecondChain(): Promise<void> {
  if ((await time.latest()) < 1e11) return;
  await network.provider.request({ method: "hardhat_reset", params: [] });
  await clearSnapshots();
}

export { AssetKind, AttestationKind, PairStatus, ProductType, kindMask } from "../../scripts/lib/assets";

/** A content hash for test evidence. */
export function evidenceHash(label: string): string {
  return ethers.keccak256(ethers.toUtf8Bytes(label));
}

/**
 * The asset service on top of the authority tree: root R1 (regulator) with a LIST holder, a GOVERN holder (steward),
 * an issuer, an audit firm (depth 1) and its auditor (depth 2), an exchange operator and a custodian; a second root
 * R2 with its own steward; a native compliant token "BOND" (not yet registered, no reserve) and an external token
 * "USD" (registered under R1).
 */
export async function deployAssets(unit: 1 | 1000 = 1) {
  await resetIfMillisecondChain();
  const base = await deployAuthority(unit);
  const { tree, clock, governor, regulator, bank, subAgent, auditor, investor, outsider, rest } = base;
  const [auditFirm, lister, steward, issuer, exchangeOp, custodian, regulator2, steward2, bob, carol, dave] = rest;
  const alice = investor;
  const expiry = (await clock.now()) + 10 * YEAR;

  const r1 = await nodeIdFrom(tree, tree.connect(governor).createRoot(regulator.address, expiry, "Regulator"));
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
    institution: await grant(regulator, r1, bank.address, Scope.DELEGATE | Scope.KYC),
    kycAgent: 0n,
    steward2: await grant(regulator2, r2, steward2.address, Scope.GOVERN | Scope.LIST),
  };
  nodes.auditor = await grant(auditFirm, nodes.auditFirm, auditor.address, Scope.AUDIT);
  nodes.kycAgent = await grant(bank, nodes.institution, subAgent.address, Scope.KYC);

  const clients = await deployClientsForAssets(unit, { r1, kycAgent: subAgent });
  const eligibility = clients.eligibility;

  const assets = (await ethers.deployContract("AssetRegistry", [
    await tree.getAddress(),
    unit,
  ])) as unknown as AssetRegistry;
  const venues = (await ethers.deployContract("VenueRegistry", [await tree.getAddress()])) as unknown as VenueRegistry;
  const pairs = (await ethers.deployContract("PairRegistry", [
    await tree.getAddress(),
    await assets.getAddress(),
    await eligibility.getAddress(),
    unit,
  ])) as unknown as PairRegistry;

  const policyId = await clients.createPolicy([r1]);
  const deployToken = async (symbol: string, by = issuer, root = r1, policy = policyId) =>
    (await ethers.deployContract(
      "CompliantToken",
      [
        `${symbol} token`,
        symbol,
        6,
        {
          tree: await tree.getAddress(),
          eligibility: await eligibility.getAddress(),
          venues: await venues.getAddress(),
          assets: await assets.getAddress(),
          root,
          policyId: policy,
          timeUnit: unit,
        },
      ],
      by,
    )) as unknown as CompliantToken;
  const token = await deployToken("BOND");
  const usd = (await ethers.deployContract("TestToken", ["US Dollar", "USD"])) as unknown as TestToken;
  await (await assets.connect(lister).registerAsset(usd, AssetKind.External, r1, ZERO_ADDRESS, "ipfs://usd")).wait();
  const usdAsset = await assets.assetIdOf(usd, r1);

  /** Register BOND as the native asset of R1; returns its asset id. */
  const registerToken = async (t = token) => {
    await (await assets.connect(lister).registerAsset(t, AssetKind.Native, r1, issuer.address, "ipfs://bond")).wait();
    return assets.assetIdOf(t, r1);
  };
  /** The auditor attests `amount` of reserve for `assetId`, valid for `ttl` seconds. */
  const attestReserve = async (assetId: bigint, amount: bigint, ttl = 30 * DAY, by = auditor) => {
    const now = await clock.now();
    const tx = await assets
      .connect(by)
      .attestReserve(assetId, amount, now, now + ttl, "ipfs://reserve", evidenceHash(`reserve ${amount}`));
    await tx.wait();
    return tx;
  };

  return {
    ...base,
    assets,
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
 * The client-registry side the asset tests need: a policy factory and enrolment of wallets into identities attested
 * by the KYC agent at depth 2 (root -> institution -> KYC agent).
 * TEMPORARY: backed by a development stub until the real IdentityRegistry is merged; the API stays.
 */
async function deployClientsForAssets(_unit: 1 | 1000, _ctx: { r1: bigint; kycAgent: { address: string } }) {
  const eligibility = (await ethers.deployContract("EligibilityStub")) as unknown as EligibilityStub;
  const wallets = new Map<bigint, string[]>();
  let nextIdentity = 1n;
  return {
    eligibility,
    /** Create an eligibility policy; returns its id. */
    async createPolicy(trustedRoots: bigint[], allowedClasses = 0x0f, barred: number[] = []): Promise<bigint> {
      const id = await eligibility.createPolicy.staticCall(trustedRoots, allowedClasses, barred);
      await (await eligibility.createPolicy(trustedRoots, allowedClasses, barred)).wait();
      return id;
    },
    /** Enrol `wallet` as a new identity, eligible under every policy trusting R1; returns the identity id. */
    async enrol(wallet: string): Promise<bigint> {
      const id = nextIdentity++;
      wallets.set(id, [wallet]);
      await (await eligibility.set(wallet, id, 0)).wait();
      return id;
    },
    /** Add another wallet to identity `identityId`. */
    async addWallet(identityId: bigint, wallet: string): Promise<void> {
      wallets.get(identityId)!.push(wallet);
      await (await eligibility.set(wallet, identityId, 0)).wait();
    },
    /** Revoke identity `identityId` in the client registry: its wallets stop being eligible. */
    async revoke(identityId: bigint): Promise<void> {
      for (const w of wallets.get(identityId)!) await (await eligibility.set(w, identityId, 3)).wait();
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

/** Make the next transaction run at chain time `seconds` (in seconds), whatever the chain's unit. */
export async function setNextTime(clock: Clock, seconds: number): Promise<void> {
  await time.setNextBlockTimestamp(seconds * clock.unit);
}
