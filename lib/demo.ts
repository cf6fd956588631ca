/**
 * Narration for the demo: numbered steps, checks recorded as they pass and summarised at the end, plain-text tables,
 * and expected refusals decoded to the contract's own error. Nothing here knows the suite; scripts/demo.ts tells the
 * story.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { explainFailure } from "./cli";
import { formatRefusal, type Refusal, type RefusalContext } from "./errors/explain";

/** Steps and checks of one narrated run. A failed check stops the run (and the process exits non-zero). */
export class Narrator {
  private readonly passed: string[] = [];
  private steps = 0;

  constructor(private readonly hre: HardhatRuntimeEnvironment) {}

  /** A numbered step heading. */
  step(title: string): void {
    this.steps += 1;
    console.log(`\n== ${this.steps}. ${title}`);
  }

  /** A sub-heading inside a step. */
  note(text: string): void {
    console.log(`-- ${text}`);
  }

  /** Record `what` as checked on chain, or stop the run if `condition` is false. */
  check(condition: boolean, what: string): void {
    if (!condition) throw new Error(`demo check failed: ${what}`);
    this.passed.push(what);
    console.log(`   ok  ${what}`);
  }

  /**
   * Run `action`, a transaction that must be refused, and record the check "`claim` (ErrorName)". Returns the refusal
   * explained as the CLI explains it (lib/errors/explain.ts: subject, reason, human units, cause, remedy); `about`
   * says what the action was about (pair, token, wallet). If it goes through, or fails with another error than
   * `expected` (an error name), the run stops.
   */
  async refused(
    claim: string,
    action: () => Promise<{ wait(): Promise<unknown> }>,
    expected?: string,
    about: Partial<RefusalContext> = {},
  ): Promise<Refusal> {
    let failure: { error: unknown } | undefined;
    try {
      await (await action()).wait();
    } catch (error) {
      failure = { error };
    }
    if (failure === undefined) throw new Error(`demo check failed: ${claim}: the transaction went through`);
    const refusal = await explainFailure(this.hre, failure.error, about);
    if (!refusal) throw new Error(`demo check failed: ${claim}: not a custom error: ${String(failure.error)}`);
    console.log(formatRefusal(refusal).replace(/^/gm, "   "));
    this.check(expected === undefined || refusal.name === expected, `${claim} (${refusal.name})`);
    return refusal;
  }

  /** The summary of every check; returns how many passed. */
  summary(): number {
    console.log(`\n== Summary: checked on chain`);
    for (const c of this.passed) console.log(`  ok  ${c}`);
    console.log(`\n${this.passed.length} checks passed.`);
    return this.passed.length;
  }
}

/** A plain-text table: a header row, a rule, and the rows; numbers (and anything starting with a digit) right-aligned. */
export function table(headers: string[], rows: (string | number | bigint)[][]): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const numeric = headers.map((_, i) => cells.length > 0 && cells.every((r) => /^[-\d.,]+$/.test(r[i] ?? "")));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)]
    .map((l) => `   ${l}`)
    .join("\n");
}

/** An amount of a token with `decimals`, grouped in thousands, trailing zeros trimmed (at most `places` decimals). */
export function amount(value: bigint, decimals: number, places = 2): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(decimals);
  const whole = (abs / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  let fraction = (abs % unit).toString().padStart(decimals, "0").slice(0, places).replace(/0+$/, "");
  if (decimals === 0) fraction = "";
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}
