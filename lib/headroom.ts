/**
 * How much of a native token its issuer may mint now (issue 16's monetary policy, IMonetaryDesk): the least of what
 * the mint rate leaves in the current window, what the supply cap leaves, and what the attested reserve backs at the
 * token's reserve ratio (net of what was redeemed since the attestation's snapshot; nothing when the reserve does not
 * count now: minting fails closed). Pure arithmetic, shared by token:policy (lib/monetary.ts) and the console.
 */
export interface HeadroomInputs {
  supply: bigint;
  supplyCap: bigint;
  /** The rate per window and what the current window has minted. */
  mintRate: bigint;
  mintedInWindow: bigint;
  reserveRatioBps: bigint | number;
  /** The reserve attestation (AssetRegistry.reserveCover): amount, the token's totalRedeemed when posted, whether it counts. */
  reserve: bigint;
  redeemedSnapshot: bigint;
  reserveValid: boolean;
  /** The token's totalRedeemed now. */
  totalRedeemed: bigint;
}

export interface Headroom {
  /** What may be minted now: the least of the three below. */
  now: bigint;
  byRate: bigint;
  byCap: bigint;
  byReserve: bigint;
  /** Redeemed since the reserve was attested (it no longer backs anything). */
  redeemedSince: bigint;
}

export function mintHeadroom(x: HeadroomInputs): Headroom {
  const redeemedSince = x.totalRedeemed > x.redeemedSnapshot ? x.totalRedeemed - x.redeemedSnapshot : 0n;
  const ratio = BigInt(x.reserveRatioBps);
  // The largest supply the reserve backs: floor((reserve - redeemedSince) x 10,000 / ratio), rounded down.
  const backed =
    x.reserveValid && ratio > 0n && x.reserve >= redeemedSince ? ((x.reserve - redeemedSince) * 10_000n) / ratio : 0n;
  const byReserve = backed > x.supply ? backed - x.supply : 0n;
  const byRate = x.mintRate > x.mintedInWindow ? x.mintRate - x.mintedInWindow : 0n;
  const byCap = x.supplyCap > x.supply ? x.supplyCap - x.supply : 0n;
  let now = byRate;
  if (byCap < now) now = byCap;
  if (byReserve < now) now = byReserve;
  return { now, byRate, byCap, byReserve, redeemedSince };
}
