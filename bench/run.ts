/**
 * Gas benchmark: runs every scenario on the in-process network, prints a table, writes reports/gas.json (scenario
 * name -> receipt gasUsed, 21,000 base included) and exits non-zero when a figure exceeds bench/budget.json. Also
 * prints the web console's figures as its build and browser test last measured them (bench/console.ts).
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
import { consoleFigures } from "./console";

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

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
