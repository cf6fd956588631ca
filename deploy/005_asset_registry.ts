import type { DeployFunction } from "hardhat-deploy/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { timeUnitOf } from "../scripts/lib/networks";

/** The asset registry: registered assets, their attestations, and native issuance through the token factory. */
const deployAssetRegistry: DeployFunction = async function (hre: HardhatRuntimeEnvironment) {
  const { deployments, getNamedAccounts, network } = hre;
  const { deployer } = await getNamedAccounts();
  const tree = await deployments.get("AuthorityTree");
  const factory = await deployments.get("TokenFactory");
  await deployments.deploy("AssetRegistry", {
    from: deployer,
    args: [tree.address, factory.address, timeUnitOf(network.name)],
    log: true,
  });
};

deployAssetRegistry.tags = ["AssetRegistry", "assets", "suite"];
deployAssetRegistry.dependencies = ["AuthorityTree", "TokenFactory"];
export default deployAssetRegistry;
