/**
 * Issue 18, AML monitor: each rule over hand-made rows (no chain, no database): it fires on its pattern, stays quiet
 * just under each threshold, and its alert cites identities, wallets, transactions, blocks and figures.
 *
 *   npx hardhat test indexer/test/monitor.rules.test.ts
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { toCsv, toHtml, toJson, writeReport } from "../monitor/report";
import { layering } from "../monitor/rules/layering";
import { rapidInOut } from "../monitor/rules/rapidInOut";
import { structuring } from "../monitor/rules/structuring";
import { taintedCounterparty } from "../monitor/rules/taintedCounterparty";
import { washTrading } from "../monitor/rules/washTrading";
import { readConfig, runRules, type MonitorResult } from "../monitor/run";
import type { AmlConfig, FillRow, MovementRow, OrderRow, RuleContext, TaintRow } from "../monitor/types";

const VENUE = "0x00000000000000000000000000000000000000ee";
const USD = "0x00000000000000000000000000000000000000d0";
const wallet = (identity: bigint) => `0x${identity.toString(16).padStart(40, "0")}`;
const tx = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;
let serial = 0;

/** A fill at time `t` (seconds) where `seller` sells `lots` to `buyer` at `tick`. */
function fill(t: number, seller: bigint, buyer: bigint, tick: bigint, lots = 10n): FillRow {
  serial++;
  const makerSells = serial % 2 === 0; // alternate who rests, so both sides of the maker/taker split are covered
  const [maker, taker] = makerSells ? [seller, buyer] : [buyer, seller];
  return {
    id: `${serial}-0`,
    venue: VENUE,
    pairId: 1n,
    orderId: BigInt(serial),
    makerIdentity: maker,
    takerIdentity: taker,
    makerWallet: wallet(maker),
    takerWallet: wallet(taker),
    makerSide: makerSells ? 1n : 0n,
    tick,
    lots,
    base: lots * 1_000_000n,
    quote: lots * tick,
    block: BigInt(serial),
    timestamp: BigInt(t),
    tx: tx(serial),
  };
}

function move(kind: "deposit" | "withdrawal", t: number, identity: bigint, amount: bigint, token = USD): MovementRow {
  serial++;
  return {
    kind,
    id: `${serial}-0`,
    venue: VENUE,
    identity,
    wallet: wallet(identity),
    token,
    amount,
    block: BigInt(serial),
    timestamp: BigInt(t),
    tx: tx(serial),
  };
}

function order(placed: number, identity: bigint, lots: bigint, cancelled?: number, filled = 0n): OrderRow {
  serial += 2;
  return {
    venue: VENUE,
    pairId: 1n,
    orderId: BigInt(serial),
    identity,
    wallet: wallet(identity),
    placedLots: lots,
    filledLots: filled,
    placedBlock: BigInt(serial - 1),
    placedAt: BigInt(placed),
    placedTx: tx(serial - 1),
    ...(cancelled === undefined
      ? {}
      : {
          cancelledLots: lots - filled,
          cancelledBlock: BigInt(serial),
          cancelledAt: BigInt(cancelled),
          cancelledTx: tx(serial),
        }),
  };
}

const CONFIG: AmlConfig = readConfig();
const ctx = (patch: Partial<AmlConfig> = {}, unit = 1n): RuleContext => ({ config: { ...CONFIG, ...patch }, unit });

describe("indexer: AML monitor rules over hand-made rows (issue 18)", function () {
  it("18: the shipped config names every threshold (indexer/aml.config.json)", function () {
    expect(CONFIG.washTrading.minRoundTrips).to.be.greaterThan(0);
    expect(CONFIG.structuring.nearCapFraction).to.be.within(0, 1);
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aml-")), "bad.json");
    fs.writeFileSync(bad, JSON.stringify({ ...CONFIG, rapidInOut: { windowSeconds: "1h" } }));
    expect(() => readConfig(bad)).to.throw(/rapidInOut.windowSeconds must be a non-negative number/);
  });

  describe("wash trading", function () {
    it("18: three round trips between two identities at near-equal prices within the window raise one alert", function () {
      const fills = [
        fill(0, 1n, 2n, 10_000n),
        fill(60, 2n, 1n, 10_005n),
        fill(120, 1n, 2n, 10_000n),
        fill(180, 2n, 1n, 10_010n),
        fill(240, 1n, 2n, 10_000n),
        fill(300, 2n, 1n, 10_000n),
      ];
      const alerts = washTrading(fills, ctx());
      expect(alerts).to.have.length(1);
      const a = alerts[0];
      expect(a.rule).to.equal("wash-trading");
      expect(a.identities).to.deep.equal(["1", "2"]);
      expect(a.wallets).to.have.members([wallet(1n), wallet(2n)]);
      expect(a.txs).to.deep.equal(fills.map((f) => f.tx));
      expect(a.blocks).to.deep.equal(fills.map((f) => f.block.toString()));
      expect(a.figures.roundTrips).to.equal(3);
      expect(a.figures.maxPriceGapBps).to.equal(10);
      expect(a.figures.netBaseToLowerIdentity).to.equal("0");
    });

    it("18: no alert when the prices differ by more than the gap, the round trips are too few or too far apart", function () {
      const wide = [0, 60, 120, 180, 240, 300].map((t, i) =>
        fill(t, i % 2 ? 2n : 1n, i % 2 ? 1n : 2n, i % 2 ? 10_100n : 10_000n),
      );
      expect(washTrading(wide, ctx()), "100 bps apart").to.deep.equal([]);
      const two = [0, 60, 120, 180].map((t, i) => fill(t, i % 2 ? 2n : 1n, i % 2 ? 1n : 2n, 10_000n));
      expect(washTrading(two, ctx()), "two round trips").to.deep.equal([]);
      const slow = [0, 3000, 6000, 9000, 12000, 15000].map((t, i) =>
        fill(t, i % 2 ? 2n : 1n, i % 2 ? 1n : 2n, 10_000n),
      );
      expect(washTrading(slow, ctx()), "one round trip per window").to.deep.equal([]);
      const oneWay = [0, 60, 120, 180, 240, 300].map((t) => fill(t, 1n, 2n, 10_000n));
      expect(washTrading(oneWay, ctx()), "always the same seller").to.deep.equal([]);
      const three = [0, 60, 120, 180, 240, 300].map((t, i) => fill(t, i % 2 ? 2n : 1n, i % 2 ? 3n : 2n, 10_000n));
      expect(washTrading(three, ctx()), "1 to 2, 2 to 3: no pair goes back").to.deep.equal([]);
    });

    it("18: the chain's time unit scales the window (milliseconds on PlatON)", function () {
      const fills = [0, 60, 120, 180, 240, 300].map((t, i) =>
        fill(t * 1000, i % 2 ? 2n : 1n, i % 2 ? 1n : 2n, 10_000n),
      );
      expect(washTrading(fills, ctx({}, 1000n))).to.have.length(1);
      expect(
        washTrading(fills, ctx({ washTrading: { ...CONFIG.washTrading, windowSeconds: 200 } }, 1000n)),
      ).to.deep.equal([]);
    });
  });

  describe("structuring", function () {
    const cap = 10_000n;
    const caps = (identity: bigint, token: string, kind: string) =>
      identity === 7n && token === USD && kind === "deposit" ? cap : undefined;

    it("18: three deposits just under the identity's cap within the window raise an alert citing the cap", function () {
      const ms = [
        move("deposit", 0, 7n, 9_500n),
        move("deposit", 86_400, 7n, 9_900n),
        move("deposit", 172_800, 7n, 9_000n),
      ];
      const alerts = structuring(ms, caps, ctx());
      expect(alerts).to.have.length(1);
      expect(alerts[0].identities).to.deep.equal(["7"]);
      expect(alerts[0].txs).to.deep.equal(ms.map((m) => m.tx));
      expect(alerts[0].figures).to.include({ count: 3, cap: "10000", total: "28400", smallestShareOfCap: 0.9 });
    });

    it("18: no alert for amounts below the near-cap share or over the cap, too few, too spread, or without a cap", function () {
      const low = [0, 1, 2].map((d) => move("deposit", d * 86_400, 7n, 8_000n));
      expect(structuring(low, caps, ctx()), "80% of the cap").to.deep.equal([]);
      const over = [0, 1, 2].map((d) => move("deposit", d * 86_400, 7n, 10_001n));
      expect(structuring(over, caps, ctx()), "above the cap is not structuring").to.deep.equal([]);
      const two = [0, 1].map((d) => move("deposit", d * 86_400, 7n, 9_500n));
      expect(structuring(two, caps, ctx()), "two").to.deep.equal([]);
      const spread = [0, 4, 8].map((d) => move("deposit", d * 86_400, 7n, 9_500n));
      expect(structuring(spread, caps, ctx()), "8 days").to.deep.equal([]);
      const other = [0, 1, 2].map((d) => move("deposit", d * 86_400, 8n, 9_500n));
      expect(structuring(other, caps, ctx()), "identity without a cap").to.deep.equal([]);
      const mixed = [move("deposit", 0, 7n, 9_500n), move("withdrawal", 1, 7n, 9_500n), move("deposit", 2, 7n, 9_500n)];
      expect(structuring(mixed, caps, ctx()), "deposits and withdrawals count apart").to.deep.equal([]);
    });

    it("18: the config's caps override the chain's for a token", function () {
      const ms = [0, 1, 2].map((d) => move("withdrawal", d * 3600, 8n, 4_900n));
      const config = ctx({ structuring: { ...CONFIG.structuring, caps: { [USD]: "5000" } } });
      expect(structuring(ms, () => undefined, config)).to.have.length(1);
    });
  });

  describe("rapid in-and-out", function () {
    it("18: a deposit withdrawn within the window without a trade in between raises an alert", function () {
      const d = move("deposit", 0, 3n, 1_000n);
      const w = move("withdrawal", 600, 3n, 950n);
      const alerts = rapidInOut([d, w], [], ctx());
      expect(alerts).to.have.length(1);
      expect(alerts[0].txs).to.deep.equal([d.tx, w.tx]);
      expect(alerts[0].figures).to.include({ deposited: "1000", withdrawn: "950", secondsBetween: 600 });
    });

    it("18: no alert when the identity traded in between, withdrew less, later, or another token", function () {
      const d = move("deposit", 0, 3n, 1_000n);
      const f = fill(300, 3n, 4n, 10_000n);
      const w = move("withdrawal", 600, 3n, 1_000n);
      expect(rapidInOut([d, w], [f], ctx()), "traded").to.deep.equal([]);
      expect(rapidInOut([d, w], [fill(300, 5n, 4n, 10_000n)], ctx()), "others' trades do not count").to.have.length(1);
      expect(rapidInOut([d, move("withdrawal", 600, 3n, 500n)], [], ctx()), "half").to.deep.equal([]);
      expect(rapidInOut([d, move("withdrawal", 7200, 3n, 1_000n)], [], ctx()), "two hours").to.deep.equal([]);
      expect(rapidInOut([d, move("withdrawal", 60, 3n, 1_000n, wallet(99n))], [], ctx()), "other token").to.deep.equal(
        [],
      );
    });
  });

  describe("layering and cancel-to-fill", function () {
    it("18: large orders cancelled within seconds raise a layering alert", function () {
      const orders = [order(0, 5n, 500n, 5), order(100, 5n, 300n, 110), order(200, 5n, 10n, 201)];
      const alerts = layering(orders, [], ctx()).filter((a) => a.rule === "layering");
      expect(alerts).to.have.length(1);
      expect(alerts[0].figures).to.include({ quickCancels: 2, lotsCancelled: "800", longestLifetimeSeconds: 10 });
      expect(alerts[0].txs).to.have.length(4);
    });

    it("18: no layering alert for small orders, slow cancels or a single one", function () {
      expect(layering([order(0, 5n, 100n, 1), order(9, 5n, 100n, 10)], [], ctx()), "small").to.deep.equal([]);
      expect(layering([order(0, 5n, 500n, 60), order(9, 5n, 500n, 100)], [], ctx()), "slow").to.deep.equal([]);
      expect(layering([order(0, 5n, 500n, 1), order(9, 5n, 500n)], [], ctx()), "one cancelled").to.deep.equal([]);
    });

    it("18: many cancellations against few traded lots raise a cancel-ratio alert", function () {
      const orders = Array.from({ length: 10 }, (_, i) => order(i * 600, 6n, 20n, i * 600 + 300));
      const alerts = layering(orders, [fill(50, 6n, 2n, 10_000n, 10n)], ctx());
      expect(alerts.map((a) => a.rule)).to.deep.equal(["cancel-ratio"]);
      expect(alerts[0].figures).to.include({
        cancelledOrders: 10,
        cancelledLots: "200",
        tradedLots: "10",
        cancelToFill: 20,
      });
      expect(layering(orders, [fill(50, 6n, 2n, 10_000n, 11n)], ctx()), "ratio 18").to.deep.equal([]);
      expect(layering(orders.slice(1), [], ctx()), "nine orders").to.deep.equal([]);
    });
  });

  describe("tainted counterparty", function () {
    const sanction = (t: number, identity: bigint): TaintRow => ({
      identity,
      what: "sanctioned under root 1",
      block: 1_000_000n + BigInt(t),
      timestamp: BigInt(t),
      tx: tx(999_999 + t),
    });

    it("18: each identity that traded with a party before its sanction gets an alert citing the fills and the sanction", function () {
      const fills = [
        fill(0, 1n, 9n, 10_000n),
        fill(10, 9n, 1n, 10_000n),
        fill(20, 2n, 9n, 10_000n),
        fill(30, 1n, 2n, 10_000n),
      ];
      const alerts = taintedCounterparty(fills, [sanction(100, 9n)], ctx());
      expect(alerts.map((a) => a.identities)).to.deep.equal([
        ["1", "9"],
        ["2", "9"],
      ]);
      expect(alerts[0].txs).to.deep.equal([fills[0].tx, fills[1].tx, tx(999_999 + 100)]);
      expect(alerts[0].figures).to.include({ counterparty: "1", taintedParty: "9", fills: 2, secondsBeforeTaint: 100 });
    });

    it("18: no alert for trades after the taint, beyond the lookback, or with nobody tainted", function () {
      expect(taintedCounterparty([fill(200, 1n, 9n, 10_000n)], [sanction(100, 9n)], ctx()), "after").to.deep.equal([]);
      const lookback = CONFIG.taintedCounterparty.lookbackSeconds;
      expect(taintedCounterparty([fill(0, 1n, 9n, 10_000n)], [sanction(lookback + 1, 9n)], ctx()), "old").to.deep.equal(
        [],
      );
      expect(taintedCounterparty([fill(0, 1n, 2n, 10_000n)], [sanction(100, 9n)], ctx()), "clean").to.deep.equal([]);
    });

    it("18: a registry change not named in the config is no taint", function () {
      const data = { fills: [fill(0, 1n, 9n, 10_000n)], movements: [], orders: [], caps: () => undefined };
      const frozen: TaintRow = { ...sanction(100, 9n), what: "frozen" };
      expect(runRules({ ...data, taints: [frozen] }, ctx())).to.have.length(1);
      const only = ctx({ taintedCounterparty: { ...CONFIG.taintedCounterparty, disqualifyingChanges: ["revoked"] } });
      expect(runRules({ ...data, taints: [frozen] }, only)).to.deep.equal([]);
    });
  });

  it("18: the report's JSON, CSV and HTML cite every alert's identities, wallets, transactions and blocks", function () {
    const fills = [0, 60, 120, 180, 240, 300].map((t, i) => fill(t, i % 2 ? 2n : 1n, i % 2 ? 1n : 2n, 10_000n));
    const alerts = runRules({ fills, movements: [], orders: [], taints: [], caps: () => undefined }, ctx());
    const result: MonitorResult = { alerts, unit: 1n, range: { from: 0n, to: 400n }, rows: { fills: 6 } };
    const meta = { network: "test <net>", chainId: 31337, schema: "s", database: "PGlite", config: "aml.config.json" };
    const json = JSON.parse(toJson(result, meta));
    expect(json.alertCount).to.equal(1);
    expect(json.byRule["wash-trading"]).to.equal(1);
    expect(json.alerts[0].txs).to.deep.equal(fills.map((f) => f.tx));
    const csv = toCsv(result).trim().split("\n");
    expect(csv).to.have.length(2);
    expect(csv[1]).to.contain(fills[0].tx).and.contain(wallet(1n)).and.contain("roundTrips=3");
    const html = toHtml(result, meta);
    expect(html).to.contain("test &lt;net&gt;").and.contain(fills[5].tx).and.contain(wallet(2n));
    expect(html, "self-contained").not.to.match(/<script|<link|src=|https?:\/\//);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aml-report-"));
    expect(writeReport(dir, result, meta).map((f) => path.basename(f))).to.deep.equal([
      "aml-report.json",
      "aml-alerts.csv",
      "aml-report.html",
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
