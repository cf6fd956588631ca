/**
 * Scope names and bits, exactly as in contracts/types/Scope.sol. One name per concept: the CLI, README and events
 * all say DELEGATE, KYC, LIST, GOVERN, ISSUE, EXCHANGE, CUSTODY, AUDIT.
 */
export const Scope = {
  DELEGATE: 1 << 0,
  KYC: 1 << 1,
  LIST: 1 << 2,
  GOVERN: 1 << 3,
  ISSUE: 1 << 4,
  EXCHANGE: 1 << 5,
  CUSTODY: 1 << 6,
  AUDIT: 1 << 7,
} as const;

export type ScopeName = keyof typeof Scope;

export const ALL_SCOPES = Object.values(Scope).reduce((a, b) => a | b, 0);

/** The mask for a list of names, e.g. scopeMask("KYC", "DELEGATE"). */
export function scopeMask(...names: ScopeName[]): number {
  return names.reduce((mask, name) => mask | Scope[name], 0);
}

/** Names of the bits set in `mask`, in bit order; unknown bits are shown as numbers. */
export function scopeNames(mask: number | bigint): string[] {
  const m = Number(mask);
  const names: string[] = (Object.keys(Scope) as ScopeName[]).filter((n) => (m & Scope[n]) !== 0);
  for (let bit = 8; bit < 32; bit++) if (m & (1 << bit)) names.push(`bit${bit}`);
  return names;
}

/** Parse "KYC,DELEGATE" (case-insensitive) or a number into a mask. */
export function parseScopes(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  return text
    .split(/[,|+\s]+/)
    .filter(Boolean)
    .reduce((mask, raw) => {
      const name = raw.toUpperCase() as ScopeName;
      if (!(name in Scope)) throw new Error(`Unknown scope "${raw}"; known: ${Object.keys(Scope).join(", ")}`);
      return mask | Scope[name];
    }, 0);
}
