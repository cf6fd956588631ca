import type { Result } from "ethers";
import { Scope } from "../scopes";

/**
 * Rebuilds the asset service from its events alone: assets, natively issued tokens, attestations with their ranks,
 * pairs with live keys and delisting bars, venue registrations and their bars. The input is the logs of the
 * AssetRegistry, PairRegistry and VenueRegistry (any mix), parsed and in chain order. Nothing here reads contract
 * state.
 */
export type AssetRow = {
  token: string;
  kind: bigint;
  root: bigint;
  issuer: string;
  listerNode: bigint;
  metadataURI: string;
  retired: boolean;
};
export type IssuedRow = { issuer: string; root: bigint; issuerNode: bigint };
export type AttestationRow = {
  id: bigint;
  auditorNode: bigint;
  issuedAt: bigint;
  expiry: bigint;
  asOf: bigint;
  amount: bigint;
  contentHash: string;
  uri: string;
  redeemedSnapshot: bigint;
};
/** The attestation as the registry's view and its AttestationPosted event both carry it, as a row. */
export function attestationRow(x: AttestationRow): AttestationRow {
  return {
    id: x.id,
    auditorNode: x.auditorNode,
    issuedAt: x.issuedAt,
    expiry: x.expiry,
    asOf: x.asOf,
    amount: x.amount,
    contentHash: x.contentHash,
    uri: x.uri,
    redeemedSnapshot: x.redeemedSnapshot,
  };
}
export type PairRow = {
  baseToken: string;
  quoteToken: string;
  tickSize: bigint;
  lotSize: bigint;
  minSize: bigint;
  policyId: bigint;
  root: bigint;
  status: bigint;
  baseAsset: bigint;
  quoteAsset: bigint;
  productType: bigint;
  baseAttestations: bigint;
  quoteAttestations: bigint;
  proposalExpiry: bigint;
  proposerNode: bigint;
  haltRank: bigint;
  clearedRank: bigint | null; // the depth of the last resume while its cleared-by mark stands, else null
};

/** A parsed log: its event name and decoded arguments (an ethers EventLog has this shape). */
export type NamedEvent = { eventName: string; args: Result };

/** A market's delisting bar is kept for its two assets in either order. */
export function barKey(a: bigint, b: bigint, product: bigint): string {
  return a < b ? `${a}/${b}/${product}` : `${b}/${a}/${product}`;
}

/** Folds the logs into the asset service's state; an event it does not know is an error. */
export function rebuildAssets(logs: readonly NamedEvent[]) {
  const assets = new Map<bigint, AssetRow>();
  const attestations = new Map<string, AttestationRow>();
  const ranks = new Map<string, bigint>(); // asset/kind -> the poster's or withdrawer's depth
  const issued = new Map<string, IssuedRow>();
  const assetIdOf = new Map<string, bigint>(); // token/root -> asset id
  const pairs = new Map<bigint, PairRow>();
  const live = new Map<string, bigint>();
  const delistBars = new Map<string, bigint>(); // market (either order) -> the barring depth
  const venues = new Map<string, { operatorNode: bigint; scope: bigint; owner: string }>(); // venue/root
  const venuesEver = new Set<string>(); // venue/root: registered at least once (IVenueRegistry.wasRegistered)
  const venueBars = new Map<string, bigint>(); // venue/root -> the deregistering depth
  let amlLimits = "0x0000000000000000000000000000000000000000"; // VenueRegistry.amlLimits: set once by the governor
  const exchanges = new Set<string>(); // every contract ever registered with the EXCHANGE scope: the venues to audit
  const key = (base: bigint, quote: bigint, product: bigint) => `${base}/${quote}/${product}`;
  for (const log of logs) {
    const a = log.args;
    switch (log.eventName) {
      case "AssetRegistered":
        assets.set(a.assetId, {
          token: a.token,
          kind: a.kind,
          root: a.root,
          issuer: a.issuer,
          listerNode: a.listerNode,
          metadataURI: a.metadataURI,
          retired: false,
        });
        assetIdOf.set(`${a.token}/${a.root}`, a.assetId);
        break;
      case "NativeTokenIssued":
        issued.set(a.token, { issuer: a.issuer, root: a.root, issuerNode: a.issuerNode });
        break;
      case "AssetRetired": {
        const retired = assets.get(a.assetId)!;
        retired.retired = true; // final: its (token, root) stays taken
        break;
      }
      case "AssetMetadataUpdated":
        assets.get(a.assetId)!.metadataURI = a.metadataURI;
        break;
      case "AttestationPosted": {
        const x = a.attestation;
        attestations.set(`${a.assetId}/${a.kind}`, attestationRow(x));
        ranks.set(`${a.assetId}/${a.kind}`, a.rank);
        break;
      }
      case "AttestationWithdrawn":
        attestations.delete(`${a.assetId}/${a.kind}`);
        ranks.set(`${a.assetId}/${a.kind}`, a.rank);
        break;
      case "PairProposed": {
        const t = a.terms;
        pairs.set(a.pairId, {
          baseToken: a.baseToken,
          quoteToken: a.quoteToken,
          tickSize: t.tickSize,
          lotSize: t.lotSize,
          minSize: t.minSize,
          policyId: a.policyId,
          root: a.root,
          status: 1n,
          baseAsset: t.baseAsset,
          quoteAsset: t.quoteAsset,
          productType: t.productType,
          baseAttestations: a.baseAttestations,
          quoteAttestations: a.quoteAttestations,
          proposalExpiry: t.proposalExpiry,
          proposerNode: a.proposerNode,
          haltRank: 0n,
          clearedRank: null,
        });
        live.set(key(t.baseAsset, t.quoteAsset, t.productType), a.pairId);
        break;
      }
      case "PairApproved": {
        const p = pairs.get(a.pairId)!;
        p.status = 2n;
        const market = barKey(p.baseAsset, p.quoteAsset, p.productType);
        // An approval lifts the market's bar, and a lift marks the pair cleared at the approver's rank.
        if (delistBars.has(market)) p.clearedRank = a.rank;
        delistBars.delete(market);
        break;
      }
      case "PairResumed": {
        const p = pairs.get(a.pairId)!;
        p.status = 2n;
        p.haltRank = 0n;
        p.clearedRank = a.rank; // cleared at the resumer's rank: no lower rank re-halts or delists at once
        break;
      }
      case "PairHalted": {
        const p = pairs.get(a.pairId)!;
        p.status = 3n;
        p.haltRank = a.rank;
        p.clearedRank = null; // the halt replaces the mark
        break;
      }
      case "PairDelistedUnderDeadRoot": {
        const p = pairs.get(a.pairId)!;
        p.status = 4n;
        p.haltRank = 0n;
        p.clearedRank = null;
        const k = key(p.baseAsset, p.quoteAsset, p.productType);
        if (live.get(k) === a.pairId) live.delete(k);
        break; // no delisting bar: nothing is listed under a dead root again
      }
      case "PairDelisted":
      case "PairWithdrawn": {
        const p = pairs.get(a.pairId)!;
        p.status = log.eventName === "PairDelisted" ? 4n : 5n;
        const k = key(p.baseAsset, p.quoteAsset, p.productType);
        if (live.get(k) === a.pairId) live.delete(k);
        if (log.eventName === "PairDelisted") {
          p.haltRank = 0n;
          p.clearedRank = null;
          const m = barKey(p.baseAsset, p.quoteAsset, p.productType);
          const bar = delistBars.get(m);
          if (bar === undefined || a.rank < bar) delistBars.set(m, a.rank);
        }
        break;
      }
      case "VenueRegistered":
        venues.set(`${a.venue}/${a.root}`, { operatorNode: a.operatorNode, scope: a.scope, owner: a.owner });
        venuesEver.add(`${a.venue}/${a.root}`);
        venueBars.delete(`${a.venue}/${a.root}`); // a registration lifts the bar
        if ((a.scope & BigInt(Scope.EXCHANGE)) !== 0n) exchanges.add(a.venue);
        break;
      case "VenueOperatorFollowed": {
        // The registration follows the venue's operator change (issue 17): its owner and registering node.
        const r = venues.get(`${a.venue}/${a.root}`);
        if (r) venues.set(`${a.venue}/${a.root}`, { ...r, operatorNode: a.operatorNode, owner: a.owner });
        break;
      }
      case "VenueDeregistered":
        venues.delete(`${a.venue}/${a.root}`);
        venueBars.set(`${a.venue}/${a.root}`, a.rank);
        break;
      case "AmlLimitsSet":
        amlLimits = a.limits as string;
        break;
      case "ClockConfigured":
        break; // times in these events are already seconds
      default:
        throw new Error(`unexpected event ${log.eventName}`);
    }
  }
  return {
    assets,
    attestations,
    ranks,
    issued,
    assetIdOf,
    pairs,
    live,
    delistBars,
    venues,
    venuesEver,
    venueBars,
    exchanges,
    amlLimits,
  };
}

export type RebuiltAssets = ReturnType<typeof rebuildAssets>;
