/**
 * The monetary terms of a native token (issue 16; IMonetaryDesk): a hard supply cap fixed at creation (only lowered),
 * a mint rate of at most `mintRate` per `mintPeriod` seconds, and a reserve ratio in basis points (>= 10,000: the
 * supply after a mint, times the ratio, must not exceed the attested reserve, net of redemptions since, times 10,000).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AssetRegistry, CompliantToken, MonetaryDesk } from "../typechain-types";
import { mintHeadroom } from "./headroom";
import { tokenInfo } from "./market";
import { isoDate } from "./time";
import { formatAmount } from "./units";

export interface MonetaryTerms {
  supplyCap: bigint;
  mintRate: bigint;
  mintPeriod: number;
  reserveRatioBps: number;
}

/** The largest mint rate the desk stores (uint128). */
export const MAX_MINT_RATE = (1n << 128n) - 1n;

/** The smallest reserve ratio: 100% (backing; the desk refuses a fractional reserve). */
export const FULL_BACKING_BPS = 10_000;

/**
 * Terms that bind nothing but the reserve at 100%: no practical cap, no practical rate (a day's window). What the
 * suite's tokens had before issue 16; tests and benches that are not about the monetary policy issue with these.
 */
export const OPEN_TERMS: MonetaryTerms = {
  supplyCap: (1n << 240n) - 1n, // cap x ratio must fit in 256 bits (the desk refuses larger caps)
  mintRate: MAX_MINT_RATE,
  mintPeriod: 86_400,
  reserveRatioBps: FULL_BACKING_BPS,
};

/** The redemption statuses of IMonetaryDesk.RedemptionStatus, by their numbers. */
export const REDEMPTION_STATUS = ["None", "Requested", "Settled", "Rejected"] as const;

/** Everything token:policy reports, in smallest units and seconds. */
export interface PolicyReport {
  token: string;
  symbol: string;
  decimals: number;
  supply: bigint;
  cap: bigint;
  reserve: bigint;
  reserveValid: boolean;
  reserveExpiry: number;
  redeemedSince: bigint;
  ratioBps: number;
  rate: bigint;
  rateCeiling: bigint;
  period: number;
  windowStart: number;
  mintedInWindow: bigint;
  headroomNow: bigint;
  headroomByRate: bigint;
  headroomByCap: bigint;
  headroomByReserve: bigint;
  moreAt: number;
  outstanding: bigint;
  openCount: bigint;
  open: { id: bigint; holder: string; amount: bigint; requestedAt: number }[];
}

/** The policy report of `token`: what can be minted now and why, and the outstanding redemptions (first 20). */
export async function policyReport(hre: HardhatRuntimeEnvironment, token: CompliantToken, desk: MonetaryDesk) {
  const info = await tokenInfo(hre, await token.getAddress());
  const p = await desk.policy(token);
  const supply = await token.totalSupply();
  const assets = (await hre.ethers.getContractAt(
    "AssetRegistry",
    await token.ASSET_REGISTRY(),
  )) as unknown as AssetRegistry;
  const assetId = await assets.assetIdOf(token, await token.ROOT());
  let reserve = 0n;
  let snapshot = 0n;
  let valid = false;
  let expiry = 0;
  if (assetId !== 0n) {
    [reserve, snapshot, valid] = await assets.reserveCover(assetId);
    expiry = Number((await assets.attestation(assetId, 0)).expiry);
  }
  const redeemed = await token.totalRedeemed();
  const room = mintHeadroom({
    supply,
    supplyCap: p.supplyCap,
    mintRate: p.mintRate,
    mintedInWindow: p.mintedInWindow,
    reserveRatioBps: p.reserveRatioBps,
    reserve,
    redeemedSnapshot: snapshot,
    reserveValid: valid,
    totalRedeemed: redeemed,
  });
  const ids = await desk.openRedemptions(token, 0, 20);
  const open = await Promise.all(
    ids.map(async (id) => {
      const r = await desk.redemption(token, id);
      return { id, holder: r.holder, amount: r.amount, requestedAt: Number(r.requestedAt) };
    }),
  );
  const report: PolicyReport = {
    token: info.address,
    symbol: info.symbol,
    decimals: info.decimals,
    supply,
    cap: p.supplyCap,
    reserve,
    reserveValid: valid,
    reserveExpiry: expiry,
    redeemedSince: room.redeemedSince,
    ratioBps: Number(p.reserveRatioBps),
    rate: p.mintRate,
    rateCeiling: p.rateCeiling,
    period: Number(p.mintPeriod),
    windowStart: Number(p.windowStart),
    mintedInWindow: p.mintedInWindow,
    headroomNow: room.now,
    headroomByRate: room.byRate,
    headroomByCap: room.byCap,
    headroomByReserve: room.byReserve,
    moreAt: Number(p.windowStart) + Number(p.mintPeriod),
    outstanding: p.outstanding,
    openCount: p.openCount,
    open,
  };
  return report;
}

/** The report in words. */
export function renderPolicy(r: PolicyReport): string {
  const u = (v: bigint) => `${formatAmount(v, r.decimals)} ${r.symbol}`;
  const pct = (bps: number) => `${(bps / 100).toFixed(2)}%`;
  const lines = [
    `${r.symbol} (${r.token})`,
    `  supply            ${u(r.supply)} (cap ${u(r.cap)}, fixed at creation, only lowered)`,
    `  reserve           ${u(r.reserve)} ${r.reserveValid ? `valid until ${isoDate(r.reserveExpiry)}` : "NOT VALID: minting fails closed"}` +
      (r.redeemedSince > 0n ? `, ${u(r.redeemedSince)} redeemed since it` : ""),
    `  reserve ratio     ${pct(r.ratioBps)} (supply x ratio <= reserve x 100%)`,
    `  mint rate         ${u(r.rate)} per ${r.period} s (ceiling ${u(r.rateCeiling)}); this window from ` +
      `${isoDate(r.windowStart)} minted ${u(r.mintedInWindow)}`,
    `  mint headroom now ${u(r.headroomNow)} (rate ${u(r.headroomByRate)}, cap ${u(r.headroomByCap)}, reserve ${u(r.headroomByReserve)})`,
    `  per period        ${u(r.rate < r.headroomByCap ? r.rate : r.headroomByCap)} from ${isoDate(r.moreAt)}`,
    `  redemptions open  ${r.openCount} totalling ${u(r.outstanding)}`,
    ...r.open.map((o) => `    #${o.id} ${o.holder} ${u(o.amount)} requested ${isoDate(o.requestedAt)}`),
  ];
  return lines.join("\n");
}
