/**
 * The console's deployment file for a network's recorded deployment, to serve the production build against a real
 * network (PlatON mainnet or devnet), where the browser signs through an injected wallet:
 *
 *   npm run app:deployment -- platon --rpc https://openapi2.platon.network/rpc --indexer https://indexer.example/
 *   npm run build -w app          # copies app/public/deployment.json into app/dist; serve app/dist as static files
 *
 * It reads deployments/<network> (what `npx hardhat deploy --network <network>` and the venue tasks record) and
 * writes app/public/deployment.json (`--out` elsewhere): the addresses, the suite's custom errors and the named
 * accounts, never a key (keys travel only from a development chain, 31337). The chain id is the network's in
 * lib/networks.ts. `--rpc` is the JSON-RPC URL the browser reads through (the wallet signs); `--indexer` the
 * indexer's base URL; both must allow the console's origin (CORS) when served from elsewhere.
 */
import path from "node:path";
import { NETWORKS } from "../../lib/networks";
import { UserError } from "../../lib/failure";
import type { ConsoleDeployment } from "../../lib/consoleDeployment";
import { consoleDeployment, writeConsoleDeployment } from "./deployment";

/** The deployment file of `network` (one of lib/networks.ts with a chain id): refuses a network it cannot serve. */
export function deploymentFor(
  network: string,
  options: { rpcUrl?: string; indexerUrl?: string },
  dir?: string,
): ConsoleDeployment {
  const spec = NETWORKS[network];
  if (spec === undefined)
    throw new UserError(`unknown network "${network}" (lib/networks.ts: ${Object.keys(NETWORKS).join(", ")})`);
  if (spec.chainId === undefined) {
    throw new UserError(
      `network "${network}" has no fixed chain id in lib/networks.ts: \`npm run app\` serves local chains`,
    );
  }
  const deployment = consoleDeployment(network, spec.chainId, options, dir);
  if (deployment.contracts.AuthorityTree === undefined) {
    throw new UserError(`no AuthorityTree is recorded in deployments/${network}: deploy the suite there first`);
  }
  return deployment;
}

function main(argv: string[]): void {
  const [network, ...rest] = argv;
  const option = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (!network || network.startsWith("--")) {
    throw new UserError("usage: npm run app:deployment -- <network> [--rpc URL] [--indexer URL] [--out FILE]");
  }
  const deployment = deploymentFor(network, { rpcUrl: option("rpc"), indexerUrl: option("indexer") });
  const out = option("out");
  const file = writeConsoleDeployment(deployment, out ? path.resolve(out) : undefined);
  const named = Object.keys(deployment.contracts).join(", ");
  console.log(`wrote ${file}: ${network} (chain ${deployment.chainId}), ${named}; no keys`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
