// The toolbox's plugins that this project uses, loaded one by one rather than through
// @nomicfoundation/hardhat-toolbox: its Ignition plugin (unused here) and the gas reporter cost about 0.4 s of CPU at
// every command's start-up. The gas reporter loads only when REPORT_GAS=1 asks for its report.
import "@nomicfoundation/hardhat-chai-matchers";
import "@nomicfoundation/hardhat-ethers";
import "@nomicfoundation/hardhat-verify";
import "@typechain/hardhat";
import "solidity-coverage";
import type {} from "hardhat-gas-reporter/dist/type-extensions";
import "hardhat-deploy";
import {
  TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD,
  TASK_COMPILE_SOLIDITY_GET_SOURCE_PATHS,
  TASK_TEST_GET_TEST_FILES,
  TASK_TEST_SETUP_TEST_ENVIRONMENT,
} from "hardhat/builtin-tasks/task-names";
import { extendEnvironment, subtask, task, type HardhatUserConfig } from "hardhat/config";
import type { HttpNetworkUserConfig } from "hardhat/types";
import { HardhatPluginError } from "hardhat/plugins";
import { FeeData } from "ethers";
import fs from "node:fs";
import path from "node:path";
import { fillMissingDifficulty } from "./lib/blockCompat";
import { NETWORKS, missingEnv } from "./lib/networks";
import { disableMochaTimeouts, pinBlockTimes, timeoutsOff } from "./tools/test-clock";
import "./tasks/authority";
import "./tasks/provider";
import "./tasks/kyc";
import "./tasks/registry";
import "./tasks/investor";
import "./tasks/sanctions";
import "./tasks/audit";
import "./tasks/monetary";
import "./tasks/limits";
import "./tasks/governance";
import "./tasks/aml";
import "./tasks/venue";

// eslint-disable-next-line @typescript-eslint/no-require-imports
if (process.env.REPORT_GAS === "1") require("hardhat-gas-reporter");

/**
 * The compiler comes from the npm `solc` package (WebAssembly), never from a download: these machines reach no
 * network but the npm registry. The version is pinned exactly in package.json and must match SOLC_VERSION.
 */
const SOLC_VERSION = "0.8.30";

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD).setAction(async ({ solcVersion }: { solcVersion: string }) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { version(): string };
  const installed = solc.version(); // e.g. "0.8.30+commit.73712a01.Emscripten.clang"
  if (solcVersion !== SOLC_VERSION || !installed.startsWith(`${SOLC_VERSION}+`)) {
    throw new Error(
      `Compiler ${solcVersion} requested, but only the npm solc ${SOLC_VERSION} is used here (installed: ${installed}). ` +
        `Pin "solc": "${SOLC_VERSION}" in package.json and keep hardhat.config.ts in step.`,
    );
  }
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: installed,
  };
});

/**
 * No test depends on the wall clock: under `npm test` and `npm run coverage` the in-process chain stamps every block a
 * test does not time itself one unit after the previous one (tools/test-clock.ts). TEST_TIMEOUTS=off turns every
 * mocha timeout off, per-test ones included (the slow-clock check, `npm run test:slow-clock`).
 */
subtask(TASK_TEST_SETUP_TEST_ENVIRONMENT).setAction(async (_args, hre, runSuper) => {
  if (hre.network.name === "hardhat") pinBlockTimes(hre.network.provider);
  if (timeoutsOff()) disableMochaTimeouts();
  await compiledElsewhere();
  return runSuper();
});

/**
 * CI starts the coverage run beside the plain compile (.ci/run), and the tests load typechain-types/, which only the
 * plain compile writes (the coverage build does not: typechain's dontOverrideCompile below). CI_COMPILED names the
 * file CI creates once that compile is done: the tests wait for it. Unset (everywhere but CI), nothing waits.
 */
async function compiledElsewhere(): Promise<void> {
  const marker = process.env.CI_COMPILED;
  if (marker === undefined || marker === "") return;
  const deadline = Date.now() + 20 * 60_000;
  while (!fs.existsSync(marker)) {
    if (Date.now() > deadline) throw new Error(`the plain compile did not finish (${marker} was never created)`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * The read side's tests live in its workspace (indexer/test) but belong to the one test command: `npm test` with no
 * files named runs them with the rest (test/). They run the demo on a real node of their own and index it, so CI runs
 * them plain (tools/test-split.js), never instrumented.
 */
subtask(TASK_TEST_GET_TEST_FILES).setAction(async (args: { testFiles: string[] }, _hre, runSuper) => {
  const files: string[] = await runSuper(args);
  if (args.testFiles.length > 0) return files;
  const dir = path.join(__dirname, "indexer", "test");
  const workspace = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".test.ts"))
        .map((f) => path.join(dir, f))
    : [];
  return [...files, ...workspace];
});

/**
 * `hardhat coverage` (solidity-coverage) compiles instrumented sources into a build of its own, from scratch every
 * time. From scratch: the instrumentation numbers its probes with one counter across all files, in file order, so a
 * change to one file renumbers the probes of every file after it, while Hardhat's incremental build recompiles only
 * the changed file and what imports it. The other files then keep bytecode whose probes count against the wrong lines:
 * in a working tree where contracts/exchange had changed since the last coverage run, IdentityRegistry (the one
 * deployed contract after exchange/) showed 84% of branches instead of 99%; a fresh clone, as in CI, was never
 * affected. Its own build: the plain artifacts stay valid, so the commands after a coverage run (and the tests that
 * CI runs beside it) neither recompile nor read instrumented code.
 */
const COVERAGE_RUN = process.argv.includes("coverage");
const COVERAGE_BUILD = "cache/coverage";

task("coverage").setAction(async (args, hre, runSuper) => {
  fs.rmSync(path.join(hre.config.paths.root, COVERAGE_BUILD), { recursive: true, force: true });
  return runSuper(args);
});

/**
 * The coverage build leaves out the governance stack's third-party contracts (contracts/governance/GovernanceStack.sol:
 * the Safe and OpenZeppelin's TimelockController, nothing of ours to measure): compiled, they were about a fifth of the
 * instrumented build's files. The suites that deploy them run plain (tools/test-split.js, SAFE).
 */
const GOVERNANCE_STACK = path.join("contracts", "governance", "GovernanceStack.sol");
subtask(TASK_COMPILE_SOLIDITY_GET_SOURCE_PATHS).setAction(async (args, _hre, runSuper) => {
  const paths: string[] = await runSuper(args);
  return COVERAGE_RUN ? paths.filter((p) => !p.endsWith(GOVERNANCE_STACK)) : paths;
});

/** Remote and loopback networks from lib/networks.ts; URLs and keys only ever from the environment. */
function httpNetworks(): { [name: string]: HttpNetworkUserConfig } {
  const out: { [name: string]: HttpNetworkUserConfig } = {};
  for (const [name, spec] of Object.entries(NETWORKS)) {
    if (name === "hardhat") continue;
    const key = spec.keyEnv ? process.env[spec.keyEnv] : undefined;
    out[name] = {
      // A placeholder keeps Hardhat's config valid; extendEnvironment below refuses to run with it.
      url: spec.url ?? process.env[spec.urlEnv!] ?? `http://${spec.urlEnv}.is-not-set.invalid`,
      chainId: spec.chainId,
      ...(spec.keyEnv ? { accounts: key ? [key] : [] } : {}),
      // A fixed gas price makes every transaction legacy (type 0): PlatON has no EIP-1559 base fee.
      ...(spec.gasPriceEnv ? { gasPrice: Number(process.env[spec.gasPriceEnv] ?? spec.defaultGasPrice) } : {}),
      timeout: 120_000,
    };
  }
  return out;
}

extendEnvironment((hre) => {
  const missing = missingEnv(hre.network.name);
  if (missing.length > 0) {
    throw new HardhatPluginError(
      "permissioned-exchange",
      `Network "${hre.network.name}" needs the environment variable${missing.length > 1 ? "s" : ""} ` +
        `${missing.join(" and ")} (the JSON-RPC URL and the deployer's private key). Set them; they are never ` +
        `read from the repository.`,
    );
  }
  // PlatON: its base fee is 0 and its RPC may omit `difficulty`, which ethers needs to parse a block. Fee data would
  // fetch the latest block; these networks send legacy transactions at the configured gas price instead.
  const spec = NETWORKS[hre.network.name];
  const gasPrice = (hre.network.config as { gasPrice?: unknown }).gasPrice;
  if (spec?.gasPriceEnv && typeof gasPrice === "number") {
    const provider = hre.ethers.provider;
    provider.getFeeData = async () => new FeeData(BigInt(gasPrice), null, null);
  }
  // And a block without `difficulty` is still parsed when a transaction's wait() looks for its replacement: on PlatON
  // networks every block the node answers gets a zero difficulty where it has none (lib/blockCompat.ts).
  if (spec?.timeUnit === 1000) fillMissingDifficulty(hre.network.provider);
});

const SIZE_OVERRIDES = {
  // The authority tree carries key rotation (issue 17) beside every rule of the tree: 25.7 KB at 10,000 runs,
  // 23.8 KB at 4,000. Its hot paths (the validity walk and the restriction stamp every compliance check reads)
  // measured the same or lower at 4,000 runs (npm run bench; at 2,000 runs a placement cost 20 gas over budget).
  "contracts/authority/AuthorityTree.sol": {
    version: SOLC_VERSION,
    settings: { evmVersion: "paris", optimizer: { enabled: true, runs: 4_000 } },
  },
  // The deployer carries CompliantToken's creation code (the factory did until issue 16): the tokens it deploys
  // are compiled here, at 2,000 runs.
  "contracts/assets/TokenDeployer.sol": {
    version: SOLC_VERSION,
    settings: { evmVersion: "paris", optimizer: { enabled: true, runs: 2_000 } },
  },
  // The venue's third module (views, book maintenance, limits attachment, redemption filing, sanctions recovery):
  // off the trading paths, so fewer optimizer runs keep it under 24 KiB at a small cost to those calls.
  "contracts/exchange/ExchangeExtension.sol": {
    version: SOLC_VERSION,
    settings: { evmVersion: "paris", optimizer: { enabled: true, runs: 200 } },
  },
  // The admin module deploys the extension from its constructor, so its creation code carries the extension's,
  // compiled with the admin's settings (the extension's own entry only covers its artifact): together they must
  // stay under EIP-3860's 49,152 bytes of init code, and the extension under 24 KiB. Deposits and governance run
  // here, off the taking path.
  "contracts/exchange/ExchangeAdmin.sol": {
    version: SOLC_VERSION,
    settings: { evmVersion: "paris", optimizer: { enabled: true, runs: 200 } },
  },
  // The client registry is the largest contract: fewer optimizer runs keep it under 24 KiB (22.4 KB at 1,000).
  "contracts/registry/IdentityRegistry.sol": {
    version: SOLC_VERSION,
    settings: { evmVersion: "paris", optimizer: { enabled: true, runs: 1_000 } },
  },
};

const config: HardhatUserConfig = {
  solidity: {
    compilers: [
      {
        version: SOLC_VERSION,
        settings: {
          // PlatON has no Cancun opcodes (MCOPY, TLOAD/TSTORE).
          evmVersion: "paris",
          optimizer: { enabled: true, runs: 10_000 },
        },
      },
    ],
    // Per-contract optimizer runs keep the deployed contracts under 24 KiB. The coverage build has no such limit (its
    // instrumented code runs with unlimited contract size) and measures no gas: one compilation job for every file
    // instead of one per override, each compiling its imports again (about 20 CPU-s of the coverage run).
    overrides: COVERAGE_RUN ? {} : SIZE_OVERRIDES,
  },
  networks: {
    // Under solidity-coverage the instrumented Exchange (which deploys its ExchangeAdmin) needs more than the 2^24
    // gas per transaction that Osaka (EIP-7825, Hardhat's default) allows: coverage runs on Prague, every other
    // command on the default.
    hardhat: COVERAGE_RUN ? { hardfork: "prague" } : {},
    ...httpNetworks(),
  },
  namedAccounts: {
    deployer: { default: 0 },
    // The governor creates and retires roots: a multisig in production (GOVERNOR_ADDRESS), the deployer otherwise.
    governor: { default: process.env.GOVERNOR_ADDRESS ?? 0 },
  },
  // The coverage build (see COVERAGE_BUILD) leaves the plain artifacts and the types generated from them alone.
  ...(COVERAGE_RUN ? { paths: { artifacts: `${COVERAGE_BUILD}/artifacts`, cache: `${COVERAGE_BUILD}/cache` } } : {}),
  typechain: {
    outDir: "typechain-types",
    target: "ethers-v6",
    dontOverrideCompile: COVERAGE_RUN,
  },
  gasReporter: {
    enabled: process.env.REPORT_GAS === "1",
    offline: true,
  },
  mocha: {
    timeout: timeoutsOff() ? 0 : 120_000,
  },
};

export default config;
