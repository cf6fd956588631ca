/**
 * The tests' clock, in one place (installed by hardhat.config.ts when the test task sets up its environment, so it
 * serves `npm test` and `npm run coverage` alike).
 *
 * Hardhat's in-process chain stamps each new block with the wall clock (plus the offsets the tests add). A test that
 * reads a block time, then sends a transaction expecting that time to still hold (an expiry 100 s ahead, a deadline,
 * a lease), therefore fails whenever the machine is slow enough: coverage instrumentation on two shared cores once
 * took more than 100 s between the two. So, for the tests, the chain does not follow the wall clock at all: every
 * block a test does not time itself is stamped one second (one unit of the chain's clock) after the latest block, or
 * the amount of a pending `evm_increaseTime` after it. Time moves only when a test moves it (`time.increase`,
 * `time.increaseTo`, `time.setNextBlockTimestamp`, `evm_mine` with a timestamp, `evm_increaseTime`), which all keep
 * their meaning. `npm run test:slow-clock` proves it: it runs the suite under `faketime` at 1,000 times the real
 * speed.
 *
 * `eth_call` at "latest" already runs at the latest block's time; what this pins is every block about to be made
 * (a transaction, `evm_mine`, `hardhat_mine`) and the pending block that gas estimation and "pending" calls run in.
 */
import type { EIP1193Provider, RequestArguments } from "hardhat/types";

/** Requests that make a block, or run in the pending block: its timestamp is pinned first. */
const PINNED = new Set([
  "eth_sendTransaction",
  "eth_sendRawTransaction",
  "eth_estimateGas",
  "evm_mine",
  "hardhat_mine",
]);

type Provider = {
  request: EIP1193Provider["request"];
  send?: (method: string, params?: unknown[]) => Promise<unknown>;
  sendAsync?: (payload: unknown, callback: unknown) => void;
  __testClock?: true;
};

let resets = 0;
/** The target of every evm_revert since the process began, in order, whether it succeeded or not (see below). */
const reverts: bigint[] = [];

/**
 * How many times the in-process chain was reset (hardhat_reset) since the process began: a reset starts snapshot ids
 * again from 1, so test/helpers/world.ts's loadFixture drops every snapshot taken before one.
 */
export function chainResets(): number {
  return resets;
}

/** How many evm_reverts the chain has seen: a mark to give snapshotExists for a snapshot taken now. */
export function revertCount(): number {
  return reverts.length;
}

/**
 * Whether the snapshot `id`, taken when chainResets() was `resetsAt` and revertCount() was `mark`, still exists, told
 * without asking the chain: asking is not harmless. A revert deletes its target and every later snapshot, and on
 * Hardhat's chain (EDR) a revert to a snapshot that no longer exists answers false but deletes every later snapshot
 * all the same (seen: s1, s2, revert s1, s3, s4, revert s2 -> false, then s3 and s4 are gone). So a snapshot is gone
 * once the chain was reset or any revert since it was taken targeted it or an older one.
 */
export function snapshotExists(id: bigint, resetsAt: number, mark: number): boolean {
  return resetsAt === resets && reverts.slice(mark).every((target) => target > id);
}

/**
 * Makes `provider` (the in-process network's, patched in place so that every holder of it, ethers' provider
 * included, goes through the clock) stamp untimed blocks deterministically.
 */
export function pinBlockTimes(target: EIP1193Provider): void {
  const provider = target as Provider;
  if (provider.__testClock) return;
  const request = provider.request.bind(provider);
  // A timestamp the test chose for the next block, or a pending increase, holds until the chain moves past the block
  // it was set at (or is reset or reverted).
  let explicitAt: bigint | undefined;
  let increaseAt: bigint | undefined;
  let increase = 0n;

  async function latest(): Promise<{ number: bigint; timestamp: bigint }> {
    const block = (await request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
      number: string;
      timestamp: string;
    };
    return { number: BigInt(block.number), timestamp: BigInt(block.timestamp) };
  }

  async function pin(): Promise<void> {
    const block = await latest();
    if (explicitAt === block.number) return;
    const step = increaseAt === block.number && increase > 1n ? increase : 1n;
    await request({ method: "evm_setNextBlockTimestamp", params: [`0x${(block.timestamp + step).toString(16)}`] });
  }

  async function pinned(args: RequestArguments): Promise<unknown> {
    const params = (args.params ?? []) as unknown[];
    switch (args.method) {
      case "evm_setNextBlockTimestamp":
        explicitAt = (await latest()).number;
        break;
      case "evm_increaseTime": {
        const number = (await latest()).number;
        if (increaseAt !== number) increase = 0n;
        increaseAt = number;
        increase += BigInt(params[0] as string | number);
        break;
      }
      case "hardhat_reset":
        resets += 1;
        explicitAt = increaseAt = undefined;
        increase = 0n;
        break;
      case "evm_revert":
        explicitAt = increaseAt = undefined;
        increase = 0n;
        reverts.push(BigInt(params[0] as string));
        break;
      case "evm_mine":
        if (params[0] === undefined) await pin();
        break;
      case "eth_call":
        if (params[1] === "pending") await pin();
        break;
      default:
        if (PINNED.has(args.method)) await pin();
    }
    return request(args);
  }

  provider.request = pinned as typeof provider.request;
  provider.send = (method: string, params?: unknown[]) => pinned({ method, params });
  provider.sendAsync = (payload: unknown, callback: unknown) => {
    const { id, jsonrpc, method, params } = payload as {
      id: unknown;
      jsonrpc: string;
      method: string;
      params?: unknown[];
    };
    const cb = callback as (error: unknown, response?: unknown) => void;
    pinned({ method, params }).then(
      (result) => cb(null, { id, jsonrpc, result }),
      (error) => cb(error),
    );
  };
  provider.__testClock = true;
}

/**
 * With TEST_TIMEOUTS=off (the slow-clock check: mocha reads the same faked clock), every mocha timeout is off, the
 * per-test and per-suite `this.timeout(...)` calls included.
 */
export function disableMochaTimeouts(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mocha = require("mocha") as {
    Runnable: { prototype: { timeout: (...a: unknown[]) => unknown } };
    Suite: { prototype: { timeout: (...a: unknown[]) => unknown } };
  };
  for (const proto of [mocha.Runnable.prototype, mocha.Suite.prototype]) {
    const original = proto.timeout;
    if ((original as { __off?: true }).__off) continue;
    const off = function (this: unknown, ...args: unknown[]) {
      return args.length === 0 ? original.call(this) : original.call(this, 0);
    };
    (off as { __off?: true }).__off = true;
    proto.timeout = off;
  }
}

export const timeoutsOff = (): boolean => process.env.TEST_TIMEOUTS === "off";
