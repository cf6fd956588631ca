#!/usr/bin/env node
/**
 * The npm `solc` compiler (WebAssembly) behind the command-line interface forge expects of a native solc, so that
 * forge never downloads a compiler: `forge build --use tools/forge-solc.js`.
 *   forge-solc.js --version                     prints "Version: 0.8.30+commit..."
 *   forge-solc.js [flags...] --standard-json    reads standard JSON on stdin, prints the output
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const solc = require("solc");

const args = process.argv.slice(2);
if (args.includes("--version")) {
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
  process.exit(0);
}
if (!args.includes("--standard-json")) {
  process.stderr.write("forge-solc.js only supports --version and --standard-json\n");
  process.exit(2);
}

// Imports forge did not inline: resolve against the base path, the include paths and node_modules.
const roots = [process.cwd()];
for (let i = 0; i < args.length; i++) {
  if ((args[i] === "--base-path" || args[i] === "--include-path") && args[i + 1]) roots.push(path.resolve(args[i + 1]));
}
roots.push(path.join(process.cwd(), "node_modules"));
function findImports(file) {
  for (const root of roots) {
    const full = path.resolve(root, file);
    if (fs.existsSync(full)) return { contents: fs.readFileSync(full, "utf8") };
  }
  return { error: `File not found: ${file}` };
}

const input = fs.readFileSync(0, "utf8");
process.stdout.write(solc.compile(input, { import: findImports }));
