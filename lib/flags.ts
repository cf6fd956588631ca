/**
 * Named bits of a mask (scopes, client classes): build a mask from names, list the names in a mask, parse a
 * comma-separated list. One implementation for every such vocabulary.
 */
export function flagSet<Name extends string>(kind: string, table: Readonly<Record<Name, number>>, width: number) {
  const names = Object.keys(table) as Name[];
  const known = names.reduce((m, n) => m | table[n], 0);
  return {
    /** Every bit defined today. */
    all: known,
    /** The mask for a list of names. */
    mask(...list: Name[]): number {
      return list.reduce((m, n) => m | table[n], 0);
    },
    /** Names of the bits set in `mask`, in bit order; bits with no name are shown as `bitN`. */
    names(mask: number | bigint): string[] {
      const m = Number(mask);
      const out: string[] = names.filter((n) => (m & table[n]) !== 0);
      for (let bit = 0; bit < width; bit++) {
        if ((m & (2 ** bit)) !== 0 && ((known >>> 0) & (2 ** bit)) === 0) out.push(`bit${bit}`);
      }
      return out;
    },
    /** Parse "A,B" (case-insensitive; separators `,` `|` `+` or spaces) or a plain number into a mask. */
    parse(text: string): number {
      if (/^\d+$/.test(text.trim())) return Number(text);
      return text
        .split(/[,|+\s]+/)
        .filter(Boolean)
        .reduce((m, raw) => {
          const name = raw.toUpperCase() as Name;
          if (!(name in table)) throw new Error(`Unknown ${kind} "${raw}"; known: ${names.join(", ")}`);
          return m | table[name];
        }, 0);
    },
  };
}
