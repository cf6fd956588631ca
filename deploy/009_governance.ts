import type { DeployFunction } from "hardhat-deploy/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { ZeroAddress, ZeroHash, getAddress, hexlify, id, keccak256, randomBytes, toBeHex } from "ethers";
import fs from "node:fs";
import {
  acceptanceFile,
  governanceConfig,
  governanceFile,
  operation,
  readGovernanceFile,
  writeGovernanceFile,
  type GovernanceConfig,
} from "../lib/governance";
import { NETWORKS, timeUnitOf } from "../lib/networks";

/** The salt of the governor hand-over's acceptance (a timelock operation id must be new). */
export const ACCEPTANCE_SALT = id("issue 17: the timelock accepts the authority tree's governor role");

/**
 * The governor behind a multisig and a delay (issue 17), on networks that ask for it (lib/governance.ts,
 * governanceConfig: the production networks, or GOVERNANCE=safe-timelock): a Safe of GOVERNANCE_SAFE_OWNERS with
 * threshold GOVERNANCE_SAFE_THRESHOLD is the only proposer, executor and canceller of a TimelockController with a delay
 * of GOVERNANCE_DELAY seconds and no admin (it administers itself), and the tree's governor is handed to the timelock.
 *
 * Runs last: the earlier steps need the plain governor (007 names the reporters, 008 the AML limits). The hand-over
 * is the tree's two steps: this script proposes the timelock (transferOwnership); the acceptance is itself a
 * governance action (the Safe queues acceptOwnership on the timelock, and executes it after the delay), written to
 * governance/<network>/accept-governor.json for the owners to sign (gov:sign, gov:queue, gov:execute). The Safe's
 * contracts are deployed unless the network has them (SAFE_SINGLETON, SAFE_PROXY_FACTORY, SAFE_FALLBACK_HANDLER).
 * Idempotent: a Safe or timelock already recorded is checked against the configuration, not deployed again.
 */
const deployGovernance: DeployFunction = async function (hre: HardhatRuntimeEnvironment) {
  const config = governanceConfig(process.env, NETWORKS[hre.network.name]?.governed ?? false);
  if (!config) return;
  const { deployments, getNamedAccounts, network, ethers } = hre;
  const { deployer, governor } = await getNamedAccounts();
  const unit = BigInt(timeUnitOf(network.name));

  const safe = await safeOf(hre, config, deployer);
  // The timelock's clock is block.timestamp: in milliseconds on PlatON, so its delay is in chain units.
  const minDelay = config.delaySeconds * unit;
  const timelock = await deployments.deploy("GovernorTimelock", {
    contract: "TimelockController",
    from: deployer,
    args: [minDelay, [safe], [safe], ZeroAddress],
    log: true,
  });
  const lock = await ethers.getContractAt("TimelockController", timelock.address);
  if ((await lock.getMinDelay()) !== minDelay) {
    throw new Error(`GovernorTimelock ${timelock.address} has a delay of ${await lock.getMinDelay()}, not ${minDelay}`);
  }

  // A recorded timelock keeps its roles (review L7): the Safe proposes, executes and cancels; the deployer holds none,
  // nor the admin role (the timelock administers itself). Holders granted since are seen in RoleGranted (audit:replay).
  for (const [name, role, holder, wanted] of [
    ["proposer", await lock.PROPOSER_ROLE(), safe, true],
    ["executor", await lock.EXECUTOR_ROLE(), safe, true],
    ["canceller", await lock.CANCELLER_ROLE(), safe, true],
    ["admin", await lock.DEFAULT_ADMIN_ROLE(), timelock.address, true],
    ["admin", await lock.DEFAULT_ADMIN_ROLE(), deployer, false],
    ["proposer", await lock.PROPOSER_ROLE(), deployer, false],
  ] as const) {
    if ((await lock.hasRole(role, holder)) !== wanted) {
      throw new Error(`GovernorTimelock ${timelock.address}: ${holder} ${wanted ? "lacks" : "holds"} the ${name} role`);
    }
  }
  const tree = await ethers.getContractAt("AuthorityTree", (await deployments.get("AuthorityTree")).address);
  const current = await tree.governor();
  if (current === timelock.address) return;
  if ((await tree.pendingOwner()) !== timelock.address) {
    if (current.toLowerCase() !== governor.toLowerCase()) {
      throw new Error(`the tree's governor is ${current}, not the configured governor ${governor}: it must propose the
  timelock itself: AuthorityTree(${await tree.getAddress()}).transferOwnership(${timelock.address})`);
    }
    await deployments.execute("AuthorityTree", { from: governor, log: true }, "transferOwnership", timelock.address);
  }
  // The acceptance: a governance action the owners sign, queue, and execute after the delay.
  const safeContract = await ethers.getContractAt("SafeL2", safe);
  const acceptance = governanceFile({
    description: "the timelock accepts the authority tree's governor role",
    chainId: (await ethers.provider.getNetwork()).chainId,
    safe,
    timelock: timelock.address,
    op: operation(await tree.getAddress(), tree.interface.encodeFunctionData("acceptOwnership"), ACCEPTANCE_SALT),
    delay: minDelay,
    stage: "queue",
    nonce: await safeContract.nonce(),
  });
  if (network.name !== "hardhat") {
    const file = acceptanceFile(hre.config.paths.root, network.name);
    // A file already being signed for the same Safe transaction keeps its signatures.
    const kept = fs.existsSync(file) ? readGovernanceFile(file) : undefined;
    if (kept?.safeTxHash !== acceptance.safeTxHash) writeGovernanceFile(file, acceptance);
    console.log(
      `governor hand-over proposed to the timelock ${timelock.address}; it takes effect when the Safe ${safe} ` +
        `accepts it through the timelock: ${config.threshold} owners run gov:sign --file ${file}, then gov:queue, ` +
        `and after ${config.delaySeconds} s gov:sign again and gov:execute`,
    );
  }
};

/** The governor Safe: recorded, or created from the network's (or freshly deployed) Safe contracts. */
async function safeOf(hre: HardhatRuntimeEnvironment, config: GovernanceConfig, deployer: string): Promise<string> {
  const { deployments, ethers } = hre;
  // Contracts given by address must be this build's (review L7): a look-alike singleton or handler would run the
  // governor's Safe. (The canonical Safe 1.4.1 deployments were compiled otherwise: deploy ours on such a network.)
  await verifyCode(hre, "SAFE_SINGLETON", config.singleton, "SafeL2");
  await verifyCode(hre, "SAFE_PROXY_FACTORY", config.proxyFactory, "SafeProxyFactory");
  await verifyCode(hre, "SAFE_FALLBACK_HANDLER", config.fallbackHandler, "CompatibilityFallbackHandler");
  const recorded = await deployments.getOrNull("GovernorSafe");
  let address = recorded?.address;
  if (!address) {
    const deploy = async (name: string) => (await deployments.deploy(name, { from: deployer, log: true })).address;
    const singleton = config.singleton ?? (await deploy("SafeL2"));
    const factory = config.proxyFactory ?? (await deploy("SafeProxyFactory"));
    const handler = config.fallbackHandler ?? (await deploy("CompatibilityFallbackHandler"));
    const artifact = await deployments.getArtifact("SafeL2");
    const setup = new ethers.Interface(artifact.abi).encodeFunctionData("setup", [
      config.owners,
      config.threshold,
      ZeroAddress,
      "0x",
      handler,
      ZeroAddress,
      0,
      ZeroAddress,
    ]);
    const proxyFactory = await ethers.getContractAt("SafeProxyFactory", factory, await ethers.getSigner(deployer));
    // A random salt: anyone may create the proxy of a known (setup, salt) first, which would make this call revert.
    const salt = BigInt(hexlify(randomBytes(32)));
    const tx = await proxyFactory.createProxyWithNonce(singleton, setup, salt);
    const receipt = (await tx.wait())!;
    const created = receipt.logs
      .map((l) => proxyFactory.interface.parseLog(l))
      .find((e) => e?.name === "ProxyCreation");
    if (!created) throw new Error("the Safe proxy factory created no Safe");
    address = created.args.proxy as string;
    await deployments.save("GovernorSafe", {
      address,
      abi: artifact.abi,
      transactionHash: receipt.hash,
      receipt: { ...receipt, blockNumber: receipt.blockNumber } as never,
      args: [singleton, setup, salt.toString()],
    });
    if (hre.network.name !== "hardhat")
      console.log(`deployed GovernorSafe at ${address} (${config.threshold} of ${config.owners.length} owners)`);
  }
  const safe = await ethers.getContractAt("SafeL2", address);
  const owners = (await safe.getOwners()).map((o) => o.toLowerCase()).sort();
  const wanted = config.owners.map((o) => o.toLowerCase()).sort();
  const threshold = await safe.getThreshold();
  if (owners.join() !== wanted.join() || threshold !== BigInt(config.threshold)) {
    throw new Error(
      `GovernorSafe ${address} has owners ${owners.join(", ")} and threshold ${threshold}, not the configured ` +
        `${wanted.join(", ")} and ${config.threshold}: change the Safe through its owners, or the configuration`,
    );
  }
  // Nothing but the owners may act for it (review L7): no module (which executes without signatures), no guard (which
  // could block every transaction), and its singleton (proxy slot 0) this build's.
  const modules = await safe.getModulesPaginated(SENTINEL, 1);
  if (modules.array.length !== 0) {
    throw new Error(
      `GovernorSafe ${address} has modules (${modules.array.join(", ")}): remove them through its owners`,
    );
  }
  const guard = await ethers.provider.getStorage(address, GUARD_STORAGE_SLOT);
  if (guard !== ZeroHash)
    throw new Error(`GovernorSafe ${address} has a guard (${guard}): remove it through its owners`);
  const singleton = getAddress(toBeHex(BigInt(await ethers.provider.getStorage(address, 0)), 20));
  await verifyCode(hre, `GovernorSafe ${address}'s singleton`, singleton, "SafeL2");
  return address;
}

/** Safe 1.4.1's linked-list head of its modules, and the storage slot of its guard (GuardManager.sol). */
const SENTINEL = "0x0000000000000000000000000000000000000001";
const GUARD_STORAGE_SLOT = "0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8";

/** Throws unless `address` (when given) holds exactly the runtime code of this build's `artifact`. */
async function verifyCode(hre: HardhatRuntimeEnvironment, what: string, address: string | undefined, artifact: string) {
  if (address === undefined) return;
  const code = await hre.ethers.provider.getCode(address);
  const wanted = (await hre.deployments.getArtifact(artifact)).deployedBytecode;
  if (keccak256(code) !== keccak256(wanted)) {
    throw new Error(
      `${what} ${address} does not hold this build's ${artifact} (code hash ${keccak256(code)}, not ` +
        `${keccak256(wanted)}): name a deployment of this build, or leave it unset to deploy one`,
    );
  }
}

deployGovernance.tags = ["Governance", "suite"];
deployGovernance.dependencies = ["AuthorityTree", "RestrictionReporters", "AmlLimits"];
export default deployGovernance;
