import type { DeployFunction } from "hardhat-deploy/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

/** The venue registry: EXCHANGE and CUSTODY holders register the venues and custodians they operate. */
const deployVenueRegistry: DeployFunction = async function (hre: HardhatRuntimeEnvironment) {
  const { deployments, getNamedAccounts } = hre;
  const { deployer } = await getNamedAccounts();
  const tree = await deployments.get("AuthorityTree");
  await deployments.deploy("VenueRegistry", { from: deployer, args: [tree.address], log: true });
};

deployVenueRegistry.tags = ["VenueRegistry", "assets", "suite"];
deployVenueRegistry.dependencies = ["AuthorityTree"];
export default deployVenueRegistry;
