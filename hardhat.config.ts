import "@nomicfoundation/hardhat-toolbox";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import { subtask, type HardhatUserConfig } from "hardhat/config";

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

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      // PlatON has no Cancun opcodes (MCOPY, TLOAD/TSTORE).
      evmVersion: "paris",
      optimizer: { enabled: true, runs: 10_000 },
    },
  },
  networks: {
    hardhat: {},
    localhost: { url: "http://127.0.0.1:8545" },
  },
  typechain: {
    outDir: "typechain-types",
    target: "ethers-v6",
  },
  gasReporter: {
    enabled: process.env.REPORT_GAS === "1",
    offline: true,
  },
  mocha: {
    timeout: 120_000,
  },
};

export default config;
