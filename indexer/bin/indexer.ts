/**
 * Starts the indexer against a network's node: `npm run indexer -- --network NAME [--port 42069] [--schema S]
 * [--db DIR] [--venue ADDRESS ...] [--verbose]`. It reads the node's URL from lib/networks.ts and the suite's
 * addresses and first block from deployments/<network> (lib/deployments.ts), generates the ABIs from the artifacts,
 * runs Ponder, prints a progress line while it catches up and the API's URL; GET <url>/ready answers 200 once it
 * has caught up. DATABASE_URL switches from the embedded PGlite (in --db, default indexer/.ponder/<network>) to
 * PostgreSQL. Stops (and stops Ponder) on SIGINT or SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { readDeployment, readDeployments } from "../../lib/deployments";
import { NETWORKS } from "../../lib/networks";

const HERE = path.join(__dirname, "..");
const PONDER = path.join(HERE, "node_modules", ".bin", "ponder");
const ROOT_PONDER = path.join(HERE, "..", "node_modules", ".bin", "ponder");

/** The suite contracts every network has (hardhat-deploy names). */
export const SUITE = ["AuthorityTree", "IdentityRegistry", "AssetRegistry", "PairRegistry", "VenueRegistry"] as const;

export type IndexerOptions = {
  network: string;
  port?: number;
  schema?: string;
  /** PGlite's folder (ignored with DATABASE_URL). */
  db?: string;
  /** Venues besides the recorded "Exchange" deployment. */
  venues?: string[];
  /** The node's URL, instead of the network's. */
  rpc?: string;
  /** Ponder's own log to this stream (else to <db>.log). */
  verbose?: boolean;
  /** Progress lines go here (default: stdout). */
  print?: (line: string) => void;
  env?: Record<string, string>;
};

export type RunningIndexer = {
  url: string;
  schema: string;
  /** The last block indexed, as of the last progress poll. */
  block(): number;
  db: string;
  log: string;
  /** Resolves once GET /ready answers 200. */
  ready: Promise<void>;
  stop(): Promise<void>;
};

function rpcUrl(network: string): string {
  const spec = NETWORKS[network];
  if (!spec) throw new Error(`unknown network ${network}; known: ${Object.keys(NETWORKS).join(", ")}`);
  const url = spec.url ?? (spec.urlEnv ? process.env[spec.urlEnv] : undefined);
  if (!url) throw new Error(`network ${network} has no node URL${spec.urlEnv ? `: set ${spec.urlEnv}` : ""}`);
  return url;
}

async function post(url: string, method: string): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }),
  });
  return ((await response.json()) as { result: string }).result;
}

/** GET on a fresh connection: status and body, or status 0 when nothing answers. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", () => resolve({ status: 0, body: "" }));
    request.setTimeout(5_000, () => request.destroy());
  });
}

/** What the launcher asks while it waits for Ponder to catch up (GET /ready, GET /status, the node's head). */
export type CatchUpProbe = {
  /** Whether /ready answers 200: the backfill reached the finalized block. */
  backfilled(): Promise<boolean>;
  /** The block /status reports indexed, or undefined while /status does not answer. */
  indexed(): Promise<number | undefined>;
  /** The node's latest block. */
  head(): Promise<number>;
};

/**
 * Polls `probe` until Ponder has caught up, and returns the block it reached. Ponder answers /ready once its backfill
 * reaches the finalized block (head less a finality margin: 30 blocks on an unknown chain) and indexes the last blocks
 * live, so caught up means both: /ready, then the head (as it was when /ready turned 200: a live chain keeps moving)
 * indexed.
 *
 * /ready is asked before /status, every time. On a restart over an existing database, Ponder first reverts the rows of
 * the blocks after the finalized one (crash recovery) but leaves /status at the old head until its backfill ends, just
 * before /ready turns 200: a /status read before a /ready that answers 200 may be that stale head. Read the other way
 * round (as it was), a slow machine saw the stale head, then /ready, and called Ponder caught up while it was indexing
 * the last blocks again (CI: /aml/alerts answered without the last blocks' alerts).
 */
export async function waitCaughtUp(
  probe: CatchUpProbe,
  hooks: {
    /** Why to stop waiting (Ponder exited), if it should. */
    exited(): string | undefined;
    progress(indexed: number, head: number): void;
    pause(): Promise<void>;
  },
): Promise<number> {
  let target: number | undefined;
  for (;;) {
    const why = hooks.exited();
    if (why !== undefined) throw new Error(why);
    const backfilled = await probe.backfilled();
    const indexed = await probe.indexed();
    if (indexed !== undefined) {
      const head = await probe.head();
      if (target === undefined && backfilled) target = head;
      if (target !== undefined && indexed >= target) return indexed;
      hooks.progress(indexed, head);
    }
    await hooks.pause();
  }
}

/** Regenerate indexer/generated/abis.ts from the artifacts. */
export function generateAbis(): void {
  const run = spawnSync(process.execPath, [path.join(HERE, "scripts", "abis.mjs")], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`ABI generation failed: ${run.stderr || run.stdout}`);
}

/** Start Ponder for `options.network`; see the module notes. */
export async function startIndexer(options: IndexerOptions): Promise<RunningIndexer> {
  const print = options.print ?? ((line: string) => console.log(line));
  const network = options.network;
  const rpc = options.rpc ?? rpcUrl(network);
  const port = options.port ?? 42069;
  const schema = options.schema ?? `indexer_${network}`.replace(/[^a-zA-Z0-9_]/g, "_");
  const db = path.resolve(options.db ?? path.join(HERE, ".ponder", network));
  const deployments = readDeployments(network, SUITE);
  const blocks = [...deployments.values()].map((d) => d.block);
  const startBlock = blocks.every((b) => b !== undefined) ? Math.min(...(blocks as number[])) : 0;
  const recorded = readDeployment(network, "Exchange");
  const venues = [...new Set([...(recorded ? [recorded.address] : []), ...(options.venues ?? [])])];
  const amlLimits = readDeployment(network, "AmlLimits")?.address;
  const chainId = Number(BigInt(await post(rpc, "eth_chainId")));
  generateAbis();
  const setup = {
    rpc,
    chainId,
    startBlock,
    pglite: path.join(db, "pglite"),
    polling: 250,
    contracts: Object.fromEntries(SUITE.map((name) => [name, deployments.get(name)!.address])),
    venues,
    amlLimits,
    // For the API's /aml/alerts: the report's network, schema and time unit, as aml:report has them.
    network,
    schema,
    timeUnit: NETWORKS[network]?.timeUnit ?? 1,
  };
  fs.mkdirSync(db, { recursive: true });
  const log = path.join(db, "ponder.log");
  const out = options.verbose ? "inherit" : fs.openSync(log, "w");
  const bin = fs.existsSync(PONDER) ? PONDER : ROOT_PONDER;
  const child: ChildProcess = spawn(
    bin,
    ["start", "--schema", schema, "--port", String(port), "--hostname", "127.0.0.1"],
    {
      cwd: HERE,
      stdio: ["ignore", out, out],
      env: {
        ...process.env,
        PONDER_TELEMETRY_DISABLED: "true",
        INDEXER_SETUP: JSON.stringify(setup),
        ...options.env,
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  print(
    `indexer: ${network} (chain ${chainId}, ${rpc}) from block ${startBlock}, ${venues.length} venue(s); ` +
      `database ${process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : setup.pglite}, schema ${schema}`,
  );
  print(`indexer: API at ${url} (GET /ready, /status, /graphql, /sql)`);
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      exited = `Ponder exited (${signal ?? code})`;
      resolve();
    }),
  );
  let indexed = 0;
  const ready = (async () => {
    const probe: CatchUpProbe = {
      backfilled: async () => (await get(`${url}/ready`)).status === 200,
      indexed: async () => {
        const status = await get(`${url}/status`);
        if (status.status !== 200) return undefined;
        return (JSON.parse(status.body) as Record<string, { block?: { number: number } }>).chain?.block?.number;
      },
      head: async () => Number(BigInt(await post(rpc, "eth_blockNumber"))),
    };
    let last = "";
    indexed = await waitCaughtUp(probe, {
      exited: () => {
        if (!exited) return undefined;
        const tail = fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").slice(-30).join("\n") : "";
        return `${exited} before it caught up; its log (${log}):\n${tail}`;
      },
      progress: (block, head) => {
        indexed = block;
        const line = `indexer: catching up: block ${Math.max(block, startBlock)} of ${head}`;
        if (line !== last) print(line);
        last = line;
      },
      pause: () => new Promise((r) => setTimeout(r, 250)),
    });
    print(`indexer: caught up with block ${indexed}; ${url}/ready answers 200`);
  })();
  ready.catch(() => undefined); // the caller awaits it; an unhandled rejection must not end the process first
  return {
    url,
    schema,
    block: () => indexed,
    db,
    log,
    ready,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exit;
      if (typeof out === "number") fs.closeSync(out);
    },
  };
}

function parse(argv: string[]): IndexerOptions {
  const options: IndexerOptions = { network: "localhost", venues: [] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const take = () => {
      if (value === undefined) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    if (flag === "--network") options.network = take();
    else if (flag === "--port") options.port = Number(take());
    else if (flag === "--schema") options.schema = take();
    else if (flag === "--db") options.db = take();
    else if (flag === "--venue") options.venues!.push(take());
    else if (flag === "--verbose") options.verbose = true;
    else throw new Error(`unknown option ${flag}; usage: npm run indexer -- --network NAME [--port N] [--db DIR]`);
  }
  return options;
}

if (require.main === module) {
  (async () => {
    const indexer = await startIndexer(parse(process.argv.slice(2)));
    const stop = () => void indexer.stop().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    await indexer.ready;
  })().catch((error: Error) => {
    console.error(`indexer: ${error.message}`);
    process.exit(1);
  });
}
