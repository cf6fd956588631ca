/**
 * Authority tasks: the governor creates roots; roots and institutions grant, suspend, resume, revoke and renew; a
 * holder renounces its node; anyone shows a tree. Thin: parse, call lib/cli.ts, print.
 *
 *   npx hardhat authority:create-root --account 0x… --expires 10y|2036-12-31 --label "Regulator X" --network NAME
 *   npx hardhat authority:grant --parent 1 --account 0x… --scopes KYC,DELEGATE --expires 365d --from 1
 *   npx hardhat authority:tree --root 1 [--json]
 *   npx hardhat node:rotate --node 2 --account 0x… --from 2; npx hardhat node:accept-rotation --node 2 --from 0x…
 *   npx hardhat node:replace-key --node 2 --account 0x… --reason "key lost" --from 1
 *   npx hardhat node:rotations-by --account 0x… [--json]   (the runbook after a compromised ancestor: docs/authority.md)
 */
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AuthorityTree, IdentityRegistry } from "../typechain-types";
import { ZeroAddress } from "ethers";
import {
  cliError,
  deployed,
  eventIn,
  logRange,
  output,
  parseWhen,
  pastEvents,
  readLabels,
  reasonBytes,
  resolveAccount,
  send,
  signerFor,
  writeLabels,
  writeTask,
} from "../lib/cli";
import { parseScopes, scopeNames } from "../lib/scopes";
import { isoDate } from "../lib/time";
import { collectTree, renderTree, rootLabels, type NodeView } from "../lib/tree";

const STATUS = ["none", "active", "suspended", "revoked"];

async function treeAs(hre: HardhatRuntimeEnvironment, from?: string) {
  const signer = await signerFor(hre, from);
  const tree = await deployed<AuthorityTree>(hre, "AuthorityTree", signer);
  const now = Number(await tree.currentTime());
  return { tree, signer, now };
}

writeTask("authority:create-root", "Governor: create a seed root (e.g. a regulator's agent) holding every scope")
  .addParam("account", "the root authority's account (index, address or label)")
  .addParam("expires", "end of its lease: ISO date, duration (e.g. 3650d) or seconds")
  .addParam("label", "a name for the root, recorded in the event")
  .addOptionalParam("from", "account index, address or label to act as (the governor)", "0")
  .setAction(async (args, hre) => {
    const { tree, now } = await treeAs(hre, args.from);
    const account = await resolveAccount(hre, args.account, "--account");
    const expiry = parseWhen(args.expires, now);
    const receipt = await send(hre, "create root", () => tree.createRoot(account, expiry, args.label));
    const rootId = eventIn(tree.interface, receipt, "RootCreated").args.rootId as bigint;
    writeLabels(hre, { [account]: args.label });
    console.log(`root #${rootId} for ${account} until ${isoDate(expiry)}`);
    return rootId;
  });

writeTask("authority:grant", "Grant a node under a parent you hold (needs DELEGATE; scopes and lease attenuate)")
  .addParam("parent", "the parent node id (yours)", undefined, types.string)
  .addParam("account", "the account to authorise (index, address or label)")
  .addParam("scopes", "scopes: DELEGATE,KYC,LIST,GOVERN,ISSUE,EXCHANGE,CUSTODY,AUDIT (comma-separated) or a mask")
  .addParam("expires", "end of the lease: ISO date, duration (e.g. 365d) or seconds")
  .addOptionalParam("label", 'a name for the account (e.g. "Bank Y"), recorded for this network, shown by the CLI')
  .addOptionalParam("from", "account index, address or label to act as (the parent's account)", "0")
  .setAction(async (args, hre) => {
    const { tree, now } = await treeAs(hre, args.from);
    const account = await resolveAccount(hre, args.account, "--account");
    const scopes = parseScopes(args.scopes);
    const expiry = parseWhen(args.expires, now);
    const receipt = await send(hre, "grant", () => tree.grant(BigInt(args.parent), account, scopes, expiry));
    const nodeId = eventIn(tree.interface, receipt, "NodeGranted").args.nodeId as bigint;
    if (args.label) writeLabels(hre, { [account]: args.label });
    console.log(`node #${nodeId} for ${account}: ${scopeNames(scopes).join(" ")} until ${isoDate(expiry)}`);
    return nodeId;
  });

for (const [name, what] of [
  [
    "suspend",
    "Suspend a node and its whole subtree (reversible, by an ancestor; a root by the governor; after a resume, only " +
      "the resuming rank or above)",
  ],
  ["revoke", "Revoke a node for good, cutting off its whole subtree (by an ancestor; a root by the governor)"],
] as const) {
  writeTask(`authority:${name}`, what)
    .addParam("node", "the node id", undefined, types.string)
    .addOptionalParam("reason", "a short reason (at most 31 bytes), recorded in the event", "")
    .addOptionalParam("from", "account index, address or label to act as (an ancestor's account)", "0")
    .setAction(async (args, hre) => {
      const { tree } = await treeAs(hre, args.from);
      const reason = reasonBytes(hre, args.reason);
      await send(hre, `${name} node #${args.node}`, () =>
        name === "suspend" ? tree.suspend(BigInt(args.node), reason) : tree.revoke(BigInt(args.node), reason),
      );
    });
}

writeTask("authority:resume", "Lift a suspension (by the suspending authority or one above it)")
  .addParam("node", "the node id", undefined, types.string)
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    const { tree } = await treeAs(hre, args.from);
    await send(hre, `resume node #${args.node}`, () => tree.resume(BigInt(args.node)));
  });

writeTask(
  "authority:renounce",
  "Give up a node you hold, for good (its subtree with it); a root only through the governor",
)
  .addParam("node", "the node id (yours)", undefined, types.string)
  .addOptionalParam("from", "account index, address or label to act as (the node's own account)", "0")
  .setAction(async (args, hre) => {
    const { tree } = await treeAs(hre, args.from);
    const receipt = await send(hre, `renounce node #${args.node}`, () => tree.renounce(BigInt(args.node)));
    const bar = eventIn(tree.interface, receipt, "NodeRenounced").args.barDepth as bigint;
    console.log(`node #${args.node} renounced; only depth ${bar} or above may authorise this account again here`);
  });

writeTask("authority:renew", "Move the end of a live lease (within the parent's lease; extend only from its rank)")
  .addParam("node", "the node id", undefined, types.string)
  .addParam("expires", "the new end: ISO date, duration (e.g. 90d) or seconds")
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    const { tree, now } = await treeAs(hre, args.from);
    const expiry = parseWhen(args.expires, now);
    await send(hre, `renew node #${args.node} until ${isoDate(expiry)}`, () => tree.renew(BigInt(args.node), expiry));
  });

// ---------------------------------------------------------------------------------------------------------------------
// Key rotation (issue 17): the node keeps its id, subtree, lease and clients; only its account changes.
// ---------------------------------------------------------------------------------------------------------------------

writeTask(
  "node:rotate",
  "Holder: propose a new account (key) for a node you hold (a root too); it takes over when it accepts",
)
  .addParam("node", "the node id (yours)", undefined, types.string)
  .addParam("account", "the new account (index, address or label): one that never held a node under this root")
  .addOptionalParam("from", "account index, address or label to act as (the node's current account)", "0")
  .setAction(async (args, hre) => {
    const { tree } = await treeAs(hre, args.from);
    const account = await resolveAccount(hre, args.account, "--account");
    await send(hre, `propose ${account} for node #${args.node}`, () =>
      tree.proposeRotation(BigInt(args.node), account),
    );
    console.log(
      `node #${args.node}: ${account} may now accept it (node:accept-rotation --node ${args.node} --from ${account}); ` +
        "until then the current account keeps every power",
    );
    return account;
  });

writeTask("node:accept-rotation", "New account: accept the node its holder proposed you for (the old key loses it)")
  .addParam("node", "the node id", undefined, types.string)
  .addOptionalParam("from", "account index, address or label to act as (the proposed account)", "0")
  .setAction(async (args, hre) => {
    const { tree } = await treeAs(hre, args.from);
    const receipt = await send(hre, `accept node #${args.node}`, () => tree.acceptRotation(BigInt(args.node)));
    return rotated(tree, receipt, args.node);
  });

writeTask("node:cancel-rotation", "Holder: withdraw a pending key rotation of a node you hold")
  .addParam("node", "the node id (yours)", undefined, types.string)
  .addOptionalParam("from", "account index, address or label to act as (the node's current account)", "0")
  .setAction(async (args, hre) => {
    const { tree } = await treeAs(hre, args.from);
    const pending = await tree.pendingRotation(BigInt(args.node));
    if (pending === ZeroAddress) throw cliError(`node #${args.node} has no pending key rotation: nothing to cancel`);
    await send(hre, `cancel the rotation of node #${args.node} to ${pending}`, () =>
      tree.proposeRotation(BigInt(args.node), ZeroAddress),
    );
  });

writeTask(
  "node:replace-key",
  "Ancestor (a root: the governor): replace a node's lost or compromised key in one transaction",
)
  .addParam("node", "the node id", undefined, types.string)
  .addParam("account", "the new account (index, address or label): one that never held a node under this root")
  .addParam("reason", "a short reason (at most 31 bytes), recorded in the event")
  .addOptionalParam("from", "account index, address or label to act as (an ancestor's account, or the governor)", "0")
  .setAction(async (args, hre) => {
    const { tree } = await treeAs(hre, args.from);
    const account = await resolveAccount(hre, args.account, "--account");
    const reason = reasonBytes(hre, args.reason);
    const receipt = await send(hre, `replace the key of node #${args.node}`, () =>
      tree.replaceAccount(BigInt(args.node), account, reason),
    );
    return rotated(tree, receipt, args.node);
  });

/** Print what a rotation did, from its NodeAccountRotated event; returns the event's fields. */
function rotated(tree: AuthorityTree, receipt: Parameters<typeof eventIn>[1], node: string) {
  const e = eventIn(tree.interface, receipt, "NodeAccountRotated").args;
  console.log(
    `node #${node} is held by ${e.account} from now on (same id, subtree, lease and clients); ${e.previous} holds ` +
      `nothing under this root and may be granted a new node only from depth ${e.barDepth} or above`,
  );
  return { node: BigInt(node), previous: e.previous as string, account: e.account as string, barDepth: e.barDepth };
}

/**
 * The forced replacements an account made (review M3): after a compromised ancestor's own key is replaced, these are
 * the nodes its thief may have seized. Each row says whether the node is still held by the account it was handed to,
 * so the new ancestor key knows which to undo (node:replace-key back to the rightful holder's new key).
 */
task("node:rotations-by", "List the forced key replacements (NodeAccountRotated) an account made, and which still hold")
  .addParam("account", "the (compromised) account: index, address or label")
  .addFlag("json", "print JSON for machines")
  .setAction(async (args, hre) => {
    const { tree } = await treeAs(hre);
    const account = (await resolveAccount(hre, args.account, "--account")).toLowerCase();
    const logs = await pastEvents(hre, (f, t) => tree.queryFilter(tree.filters.NodeAccountRotated(), f, t));
    const rows: {
      node: bigint;
      previous: string;
      account: string;
      block: number;
      reason: string;
      stillHeld: boolean;
    }[] = [];
    for (const log of logs) {
      // `by` is not indexed: filter here. An acceptance (by == the new account) is the holder's own choice, not forced.
      const e = log.args;
      if (e.by.toLowerCase() !== account || e.account.toLowerCase() === account) continue;
      const node = BigInt(e.nodeId);
      const stillHeld = (await tree.node(node)).account.toLowerCase() === e.account.toLowerCase();
      rows.push({
        node,
        previous: e.previous,
        account: e.account,
        block: log.blockNumber,
        reason: e.reason,
        stillHeld,
      });
    }
    output(args.json, rows, () =>
      rows.length === 0
        ? `${account} replaced no node's key`
        : rows
            .map(
              (r) =>
                `node #${r.node}: ${r.previous} -> ${r.account} at block ${r.block}` +
                (r.stillHeld ? " (STILL HELD: undo with node:replace-key)" : " (moved on since)"),
            )
            .join("\n"),
    );
    return rows;
  });

task("authority:tree", "Show the tree of a root, indented, with scopes, expiry and status")
  .addParam("root", "the root id", undefined, types.string)
  .addFlag("json", "print JSON for machines")
  .setAction(async (args, hre) => {
    const { tree } = await treeAs(hre);
    const nodes = await collectTree(tree, BigInt(args.root));
    const names = readLabels(hre);
    for (const [id, label] of await rootLabels(tree, await logRange(hre))) {
      const root = nodes.find((n) => n.id === id);
      if (root && !names.has(root.account.toLowerCase())) names.set(root.account.toLowerCase(), label);
    }
    for (const n of nodes) (n as NodeView & { label?: string }).label = names.get(n.account.toLowerCase());
    output(args.json, nodes, () => renderTree(nodes, names));
    return nodes;
  });

task("authority:node", "Show one node: holder, scopes, lease, status, validity and ancestry")
  .addParam("node", "the node id", undefined, types.string)
  .addFlag("json", "print JSON for machines")
  .setAction(async (args, hre) => {
    const { tree } = await treeAs(hre);
    const id = BigInt(args.node);
    const n = await tree.node(id);
    const view = {
      id,
      account: n.account,
      parent: n.parent,
      root: n.root,
      depth: Number(n.depth),
      scopes: scopeNames(n.scopes),
      effectiveScopes: scopeNames(await tree.effectiveScopes(id)),
      expiry: isoDate(n.expiry),
      grantedAt: isoDate(n.grantedAt),
      status: STATUS[Number(n.status)],
      valid: await tree.isValid(id),
      ancestry: await tree.ancestry(id),
      pendingRotation: await tree.pendingRotation(id),
    };
    output(args.json, view, () =>
      [
        `node #${id} held by ${view.account} (depth ${view.depth}, root #${view.root}, parent #${view.parent})`,
        `  scopes ${view.scopes.join(" ")}; usable now: ${view.effectiveScopes.join(" ") || "none"}`,
        `  lease ${view.grantedAt} -> ${view.expiry}; status ${view.status}; ${view.valid ? "valid" : "NOT valid"}`,
        `  ancestry ${view.ancestry.join(" -> ")}`,
        ...(view.pendingRotation === ZeroAddress ? [] : [`  key rotation pending: ${view.pendingRotation} may accept`]),
      ].join("\n"),
    );
    return view;
  });

task(
  "authority:whois",
  "Who an account is: its label, its node under every root (scopes, status, lease) and its clients",
)
  .addPositionalParam("account", "an account index, address or label")
  .addFlag("json", "print JSON for machines")
  .setAction(async (args, hre) => {
    const { tree } = await treeAs(hre);
    const account = await resolveAccount(hre, args.account, "account");
    const label = readLabels(hre).get(account.toLowerCase());
    const registry = await deployed<IdentityRegistry>(hre, "IdentityRegistry");
    const rootIds = await tree.roots(0, await tree.rootCount());
    const names = await rootLabels(tree, await logRange(hre));
    const nodes: {
      node: bigint;
      root: bigint;
      rootLabel?: string;
      depth: number;
      parent: bigint;
      scopes: string[];
      status: string;
      valid: boolean;
      lease: string;
      clients: bigint[];
    }[] = [];
    for (const rootId of rootIds) {
      const id = await tree.nodeOf(account, rootId);
      if (id === 0n) continue;
      const n = await tree.node(id);
      // The clients it attests now: registered by it, or migrated to it, and not moved away since.
      const candidates = new Set<bigint>();
      const registered = await pastEvents(hre, (f, t) =>
        registry.queryFilter(registry.filters.IdentityRegistered(undefined, id), f, t),
      );
      for (const log of registered) {
        candidates.add(BigInt(log.args.identityId));
      }
      for (const log of await pastEvents(hre, (f, t) =>
        registry.queryFilter(registry.filters.IdentityMigrated(), f, t),
      )) {
        if (BigInt(log.args.toAttester) === id) candidates.add(BigInt(log.args.identityId));
      }
      const clients: bigint[] = [];
      for (const identityId of candidates) {
        if ((await registry.identity(identityId)).attester === id) clients.push(identityId);
      }
      nodes.push({
        node: id,
        root: rootId,
        rootLabel: names.get(rootId),
        depth: Number(n.depth),
        parent: n.parent,
        scopes: scopeNames(n.scopes),
        status: STATUS[Number(n.status)],
        valid: await tree.isValid(id),
        lease: `${isoDate(n.grantedAt)} -> ${isoDate(n.expiry)}`,
        clients: clients.sort((a, b) => (a < b ? -1 : 1)),
      });
    }
    const identity = await registry.identityOf(account);
    const view = { account, label, nodes, identity: identity === 0n ? undefined : identity };
    output(args.json, view, () =>
      [
        `${account}${label ? ` (${label})` : ""}`,
        ...(nodes.length === 0 ? ["  holds no node under any root"] : []),
        ...nodes.map(
          (n) =>
            `  node #${n.node} under root #${n.root}${n.rootLabel ? ` (${n.rootLabel})` : ""}, depth ${n.depth}, parent ` +
            `#${n.parent}: ${n.scopes.join(" ")}; ${n.status}, ${n.valid ? "valid" : "NOT valid"}; lease ${n.lease}; ` +
            `${n.clients.length} client(s) attested${n.clients.length ? `: identities ${n.clients.map((c) => `#${c}`).join(", ")}` : ""}`,
        ),
        identity === 0n
          ? "  is no registered client"
          : `  is a client: identity #${identity} (kyc:show --wallet ${account})`,
      ].join("\n"),
    );
    return view;
  });
