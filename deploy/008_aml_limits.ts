import type { DeployFunction } from "hardhat-deploy/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { timeUnitOf } from "../lib/networks";

/**
 * AML limits (issue 16): the policies of limits that venues and native tokens attach (ILimitsAttachable.setLimits).
 * Its dependencies are constructor arguments (immutable); venues and tokens learn its address when a policy is
 * attached, so nothing else is re-deployed or re-wired.
 */
const deployAmlLimits: DeployFunction = async function (hre: HardhatRuntimeEnvironment) {
  const { deployments, getNamedAccounts, network } = hre;
  const { deployer } = await getNamedAccounts();
  const tree = await deployments.get("AuthorityTree");
  const registry = await deployments.get("IdentityRegistry");
  await deployments.deploy("AmlLimits", {
    from: deployer,
    args: [tree.address, registry.address, timeUnitOf(network.name)],
    log: true,
  });
};

deployAmlLimits.tags = ["AmlLimits", "limits", "suite"];
deployAmlLimits.dependencies = ["AuthorityTree", "IdentityRegistry"];
export default deployAmlLimits;
