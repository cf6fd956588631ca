import type { DeployFunction } from "hardhat-deploy/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { timeUnitOf } from "../lib/networks";

/** The qualified-client registry: attests clients against the authority tree, on the network's clock. */
const deployIdentityRegistry: DeployFunction = async function (hre: HardhatRuntimeEnvironment) {
  const { deployments, getNamedAccounts, network } = hre;
  const { deployer } = await getNamedAccounts();
  const tree = await deployments.get("AuthorityTree");
  await deployments.deploy("IdentityRegistry", {
    from: deployer,
    args: [tree.address, timeUnitOf(network.name)],
    log: true,
  });
};

deployIdentityRegistry.tags = ["IdentityRegistry", "registry", "suite"];
deployIdentityRegistry.dependencies = ["AuthorityTree"];
export default deployIdentityRegistry;
