import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre, { ethers } from "hardhat";
import { recoverAttestationSigner, signedAttestationFromJson, signedAttestationToJson } from "../../lib/attestation";
import { kycSign } from "../../scripts/kyc-sign";
import { classNames, parseClasses } from "../../lib/classes";
import { eligibilityName } from "../../lib/registry";
import { kycSubmit } from "../../scripts/kyc-submit";
import { ClientClass, DAY, nodeIdFrom, registryInSeconds, Scope, YEAR } from "../helpers/fixtures";

async function rejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  expect(error, `expected a rejection matching ${pattern}`).to.be.instanceOf(Error);
  expect((error as Error).message).to.match(pattern);
}

/** The sign/submit scripts as an institution and an investor run them, here on the in-process network. */
describe("KYC sign and submit scripts", function () {
  let dir: string;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kyc-"));
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function indexOf(address: string): Promise<string> {
    const signers = await ethers.getSigners();
    return String(signers.findIndex((s) => s.address === address));
  }

  it("signs offline with a configured account and registers the investor who submits the file", async function () {
    const { registry, clock, bank, bankNode, rootId, investor } = await loadFixture(registryInSeconds);
    const file = path.join(dir, "a.json");
    const expiry = await clock.in(YEAR);
    const deadline = await clock.in(DAY);
    const { signed } = await kycSign(hre, {
      KYC_REGISTRY: await registry.getAddress(),
      KYC_SIGNER_INDEX: await indexOf(bank.address),
      KYC_ATTESTER_NODE: bankNode.toString(),
      KYC_WALLET: investor.address,
      KYC_CLASSES: "accredited, professional",
      KYC_JURISDICTION: "756",
      KYC_EVIDENCE_HASH: ethers.id("alice"),
      KYC_EXPIRY: String(expiry),
      KYC_DEADLINE: String(deadline),
      KYC_NOW: String(await clock.now()), // the window is the chain's, not this machine's clock
      KYC_NONCE: "17",
      KYC_OUT: file,
    });
    const fromFile = signedAttestationFromJson(fs.readFileSync(file, "utf8"));
    expect(fromFile).to.deep.equal(signed);
    expect(recoverAttestationSigner(fromFile)).to.equal(bank.address);
    expect(fromFile.attestation).to.deep.equal({
      wallet: investor.address,
      classes: ClientClass.ACCREDITED | ClientClass.PROFESSIONAL,
      jurisdiction: 756,
      expiry: BigInt(expiry),
      evidenceHash: ethers.id("alice"),
      attester: bankNode,
      nonce: 17n,
      deadline: BigInt(deadline),
    });
    expect(fromFile.domain.chainId).to.equal(31337n);
    expect(fromFile.digest).to.equal(await registry.attestationDigest(fromFile.attestation));

    const { identityId, wallet } = await kycSubmit(hre, {
      KYC_REGISTRY: await registry.getAddress(),
      KYC_IN: file,
      KYC_SUBMITTER_INDEX: await indexOf(investor.address),
    });
    expect(wallet).to.equal(investor.address);
    expect(await registry.identityOf(investor.address)).to.equal(identityId);
    const identity = await registry.identity(identityId);
    expect([identity.attester, identity.root, identity.expiry]).to.deep.equal([bankNode, rootId, BigInt(expiry)]);
    expect(await registry.nonceState(bank.address, 17n)).to.equal(1n);
  });

  it("signs with a private key, finds the node under a root, hashes an evidence file, and defaults the times", async function () {
    const { registry, tree, clock, bank, bankNode, rootId, investor } = await loadFixture(registryInSeconds);
    const key = ethers.Wallet.createRandom();
    const client = ethers.Wallet.createRandom();
    const node = await nodeIdFrom(
      tree,
      tree.connect(bank).grant(bankNode, key.address, Scope.KYC, await clock.in(YEAR)),
    );
    const evidence = path.join(dir, "evidence.pdf");
    fs.writeFileSync(evidence, "passport scan, utility bill");
    const file = path.join(dir, "b.json");
    // The script reads this machine's clock (it signs offline). Set here to run from the chain's time, so that the defaults
    // it derives are valid on the chain whatever the wall clock says: the chain may run weeks ahead of it, after
    // earlier suites' time travel, and a deadline taken from the wall clock had then passed on the chain.
    const wallClock = Date.now;
    const chainTime = (await clock.now()) * 1000;
    const started = wallClock();
    Date.now = () => chainTime + (wallClock() - started);
    let signing: Awaited<ReturnType<typeof kycSign>>;
    const before = Math.floor(Date.now() / 1000);
    try {
      signing = await kycSign(hre, {
        KYC_REGISTRY: await registry.getAddress(),
        KYC_SIGNER_KEY: key.privateKey,
        KYC_ROOT: rootId.toString(),
        KYC_WALLET: client.address,
        KYC_CLASSES: "4",
        KYC_JURISDICTION: "250",
        KYC_EVIDENCE_FILE: evidence,
        KYC_VALID_FOR: "30d",
        KYC_OUT: file,
      });
    } finally {
      Date.now = wallClock;
    }
    const after = Math.ceil((chainTime + (wallClock() - started)) / 1000); // the script read the clock in between
    const { signed } = signing;
    const a = signed.attestation;
    expect(a.attester).to.equal(node);
    expect(signed.signer).to.equal(key.address);
    expect(a.evidenceHash).to.equal(ethers.keccak256(fs.readFileSync(evidence)));
    expect(Number(a.expiry)).to.be.within(before + 30 * DAY, after + 30 * DAY);
    expect(Number(a.deadline)).to.be.within(before + 7 * DAY, after + 7 * DAY);
    expect(a.nonce > 2n ** 128n).to.equal(true); // random 256-bit by default (fails with probability 2^-128)

    await clock.advanceTo(before + 1);
    // The default submitter, account 0, is a relayer: it needs the wallet's consent, signed with the wallet's key.
    const submit = { KYC_REGISTRY: await registry.getAddress(), KYC_IN: file };
    await rejects(kycSubmit(hre, submit), /not the wallet .*set KYC_WALLET_KEY/);
    await rejects(kycSubmit(hre, { ...submit, KYC_WALLET_KEY: key.privateKey }), /not the key of wallet/);
    const { identityId } = await kycSubmit(hre, { ...submit, KYC_WALLET_KEY: client.privateKey });
    expect((await registry.identity(identityId)).attester).to.equal(node);
    expect(await registry.identityOf(client.address)).to.equal(identityId);
    expect(investor.address).to.not.equal(client.address);
  });

  it("refuses a file for another registry or chain, and reports the registry's reason for a refusal", async function () {
    const { registry, tree, clock, bank, bankNode, investor } = await loadFixture(registryInSeconds);
    const file = path.join(dir, "c.json");
    const base = {
      KYC_REGISTRY: await registry.getAddress(),
      KYC_SIGNER_INDEX: await indexOf(bank.address),
      KYC_ATTESTER_NODE: bankNode.toString(),
      KYC_WALLET: investor.address,
      KYC_CLASSES: "RETAIL",
      KYC_JURISDICTION: "276",
      KYC_EVIDENCE_HASH: ethers.id("bob"),
      KYC_EXPIRY: String(await clock.in(YEAR)),
      KYC_DEADLINE: String(await clock.in(DAY)),
      KYC_NOW: String(await clock.now()), // the window is the chain's, not this machine's clock
      KYC_NONCE: "1",
      KYC_OUT: file,
    };
    await kycSign(hre, base);
    const submit = {
      KYC_IN: file,
      KYC_REGISTRY: await registry.getAddress(),
      KYC_SUBMITTER_INDEX: await indexOf(investor.address),
    };
    await rejects(kycSubmit(hre, { ...submit, KYC_REGISTRY: await tree.getAddress() }), /is for registry/);
    await rejects(kycSubmit(hre, { ...submit, KYC_REGISTRY: "" }), /Set KYC_REGISTRY/);

    const otherChain = path.join(dir, "c-other-chain.json");
    await kycSign(hre, { ...base, KYC_CHAIN_ID: "210425", KYC_OUT: otherChain });
    await rejects(kycSubmit(hre, { ...submit, KYC_IN: otherChain }), /signed for chain 210425/);

    await kycSubmit(hre, submit);
    await rejects(
      kycSubmit(hre, submit),
      new RegExp(`refuses this attestation: NonceAlreadyUsed\\(${bank.address}, 1\\)`),
    );
  });

  it("says which environment variable is missing or wrong", async function () {
    const { registry, investor } = await loadFixture(registryInSeconds);
    await rejects(kycSign(hre, {}), /Set KYC_REGISTRY/);
    const partial = { KYC_REGISTRY: await registry.getAddress() };
    await rejects(kycSign(hre, partial), /KYC_SIGNER_KEY .* or KYC_SIGNER_INDEX/);
    await rejects(kycSign(hre, { ...partial, KYC_SIGNER_INDEX: "999" }), /KYC_SIGNER_INDEX=999/);
    await rejects(kycSign(hre, { ...partial, KYC_SIGNER_INDEX: "2" }), /Set KYC_ROOT: .*or set KYC_ATTESTER_NODE/);
    await rejects(
      kycSign(hre, { ...partial, KYC_SIGNER_INDEX: "2", KYC_ATTESTER_NODE: "2", KYC_WALLET: investor.address }),
      /Set KYC_EVIDENCE_HASH: .*or set KYC_EVIDENCE_FILE/,
    );
    await rejects(
      kycSign(hre, {
        ...partial,
        KYC_SIGNER_INDEX: "2",
        KYC_ATTESTER_NODE: "2",
        KYC_WALLET: investor.address,
        KYC_EVIDENCE_HASH: ethers.id("dave"),
        KYC_CLASSES: "WHOLESALE",
      }),
      /Unknown client class "WHOLESALE"/,
    );
  });

  it("refuses to sign what the registry would refuse, a node that cannot attest, or for an unknown chain", async function () {
    const { registry, tree, clock, regulator, bank, bankNode, subAgent, subAgentNode, rootId, investor } =
      await loadFixture(registryInSeconds);
    const base = {
      KYC_REGISTRY: await registry.getAddress(),
      KYC_SIGNER_INDEX: await indexOf(bank.address),
      KYC_ATTESTER_NODE: bankNode.toString(),
      KYC_WALLET: investor.address,
      KYC_CLASSES: "RETAIL",
      KYC_JURISDICTION: "276",
      KYC_EVIDENCE_HASH: ethers.id("erin"),
      KYC_OUT: path.join(dir, "e.json"),
    };
    const now = Math.floor(Date.now() / 1000);
    for (const [env, pattern] of [
      [{ KYC_JURISDICTION: "1000" }, /KYC_JURISDICTION=1000: must be between 1 and 999/],
      [{ KYC_JURISDICTION: "0" }, /KYC_JURISDICTION=0: must be between 1 and 999/],
      [{ KYC_JURISDICTION: "75.6" }, /KYC_JURISDICTION=75.6: not a non-negative integer/],
      [{ KYC_CLASSES: "16" }, /KYC_CLASSES: 16 is not a valid mask/],
      [{ KYC_EXPIRY: String(now - 10) }, /KYC_EXPIRY=.*: must be between/],
      [{ KYC_VALID_FOR: `${5 * 365 + 1}d` }, /KYC_EXPIRY=.*: must be between/],
      [{ KYC_DEADLINE_IN: "31d" }, /KYC_DEADLINE=.*: must be between/],
      [{ KYC_NONCE: "-1" }, /KYC_NONCE=-1: not a non-negative integer/],
      [{ KYC_ATTESTER_NODE: "0" }, /KYC_ATTESTER_NODE=0: must be between/],
    ] as const) {
      await rejects(kycSign(hre, { ...base, ...env }), pattern);
    }
    // Signing for a registry that is not on this (in-process) network needs the chain id said out loud.
    const elsewhere = ethers.Wallet.createRandom().address;
    await rejects(kycSign(hre, { ...base, KYC_REGISTRY: elsewhere }), /Set KYC_CHAIN_ID: registry .* is not on/);
    const { signed } = await kycSign(hre, {
      ...base,
      KYC_REGISTRY: elsewhere,
      KYC_CHAIN_ID: "210425",
      KYC_ATTESTER_LEASE: String(await clock.in(2 * YEAR)),
    });
    expect(signed.domain.chainId).to.equal(210425n);

    // The KYC_ROOT lookup accepts only the signer's own node, valid and holding KYC now.
    const byRoot = { ...base, KYC_ATTESTER_NODE: "", KYC_ROOT: rootId.toString() };
    const { signed: found } = await kycSign(hre, byRoot);
    expect(found.attestation.attester).to.equal(bankNode);
    await tree.connect(bank).suspend(subAgentNode, ethers.encodeBytes32String("x"));
    await rejects(
      kycSign(hre, { ...byRoot, KYC_SIGNER_INDEX: await indexOf(subAgent.address) }),
      new RegExp(`node ${subAgentNode} under root ${rootId} is not valid now`),
    );
    const listNode = await nodeIdFrom(
      tree,
      tree.connect(regulator).grant(rootId, investor.address, Scope.LIST, await clock.in(YEAR)),
    );
    await rejects(
      kycSign(hre, { ...byRoot, KYC_SIGNER_INDEX: await indexOf(investor.address) }),
      new RegExp(`node ${listNode} does not hold KYC`),
    );
  });

  it("reads back exactly what it writes, and rejects a malformed file", async function () {
    const { registry, clock, bank, bankNode, investor } = await loadFixture(registryInSeconds);
    const file = path.join(dir, "d.json");
    const { signed } = await kycSign(hre, {
      KYC_REGISTRY: await registry.getAddress(),
      KYC_SIGNER_INDEX: await indexOf(bank.address),
      KYC_ATTESTER_NODE: bankNode.toString(),
      KYC_WALLET: investor.address,
      KYC_CLASSES: "INSTITUTIONAL",
      KYC_JURISDICTION: "756",
      KYC_EVIDENCE_HASH: ethers.id("carol"),
      KYC_EXPIRY: String(await clock.in(YEAR)),
      KYC_OUT: file,
    });
    expect(signedAttestationToJson(signedAttestationFromJson(signedAttestationToJson(signed)))).to.equal(
      fs.readFileSync(file, "utf8"),
    );
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(() => signedAttestationFromJson(JSON.stringify({ ...json, signature: 5 }))).to.throw(/"signature" must be/);
    expect(() =>
      signedAttestationFromJson(JSON.stringify({ ...json, domain: { ...json.domain, name: "Other" } })),
    ).to.throw(/Not an IdentityRegistry attestation/);
    expect(() =>
      signedAttestationFromJson(
        JSON.stringify({ ...json, attestation: { ...json.attestation, evidenceHash: "0x1234" } }),
      ),
    ).to.throw(/evidenceHash must be 32 bytes/);
    expect(() => signedAttestationFromJson(JSON.stringify({ ...json, attestation: undefined }))).to.throw(
      /"attestation" must be a object/,
    );
  });

  it("names eligibility reasons and client classes as the contracts do", function () {
    expect(eligibilityName(0)).to.equal("Eligible");
    expect(eligibilityName(9n)).to.equal("JurisdictionBarred");
    expect(eligibilityName(10)).to.equal("Sanctioned");
    expect(() => eligibilityName(11)).to.throw(/Unknown eligibility code 11/);
    expect(parseClasses("institutional+retail")).to.equal(ClientClass.INSTITUTIONAL | ClientClass.RETAIL);
    expect(parseClasses("6")).to.equal(6);
    expect(classNames(0x1a)).to.deep.equal(["ACCREDITED", "RETAIL", "bit4"]);
  });
});
