/**
 * Reconciles what the logs say with what the contracts say: each rebuilt fact is read again from the contract's own
 * views, and every disagreement is listed as (entity, field, rebuilt value, on-chain value). Counts are over the
 * union of both sides, so an entity that exists on only one side is a difference too.
 *
 * Only type imports from typechain-types: this runs inside tasks, loaded before anything is compiled.
 */
import { Contract, ZeroAddress, getAddress, type Interface } from "ethers";
import type {
  AssetRegistry,
  AuthorityTree,
  IdentityRegistry,
  PairRegistry,
  VenueRegistry,
} from "../../typechain-types";
import { attestationRow, barKey, rebuildAssets, type NamedEvent, type PairRow, type RebuiltAssets } from "./assets";
import { rebuildTree, type RebuiltTree } from "./authority";
import { rebuildSanctions, reconcileSanctions, type RebuiltSanctions } from "./sanctions";
import { Differences, everything, max, type Difference } from "./differences";
import type { RawLog } from "./fetch";
import { identityOfWallet, rebuildRegistry, successorOf, type RegistryFromLogs } from "./registry";

/** The depth of pair `id`'s cleared-by mark, or null when it has none. */
async function clearedRankOf(pairs: PairRegistry, id: bigint): Promise<bigint | null> {
  const [cleared, depth] = await pairs.clearedRank(id);
  return cleared ? BigInt(depth) : null;
}

/** Pair `id` as the pair registry's views report it, in the shape the rebuilder produces. */
export async function readPair(pairs: PairRegistry, id: bigint): Promise<PairRow> {
  const v = await pairs.pair(id);
  return {
    baseToken: v.baseToken,
    quoteToken: v.quoteToken,
    tickSize: v.tickSize,
    lotSize: v.lotSize,
    minSize: v.minSize,
    policyId: v.policyId,
    root: v.root,
    status: v.status,
    baseAsset: v.baseAsset,
    quoteAsset: v.quoteAsset,
    productType: v.productType,
    baseAttestations: v.baseAttestations,
    quoteAttestations: v.quoteAttestations,
    proposalExpiry: v.proposalExpiry,
    proposerNode: v.proposerNode,
    haltRank: BigInt(await pairs.haltRank(id)),
    clearedRank: await clearedRankOf(pairs, id),
  };
}

/** The contracts an audit covers, connected to a provider. */
export type Suite = {
  tree: AuthorityTree;
  registry: IdentityRegistry;
  assets: AssetRegistry;
  pairs: PairRegistry;
  venues: VenueRegistry;
};

export type Rebuilt = {
  tree: RebuiltTree;
  registry: RegistryFromLogs;
  assets: RebuiltAssets;
  sanctions?: RebuiltSanctions;
};

export type Counts = {
  logs: number;
  nodes: number;
  roots: number;
  identities: number;
  wallets: number;
  policies: number;
  nonces: number;
  assets: number;
  attestations: number;
  pairs: number;
  venues: number;
};

export type Report = { counts: Counts; differences: Difference[] };
export { show, type Difference } from "./differences";

const ATTESTATION_KINDS = [0n, 1n, 2n, 3n]; // Reserve, AuditReport, Disclosure, Insurance

/** Parse each log with the interface of the contract that emitted it; logs of other contracts are skipped. */
export function parseLogs(logs: readonly RawLog[], interfaces: ReadonlyMap<string, Interface>): NamedEvent[] {
  const out: NamedEvent[] = [];
  for (const log of logs) {
    const parsed = interfaces.get(log.address.toLowerCase())?.parseLog(log);
    if (parsed) out.push({ eventName: parsed.name, args: parsed.args });
  }
  return out;
}

/** Rebuild all three parts of the suite from the logs of their contracts (in chain order). */
export async function rebuildSuite(
  suite: Suite,
  logs: readonly RawLog[],
  blockTime: (log: RawLog) => bigint,
): Promise<Rebuilt> {
  const address = async (c: { getAddress(): Promise<string> }) => (await c.getAddress()).toLowerCase();
  const [tree, registry] = [await address(suite.tree), await address(suite.registry)];
  const assetAddresses = new Map<string, Interface>([
    [await address(suite.assets), suite.assets.interface],
    [await address(suite.pairs), suite.pairs.interface],
    [await address(suite.venues), suite.venues.interface],
  ]);
  return {
    tree: rebuildTree(
      suite.tree.interface,
      logs.filter((l) => l.address === tree),
      blockTime,
    ),
    registry: rebuildRegistry(
      suite.registry.interface,
      logs.filter((l) => l.address === registry),
    ),
    assets: rebuildAssets(parseLogs(logs, assetAddresses)),
    sanctions: rebuildSanctions(
      suite.tree.interface,
      logs.filter((l) => l.address === tree),
    ),
  };
}

/** Every node, child list, root, holder and revocation bar of the rebuilt tree against the tree's views. */
export async function reconcileTree(tree: AuthorityTree, rebuilt: RebuiltTree, d = new Differences()) {
  d.check("tree", "TIME_UNIT", rebuilt.timeUnit, await tree.TIME_UNIT());
  d.check("tree", "governor", rebuilt.governor, await tree.governor());
  d.check("tree", "pendingGovernor", rebuilt.pendingGovernor, await tree.pendingOwner());
  for (const [root, epoch] of rebuilt.epochs) {
    d.check("tree", `restrictionEpoch(${root})`, epoch, await tree.restrictionEpoch(root));
  }
  for (const [account, role] of rebuilt.reporters) {
    d.check("tree", `reporterRole(${account})`, role, await tree.reporterRole(account));
  }
  const count = await tree.nodeCount();
  d.check("tree", "nodeCount", BigInt(rebuilt.nodes.size), count);
  const accounts = new Set<string>();
  for (let id = 1n; id <= max(count, BigInt(rebuilt.nodes.size)); id++) {
    const r = rebuilt.nodes.get(id);
    let onChain: object | undefined;
    if (id <= count) {
      const n = await tree.node(id);
      onChain = {
        account: n.account,
        parent: n.parent,
        root: n.root,
        scopes: n.scopes,
        expiry: n.expiry,
        grantedAt: n.grantedAt,
        status: n.status,
        depth: n.depth,
        suspenderDepth: n.suspenderDepth,
        leaseDepth: n.leaseDepth,
      };
      accounts.add(n.account);
      d.check(
        `node #${id}`,
        "children",
        rebuilt.children.get(id) ?? [],
        await everything((o, l) => tree.children(id, o, l)),
      );
      const [cleared, clearedDepth] = await tree.clearedBy(id);
      d.check(`node #${id}`, "clearedBy", rebuilt.cleared.get(id), cleared ? clearedDepth : undefined);
      d.check(
        `node #${id}`,
        "pendingRotation",
        rebuilt.pendingRotations.get(id) ?? ZeroAddress,
        await tree.pendingRotation(id),
      );
    }
    if (r) accounts.add(r.account);
    d.record(`node #${id}`, r ? { ...r } : undefined, onChain);
  }
  // Accounts rotated out of a node hold none any more: their (empty) nodeOf and their bar are checked too.
  for (const k of rebuilt.rotatedOut.keys()) accounts.add(getAddress(k.split(":")[0]));
  const roots = await everything((o, l) => tree.roots(o, l));
  d.check("tree", "roots", rebuilt.roots, roots);
  for (const account of accounts) {
    for (const root of new Set([...rebuilt.roots, ...roots])) {
      const k = `${account.toLowerCase()}:${root}`;
      d.check(
        `account ${account}`,
        `nodeOf(root #${root})`,
        rebuilt.nodeOf.get(k) ?? 0n,
        await tree.nodeOf(account, root),
      );
      const [barred, depth] = await tree.revocationBar(account, root);
      d.check(`account ${account}`, `revocationBar(root #${root})`, rebuilt.bars.get(k), barred ? depth : undefined);
    }
  }
  return d;
}

/** Every identity (with its wallets in order), wallet owner, policy and seen nonce against the registry's views. */
export async function reconcileRegistry(registry: IdentityRegistry, rebuilt: RegistryFromLogs, d = new Differences()) {
  const count = await registry.identityCount();
  d.check("registry", "identityCount", rebuilt.identityCount, count);
  for (let id = 1n; id <= max(count, rebuilt.identityCount); id++) {
    const r = rebuilt.identities.get(id);
    let onChain: object | undefined;
    // Reserved ids never imported (a successor registry, issue 17) are unknown: identity() reverts UnknownIdentity.
    const v = id <= count ? await registry.identity(id).catch(() => undefined) : undefined;
    if (v) {
      onChain = {
        attester: v.attester,
        root: v.root,
        expiry: v.expiry,
        jurisdiction: v.jurisdiction,
        classes: v.classes,
        status: v.status,
        frozen: v.frozen,
        frozenByDepth: v.frozenByDepth,
        profileDepth: v.profileDepth,
        revokedByDepth: v.revokedByDepth,
        evidenceHash: v.evidenceHash,
        wallets: await everything((o, l) => registry.wallets(id, o, l)),
      };
      d.check(`identity #${id}`, "walletCount", r ? BigInt(r.wallets.length) : undefined, v.walletCount);
      d.check(`identity #${id}`, "clearedBy", rebuilt.cleared.get(id), v.freezeCleared ? v.clearedByDepth : undefined);
    }
    d.record(`identity #${id}`, r ? { ...r } : undefined, onChain);
  }
  for (const wallet of rebuilt.walletsSeen) {
    d.check(`wallet ${wallet}`, "identityOf", identityOfWallet(rebuilt, wallet), await registry.identityOf(wallet));
  }
  for (const lost of rebuilt.successors.keys()) {
    d.check(
      `wallet ${lost}`,
      "successorOf",
      successorOf(rebuilt, lost, await registry.currentTime()),
      await registry.successorOf(lost),
    );
  }
  const succession = new Contract(
    await registry.getAddress(),
    ["function importer() view returns (address)"],
    registry.runner,
  );
  d.check("registry", "importer", rebuilt.importer ?? ZeroAddress, await succession.importer());
  const policies = await registry.policyCount();
  d.check("registry", "policyCount", BigInt(rebuilt.policies.size), policies);
  for (let id = 1n; id <= max(policies, BigInt(rebuilt.policies.size)); id++) {
    const r = rebuilt.policies.get(id);
    let onChain: object | undefined;
    if (id <= policies) {
      const v = await registry.policy(id);
      onChain = {
        trustedRoots: [...v.trustedRoots],
        allowedClasses: v.allowedClasses,
        barred: [...v.barredJurisdictions],
      };
    }
    d.record(`policy #${id}`, r, onChain);
  }
  for (const { signer, nonce, state } of rebuilt.nonces.values()) {
    d.check(`nonce ${nonce} of ${signer}`, "state", state, await registry.nonceState(signer, nonce));
  }
  return d;
}

/** Every asset, issued token, attestation (and rank), pair (with bars and live keys) and venue registration. */
export async function reconcileAssets(suite: Suite, rebuilt: RebuiltAssets, d = new Differences()) {
  const { assets, pairs, venues } = suite;
  const count = await assets.assetCount();
  d.check("assets", "assetCount", BigInt(rebuilt.assets.size), count);
  const tokens = new Set(rebuilt.issued.keys());
  for (let id = 1n; id <= max(count, BigInt(rebuilt.assets.size)); id++) {
    const r = rebuilt.assets.get(id);
    let onChain: object | undefined;
    if (id <= count) {
      const v = await assets.asset(id);
      onChain = {
        token: v.token,
        kind: v.kind,
        root: v.root,
        issuer: v.issuer,
        listerNode: v.listerNode,
        metadataURI: v.metadataURI,
        retired: v.retired,
      };
      tokens.add(v.token);
      d.check(
        `asset #${id}`,
        "assetIdOf",
        rebuilt.assetIdOf.get(`${v.token}/${v.root}`),
        await assets.assetIdOf(v.token, v.root),
      );
      for (const kind of ATTESTATION_KINDS) {
        const x = await assets.attestation(id, kind);
        const posted = x.id !== 0n;
        d.record(
          `attestation ${id}/${kind}`,
          rebuilt.attestations.get(`${id}/${kind}`),
          posted ? attestationRow(x) : undefined,
        );
        const [rankSet, rank] = await assets.attestationRank(id, kind);
        d.check(`attestation ${id}/${kind}`, "rank", rebuilt.ranks.get(`${id}/${kind}`), rankSet ? rank : undefined);
      }
    }
    d.record(`asset #${id}`, r, onChain);
  }
  for (const token of tokens) {
    const v = await assets.issuedToken(token);
    const onChain = v.issuer === "0x0000000000000000000000000000000000000000" ? undefined : v;
    d.record(
      `issued token ${token}`,
      rebuilt.issued.get(token),
      onChain && { issuer: onChain.issuer, root: onChain.root, issuerNode: onChain.issuerNode },
    );
  }

  const pairCount = await pairs.pairCount();
  d.check("pairs", "pairCount", BigInt(rebuilt.pairs.size), pairCount);
  for (let id = 1n; id <= max(pairCount, BigInt(rebuilt.pairs.size)); id++) {
    const r = rebuilt.pairs.get(id);
    let onChain: object | undefined;
    if (id <= pairCount) {
      const v = await readPair(pairs, id);
      onChain = v;
      const [barred, depth] = await pairs.delistingBar(v.baseAsset, v.quoteAsset, v.productType);
      d.check(
        `pair #${id}`,
        "delistingBar",
        rebuilt.delistBars.get(barKey(v.baseAsset, v.quoteAsset, v.productType)),
        barred ? depth : undefined,
      );
      const live = await pairs.livePairOf(v.baseAsset, v.quoteAsset, v.productType);
      d.check(
        `pair #${id}`,
        "livePairOf(market)",
        rebuilt.live.get(`${v.baseAsset}/${v.quoteAsset}/${v.productType}`) ?? 0n,
        live,
      );
    }
    d.record(`pair #${id}`, r, onChain);
  }

  for (const at of new Set([...rebuilt.venues.keys(), ...rebuilt.venueBars.keys(), ...rebuilt.venuesEver])) {
    const [venue, root] = at.split("/");
    const [operatorNode, scope] = await venues.registration(venue, BigInt(root));
    const owner = await venues.registeredOwner(venue, BigInt(root));
    d.record(
      `venue ${venue} under root #${root}`,
      rebuilt.venues.get(at),
      operatorNode === 0n ? undefined : { operatorNode, scope, owner },
    );
    d.check(
      `venue ${venue} under root #${root}`,
      "wasRegistered",
      rebuilt.venuesEver.has(at),
      await venues.wasRegistered(venue, BigInt(root)),
    );
    const [barred, depth] = await venues.deregistrationBar(venue, BigInt(root));
    d.check(
      `venue ${venue} under root #${root}`,
      "deregistrationBar",
      rebuilt.venueBars.get(at),
      barred ? depth : undefined,
    );
  }
  d.check("venue registry", "amlLimits", rebuilt.amlLimits, await venues.amlLimits());
  return d;
}

/** What was rebuilt, in numbers. */
export function countRebuilt(rebuilt: Rebuilt, logs: number): Counts {
  return {
    logs,
    nodes: rebuilt.tree.nodes.size,
    roots: rebuilt.tree.roots.length,
    identities: rebuilt.registry.identities.size,
    wallets: [...rebuilt.registry.identities.values()].reduce((n, i) => n + i.wallets.length, 0),
    policies: rebuilt.registry.policies.size,
    nonces: rebuilt.registry.nonces.size,
    assets: rebuilt.assets.assets.size,
    attestations: rebuilt.assets.attestations.size,
    pairs: rebuilt.assets.pairs.size,
    venues: rebuilt.assets.venues.size,
  };
}

/** Reconcile every rebuilt part with the suite's views. */
export async function reconcile(suite: Suite, rebuilt: Rebuilt, logs: number): Promise<Report> {
  const d = new Differences();
  await reconcileTree(suite.tree, rebuilt.tree, d);
  await reconcileRegistry(suite.registry, rebuilt.registry, d);
  await reconcileAssets(suite, rebuilt.assets, d);
  if (rebuilt.sanctions) await reconcileSanctions(suite.tree, rebuilt.sanctions, d);
  return { counts: countRebuilt(rebuilt, logs), differences: d.list };
}
