/**
 * `npm run app`: everything a newcomer needs on one machine, in order: a `hardhat node` of the console's own (port
 * 8640, network "app" of lib/networks.ts, so its deployments stay apart from localhost's and the tests'), the suite
 * deployed and the demo's story played on it (scripts/demo.ts), a live market on top (app/stack/seed.ts), the indexer
 * (indexer/bin/indexer.ts) and the Vite server of the console, which proxies /rpc to the node and /indexer to the
 * indexer. Prints the URL and each role's account; Ctrl-C (or SIGTERM) stops every process it started.
 *
 * The end-to-end test (app/e2e) starts the same stack through `startStack` on ports of its own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startIndexer, type RunningIndexer } from "../../indexer/bin/indexer";
import { consoleDeployment, writeConsoleDeployment, type ConsoleDeployment } from "./deployment";

const ROOT = path.join(__dirname, "..", "..");
const APP = path.join(__dirname, "..");
const HARDHAT = path.join(ROOT, "node_modules", ".bin", "hardhat");
const VITE = fs.existsSync(path.join(APP, "node_modules", ".bin", "vite"))
  ? path.join(APP, "node_modules", ".bin", "vite")
  : path.join(ROOT, "node_modules", ".bin", "vite");

export type StackOptions = {
  /** The Hardhat network name whose URL variable points at the node ("app": APP_NODE_URL; "devnode": DEVNODE_URL; "e2e": E2E_NODE_URL). */
  network?: "app" | "devnode" | "e2e";
  nodePort?: number;
  indexerPort?: number;
  webPort?: number;
  /** Where the processes' logs go. */
  logDir?: string;
  print?: (line: string) => void;
};

export type Stack = {
  url: string;
  nodeUrl: string;
  indexerUrl: string;
  deployment: ConsoleDeployment;
  stop(): Promise<void>;
};

/** Spawn a child that the stack owns (stopped by its own id); its output goes to `log`. */
function child(command: string, args: string[], env: Record<string, string>, log: string, cwd = ROOT): ChildProcess {
  const out = fs.openSync(log, "a");
  // Hardhat finds its own tsconfig: the e2e's TS_NODE_PROJECT (app/tsconfig.stack.json, relative) is not for it.
  const { TS_NODE_PROJECT: _own, ...inherited } = process.env;
  return spawn(command, args, { cwd, env: { ...inherited, ...env }, stdio: ["ignore", out, out] });
}

/** Resolves when `log` contains `text`; rejects if the child exits first or after `ms`. */
function waitFor(proc: ChildProcess, log: string, text: string | RegExp, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const seen = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
      if (typeof text === "string" ? seen.includes(text) : text.test(seen)) {
        clearInterval(poll);
        resolve();
      } else if (proc.exitCode !== null || Date.now() - started > ms) {
        clearInterval(poll);
        reject(
          new Error(`${path.basename(log)}: ${proc.exitCode !== null ? "exited" : "timed out"}:\n${seen.slice(-3000)}`),
        );
      }
    }, 200);
  });
}

/** Runs a command to completion; rejects with its log's tail when it fails. */
async function run(command: string, args: string[], env: Record<string, string>, log: string): Promise<void> {
  const proc = child(command, args, env, log);
  const code = await new Promise<number | null>((resolve) => proc.on("exit", resolve));
  if (code !== 0) throw new Error(`${args.join(" ")} failed (${code}):\n${fs.readFileSync(log, "utf8").slice(-3000)}`);
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const network = options.network ?? "app";
  const nodePort = options.nodePort ?? 8640;
  const indexerPort = options.indexerPort ?? 8641;
  const webPort = options.webPort ?? 5173;
  const print = options.print ?? ((line: string) => console.log(line));
  const logDir = options.logDir ?? path.join(APP, ".stack");
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  const nodeUrl = `http://127.0.0.1:${nodePort}`;
  const urlVariable = { app: "APP_NODE_URL", devnode: "DEVNODE_URL", e2e: "E2E_NODE_URL" }[network];
  const env = { [urlVariable]: nodeUrl, CI: "true" };
  const started: ChildProcess[] = [];
  let indexer: RunningIndexer | undefined;
  const stop = async (): Promise<void> => {
    await indexer?.stop().catch(() => undefined);
    for (const p of started.reverse()) if (p.exitCode === null && p.pid !== undefined) p.kill("SIGTERM");
  };
  const t0 = Date.now();
  const step = (what: string) => print(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${what}`);
  try {
    // The node: a fresh chain, so the deployments recorded for it go too.
    fs.rmSync(path.join(ROOT, "deployments", network), { recursive: true, force: true });
    step(`starting a hardhat node on ${nodeUrl}`);
    const nodeLog = path.join(logDir, "node.log");
    const node = child(
      HARDHAT,
      ["node", "--hostname", "127.0.0.1", "--port", String(nodePort), "--no-deploy", "--no-reset"],
      {},
      nodeLog,
    );
    started.push(node);
    await waitFor(node, nodeLog, "Started HTTP", 120_000);
    step("deploying the suite and playing the demo's story (scripts/demo.ts)");
    await run(HARDHAT, ["run", "scripts/demo.ts", "--network", network], env, path.join(logDir, "demo.log"));
    step("opening a live market (app/stack/seed.ts)");
    await run(HARDHAT, ["run", "app/stack/seed.ts", "--network", network], env, path.join(logDir, "seed.log"));
    step(`starting the indexer on port ${indexerPort}`);
    indexer = await startIndexer({
      network,
      rpc: nodeUrl,
      port: indexerPort,
      db: path.join(logDir, "indexer-db"),
      print: () => undefined,
    });
    await indexer.ready;
    const deployment = consoleDeployment(network, 31337, { rpcUrl: "/rpc", indexerUrl: "/indexer" });
    writeConsoleDeployment(deployment);
    step(`starting the console's web server on port ${webPort}`);
    const webLog = path.join(logDir, "web.log");
    const web = child(
      VITE,
      ["--host", "127.0.0.1", "--port", String(webPort), "--strictPort"],
      { CONSOLE_RPC: nodeUrl, CONSOLE_INDEXER: indexer.url },
      webLog,
      APP,
    );
    started.push(web);
    await waitFor(web, webLog, /Local:|ready in/, 60_000);
    const url = `http://127.0.0.1:${webPort}/`;
    step("ready");
    return { url, nodeUrl, indexerUrl: indexer.url, deployment, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function main(): Promise<void> {
  const stack = await startStack();
  const width = Math.max(...stack.deployment.accounts.map((a) => a.label.length));
  console.log(
    [
      "",
      `The console: ${stack.url}`,
      `  node ${stack.nodeUrl} (chain 31337), indexer ${stack.indexerUrl} (GraphQL at /graphql)`,
      "",
      "Development accounts (keys are throwaway, for this local chain only; pick one in the console's account menu):",
      ...stack.deployment.accounts.map((a) => `  ${a.label.padEnd(width)}  ${a.role.padEnd(10)} ${a.address}`),
      "",
      "Ctrl-C stops the node, the indexer and the web server.",
    ].join("\n"),
  );
  let stopping = false;
  const quit = () => {
    if (stopping) return;
    stopping = true;
    console.log("stopping ...");
    void stack.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", quit);
  process.on("SIGTERM", quit);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
