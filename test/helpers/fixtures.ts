import { reset, time } from "@nomicfoundation/hardhat-network-helpers";
import { ethers } from "hardhat";
import type { AuthorityTree, IdentityRegistry } from "../../typechain-types";
import type { IIdentityRegistry } from "../../typechain-types/contracts/registry/IdentityRegistry";
import { ClientClass } from "../../scripts/lib/classes";
import { scopeMask } from "../../scripts/lib/scopes";
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

export { ClientClass, classMask, ALL_CLASSES } from "../../scripts/lib/classes";
export { Eligibility, IdentityStatus, NonceState } from "../../scripts/lib/registry";

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
