import { describe, expect, it } from "vitest";
import { blockTimeToDate, chartTimeLabel, formatPeriod, formatWhen, storedTimeToDate } from "../src/core/time";

describe("dates", () => {
  it("reads a PlatON block timestamp (milliseconds) and an Ethereum one (seconds) as the same instant", () => {
    expect(blockTimeToDate(1_800_000_000_123n, 1000).toISOString()).toBe("2027-01-15T08:00:00.123Z");
    expect(blockTimeToDate(1_800_000_000, 1).toISOString()).toBe("2027-01-15T08:00:00.000Z");
  });
  it("reads stored times in seconds; the 40-bit maximum is never", () => {
    expect(storedTimeToDate(1_800_000_000)?.getTime()).toBe(1_800_000_000_000);
    expect(formatWhen(storedTimeToDate(2 ** 40 - 1))).toBe("never");
  });
  it("formats in the user's locale and time zone", () => {
    const d = new Date("2027-01-15T08:00:00Z");
    expect(formatWhen(d, "en-GB", "UTC")).toBe("15 Jan 2027, 08:00:00");
    expect(formatWhen(d, "de-DE", "Europe/Zurich")).toBe("15.01.2027, 09:00:00");
  });
});

describe("an attestation's expiry (institution workspace)", async () => {
  const { expiryFor } = await import("../src/institution/Institution");
  it("is the days asked for, within the attester's lease and the registry's five-year limit", () => {
    const now = 1_800_000_000;
    expect(expiryFor(now, 30, now + 400 * 86_400)).toBe(now + 30 * 86_400);
    expect(expiryFor(now, 365, now + 100 * 86_400)).toBe(now + 100 * 86_400);
    expect(expiryFor(now, 10_000, 2 ** 40 - 1)).toBe(now + 5 * 365 * 86_400);
  });
});

describe("19 (tried as the issuer): a period in words, not a count of seconds", () => {
  it("names whole days, hours and minutes", () => {
    expect(formatPeriod(86_400)).toBe("day");
    expect(formatPeriod(7 * 86_400)).toBe("7 days");
    expect(formatPeriod(3_600)).toBe("hour");
    expect(formatPeriod(12 * 3_600)).toBe("12 hours");
    expect(formatPeriod(90 * 60)).toBe("90 minutes");
    expect(formatPeriod(45)).toBe("45 seconds");
    expect(formatPeriod(90_061)).toBe("90,061 seconds (1 d 1 h 1 min 1 s)");
  });
});

describe("19 (tried as the investor): the chart's times in the user's time zone, not UTC", () => {
  it("labels a candle's start as the history does", () => {
    const t = Date.UTC(2026, 11, 7, 13, 56) / 1000; // 14:56 in Zurich
    expect(chartTimeLabel(t, "time", "en-GB", "Europe/Zurich")).toBe("14:56");
    expect(chartTimeLabel(t, "day", "en-GB", "Europe/Zurich")).toBe("7");
    expect(chartTimeLabel(t, "month", "en-GB", "Europe/Zurich")).toBe("Dec");
    expect(chartTimeLabel(t, "year", "en-GB", "Europe/Zurich")).toBe("2026");
    expect(chartTimeLabel(t, "crosshair", "en-GB", "Europe/Zurich")).toBe("7 Dec 2026, 14:56");
    expect(chartTimeLabel(Date.UTC(2026, 11, 31, 23, 30) / 1000, "year", "en-GB", "Europe/Zurich")).toBe("2027");
  });
});
