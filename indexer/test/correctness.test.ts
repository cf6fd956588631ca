/**
 * Issue 18: the indexer's database equals the chain. The demo runs against a `hardhat node` of this test's own
 * (port 8621), the indexer (Ponder, embedded PGlite) catches up with it, and every node, identity, asset, standing
 * attestation, venue registration, venue account, balance and resting order in the database goes through the audit
 * replayer's reconciliation with the contracts' views (indexer/audit/database.ts puts the rows in the replayer's
 * shapes); a tampered row must make it fail.
 *
 *   npx hardhat test indexer/test/correctness.test.ts
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Difference } from "../../lib/replay/differences";
import { DevNode, TEST_PORT_SHIFT } from "../../test/cli/devNode";
import { openDatabase, type OpenDatabase } from "../monitor/database";
import type { Query } from "../monitor/load";
import { startIndexer } from "../bin/indexer";
import { compareWithChain, type ChainComparison } from "./chain";

const NODE_PORT = 8621 + TEST_PORT_SHIFT;
const API_PORT = 8622 + TEST_PORT_SHIFT;
const SCHEMA = "indexer_test";

describe("indexer: the database equals the chain (issue 18)", function () {
  this.timeout(600_000);
  const node = new DevNode(NODE_PORT);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "indexer-test-"));
  let chain: ChainComparison;
  let db: OpenDatabase;
  const progress: string[] = [];

  /** Reconcile the database (over the replayer's rebuild) with the views: every difference, views and rows'. */
  async function differences(query: Query = db.query): Promise<Difference[]> {
    return chain.differences(query, SCHEMA);
  }

  before(async function () {
    await node.start();
    let session = node.session();
    try {
      const demo = await session.run(["run", "scripts/demo.ts"]);
      expect(demo.status, demo.output).to.equal(0);
    } finally {
      session.stop();
    }
    // The demo ends with every order cancelled: a fresh reserve reopens trading, and Dave and Erin leave two orders
    // resting (one of them partly filled) and balances locked, so that orders have something to be compared on.
    session = node.session(); // a new terminal: it reads the demo's deployments from disk
    try {
      for (const line of [
        "asset:attest --asset BOND --kind reserve --amount 10000000 --expires 30d --uri ipfs://r2 --from Auditor " +
          "--hash 0x8d18ade0804b42607a6faf6f28d9027c92aebdfadc0301e015bb9c7d063c31d8",
        "venue:deposit --token USD --amount 5000 --from Dave",
        "venue:deposit --token BOND --amount 100 --from Erin",
        "order:place --pair BOND/USD --side buy --price 95 --amount 10 --from Dave",
        "order:place --pair BOND/USD --side sell --price 105 --amount 20 --from Erin",
        "order:place --pair BOND/USD --side buy --price 105 --amount 5 --from Dave",
      ]) {
        const run = await session.run(line.split(" "));
        expect(run.status, `${line}\n${run.output}`).to.equal(0);
      }
    } finally {
      session.stop();
    }
    const started = Date.now();
    const indexer = await startIndexer({
      network: "devnode",
      rpc: node.url,
      port: API_PORT,
      db: dir,
      schema: SCHEMA,
      print: (line) => progress.push(line),
    });
    try {
      await indexer.ready;
      const ready = await fetch(`${indexer.url}/ready`);
      expect(ready.status, "GET /ready once caught up").to.equal(200);
      console.log(
        `      indexed the demo (${indexer.block()} blocks) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      await indexer.stop();
    }
    db = await openDatabase({ pglite: path.join(dir, "pglite") }); // DATABASE_URL: PostgreSQL (.ci/postgres.sh)
    console.log(`      database: ${db.label}`);

    chain = await compareWithChain(node.url);
  });

  after(async function () {
    await db?.close();
    chain?.provider.destroy();
    node.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("18: the launcher prints its API's URL and its progress, and /ready answers once it has caught up", function () {
    expect(progress[0]).to.match(
      new RegExp(`^indexer: devnode \\(chain 31337, http://127\\.0\\.0\\.1:${NODE_PORT}\\) from block \\d+, 1 venue`),
    );
    expect(progress).to.include(`indexer: API at http://127.0.0.1:${API_PORT} (GET /ready, /status, /graphql, /sql)`);
    expect(progress.at(-1)).to.match(
      new RegExp(`^indexer: caught up with block \\d+; http://127\\.0\\.0\\.1:${API_PORT}/ready answers 200$`),
    );
  });

  it("18: every node, identity, asset, attestation, venue, account, balance and resting order in the database equals the views", async function () {
    const count = async (name: string, where = "true") =>
      Number((await db.query(`select count(*) as n from "${SCHEMA}"."${name}" where ${where}`))[0].n);
    // The demo leaves something of each kind to compare (not an empty database that trivially agrees).
    expect(await count("node")).to.be.greaterThan(5);
    expect(await count("identity")).to.be.greaterThan(3);
    expect(await count("balance", "available <> 0")).to.be.greaterThan(0);
    expect(await count("venue_order", "status = 'resting'")).to.be.greaterThan(0);
    expect(await count("attestation", "not superseded and not withdrawn")).to.be.greaterThan(0);
    expect(await count("venue", "registered")).to.be.greaterThan(0);
    expect(await count("fill")).to.equal(chain.replayed.rebuilt.exchanges.values().next().value!.fills);
    expect(await differences()).to.deep.equal([]);
  });

  it("18: fills, candles, deposits and withdrawals agree with the event log", async function () {
    const one = async (sql: string) => (await db.query(sql))[0];
    const t = (name: string) => `"${SCHEMA}"."${name}"`;
    const fills = await one(`select count(*) as n, coalesce(sum(lots), 0) as lots from ${t("fill")}`);
    for (const interval of [60, 3600, 86400]) {
      const c = await one(
        `select coalesce(sum(trades), 0) as n, coalesce(sum(lots), 0) as lots from ${t("candle")} where interval = ${interval}`,
      );
      expect([String(c.n), String(c.lots)], `candles of ${interval} s`).to.deep.equal([
        String(fills.n),
        String(fills.lots),
      ]);
    }
    for (const [table, name] of [
      ["deposit", "Deposited"],
      ["withdrawal", "Withdrawn"],
      ["fill", "OrderFilled"],
      ["venue_order", "OrderPlaced"],
    ]) {
      const rows = await one(`select count(*) as n from ${t(table)}`);
      const logged = await one(`select count(*) as n from ${t("event")} where name = '${name}'`);
      expect(String(rows.n), `${table} rows vs ${name} events`).to.equal(String(logged.n));
    }
    expect(Number((await one(`select count(*) as n from ${t("fill")}`)).n)).to.be.greaterThan(0);
  });

  it("18: the comparison fails on a tampered balance, order, node, identity and asset", async function () {
    const t = (name: string) => `"${SCHEMA}"."${name}"`;
    const [b] = (await db.query(`select * from ${t("balance")} where available > 0 limit 1`)) as Record<
      string,
      string
    >[];
    const [o] = (await db.query(`select * from ${t("venue_order")} where status = 'resting' limit 1`)) as Record<
      string,
      string
    >[];
    await db.rolledBack(async (query) => {
      await query("set local session_replication_role = replica"); // Ponder's live-query triggers stay out
      await query(
        `update ${t("balance")} set available = available + 1 where venue = $1 and account = $2 and token_index = $3`,
        [b.venue, b.account, b.token_index],
      );
      await query(
        `update ${t("venue_order")} set expiry = expiry + 1 where venue = $1 and pair_id = $2 and order_id = $3`,
        [o.venue, o.pair_id, o.order_id],
      );
      await query(`update ${t("node")} set status = 2 where id = 3`);
      await query(`update ${t("identity")} set frozen = not frozen where id = 1`);
      await query(`update ${t("asset")} set metadata_uri = metadata_uri || '#tampered' where id = 1`);
      const found = await differences(query);
      const about = (entity: RegExp, field: string) =>
        found.filter((d) => entity.test(d.entity) && d.field === field).length;
      expect(about(new RegExp(`account #${b.account} 0x`), "available"), "the balance").to.equal(1);
      expect(about(new RegExp(`order ${o.pair_id}/${o.order_id}$`), "expiry"), "the order").to.equal(1);
      expect(about(/^node #3$/, "status"), "the node").to.equal(1);
      expect(about(/^identity #1$/, "frozen"), "the identity").to.equal(1);
      expect(about(/^asset #1$/, "metadataURI"), "the asset").to.equal(1);
    });
    expect(await differences(), "untampered again").to.deep.equal([]);
  });
});
