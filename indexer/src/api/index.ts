/**
 * The indexer's HTTP API (Ponder's conventions): GraphQL at /graphql, SQL over HTTP at /sql/* (read-only, for
 * @ponder/client), and Ponder's own /ready (200 once caught up), /health, /status and /metrics; plus the AML
 * monitor's alerts live at /aml/alerts (issue 19).
 */
import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { client, graphql, sql } from "ponder";
import type { Query } from "../../monitor/load";
import { toJson } from "../../monitor/report";
import { readConfig, runMonitor } from "../../monitor/run";

const app = new Hono();
app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));

/** What the launcher (bin/indexer.ts) tells Ponder about the network; older launchers said less. */
const setup = JSON.parse(process.env.INDEXER_SETUP ?? "{}") as {
  rpc?: string;
  chainId?: number;
  network?: string;
  schema?: string;
  timeUnit?: number;
};

/**
 * The monitor's Query over Ponder's read-only connection: its `$n` placeholders become drizzle parameters (a
 * placeholder used twice is bound twice).
 */
const query: Query = async (text, params = []) => {
  const parts = text.split(/\$(\d+)/);
  const chunks = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`));
  const result = (await db.execute(sql.join(chunks))) as unknown as { rows: Record<string, unknown>[] };
  return result.rows;
};

/** The schema Ponder serves: the launcher's, else the connection's search path (Ponder sets it). */
async function schemaName(): Promise<string> {
  if (setup.schema) return setup.schema;
  const [row] = await query("select current_schema() as schema");
  return String(row?.schema ?? "public");
}

/** The latest block's time on the node (what aml:report takes as the default end). */
async function latestTime(): Promise<bigint> {
  const response = await fetch(setup.rpc!, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getBlockByNumber", params: ["latest", false] }),
  });
  const body = (await response.json()) as { result?: { timestamp: string } };
  if (!body.result) throw new Error("the node gave no latest block");
  return BigInt(body.result.timestamp);
}

const CHAIN_TIME = /^\d{1,20}$/;

/**
 * GET /aml/alerts?from=T&to=T: the AML monitor (indexer/monitor, the same rules and thresholds file as
 * `npx hardhat aml:report`) over the indexed rows, answered as aml-report.json. T is a block timestamp as the chain
 * counts it (seconds; milliseconds on PlatON), both ends included; defaults: the genesis to the latest block.
 */
app.get("/aml/alerts", async (c) => {
  const fromText = c.req.query("from") ?? "0";
  const toText = c.req.query("to");
  if (!CHAIN_TIME.test(fromText) || (toText !== undefined && !CHAIN_TIME.test(toText)))
    return c.json({ error: "from and to are block timestamps (whole numbers in the chain's unit)" }, 400);
  try {
    const from = BigInt(fromText);
    const to = toText === undefined ? await latestTime() : BigInt(toText);
    if (to < from) return c.json({ error: "to is before from" }, 400);
    const config = readConfig();
    const name = await schemaName();
    const result = await runMonitor(query, name, { from, to }, config, BigInt(setup.timeUnit ?? 1));
    const json = toJson(result, {
      network: setup.network ?? "",
      chainId: setup.chainId ?? 0,
      schema: name,
      database: process.env.DATABASE_URL ? "PostgreSQL" : "PGlite",
      config: "indexer/aml.config.json",
    });
    return c.body(json, 200, { "content-type": "application/json", "cache-control": "no-store" });
  } catch (e) {
    return c.json({ error: e instanceof Error ? e.message : String(e) }, 500);
  }
});

export default app;
