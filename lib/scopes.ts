import { flagSet } from "./flags";

/**
 * Scope names and bits, exactly as in contracts/types/Scope.sol. One name per concept: the CLI, README and events
 * all say DELEGATE, KYC, LIST, GOVERN, ISSUE, EXCHANGE, CUSTODY, AUDIT, SANCTIONS.
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
  SANCTIONS: 1 << 8,
} as const;

export type ScopeName = keyof typeof Scope;

const scopes = flagSet<ScopeName>("scope", Scope, 32);

export const ALL_SCOPES = scopes.all;
/** The mask for a list of names, e.g. scopeMask("KYC", "DELEGATE"). */
export const scopeMask = scopes.mask;
/** Names of the bits set in a mask, in bit order; reserved bits are shown as `bitN`. */
export const scopeNames = scopes.names;
/** Parse "KYC,DELEGATE" (case-insensitive) or a number into a mask. */
export const parseScopes = scopes.parse;
