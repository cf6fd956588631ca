/**
 * The institution's workspace, its pure parts (tested in app/test/institution.test.ts): an identity's expiry bounded
 * by the attester's lease, the wallet's consent file (kyc:consent's format) checked against the registration it is
 * for, a client's standing in words, what a node's scopes let the account do here, the QR code of a link as an SVG
 * path, and the mint's amount against the headroom.
 */
import { encodeBytes32String, getAddress, isHexString, toUtf8Bytes, ZeroHash } from "ethers";
import qrcode from "qrcode-generator";
import { MAX_KYC_VALIDITY, type Consent, type ConsentFile } from "../../../lib/attestation";
import type { Headroom } from "../../../lib/headroom";
import { Scope, type ScopeName } from "../../../lib/scopes";
import { formatAmount, parseAmount } from "../../../lib/units";

export const DAY = 86_400;

/** The identity's expiry: `days` from `now`, but never past the attester's lease nor MAX_KYC_VALIDITY from now. */
export function expiryFor(now: number, days: number, leaseEnd: number): number {
  return Math.min(now + days * DAY, leaseEnd, now + MAX_KYC_VALIDITY);
}

/** An account's node under one root, as the workspace uses it. */
export type InstitutionNode = {
  root: bigint;
  id: bigint;
  depth: number;
  scopes: number;
  valid: boolean;
  /** The node's lease (seconds). */
  leaseEnd: number;
};

/** The first valid node holding `scope` (an act is offered only through one). */
export function nodeWith(nodes: readonly InstitutionNode[], scope: ScopeName): InstitutionNode | undefined {
  return nodes.find((n) => n.valid && (n.scopes & Scope[scope]) !== 0);
}

/** Why an act needing `scope` is not offered, in words; undefined when it is. */
export function notOffered(nodes: readonly InstitutionNode[], scope: ScopeName): string | undefined {
  if (nodeWith(nodes, scope)) return undefined;
  const held = nodes.filter((n) => (n.scopes & Scope[scope]) !== 0);
  if (held.length === 0) return `this account holds no node with the ${scope} scope`;
  return `its ${scope} node${held.length > 1 ? "s are" : " is"} not valid now (suspended, revoked, expired or cut off above)`;
}

/** kyc:consent's file (lib/attestation.ts): the wallet's signed consent, and what it consents to. */
export type { ConsentFile };

/**
 * The consent a registration or a wallet replacement needs, read from kyc:consent's file and checked against what it
 * is for: this registry and chain, this wallet, and a new identity by `attester` (identityId 0) or identity
 * `identityId` (attester 0). Throws an Error in words when it does not fit; the registry checks the signature itself.
 */
export function consentFromFile(
  text: string,
  expect: { registry: string; chainId: number | bigint; wallet: string; attester?: bigint; identityId?: bigint },
): Consent {
  let file: Partial<ConsentFile>;
  try {
    file = JSON.parse(text) as Partial<ConsentFile>;
  } catch {
    throw new Error("the consent is not JSON (paste the file kyc:consent wrote)");
  }
  for (const key of ["registry", "chainId", "wallet", "identityId", "attester", "nonce", "deadline", "signature"])
    if (typeof (file as Record<string, unknown>)[key] !== "string")
      throw new Error(`the consent has no ${key} (paste the file kyc:consent wrote)`);
  const f = file as ConsentFile;
  if (getAddress(f.registry) !== getAddress(expect.registry))
    throw new Error(`the consent is for registry ${f.registry}, not this one (${expect.registry})`);
  if (BigInt(f.chainId) !== BigInt(expect.chainId))
    throw new Error(`the consent is for chain ${f.chainId}, not ${expect.chainId}`);
  if (getAddress(f.wallet) !== getAddress(expect.wallet))
    throw new Error(`the consent is the consent of ${f.wallet}, not of ${expect.wallet}`);
  if (expect.identityId !== undefined && BigInt(f.identityId) !== expect.identityId)
    throw new Error(`the consent is to join identity ${f.identityId}, not identity ${expect.identityId}`);
  if (expect.attester !== undefined && (BigInt(f.identityId) !== 0n || BigInt(f.attester) !== expect.attester))
    throw new Error(
      BigInt(f.identityId) !== 0n
        ? `the consent is to join identity ${f.identityId}, not to a new identity by node #${expect.attester}`
        : `the consent is to a registration by node #${f.attester}, not by node #${expect.attester}`,
    );
  if (!isHexString(f.signature) || f.signature.length < 4) throw new Error("the consent's signature is not hex");
  return { nonce: BigInt(f.nonce), deadline: BigInt(f.deadline), signature: f.signature };
}

/** An identity as the registry's identity() view returns it (the fields the client list reads). */
export type IdentityView = { status: bigint | number; frozen: boolean; expiry: bigint | number };

/** A client's standing in one word: revoked, frozen, expired or active (revocation first: it is final). */
export function clientStanding(
  identity: IdentityView,
  nowSeconds: number,
): "revoked" | "frozen" | "expired" | "active" {
  if (Number(identity.status) === 2) return "revoked";
  if (identity.frozen) return "frozen";
  if (Number(identity.expiry) <= nowSeconds) return "expired";
  return "active";
}

/**
 * A typed mint amount against the headroom: the amount in smallest units, or the refusal in words (not an amount,
 * zero, or above the headroom, saying which bound binds).
 */
export function checkMint(
  text: string,
  decimals: number,
  symbol: string,
  room: Headroom,
  format: (value: bigint, decimals: number) => string = formatAmount,
): { ok: true; amount: bigint } | { ok: false; why: string } {
  let amount: bigint;
  try {
    amount = parseAmount(text, decimals, "amount");
  } catch (e) {
    return { ok: false, why: e instanceof Error ? e.message : String(e) };
  }
  if (amount <= 0n) return { ok: false, why: "the amount must be above zero" };
  const u = (v: bigint) => `${format(v, decimals)} ${symbol}`;
  if (amount > room.now) {
    const binding =
      room.now === room.byReserve
        ? "the attested reserve at the reserve ratio"
        : room.now === room.byCap
          ? "the supply cap"
          : "the mint rate of this window";
    return {
      ok: false,
      why:
        `${u(amount)} is above the headroom of ${u(room.now)}, bounded by ${binding} ` +
        `(rate ${u(room.byRate)}, cap ${u(room.byCap)}, reserve ${u(room.byReserve)})`,
    };
  }
  return { ok: true, amount };
}

/** The QR code of `text` as one SVG path of unit squares (size x size modules, no margin), error correction M. */
export function qrPath(text: string): { size: number; path: string } {
  const qr = qrcode(0, "M");
  qr.addData(text, "Byte");
  qr.make();
  const size = qr.getModuleCount();
  let path = "";
  for (let row = 0; row < size; row++)
    for (let col = 0; col < size; col++) if (qr.isDark(row, col)) path += `M${col} ${row}h1v1h-1z`;
  return { size, path };
}

/**
 * A reason (or payout reference) from words as the contracts' bytes32: at most 31 bytes of UTF-8, cut at a character.
 * Nothing typed records none (zero): the contracts that need one refuse it in words (MissingReason), and no record
 * carries a word the user never wrote.
 */
export function reasonBytes32(text: string): string {
  let t = text.trim();
  while (toUtf8Bytes(t).length > 31) t = t.slice(0, -1);
  return t ? encodeBytes32String(t) : ZeroHash;
}

const CONTROL_ROLES = ["button", "textbox", "combobox", "checkbox", "link", "spinbutton", "radio", "slider", "listbox"];

/**
 * The controls of a Playwright aria snapshot (its YAML) that have no accessible name: a line such as `- textbox` or
 * `- button [disabled]` with no quoted name after the role (the e2e's accessibility check of this workspace).
 */
export function unnamedControls(snapshot: string): string[] {
  const pattern = new RegExp(`^\\s*- (${CONTROL_ROLES.join("|")})(?=$|[\\s:\\[])(?!\\s+")`);
  return snapshot.split("\n").filter((line) => pattern.test(line));
}
