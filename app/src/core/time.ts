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

/**
 * A period the contracts store in seconds, in words for "per …" and "after …": "day", "7 days", "12 hours",
 * "90 minutes"; an uneven one as its seconds with the breakdown.
 */
export function formatPeriod(seconds: bigint | number): string {
  const s = Number(seconds);
  const unit = (n: number, one: string) => (n === 1 ? one : `${n.toLocaleString("en")} ${one}s`);
  if (s > 0 && s % 86_400 === 0) return unit(s / 86_400, "day");
  if (s > 0 && s % 3_600 === 0) return unit(s / 3_600, "hour");
  if (s > 0 && s % 60 === 0) return unit(s / 60, "minute");
  if (s < 60) return `${s} seconds`;
  const parts = [
    [Math.floor(s / 86_400), "d"],
    [Math.floor((s % 86_400) / 3_600), "h"],
    [Math.floor((s % 3_600) / 60), "min"],
    [s % 60, "s"],
  ]
    .filter(([n]) => n)
    .map(([n, u]) => `${n} ${u}`);
  return `${s.toLocaleString("en")} seconds (${parts.join(" ")})`;
}

/**
 * A chart's time label (a candle's start in seconds) in the user's locale and time zone: lightweight-charts labels
 * its axis and crosshair in UTC unless given formatters, which would disagree with the trade history beside it.
 * `kind`: an axis mark (year, month, day, time) or the crosshair's full label.
 */
export function chartTimeLabel(
  seconds: number,
  kind: "year" | "month" | "day" | "time" | "crosshair",
  locale?: string,
  timeZone?: string,
): string {
  const options: Intl.DateTimeFormatOptions = {
    year: { year: "numeric" as const },
    month: { month: "short" as const },
    day: { day: "numeric" as const },
    time: { hour: "2-digit" as const, minute: "2-digit" as const, hourCycle: "h23" as const },
    crosshair: { dateStyle: "medium" as const, timeStyle: "short" as const },
  }[kind];
  return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(new Date(seconds * 1000));
}
