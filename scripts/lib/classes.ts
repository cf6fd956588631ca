/**
 * Client class names and bits, exactly as in contracts/types/ClientClass.sol (library ClientClasses). One name per
 * concept: the CLI, README and events all say INSTITUTIONAL, ACCREDITED, PROFESSIONAL, RETAIL.
 */
export const ClientClass = {
  INSTITUTIONAL: 1 << 0,
  ACCREDITED: 1 << 1,
  PROFESSIONAL: 1 << 2,
  RETAIL: 1 << 3,
} as const;

export type ClientClassName = keyof typeof ClientClass;

export const ALL_CLASSES = Object.values(ClientClass).reduce((a, b) => a | b, 0);

/** The mask for a list of names, e.g. classMask("INSTITUTIONAL", "ACCREDITED"). */
export function classMask(...names: ClientClassName[]): number {
  return names.reduce((mask, name) => mask | ClientClass[name], 0);
}

/** Names of the bits set in `mask`, in bit order; unknown bits are shown as numbers. */
export function classNames(mask: number | bigint): string[] {
  const m = Number(mask);
  const names: string[] = (Object.keys(ClientClass) as ClientClassName[]).filter((n) => (m & ClientClass[n]) !== 0);
  for (let bit = 4; bit < 8; bit++) if (m & (1 << bit)) names.push(`bit${bit}`);
  return names;
}

/** Parse "INSTITUTIONAL,ACCREDITED" (case-insensitive) or a number into a mask. */
export function parseClasses(text: string): number {
  if (/^\d+$/.test(text.trim())) return Number(text);
  return text
    .split(/[,|+\s]+/)
    .filter(Boolean)
    .reduce((mask, raw) => {
      const name = raw.toUpperCase() as ClientClassName;
      if (!(name in ClientClass)) {
        throw new Error(`Unknown client class "${raw}"; known: ${Object.keys(ClientClass).join(", ")}`);
      }
      return mask | ClientClass[name];
    }, 0);
}
