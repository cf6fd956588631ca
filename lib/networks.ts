/**
 * The networks the suite runs on, in one table shared by hardhat.config.ts and the TypeScript tooling.
 * RPC URLs and keys come from environment variables only, never from the repository.
 */
export type NetworkSpec = {
  /** Chain timestamp units per second: PlatON's block.timestamp is in milliseconds. */
  timeUnit: 1 | 1000;
  chainId?: number;
  /** A fixed local URL, for loopback nodes. */
  url?: string;
  /** Environment variable holding the JSON-RPC URL, for remote networks. */
  urlEnv?: string;
  /** Environment variable holding the deployer's private key, for remote networks. */
  keyEnv?: string;
  /** Environment variable holding a legacy gas price in wei (PlatON's base fee is 0: send legacy `gasPrice`). */
  gasPriceEnv?: string;
  defaultGasPrice?: number;
  /** The governor sits behind a Safe and a timelock here (deploy/009_governance.ts; GOVERNANCE=plain opts out). */
  governed?: boolean;
};

export const NETWORKS: { [name: string]: NetworkSpec } = {
  hardhat: { timeUnit: 1 },
  // LOCALHOST_URL moves it (the CLI's tests run their own node on a port of their own).
  localhost: { timeUnit: 1, url: process.env.LOCALHOST_URL ?? "http://127.0.0.1:8545" },
  // A development node the CLI's tests start for themselves (DEVNODE_URL), its deployments apart from localhost's.
  devnode: { timeUnit: 1, url: process.env.DEVNODE_URL ?? "http://127.0.0.1:8600" },
  // The web console's own node (`npm run app`, app/stack: port 8640), its deployments apart from the tests' and localhost's.
  app: { timeUnit: 1, url: process.env.APP_NODE_URL ?? "http://127.0.0.1:8640" },
  // The console's browser test's node (app/e2e: port 8660 unless E2E_PORT_BASE moves it), apart from the CLI tests'
  // devnode, so that CI runs the two side by side.
  e2e: { timeUnit: 1, url: process.env.E2E_NODE_URL ?? "http://127.0.0.1:8660" },
  anvil: { timeUnit: 1, url: "http://127.0.0.1:8546" },
  platon: {
    timeUnit: 1000,
    chainId: 210425,
    urlEnv: "PLATON_RPC_URL",
    keyEnv: "PLATON_PRIVATE_KEY",
    gasPriceEnv: "PLATON_GAS_PRICE",
    defaultGasPrice: 1_000_000_000,
    governed: true,
  },
  platonDev: {
    timeUnit: 1000,
    chainId: 20250407,
    urlEnv: "PLATON_DEV_RPC_URL",
    keyEnv: "PLATON_DEV_PRIVATE_KEY",
    gasPriceEnv: "PLATON_DEV_GAS_PRICE",
    defaultGasPrice: 1_000_000_000,
  },
};

/**
 * The time unit the contracts are deployed with on `networkName`. CHAIN_TIME_UNIT=1000 overrides it, so that a
 * PlatON-like millisecond clock can be simulated on the in-process network through the real deployment scripts.
 */
export function timeUnitOf(networkName: string): 1 | 1000 {
  const override = process.env.CHAIN_TIME_UNIT;
  if (override !== undefined && override !== "") {
    if (override !== "1" && override !== "1000") throw new Error(`CHAIN_TIME_UNIT must be 1 or 1000, not ${override}`);
    return Number(override) as 1 | 1000;
  }
  return NETWORKS[networkName]?.timeUnit ?? 1;
}

/** The environment variables `networkName` needs that are not set (empty for local networks). */
export function missingEnv(networkName: string): string[] {
  const spec = NETWORKS[networkName];
  if (!spec) return [];
  return [spec.urlEnv, spec.keyEnv].filter((v): v is string => v !== undefined && !process.env[v]);
}
