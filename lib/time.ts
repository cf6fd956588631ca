/**
 * Chain time. Contracts store every time in seconds; the chain's block timestamp is in seconds on Ethereum and
 * Hardhat and in milliseconds on PlatON. TIME_UNIT is how many timestamp units make a second (1 or 1000).
 */
export const DAY = 86_400;
export const HOUR = 3_600;

/** Parse a duration such as "30d", "12h", "90m", "45s" or a plain number of seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*([smhdw]?)$/i.exec(text.trim());
  if (!m) throw new Error(`Cannot read duration "${text}": use e.g. 30d, 12h, 90m, 45s`);
  const n = Number(m[1]);
  const factor = { "": 1, s: 1, m: 60, h: HOUR, d: DAY, w: 7 * DAY }[m[2].toLowerCase()]!;
  return n * factor;
}

/** An ISO date of a chain time in seconds, for display. */
export function isoDate(seconds: number | bigint): string {
  const s = Number(seconds);
  if (s >= 2 ** 40 - 1) return "never";
  return new Date(s * 1000).toISOString().replace(".000Z", "Z");
}
