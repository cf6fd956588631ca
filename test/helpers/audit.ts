import hre, { ethers } from "hardhat";
import type {
  AssetRegistry,
  AuthorityTree,
  IdentityRegistry,
  PairRegistry,
  VenueRegistry,
} from "../../typechain-types";
import { audit, rebuildAll, type AuditRange } from "../../lib/replay/audit";
import type { Suite } from "../../lib/replay/reconcile";
import { connectWith } from "../../tasks/audit";

/**
 * The audit replayer (lib/replay/audit.ts) over a test world deployed by the fixtures rather than by the
 * deploy scripts: its suite, the range from the tree's deployment to the latest block, and the audit itself.
 */
export type AuditedWorld = {
  tree: AuthorityTree;
  registry: IdentityRegistry;
  assets: AssetRegistry;
  pairs: PairRegistry;
  venues: VenueRegistry;
};

export const suiteOf = (w: AuditedWorld): Suite => ({
  tree: w.tree,
  registry: w.registry,
  assets: w.assets,
  pairs: w.pairs,
  venues: w.venues,
});

/** From the block the world's tree was deployed in to the latest, unless told otherwise. */
export async function auditRange(w: AuditedWorld, over: Partial<AuditRange> = {}): Promise<AuditRange> {
  const fromBlock = (await w.tree.deploymentTransaction()?.wait())?.blockNumber ?? 0;
  return { fromBlock, toBlock: await ethers.provider.getBlockNumber(), ...over };
}

/** Audit the world: its suite and every token and venue found in the logs. */
export async function auditWorld(w: AuditedWorld, over: Partial<AuditRange> = {}) {
  return audit(ethers.provider, suiteOf(w), connectWith(hre), await auditRange(w, over));
}

/** Rebuild the world from its logs without reconciling (to inspect or tamper with the result). */
export async function rebuildWorld(w: AuditedWorld) {
  return rebuildAll(ethers.provider, suiteOf(w), connectWith(hre), await auditRange(w));
}
