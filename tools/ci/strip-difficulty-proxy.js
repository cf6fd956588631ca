#!/usr/bin/env node
/**
 * A JSON-RPC proxy on loopback that forwards to a node and deletes `difficulty` and `totalDifficulty` from every
 * block it returns, as PlatON's RPC may: `node strip-difficulty-proxy.js <listen port> <upstream url>`.
 * Used by CI to show the tooling works without them: the tasks never read them, and lib/blockCompat.ts fills in a
 * zero difficulty where ethers would parse a block.
 */
"use strict";
const http = require("node:http");

const [port, upstream] = process.argv.slice(2);
if (!port || !upstream) {
  process.stderr.write("usage: strip-difficulty-proxy.js <listen port> <upstream url>\n");
  process.exit(2);
}

function strip(value) {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === "object") {
    if ("parentHash" in value && "miner" in value) {
      delete value.difficulty;
      delete value.totalDifficulty;
    }
    for (const key of Object.keys(value)) value[key] = strip(value[key]);
  }
  return value;
}

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      try {
        const reply = await fetch(upstream, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: Buffer.concat(chunks),
        });
        const body = strip(await reply.json());
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      } catch (error) {
        res.writeHead(502);
        res.end(String(error));
      }
    });
  })
  .listen(Number(port), "127.0.0.1");
