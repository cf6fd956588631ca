import { Wallet, verifyTypedData } from "ethers";
import { describe, expect, it } from "vitest";
import { attestationDomain, consentDigest, CONSENT_TYPES, type WalletConsent } from "../../lib/attestation";
import { mintHeadroom, type HeadroomInputs } from "../../lib/headroom";
import { scopeMask } from "../../lib/scopes";
import {
  checkMint,
  clientStanding,
  consentFromFile,
  expiryFor,
  nodeWith,
  notOffered,
  qrPath,
  reasonBytes32,
  unnamedControls,
} from "../src/institution/logic";

const BOND = (n: bigint) => n * 10n ** 6n;
const base: HeadroomInputs = {
  supply: BOND(99_000n),
  supplyCap: BOND(1_000_000n),
  mintRate: BOND(120_000n),
  mintedInWindow: 0n,
  reserveRatioBps: 10_000,
  reserve: BOND(10_000_000n),
  redeemedSnapshot: 0n,
  reserveValid: true,
  totalRedeemed: 0n,
};

describe("the mint's headroom (lib/headroom.ts)", () => {
  it("is the least of rate, cap and reserve", () => {
    const h = mintHeadroom(base);
    expect(h).toMatchObject({ byRate: BOND(120_000n), byCap: BOND(901_000n), byReserve: BOND(9_901_000n) });
    expect(h.now).toBe(BOND(120_000n));
    expect(mintHeadroom({ ...base, mintedInWindow: BOND(119_999n) }).now).toBe(BOND(1n));
    expect(mintHeadroom({ ...base, supplyCap: BOND(99_500n) }).now).toBe(BOND(500n));
  });
  it("backs supply x ratio <= (reserve - redeemed since) x 10,000, rounded down; nothing when the reserve lapsed", () => {
    // 150%: a reserve of 150,000 backs 100,000; 1,500 redeemed since leave 148,500, backing 99,000.
    const h = mintHeadroom({
      ...base,
      reserveRatioBps: 15_000,
      reserve: BOND(150_000n),
      redeemedSnapshot: BOND(500n),
      totalRedeemed: BOND(2_000n),
    });
    expect(h.redeemedSince).toBe(BOND(1_500n));
    expect(h.byReserve).toBe(0n);
    expect(mintHeadroom({ ...base, supply: 0n, reserveRatioBps: 30_000, reserve: 10n }).byReserve).toBe(3n);
    expect(mintHeadroom({ ...base, reserveValid: false }).now).toBe(0n);
  });
});

describe("a mint's amount against the headroom", () => {
  const room = mintHeadroom(base);
  it("passes within it, in the token's units", () => {
    expect(checkMint("1.5", 6, "BOND", room)).toEqual({ ok: true, amount: 1_500_000n });
    expect(checkMint("120000", 6, "BOND", room)).toEqual({ ok: true, amount: BOND(120_000n) });
  });
  it("refuses above it in words, naming the bound that binds", () => {
    const r = checkMint("120000.000001", 6, "BOND", room);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.why).toMatch(/above the headroom of 120000 BOND, bounded by the mint rate of this window/);
    const cap = checkMint("600", 6, "BOND", mintHeadroom({ ...base, supplyCap: BOND(99_500n) }));
    expect(!cap.ok && cap.why).toMatch(/bounded by the supply cap/);
    const lapsed = checkMint("1", 6, "BOND", mintHeadroom({ ...base, reserveValid: false }));
    expect(!lapsed.ok && lapsed.why).toMatch(/bounded by the attested reserve/);
  });
  it("refuses what is no amount, zero, or finer than the token", () => {
    expect(checkMint("abc", 6, "BOND", room).ok).toBe(false);
    expect(checkMint("0", 6, "BOND", room)).toEqual({ ok: false, why: "the amount must be above zero" });
    expect(checkMint("0.0000001", 6, "BOND", room).ok).toBe(false);
  });
});

describe("the wallet's consent file (kyc:consent's format)", async () => {
  const wallet = new Wallet("0x" + "11".repeat(32));
  const registry = "0x00000000000000000000000000000000000000aa";
  const domain = attestationDomain(31337, registry);
  const consent: WalletConsent = { wallet: wallet.address, identityId: 0n, attester: 3n, nonce: 7n, deadline: 1000n };
  const signature = await wallet.signTypedData(domain, CONSENT_TYPES, { ...consent });
  const file = (over: Record<string, string> = {}) =>
    JSON.stringify({
      registry,
      chainId: "31337",
      wallet: wallet.address,
      identityId: "0",
      attester: "3",
      nonce: "7",
      deadline: "1000",
      signature,
      ...over,
    });
  const expect3 = { registry, chainId: 31337, wallet: wallet.address, attester: 3n };
  it("reads the consent to a registration by the node, as the registry takes it", () => {
    const c = consentFromFile(file(), expect3);
    expect(c).toEqual({ nonce: 7n, deadline: 1000n, signature });
    expect(verifyTypedData(domain, CONSENT_TYPES, { ...consent }, c.signature)).toBe(wallet.address);
    expect(consentDigest(domain, consent)).toMatch(/^0x/);
  });
  it("refuses, in words, a consent for another wallet, node, identity, registry or chain", () => {
    expect(() => consentFromFile(file(), { ...expect3, wallet: registry })).toThrow(/consent of 0x/);
    expect(() => consentFromFile(file(), { ...expect3, attester: 4n })).toThrow(/by node #3, not by node #4/);
    expect(() => consentFromFile(file({ identityId: "9", attester: "0" }), expect3)).toThrow(/join identity 9/);
    expect(() => consentFromFile(file(), { ...expect3, registry: wallet.address })).toThrow(/for registry/);
    expect(() => consentFromFile(file(), { ...expect3, chainId: 1 })).toThrow(/for chain 31337, not 1/);
    expect(() => consentFromFile("{", expect3)).toThrow(/not JSON/);
    expect(() => consentFromFile(JSON.stringify({ registry }), expect3)).toThrow(/has no chainId/);
  });
  it("to join an identity (a wallet replacement's successor)", () => {
    const text = file({ identityId: "9", attester: "0" });
    const { attester: _a, ...rest } = expect3;
    expect(consentFromFile(text, { ...rest, identityId: 9n }).nonce).toBe(7n);
    expect(() => consentFromFile(text, { ...rest, identityId: 8n })).toThrow(/identity 9, not identity 8/);
  });
});

describe("the workspace's pure parts", () => {
  const node = (scopes: number, valid = true) => ({ root: 1n, id: 5n, depth: 1, scopes, valid, leaseEnd: 2_000 });
  it("offers an act only through a valid node with its scope, saying why not", () => {
    expect(nodeWith([node(scopeMask("KYC"))], "KYC")?.id).toBe(5n);
    expect(nodeWith([node(scopeMask("KYC"), false)], "KYC")).toBeUndefined();
    expect(notOffered([node(scopeMask("ISSUE"))], "KYC")).toMatch(/no node with the KYC scope/);
    expect(notOffered([node(scopeMask("KYC"), false)], "KYC")).toMatch(/KYC node is not valid now/);
    expect(notOffered([node(scopeMask("KYC", "LIST"))], "LIST")).toBeUndefined();
  });
  it("an identity's expiry never outlives the attester's lease", () => {
    expect(expiryFor(1_000, 1, 2_000)).toBe(2_000);
    expect(expiryFor(0, 1, 10 ** 9)).toBe(86_400);
  });
  it("a client's standing: revoked, frozen, expired or active", () => {
    expect(clientStanding({ status: 2, frozen: true, expiry: 10n }, 5)).toBe("revoked");
    expect(clientStanding({ status: 1n, frozen: true, expiry: 10n }, 5)).toBe("frozen");
    expect(clientStanding({ status: 1, frozen: false, expiry: 5 }, 5)).toBe("expired");
    expect(clientStanding({ status: 1, frozen: false, expiry: 6 }, 5)).toBe("active");
  });
  it("a QR code: a square of modules as one path (finder pattern at the top left)", () => {
    const qr = qrPath("http://127.0.0.1:5173/#attestation=eyJ9");
    expect(qr.size).toBeGreaterThanOrEqual(21);
    expect((qr.size - 17) % 4).toBe(0);
    expect(qr.path.startsWith("M0 0h1v1h-1z")).toBe(true);
    expect(qrPath("a".repeat(1500)).size).toBeGreaterThan(qr.size);
  });
  it("an aria snapshot's unnamed controls", () => {
    const snapshot = [
      '- region "Clients":',
      '  - textbox "Client wallet"',
      "  - textbox",
      '  - button "Mint" [disabled]',
      "  - button [disabled]",
      '  - checkbox "ACCREDITED" [checked]',
      "  - checkbox [checked]",
      '  - combobox "Kind":',
      '    - option "External" [selected]',
      '  - textbox: "1"',
      '  - img "QR code of the attestation link"',
      "  - buttonish",
    ].join("\n");
    expect(unnamedControls(snapshot).map((l) => l.trim())).toEqual([
      "- textbox",
      "- button [disabled]",
      "- checkbox [checked]",
      '- textbox: "1"',
    ]);
  });
});

describe("19 (tried as the bank and the issuer): reasons and payout references", () => {
  it('no reason typed records none, not the word "console" (a settled redemption\'s payout reference least of all)', () => {
    expect(reasonBytes32("")).toBe("0x" + "00".repeat(32));
    expect(reasonBytes32("  ")).toBe("0x" + "00".repeat(32));
    expect(reasonBytes32(" SWIFT ref 42 ")).toBe(reasonBytes32("SWIFT ref 42"));
    expect(() => reasonBytes32("é".repeat(40))).not.toThrow();
  });
});
