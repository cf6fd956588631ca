import { expect } from "chai";
import { impersonateAccount, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress, ZeroHash, id } from "ethers";
import hre, { deployments, ethers } from "hardhat";
import { deployed, deploymentAddress } from "../../lib/cli";
import {
  OperationState,
  governanceFile,
  operation,
  packSignatures,
  safeTxHash,
  safeTxOf,
  signSafeTx,
  signatureProblems,
  type GovernanceFile,
  type Stage,
  type TimelockOperation,
} from "../../lib/governance";
import { rebuildSafe, rebuildTimelock, reconcileGovernance } from "../../lib/replay/governance";
import type { AuthorityTree, SafeL2, TimelockController } from "../../typechain-types";
import { YEAR, useClock } from "../helpers/fixtures";

const DELAY = 86_400n; // one day, seconds (the chain runs on seconds here)
const ENV = ["GOVERNANCE", "GOVERNANCE_SAFE_OWNERS", "GOVERNANCE_SAFE_THRESHOLD", "GOVERNANCE_DELAY"] as const;

/**
 * Issue 17: the production governor, deployed by the real deploy scripts on a network that asks for it: a 2-of-3 Safe
 * (real owner signatures over EIP-712 Safe transactions) is the only proposer, executor and canceller of a
 * TimelockController, which takes the tree's governor role in two steps and then creates a real root.
 */
describe("17: the governor behind a Safe (2-of-3) and a timelock", function () {
  const saved = new Map<string, string | undefined>();
  let tree: AuthorityTree;
  let safe: SafeL2;
  let lock: TimelockController;
  let owners: HardhatEthersSigner[];
  let outsider: HardhatEthersSigner;
  let deployer: HardhatEthersSigner;
  let regulator: HardhatEthersSigner;
  let chainId: bigint;

  /** The governance file of `stage` of `op`, as the Safe's next transaction. */
  async function file(description: string, op: TimelockOperation, stage: Stage): Promise<GovernanceFile> {
    return governanceFile({
      description,
      chainId,
      safe: await safe.getAddress(),
      timelock: await lock.getAddress(),
      op,
      delay: DELAY,
      stage,
      nonce: await safe.nonce(),
    });
  }

  /** execTransaction of the file's Safe transaction with `signers`' signatures, sent by an outsider (anyone may). */
  async function execute(f: GovernanceFile, signers: HardhatEthersSigner[], packed?: string) {
    const tx = safeTxOf(f);
    const sigs = await Promise.all(signers.map((s) => signSafeTx(s, tx, chainId, f.safe)));
    return safe
      .connect(outsider)
      .execTransaction(
        tx.to,
        tx.value,
        tx.data,
        tx.operation,
        tx.safeTxGas,
        tx.baseGas,
        tx.gasPrice,
        tx.gasToken,
        tx.refundReceiver,
        packed ?? packSignatures(sigs),
      );
  }

  before(async function () {
    await useClock(1);
    const signers = await ethers.getSigners();
    [deployer, regulator] = signers;
    owners = signers.slice(10, 13);
    outsider = signers[13];
    for (const k of ENV) saved.set(k, process.env[k]);
    process.env.GOVERNANCE = "safe-timelock";
    process.env.GOVERNANCE_SAFE_OWNERS = owners.map((o) => o.address).join(",");
    process.env.GOVERNANCE_SAFE_THRESHOLD = "2";
    process.env.GOVERNANCE_DELAY = DELAY.toString();
    await deployments.fixture(["Governance"]);
    tree = await deployed<AuthorityTree>(hre, "AuthorityTree");
    safe = (await ethers.getContractAt("SafeL2", await deploymentAddress(hre, "GovernorSafe"))) as unknown as SafeL2;
    lock = (await ethers.getContractAt(
      "TimelockController",
      await deploymentAddress(hre, "GovernorTimelock"),
    )) as unknown as TimelockController;
    chainId = (await ethers.provider.getNetwork()).chainId;
  });

  after(function () {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("17: deploy/ builds a 2-of-3 Safe as the timelock's only proposer, executor and canceller, and proposes the timelock as governor", async function () {
    const safeAddress = await safe.getAddress();
    const lockAddress = await lock.getAddress();
    expect((await safe.getOwners()).map((o) => o.toLowerCase()).sort()).to.deep.equal(
      owners.map((o) => o.address.toLowerCase()).sort(),
    );
    expect(await safe.getThreshold()).to.equal(2n);
    expect(await lock.getMinDelay()).to.equal(DELAY);
    for (const role of [await lock.PROPOSER_ROLE(), await lock.EXECUTOR_ROLE(), await lock.CANCELLER_ROLE()]) {
      expect(await lock.hasRole(role, safeAddress)).to.equal(true);
      expect(await lock.hasRole(role, deployer.address)).to.equal(false);
      expect(await lock.hasRole(role, ZeroAddress)).to.equal(false); // execution is not open to anyone
    }
    // No admin but the timelock itself: its roles change only through its own delay.
    const admin = await lock.DEFAULT_ADMIN_ROLE();
    expect(await lock.hasRole(admin, lockAddress)).to.equal(true);
    expect(await lock.hasRole(admin, deployer.address)).to.equal(false);
    // The hand-over's first step: proposed, not accepted; the deployer still governs.
    expect(await tree.governor()).to.equal(deployer.address);
    expect(await tree.pendingOwner()).to.equal(lockAddress);
    // The owners sign exactly what the Safe checks.
    const f = await file("probe", operation(await tree.getAddress(), "0x"), "queue");
    const tx = safeTxOf(f);
    expect(
      await safe.getTransactionHash(
        tx.to,
        tx.value,
        tx.data,
        tx.operation,
        tx.safeTxGas,
        tx.baseGas,
        tx.gasPrice,
        tx.gasToken,
        tx.refundReceiver,
        tx.nonce,
      ),
    ).to.equal(safeTxHash(tx, chainId, safeAddress));
  });

  it("17: an under-signed Safe transaction is refused: one owner of two, a non-owner's signature, one owner twice", async function () {
    const accept = operation(await tree.getAddress(), tree.interface.encodeFunctionData("acceptOwnership"), id("a"));
    const f = await file("accept the governor role", accept, "queue");
    const tx = safeTxOf(f);
    const nonce = await safe.nonce();
    await expect(execute(f, [owners[0]])).to.be.revertedWith("GS020"); // too few signatures
    await expect(execute(f, [owners[0], outsider])).to.be.revertedWith("GS026"); // not an owner
    const once = await signSafeTx(owners[1], tx, chainId, f.safe);
    await expect(execute(f, [], packSignatures([once, once]))).to.be.revertedWith("GS026"); // the same owner twice
    // The lib says so before anything is sent.
    const mine = await signSafeTx(outsider, tx, chainId, f.safe);
    const problems = signatureProblems(tx, chainId, f.safe, [once, mine], await safe.getOwners(), 2);
    expect(problems).to.deep.equal([
      `${outsider.address} is not an owner of the Safe`,
      "1 of the 2 owner signatures needed",
    ]);
    expect(await safe.nonce()).to.equal(nonce);
    expect(await lock.getOperationState(f.id)).to.equal(BigInt(OperationState.Unset));
  });

  it("17: the timelock takes the governor role through the Safe: queued by two owners, refused before its delay, accepted after it", async function () {
    const lockAddress = await lock.getAddress();
    const accept = operation(await tree.getAddress(), tree.interface.encodeFunctionData("acceptOwnership"), id("a"));
    const queued = await file("accept the governor role", accept, "queue");
    await expect(execute(queued, [owners[0], owners[2]]))
      .to.emit(lock, "CallScheduled")
      .withArgs(queued.id, 0, accept.target, 0, accept.data, ZeroHash, DELAY);
    const readyAt = await lock.getTimestamp(queued.id);
    expect(readyAt).to.equal(BigInt(await time.latest()) + DELAY);

    // Early: the Safe's execution fails whole (GS013: the timelock refused), and the timelock's own reason, seen from
    // the Safe's address, is that the operation is not ready.
    const run = await file("accept the governor role", accept, "execute");
    await time.setNextBlockTimestamp(readyAt - 2n);
    await expect(execute(run, [owners[1], owners[2]])).to.be.revertedWith("GS013");
    await impersonateAccount(await safe.getAddress());
    await setBalance(await safe.getAddress(), 10n ** 18n);
    const asSafe = await ethers.getSigner(await safe.getAddress());
    await time.setNextBlockTimestamp(readyAt - 1n);
    await expect(lock.connect(asSafe).execute(accept.target, 0, accept.data, ZeroHash, id("a")))
      .to.be.revertedWithCustomError(lock, "TimelockUnexpectedOperationState")
      .withArgs(queued.id, 1n << BigInt(OperationState.Ready));
    expect(await tree.governor()).to.equal(deployer.address);

    await time.setNextBlockTimestamp(readyAt);
    await expect(execute(run, [owners[1], owners[2]]))
      .to.emit(tree, "OwnershipTransferred")
      .withArgs(deployer.address, lockAddress)
      .and.to.emit(lock, "CallExecuted");
    expect(await tree.governor()).to.equal(lockAddress);
    expect(await lock.getOperationState(queued.id)).to.equal(BigInt(OperationState.Done));
    // The old governor lost every power in the same transaction.
    await expect(tree.connect(deployer).createRoot(regulator.address, 2n ** 39n, "too late"))
      .to.be.revertedWithCustomError(tree, "OwnableUnauthorizedAccount")
      .withArgs(deployer.address);
  });

  it("17: a real root creation runs Safe -> timelock -> tree, refused before the delay and done after it", async function () {
    const expiry = BigInt(await time.latest()) + DELAY + BigInt(10 * YEAR);
    const create = operation(
      await tree.getAddress(),
      tree.interface.encodeFunctionData("createRoot", [regulator.address, expiry, "Regulator X"]),
      id("root X"),
    );
    // No owner alone, and not the old governor, can queue it directly.
    await expect(lock.connect(owners[0]).schedule(create.target, 0, create.data, ZeroHash, create.salt, DELAY))
      .to.be.revertedWithCustomError(lock, "AccessControlUnauthorizedAccount")
      .withArgs(owners[0].address, await lock.PROPOSER_ROLE());
    const queued = await file("create root Regulator X", create, "queue");
    await execute(queued, [owners[1], owners[0]]); // any order of signing: packSignatures sorts
    const readyAt = await lock.getTimestamp(queued.id);
    const run = await file("create root Regulator X", create, "execute");
    await time.setNextBlockTimestamp(readyAt - 1n);
    await expect(execute(run, [owners[0], owners[1]])).to.be.revertedWith("GS013");
    expect(await tree.rootCount()).to.equal(0n);
    await expect(lock.connect(outsider).execute(create.target, 0, create.data, ZeroHash, create.salt))
      .to.be.revertedWithCustomError(lock, "AccessControlUnauthorizedAccount")
      .withArgs(outsider.address, await lock.EXECUTOR_ROLE());

    await time.setNextBlockTimestamp(readyAt + 60n);
    await expect(execute(run, [owners[0], owners[1]]))
      .to.emit(tree, "RootCreated")
      .withArgs(1n, regulator.address, expiry, "Regulator X");
    expect(await tree.rootCount()).to.equal(1n);
    expect(await tree.isValid(1n)).to.equal(true);
    expect((await tree.node(1n)).account).to.equal(regulator.address);
  });

  it("17: the Safe cancels a queued operation, which can then never run", async function () {
    const suspend = operation(
      await tree.getAddress(),
      tree.interface.encodeFunctionData("suspend", [1n, id("inspection")]),
      id("suspend X"),
    );
    const queued = await file("suspend root 1", suspend, "queue");
    await execute(queued, [owners[0], owners[1]]);
    const readyAt = await lock.getTimestamp(queued.id);
    // Cancelling needs the owners too.
    await expect(lock.connect(owners[2]).cancel(queued.id)).to.be.revertedWithCustomError(
      lock,
      "AccessControlUnauthorizedAccount",
    );
    const cancel = await file("suspend root 1", suspend, "cancel");
    await expect(execute(cancel, [owners[2]])).to.be.revertedWith("GS020");
    await expect(execute(cancel, [owners[2], owners[0]]))
      .to.emit(lock, "Cancelled")
      .withArgs(queued.id);
    expect(await lock.getOperationState(queued.id)).to.equal(BigInt(OperationState.Unset));
    const run = await file("suspend root 1", suspend, "execute");
    await time.setNextBlockTimestamp(readyAt + 1n);
    await expect(execute(run, [owners[0], owners[1]])).to.be.revertedWith("GS013");
    expect((await tree.node(1n)).status).to.equal(1n); // still active
  });
  it("17: audit:replay rebuilds the Safe and the timelock from their logs (owners, threshold, nonce, delay, roles, operations) with no difference", async function () {
    const quiet = console.log;
    console.log = () => {};
    let report: { differences: unknown[]; counts: Record<string, number> };
    try {
      report = await hre.run("audit:replay", { json: true });
    } finally {
      console.log = quiet;
    }
    expect(report.differences).to.deep.equal([]);
    // Queued: the acceptance, the root, the suspension (cancelled); none pending; six Safe transactions.
    expect(report.counts).to.include({ governanceOperations: 3, governancePending: 0, safeTransactions: 6 });
  });

  it("17: the governance replay reports a rebuilt Safe or timelock that differs from the views", async function () {
    const latest = await ethers.provider.getBlockNumber();
    const logsOf = async (c: { getAddress(): Promise<string> }) =>
      ethers.provider.getLogs({ address: await c.getAddress(), fromBlock: 0, toBlock: latest });
    const lockLogs = await logsOf(lock);
    const times = new Map<number, bigint>();
    for (const l of lockLogs)
      times.set(l.blockNumber, BigInt((await ethers.provider.getBlock(l.blockNumber))!.timestamp));
    const rebuilt = {
      safe: rebuildSafe(safe.interface as never, await logsOf(safe)),
      timelock: rebuildTimelock(lock.interface as never, lockLogs, (l) => times.get(l.blockNumber)!),
    };
    expect((await reconcileGovernance(safe, lock, rebuilt)).list).to.deep.equal([]);
    rebuilt.safe.threshold = 1n;
    rebuilt.safe.owners.delete(owners[0].address.toLowerCase());
    const [first] = rebuilt.timelock.operations.keys();
    rebuilt.timelock.operations.get(first)!.timestamp = 12345n;
    const found = (await reconcileGovernance(safe, lock, rebuilt)).list.map((d) => `${d.entity}.${d.field}`);
    expect(found).to.include.members(["safe.threshold", "safe.owners", `operation ${first}.timestamp`]);
  });

  it("17: deploy/009 run again leaves a handed-over governor alone and refuses a Safe that differs from the configuration", async function () {
    const lockAddress = await lock.getAddress();
    const again = () =>
      deployments.run(["Governance"], {
        resetMemory: false,
        deletePreviousDeployments: false,
        writeDeploymentsToFiles: false,
      });
    await again();
    expect(await tree.governor()).to.equal(lockAddress);
    expect(await deploymentAddress(hre, "GovernorTimelock")).to.equal(lockAddress);
    process.env.GOVERNANCE_SAFE_THRESHOLD = "3";
    try {
      let message = "";
      await again().catch((e: Error) => (message = e.message));
      expect(message).to.match(
        /GovernorSafe 0x[0-9a-fA-F]{40} has owners .* and threshold 2, not the configured .* and 3/,
      );
    } finally {
      process.env.GOVERNANCE_SAFE_THRESHOLD = "2";
    }
  });

  it("17 review L7: deploy/009 refuses Safe contracts given by address that are not this build's, a recorded Safe with a module or a guard, and a timelock whose roles moved", async function () {
    const again = () =>
      deployments
        .run(["Governance"], { resetMemory: false, deletePreviousDeployments: false, writeDeploymentsToFiles: false })
        .then(
          () => "",
          (e: Error) => e.message,
        );
    const safeAddress = await safe.getAddress();
    const singleton = BigInt(await ethers.provider.getStorage(safeAddress, 0));
    const singletonAddress = ethers.getAddress(ethers.toBeHex(singleton, 20));
    // This build's singleton, given by address, passes; any other code is refused, in words.
    process.env.SAFE_SINGLETON = singletonAddress;
    try {
      expect(await again()).to.equal("");
      process.env.SAFE_SINGLETON = await lock.getAddress();
      expect(await again()).to.match(/SAFE_SINGLETON 0x[0-9a-fA-F]{40} does not hold this build's SafeL2/);
      process.env.SAFE_SINGLETON = outsider.address;
      expect(await again()).to.match(/SAFE_SINGLETON 0x[0-9a-fA-F]{40} does not hold this build's SafeL2/);
    } finally {
      delete process.env.SAFE_SINGLETON;
    }
    // A module or a guard on the recorded Safe (set behind the owners' backs here) is refused.
    const guardSlot = "0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8";
    await ethers.provider.send("hardhat_setStorageAt", [
      safeAddress,
      guardSlot,
      ethers.zeroPadValue(outsider.address, 32),
    ]);
    expect(await again()).to.match(/GovernorSafe 0x[0-9a-fA-F]{40} has a guard/);
    await ethers.provider.send("hardhat_setStorageAt", [safeAddress, guardSlot, ZeroHash]);
    const coder = ethers.AbiCoder.defaultAbiCoder();
    const moduleSlot = (key: string) => ethers.keccak256(coder.encode(["address", "uint256"], [key, 1]));
    const sentinel = "0x0000000000000000000000000000000000000001";
    const word = (a: string) => ethers.zeroPadValue(a, 32);
    await ethers.provider.send("hardhat_setStorageAt", [safeAddress, moduleSlot(sentinel), word(outsider.address)]);
    await ethers.provider.send("hardhat_setStorageAt", [safeAddress, moduleSlot(outsider.address), word(sentinel)]);
    expect(await again()).to.match(/GovernorSafe 0x[0-9a-fA-F]{40} has modules/);
    await ethers.provider.send("hardhat_setStorageAt", [safeAddress, moduleSlot(sentinel), word(sentinel)]);
    await ethers.provider.send("hardhat_setStorageAt", [safeAddress, moduleSlot(outsider.address), ZeroHash]);
    expect(await again()).to.equal("");
    const lockAddress = await lock.getAddress();
    await impersonateAccount(lockAddress);
    await setBalance(lockAddress, 10n ** 18n);
    const self = await ethers.getSigner(lockAddress);
    const admin = await lock.DEFAULT_ADMIN_ROLE();
    await lock.connect(self).grantRole(admin, deployer.address);
    expect(await again()).to.match(/GovernorTimelock 0x[0-9a-fA-F]{40}: 0x[0-9a-fA-F]{40} holds the admin role/);
    await lock.connect(self).revokeRole(admin, deployer.address);
    expect(await again()).to.equal("");
  });
});

describe("17: the governor's timelock on PlatON's millisecond clock", function () {
  const saved = new Map<string, string | undefined>();

  before(async function () {
    for (const k of [...ENV, "CHAIN_TIME_UNIT"]) saved.set(k, process.env[k]);
    const owners = (await ethers.getSigners()).slice(10, 13);
    process.env.CHAIN_TIME_UNIT = "1000";
    process.env.GOVERNANCE = "safe-timelock";
    process.env.GOVERNANCE_SAFE_OWNERS = owners.map((o) => o.address).join(",");
    process.env.GOVERNANCE_DELAY = DELAY.toString();
    await useClock(1000);
    // Tags of its own: hardhat-deploy keeps one snapshot per tag list, and the seconds stack above has its own.
    await deployments.fixture(["Governance", "authority"]);
  });

  after(async function () {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await useClock(1); // leave a seconds chain to the suites that follow
  });

  it("17: the timelock's delay is in chain units (GOVERNANCE_DELAY seconds x 1000), as its clock is block.timestamp", async function () {
    const lock = await ethers.getContractAt("TimelockController", await deploymentAddress(hre, "GovernorTimelock"));
    expect(await lock.getMinDelay()).to.equal(DELAY * 1000n);
    const tree = await ethers.getContractAt("AuthorityTree", await deploymentAddress(hre, "AuthorityTree"));
    expect(await tree.TIME_UNIT()).to.equal(1000n);
    expect(await tree.pendingOwner()).to.equal(await lock.getAddress());
  });
});
