/**
 * Simulate first, then send: every write the console makes is first run as an eth_call (ethers' staticCall) from the
 * user's address; a refusal is decoded and explained in words by lib/errors/explain.ts, the same catalogue the CLI
 * and the demo use, before anything is signed. A transaction that fails after all (the state moved in between) is
 * explained the same way from its receipt's error.
 */
import { Interface, type InterfaceAbi } from "ethers";
import type { Refusal, RefusalContext } from "../../../lib/errors/explain";
import { formatWhen, storedTimeToDate } from "./time";

export type { Refusal } from "../../../lib/errors/explain";

/**
 * The suite's custom errors as one Interface (from the deployment file's error fragments, one per signature: the
 * file's generator drops repeats, as lib/errors/explain.ts's errorInterface does).
 */
export function suiteErrors(errors: readonly { type: string }[]): Interface {
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return new Interface(unique as InterfaceAbi);
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal?: Refusal; message: string };

/** Run `call` (a simulation); a revert comes back as a refusal in words, never as a thrown error. */
export async function simulate<T>(errors: Interface, ctx: RefusalContext, call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return refused(errors, ctx, error);
  }
}

/** A failure explained: the catalogue's words when it carries a custom error, else the node's message. */
export async function refused(errors: Interface, ctx: RefusalContext, error: unknown): Promise<Outcome<never>> {
  // The catalogue and its explainer load on the first refusal: they are most of what the console's first page
  // would otherwise download.
  const { explainRefusal } = await import("../../../lib/errors/explain");
  // Dates in the user's locale and time zone (the CLI's explainer writes ISO in UTC).
  const formatDate = (seconds: number) => formatWhen(storedTimeToDate(seconds));
  const refusal = await explainRefusal(errors, error, { formatDate, ...ctx }).catch(() => undefined);
  if (refusal) return { ok: false, refusal, message: headline(refusal) };
  const message =
    (error as { shortMessage?: string })?.shortMessage ?? (error instanceof Error ? error.message : String(error));
  return { ok: false, message };
}

/** One line: who refused and why, by name. */
export function headline(refusal: Refusal): string {
  return `Refused by ${refusal.subject}: ${refusal.reason}`;
}

/** The whole explanation as lines, for a screen: headline, meaning, cause, what to do. */
export function refusalLines(refusal: Refusal): string[] {
  const lines = [headline(refusal)];
  if (refusal.words) lines.push(refusal.words);
  if (refusal.cause) lines.push(refusal.cause);
  if (refusal.remedy) lines.push(`What to do: ${refusal.remedy}`);
  return lines;
}
