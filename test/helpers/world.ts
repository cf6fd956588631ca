/**
 * loadFixture, as @nomicfoundation/hardhat-network-helpers' (run a named fixture once, snapshot the chain, restore the
 * snapshot on every later call), but one that survives its snapshots being reverted away.
 *
 * Why: the chain's snapshots form a stack. Restoring one deletes every snapshot taken after it, and so do
 * hardhat-deploy's `deployments.fixture()` and a chain reset (useClock's, when a seconds fixture follows a
 * milliseconds one). The helpers' loadFixture then throws (FixtureSnapshotError), which is why suites gave every file
 * a fixture function of its own and deployed the whole venue again in each: 33 times in the instrumented run, at
 * several seconds each. This one rebuilds a fixture whose snapshot is gone, so fixtures can build on a shared base
 * (deployExchange restores one venue world instead of deploying it again) and any suite may follow any other.
 *
 * Every test file imports loadFixture from here, never from the helpers, so that one list of snapshots knows them all.
 */
import { takeSnapshot, type SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers";
import { chainResets } from "../../tools/test-clock";

type Saved = { restorer: SnapshotRestorer; data: unknown; resets: number };

const saved = new Map<() => Promise<unknown>, Saved>();

/**
 * Runs `fixture` and snapshots the chain the first time; afterwards restores the snapshot and returns the same data.
 * When the snapshot no longer exists (reverted away by an older one's restore, or the chain was reset), the fixture
 * runs again. `fixture` must be a named function: its identity is the key.
 */
export async function loadFixture<T>(fixture: () => Promise<T>): Promise<T> {
  if (fixture.name === "") throw new Error("loadFixture needs a named function (its identity is the snapshot's key)");
  const entry = saved.get(fixture);
  if (entry !== undefined && entry.resets === chainResets() && (await restored(entry))) return entry.data as T;
  saved.delete(fixture);
  const data = await fixture();
  saved.set(fixture, { restorer: await takeSnapshot(), data, resets: chainResets() });
  return data;
}

/** Restores `entry`'s snapshot; false when the chain no longer has it (evm_revert answers false). */
async function restored(entry: Saved): Promise<boolean> {
  try {
    await entry.restorer.restore();
    return true;
  } catch (e) {
    if (e instanceof Error && e.name === "InvalidSnapshotError") return false;
    throw e;
  }
}
