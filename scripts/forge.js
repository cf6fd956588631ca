#!/usr/bin/env node
/**
 * Runs forge from the npm package @foundry-rs/forge-linux-amd64 (an optional dependency: the project's machines are
 * Linux x86-64), with the project's offline compiler: `node scripts/forge.js test ...`.
 */
"use strict";
const { spawnSync } = require("node:child_process");
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
const result = spawnSync(binary, [command, ...compiler, ...rest], { stdio: "inherit" });
process.exit(result.status ?? 1);
