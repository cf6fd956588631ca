/**
 * Reads an audit's raw material straight from JSON-RPC: every log of a set of contracts over a block range, fetched
 * in pages of `eth_getLogs` (nodes cap the range of one request), and the timestamps of the blocks they were mined
 * in, from raw `eth_getBlockByNumber` (only the `timestamp` field is read: PlatON's blocks differ from Ethereum's
 * elsewhere, e.g. `difficulty`).
 */

/** Anything with a JSON-RPC `send` (an ethers JsonRpcProvider, Hardhat's provider). */
export type Rpc = { send(method: string, params: unknown[]): Promise<unknown> };

/** A log as the audit uses it: the emitting contract, its raw topics and data, and its place in the chain. */
export type RawLog = {
  address: string; // lowercase
  topics: string[];
  data: string;
  blockNumber: number;
  index: number; // log index within the block
  transactionHash: string;
};

type RpcLog = {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  logIndex: string;
  transactionHash: string;
  removed?: boolean;
};

export const DEFAULT_PAGE = 2_000;

/**
 * The block ranges of a paged log read, `fromBlock..toBlock` inclusive in pages of at most `page` blocks: what one
 * `eth_getLogs` request may ask for on a node that caps the range (PlatON's public RPC, hosted providers).
 */
export function* pages(fromBlock: number, toBlock: number, page = DEFAULT_PAGE): Generator<[number, number]> {
  if (!Number.isInteger(page) || page < 1) throw new Error(`page size must be a positive integer, not ${page}`);
  for (let from = fromBlock; from <= toBlock; from += page) yield [from, Math.min(toBlock, from + page - 1)];
}

const hex = (n: number) => `0x${n.toString(16)}`;

/** The number of the latest block. */
export async function latestBlock(rpc: Rpc): Promise<number> {
  return Number(BigInt((await rpc.send("eth_blockNumber", [])) as string));
}

/**
 * Every log emitted by `addresses` in blocks `fromBlock..toBlock` (inclusive), in chain order, asking for at most
 * `page` blocks per `eth_getLogs` request. `onPage` reports progress.
 */
export async function fetchLogs(
  rpc: Rpc,
  addresses: readonly string[],
  fromBlock: number,
  toBlock: number,
  page = DEFAULT_PAGE,
  onPage?: (from: number, to: number, count: number) => void,
): Promise<RawLog[]> {
  if (fromBlock > toBlock) throw new Error(`empty block range ${fromBlock}..${toBlock}`);
  const address = addresses.map((a) => a.toLowerCase());
  const logs: RawLog[] = [];
  for (const [from, to] of pages(fromBlock, toBlock, page)) {
    const got = (await rpc.send("eth_getLogs", [{ address, fromBlock: hex(from), toBlock: hex(to) }])) as RpcLog[];
    for (const l of got) {
      if (l.removed) continue;
      logs.push({
        address: l.address.toLowerCase(),
        topics: l.topics,
        data: l.data,
        blockNumber: Number(BigInt(l.blockNumber)),
        index: Number(BigInt(l.logIndex)),
        transactionHash: l.transactionHash,
      });
    }
    onPage?.(from, to, got.length);
  }
  return logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
}

/** The timestamp (in the chain's own unit: seconds, or milliseconds on PlatON) of each block that holds a log. */
export async function blockTimes(rpc: Rpc, logs: readonly { blockNumber: number }[]): Promise<Map<number, bigint>> {
  const times = new Map<number, bigint>();
  for (const n of new Set(logs.map((l) => l.blockNumber))) {
    const block = (await rpc.send("eth_getBlockByNumber", [hex(n), false])) as { timestamp?: string } | null;
    if (!block?.timestamp) throw new Error(`block ${n} has no timestamp (pruned or unknown to this node?)`);
    times.set(n, BigInt(block.timestamp));
  }
  return times;
}

/**
 * Where a whole-history log read starts and how it pages: from the suite's deployment block (nothing of the suite
 * is older), `page` blocks per request. Every read of past events by the CLI and the refusal explanations goes
 * through `queryEvents` with one of these.
 */
export type LogRange = { fromBlock?: number; toBlock?: number; page?: number };

/**
 * Every result of `query(from, to)` (a log read over one block range, e.g.
 * `(f, t) => tree.queryFilter(tree.filters.RootCreated(id), f, t)`) over `range.fromBlock` (default 0) to
 * `range.toBlock` (default `latest`'s block number), in chain order, asking for at most `range.page` blocks per call:
 * a node that caps the block range of `eth_getLogs` answers every page.
 */
export async function queryEvents<L>(
  latest: { getBlockNumber(): Promise<number> },
  query: (fromBlock: number, toBlock: number) => Promise<L[]>,
  range: LogRange = {},
): Promise<L[]> {
  const toBlock = range.toBlock ?? (await latest.getBlockNumber());
  const out: L[] = [];
  for (const [from, to] of pages(range.fromBlock ?? 0, toBlock, range.page ?? DEFAULT_PAGE)) {
    out.push(...(await query(from, to)));
  }
  return out;
}
