/**
 * The audit of AML limits (issue 16): rebuild, from events alone, the limits policies (LimitsPolicyCreated), every
 * limit with its rank and cleared-by mark (LimitSet), each venue's rolling windows (WindowConsumed, which carries its
 * time), each consumer's attachment (LimitsAttached on venues and native tokens), each root's policy (RootPolicySet,
 * review M3), whether each venue applies its home root's (RootLimitsSynced) and which of its books another root's
 * policy stops (ForeignRootPolicySynced, the audit's M1); then compare with the views (policyOwner, limit, window,
 * limitsAttachment, rootPolicy, rootLimitsApply, foreignRootPolicy of every open book and every book the logs name).
 *
 * Only type imports from typechain-types: this runs inside tasks, loaded before anything is compiled.
 */
import { Interface } from "ethers";
import type { AmlLimits } from "../../typechain-types";
import { BUCKET_SECONDS, BucketWindow, LIMIT_KINDS } from "../limits";
import { Differences } from "./differences";
import { DEFAULT_PAGE, fetchLogs, type RawLog, type Rpc } from "./fetch";

export type RebuiltLimit = { value: bigint; rank: number; lifted: boolean };
export type WindowKey = { venue: string; identity: bigint; token: string; kind: number };
export type RebuiltLimits = {
  policies: Map<bigint, bigint>; // policy id -> owner node
  limits: Map<string, RebuiltLimit & { policy: bigint; token: string; classBit: number; kind: number }>;
  windows: Map<string, WindowKey & { window: BucketWindow }>;
  attachments: Map<string, { limits: string; policyId: bigint; rank: number }>; // consumer -> attachment
  rootPolicies: Map<bigint, { policyId: bigint; rank: number }>; // root -> its policy (review M3)
  rootFlags: Map<string, boolean>; // venue -> whether it applies its home root's policy
  foreignBooks: Map<string, bigint>; // venue:pairId -> the other root's policy that stops the book (0: none)
  /** Every token the consumers' logs name (a venue's deposits and withdrawals, a native token itself). */
  tokens: Set<string>;
  /** Every window the venues' Deposited/Withdrawn events imply (a capped one has state on chain). */
  windowKeys: Map<string, WindowKey>;
};

const ATTACHED = new Interface([
  "event LimitsAttached(address indexed limits, uint32 indexed policyId, address by, uint8 rank)",
  "event AccountOpened(uint64 indexed account, address indexed wallet, uint64 identity)",
  "event AccountIdentitySynced(uint64 indexed account, uint64 identity)",
  "event Deposited(uint64 indexed account, address indexed token, uint256 amount)",
  "event Withdrawn(uint64 indexed account, address indexed token, uint256 amount)",
  "function limitsAttachment() view returns (address, uint32, uint8, bool)",
  "event RootLimitsSynced(address indexed limits, uint32 indexed rootPolicyId, bool applies)",
  "function rootLimitsApply() view returns (bool)",
  "function HOME_ROOT() view returns (uint64)",
  "event ForeignRootPolicySynced(uint32 indexed pairId, uint64 indexed root, uint32 rootPolicyId)",
  "function foreignRootPolicy(uint32 pairId) view returns (uint32)",
  "function books() view returns (uint32[])",
]);

const lower = (a: string) => a.toLowerCase();

/** Rebuild from the AmlLimits contract's logs (`iface`: its interface) and its consumers' logs. */
export function rebuildLimits(
  iface: Interface,
  amlLogs: readonly RawLog[],
  consumerLogs: readonly RawLog[],
): RebuiltLimits {
  const r: RebuiltLimits = {
    policies: new Map(),
    limits: new Map(),
    windows: new Map(),
    attachments: new Map(),
    rootPolicies: new Map(),
    rootFlags: new Map(),
    foreignBooks: new Map(),
    tokens: new Set(),
    windowKeys: new Map(),
  };
  for (const log of amlLogs) {
    const e = iface.parseLog(log);
    if (!e) continue;
    if (e.name === "LimitsPolicyCreated") r.policies.set(e.args.policyId as bigint, e.args.ownerNode as bigint);
    else if (e.name === "RootPolicySet")
      r.rootPolicies.set(e.args.root as bigint, { policyId: e.args.policyId as bigint, rank: Number(e.args.rank) });
    else if (e.name === "LimitSet") {
      const [policy, token, classBit, kind] = [
        e.args.policyId as bigint,
        lower(e.args.token),
        Number(e.args.classBit),
        Number(e.args.kind),
      ];
      r.limits.set(`${policy}:${token}:${classBit}:${kind}`, {
        policy,
        token,
        classBit,
        kind,
        value: e.args.value as bigint,
        rank: Number(e.args.rank),
        lifted: e.args.lifted as boolean,
      });
    } else if (e.name === "WindowConsumed") {
      const key: WindowKey = {
        venue: lower(e.args.venue),
        identity: e.args.identityId as bigint,
        token: lower(e.args.token),
        kind: Number(e.args.kind),
      };
      const id = `${key.venue}:${key.identity}:${key.token}:${key.kind}`;
      const w = r.windows.get(id) ?? { ...key, window: new BucketWindow() };
      w.window.add(Number(e.args.consumedAt), e.args.amount as bigint);
      r.windows.set(id, w);
    }
  }
  // From the consumers' side (review L3): the tokens they name and the windows their deposits and withdrawals imply,
  // so that a dropped LimitSet or WindowConsumed shows as a difference instead of going unchecked.
  const identityOf = new Map<string, bigint>(); // venue:account -> identity
  for (const log of consumerLogs) {
    const e = ATTACHED.parseLog(log);
    if (!e) continue;
    const at = lower(log.address);
    if (e.name === "LimitsAttached") {
      r.attachments.set(at, {
        limits: lower(e.args.limits),
        policyId: e.args.policyId as bigint,
        rank: Number(e.args.rank),
      });
      r.tokens.add(at); // a native token attaches limits to itself
    } else if (e.name === "RootLimitsSynced") {
      r.rootFlags.set(at, e.args.applies as boolean);
    } else if (e.name === "ForeignRootPolicySynced") {
      r.foreignBooks.set(`${at}:${e.args.pairId}`, e.args.rootPolicyId as bigint);
    } else if (e.name === "AccountOpened" || e.name === "AccountIdentitySynced") {
      identityOf.set(`${at}:${e.args.account}`, e.args.identity as bigint);
    } else {
      const token = lower(e.args.token);
      r.tokens.add(token);
      const identity = identityOf.get(`${at}:${e.args.account}`) ?? 0n;
      if (identity === 0n) continue;
      const kind = e.name === "Deposited" ? 1 : 2; // LimitKind.DepositPerDay / WithdrawPerDay
      r.windowKeys.set(`${at}:${identity}:${token}:${kind}`, { venue: at, identity, token, kind });
    }
  }
  return r;
}

/** Compare what was rebuilt with the views; adds to `d`. `consumers`: the venues and tokens to check. */
export async function reconcileLimits(
  aml: AmlLimits,
  rebuilt: RebuiltLimits,
  consumers: readonly string[],
  call: (to: string, data: string) => Promise<string>,
  d: Differences,
): Promise<void> {
  const count = await aml.policyCount();
  d.check("AML limits", "policyCount", BigInt(rebuilt.policies.size), count);
  // Enumerated from the chain's side (review L3): every policy, and every limit of every policy over every token
  // known (from the limits' and the consumers' logs), classes and kinds; a missing entry is the default.
  for (let id = 1n; id <= count; id++)
    d.check(`limits policy #${id}`, "owner", rebuilt.policies.get(id) ?? 0n, await aml.policyOwner(id));
  const tokens = new Set([...rebuilt.tokens, ...[...rebuilt.limits.values()].map((l) => l.token)]);
  const none = { value: 0n, rank: 0, lifted: false };
  for (let id = 1n; id <= count; id++)
    for (const token of tokens)
      for (const classBit of [1, 2, 4, 8])
        for (let kind = 0; kind < LIMIT_KINDS.length; kind++) {
          const l = rebuilt.limits.get(`${id}:${token}:${classBit}:${kind}`);
          const v = await aml.limit(id, token, classBit, kind);
          const onChain = { value: v.value, rank: Number(v.rank), lifted: v.lifted };
          if (!l && onChain.value === 0n && onChain.rank === 0 && !onChain.lifted) continue;
          d.record(
            `limits policy #${id} ${LIMIT_KINDS[kind]} of ${token} class ${classBit}`,
            l ? { value: l.value, rank: l.rank, lifted: l.lifted } : none,
            onChain,
          );
        }
  const windows = new Map(rebuilt.windows);
  for (const [id, k] of rebuilt.windowKeys) if (!windows.has(id)) windows.set(id, { ...k, window: new BucketWindow() });
  for (const w of windows.values()) {
    const [used, buckets, newest] = await aml.window(w.venue, w.identity, w.token, w.kind);
    // The view's time is its block's; the model is read in the same bucket (any time in it gives the same state).
    const at = Number(newest) * BUCKET_SECONDS;
    d.record(
      `window ${LIMIT_KINDS[w.kind]} of identity #${w.identity} in ${w.token} at venue ${w.venue}`,
      { used: w.window.used(at), buckets: w.window.bucketsAt(at) },
      { used, buckets: [...buckets] },
    );
  }
  // Each root's policy (review M3): every root the logs name and every venue's home root; none is the default.
  const roots = new Set(rebuilt.rootPolicies.keys());
  for (const c of consumers) {
    const home = await view(call, c, "HOME_ROOT");
    if (home !== undefined) roots.add(home[0] as bigint);
  }
  for (const root of roots) {
    const p = await aml.rootPolicy(root);
    d.record(
      `root #${root}'s limits policy`,
      rebuilt.rootPolicies.get(root),
      p.set ? { policyId: p.policyId, rank: Number(p.rank) } : undefined,
    );
  }
  for (const c of consumers) {
    const applies = await view(call, c, "rootLimitsApply"); // venues only
    if (applies !== undefined) {
      d.check(`venue ${c}`, "applies its root's limits policy", rebuilt.rootFlags.get(lower(c)) ?? false, applies[0]);
      // Every open book and every book the logs name: the other root's policy that stops it (0: none).
      const pairs = new Set<bigint>(((await view(call, c, "books"))?.[0] as bigint[] | undefined) ?? []);
      for (const key of rebuilt.foreignBooks.keys())
        if (key.startsWith(`${lower(c)}:`)) pairs.add(BigInt(key.slice(key.indexOf(":") + 1)));
      for (const pairId of pairs) {
        const raw = await call(c, ATTACHED.encodeFunctionData("foreignRootPolicy", [pairId]));
        const [onChain] = ATTACHED.decodeFunctionResult("foreignRootPolicy", raw);
        d.check(
          `venue ${c} book #${pairId}`,
          "stopped by another root's policy",
          rebuilt.foreignBooks.get(`${lower(c)}:${pairId}`) ?? 0n,
          onChain as bigint,
        );
      }
    }
    const raw = await call(c, ATTACHED.encodeFunctionData("limitsAttachment")).catch(() => undefined);
    const rebuiltOne = rebuilt.attachments.get(lower(c));
    if (raw === undefined || raw === "0x") {
      d.check(`limits attachment of ${c}`, "exists", rebuiltOne ? "yes" : undefined, undefined);
      continue;
    }
    const [limits, policyId, rank, set] = ATTACHED.decodeFunctionResult("limitsAttachment", raw);
    d.record(
      `limits attachment of ${c}`,
      rebuiltOne,
      set ? { limits: lower(limits as string), policyId: policyId as bigint, rank: Number(rank) } : undefined,
    );
  }
}

/** A view of `ATTACHED` at `to`, decoded; undefined when the contract has no such function (a token). */
async function view(call: (to: string, data: string) => Promise<string>, to: string, name: string) {
  const raw = await call(to, ATTACHED.encodeFunctionData(name)).catch(() => undefined);
  if (raw === undefined || raw === "0x") return undefined;
  return ATTACHED.decodeFunctionResult(name, raw);
}

export type LimitsAudit = {
  policies: number;
  limits: number;
  windows: number;
  attachments: number;
  rootPolicies: number;
  differences: Differences;
};

/** Fetch the logs of `aml` and of `consumers` over the range, rebuild and reconcile. */
export async function auditLimits(
  rpc: Rpc,
  aml: AmlLimits,
  consumers: readonly string[],
  range: { fromBlock: number; toBlock: number; page?: number },
): Promise<LimitsAudit> {
  const page = range.page ?? DEFAULT_PAGE;
  const amlLogs = await fetchLogs(rpc, [await aml.getAddress()], range.fromBlock, range.toBlock, page);
  const consumerLogs =
    consumers.length === 0 ? [] : await fetchLogs(rpc, consumers, range.fromBlock, range.toBlock, page);
  const rebuilt = rebuildLimits(aml.interface as unknown as Interface, amlLogs, consumerLogs);
  const d = new Differences();
  const call = async (to: string, data: string) => (await rpc.send("eth_call", [{ to, data }, "latest"])) as string;
  await reconcileLimits(aml, rebuilt, consumers, call, d);
  return {
    policies: rebuilt.policies.size,
    limits: rebuilt.limits.size,
    windows: rebuilt.windows.size,
    attachments: rebuilt.attachments.size,
    rootPolicies: rebuilt.rootPolicies.size,
    differences: d,
  };
}
