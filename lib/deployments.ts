/**
 * hardhat-deploy's records (deployments/<network>/<Name>.json) read straight from the files, without a Hardhat
 * runtime: for tools that run outside Hardhat (the indexer) and must find the same contracts the tasks find.
 * Only node: imports here, so that any TypeScript runner can load it.
 */
import fs from "node:fs";
import path from "node:path";

/** One recorded deployment: its address, and the block it was mined in when the record has its receipt. */
export type DeploymentRecord = { name: string; address: string; block?: number };

/** The deployments folder of the project (this file lives in <project>/lib). */
export const DEPLOYMENTS_DIR = path.join(__dirname, "..", "deployments");

/** Deployment `name` on `network`, or undefined when it is not recorded. */
export function readDeployment(network: string, name: string, dir = DEPLOYMENTS_DIR): DeploymentRecord | undefined {
  const file = path.join(dir, network, `${name}.json`);
  if (!fs.existsSync(file)) return undefined;
  const record = JSON.parse(fs.readFileSync(file, "utf8")) as {
    address: string;
    receipt?: { blockNumber?: number | string };
  };
  const block = record.receipt?.blockNumber;
  return { name, address: record.address, block: block === undefined ? undefined : Number(block) };
}

/** Every deployment in `names` on `network`; throws naming the missing ones and how to record them. */
export function readDeployments(network: string, names: readonly string[], dir = DEPLOYMENTS_DIR) {
  const found = new Map<string, DeploymentRecord>();
  const missing: string[] = [];
  for (const name of names) {
    const d = readDeployment(network, name, dir);
    if (d) found.set(name, d);
    else missing.push(name);
  }
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(", ")} not deployed on ${network} (no ${path.join(dir, network)}/<Name>.json): ` +
        `run npx hardhat deploy --network ${network} (or npm run demo -- --network ${network}) first`,
    );
  }
  return found;
}
