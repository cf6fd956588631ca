/**
 * The read side's bench (issue 18): indexing throughput on BENCH_FILLS fills (default 10,000) and the API's latency
 * on that data. On a `hardhat node` of its own (port 8627, the indexer's API on 8628) after the demo, Dave and Erin
 * trade one price back and forth: one of them rests BENCH_BATCH minimum-size asks (one block), the other takes them
 * all with one immediate-or-cancel bid (the next block), and they swap roles. Then the indexer (Ponder, PGlite)
 * catches up from the suite's deployment, and the GraphQL API answers the book's depth, a client's trade history and
 * one-minute candles, each BENCH_QUERIES times. Writes reports/indexer-bench.json.
 *
 *   node --require ts-node/register/transpile-only indexer/bench/throughput.ts     (npm run bench:indexer)
 */
import { ethers, JsonRpcProvider, Wallet } from "ethers";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readDeployment } from "../../lib/deployments";
import { DevNode } from "../../test/cli/devNode";
import {
  AssetRegistry__factory,
  CompliantToken__factory,
  IExchange__factory,
  PairRegistry__factory,
  TestToken__factory,
} from "../../typechain-types";
import { startIndexer } from "../bin/indexer";

const FILLS = Number(process.env.BENCH_FILLS ?? 10_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 20);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const MID = 10_000;
const ROOT = path.join(__dirname, "..", "..");

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function main() {
  const node = new DevNode(8627);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "indexer-bench-"));
  await node.start();
  try {
    const session = node.session();
    try {
      const demo = await session.run(["run", "scripts/demo.ts"]);
      if (demo.status !== 0) throw new Error(`demo failed:\n${demo.output}`);
    } finally {
      session.stop();
    }
    const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    provider.pollingInterval = 50;
    const labels = JSON.parse(fs.readFileSync(path.join(ROOT, "deployments", "devnode", ".labels.json"), "utf8")) as {
      accounts: Record<string, string>;
      keys: Record<string, string>;
    };
    const actor = (label: string) => {
      const address = Object.entries(labels.accounts).find(([, l]) => l === label)![0];
      return new Wallet(labels.keys[address], provider);
    };
    const [dave, erin, auditor] = ["Dave", "Erin", "Auditor"].map(actor);
    const funder = await provider.getSigner(0);
    const at = (name: string) => readDeployment("devnode", name)!.address;
    const venueAddress = at("Exchange");
    const venue = IExchange__factory.connect(venueAddress, provider);
    const pair = await PairRegistry__factory.connect(at("PairRegistry"), provider).pair(1n);
    const usd = TestToken__factory.connect(pair.quoteToken, provider);
    const bond = CompliantToken__factory.connect(pair.baseToken, provider);
    const lots = Number(pair.minSize / pair.lotSize) || 1;
    const now = (await provider.getBlock("latest"))!.timestamp;
    const wait = async (tx: Promise<{ wait(): Promise<unknown> }>) => (await tx).wait();
    await wait(
      AssetRegistry__factory.connect(at("AssetRegistry"), auditor).attestReserve(
        pair.baseAsset,
        10_000_000n * 10n ** 6n,
        now,
        now + 60 * 86_400,
        "ipfs://bench",
        ethers.id("bench"),
      ),
    );
    for (const w of [dave, erin]) {
      await wait(funder.sendTransaction({ to: w.address, value: ethers.parseEther("1000") }));
      await wait(usd.connect(funder).mint(w.address, 10n ** 30n));
      await wait(usd.connect(w).approve(venueAddress, ethers.MaxUint256));
      await wait(venue.connect(w).deposit(usd.target, 10n ** 27n));
      await wait(bond.connect(w).approve(venueAddress, ethers.MaxUint256));
    }
    const bondEach = ((await bond.balanceOf(dave.address)) < (await bond.balanceOf(erin.address)) ? dave : erin)
      .address;
    const give = (await bond.balanceOf(bondEach)) / 2n;
    for (const w of [dave, erin]) await wait(venue.connect(w).deposit(bond.target, give));
    const data = (side: number, orderType: number, n: number) =>
      venue.interface.encodeFunctionData("placeOrder", [
        { pairId: 1n, side, orderType, tick: MID, lots: n, expiry: 0, maxSteps: BATCH },
      ]);
    const nonces = new Map<string, number>();
    for (const w of [dave, erin]) nonces.set(w.address, await provider.getTransactionCount(w.address));
    const fee = { maxFeePerGas: ethers.parseUnits("50", "gwei"), maxPriorityFeePerGas: 1n, type: 2, chainId: 31337n };
    const send = async (w: Wallet, body: string, gasLimit: number) => {
      const nonce = nonces.get(w.address)!;
      nonces.set(w.address, nonce + 1);
      const signed = await w.signTransaction({ to: venueAddress, data: body, gasLimit, nonce, ...fee });
      return provider.send("eth_sendRawTransaction", [signed]) as Promise<string>;
    };
    const firstBlock = (await provider.getBlockNumber()) + 1;
    const started = Date.now();
    await provider.send("evm_setAutomine", [false]);
    let lastTaker = "";
    try {
      for (let b = 0; b < Math.ceil(FILLS / BATCH); b++) {
        const [maker, taker] = b % 2 === 0 ? [erin, dave] : [dave, erin];
        for (let i = 0; i < BATCH; i++) await send(maker, data(1, 0, lots), 400_000);
        await provider.send("evm_mine", []);
        lastTaker = await send(taker, data(0, 2, lots * BATCH), 8_000_000);
        await provider.send("evm_mine", []);
        if (b % 50 === 0) process.stdout.write(`\r  ${b * BATCH} fills sent`);
      }
    } finally {
      await provider.send("evm_setAutomine", [true]);
    }
    // A book to show: fifteen resting asks above the last price and fifteen bids below it.
    for (let i = 1; i <= 15; i++) {
      await wait(
        venue
          .connect(erin)
          .placeOrder({ pairId: 1n, side: 1, orderType: 0, tick: MID + i, lots, expiry: 0, maxSteps: 1 }),
      );
      await wait(
        venue
          .connect(dave)
          .placeOrder({ pairId: 1n, side: 0, orderType: 0, tick: MID - i, lots, expiry: 0, maxSteps: 1 }),
      );
    }
    const lastBlock = await provider.getBlockNumber();
    const receipt = await provider.getTransactionReceipt(lastTaker);
    if (receipt?.status !== 1) throw new Error("the last taker's order failed: the bench's trades did not go through");
    const filled = venue.interface.getEvent("OrderFilled")!.topicHash;
    let fills = 0;
    for (let from = firstBlock; from <= lastBlock; from += 2_000) {
      const logs = await provider.getLogs({
        address: venueAddress,
        topics: [filled],
        fromBlock: from,
        toBlock: Math.min(lastBlock, from + 1_999),
      });
      fills += logs.length;
    }
    const tradingSeconds = (Date.now() - started) / 1000;
    console.log(`\r  ${fills} fills in ${lastBlock - firstBlock + 1} blocks, sent in ${tradingSeconds.toFixed(1)} s`);
    if (fills < FILLS) throw new Error(`only ${fills} fills of ${FILLS}`);

    const launched = Date.now();
    let firstProgress: number | undefined;
    const indexer = await startIndexer({
      network: "devnode",
      rpc: node.url,
      port: 8628,
      db: dir,
      schema: "indexer_bench",
      print: (line) => {
        if (firstProgress === undefined && /catching up/.test(line)) firstProgress = Date.now(); // Ponder serves
      },
    });
    try {
      await indexer.ready;
      const readyAt = Date.now();
      const indexSeconds = (readyAt - launched) / 1000;
      const gql = async (query: string) => {
        const t = performance.now();
        const response = await fetch(`${indexer.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query }),
        });
        const body = (await response.json()) as {
          errors?: unknown;
          data?: Record<string, { items: unknown[]; totalCount?: number }>;
        };
        if (body.errors) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
        return { ms: performance.now() - t, data: body.data! };
      };
      const events = (await gql(`{ events { totalCount } }`)).data.events.totalCount!;
      // Where Ponder's time went: the sums of its own histograms (milliseconds), from /metrics.
      const metrics = await (await fetch(`${indexer.url}/metrics`)).text();
      const spent: Record<string, number> = {};
      for (const name of [
        "ponder_indexing_function_duration",
        "ponder_database_method_duration",
        "ponder_indexing_store_raw_sql_duration",
        "ponder_rpc_request_duration",
        "ponder_historical_extract_duration",
        "ponder_historical_transform_duration",
      ]) {
        let sum = 0;
        for (const line of metrics.split("\n"))
          if (line.startsWith(`${name}_sum`)) sum += Number(line.slice(line.lastIndexOf(" ") + 1)) || 0;
        spent[name.replace(/^ponder_/, "")] = +(sum / 1000).toFixed(2);
      }
      const identity = (await venue.accountOf(dave.address))[1].toString();
      const queries: Record<string, string> = {
        depth: `{ orders(where: { pairId: "1", status: "resting" }, orderBy: "tick", orderDirection: "desc", limit: 50) { items { tick side lots } } }`,
        tradeHistory: `{ fills(where: { OR: [{ makerIdentity: "${identity}" }, { takerIdentity: "${identity}" }] }, orderBy: "timestamp", orderDirection: "desc", limit: 100) { items { tx tick lots base quote timestamp } } }`,
        candles: `{ candles(where: { pairId: "1", interval: 60 }, orderBy: "start", orderDirection: "desc", limit: 500) { items { start open high low close lots trades } } }`,
      };
      const latency: Record<string, { p50: number; p95: number; rows: number }> = {};
      for (const [name, query] of Object.entries(queries)) {
        const times: number[] = [];
        let rows = 0;
        for (let i = 0; i < QUERIES; i++) {
          const { ms, data } = await gql(query);
          times.push(ms);
          rows = Object.values(data)[0].items.length;
        }
        latency[name] = { p50: +percentile(times, 50).toFixed(2), p95: +percentile(times, 95).toFixed(2), rows };
      }
      const result = {
        fills,
        blocks: indexer.block(),
        events,
        tradingSeconds,
        indexSeconds,
        startupSeconds: firstProgress ? (firstProgress - launched) / 1000 : undefined,
        eventsPerSecond: +(events / indexSeconds).toFixed(1),
        eventsPerSecondAfterStartup: firstProgress
          ? +(events / ((readyAt - firstProgress) / 1000)).toFixed(1)
          : undefined,
        latencyMs: latency,
        ponderSeconds: spent,
        queries: QUERIES,
        machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ""}`.trim(),
      };
      fs.mkdirSync(path.join(ROOT, "reports"), { recursive: true });
      fs.writeFileSync(path.join(ROOT, "reports", "indexer-bench.json"), JSON.stringify(result, null, 2) + "\n");
      console.log(JSON.stringify(result, null, 2));
    } finally {
      await indexer.stop();
    }
  } finally {
    node.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
