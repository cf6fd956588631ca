/**
 * The monetary terms of a native token (issue 16; IMonetaryDesk): a hard supply cap fixed at creation (only lowered),
 * a mint rate of at most `mintRate` per `mintPeriod` seconds, and a reserve ratio in basis points (>= 10,000: the
 * supply after a mint, times the ratio, must not exceed the attested reserve, net of redemptions since, times 10,000).
 */
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
  supplyCap: (1n << 255n) - 1n,
  mintRate: MAX_MINT_RATE,
  mintPeriod: 86_400,
  reserveRatioBps: FULL_BACKING_BPS,
};

/** The redemption statuses of IMonetaryDesk.RedemptionStatus, by their numbers. */
export const REDEMPTION_STATUS = ["None", "Requested", "Settled", "Rejected"] as const;
