/**
 * The registry's enums by name, exactly as in contracts/interfaces/IIdentityRegistry.sol, so that tools print
 * "JurisdictionBarred" rather than 9.
 */
export const Eligibility = {
  Eligible: 0,
  UnknownPolicy: 1,
  UnknownWallet: 2,
  IdentityRevoked: 3,
  Frozen: 4,
  Expired: 5,
  AttesterInvalid: 6,
  RootNotTrusted: 7,
  ClassNotAllowed: 8,
  JurisdictionBarred: 9,
  Sanctioned: 10,
} as const;

export type EligibilityName = keyof typeof Eligibility;

export const IdentityStatus = { None: 0, Active: 1, Revoked: 2 } as const;

/** Why a node cannot attest (the `fault` of the registry's AttesterNotKyc error). */
export const AttesterFault = { Unknown: 0, Invalid: 1, NoKyc: 2 } as const;

export const NonceState = { Unused: 0, Used: 1, Cancelled: 2 } as const;

/** What became of one record offered to a successor registry's import (IIdentityRegistry.ImportOutcome). */
export const ImportOutcome = {
  Imported: 0,
  AlreadyPresent: 1,
  OutsideReservedRange: 2,
  WalletTaken: 3,
  UnknownInPredecessor: 4,
} as const;

/** The name of an eligibility reason returned by `eligibility(wallet, policyId)`. */
export function eligibilityName(code: number | bigint): EligibilityName {
  const name = (Object.keys(Eligibility) as EligibilityName[]).find((n) => Eligibility[n] === Number(code));
  if (!name) throw new Error(`Unknown eligibility code ${code}`);
  return name;
}
