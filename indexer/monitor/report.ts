/**
 * The monitor's report in three forms, written to one folder: aml-report.json (everything), aml-alerts.csv (one row
 * per alert, lists joined by spaces) and aml-report.html (self-contained: inline style, no script, no external
 * asset). Each alert cites its identities, wallets, transactions, blocks and the rule's figures.
 */
import fs from "node:fs";
import path from "node:path";
import type { MonitorResult } from "./run";
import type { Alert } from "./types";

export type ReportMeta = { network: string; chainId: number; schema: string; database: string; config: string };

const RULES: Record<Alert["rule"], string> = {
  "wash-trading": "Wash trading",
  structuring: "Structuring",
  "rapid-in-out": "Rapid in-and-out",
  layering: "Layering / spoofing",
  "cancel-ratio": "High cancel-to-fill ratio",
  "tainted-counterparty": "Traded with a party later sanctioned or disqualified",
};

/** Chain time (in its unit) as an ISO date. */
const iso = (time: string, unit: bigint) =>
  time === "" ? "" : new Date(Number((BigInt(time) * 1000n) / unit)).toISOString();

export function toJson(result: MonitorResult, meta: ReportMeta): string {
  return (
    JSON.stringify(
      {
        ...meta,
        from: iso(result.range.from.toString(), result.unit),
        to: iso(result.range.to.toString(), result.unit),
        timeUnit: result.unit.toString(),
        rowsRead: result.rows,
        alertCount: result.alerts.length,
        byRule: Object.fromEntries(
          Object.keys(RULES).map((r) => [r, result.alerts.filter((a) => a.rule === r).length]),
        ),
        alerts: result.alerts.map((a) => ({
          ...a,
          fromDate: iso(a.from, result.unit),
          toDate: iso(a.to, result.unit),
        })),
      },
      null,
      2,
    ) + "\n"
  );
}

const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function toCsv(result: MonitorResult): string {
  const header = ["rule", "from", "to", "summary", "identities", "wallets", "transactions", "blocks", "figures"];
  const rows = result.alerts.map((a) => [
    a.rule,
    iso(a.from, result.unit),
    iso(a.to, result.unit),
    a.summary,
    a.identities.join(" "),
    a.wallets.join(" "),
    a.txs.join(" "),
    a.blocks.join(" "),
    Object.entries(a.figures)
      .map(([k, v]) => `${k}=${v}`)
      .join("; "),
  ]);
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\n") + "\n";
}

const esc = (v: unknown) =>
  String(v).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function toHtml(result: MonitorResult, meta: ReportMeta): string {
  const counts = Object.entries(RULES)
    .map(
      ([rule, title]) =>
        `<tr><td>${esc(title)}</td><td class="n">${result.alerts.filter((a) => a.rule === rule).length}</td></tr>`,
    )
    .join("");
  const alerts = result.alerts
    .map(
      (a, i) => `<section class="alert">
<h2>${i + 1}. ${esc(RULES[a.rule])}</h2>
<p>${esc(a.summary)}</p>
<p class="meta">${esc(iso(a.from, result.unit))} to ${esc(iso(a.to, result.unit))}; identities ${a.identities.map((x) => `#${esc(x)}`).join(", ")}; blocks ${a.blocks.map(esc).join(", ")}</p>
<p class="meta">wallets: ${a.wallets.map((w) => `<code>${esc(w)}</code>`).join(" ")}</p>
<table><tr><th>figure</th><th>value</th></tr>${Object.entries(a.figures)
        .map(([k, v]) => `<tr><td>${esc(k)}</td><td class="n">${esc(v)}</td></tr>`)
        .join("")}</table>
<table><tr><th>block</th><th>time</th><th>what</th><th>transaction</th></tr>${a.evidence
        .map(
          (e) =>
            `<tr><td class="n">${esc(e.block)}</td><td>${esc(iso(e.time, result.unit))}</td><td>${esc(e.what)}</td><td><code>${esc(e.tx)}</code></td></tr>`,
        )
        .join("")}</table>
</section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AML report: ${esc(meta.network)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:80em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
.n{text-align:right}code{font-size:.85em}.meta{color:#555;font-size:.9em}.alert{border-top:2px solid #b00;margin-top:1.5em}
</style></head><body>
<h1>AML report</h1>
<p>Network <b>${esc(meta.network)}</b> (chain ${esc(meta.chainId)}), ${esc(iso(result.range.from.toString(), result.unit))} to ${esc(iso(result.range.to.toString(), result.unit))}; database ${esc(meta.database)}, schema ${esc(meta.schema)}; thresholds from ${esc(meta.config)}.</p>
<p>Rows read: ${Object.entries(result.rows)
    .map(([k, v]) => `${esc(v)} ${esc(k)}`)
    .join(", ")}. <b>${result.alerts.length} alert(s).</b></p>
<table><tr><th>rule</th><th>alerts</th></tr>${counts}</table>
${alerts || "<p>No alert.</p>"}
</body></html>
`;
}

/** Write the three files into `dir`; returns their paths. */
export function writeReport(dir: string, result: MonitorResult, meta: ReportMeta): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ["aml-report.json", toJson(result, meta)],
    ["aml-alerts.csv", toCsv(result)],
    ["aml-report.html", toHtml(result, meta)],
  ];
  return files.map(([name, body]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, body);
    return file;
  });
}
