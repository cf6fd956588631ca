import type { AuthorityTree } from "../typechain-types";
import { queryEvents, type LogRange } from "./replay/fetch";
import { scopeNames } from "./scopes";
import { isoDate } from "./time";

const STATUS = ["none", "active", "suspended", "revoked"] as const;

export type NodeView = {
  id: bigint;
  account: string;
  depth: number;
  scopes: string[];
  expiry: string;
  status: string;
  expired: boolean;
  valid: boolean;
};

/** Every node of the tree under `rootId`, depth first, in grant order (paged reads; bounded by `maxNodes`). */
export async function collectTree(tree: AuthorityTree, rootId: bigint, maxNodes = 10_000): Promise<NodeView[]> {
  const out: NodeView[] = [];
  const now = await tree.currentTime();
  const visit = async (id: bigint): Promise<void> => {
    if (out.length >= maxNodes) return;
    const node = await tree.node(id);
    out.push({
      id,
      account: node.account,
      depth: Number(node.depth),
      scopes: scopeNames(node.scopes),
      expiry: isoDate(node.expiry),
      status: STATUS[Number(node.status)],
      expired: now >= node.expiry,
      valid: await tree.isValid(id),
    });
    const count = await tree.childCount(id);
    for (let offset = 0n; offset < count; offset += 100n) {
      for (const child of await tree.children(id, offset, 100n)) await visit(child);
    }
  };
  await visit(rootId);
  return out;
}

/**
 * The labels roots were created with (RootCreated, on chain), by root id, read in pages over `range` (the CLI's
 * logRange: from the suite's deployment block).
 */
export async function rootLabels(tree: AuthorityTree, range: LogRange = {}): Promise<Map<bigint, string>> {
  const out = new Map<bigint, string>();
  const provider = tree.runner?.provider;
  if (!provider) throw new Error("rootLabels: the tree is connected to no provider");
  const logs = await queryEvents(provider, (f, t) => tree.queryFilter(tree.filters.RootCreated(), f, t), range);
  for (const log of logs) {
    if (log.args.label) out.set(BigInt(log.args.rootId), log.args.label);
  }
  return out;
}

/** The tree as indented text, one node per line, with an optional name per account. */
export function renderTree(nodes: NodeView[], names: Map<string, string> = new Map()): string {
  return nodes
    .map((n) => {
      const label = names.get(n.account.toLowerCase());
      const who = label ? `${label} (${n.account})` : n.account;
      // "cut off": the node itself is in order, but an ancestor is suspended, revoked or expired.
      const state = n.valid ? "valid" : n.status !== "active" ? n.status : n.expired ? "expired" : "cut off";
      const mark = n.valid ? "+" : "x";
      return `${"    ".repeat(n.depth)}${mark} #${n.id} ${who} [${n.scopes.join(" ")}] until ${n.expiry} (${state})`;
    })
    .join("\n");
}

/** IRestrictionEpoch.ReporterRole: who may advance the authority tree's restriction epoch. */
export const ReporterRole = { None: 0, Reporter: 1, Enroller: 2 } as const;
