/**
 * The audit report in the browser: lib/replay's own `audit` (every log of the suite over the deployment's blocks,
 * the authority tree, client registry, assets, native tokens, venues and AML limits rebuilt from events, then
 * reconciled with the contracts' views: what `npx hardhat audit:replay` reports, but the governor's Safe and timelock,
 * whose addresses the console's deployment file does not carry), run over the console's read provider. Loaded on demand:
 * it brings the full contract ABIs (TypeChain's factories).
 */
import { ZeroAddress, type JsonRpcProvider } from "ethers";
import { audit, type AuditReport } from "../../../lib/replay/audit";
import type { Difference } from "../../../lib/replay/differences";
import { auditLimits } from "../../../lib/replay/limits";
import { AmlLimits__factory } from "../../../typechain-types/factories/contracts/compliance/AmlLimits__factory";
import { AuthorityTree__factory } from "../../../typechain-types/factories/contracts/authority/AuthorityTree__factory";
import { IdentityRegistry__factory } from "../../../typechain-types/factories/contracts/registry/IdentityRegistry__factory";
import { AssetRegistry__factory } from "../../../typechain-types/factories/contracts/assets/AssetRegistry__factory";
import { PairRegistry__factory } from "../../../typechain-types/factories/contracts/assets/PairRegistry__factory";
import { VenueRegistry__factory } from "../../../typechain-types/factories/contracts/assets/VenueRegistry.sol/VenueRegistry__factory";
import { CompliantToken__factory } from "../../../typechain-types/factories/contracts/assets/CompliantToken__factory";
import { MonetaryDesk__factory } from "../../../typechain-types/factories/contracts/assets/MonetaryDesk.sol/MonetaryDesk__factory";
import { Exchange__factory } from "../../../typechain-types/factories/contracts/exchange/Exchange.sol/Exchange__factory";
import { IExchange__factory } from "../../../typechain-types/factories/contracts/interfaces/IExchange.sol/IExchange__factory";
import { IERC20__factory } from "../../../typechain-types/factories/@openzeppelin/contracts/token/ERC20/IERC20__factory";

export type BrowserAudit = { report: AuditReport; fromBlock: number; toBlock: number; seconds: number };

/** Rebuild and reconcile the suite of `contracts` from `fromBlock` to the head. */
export async function auditInBrowser(
  provider: JsonRpcProvider,
  contracts: Record<string, string>,
  fromBlock: number,
): Promise<BrowserAudit> {
  const started = performance.now();
  const toBlock = await provider.getBlockNumber();
  const suite = {
    tree: AuthorityTree__factory.connect(contracts.AuthorityTree, provider),
    registry: IdentityRegistry__factory.connect(contracts.IdentityRegistry, provider),
    assets: AssetRegistry__factory.connect(contracts.AssetRegistry, provider),
    pairs: PairRegistry__factory.connect(contracts.PairRegistry, provider),
    venues: VenueRegistry__factory.connect(contracts.VenueRegistry, provider),
  };
  const report = await audit(
    provider,
    suite,
    {
      token: async (a) => CompliantToken__factory.connect(a, provider),
      desk: async (a) => MonetaryDesk__factory.connect(a, provider),
      venue: async (a) => ({
        exchange: Exchange__factory.connect(a, provider),
        api: IExchange__factory.connect(a, provider),
        erc20: async (t) => IERC20__factory.connect(t, provider),
      }),
    },
    { fromBlock, toBlock, venues: contracts.Exchange ? [contracts.Exchange] : [] },
  );
  // The AML limits the venue registry names (issue 16), with the tokens and venues audited: as audit:replay does.
  const aml = await suite.venues.amlLimits();
  if (aml !== ZeroAddress) {
    const limits = await auditLimits(
      provider,
      AmlLimits__factory.connect(aml, provider),
      [...report.tokens, ...report.exchanges],
      { fromBlock, toBlock },
    );
    report.differences.push(...limits.differences.list);
    Object.assign(report.counts, {
      limitsPolicies: limits.policies,
      limits: limits.limits,
      limitWindows: limits.windows,
    });
  }
  return { report, fromBlock, toBlock, seconds: (performance.now() - started) / 1000 };
}

/** The report as JSON (bigints as decimal strings). */
export function auditJson(a: BrowserAudit, meta: Record<string, unknown>): string {
  return JSON.stringify(
    { ...meta, fromBlock: a.fromBlock, toBlock: a.toBlock, ...a.report },
    (_, v) => (typeof v === "bigint" ? v.toString() : v),
    2,
  );
}

/** The report as Markdown: the range, the counts, the fees per book and every difference. */
export function auditMarkdown(a: BrowserAudit, meta: { network: string; chainId: number; at: string }): string {
  const r = a.report;
  const lines = [
    `# Audit report: ${meta.network} (chain ${meta.chainId})`,
    "",
    `Blocks ${a.fromBlock} to ${a.toBlock}, built ${meta.at} in the console with lib/replay (the audit:replay task's rebuild and reconciliation).`,
    "",
    r.differences.length === 0
      ? "**No difference**: every state rebuilt from the events equals the contracts' views."
      : `**${r.differences.length} difference(s)** between the state rebuilt from the events and the contracts' views.`,
    "",
    "## Counts",
    "",
    "| what | count |",
    "| --- | ---: |",
    ...Object.entries(r.counts).map(([k, v]) => `| ${k} | ${String(v)} |`),
    "",
  ];
  if (r.fees.length > 0) {
    lines.push("## Fees per book", "", "| venue | pair | accrued (base / quote) | collected | uncollected |");
    lines.push("| --- | ---: | --- | --- | --- |");
    for (const f of r.fees)
      lines.push(
        `| ${f.venue} | ${f.pairId} | ${f.accrued.base} / ${f.accrued.quote} | ${f.collected.base} / ${f.collected.quote} | ${f.uncollected.base} / ${f.uncollected.quote} |`,
      );
    lines.push("");
  }
  if (r.differences.length > 0) {
    lines.push("## Differences", "", "| entity | field | rebuilt | on chain |", "| --- | --- | --- | --- |");
    for (const d of r.differences as Difference[])
      lines.push(`| ${d.entity} | ${d.field} | ${d.rebuilt} | ${d.onChain} |`);
  }
  return lines.join("\n") + "\n";
}
