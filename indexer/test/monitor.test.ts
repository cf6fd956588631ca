/**
 * Issue 18, AML monitor end to end: after the demo, a seeded random market on a `hardhat node` of this test's own
 * (port 8623, the indexer's API on 8624) with each pattern planted between its phases by clients of its own
 * (indexer/test/scenario.ts); one indexing (Ponder, PGlite), then the monitor's rules over the clean phase (no alert
 * expected) and over the planted phases (every planted pattern reported, citing the planted transactions),
 * `aml:report` writing its three files, and the database after the whole scenario compared with the chain's views
 * through the audit replayer's reconciliation (as indexer/test/correctness.test.ts does after the demo).
 *
 *   npx hardhat test indexer/test/monitor.test.ts
 *   AML_SCENARIO_OPS=2000 npx hardhat test indexer/test/monitor.test.ts   # the 2,000-operation clean market
 */
import { expect } from "chai";
import { JsonRpcProvider } from "ethers";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DevNode, TEST_PORT_SHIFT } from "../../test/cli/devNode";
import { startIndexer } from "../bin/indexer";
import { openDatabase, type OpenDatabase } from "../monitor/database";
import { readConfig, runMonitor, type MonitorResult } from "../monitor/run";
import type { Alert } from "../monitor/types";
import { compareWithChain } from "./chain";
import { runScenario, type Planted } from "./scenario";

const NODE_PORT = 8623 + TEST_PORT_SHIFT;
const API_PORT = 8624 + TEST_PORT_SHIFT;
const SCHEMA = "indexer_devnode"; // what aml:report --network devnode reads
const CLEAN_OPS = Number(process.env.AML_SCENARIO_OPS ?? 120);
const LATER_OPS = Math.min(200, Math.max(20, Math.round(CLEAN_OPS / 4)));
const SEED = Number(process.env.AML_SCENARIO_SEED ?? 18);

describe("indexer: AML monitor on a planted scenario (issue 18)", function () {
  this.timeout(1_800_000);
  const node = new DevNode(NODE_PORT);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aml-test-"));
  const config = readConfig();
  let planted: Planted;
  let db: OpenDatabase | undefined;
  let provider: JsonRpcProvider;
  let clean: MonitorResult; // the rules over the clean random phase
  let alerts: Alert[]; // the rules over the planted phases
  let report: Record<string, unknown> | undefined; // aml:report's aml-report.json over the planted phases
  const time = async (block: number) => BigInt((await provider.getBlock(block))!.timestamp);
  // The indexer over the scenario's chain and this suite's PGlite folder. It runs twice: once to index, and again for
  // its /aml/alerts after aml:report, which opens the same folder itself (PGlite takes one process at a time).
  const indexScenario = () =>
    startIndexer({
      network: "devnode",
      rpc: node.url,
      port: API_PORT,
      db: dir,
      schema: SCHEMA,
      print: () => undefined,
    });
  const monitor = async (span: { fromBlock: number; toBlock: number }): Promise<MonitorResult> =>
    runMonitor(db!.query, SCHEMA, { from: await time(span.fromBlock), to: await time(span.toBlock) }, config, 1n);

  before(async function () {
    await node.start();
    const session = node.session();
    try {
      const demo = await session.run(["run", "scripts/demo.ts"]);
      expect(demo.status, demo.output).to.equal(0);
    } finally {
      session.stop();
    }
    let started = Date.now();
    planted = await runScenario(node.url, { seed: SEED, cleanOps: CLEAN_OPS, laterOps: LATER_OPS });
    const scenarioSeconds = (Date.now() - started) / 1000;
    started = Date.now();
    const indexer = await indexScenario();
    try {
      await indexer.ready;
    } finally {
      await indexer.stop();
    }
    console.log(
      `      scenario (seed ${SEED}): ${planted.ops.attempted} random operations (${planted.ops.sent} sent, ` +
        `${planted.ops.refused} refused), ${planted.ops.fills} fills in all, ${planted.planted.toBlock} blocks, ` +
        `${scenarioSeconds.toFixed(1)} s; indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
    db = await openDatabase({ pglite: path.join(dir, "pglite") });
    clean = await monitor(planted.clean);
    alerts = (await monitor(planted.planted)).alerts;
  });

  after(async function () {
    await db?.close();
    provider?.destroy();
    node.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("18: the clean random market raises no alert", async function () {
    const result = clean;
    console.log(
      `      clean phase: ${result.rows.fills} fills, ${result.rows.movements} deposits and withdrawals, ` +
        `${result.rows.orders} orders; ${result.alerts.length} alert(s)`,
    );
    expect(result.rows.fills, "the clean phase trades").to.be.greaterThan(5);
    expect(
      result.alerts.map((a) => `${a.rule}: ${a.summary}`),
      "false positives",
    ).to.deep.equal([]);
  });

  it("18: after the random scenario, every balance, order, node and identity in the database equals the views", async function () {
    const chain = await compareWithChain(node.url);
    try {
      expect(await chain.differences(db!.query, SCHEMA)).to.deep.equal([]);
    } finally {
      chain.provider.destroy();
    }
  });

  describe("every planted pattern is reported, citing its transactions", function () {
    const find = (rule: string, identities: bigint[]) =>
      alerts.filter((a) => a.rule === rule && identities.every((i) => a.identities.includes(i.toString())));

    it("18: wash trading between the two planted identities", function () {
      const [a] = find("wash-trading", planted.wash);
      expect(a, JSON.stringify(alerts.map((x) => x.summary))).to.not.equal(undefined);
      expect(a.figures.roundTrips).to.equal(3);
      expect(a.txs).to.include.members(planted.txs.wash.filter((_, i) => i % 2 === 1)); // the takers' fills
      expect(a.wallets).to.have.length(2);
    });

    it("18: structuring just under the daily deposit cap", function () {
      const [a] = find("structuring", [planted.structurer]);
      expect(a, JSON.stringify(alerts.map((x) => x.summary))).to.not.equal(undefined);
      expect(a.figures).to.include({ count: 3, cap: (10_000n * 10n ** 18n).toString() });
      expect(a.txs).to.deep.equal(planted.txs.structuring);
    });

    it("18: rapid in-and-out", function () {
      const [a] = find("rapid-in-out", [planted.rapid]);
      expect(a, JSON.stringify(alerts.map((x) => x.summary))).to.not.equal(undefined);
      expect(a.txs).to.deep.equal(planted.txs.rapid);
    });

    it("18: layering (large orders cancelled within seconds) and a high cancel-to-fill ratio", function () {
      const [layering] = find("layering", [planted.layerer]);
      expect(layering, JSON.stringify(alerts.map((x) => x.summary))).to.not.equal(undefined);
      expect(layering.figures.quickCancels).to.equal(3);
      expect(layering.txs).to.deep.equal(planted.txs.layering);
      const [ratio] = find("cancel-ratio", [planted.layerer]);
      expect(ratio).to.not.equal(undefined);
      expect(ratio.figures.cancelledOrders).to.equal(13);
    });

    it("18: trading with a party later sanctioned", function () {
      const [a] = find("tainted-counterparty", [planted.tainted.counterparty, planted.tainted.party]);
      expect(a, JSON.stringify(alerts.map((x) => x.summary))).to.not.equal(undefined);
      expect(a.txs).to.include(planted.txs.tainted[1]); // the fill
      expect(a.txs.at(-1)).to.equal(planted.txs.tainted.at(-1)); // the listing
    });

    it("18: the random phases between the plants raise nothing about the random clients alone (counted)", function () {
      const plantedIdentities = new Set(
        [...planted.wash, planted.structurer, planted.rapid, planted.layerer, planted.tainted.party].map(String),
      );
      const others = alerts.filter((a) => !a.identities.some((i) => plantedIdentities.has(i)));
      console.log(
        `      planted phases: ${alerts.length} alert(s) (${alerts.map((a) => a.rule).join(", ")}); ` +
          `${others.length} about random clients alone`,
      );
      expect(others.map((a) => `${a.rule}: ${a.summary}`)).to.deep.equal([]);
    });
  });

  describe("aml:report", function () {
    it("18: aml:report writes JSON, CSV and self-contained HTML citing the planted transactions", async function () {
      await db?.close(); // PGlite: one process at a time
      db = undefined;
      const out = path.join(dir, "report");
      const run = node.cli([
        "aml:report",
        "--no-index",
        "--db",
        dir,
        "--from",
        String(planted.planted.fromBlock),
        "--to",
        String(planted.planted.toBlock),
        "--out",
        out,
      ]);
      expect(run.status, run.output).to.equal(0);
      expect(run.stdout)
        .to.match(/wash-trading/)
        .and.match(/wrote .*aml-report\.html/);
      const json = JSON.parse(fs.readFileSync(path.join(out, "aml-report.json"), "utf8"));
      expect(json.byRule["structuring"]).to.be.greaterThan(0);
      const csv = fs.readFileSync(path.join(out, "aml-alerts.csv"), "utf8");
      const html = fs.readFileSync(path.join(out, "aml-report.html"), "utf8");
      for (const tx of [...planted.txs.structuring, ...planted.txs.rapid]) {
        expect(csv).to.contain(tx);
        expect(html).to.contain(tx);
      }
      expect(html).not.to.match(/<script|<link|src=|https?:\/\//);
      report = json;
    });

    it("19: the indexer's /aml/alerts answers the same alerts as aml:report for the same range", async function () {
      expect(report, "the aml:report test ran first").to.not.equal(undefined);
      const indexer = await indexScenario();
      try {
        await indexer.ready;
        const [from, to] = [await time(planted.planted.fromBlock), await time(planted.planted.toBlock)];
        const url = `http://127.0.0.1:${API_PORT}/aml/alerts`;
        const response = await fetch(`${url}?from=${from}&to=${to}`);
        expect(response.status, await response.clone().text()).to.equal(200);
        const live = (await response.json()) as Record<string, unknown>;
        expect(live.alerts).to.deep.equal(report!.alerts);
        for (const key of ["from", "to", "timeUnit", "rowsRead", "alertCount", "byRule", "schema", "chainId"])
          expect(live[key], key).to.deep.equal(report![key]);
        // Defaults: the whole history, which holds the planted phases' alerts; a bad range is refused.
        const all = (await (await fetch(url)).json()) as { alerts: { txs: string[] }[] };
        const cited = all.alerts.flatMap((a) => a.txs);
        for (const tx of planted.txs.structuring) expect(cited).to.contain(tx);
        expect((await fetch(`${url}?from=9&to=1`)).status).to.equal(400);
        expect((await fetch(`${url}?from=yesterday`)).status).to.equal(400);
      } finally {
        await indexer.stop();
      }
    });
  });
});
