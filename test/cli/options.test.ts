import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre, { deployments, ethers } from "hardhat";
import { Network } from "ethers";
import { requireDevelopmentChain, writeLabelRecord } from "../../lib/cli";
import { NETWORKS } from "../../lib/networks";
import { isoDate } from "../../lib/time";
import { useClock } from "../helpers/fixtures";

/** The suite's task namespaces (Hardhat's own tasks are not ours to word). */
const OURS = /^(authority|kyc|asset|token|pair|policy|venue|order|wallet|audit|sanctions|limits):/;

type Param = { name: string; description?: string; isOptional: boolean };

/** Every option of every task of the suite, with its task's name. */
function options(): { task: string; param: Param }[] {
  const out: { task: string; param: Param }[] = [];
  for (const [name, definition] of Object.entries(hre.tasks)) {
    if (!OURS.test(name)) continue;
    const params = [...Object.values(definition.paramDefinitions), ...definition.positionalParamDefinitions] as Param[];
    for (const param of params) out.push({ task: name, param });
  }
  return out;
}

/**
 * Issue 21 point 7: one vocabulary across the tasks (times, accounts, required choices), and point 6: the test token
 * is refused off a development chain.
 */
describe("CLI: one vocabulary for options", function () {
  before(async function () {
    await useClock(1);
    await deployments.fixture();
  });

  after(function () {
    writeLabelRecord(hre, {});
  });

  it("21.7: every time option takes an ISO date or a duration; no task spells a duration --valid-for or --deadline-in", function () {
    const all = options();
    expect(all.length, "the suite's tasks are loaded").to.be.greaterThan(100);
    const spelled = all.filter(({ param }) => /^(validFor|deadlineIn)$|In$/.test(param.name));
    expect(spelled.map(({ task, param }) => `${task} --${param.name}`)).to.deep.equal([]);
    const times = all.filter(({ param }) => /^(expires|deadline|asOf|since)$/.test(param.name));
    expect(times.length).to.be.greaterThan(8);
    for (const { task, param } of times) {
      expect(param.description, `${task} --${param.name}`).to.match(/ISO date/);
    }
  });

  it("21.7: every option naming an account takes an index, address or label; required choices say so", function () {
    const all = options();
    const accounts = all.filter(
      ({ param }) =>
        /^(from|account|wallet|issuer)$/.test(param.name) ||
        (param.name === "to" && !/node/.test(param.description ?? "")),
    );
    expect(accounts.length).to.be.greaterThan(40);
    for (const { task, param } of accounts) {
      expect(param.description, `${task} --${param.name}`).to.match(/index(es)?, address(es)? or label/);
    }
    // Two optional options of which one is required: both say so.
    for (const [task, one, other] of [
      ["kyc:register", "evidenceHash", "evidenceFile"],
      ["kyc:sign", "evidenceHash", "evidenceFile"],
      ["asset:attest", "hash", "file"],
    ]) {
      for (const name of [one, other]) {
        const param = hre.tasks[task].paramDefinitions[name] as Param;
        expect(param.description, `${task} --${name}`).to.match(/^required, this or --/);
      }
    }
    // Every --pair takes a name as well as an id.
    for (const { task, param } of all.filter(({ param }) => param.name === "pair")) {
      expect(param.description, `${task} --pair`).to.match(/name/);
    }
  });

  it("21.7: kyc:consent and kyc:sign take --deadline as an ISO date or a duration, at most 30 days ahead", async function () {
    const s = await ethers.getSigners();
    const quiet = console.log;
    console.log = () => {};
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "options-"));
    try {
      await hre.run("authority:create-root", { account: s[1].address, expires: "3650d", label: "Regulator" });
      await hre.run("authority:grant", {
        parent: "1",
        account: "2",
        scopes: "KYC",
        expires: "365d",
        from: "1",
      });
      const tree = await ethers.getContractAt("AuthorityTree", (await deployments.get("AuthorityTree")).address);
      const now = Number(await tree.currentTime());
      // A date: the consent's deadline is that date (the chain's time, not this machine's).
      const date = isoDate(now + 10 * 86_400).slice(0, 10);
      const consentFile = path.join(dir, "consent.json");
      await hre.run("kyc:consent", { attester: "2", deadline: date, out: consentFile, from: "5" });
      const consent = JSON.parse(fs.readFileSync(consentFile, "utf8"));
      expect(isoDate(Number(consent.deadline))).to.equal(`${date}T00:00:00Z`);
      // A duration counts from the chain's now.
      await hre.run("kyc:consent", { attester: "2", deadline: "2d", out: consentFile, from: "5" });
      const later = Number(JSON.parse(fs.readFileSync(consentFile, "utf8")).deadline);
      expect(later - now).to.be.within(2 * 86_400, 2 * 86_400 + 60);
      const tooLate = await hre
        .run("kyc:consent", { attester: "2", deadline: "31d", out: consentFile, from: "5" })
        .then(
          () => "",
          (e: Error) => e.message,
        );
      expect(tooLate).to.match(/^--deadline 31d \(.*\): a signature may be used at most 30 days ahead/);
      // The consent file registers the client before its deadline.
      const registered = await hre.run("kyc:register", {
        attester: "2",
        wallet: "5",
        classes: "RETAIL",
        jurisdiction: "756",
        evidenceHash: ethers.id("five"),
        expires: "90d",
        consentFile,
        from: "2",
      });
      expect(registered).to.equal(1n);
      // kyc:sign: the same --deadline; --expires takes the duration --valid-for used to.
      const signedFile = path.join(dir, "attestation.json");
      const signed = await hre.run("kyc:sign", {
        attester: "2",
        wallet: "6",
        classes: "RETAIL",
        jurisdiction: "756",
        evidenceHash: ethers.id("six"),
        expires: "90d",
        deadline: date,
        out: signedFile,
        from: "2",
      });
      expect(isoDate(Number(signed.attestation.deadline))).to.equal(`${date}T00:00:00Z`);
      expect(Number(signed.attestation.expiry) - now).to.be.within(90 * 86_400, 90 * 86_400 + 60);
      const past = await hre
        .run("kyc:sign", {
          attester: "2",
          wallet: "6",
          classes: "RETAIL",
          jurisdiction: "756",
          evidenceHash: ethers.id("six"),
          deadline: "2020-01-01",
          out: signedFile,
          from: "2",
        })
        .then(
          () => "",
          (e: Error) => e.message,
        );
      expect(past).to.match(/^--deadline 2020-01-01 \(2020-01-01T00:00:00Z\) is not after the chain's now/);
    } finally {
      console.log = quiet;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("21.6: token:deploy-test is refused off a development chain (PlatON's chain id), and nothing is sent", async function () {
    const platon = BigInt(NETWORKS.platon.chainId!);
    expect(() => requireDevelopmentChain(platon, "platon", "deploy")).to.throw(/not on "platon" \(chain id 210425\)/);
    expect(() => requireDevelopmentChain(31337n, "hardhat", "deploy")).not.to.throw();
    // The task itself, on a provider that answers PlatON's chain id.
    const provider = hre.ethers.provider as unknown as { getNetwork: () => Promise<Network> };
    const [deployer] = await ethers.getSigners();
    const nonce = await ethers.provider.getTransactionCount(deployer.address);
    provider.getNetwork = async () => new Network("platon", platon);
    let message = "";
    try {
      await hre.run("token:deploy-test", { symbol: "FAKE", to: "1", amount: "1" });
    } catch (e) {
      message = (e as Error).message;
    } finally {
      delete (provider as { getNetwork?: unknown }).getNetwork;
    }
    expect(message).to.match(/token:deploy-test deploys a token anyone may mint: only on development chains/);
    expect(message).to.contain("(chain id 210425)");
    expect(await ethers.provider.getTransactionCount(deployer.address), "nothing was sent").to.equal(nonce);
  });
});
