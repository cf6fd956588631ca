/**
 * The reconciliation's vocabulary, shared by every part of the audit: a difference is (entity, field, rebuilt value,
 * on-chain value), values are compared as the report shows them, and list views are read to the end page by page.
 */
export type Difference = { entity: string; field: string; rebuilt: string; onChain: string };

const PAGE = 500n;

/** A value as the report shows it; `undefined` is a fact one side does not have. */
export function show(value: unknown): string {
  if (value === undefined) return "(absent)";
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${show(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

/** The differences found so far; every check adds one when the two sides disagree. */
export class Differences {
  readonly list: Difference[] = [];
  check(entity: string, field: string, rebuilt: unknown, onChain: unknown): void {
    const [r, c] = [show(rebuilt), show(onChain)];
    if (r !== c) this.list.push({ entity, field, rebuilt: r, onChain: c });
  }
  /** Compare two records field by field (either may be absent). */
  record(entity: string, rebuilt: object | undefined, onChain: object | undefined): void {
    if (!rebuilt || !onChain) {
      this.check(entity, "exists", rebuilt ? "yes" : undefined, onChain ? "yes" : undefined);
      return;
    }
    const fields = new Set([...Object.keys(rebuilt), ...Object.keys(onChain)]);
    for (const f of fields) {
      this.check(entity, f, (rebuilt as Record<string, unknown>)[f], (onChain as Record<string, unknown>)[f]);
    }
  }
}

/** Every item of a paged list view. */
export async function everything<T>(page: (offset: bigint, limit: bigint) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0n; ; offset += PAGE) {
    const got = await page(offset, PAGE);
    out.push(...got);
    if (BigInt(got.length) < PAGE) return out;
  }
}

export const max = (a: bigint, b: bigint) => (a > b ? a : b);
