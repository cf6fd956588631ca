import { reset, time } from "@nomicfoundation/hardhat-network-helpers";
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
