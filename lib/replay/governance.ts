import type { Interface } from "ethers";
import type { SafeL2, TimelockController } from "../../typechain-types";
import { Differences } from "./differences";
import type { LogLike } from "./authority";
import { DEFAULT_PAGE, blockTimes, fetchLogs, type Rpc } from "./fetch";

/**
 * The governor's stack rebuilt from its events alone (issue 17): the Safe's owners, threshold and nonce (SafeL2 logs
 * every executed transaction), and the timelock's delay, roles and operations (queued with the time they become
 * executable, executed, or cancelled). Reconciled with the contracts' views, as the rest of the suite.
 */
export type RebuiltSafe = { owners: Set<string>; threshold: bigint; nonce: bigint };

/** An operation as TimelockController.getTimestamp reports it: 0 unknown (or cancelled), 1 done, else ready-at. */
export type RebuiltOperation = { timestamp: bigint; calls: number };

export type RebuiltTimelock = {
  minDelay: bigint;
  roles: Map<string, boolean>; // `${role}:${account lowercase}` -> held
  operations: Map<string, RebuiltOperation>;
};

/** TimelockController's mark for a done operation (_DONE_TIMESTAMP). */
const DONE = 1n;

/** The logs of one Safe, parsed with the SafeL2 interface. */
export function rebuildSafe(iface: Interface, logs: readonly LogLike[]): RebuiltSafe {
  const safe: RebuiltSafe = { owners: new Set(), threshold: 0n, nonce: 0n };
  for (const log of logs) {
    const e = iface.parseLog(log);
    if (!e) continue;
    switch (e.name) {
      case "SafeSetup":
        for (const o of e.args.owners as string[]) safe.owners.add(o.toLowerCase());
        safe.threshold = e.args.threshold;
        break;
      case "AddedOwner":
        safe.owners.add((e.args.owner as string).toLowerCase());
        break;
      case "RemovedOwner":
        safe.owners.delete((e.args.owner as string).toLowerCase());
        break;
      case "ChangedThreshold":
        safe.threshold = e.args.threshold;
        break;
      case "SafeMultiSigTransaction":
        safe.nonce += 1n; // logged only by an execTransaction that went through (a refused one reverts whole)
        break;
      default:
        break;
    }
  }
  return safe;
}

/** The logs of one TimelockController; `blockTime` gives a log's block timestamp (chain units). */
export function rebuildTimelock<L extends LogLike>(
  iface: Interface,
  logs: readonly L[],
  blockTime: (log: L) => bigint,
): RebuiltTimelock {
  const lock: RebuiltTimelock = { minDelay: 0n, roles: new Map(), operations: new Map() };
  for (const log of logs) {
    const e = iface.parseLog(log);
    if (!e) continue;
    const a = e.args;
    switch (e.name) {
      case "MinDelayChange":
        lock.minDelay = a.newDuration;
        break;
      case "RoleGranted":
      case "RoleRevoked":
        lock.roles.set(`${a.role}:${(a.account as string).toLowerCase()}`, e.name === "RoleGranted");
        break;
      case "CallScheduled": {
        // A batch logs one CallScheduled per call, all with the same id and delay.
        const known = lock.operations.get(a.id);
        lock.operations.set(a.id, { timestamp: blockTime(log) + BigInt(a.delay), calls: (known?.calls ?? 0) + 1 });
        break;
      }
      case "CallExecuted":
        lock.operations.get(a.id)!.timestamp = DONE;
        break;
      case "Cancelled":
        lock.operations.get(a.id)!.timestamp = 0n;
        break;
      default:
        break;
    }
  }
  return lock;
}

/** The rebuilt Safe and timelock against their views. */
export async function reconcileGovernance(
  safe: SafeL2,
  lock: TimelockController,
  rebuilt: { safe: RebuiltSafe; timelock: RebuiltTimelock },
  d = new Differences(),
): Promise<Differences> {
  const sorted = (s: Iterable<string>) => [...s].map((x) => x.toLowerCase()).sort();
  d.check("safe", "owners", sorted(rebuilt.safe.owners).join(","), sorted(await safe.getOwners()).join(","));
  d.check("safe", "threshold", rebuilt.safe.threshold, await safe.getThreshold());
  d.check("safe", "nonce", rebuilt.safe.nonce, await safe.nonce());
  d.check("timelock", "minDelay", rebuilt.timelock.minDelay, await lock.getMinDelay());
  for (const [key, held] of rebuilt.timelock.roles) {
    const [role, account] = key.split(":");
    d.check("timelock", `hasRole(${role}, ${account})`, held, await lock.hasRole(role, account));
  }
  for (const [id, op] of rebuilt.timelock.operations) {
    d.check(`operation ${id}`, "timestamp", op.timestamp, await lock.getTimestamp(id));
  }
  return d;
}

/** Fetch the logs of the governor's Safe and timelock over the range, rebuild them and reconcile. */
export async function auditGovernance(
  rpc: Rpc,
  safe: SafeL2,
  lock: TimelockController,
  range: { fromBlock: number; toBlock: number; page?: number },
): Promise<{ operations: number; pending: number; safeTransactions: number; differences: Differences }> {
  const page = range.page ?? DEFAULT_PAGE;
  const safeLogs = await fetchLogs(rpc, [await safe.getAddress()], range.fromBlock, range.toBlock, page);
  const lockLogs = await fetchLogs(rpc, [await lock.getAddress()], range.fromBlock, range.toBlock, page);
  const times = await blockTimes(rpc, lockLogs);
  const rebuilt = {
    safe: rebuildSafe(safe.interface as unknown as Interface, safeLogs),
    timelock: rebuildTimelock(lock.interface as unknown as Interface, lockLogs, (l) => times.get(l.blockNumber)!),
  };
  const differences = await reconcileGovernance(safe, lock, rebuilt);
  const ops = [...rebuilt.timelock.operations.values()];
  return {
    operations: ops.length,
    pending: ops.filter((o) => o.timestamp > DONE).length,
    safeTransactions: Number(rebuilt.safe.nonce),
    differences,
  };
}
