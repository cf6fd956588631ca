import type { Interface } from "ethers";
import type { AuthorityTree } from "../../typechain-types";
import { Differences } from "./differences";

/**
 * Rebuilds the roots' sanctions lists (ISanctionsList, kept by the authority tree) from SanctionAdded and
 * SanctionLifted alone: every entry ever touched (listed or lifted, with its rank and cleared-by mark) and, per
 * party, the roots listing it now in the tree's own order (a lift swaps the last root into the lifted one's place).
 * The audit replayer reconciles it with the tree's views (sanctionEntry, sanctionRoots); sanctions:list prints it.
 */
export type RebuiltSanction = {
  root: bigint;
  wallet: string; // the zero address for an identity entry
  identityId: bigint; // 0 for a wallet entry
  reason: string; // the zero hash once lifted
  node: bigint; // the node that listed it, or last lifted it
  rank: bigint; // the listing rank while listed, 0 once lifted
  listed: boolean;
  cleared: boolean;
  clearedRank: bigint;
};

export type RebuiltSanctions = {
  entries: Map<string, RebuiltSanction>; // `${root}:${party}`
  listers: Map<string, bigint[]>; // party -> roots listing it now, in the tree's order
};

const ZERO_HASH = "0x" + "00".repeat(32);
const ZERO_ADDRESS = "0x" + "00".repeat(20);

/** The key of a party: its wallet (lowercase) or `identity:<id>`. */
export function partyKey(wallet: string, identityId: bigint): string {
  return identityId !== 0n && wallet.toLowerCase() === ZERO_ADDRESS ? `identity:${identityId}` : wallet.toLowerCase();
}

/** Rebuild the lists from the tree's logs (in chain order); logs of other events are skipped. */
export function rebuildSanctions(
  iface: Interface,
  logs: readonly { topics: readonly string[]; data: string }[],
): RebuiltSanctions {
  const out: RebuiltSanctions = { entries: new Map(), listers: new Map() };
  for (const log of logs) {
    const event = iface.parseLog(log);
    if (!event || (event.name !== "SanctionAdded" && event.name !== "SanctionLifted")) continue;
    const a = event.args;
    const party = partyKey(a.wallet, a.identityId);
    const key = `${a.root}:${party}`;
    const roots = out.listers.get(party) ?? [];
    if (event.name === "SanctionAdded") {
      if (!a.takeover) roots.push(a.root);
      out.entries.set(key, {
        root: a.root,
        wallet: a.wallet,
        identityId: a.identityId,
        reason: a.reason,
        node: a.node,
        rank: a.rank,
        listed: true,
        cleared: false,
        clearedRank: 0n,
      });
    } else {
      const index = roots.indexOf(a.root);
      if (index < 0) throw new Error(`SanctionLifted for ${party} under root ${a.root}, which did not list it`);
      roots[index] = roots[roots.length - 1];
      roots.pop();
      out.entries.set(key, {
        root: a.root,
        wallet: a.wallet,
        identityId: a.identityId,
        reason: ZERO_HASH,
        node: a.node,
        rank: 0n,
        listed: false,
        cleared: true,
        clearedRank: a.rank,
      });
    }
    out.listers.set(party, roots);
  }
  return out;
}

/** Every rebuilt entry and every party's list of roots against the tree's views. */
export async function reconcileSanctions(tree: AuthorityTree, rebuilt: RebuiltSanctions, d = new Differences()) {
  for (const [key, r] of rebuilt.entries) {
    const e = await tree.sanctionEntry(r.root, r.wallet, r.identityId);
    const { root: _root, wallet: _wallet, identityId: _identityId, ...fields } = r;
    d.record(`sanction ${key}`, fields, {
      reason: e.reason,
      node: e.node,
      rank: e.rank,
      listed: e.listed,
      cleared: e.cleared,
      clearedRank: e.clearedRank,
    });
  }
  for (const [party, roots] of rebuilt.listers) {
    const [wallet, identityId] = party.startsWith("identity:")
      ? [ZERO_ADDRESS, BigInt(party.slice("identity:".length))]
      : [party, 0n];
    d.check(`party ${party}`, "sanctionRoots", roots, [...(await tree.sanctionRoots(wallet, identityId))]);
  }
  return d;
}
