/**
 * The deployment file the web console reads (app/public/deployment.json): written by app/stack/deployment.ts from the
 * deployments hardhat-deploy records, read by the browser (app/src/config.ts). One type for both ends.
 */

/** A named account: its label and role (the workspace it opens) and, on a development chain only, its key. */
export type ConsoleAccount = { label: string; address: string; role: string; key?: string };

export type ConsoleDeployment = {
  network: string;
  chainId: number;
  /** The node's JSON-RPC URL as the browser reaches it (a development node on loopback), if any. */
  rpcUrl?: string;
  /** The indexer's base URL as the browser reaches it (the dev server proxies /indexer). */
  indexerUrl?: string;
  contracts: Record<string, string>;
  /** The block the suite was deployed in: where history reads start. */
  fromBlock: number;
  /** Every custom error of the suite's ABIs (ABI fragments), to decode refusals. */
  errors: readonly { type: string }[];
  accounts: ConsoleAccount[];
  /** A development chain (31337): the accounts carry their throwaway keys. */
  development: boolean;
};
