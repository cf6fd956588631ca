/**
 * The AML officer's report (issue 18): the monitor's rules (indexer/monitor) over the indexer's database.
 *
 *   npx hardhat aml:report --network NAME [--from WHEN] [--to WHEN] [--out DIR] [--thresholds FILE] [--no-index]
 *
 * WHEN is a block number (below 10^9), an ISO date or seconds since 1970; the range defaults to the whole chain.
 * First it brings the indexer up to the chain's head (Ponder, as `npm run indexer`, into indexer/.ponder/NAME or
 * DATABASE_URL) and stops it; `--no-index` reads the database as it is (an indexer still running on PostgreSQL).
 * Writes DIR/aml-report.json, aml-alerts.csv and aml-report.html; each alert cites identities, wallets,
 * transactions, blocks and the rule's figures.
 */
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import path from "node:path";
import { cliError, parseWhen } from "../lib/cli";
import { table } from "../lib/demo";
import { timeUnitOf } from "../lib/networks";
import { isoDate } from "../lib/time";

/** A block number or a time, as a chain time in the chain's unit. */
async function chainTime(hre: HardhatRuntimeEnvironment, text: string, unit: number, what: string): Promise<bigint> {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed) && Number(trimmed) < 1e9) {
    const block = await hre.ethers.provider.getBlock(Number(trimmed));
    if (!block) throw cliError(`${what}: block ${trimmed} is not on the chain yet`);
    return BigInt(block.timestamp);
  }
  const now = Number((await hre.ethers.provider.getBlock("latest"))!.timestamp) / unit;
  return BigInt(parseWhen(trimmed, Math.floor(now))) * BigInt(unit);
}

task("aml:report", "AML officer: run the monitor's rules over the indexed history; write JSON, CSV and HTML")
  .addOptionalParam(
    "from",
    "first block number or time (ISO date, seconds): default the chain's start",
    undefined,
    types.string,
  )
  .addOptionalParam("to", "last block number or time: default the latest block", undefined, types.string)
  .addOptionalParam(
    "out",
    "folder for aml-report.json, aml-alerts.csv and aml-report.html",
    "reports/aml",
    types.string,
  )
  .addOptionalParam("thresholds", "the thresholds file (default indexer/aml.config.json)", undefined, types.string)
  .addOptionalParam("db", "the indexer's PGlite folder (default indexer/.ponder/<network>)", undefined, types.string)
  .addOptionalParam("port", "port of the indexer started to catch up", 42069, types.int)
  .addFlag("noIndex", "read the database as it is, without catching the indexer up first")
  .setAction(async (args, hre) => {
    const { startIndexer } = await import("../indexer/bin/indexer");
    const { openDatabase } = await import("../indexer/monitor/database");
    const { readConfig, runMonitor, DEFAULT_CONFIG_FILE } = await import("../indexer/monitor/run");
    const { writeReport } = await import("../indexer/monitor/report");
    const network = hre.network.name;
    if (network === "hardhat") throw cliError("aml:report reads an indexed node: use --network (e.g. localhost)");
    const unit = timeUnitOf(network);
    const configFile = path.resolve(args.thresholds ?? DEFAULT_CONFIG_FILE);
    const config = readConfig(configFile);
    const schema = `indexer_${network}`.replace(/[^a-zA-Z0-9_]/g, "_");
    const dbDir = path.resolve(args.db ?? path.join(hre.config.paths.root, "indexer", ".ponder", network));
    const rpc = (hre.network.config as { url?: string }).url;
    const latest = (await hre.ethers.provider.getBlock("latest"))!;
    const from = await chainTime(hre, args.from ?? "0", unit, "--from"); // default: the genesis block
    const to = args.to === undefined ? BigInt(latest.timestamp) : await chainTime(hre, args.to, unit, "--to");
    if (to < from) throw cliError("--to is before --from");
    if (!args.noIndex) {
      const indexer = await startIndexer({ network, rpc, db: dbDir, schema, port: args.port });
      try {
        await indexer.ready;
      } finally {
        await indexer.stop();
      }
    }
    const db = await openDatabase({ pglite: path.join(dbDir, "pglite") });
    try {
      const result = await runMonitor(db.query, schema, { from, to }, config, BigInt(unit));
      const { chainId } = await hre.ethers.provider.getNetwork();
      const files = writeReport(path.resolve(args.out), result, {
        network,
        chainId: Number(chainId),
        schema,
        database: db.label,
        config: path.relative(process.cwd(), configFile) || configFile,
      });
      const seconds = (t: bigint) => isoDate(t / BigInt(unit));
      console.log(`AML report for ${network}, ${seconds(from)} to ${seconds(to)} (${db.label}, schema ${schema})`);
      console.log(
        `rows read: ${Object.entries(result.rows)
          .map(([k, v]) => `${v} ${k}`)
          .join(", ")}`,
      );
      const counts = new Map<string, number>();
      for (const a of result.alerts) counts.set(a.rule, (counts.get(a.rule) ?? 0) + 1);
      console.log(
        result.alerts.length === 0
          ? "no alert"
          : table(
              ["rule", "alerts"],
              [...counts].map(([rule, n]) => [rule, n]),
            ),
      );
      for (const file of files) {
        const relative = path.relative(process.cwd(), file);
        console.log(`wrote ${relative.startsWith("..") ? file : relative}`);
      }
      return result;
    } finally {
      await db.close();
    }
  });
