/**
 * Gas benchmark: runs every scenario on the in-process network, prints a table, writes reports/gas.json (scenario
 * name -> receipt gasUsed, 21,000 base included) and exits non-zero when a figure exceeds bench/budget.json. Also
 * prints the web console's fill-to-screen time, as its end-to-end test last measured it (reports/console-e2e.json).
 */
import fs from "node:fs";
import path from "node:path";
import { assets } from "./assets";
import { authority } from "./authority";
import { book } from "./book";
import { exchange } from "./exchange";
import { limits } from "./limits";
import { registry } from "./registry";
import type { BenchModule, Budget, Record } from "./recorder";

const MODULES: BenchModule[] = [authority, registry, assets, book, exchange, limits];

async function main(): Promise<void> {
  const results: { [name: string]: number } = {};
  const record: Record = async (name, tx) => {
    const receipt = await (await tx).wait();
    if (!receipt) throw new Error(`${name}: no receipt`);
    if (name in results) throw new Error(`scenario ${name} recorded twice`);
    results[name] = Number(receipt.gasUsed);
    return receipt.gasUsed;
  };
  for (const module of MODULES) {
    console.log(`- ${module.title}`);
    await module.run(record);
  }

  const root = path.resolve(__dirname, "..");
  const budgets = JSON.parse(fs.readFileSync(path.join(root, "bench/budget.json"), "utf8")) as {
    [name: string]: Budget;
  };
  fs.mkdirSync(path.join(root, "reports"), { recursive: true });
  fs.writeFileSync(path.join(root, "reports/gas.json"), JSON.stringify(results, null, 2) + "\n");

  const failures: string[] = [];
  const rows = Object.entries(results).map(([name, gas]) => {
    const budget = budgets[name];
    let limit = "report";
    let status = "";
    if (budget) {
      if ("maxRatioOf" in budget) {
        const base = results[budget.maxRatioOf];
        const ratio = base ? gas / base : Infinity;
        limit = `<= ${budget.max} x ${budget.maxRatioOf}`;
        status = ratio <= budget.max ? `ok (${ratio.toFixed(3)}x)` : `OVER (${ratio.toFixed(3)}x)`;
      } else {
        limit = `<= ${budget.max.toLocaleString("en-US")}`;
        status = gas <= budget.max ? "ok" : "OVER";
      }
      if (status.startsWith("OVER")) failures.push(`${name}: ${gas} gas, budget ${limit}`);
    }
    const target = budget?.target ? budget.target.toLocaleString("en-US") : "";
    return { scenario: name, gasUsed: gas.toLocaleString("en-US"), budget: limit, target, status };
  });
  for (const name of Object.keys(budgets)) {
    if (!(name in results)) failures.push(`${name}: has a budget but was not measured`);
  }

  console.table(rows);
  console.log("wrote reports/gas.json");
  consoleFigures(root);
  if (failures.length > 0) {
    console.error(`\nGas budget exceeded:\n  ${failures.join("\n  ")}`);
    process.exitCode = 1;
  }
}

/**
 * The web console's figure (issue 19) from its last end-to-end run (app/e2e/investor.ts writes reports/console-e2e.json):
 * the time from a fill's receipt to its row on the investor's screen. Reported, not measured here: the bench starts no
 * browser.
 */
function consoleFigures(root: string): void {
  const file = path.join(root, "reports/console-e2e.json");
  if (!fs.existsSync(file)) {
    console.log("console: no reports/console-e2e.json (run `npm run test:e2e -w app` to measure fill -> screen)");
    return;
  }
  const figures = JSON.parse(fs.readFileSync(file, "utf8")) as { fillToScreenMs: number; measuredAt: string };
  console.log(
    `console: a fill on the investor's screen ${figures.fillToScreenMs} ms after its receipt ` +
      `(app/e2e/investor.ts, ${figures.measuredAt}; reports/console-e2e.json)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
