import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre, { ethers } from "hardhat";
import { kycSign } from "../../scripts/kyc-sign";
import { NO_CONSENT, submitSignedAttestation } from "../../lib/attestation";
import { registryInSeconds } from "../helpers/fixtures";

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

/** Issue 22 item 6(f): kyc-sign writes no file the registry would refuse. "Now" is the chain's (KYC_NOW). */
describe("kyc-sign: the attesting node's lease and the evidence hash (issue 22.6f)", function () {
  let dir: string;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kyc-bounds-"));
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function setting() {
    const fx = await registryInSeconds();
    const { registry, tree, clock, subAgent, subAgentNode, investor } = fx;
    const signers = await ethers.getSigners();
    const lease = Number((await tree.node(subAgentNode)).expiry);
    const base = {
      KYC_REGISTRY: await registry.getAddress(),
      KYC_NOW: String(await clock.now()),
      KYC_SIGNER_INDEX: String(signers.findIndex((s) => s.address === subAgent.address)),
      KYC_ATTESTER_NODE: subAgentNode.toString(),
      KYC_WALLET: investor.address,
      KYC_CLASSES: "ACCREDITED",
      KYC_JURISDICTION: "756",
      KYC_EVIDENCE_HASH: ethers.id("frank"),
    };
    return { ...fx, lease, base };
  }

  it("22.6f: refuses an expiry beyond the attesting node's lease, and writes nothing", async function () {
    const { registry, investor, subAgentNode, lease, base } = await loadFixture(setting);
    const out = path.join(dir, "late.json");
    await rejects(
      kycSign(hre, { ...base, KYC_EXPIRY: String(lease + 1), KYC_OUT: out }),
      new RegExp(`KYC_EXPIRY=${lease + 1}: beyond the lease of attesting node ${subAgentNode}, which ends at ${lease}`),
    );
    expect(fs.existsSync(out)).to.equal(false);
    // At the lease itself, the registry accepts it.
    const ok = path.join(dir, "at-lease.json");
    const { signed } = await kycSign(hre, { ...base, KYC_EXPIRY: String(lease), KYC_OUT: ok });
    expect(fs.existsSync(ok)).to.equal(true);
    await submitSignedAttestation(registry.connect(investor), signed, NO_CONSENT);
  });

  it("22.6f: refuses a zero evidence hash, and writes nothing", async function () {
    const { base } = await loadFixture(setting);
    const out = path.join(dir, "zero.json");
    await rejects(
      kycSign(hre, { ...base, KYC_EVIDENCE_HASH: ethers.ZeroHash, KYC_OUT: out }),
      /KYC_EVIDENCE_HASH: the zero hash is no evidence \(the registry refuses it: MissingEvidence\)/,
    );
    expect(fs.existsSync(out)).to.equal(false);
  });

  it("22.6f: offline, refuses to sign without the attesting node's lease (KYC_ATTESTER_LEASE), and writes nothing", async function () {
    const { base } = await loadFixture(setting);
    const out = path.join(dir, "unknown-lease.json");
    const offline = {
      ...base,
      KYC_REGISTRY: ethers.Wallet.createRandom().address,
      KYC_CHAIN_ID: "210425",
      KYC_OUT: out,
    };
    await rejects(kycSign(hre, offline), /Set KYC_ATTESTER_LEASE: registry .* is not on this network/);
    expect(fs.existsSync(out)).to.equal(false);
  });

  it("22.6f: offline, checks the lease the signer states (KYC_ATTESTER_LEASE)", async function () {
    const { lease, base } = await loadFixture(setting);
    const offline = {
      ...base,
      KYC_REGISTRY: ethers.Wallet.createRandom().address,
      KYC_CHAIN_ID: "210425",
      KYC_ATTESTER_LEASE: String(lease),
    };
    await rejects(
      kycSign(hre, { ...offline, KYC_EXPIRY: String(lease + 1), KYC_OUT: path.join(dir, "off.json") }),
      /beyond the lease of attesting node/,
    );
    const { signed } = await kycSign(hre, {
      ...offline,
      KYC_EXPIRY: String(lease),
      KYC_OUT: path.join(dir, "ok.json"),
    });
    expect(signed.attestation.expiry).to.equal(BigInt(lease));
  });
});
