/**
 * Greedy clusters over a time line: the longest run of items starting at each point whose span fits in `window`,
 * kept when it holds at least `min` items; the next cluster starts after it. Deterministic, O(n^2) at worst.
 */
export function clusters<T>(items: T[], start: (x: T) => bigint, end: (x: T) => bigint, window: bigint, min: number) {
  const sorted = [...items].sort((a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : 0));
  const out: T[][] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && end(sorted[j + 1]) - start(sorted[i]) <= window) j++;
    if (j - i + 1 >= min) {
      out.push(sorted.slice(i, j + 1));
      i = j + 1;
    } else i++;
  }
  return out;
}

/** Group by a string key, in first-seen order. */
export function groupBy<T>(items: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** A log's place in the chain, from the indexer's row id `${block}-${logIndex}`, for ordering within a block. */
export function place(row: { id: string; block: bigint }): bigint {
  const logIndex = BigInt(row.id.split("-")[1] ?? "0");
  return row.block * 1_000_000n + logIndex;
}
