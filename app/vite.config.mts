/**
 * The console's build. It imports the shared library from ../lib (units, errors and their explanations, attestation
 * signing, book views) and the TypeChain factories from ../typechain-types directly: no copy, no package of its own.
 * Those modules are pure TypeScript over ethers; lib/networks.ts reads process.env, which the browser has not, so
 * `process.env` is an empty object here. The dev server proxies /rpc to the node and /indexer to the indexer
 * (CONSOLE_RPC, CONSOLE_INDEXER: set by app/stack/start.ts), so the browser talks to one origin.
 */
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import path from "node:path";

const rpc = process.env.CONSOLE_RPC ?? "http://127.0.0.1:8640";
const indexer = process.env.CONSOLE_INDEXER ?? "http://127.0.0.1:8641";

export default defineConfig({
  plugins: [react()],
  define: { "process.env": "{}" },
  server: {
    fs: { allow: [path.resolve(import.meta.dirname, "..")] },
    proxy: {
      "/rpc": { target: rpc, changeOrigin: true, rewrite: () => "/" },
      "/indexer": { target: indexer, changeOrigin: true, rewrite: (p) => p.replace(/^\/indexer/, "") },
    },
  },
  preview: {
    proxy: {
      "/rpc": { target: rpc, changeOrigin: true, rewrite: () => "/" },
      "/indexer": { target: indexer, changeOrigin: true, rewrite: (p) => p.replace(/^\/indexer/, "") },
    },
  },
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  test: { include: ["test/**/*.test.ts"], environment: "node" },
});
