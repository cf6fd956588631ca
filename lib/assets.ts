/**
 * Asset-service vocabulary, exactly as in contracts/interfaces/IAssetRegistry.sol and IPairRegistry.sol: one name per
 * concept across Solidity, TypeScript, events and the CLI.
 */
export const AssetKind = { External: 0, Native: 1 } as const;
export type AssetKindName = keyof typeof AssetKind;

export const AttestationKind = { Reserve: 0, AuditReport: 1, Disclosure: 2, Insurance: 3 } as const;
export type AttestationKindName = keyof typeof AttestationKind;

export const PairStatus = { None: 0, Proposed: 1, Listed: 2, Halted: 3, Delisted: 4, Withdrawn: 5 } as const;
export type PairStatusName = keyof typeof PairStatus;

export const ProductType = { Spot: 0, Futures: 1, Options: 2 } as const;
export type ProductTypeName = keyof typeof ProductType;

/** The attestation-kind mask for a list of names, e.g. kindMask("Reserve", "Insurance") === 0b1001. */
export function kindMask(...names: AttestationKindName[]): number {
  return names.reduce((mask, name) => mask | (1 << AttestationKind[name]), 0);
}

/** Names of the kinds set in `mask`, in kind order. */
export function kindNames(mask: number | bigint): AttestationKindName[] {
  const m = Number(mask);
  return (Object.keys(AttestationKind) as AttestationKindName[]).filter((n) => (m & (1 << AttestationKind[n])) !== 0);
}

/** The name of a numeric status/kind value, for display. */
export function nameOf<T extends Record<string, number>>(table: T, value: number | bigint): string {
  const v = Number(value);
  return Object.keys(table).find((k) => table[k] === v) ?? `unknown(${v})`;
}
