/**
 * The AML monitor: loads the rows of a time range from the indexer's database and runs every rule over them
 * (rules/*: pure functions over rows). Alerts are those whose last evidence falls in the range.
 */
import fs from "node:fs";
import path from "node:path";
import { loadData, type Query, type TimeRange } from "./load";
import { layering } from "./rules/layering";
import { rapidInOut } from "./rules/rapidInOut";
import { structuring } from "./rules/structuring";
import { taintedCounterparty } from "./rules/taintedCounterparty";
import { washTrading } from "./rules/washTrading";
import type { Alert, AmlConfig, MonitorData, RuleContext } from "./types";

export const DEFAULT_CONFIG_FILE = path.join(__dirname, "..", "aml.config.json");

/** Read and check a config file (default: indexer/aml.config.json). */
export function readConfig(file = DEFAULT_CONFIG_FILE): AmlConfig {
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const config = raw as unknown as AmlConfig;
  const need: Record<string, string[]> = {
    washTrading: ["windowSeconds", "maxPriceGapBps", "minRoundTrips"],
    structuring: ["windowSeconds", "nearCapFraction", "minCount"],
    rapidInOut: ["windowSeconds", "minOutFraction"],
    layering: ["largeLots", "maxLifetimeSeconds", "minQuickCancels", "minCancelledOrders", "minCancelToFill"],
    taintedCounterparty: ["lookbackSeconds"],
  };
  for (const [rule, keys] of Object.entries(need)) {
    const section = raw[rule] as Record<string, unknown> | undefined;
    if (!section) throw new Error(`${file}: no "${rule}" section`);
    for (const key of keys)
      if (typeof section[key] !== "number" || !Number.isFinite(section[key]) || (section[key] as number) < 0)
        throw new Error(`${file}: ${rule}.${key} must be a non-negative number`);
  }
  config.structuring.caps = Object.fromEntries(
    Object.entries(config.structuring.caps ?? {}).map(([token, cap]) => [token.toLowerCase(), String(BigInt(cap))]),
  );
  config.taintedCounterparty.disqualifyingChanges ??= ["revoked", "frozen"];
  return config;
}

/** Every rule over `data`. */
export function runRules(data: MonitorData, context: RuleContext): Alert[] {
  const allowed = new Set(context.config.taintedCounterparty.disqualifyingChanges);
  const taints = data.taints.filter((t) => t.what.startsWith("sanctioned") || allowed.has(t.what));
  return [
    ...washTrading(data.fills, context),
    ...structuring(data.movements, data.caps, context),
    ...rapidInOut(data.movements, data.fills, context),
    ...layering(data.orders, data.fills, context),
    ...taintedCounterparty(data.fills, taints, context),
  ];
}

/** How far back the rules look, in seconds. */
export function lookback(config: AmlConfig): number {
  return Math.max(
    config.washTrading.windowSeconds,
    config.structuring.windowSeconds,
    config.rapidInOut.windowSeconds,
    config.layering.maxLifetimeSeconds,
    config.taintedCounterparty.lookbackSeconds,
  );
}

export type MonitorResult = { alerts: Alert[]; unit: bigint; range: TimeRange; rows: Record<string, number> };

/**
 * Run the monitor over `range` (chain times, in the chain's unit) on the database `query` reads; `unit` is the
 * chain's timestamps per second (1, or 1000 on PlatON).
 */
export async function runMonitor(
  query: Query,
  schema: string,
  range: TimeRange,
  config: AmlConfig,
  unit: bigint,
): Promise<MonitorResult> {
  const data = await loadData(query, schema, range, BigInt(lookback(config)) * unit);
  const alerts = runRules(data, { config, unit }).filter((a) => BigInt(a.to) >= range.from && BigInt(a.to) <= range.to);
  alerts.sort((a, b) =>
    BigInt(a.to) < BigInt(b.to) ? -1 : BigInt(a.to) > BigInt(b.to) ? 1 : a.rule < b.rule ? -1 : 1,
  );
  return {
    alerts,
    unit,
    range,
    rows: {
      fills: data.fills.length,
      movements: data.movements.length,
      orders: data.orders.length,
      taints: data.taints.length,
    },
  };
}
