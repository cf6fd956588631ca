/** A pair as the investor's screens need it: its terms, its tokens and the grid (lib/units.ts's Grid). */
import { PairStatus, nameOf } from "../../../lib/assets";
import type { Grid } from "../core/units";
import type { Suite } from "../contracts";

export type TokenInfo = { address: string; symbol: string; decimals: number };

export type Market = {
  pairId: bigint;
  base: TokenInfo;
  quote: TokenInfo;
  grid: Grid;
  minSize: bigint;
  policyId: bigint;
  status: string;
  takerBps: number;
  makerBps: number;
};

const tokens = new Map<string, Promise<TokenInfo>>();

export function tokenInfo(read: Suite, address: string): Promise<TokenInfo> {
  const key = address.toLowerCase();
  if (!tokens.has(key)) {
    const t = read.token(address);
    tokens.set(
      key,
      Promise.all([t.symbol(), t.decimals()]).then(([symbol, decimals]) => ({
        address,
        symbol,
        decimals: Number(decimals),
      })),
    );
  }
  return tokens.get(key)!;
}

export async function loadMarket(read: Suite, pairId: bigint): Promise<Market> {
  const p = await read.pairs.pair(pairId);
  const [base, quote, rates] = await Promise.all([
    tokenInfo(read, p.baseToken),
    tokenInfo(read, p.quoteToken),
    read.venue.feeRates(pairId),
  ]);
  return {
    pairId,
    base,
    quote,
    grid: { tickSize: p.tickSize, lotSize: p.lotSize, baseDecimals: base.decimals, quoteDecimals: quote.decimals },
    minSize: p.minSize,
    policyId: p.policyId,
    status: nameOf(PairStatus, p.status),
    takerBps: Number(rates.takerBps),
    makerBps: Number(rates.makerBps),
  };
}
