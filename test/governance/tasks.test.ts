import { expect } from "chai";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre, { deployments, ethers } from "hardhat";
import { deploymentAddress } from "../../lib/cli";
import {
  OperationState,
  readGovernanceFile,
  readiness,
  type GovernanceFile,
  type PendingOperation,
} from "../../lib/governance";
import type { AuthorityTree, TimelockController } from "../../typechain-types";
import { useClock } from "../helpers/fixtures";

// The same stack as safeTimelock.test.ts: hardhat-deploy keeps one snapshot per fixture tag, whatever the environment.
const DELAY = 86_400n;
const ENV = ["GOVERNANCE", "GOVERNANCE_SAFE_OWNERS", "GOVERNANCE_SAFE_THRESHOLD", "GOVERNANCE_DELAY", "GOV_SIGNER_KEY"];

/** The governance tasks, run as the owners run them, against the stack deployed by the real deploy scripts. */
describe("17: governance tasks (gov:propose, gov:sign, gov:queue, gov:execute, gov:cancel, gov:pending)", function () {
  const saved = new Map<string, string | undefined>();
  const run = (name: string, args: object = {}) => hre.run(name, args);
  let dir: string;
  let quiet: typeof console.log;
  let printed: string[];
  let owners: HardhatEthersSigner[];
  let regulator: HardhatEthersSigner;
  let tree: AuthorityTree;
  let lock: TimelockController;

  const failure = async (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => "",
      (e: Error) => e.message,
    );

  before(async function () {
    await useClock(1);
    const signers = await ethers.getSigners();
    regulator = signers[1];
    owners = signers.slice(10, 13);
    for (const k of ENV) saved.set(k, process.env[k]);
    delete process.env.GOV_SIGNER_KEY;
    process.env.GOVERNANCE = "safe-timelock";
    process.env.GOVERNANCE_SAFE_OWNERS = owners.map((o) => o.address).join(",");
    process.env.GOVERNANCE_SAFE_THRESHOLD = "2";
    process.env.GOVERNANCE_DELAY = DELAY.toString();
    await deployments.fixture(["Governance"]);
    tree = (await ethers.getContractAt(
      "AuthorityTree",
      await deploymentAddress(hre, "AuthorityTree"),
    )) as unknown as AuthorityTree;
    lock = (await ethers.getContractAt(
      "TimelockController",
      await deploymentAddress(hre, "GovernorTimelock"),
    )) as unknown as TimelockController;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gov-"));
    quiet = console.log;
    printed = [];
    console.log = (...a: unknown[]) => void printed.push(a.join(" "));
  });

  after(function () {
    console.log = quiet;
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("17: hands the governor to the timelock and creates a root, with every refusal said in words", async function () {
    const accept = path.join(dir, "accept.json");
    await run("gov:propose", {
      out: accept,
      description: "the timelock accepts the governor role",
      contract: "AuthorityTree",
      call: "acceptOwnership",
    });
    expect(printed.at(-1)).to.contain("AuthorityTree.acceptOwnership()");
    // One owner's signature (with the key in the environment: offline) is not enough.
    process.env.GOV_SIGNER_KEY = ethers.HDNodeWallet.fromPhrase(
      "test test test test test test test test test test test junk",
      undefined,
      "m/44'/60'/0'/0/10",
    ).privateKey;
    await run("gov:sign", { file: accept });
    delete process.env.GOV_SIGNER_KEY;
    expect(readGovernanceFile(accept).signatures.map((s) => s.signer)).to.deep.equal([owners[0].address]);
    expect(await failure(run("gov:queue", { file: accept }))).to.contain("1 of the 2 owner signatures needed");
    // A non-owner's signature is named, and does not count.
    await run("gov:sign", { file: accept, from: "13" });
    expect(await failure(run("gov:queue", { file: accept }))).to.match(/is not an owner of the Safe/);
    const f = readGovernanceFile(accept);
    fs.writeFileSync(accept, JSON.stringify({ ...f, signatures: f.signatures.slice(0, 1) }));
    await run("gov:sign", { file: accept, from: "12" });
    const queued: GovernanceFile = await run("gov:queue", { file: accept });
    expect(queued.stage).to.equal("execute");
    expect(queued.signatures).to.deep.equal([]);
    expect(await lock.getOperationState(queued.id)).to.equal(BigInt(OperationState.Waiting));

    // gov:pending: what is queued and when it becomes executable.
    const pending: (PendingOperation & { when: string })[] = await run("gov:pending", { json: true });
    expect(pending).to.have.length(1);
    expect(pending[0].call).to.equal("AuthorityTree.acceptOwnership()");
    const now = BigInt(await time.latest());
    expect(pending[0].when).to.equal(readiness(OperationState.Waiting, pending[0].readyAt, now, 1n));
    expect(pending[0].when).to.match(/^executable from .* \(in (1d 0h 0m 0s|23h 59m \d+s)\)$/);
    expect(pending[0].readyAt).to.equal(await lock.getTimestamp(queued.id));

    // Early: refused by the task before anything is sent.
    await run("gov:sign", { file: accept, from: "11" });
    await run("gov:sign", { file: accept, from: "12" });
    expect(await failure(run("gov:execute", { file: accept }))).to.match(/cannot run yet: executable from/);
    // Sent anyway (--force), the Safe's refusal is said in words.
    const forced = await failure(run("gov:execute", { file: accept, force: true }));
    expect(forced).to.contain("refused by the Safe: GS013: the call the Safe made failed: the timelock refused it");
    await time.setNextBlockTimestamp(pending[0].readyAt);
    await ethers.provider.send("evm_mine", []);
    await run("gov:execute", { file: accept });
    expect(await tree.governor()).to.equal(await lock.getAddress());
    expect(await run("gov:pending", { json: true })).to.deep.equal([]);

    // A real root creation, by the same path.
    const create = path.join(dir, "root.json");
    const expiry = (await time.latest()) + 10 * 365 * 86_400;
    await run("gov:propose", {
      out: create,
      description: "root for Regulator X",
      contract: "AuthorityTree",
      call: "createRoot",
      args: JSON.stringify([regulator.address, expiry, "Regulator X"]),
    });
    expect(printed.at(-1)).to.contain(`AuthorityTree.createRoot(${regulator.address}, ${expiry}, "Regulator X")`);
    for (const o of ["10", "11"]) await run("gov:sign", { file: create, from: o });
    await run("gov:queue", { file: create });
    for (const o of ["11", "12"]) await run("gov:sign", { file: create, from: o });
    const readyAt = await lock.getTimestamp(readGovernanceFile(create).id);
    await time.setNextBlockTimestamp(readyAt);
    await ethers.provider.send("evm_mine", []);
    await run("gov:execute", { file: create });
    expect(await tree.rootCount()).to.equal(1n);
    expect((await tree.node(1n)).account).to.equal(regulator.address);
  });

  it("17: cancels a queued action, refuses a stale file and an action proposed twice", async function () {
    const suspend = path.join(dir, "suspend.json");
    const args = {
      out: suspend,
      description: "suspend root 1",
      contract: "AuthorityTree",
      call: "suspend",
      args: JSON.stringify([1, ethers.encodeBytes32String("inspection")]),
    };
    expect(await failure(run("gov:propose", { ...args, delay: "1h" }))).to.contain(
      "--delay 1h is below the timelock's 1d 0h 0m 0s",
    );
    expect(await failure(run("gov:propose", { ...args, delay: "soon" }))).to.contain("--delay: Cannot read duration");
    await run("gov:propose", { ...args, delay: "2d" });
    expect(readGovernanceFile(suspend).delay).to.equal((2n * DELAY).toString());
    await run("gov:propose", args);
    expect(await failure(run("gov:cancel", { file: suspend }))).to.contain("cannot be cancelled: not queued");
    for (const o of ["10", "11"]) await run("gov:sign", { file: suspend, from: o });
    await run("gov:queue", { file: suspend });
    expect(await failure(run("gov:propose", args))).to.contain("already known to the timelock");
    const prepared: GovernanceFile = await run("gov:cancel", { file: suspend });
    expect(prepared.stage).to.equal("cancel");
    await run("gov:sign", { file: suspend, from: "12" });
    expect(await failure(run("gov:cancel", { file: suspend }))).to.contain("1 of the 2 owner signatures needed");
    await run("gov:sign", { file: suspend, from: "10" });
    await run("gov:cancel", { file: suspend });
    expect(await lock.getOperationState(prepared.id)).to.equal(BigInt(OperationState.Unset));
    expect(await run("gov:pending", { json: true })).to.deep.equal([]);

    // A file prepared before another Safe transaction ran is stale: restaged, it needs new signatures.
    const a = path.join(dir, "a.json");
    const b = path.join(dir, "b.json");
    await run("gov:propose", { ...args, out: a, salt: "a" });
    await run("gov:propose", { ...args, out: b, salt: "b" });
    for (const f of [a, b]) for (const o of ["10", "11"]) await run("gov:sign", { file: f, from: o });
    await run("gov:queue", { file: a });
    expect(await failure(run("gov:queue", { file: b }))).to.match(/prepared as the Safe's transaction #\d+, but/);
    const restaged: GovernanceFile = await run("gov:queue", { file: b, restage: true });
    expect(restaged.signatures).to.deep.equal([]);
    // A file edited by hand no longer matches its hash.
    const edited = { ...readGovernanceFile(b), delay: "1" };
    fs.writeFileSync(b, JSON.stringify(edited));
    expect(await failure(run("gov:sign", { file: b, from: "10" }))).to.match(/hashes to|is not the timelock's/);
  });
});
