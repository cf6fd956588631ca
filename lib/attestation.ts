/**
 * KYC attestations and wallet consents: the one definition of the registry's EIP-712 domain and types, and the
 * helpers that sign, verify, save, load and submit them. Used by scripts/kyc-sign.ts (an institution, offline),
 * scripts/kyc-submit.ts (the investor), the tests, the bench and the demo. The type strings must stay in step with
 * IdentityRegistry.ATTESTATION_TYPEHASH and CONSENT_TYPEHASH; a test compares them.
 */
import {
  getAddress,
  isHexString,
  keccak256,
  randomBytes,
  toBigInt,
  TypedDataEncoder,
  verifyTypedData,
  type BytesLike,
  type ContractTransactionReceipt,
  type TypedDataDomain,
} from "ethers";
import type { IdentityRegistry } from "../typechain-types";

/** EIP-712 domain name and version of IdentityRegistry. */
export const DOMAIN_NAME = "IdentityRegistry";
export const DOMAIN_VERSION = "1";

/** EIP-712 types of an attestation, in the field order of the Solidity struct IIdentityRegistry.Attestation. */
export const ATTESTATION_TYPES = {
  Attestation: [
    { name: "wallet", type: "address" },
    { name: "classes", type: "uint8" },
    { name: "jurisdiction", type: "uint16" },
    { name: "expiry", type: "uint40" },
    { name: "evidenceHash", type: "bytes32" },
    { name: "attester", type: "uint64" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint40" },
  ],
};

/**
 * EIP-712 types of a wallet's consent to be bound to an identity, in the field order of the registry's type string:
 * identityId 0 and the attesting node for a new identity; the identity's id and attester 0 to join an existing one.
 */
export const CONSENT_TYPES = {
  WalletConsent: [
    { name: "wallet", type: "address" },
    { name: "identityId", type: "uint64" },
    { name: "attester", type: "uint64" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint40" },
  ],
};

/** The registry's bounds (IdentityRegistry.MAX_ATTESTATION_WINDOW and MAX_KYC_VALIDITY), in seconds. */
export const MAX_ATTESTATION_WINDOW = 30 * 86_400;
export const MAX_KYC_VALIDITY = 5 * 365 * 86_400;

/**
 * Why the registry would refuse an attestation's evidence hash, or undefined: the zero hash is no evidence
 * (IdentityRegistry: MissingEvidence).
 */
export function evidenceProblem(evidenceHash: string): string | undefined {
  if (!isHexString(evidenceHash, 32)) return "must be 32 bytes of hex";
  if (BigInt(evidenceHash) === 0n) return "the zero hash is no evidence (the registry refuses it: MissingEvidence)";
  return undefined;
}

/**
 * Why the registry would refuse identity expiry `expiry` (seconds) attested by node `attester`, whose own lease ends
 * at `lease`, or undefined. The registry bounds an identity's expiry by its attesting node's own lease
 * (`node(attester).expiry`) at registration, and again when the identity migrates (ExpiryTooLate).
 */
export function leaseProblem(expiry: bigint, attester: bigint, lease: bigint): string | undefined {
  if (expiry <= lease) return undefined;
  return (
    `beyond the lease of attesting node ${attester}, which ends at ${lease} ` +
    `(${new Date(Number(lease) * 1000).toISOString()}); the registry refuses it (ExpiryTooLate)`
  );
}

/** What a wallet signs to agree to be bound: the identity it joins (or 0 and the attesting node), nonce, deadline. */
export interface WalletConsent {
  wallet: string;
  identityId: bigint;
  attester: bigint;
  /** A nonce of the wallet's own nonce space (shared with any attestation it signs). */
  nonce: bigint;
  /** Seconds; usable while now <= deadline, and at most MAX_ATTESTATION_WINDOW ahead when used. */
  deadline: bigint;
}

/** A consent as the registry's functions take it (IIdentityRegistry.Consent). */
export interface Consent {
  nonce: bigint;
  deadline: bigint;
  signature: string;
}

/**
 * A wallet's signed consent as a file: what `kyc:consent` writes, and `kyc:register`, the console's direct
 * registration and its wallet replacement read (numbers as decimal strings, as JSON keeps them exactly).
 */
export type ConsentFile = {
  registry: string;
  chainId: string;
  wallet: string;
  identityId: string;
  attester: string;
  nonce: string;
  deadline: string;
  signature: string;
};

/** No signed consent: for a call whose sender is the wallet itself. */
export const NO_CONSENT: Consent = { nonce: 0n, deadline: 0n, signature: "0x" };

/** What a KYC node's account signs: a client's registration, bound to its node, a nonce and a deadline. */
export interface Attestation {
  wallet: string;
  classes: number;
  jurisdiction: number;
  /** Seconds; the identity is eligible while now < expiry. */
  expiry: bigint;
  evidenceHash: string;
  /** The signer's KYC node id. */
  attester: bigint;
  nonce: bigint;
  /** Seconds; the attestation may be submitted while now <= deadline. */
  deadline: bigint;
}

export interface AttestationDomain {
  name: string;
  version: string;
  chainId: bigint;
  verifyingContract: string;
}

/** The file an institution hands to its client: the attestation, where it is valid, and the signature. */
export interface SignedAttestation {
  domain: AttestationDomain;
  attestation: Attestation;
  signature: string;
  /** The account that signed (the attester node's account), for the reader; the registry checks it itself. */
  signer: string;
  /** The EIP-712 digest that was signed (what an ERC-1271 signer approves). */
  digest: string;
}

/** Anything that can sign EIP-712 data: an ethers Wallet, a JSON-RPC signer, a Hardhat signer. */
export interface TypedDataSigner {
  getAddress(): Promise<string>;
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, { name: string; type: string }[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

/** The registry's EIP-712 domain on chain `chainId` at `registry` (for attestations and consents alike). */
export function attestationDomain(chainId: bigint | number, registry: string): AttestationDomain {
  return {
    name: DOMAIN_NAME,
    version: DOMAIN_VERSION,
    chainId: BigInt(chainId),
    verifyingContract: getAddress(registry),
  };
}

/** "Attestation(address wallet,...)": the encoded type, as hashed into ATTESTATION_TYPEHASH. */
export function attestationTypeString(): string {
  return TypedDataEncoder.from(ATTESTATION_TYPES).encodeType("Attestation");
}

/** The EIP-712 digest of `attestation` under `domain` (equals IdentityRegistry.attestationDigest). */
export function attestationDigest(domain: AttestationDomain, attestation: Attestation): string {
  return TypedDataEncoder.hash(domain, ATTESTATION_TYPES, { ...attestation });
}

/** Sign `attestation` for the registry of `domain`. The signer must be the account of node `attestation.attester`. */
export async function signAttestation(
  signer: TypedDataSigner,
  domain: AttestationDomain,
  attestation: Attestation,
): Promise<SignedAttestation> {
  const normalised = normaliseAttestation(attestation);
  const signature = await signer.signTypedData(domain, ATTESTATION_TYPES, { ...normalised });
  return {
    domain,
    attestation: normalised,
    signature,
    signer: getAddress(await signer.getAddress()),
    digest: attestationDigest(domain, normalised),
  };
}

/** "WalletConsent(address wallet,...)": the encoded type, as hashed into CONSENT_TYPEHASH. */
export function consentTypeString(): string {
  return TypedDataEncoder.from(CONSENT_TYPES).encodeType("WalletConsent");
}

/** The EIP-712 digest of `consent` under `domain` (equals IdentityRegistry.consentDigest). */
export function consentDigest(domain: AttestationDomain, consent: WalletConsent): string {
  return TypedDataEncoder.hash(domain, CONSENT_TYPES, { ...consent });
}

/** The wallet `consent.wallet` signs its consent for the registry of `domain`; returns what the registry takes. */
export async function signConsent(
  wallet: TypedDataSigner,
  domain: AttestationDomain,
  consent: WalletConsent,
): Promise<Consent> {
  const value = {
    wallet: getAddress(consent.wallet),
    identityId: BigInt(consent.identityId),
    attester: BigInt(consent.attester),
    nonce: BigInt(consent.nonce),
    deadline: BigInt(consent.deadline),
  };
  const signature = await wallet.signTypedData(domain, CONSENT_TYPES, value);
  return { nonce: value.nonce, deadline: value.deadline, signature };
}

/** The address that produced an ECDSA signature of the attestation (not meaningful for ERC-1271 signatures). */
export function recoverAttestationSigner(signed: SignedAttestation): string {
  return verifyTypedData(signed.domain, ATTESTATION_TYPES, { ...signed.attestation }, signed.signature);
}

/** A random 256-bit nonce. Sequential nonces are cheaper to use (256 share one storage word) but need bookkeeping. */
export function randomNonce(): bigint {
  return toBigInt(randomBytes(32));
}

/** The evidence hash of an off-chain KYC file's bytes. */
export function evidenceHashOf(contents: BytesLike): string {
  return keccak256(contents);
}

/** JSON text of a signed attestation, integers as decimal strings. */
export function signedAttestationToJson(signed: SignedAttestation): string {
  return JSON.stringify(signed, (_key, value) => (typeof value === "bigint" ? value.toString() : value), 2) + "\n";
}

/** Read a signed attestation from its JSON text, checking every field's shape. */
export function signedAttestationFromJson(text: string): SignedAttestation {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const d = field<Record<string, unknown>>(raw, "domain", "object");
  const a = field<Record<string, unknown>>(raw, "attestation", "object");
  const domain: AttestationDomain = {
    name: field<string>(d, "name", "string"),
    version: field<string>(d, "version", "string"),
    chainId: BigInt(field<string>(d, "chainId", "string")),
    verifyingContract: getAddress(field<string>(d, "verifyingContract", "string")),
  };
  if (domain.name !== DOMAIN_NAME || domain.version !== DOMAIN_VERSION) {
    throw new Error(`Not an IdentityRegistry attestation: domain ${domain.name} ${domain.version}`);
  }
  const attestation = normaliseAttestation({
    wallet: field<string>(a, "wallet", "string"),
    classes: field<number>(a, "classes", "number"),
    jurisdiction: field<number>(a, "jurisdiction", "number"),
    expiry: BigInt(field<string>(a, "expiry", "string")),
    evidenceHash: field<string>(a, "evidenceHash", "string"),
    attester: BigInt(field<string>(a, "attester", "string")),
    nonce: BigInt(field<string>(a, "nonce", "string")),
    deadline: BigInt(field<string>(a, "deadline", "string")),
  });
  const signature = field<string>(raw, "signature", "string");
  if (!isHexString(signature)) throw new Error("signature is not hex");
  return {
    domain,
    attestation,
    signature,
    signer: getAddress(field<string>(raw, "signer", "string")),
    digest: attestationDigest(domain, attestation),
  };
}

/**
 * Submit a signed attestation to `registry` (connected to the submitting signer). Checks first that the file was
 * signed for this registry and chain, then simulates the call so that a refusal surfaces as the registry's custom
 * error before any gas is spent. Returns the new identity's id and the receipt. `consent` is the wallet's, needed
 * when the submitter is not the wallet itself.
 */
export async function submitSignedAttestation(
  registry: IdentityRegistry,
  signed: SignedAttestation,
  consent: Consent = NO_CONSENT,
): Promise<{ identityId: bigint; receipt: ContractTransactionReceipt }> {
  const address = getAddress(await registry.getAddress());
  if (address !== signed.domain.verifyingContract) {
    throw new Error(`Attestation was signed for registry ${signed.domain.verifyingContract}, not ${address}`);
  }
  const provider = registry.runner?.provider;
  if (!provider) throw new Error("registry has no provider");
  const { chainId } = await provider.getNetwork();
  if (chainId !== signed.domain.chainId) {
    throw new Error(`Attestation was signed for chain ${signed.domain.chainId}, but this network is chain ${chainId}`);
  }
  if ((await provider.getCode(address)) === "0x") {
    throw new Error(`No contract at ${address} on chain ${chainId}: is this the network the registry is on?`);
  }
  try {
    await registry.submitAttestation.staticCall(signed.attestation, signed.signature, consent);
  } catch (error) {
    throw new Error(`The registry refuses this attestation: ${describeRevert(registry, error)}`, { cause: error });
  }
  const tx = await registry.submitAttestation(signed.attestation, signed.signature, consent);
  const receipt = await tx.wait();
  if (!receipt) throw new Error("no receipt");
  for (const log of receipt.logs) {
    const parsed = registry.interface.parseLog(log);
    if (parsed?.name === "AttestationUsed") return { identityId: parsed.args.identityId as bigint, receipt };
  }
  throw new Error("no AttestationUsed event in the receipt");
}

/** A registry revert as "ErrorName(arg, ...)" when it is one of the registry's custom errors. */
export function describeRevert(registry: IdentityRegistry, error: unknown): string {
  const data = (error as { data?: string })?.data;
  if (typeof data === "string" && isHexString(data) && data.length >= 10) {
    const parsed = registry.interface.parseError(data);
    if (parsed) return `${parsed.name}(${parsed.args.map((v) => String(v)).join(", ")})`;
  }
  return error instanceof Error ? error.message : String(error);
}

function normaliseAttestation(a: Attestation): Attestation {
  const attestation: Attestation = {
    wallet: getAddress(a.wallet),
    classes: Number(a.classes),
    jurisdiction: Number(a.jurisdiction),
    expiry: BigInt(a.expiry),
    evidenceHash: a.evidenceHash,
    attester: BigInt(a.attester),
    nonce: BigInt(a.nonce),
    deadline: BigInt(a.deadline),
  };
  if (!isHexString(attestation.evidenceHash, 32)) throw new Error("evidenceHash must be 32 bytes of hex");
  return attestation;
}

function field<T>(object: Record<string, unknown>, name: string, type: "string" | "number" | "object"): T {
  const value = object?.[name];
  if (typeof value !== type || value === null) throw new Error(`attestation file: "${name}" must be a ${type}`);
  return value as T;
}
