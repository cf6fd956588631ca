/**
 * The console's view of a deployment, written as one small JSON file the browser loads at start
 * (app/public/deployment.json): the suite's addresses (deployments/<network>, lib/deployments.ts), the custom errors
 * of every suite contract's ABI (for decoding refusals with lib/errors/explain.ts), the accounts' names and, on a
 * development chain only, their throwaway keys (the demo's recorded actors). ABIs of the calls come from the
 * TypeChain factories the app imports; only the errors are gathered here, from the artifacts.
 */
import fs from "node:fs";
import path from "node:path";
import { readDeployment } from "../../lib/deployments";
import type { ConsoleDeployment } from "../../lib/consoleDeployment";

const ROOT = path.join(__dirname, "..", "..");

/** What the browser reads (lib/consoleDeployment.ts, the type app/src/config.ts reads it as). */
export type { ConsoleDeployment };

export const CONTRACTS = [
  "AuthorityTree",
  "IdentityRegistry",
  "VenueRegistry",
  "TokenFactory",
  "AssetRegistry",
  "PairRegistry",
  "Exchange",
] as const;

/** The role a demo label plays in the console (the workspace it opens). */
export function roleOf(label: string): string {
  if (label === "governor") return "governor";
  if (/^Regulator/.test(label)) return "regulator";
  if (/^Bank /.test(label)) return "bank";
  if (label === "Issuer") return "issuer";
  if (label === "Exchange operator") return "operator";
  if (["Auditor", "Lister", "Steward"].includes(label)) return label.toLowerCase();
  return "investor";
}

type AbiItem = { type: string; name?: string; inputs?: { type: string; components?: unknown[] }[] };

/** Every custom error declared by the suite's contracts (artifacts/contracts, without contracts/test), once each. */
export function suiteErrors(artifacts = path.join(ROOT, "artifacts", "contracts")): AbiItem[] {
  const seen = new Map<string, AbiItem>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== path.join(artifacts, "test")) walk(full);
      } else if (entry.name.endsWith(".json") && !entry.name.endsWith(".dbg.json")) {
        const { abi } = JSON.parse(fs.readFileSync(full, "utf8")) as { abi?: AbiItem[] };
        for (const item of abi ?? []) {
          if (item.type !== "error") continue;
          const key = `${item.name}(${JSON.stringify(item.inputs)})`;
          if (!seen.has(key)) seen.set(key, item);
        }
      }
    }
  };
  walk(artifacts);
  return [...seen.values()];
}

/** The console's deployment file for `network` (recorded by hardhat-deploy and the demo). */
export function consoleDeployment(
  network: string,
  chainId: number,
  options: { rpcUrl?: string; indexerUrl?: string } = {},
  dir = path.join(ROOT, "deployments"),
): ConsoleDeployment {
  const contracts: Record<string, string> = {};
  let fromBlock = Number.MAX_SAFE_INTEGER;
  for (const name of CONTRACTS) {
    const d = readDeployment(network, name, dir);
    if (!d) continue;
    contracts[name] = d.address;
    if (d.block !== undefined) fromBlock = Math.min(fromBlock, d.block);
  }
  const labelsFile = path.join(dir, network, ".labels.json");
  const labels = fs.existsSync(labelsFile)
    ? (JSON.parse(fs.readFileSync(labelsFile, "utf8")) as {
        accounts?: Record<string, string>;
        keys?: Record<string, string>;
      })
    : {};
  const development = chainId === 31337;
  const accounts = Object.entries(labels.accounts ?? {}).map(([address, label]) => ({
    label,
    address,
    role: roleOf(label),
    // Throwaway keys travel to the browser only from a development chain.
    ...(development && labels.keys?.[address] ? { key: labels.keys[address] } : {}),
  }));
  return {
    network,
    chainId,
    ...options,
    contracts,
    fromBlock: fromBlock === Number.MAX_SAFE_INTEGER ? 0 : fromBlock,
    errors: suiteErrors(),
    accounts,
    development,
  };
}

/** Write the file the app loads (app/public/deployment.json unless `file` says otherwise). */
export function writeConsoleDeployment(
  deployment: ConsoleDeployment,
  file = path.join(__dirname, "..", "public", "deployment.json"),
): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(deployment) + "\n");
  return file;
}
