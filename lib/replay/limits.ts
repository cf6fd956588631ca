/**
 * The audit of AML limits (issue 16): rebuild, from events alone, the limits policies (LimitsPolicyCreated), every
 * limit with its rank and cleared-by mark (LimitSet), each venue's rolling windows (WindowConsumed, which carries its
 * time) and each consumer's attachment (LimitsAttached on venues and native tokens); then compare with the views
 * (policyOwner, limit, window, limitsAttachment).
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
};

const ATTACHED = new Interface([
  "event LimitsAttached(address indexed limits, uint32 indexed policyId, address by, uint8 rank)",
  "function limitsAttachment() view returns (address, uint32, uint8, bool)",
]);

const lower = (a: string) => a.toLowerCase();

/** Rebuild from the AmlLimits contract's logs (`iface`: its interface) and its consumers' logs. */
export function rebuildLimits(
  iface: Interface,
  amlLogs: readonly RawLog[],
  consumerLogs: readonly RawLog[],
): RebuiltLimits {
  const r: RebuiltLimits = { policies: new Map(), limits: new Map(), windows: new Map(), attachments: new Map() };
  for (const log of amlLogs) {
    const e = iface.parseLog(log);
    if (!e) continue;
    if (e.name === "LimitsPolicyCreated") r.policies.set(e.args.policyId as bigint, e.args.ownerNode as bigint);
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
  for (const log of consumerLogs) {
    if (log.topics[0] !== ATTACHED.getEvent("LimitsAttached")!.topicHash) continue;
    const e = ATTACHED.parseLog(log)!;
    r.attachments.set(lower(log.address), {
      limits: lower(e.args.limits),
      policyId: e.args.policyId as bigint,
      rank: Number(e.args.rank),
    });
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
  d.check("AML limits", "policyCount", BigInt(rebuilt.policies.size), await aml.policyCount());
  for (const [id, owner] of rebuilt.policies)
    d.check(`limits policy #${id}`, "owner", owner, await aml.policyOwner(id));
  for (const l of rebuilt.limits.values()) {
    const v = await aml.limit(l.policy, l.token, l.classBit, l.kind);
    d.record(
      `limits policy #${l.policy} ${LIMIT_KINDS[l.kind]} of ${l.token} class ${l.classBit}`,
      { value: l.value, rank: l.rank, lifted: l.lifted },
      { value: v.value, rank: Number(v.rank), lifted: v.lifted },
    );
  }
  for (const w of rebuilt.windows.values()) {
    const [used, buckets, newest] = await aml.window(w.venue, w.identity, w.token, w.kind);
    // The view's time is its block's; the model is read in the same bucket (any time in it gives the same state).
    const at = Number(newest) * BUCKET_SECONDS;
    d.record(
      `window ${LIMIT_KINDS[w.kind]} of identity #${w.identity} in ${w.token} at venue ${w.venue}`,
      { used: w.window.used(at), buckets: w.window.bucketsAt(at) },
      { used, buckets: [...buckets] },
    );
  }
  for (const c of consumers) {
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

export type LimitsAudit = {
  policies: number;
  limits: number;
  windows: number;
  attachments: number;
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
    differences: d,
  };
}
