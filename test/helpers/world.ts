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
import { network } from "hardhat";
import { chainResets, revertCount, snapshotExists } from "../../tools/test-clock";

/** A chain snapshot (its id) and when it was taken, by the chain's resets and reverts (tools/test-clock.ts). */
type Snapshot = { id: string; resets: number; mark: number };
type Saved = { snapshot: Snapshot; data: unknown };

const saved = new Map<() => Promise<unknown>, Saved>();

/**
 * Runs `fixture` and snapshots the chain the first time; afterwards restores the snapshot and returns the same data.
 * When the snapshot no longer exists (reverted away by an older one's restore, or the chain was reset), the fixture
 * runs again. `fixture` must be a named function: its identity is the key.
 */
export async function loadFixture<T>(fixture: () => Promise<T>): Promise<T> {
  if (fixture.name === "") throw new Error("loadFixture needs a named function (its identity is the snapshot's key)");
  const entry = saved.get(fixture);
  if (entry !== undefined && (await restored(entry))) return entry.data as T;
  saved.delete(fixture);
  const data = await fixture();
  saved.set(fixture, { snapshot: await snapshot(), data });
  return data;
}

async function snapshot(): Promise<Snapshot> {
  const id = (await network.provider.request({ method: "evm_snapshot", params: [] })) as string;
  return { id, resets: chainResets(), mark: revertCount() };
}

/**
 * Restores `entry`'s snapshot and takes it again (a revert deletes its target); false, without asking the chain, when
 * the snapshot is gone: reverting to a snapshot that is gone would delete every later one, other fixtures' included
 * (tools/test-clock.ts, snapshotExists). Before this check, that made the venue world's snapshot disappear whenever a
 * suite came back to a fixture reverted away, and the venue was deployed again 23 times in the instrumented run.
 */
async function restored(entry: Saved): Promise<boolean> {
  const { id, resets, mark } = entry.snapshot;
  if (!snapshotExists(BigInt(id), resets, mark)) return false;
  if (!(await network.provider.request({ method: "evm_revert", params: [id] }))) return false;
  entry.snapshot = await snapshot();
  return true;
}
