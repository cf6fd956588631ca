import type { DeployFunction } from "hardhat-deploy/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { timeUnitOf } from "../lib/networks";

/**
 * AML limits (issue 16): the policies of limits that venues and native tokens attach (ILimitsAttachable.setLimits).
 * Its dependencies are constructor arguments (immutable); the governor names it once in the VenueRegistry
 * (setAmlLimits), the only AmlLimits venues and tokens attach (issue 16 review H1), so nothing is re-deployed.
 */
const deployAmlLimits: DeployFunction = async function (hre: HardhatRuntimeEnvironment) {
  const { deployments, getNamedAccounts, network, ethers } = hre;
  const { deployer, governor } = await getNamedAccounts();
  const tree = await deployments.get("AuthorityTree");
  const registry = await deployments.get("IdentityRegistry");
  const aml = await deployments.deploy("AmlLimits", {
    from: deployer,
    args: [tree.address, registry.address, timeUnitOf(network.name)],
    log: true,
  });
  // The governor names it, once, in the venue registry: venues and tokens attach policies of this contract only.
  const named = await deployments.read("VenueRegistry", "amlLimits");
  if (named === ethers.ZeroAddress) {
    await deployments.execute("VenueRegistry", { from: governor, log: true }, "setAmlLimits", aml.address);
  } else if (named.toLowerCase() !== aml.address.toLowerCase()) {
    throw new Error(`VenueRegistry already names AmlLimits ${named}, not ${aml.address}`);
  }
};

deployAmlLimits.tags = ["AmlLimits", "limits", "suite"];
deployAmlLimits.dependencies = ["AuthorityTree", "IdentityRegistry", "VenueRegistry"];
export default deployAmlLimits;
