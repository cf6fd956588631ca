/**
 * The audit replayer: rebuild the suite's state from its events alone, read the same facts from the contracts' views,
 * and list every difference. Exits non-zero when there is any.
 *
 *   npx hardhat audit:replay --network NAME [--from-block N] [--to-block N] [--page 2000] [--json]
 *
 * Covered: the authority tree, the client registry, and the asset service (assets, attestations, pairs, venue
 * registrations). Not yet: the exchange venues' books and balances, and the compliant tokens' own records.
 */
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AssetRegistry, AuthorityTree, IdentityRegistry, PairRegistry, VenueRegistry } from "../typechain-types";
import { cliError, deployed, output } from "../scripts/lib/cli";
import { table } from "../scripts/lib/demo";
import { DEFAULT_PAGE, blockTimes, fetchLogs, latestBlock } from "../scripts/lib/replay/fetch";
import { rebuildSuite, reconcile, type Report, type Suite } from "../scripts/lib/replay/reconcile";

/** The covered contracts, by their hardhat-deploy names. */
export const AUDITED = ["AuthorityTree", "IdentityRegistry", "AssetRegistry", "PairRegistry", "VenueRegistry"];

export type ReplayArgs = { fromBlock?: number; toBlock?: number; page?: number };
export type ReplayReport = Report & { fromBlock: number; toBlock: number; contracts: Record<string, string> };

async function suiteOf(hre: HardhatRuntimeEnvironment): Promise<Suite> {
  return {
    tree: await deployed<AuthorityTree>(hre, "AuthorityTree"),
    registry: await deployed<IdentityRegistry>(hre, "IdentityRegistry"),
    assets: await deployed<AssetRegistry>(hre, "AssetRegistry"),
    pairs: await deployed<PairRegistry>(hre, "PairRegistry"),
    venues: await deployed<VenueRegistry>(hre, "VenueRegistry"),
  };
}

/** The earliest block the covered contracts were deployed in (from hardhat-deploy's records), else genesis. */
async function firstDeploymentBlock(hre: HardhatRuntimeEnvironment): Promise<number> {
  const blocks: number[] = [];
  for (const name of AUDITED) {
    const d = await hre.deployments.getOrNull(name);
    if (d?.receipt?.blockNumber !== undefined) blocks.push(Number(d.receipt.blockNumber));
  }
  return blocks.length === AUDITED.length ? Math.min(...blocks) : 0;
}

/** Fetch, rebuild and reconcile; the report, whether or not it has differences. */
export async function auditReplay(hre: HardhatRuntimeEnvironment, args: ReplayArgs = {}): Promise<ReplayReport> {
  const suite = await suiteOf(hre);
  const contracts: Record<string, string> = {};
  for (const [key, c] of Object.entries(suite)) contracts[key] = await c.getAddress();
  const rpc = hre.ethers.provider;
  const fromBlock = args.fromBlock ?? (await firstDeploymentBlock(hre));
  const toBlock = args.toBlock ?? (await latestBlock(rpc));
  const logs = await fetchLogs(rpc, Object.values(contracts), fromBlock, toBlock, args.page ?? DEFAULT_PAGE);
  const treeAddress = contracts.tree.toLowerCase();
  const times = await blockTimes(
    rpc,
    logs.filter((l) => l.address === treeAddress),
  );
  let rebuilt;
  try {
    rebuilt = await rebuildSuite(suite, logs, (log) => times.get(log.blockNumber)!);
  } catch (error) {
    throw cliError(
      `Cannot rebuild from blocks ${fromBlock}..${toBlock}: ${(error as Error).message}. ` +
        `Start the range at or before the contracts' deployment.`,
    );
  }
  const report = await reconcile(suite, rebuilt, logs.length);
  return { ...report, fromBlock, toBlock, contracts };
}

function render(r: ReplayReport): string {
  const counts = Object.entries(r.counts).map(([k, v]) => [k, v]);
  const lines = [
    `Replayed blocks ${r.fromBlock}..${r.toBlock} of ${Object.keys(r.contracts).length} contracts:`,
    table(["rebuilt", "count"], counts),
  ];
  if (r.differences.length === 0) {
    lines.push("No differences: every rebuilt fact matches the contracts' views.");
  } else {
    lines.push(`${r.differences.length} difference(s) between the logs and the contracts' views:`);
    lines.push(
      table(
        ["entity", "field", "rebuilt", "on chain"],
        r.differences.map((d) => [d.entity, d.field, d.rebuilt, d.onChain]),
      ),
    );
  }
  return lines.join("\n");
}

const block = (text: string | undefined, what: string): number | undefined => {
  if (text === undefined || text === "") return undefined;
  if (!/^\d+$/.test(text)) throw cliError(`${what} "${text}" is not a block number`);
  return Number(text);
};

task("audit:replay", "Rebuild the suite's state from its events and reconcile it with the contracts' views")
  .addOptionalParam("fromBlock", "first block to read (default: the suite's deployment)", undefined, types.string)
  .addOptionalParam("toBlock", "last block to read (default: the latest)", undefined, types.string)
  .addOptionalParam("page", "blocks per eth_getLogs request", String(DEFAULT_PAGE), types.string)
  .addFlag("json", "print JSON for machines")
  .setAction(async (args, hre) => {
    const page = block(args.page, "--page");
    if (!page) throw cliError("--page must be at least 1");
    const report = await auditReplay(hre, {
      fromBlock: block(args.fromBlock, "--from-block"),
      toBlock: block(args.toBlock, "--to-block"),
      page,
    });
    output(args.json, report, () => render(report));
    if (report.differences.length > 0) {
      throw cliError(`audit:replay found ${report.differences.length} difference(s) between the logs and the views`);
    }
    return report;
  });
