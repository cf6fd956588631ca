#!/usr/bin/env node
/**
 * Runs forge from the npm package @foundry-rs/forge-linux-amd64 (an optional dependency: the project's machines are
 * Linux x86-64), with the project's offline compiler: `node tools/forge.js test ...`. After `test`, prints the
 * total of handler calls forge reports for the passing invariant campaigns.
 */
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");

let binary;
try {
  binary = path.join(path.dirname(require.resolve("@foundry-rs/forge-linux-amd64/package.json")), "bin", "forge");
} catch {
  process.stderr.write(
    "forge is not installed: the optional dependency @foundry-rs/forge-linux-amd64 installs on Linux x86-64 only.\n",
  );
  process.exit(1);
}
const [command, ...rest] = process.argv.slice(2);
const compiler = ["build", "test", "coverage"].includes(command)
  ? ["--use", path.join(__dirname, "forge-solc.js"), "--offline"]
  : [];
const child = spawn(binary, [command, ...compiler, ...rest], { stdio: ["inherit", "pipe", "inherit"] });
let calls = 0;
let campaigns = 0;
let pending = "";
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  const lines = (pending + chunk.toString()).split("\n");
  pending = lines.pop();
  for (const line of lines) {
    const m = /^\[PASS\] invariant_\w+\(\) \(runs: \d+, calls: (\d+)/.exec(line.trim());
    if (m) {
      calls += Number(m[1]);
      campaigns += 1;
    }
  }
});
child.on("close", (status) => {
  if (command === "test" && campaigns > 0) {
    console.log(`\nhandler calls: ${calls.toLocaleString("en-US")} in ${campaigns} passing invariant campaigns`);
  }
  process.exit(status ?? 1);
});
