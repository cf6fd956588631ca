import type { DeployFunction } from "hardhat-deploy/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { timeUnitOf } from "../lib/networks";

/** The seed-authority tree: governed by `governor`, reading the chain's clock in the network's unit. */
const deployAuthorityTree: DeployFunction = async function (hre: HardhatRuntimeEnvironment) {
  const { deployments, getNamedAccounts, network } = hre;
  const { deployer, governor } = await getNamedAccounts();
  await deployments.deploy("AuthorityTree", {
    from: deployer,
    args: [governor, timeUnitOf(network.name)],
    log: true,
  });
};

deployAuthorityTree.tags = ["AuthorityTree", "authority", "suite"];
export default deployAuthorityTree;
