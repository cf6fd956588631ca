/**
 * The indexer's database in the audit replayer's shapes, so that the replayer's own reconciliation
 * (lib/replay/audit.ts reconcileAll) compares it with the chain's views: nodes (roots, children, node-of), identities
 * with their wallets in list order, assets, natively issued tokens, standing attestations, venue registrations, and
 * each venue's accounts, tokens, books, resting orders (with their open-order slots), available balances, fees and
 * fill count come from the database, and so do issue 17's pending key rotations, wallet replacements, the importer and
 * identity count, and each venue's operator, proposed operator, successor and wind-down; what the indexer does not
 * keep yet (revocation bars (a rotated-out key's included), cleared-by marks,
 * restriction epochs, reporters, policies, nonces, attestation ranks, pairs, venue bars, clearances, pending fees,
 * per-book rates, the open-book list) stays as the replayer rebuilt it from the logs.
 *
 * Besides, the columns the views have no counterpart for are checked against the database's own rows: each balance's
 * `locked` against what its resting orders lock, and each identity's position against its accounts' balances.
 */
import { getAddress, ZeroAddress } from "ethers";
import { Differences } from "../../lib/replay/differences";
import type { AuditRebuilt } from "../../lib/replay/audit";
import type { RebuiltNode } from "../../lib/replay/authority";
import type { AssetRow, AttestationRow, IssuedRow } from "../../lib/replay/assets";
import type { IdentityFromLogs } from "../../lib/replay/registry";
import {
  balanceKey,
  lockedBalances,
  orderKey,
  type Amounts,
  type BookConfigRow,
  type RestingOrder,
  type RebuiltVenue,
} from "../../lib/replay/venue";

/** Runs one SQL statement and returns its rows (PGlite's or node-postgres's query, adapted). */
export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

const big = (v: unknown) => BigInt(v as string | number | bigint);

/** The database's state of everything it keeps, over the replayer's rebuild of the rest. */
export async function fromDatabase(
  query: Query,
  schema: string,
  rebuilt: AuditRebuilt,
): Promise<{ rebuilt: AuditRebuilt; checks: Differences }> {
  const table = (name: string) => `"${schema}"."${name}"`;
  const rows = (sql: string) => query(sql);
  const checks = new Differences();

  // Authority tree.
  const nodes = new Map<bigint, RebuiltNode>();
  const children = new Map<bigint, bigint[]>();
  const nodeOf = new Map<string, bigint>();
  const roots: bigint[] = [];
  const pendingRotations = new Map<bigint, string>();
  for (const n of await rows(`select * from ${table("node")} order by id`)) {
    const id = big(n.id);
    const node: RebuiltNode = {
      account: getAddress(n.account as string),
      parent: big(n.parent),
      root: big(n.root),
      scopes: big(n.scopes),
      expiry: big(n.expiry),
      grantedAt: big(n.granted_at),
      status: big(n.status),
      depth: big(n.depth),
      suspenderDepth: big(n.suspender_depth),
      leaseDepth: big(n.lease_depth),
    };
    nodes.set(id, node);
    if (n.pending_account) pendingRotations.set(id, getAddress(n.pending_account as string));
    nodeOf.set(`${node.account.toLowerCase()}:${node.root}`, id); // the latest grant to an account in a root
    if (node.parent === 0n) roots.push(id);
    else children.set(node.parent, [...(children.get(node.parent) ?? []), id]);
  }

  // Client registry.
  const identities = new Map<bigint, IdentityFromLogs>();
  for (const i of await rows(`select * from ${table("identity")} order by id`)) {
    identities.set(big(i.id), {
      attester: big(i.attester),
      root: big(i.root),
      expiry: big(i.expiry),
      jurisdiction: big(i.jurisdiction),
      classes: big(i.classes),
      status: big(i.status),
      frozen: i.frozen as boolean,
      frozenByDepth: big(i.frozen_by_depth),
      profileDepth: big(i.profile_depth),
      revokedByDepth: big(i.revoked_by_depth),
      evidenceHash: i.evidence_hash as string,
      wallets: [],
    });
  }
  for (const w of await rows(`select * from ${table("wallet")} where active order by identity_id, position`)) {
    identities.get(big(w.identity_id))?.wallets.push(getAddress(w.address as string));
  }

  // Issue 17: wallet replacements not contested (the latest per lost wallet), the importer and the identity count.
  const successors = new Map<string, string>();
  const claimableAt = new Map<string, bigint>();
  const replaced = `select * from ${table("wallet_replacement")} where not contested order by block, tx`;
  for (const r of await rows(replaced)) {
    const lost = getAddress(r.lost as string);
    successors.set(lost, getAddress(r.successor as string));
    claimableAt.set(lost, big(r.claimable_at));
  }
  const [registryRow] = await rows(`select * from ${table("registry")}`);
  const identityCount = registryRow ? big(registryRow.identity_count) : 0n;
  const importer = registryRow?.importer ? getAddress(registryRow.importer as string) : undefined;

  // Asset service: assets, natively issued tokens, standing attestations, venue registrations.
  const assets = new Map<bigint, AssetRow>();
  const assetIdOf = new Map<string, bigint>();
  for (const a of await rows(`select * from ${table("asset")} order by id`)) {
    const row: AssetRow = {
      token: getAddress(a.token as string),
      kind: big(a.kind),
      root: big(a.root),
      issuer: getAddress(a.issuer as string),
      listerNode: big(a.lister_node),
      metadataURI: a.metadata_uri as string,
      retired: a.retired as boolean,
    };
    assets.set(big(a.id), row);
    assetIdOf.set(`${row.token}/${row.root}`, big(a.id));
  }
  const issued = new Map<string, IssuedRow>();
  for (const t of await rows(`select * from ${table("native_token")}`)) {
    issued.set(getAddress(t.token as string), {
      issuer: getAddress(t.issuer as string),
      root: big(t.root),
      issuerNode: big(t.issuer_node),
    });
  }
  const attestations = new Map<string, AttestationRow>();
  for (const x of await rows(`select * from ${table("attestation")} where not superseded and not withdrawn`)) {
    attestations.set(`${x.asset_id}/${x.kind}`, {
      id: big(x.id),
      auditorNode: big(x.auditor_node),
      issuedAt: big(x.issued_at),
      expiry: big(x.expiry),
      asOf: big(x.as_of),
      amount: big(x.amount),
      contentHash: x.content_hash as string,
      uri: x.uri as string,
      redeemedSnapshot: big(x.redeemed_snapshot),
    });
  }
  const venues = new Map<string, { operatorNode: bigint; scope: bigint; owner: string }>();
  const venuesEver = new Set<string>();
  for (const v of await rows(`select * from ${table("venue")}`)) {
    const key = `${getAddress(v.address as string)}/${v.root}`;
    venuesEver.add(key);
    if (v.registered) {
      venues.set(key, {
        operatorNode: big(v.operator_node),
        scope: big(v.scope),
        owner: getAddress(v.owner as string),
      });
    }
  }

  // Venues.
  const exchanges = new Map<string, RebuiltVenue>();
  for (const [address, replayed] of rebuilt.exchanges) {
    const at = `'${address.toLowerCase()}'`;
    const v: RebuiltVenue = {
      ...replayed,
      accounts: new Map(),
      accountOf: new Map(),
      tokens: new Map(),
      tokenIndex: new Map(),
      books: new Map(),
      orders: new Map(),
      slots: new Map(),
      available: new Map(),
      uncollected: new Map(),
      accrued: new Map(),
      collected: new Map(),
    };
    const [x] = await rows(`select * from ${table("exchange")} where address = ${at}`);
    if (x) {
      v.fees = { makerBps: big(x.maker_bps), takerBps: big(x.taker_bps), capBps: big(x.cap_bps) };
      const address = (a: unknown) => (a ? getAddress(a as string) : ZeroAddress);
      v.operator = address(x.operator);
      v.pendingOperator = address(x.pending_operator);
      v.successor = address(x.successor);
      v.windDown = { state: Number(x.wind_down), rank: big(x.wind_down_rank) };
    }
    for (const a of await rows(`select * from ${table("venue_account")} where venue = ${at} order by account`)) {
      const wallet = getAddress(a.wallet as string);
      v.accounts.set(big(a.account), { wallet, identity: big(a.identity) });
      v.accountOf.set(wallet, big(a.account));
      const slots = big(a.slots);
      v.slots.set(big(a.account), new Set([...Array(64).keys()].filter((i) => (slots >> BigInt(i)) & 1n)));
    }
    for (const t of await rows(`select * from ${table("venue_token")} where venue = ${at} order by index`)) {
      v.tokens.set(big(t.index), getAddress(t.token as string));
      v.tokenIndex.set(getAddress(t.token as string), big(t.index));
    }
    for (const b of await rows(`select * from ${table("book")} where venue = ${at} order by pair_id`)) {
      const row: BookConfigRow = {
        tickSize: big(b.tick_size),
        lotSize: big(b.lot_size),
        policyId: big(b.policy_id),
        minLots: big(b.min_lots),
        baseToken: big(b.base_token),
        quoteToken: big(b.quote_token),
        open: b.open as boolean,
      };
      v.books.set(big(b.pair_id), row);
    }
    const resting = `select * from ${table("venue_order")} where venue = ${at} and status = 'resting'`;
    for (const o of await rows(`${resting} order by placed_block, order_id`)) {
      const order: RestingOrder = {
        pairId: big(o.pair_id),
        id: big(o.order_id),
        account: big(o.account),
        side: big(o.side),
        tick: big(o.tick),
        lots: big(o.lots),
        expiry: big(o.expiry),
        slot: Number(o.slot),
      };
      v.orders.set(orderKey(order.pairId, order.id), order);
    }
    const lockedColumn = new Map<string, bigint>();
    for (const b of await rows(`select * from ${table("balance")} where venue = ${at}`)) {
      const k = balanceKey(big(b.account), big(b.token_index));
      v.available.set(k, big(b.available));
      lockedColumn.set(k, big(b.locked));
    }
    const locked = lockedBalances(v);
    for (const k of new Set([...locked.keys(), ...lockedColumn.keys()])) {
      const [account, token] = k.split("/");
      checks.check(
        `database venue ${address} account #${account} token #${token}`,
        "locked (column vs resting orders)",
        lockedColumn.get(k) ?? 0n,
        locked.get(k) ?? 0n,
      );
    }
    for (const f of await rows(`select * from ${table("fee")} where venue = ${at}`)) {
      const pair = big(f.pair_id);
      const amounts = (base: unknown, quote: unknown): Amounts => ({ base: big(base), quote: big(quote) });
      v.accrued.set(pair, amounts(f.accrued_base, f.accrued_quote));
      v.collected.set(pair, amounts(f.collected_base, f.collected_quote));
      v.uncollected.set(pair, amounts(f.uncollected_base, f.uncollected_quote));
    }
    const [fills] = await rows(`select count(*) as n from ${table("fill")} where venue = ${at}`);
    v.fills = Number(fills.n);
    exchanges.set(address, v);
  }

  // Positions: every identity's holding of each token is its accounts' balances, over every venue.
  const [positions, sums] = await Promise.all([
    rows(`select identity, token, amount from ${table("position")}`),
    rows(
      `select a.identity, b.token, sum(b.available + b.locked) as amount from ${table("balance")} b ` +
        `join ${table("venue_account")} a on a.venue = b.venue and a.account = b.account ` +
        `where a.identity <> 0 group by a.identity, b.token`,
    ),
  ]);
  const byKey = (list: Record<string, unknown>[]) =>
    new Map(list.map((r) => [`${r.identity}/${r.token}`, big(r.amount)]));
  const [held, summed] = [byKey(positions), byKey(sums)];
  for (const k of new Set([...held.keys(), ...summed.keys()])) {
    checks.check(`database position ${k}`, "amount (row vs balances)", held.get(k) ?? 0n, summed.get(k) ?? 0n);
  }

  return {
    rebuilt: {
      ...rebuilt,
      tree: { ...rebuilt.tree, nodes, children, nodeOf, roots, pendingRotations },
      registry: { ...rebuilt.registry, identities, successors, claimableAt, identityCount, importer },
      assets: { ...rebuilt.assets, assets, assetIdOf, issued, attestations, venues, venuesEver },
      exchanges,
    },
    checks,
  };
}
