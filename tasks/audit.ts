/**
 * The audit replayer: rebuild the suite's state from its events alone, read the same facts from the contracts' views,
 * and list every difference. Exits non-zero when there is any.
 *
 *   npx hardhat audit:replay --network NAME [--from-block N] [--to-block N] [--page 2000] [--json]
 *
 * Covered: the authority tree, the client registry, the asset service (assets, attestations, pairs, venue
 * registrations), every native compliant token the asset registry issued (balances, supply, allowances, freezes,
 * pause, policy, redemptions) and every venue registered with the EXCHANGE scope or recorded as the Exchange
 * deployment (accounts, tokens, books, resting orders, balances available and locked, fees, and its real holdings).
 */
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type {
  AmlLimits,
  AssetRegistry,
  AuthorityTree,
  CompliantToken,
  Exchange,
  IERC20,
  IExchange,
  IdentityRegistry,
  MonetaryDesk,
  PairRegistry,
  SafeL2,
  TimelockController,
  VenueRegistry,
} from "../typechain-types";
import { cliError, deployed, output } from "../lib/cli";
import { table } from "../lib/demo";
import { VENUE_DEPLOYMENT } from "../lib/market";
// The replayer loads when an audit runs, not at every command's start-up (about 0.2 s of CPU).
import type { AuditReport, Connect } from "../lib/replay/audit";
import { DEFAULT_PAGE, latestBlock } from "../lib/replay/fetch";
import type { Suite } from "../lib/replay/reconcile";

/** The suite's contracts, by their hardhat-deploy names. */
export const AUDITED = ["AuthorityTree", "IdentityRegistry", "AssetRegistry", "PairRegistry", "VenueRegistry"];

export type ReplayArgs = { fromBlock?: number; toBlock?: number; page?: number };
export type ReplayReport = AuditReport & { fromBlock: number; toBlock: number; contracts: Record<string, string> };

async function suiteOf(hre: HardhatRuntimeEnvironment): Promise<Suite> {
  return {
    tree: await deployed<AuthorityTree>(hre, "AuthorityTree"),
    registry: await deployed<IdentityRegistry>(hre, "IdentityRegistry"),
    assets: await deployed<AssetRegistry>(hre, "AssetRegistry"),
    pairs: await deployed<PairRegistry>(hre, "PairRegistry"),
    venues: await deployed<VenueRegistry>(hre, "VenueRegistry"),
  };
}

/** How the audit reaches the tokens and venues it finds in the logs: through the compiled artifacts. */
export function connectWith(hre: HardhatRuntimeEnvironment): Connect {
  const at = async <T>(name: string, address: string) =>
    (await hre.ethers.getContractAt(name, address)) as unknown as T;
  return {
    token: (address) => at<CompliantToken>("CompliantToken", address),
    desk: (address) => at<MonetaryDesk>("MonetaryDesk", address),
    venue: async (address) => ({
      exchange: await at<Exchange>("Exchange", address),
      api: await at<IExchange>("IExchange", address),
      erc20: (token) => at<IERC20>("IERC20", token),
    }),
  };
}

/** The earliest block the suite was deployed in (from hardhat-deploy's records), else genesis. */
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
  const venue = await hre.deployments.getOrNull(VENUE_DEPLOYMENT);
  const fromBlock = args.fromBlock ?? (await firstDeploymentBlock(hre));
  const toBlock = args.toBlock ?? (await latestBlock(hre.ethers.provider));
  const { RebuildError, audit } = await import("../lib/replay/audit");
  try {
    const report = await audit(hre.ethers.provider, suite, connectWith(hre), {
      fromBlock,
      toBlock,
      page: args.page,
      venues: venue ? [venue.address] : [],
    });
    // AML limits (issue 16): policies, limits, windows and the attachments of the tokens and venues audited.
    const aml = await hre.deployments.getOrNull("AmlLimits");
    if (aml) {
      const { auditLimits } = await import("../lib/replay/limits");
      const limits = await auditLimits(
        hre.ethers.provider,
        (await hre.ethers.getContractAt("AmlLimits", aml.address)) as unknown as AmlLimits,
        [...report.tokens, ...report.exchanges],
        { fromBlock, toBlock, page: args.page },
      );
      report.differences.push(...limits.differences.list);
      Object.assign(report.counts, {
        limitsPolicies: limits.policies,
        limits: limits.limits,
        limitWindows: limits.windows,
      });
      contracts.limits = aml.address;
    }
    // The governor's Safe and timelock (issue 17, deploy/009_governance.ts), where the network has them.
    const [gsafe, glock] = [
      await hre.deployments.getOrNull("GovernorSafe"),
      await hre.deployments.getOrNull("GovernorTimelock"),
    ];
    if (gsafe && glock) {
      const { auditGovernance } = await import("../lib/replay/governance");
      const governance = await auditGovernance(
        hre.ethers.provider,
        (await hre.ethers.getContractAt("SafeL2", gsafe.address)) as unknown as SafeL2,
        (await hre.ethers.getContractAt("TimelockController", glock.address)) as unknown as TimelockController,
        { fromBlock, toBlock, page: args.page },
      );
      report.differences.push(...governance.differences.list);
      Object.assign(report.counts, {
        governanceOperations: governance.operations,
        governancePending: governance.pending,
        safeTransactions: governance.safeTransactions,
      });
      Object.assign(contracts, { governorSafe: gsafe.address, governorTimelock: glock.address });
    }
    return { ...report, fromBlock, toBlock, contracts };
  } catch (error) {
    if (error instanceof RebuildError) throw cliError(error.message);
    throw error;
  }
}

function render(r: ReplayReport): string {
  const counts = Object.entries(r.counts).map(([k, v]) => [k, v]);
  const lines = [
    `Replayed blocks ${r.fromBlock}..${r.toBlock} of ${Object.keys(r.contracts).length} suite contracts, ` +
      `${r.tokens.length} native token(s) and ${r.exchanges.length} venue(s):`,
    table(["rebuilt", "count"], counts),
  ];
  if (r.fees.length > 0) {
    lines.push("Fees per book (smallest units of the base and the quote token):");
    const pair = (a: { base: string; quote: string }) => `${a.base} / ${a.quote}`;
    lines.push(
      table(
        ["venue", "pair", "accrued", "collected", "uncollected"],
        r.fees.map((f) => [f.venue, f.pairId, pair(f.accrued), pair(f.collected), pair(f.uncollected)]),
      ),
    );
  }
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
