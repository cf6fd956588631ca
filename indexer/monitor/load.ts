/**
 * The monitor's rows, read by SQL from the indexer's tables (Ponder's: PGlite or PostgreSQL, the same statements):
 * fills, deposits and withdrawals, orders with their cancellation, sanctions listings and registry changes, and the
 * rolling-day caps AmlLimits logged. `query` runs one statement on the database Ponder writes.
 */
import type { CapLookup, FillRow, MonitorData, MovementRow, OrderRow, TaintRow } from "./types";

export type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** A time range in the chain's unit, both ends included. */
export type TimeRange = { from: bigint; to: bigint };

const big = (x: unknown) => BigInt(String(x));
const text = (x: unknown) => String(x ?? "").toLowerCase();
const CANCELLED = 0; // IExchange.RemovalReason.Cancelled
const KIND = { deposit: 1, withdrawal: 2 } as const; // IAmlLimits.Kind

/**
 * Read what the rules need for alerts in `range`: rows from `range.from - margin` (the rules' longest window looks
 * back that far) to `range.to`.
 */
export async function loadData(query: Query, schema: string, range: TimeRange, margin: bigint): Promise<MonitorData> {
  const t = (name: string) => `"${schema}"."${name}"`;
  const span = [(range.from - margin).toString(), range.to.toString()];
  const fills: FillRow[] = (
    await query(
      `select f.id, f.venue, f.pair_id, f.order_id, f.maker_identity, f.taker_identity, f.maker_side, f.tick, f.lots,
              f.base, f.quote, f.block, f.timestamp, f.tx, m.wallet as maker_wallet, k.wallet as taker_wallet
         from ${t("fill")} f
         left join ${t("venue_account")} m on m.venue = f.venue and m.account = f.maker
         left join ${t("venue_account")} k on k.venue = f.venue and k.account = f.taker
        where f.timestamp between $1 and $2 order by f.block, f.id`,
      span,
    )
  ).map((r) => ({
    id: String(r.id),
    venue: text(r.venue),
    pairId: big(r.pair_id),
    orderId: big(r.order_id),
    makerIdentity: big(r.maker_identity),
    takerIdentity: big(r.taker_identity),
    makerWallet: text(r.maker_wallet),
    takerWallet: text(r.taker_wallet),
    makerSide: big(r.maker_side),
    tick: big(r.tick),
    lots: big(r.lots),
    base: big(r.base),
    quote: big(r.quote),
    block: big(r.block),
    timestamp: big(r.timestamp),
    tx: text(r.tx),
  }));
  const movements: MovementRow[] = [];
  for (const kind of ["deposit", "withdrawal"] as const) {
    const rows = await query(
      `select d.id, d.venue, d.identity, d.token, d.amount, d.block, d.timestamp, d.tx, a.wallet
         from ${t(kind)} d left join ${t("venue_account")} a on a.venue = d.venue and a.account = d.account
        where d.timestamp between $1 and $2`,
      span,
    );
    for (const r of rows)
      movements.push({
        kind,
        id: String(r.id),
        venue: text(r.venue),
        identity: big(r.identity),
        wallet: text(r.wallet),
        token: text(r.token),
        amount: big(r.amount),
        block: big(r.block),
        timestamp: big(r.timestamp),
        tx: text(r.tx),
      });
  }
  const orders: OrderRow[] = (
    await query(
      `select o.venue, o.pair_id, o.order_id, o.placed_lots, o.placed_block, o.placed_tx, a.identity, a.wallet,
              p.timestamp as placed_at, c.lots as cancelled_lots, c.block as cancelled_block,
              c.timestamp as cancelled_at, c.tx as cancelled_tx,
              (select coalesce(sum(h.lots), 0) from ${t("order_history")} h
                where h.venue = o.venue and h.pair_id = o.pair_id and h.order_id = o.order_id
                  and h.change = 'filled') as filled_lots
         from ${t("venue_order")} o
         join ${t("venue_account")} a on a.venue = o.venue and a.account = o.account
         join ${t("order_history")} p on p.venue = o.venue and p.pair_id = o.pair_id and p.order_id = o.order_id
                                     and p.change = 'placed'
         left join ${t("order_history")} c on c.venue = o.venue and c.pair_id = o.pair_id and c.order_id = o.order_id
                                          and c.change = 'removed' and c.reason = ${CANCELLED}
        where p.timestamp between $1 and $2`,
      span,
    )
  ).map((r) => ({
    venue: text(r.venue),
    pairId: big(r.pair_id),
    orderId: big(r.order_id),
    identity: big(r.identity),
    wallet: text(r.wallet),
    placedLots: big(r.placed_lots),
    filledLots: big(r.filled_lots),
    placedBlock: big(r.placed_block),
    placedAt: big(r.placed_at),
    placedTx: text(r.placed_tx),
    ...(r.cancelled_at === null || r.cancelled_at === undefined
      ? {}
      : {
          cancelledLots: big(r.cancelled_lots),
          cancelledBlock: big(r.cancelled_block),
          cancelledAt: big(r.cancelled_at),
          cancelledTx: text(r.cancelled_tx),
        }),
  }));
  const taints = await loadTaints(query, schema, range.to);
  return { fills, movements, orders, taints, caps: await loadCaps(query, schema, range.to) };
}

type Args = Record<string, string>;
const argsOf = (x: unknown): Args => (typeof x === "string" ? JSON.parse(x) : x) as Args;

/** Sanctions listings (of an identity, or of a wallet: its identity) and the registry's disqualifying changes. */
async function loadTaints(query: Query, schema: string, to: bigint): Promise<TaintRow[]> {
  const t = (name: string) => `"${schema}"."${name}"`;
  const owners = new Map<string, bigint>();
  for (const r of await query(`select address, identity_id from ${t("wallet")}`))
    owners.set(text(r.address), big(r.identity_id));
  const out: TaintRow[] = [];
  for (const r of await query(
    `select block, timestamp, tx, args from ${t("event")} where name = 'SanctionAdded' and timestamp <= $1`,
    [to.toString()],
  )) {
    const a = argsOf(r.args);
    const wallet = text(a.wallet);
    const byWallet = BigInt(a.identityId ?? "0") === 0n;
    const identity = byWallet ? owners.get(wallet) : BigInt(a.identityId);
    if (identity === undefined) continue; // a wallet of no identity traded nothing on a venue
    out.push({
      identity,
      what: `sanctioned under root ${a.root}${byWallet ? ` (wallet ${wallet})` : ""}`,
      block: big(r.block),
      timestamp: big(r.timestamp),
      tx: text(r.tx),
    });
  }
  for (const r of await query(
    `select identity_id, change, block, timestamp, tx from ${t("identity_history")}
      where change in ('revoked', 'frozen') and timestamp <= $1`,
    [to.toString()],
  ))
    out.push({
      identity: big(r.identity_id),
      what: String(r.change),
      block: big(r.block),
      timestamp: big(r.timestamp),
      tx: text(r.tx),
    });
  return out;
}

/**
 * The rolling-day caps AmlLimits logged (LimitSet; the last value of each policy, token, class and kind as of `to`).
 * An identity's cap in a policy is the most permissive of its classes' (none if one of its classes has none, as the
 * contract reads it); across policies the monitor takes the smallest, the one a structurer would be keeping under.
 */
async function loadCaps(query: Query, schema: string, to: bigint): Promise<CapLookup> {
  const t = (name: string) => `"${schema}"."${name}"`;
  const limits = new Map<string, bigint>(); // policy/token/classBit/kind -> value
  for (const r of await query(
    `select args from ${t("event")} where name = 'LimitSet' and timestamp <= $1 order by block, log_index`,
    [to.toString()],
  )) {
    const a = argsOf(r.args);
    limits.set(`${a.policyId}/${text(a.token)}/${a.classBit}/${a.kind}`, BigInt(a.value));
  }
  const classes = new Map<bigint, number>();
  if (limits.size > 0)
    for (const r of await query(`select id, classes from ${t("identity")}`)) classes.set(big(r.id), Number(r.classes));
  const policies = [...new Set([...limits.keys()].map((k) => k.split("/")[0]))];
  return (identity, token, kind) => {
    const bits = [1, 2, 4, 8].filter((b) => ((classes.get(identity) ?? 0) & b) !== 0);
    let cap: bigint | undefined;
    for (const policy of policies) {
      const values = bits.map((b) => limits.get(`${policy}/${token.toLowerCase()}/${b}/${KIND[kind]}`) ?? 0n);
      if (bits.length === 0 || values.some((v) => v === 0n)) continue;
      const most = values.reduce((m, v) => (v > m ? v : m), 0n);
      if (cap === undefined || most < cap) cap = most;
    }
    return cap;
  };
}
