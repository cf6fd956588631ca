/**
 * Dates for people: the chain's block timestamps are in its own unit (seconds on Ethereum and Hardhat, milliseconds
 * on PlatON: the contracts' TIME_UNIT, lib/networks.ts), while every time the contracts store is in seconds
 * (lib/time.ts). Shown in the user's locale and time zone.
 */
/** A raw block timestamp (in the chain's unit, `timeUnit` per second) as a Date. */
export function blockTimeToDate(timestamp: bigint | number, timeUnit: number): Date {
  return new Date((Number(timestamp) * 1000) / timeUnit);
}

/** A time the contracts store (seconds) as a Date; undefined for "never" (the 40-bit maximum). */
export function storedTimeToDate(seconds: bigint | number): Date | undefined {
  const s = Number(seconds);
  return s >= 2 ** 40 - 1 ? undefined : new Date(s * 1000);
}

/** A date in the user's locale (or `locale`), with its time. */
export function formatWhen(date: Date | undefined, locale?: string, timeZone?: string): string {
  if (!date) return "never";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium", timeZone }).format(date);
}
