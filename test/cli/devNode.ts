/**
 * A development node of a test's own (`hardhat node` on a port of 8600-8699, never CI's 8545-8548) and the CLI run
 * against it as a user runs it: `hardhat <task> --network devnode` in a child process (`cli`, where the process
 * boundary is what a test checks: exit status, no stack trace), or in a CliSession (`session`): one Hardhat process
 * that parses and runs each command line as the CLI does (test/cli/readmeRunner.ts), so that a test's dozens of
 * commands pay Hardhat's start-up once. Used by the node tests in test/cli/.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const HARDHAT = path.join(ROOT, "node_modules", ".bin", "hardhat");

export type CliRun = { status: number; stdout: string; stderr: string; output: string };

/**
 * TEST_PORT_SHIFT moves the test nodes' ports (default 0: 8600-8699), so that a second checkout's tests can run beside
 * another's on the same machine (e.g. TEST_PORT_SHIFT=100: 8700-8799). A test adds it to its own ports.
 */
export const TEST_PORT_SHIFT = Number(process.env.TEST_PORT_SHIFT ?? 0);

export class DevNode {
  private process?: ChildProcess;
  readonly url: string;

  constructor(readonly port: number) {
    const [low, high] = [8600 + TEST_PORT_SHIFT, 8699 + TEST_PORT_SHIFT];
    if (port < low || port > high) throw new Error(`a test's node runs on ${low}-${high}, not ${port}`);
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Start the node (without the deploy scripts) and wait until it answers. */
  async start(): Promise<void> {
    this.clearDeployments();
    // --no-reset: hardhat-deploy's node task otherwise deletes deployments/localhost when it starts, which is the
    // deployment of whoever runs a node on 8545 beside the tests (CI's main job, a developer's `npx hardhat node`).
    const args = ["node", "--hostname", "127.0.0.1", "--port", String(this.port), "--no-deploy", "--no-reset"];
    const child = spawn(HARDHAT, args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.process = child;
    let log = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`node on ${this.port} did not start:\n${log}`)), 90_000);
      const seen = (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes("Started HTTP")) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", seen);
      child.stderr!.on("data", seen);
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`node on ${this.port} exited (${code}):\n${log}`));
      });
    });
    child.removeAllListeners("exit");
    child.stdout!.resume();
    child.stderr!.resume();
  }

  /** Stop the node this helper started (by its own process id), and forget its deployments. */
  stop(): void {
    if (this.process?.pid !== undefined && this.process.exitCode === null) this.process.kill("SIGTERM");
    this.process = undefined;
    this.clearDeployments();
  }

  private clearDeployments(): void {
    fs.rmSync(path.join(ROOT, "deployments", "devnode"), { recursive: true, force: true });
  }

  /** A command-line session against this node (stop it when done). */
  session(env: Record<string, string> = {}): CliSession {
    return new CliSession("devnode", { DEVNODE_URL: this.url, ...env });
  }

  /**
   * A JSON-RPC call to the node, on a connection of its own: a kept-alive connection that the node closes while idle
   * failed a read now and then ("fetch failed: other side closed").
   */
  async rpc<T>(method: string, params: unknown[] = []): Promise<T> {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
    const text = await new Promise<string>((resolve, reject) => {
      const request = http.request(
        this.url,
        { method: "POST", agent: false, headers: { "content-type": "application/json", connection: "close" } },
        (response) => {
          let data = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (data += chunk));
          response.on("end", () => resolve(data));
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(body);
    });
    return (JSON.parse(text) as { result: T }).result;
  }

  async blockNumber(): Promise<number> {
    return Number(await this.rpc<string>("eth_blockNumber"));
  }

  /**
   * `npx hardhat <args>` against this node (unless args name another network), as a user types it; CI=true, as on
   * a CI server (where Hardhat prints stack traces by default).
   */
  cli(args: string[], env: Record<string, string> = {}): CliRun {
    const withNetwork = [
      ...(args.includes("--network") || env.HARDHAT_NETWORK ? args : [...args, "--network", "devnode"]),
    ];
    const result = spawnSync(HARDHAT, withNetwork, {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, CI: "true", DEVNODE_URL: this.url, ...env },
      timeout: 120_000,
    });
    return {
      status: result.status ?? -1,
      stdout: result.stdout,
      stderr: result.stderr,
      output: `${result.stdout}\n${result.stderr}`,
    };
  }
}

/**
 * Command lines run as `npx hardhat <words> --network <the session's network>` would run them, in one Hardhat process
 * (test/cli/readmeRunner.ts; CI=true, as on a CI server). `run` resolves with the line's exit status and everything
 * it printed on stdout and stderr.
 */
export class CliSession {
  private readonly child: ChildProcess;
  private stdout = "";
  private stderr = "";
  private waiting?: () => void;
  private exited?: string;

  constructor(network: string, env: Record<string, string>) {
    const runner = path.join(__dirname, "readmeRunner.ts");
    // As `hardhat run` starts a script (hardhat/internal/util/scripts-runner.ts), without the CLI process in front.
    const register = require.resolve("hardhat/register");
    this.child = spawn(process.execPath, ["--require", register, runner], {
      cwd: ROOT,
      env: { ...process.env, CI: "true", ...env, HARDHAT_NETWORK: network, CLI_SESSION: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stdout!.on("data", (chunk: Buffer) => {
      this.stdout += chunk.toString();
      this.waiting?.();
    });
    this.child.stderr!.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString();
      this.waiting?.();
    });
    this.child.on("exit", (code) => {
      this.exited = `the session exited (${code}):\n${this.stdout}\n${this.stderr}`;
      this.waiting?.();
    });
  }

  /** One command line (the words after `npx hardhat`), run in `cwd` (default: the project's folder). */
  async run(words: string[], cwd?: string): Promise<CliRun> {
    if (this.waiting) throw new Error("one command at a time");
    this.stdout = "";
    this.stderr = "";
    this.child.stdin!.write(`${JSON.stringify({ words, cwd })}\n`);
    const mark = "\u0001cli-session-result ";
    await new Promise<void>((resolve, reject) => {
      this.waiting = () => {
        if (this.exited) reject(new Error(this.exited));
        else if (this.stdout.includes(mark) && this.stderr.includes(mark)) resolve();
      };
      this.waiting();
    }).finally(() => (this.waiting = undefined));
    const cut = (text: string) => text.slice(0, text.indexOf(mark)).replace(/\n$/, "");
    const status = (
      JSON.parse(this.stdout.slice(this.stdout.indexOf(mark) + mark.length).split("\n")[0]) as {
        status: number;
      }
    ).status;
    const stdout = cut(this.stdout);
    const stderr = cut(this.stderr);
    return { status, stdout, stderr, output: `${stdout}\n${stderr}` };
  }

  /** End the session (its own process, by its id). */
  stop(): void {
    this.child.stdin!.end();
    if (this.child.exitCode === null) this.child.kill("SIGTERM");
  }
}

/** Split a README command line into arguments (double-quoted words kept whole, a trailing comment dropped). */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) {
    if (m[2]?.startsWith("#")) break;
    words.push(m[1] ?? m[2]);
  }
  return words;
}
