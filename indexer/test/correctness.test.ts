/**
 * Issue 18: the indexer's database equals the chain. The demo runs against a `hardhat node` of this test's own
 * (port 8621), the indexer (Ponder, embedded PGlite) catches up with it, and every node, identity, asset, standing
 * attestation, venue registration, venue account, balance and resting order in the database goes through the audit
 * replayer's reconciliation with the contracts' views (indexer/audit/database.ts puts the rows in the replayer's
 * shapes); a tampered row must make it fail.
 *
 * Issue 17's changes the demo does not make are made here before the indexing (governance below): a key rotation (proposed
 * and accepted), a key replaced by an ancestor, a rotation left pending, a wallet replaced and claimed at the venue, a
 * replacement contested, the venue's operator changed, a successor named, and the venue winding down with one order
 * returned (one still rests, so that orders keep something to compare).
 *
 *   TEST_PORT_SHIFT=100 npx hardhat test indexer/test/correctness.test.ts   # ports 8721-8722 instead of 8621-8622
 */
import { expect } from "chai";
import { JsonRpcProvider } from "ethers";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Difference } from "../../lib/replay/differences";
import { DevNode, TEST_PORT_SHIFT } from "../../test/cli/devNode";
import { openDatabase, type OpenDatabase } from "../monitor/database";
import type { Query } from "../monitor/load";
import { startIndexer } from "../bin/indexer";
import { compareWithChain, type ChainComparison } from "./chain";
import { readDeployment } from "../../lib/deployments";
import { AuthorityTree__factory } from "../../typechain-types";

const ROOT = path.join(__dirname, "..", "..");

/** Issue 17's governance changes on the demo's chain, by the CLI as the actors would make them (see the notes above). */
async function governance(node: DevNode): Promise<string> {
  const labels = JSON.parse(fs.readFileSync(path.join(ROOT, "deployments", "devnode", ".labels.json"), "utf8"))
    .accounts as Record<string, string>;
  const addressOf = (label: string) => Object.entries(labels).find(([, l]) => l === label)![0];
  const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
  const tree = AuthorityTree__factory.connect(readDeployment("devnode", "AuthorityTree")!.address, provider);
  const root = await tree.nodeOf(addressOf("Regulator X"), 1n).then((id) => (id !== 0n ? 1n : 0n));
  expect(root, "the regulator's root is #1").to.equal(1n);
  const nodeOf = async (label: string) => String(await tree.nodeOf(addressOf(label), root));
  const [bankZ, lister, auditor] = [await nodeOf("Bank Z"), await nodeOf("Lister"), await nodeOf("Auditor")];
  provider.destroy();
  // Accounts 15-19 of the node: never used by the demo (its actors are fresh wallets).
  const lines = (list: string[]) => list.map((l) => l.replace(/\s+/g, " ").trim());
  const run = async (list: string[]) => {
    const session = node.session();
    const out: string[] = [];
    try {
      for (const line of lines(list)) {
        const r = await session.run(line.split(" ").map((w) => w.replace(/_/g, " ")));
        expect(r.status, `${line}\n${r.output}`).to.equal(0);
        out.push(r.output);
      }
    } finally {
      session.stop();
    }
    return out;
  };
  await run([
    `node:rotate --node ${bankZ} --account 15 --from Bank_Z`,
    `node:accept-rotation --node ${bankZ} --from 15`,
    `node:replace-key --node ${lister} --account 17 --reason key_lost --from Regulator_X`,
    `node:rotate --node ${auditor} --account 18 --from Auditor`, // left pending
    `identity:replace-wallet --lost Erin --successor 16 --reason lost_phone --from 15`,
    `identity:replace-wallet --lost Dave --successor 14 --from 15`,
    `identity:contest-replacement --lost Dave --from Dave`,
    `authority:grant --parent ${root} --account 19 --scopes EXCHANGE --expires 90d --from Regulator_X`,
    `venue:transfer-operator --to 19 --from Exchange_operator`,
    `venue:accept-operator --from 19`,
  ]);
  await node.rpc("evm_increaseTime", [7 * 24 * 3600 + 60]); // past the replacement's notice
  await node.rpc("evm_mine");
  // The successor: a second venue of the new operator (venue:deploy records it as the Exchange: the indexed one is put
  // back, so that the indexer and the comparison follow the first).
  const recorded = path.join(ROOT, "deployments", "devnode", "Exchange.json");
  const first = fs.readFileSync(recorded, "utf8");
  const [deployed] = await run([`venue:deploy --roots ${root} --from 19`]);
  fs.writeFileSync(recorded, first);
  const successor = /venue deployed at (0x[0-9a-fA-F]{40})/.exec(deployed)![1];
  await run([
    `venue:claim-wallet --lost Erin --from Dave`,
    `venue:set-successor --successor ${successor} --from 19`,
    `venue:wind-down --from Regulator_X`,
    `venue:return-orders --max 1 --from Alice`,
  ]);
  return successor;
}

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
    const successor = await governance(node); // indexed too (--venue), so that its rows are compared as well
    const started = Date.now();
    const indexer = await startIndexer({
      network: "devnode",
      rpc: node.url,
      port: API_PORT,
      db: dir,
      schema: SCHEMA,
      venues: [successor],
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
      new RegExp(`^indexer: devnode \\(chain 31337, http://127\\.0\\.0\\.1:${NODE_PORT}\\) from block \\d+, 2 venue`),
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

  it("17: the database follows key rotations, wallet replacements and claims, the operator change, the successor and the wind-down", async function () {
    const t = (name: string) => `"${SCHEMA}"."${name}"`;
    const all = (sql: string) => db.query(sql) as Promise<Record<string, string>[]>;
    const changes = async (table: string, column = "change") =>
      (await all(`select ${column} as c from ${t(table)} order by block, id`)).map((r) => r.c);
    // Something of each kind to compare: the comparison of every row with the views follows.
    expect(await changes("node_history")).to.include.members(["rotation proposed", "rotated"]);
    const rotated = await all(`select * from ${t("node_history")} where change = 'rotated' order by block`);
    expect(
      rotated.map((r) => r.reason === null),
      "an acceptance and a replacement",
    ).to.have.length(2);
    for (const r of rotated) {
      const [n] = await all(`select * from ${t("node")} where id = ${r.node_id}`);
      expect(n.account, `node #${r.node_id} has its new account`).to.equal(r.account);
    }
    expect(await all(`select * from ${t("node")} where pending_account is not null`)).to.have.length(1);
    const replacements = await all(`select * from ${t("wallet_replacement")} order by block`);
    expect(replacements.map((r) => r.contested)).to.deep.equal([false, true]);
    const [claimed] = await all(`select * from ${t("exchange_history")} where change = 'wallet claimed'`);
    const [account] = await all(
      `select * from ${t("venue_account")} where venue = '${claimed.venue}' and account = ${claimed.venue_account}`,
    );
    expect(account.wallet, "the claimed account moved to the successor wallet").to.equal(replacements[0].successor);
    expect(await changes("exchange_history")).to.include.members([
      "operator proposed",
      "operator changed",
      "successor set",
      "wind-down started",
      "wallet claimed",
    ]);
    const venue = readDeployment("devnode", "Exchange")!.address.toLowerCase();
    const [x] = await all(`select * from ${t("exchange")} where address = '${venue}'`);
    expect([x.wind_down, x.pending_operator, x.successor === null]).to.deep.equal([1, null, false]);
    expect(await all(`select * from ${t("book")} where open`), "the wind-down closed every book").to.have.length(0);
    expect(await all(`select * from ${t("venue_order")} where status = 'resting'`)).to.have.length(1);
    expect(await differences()).to.deep.equal([]);
  });

  it("17: the comparison fails on a tampered pending rotation, wallet replacement, operator and wind-down", async function () {
    const t = (name: string) => `"${SCHEMA}"."${name}"`;
    await db.rolledBack(async (query) => {
      await query("set local session_replication_role = replica"); // Ponder's live-query triggers stay out
      await query(`update ${t("node")} set pending_account = null where pending_account is not null`);
      await query(`update ${t("wallet_replacement")} set contested = not contested`);
      await query(`update ${t("exchange")} set wind_down = 0, operator = pending_operator`);
      const found = await differences(query);
      const about = (entity: RegExp, field: string) =>
        found.filter((d) => entity.test(d.entity) && d.field === field).length;
      expect(about(/^node #\d+$/, "pendingRotation"), "the pending rotation").to.equal(1);
      expect(about(/^wallet 0x/, "successorOf"), "the replacements").to.be.greaterThan(0);
      expect(about(/wind-down/, "state"), "the wind-down").to.equal(1);
      expect(found.filter((d) => /operator/.test(d.field)).length, "the operator").to.be.greaterThan(0);
    });
    expect(await differences(), "untampered again").to.deep.equal([]);
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
