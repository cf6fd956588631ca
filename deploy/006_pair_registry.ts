import type { DeployFunction } from "hardhat-deploy/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { timeUnitOf } from "../lib/networks";

/**
 * The tradable product list: pairs of registered assets, with eligibility policies created in the client registry.
 * Every dependency is a constructor argument (immutable): no setter to call after deployment, so nothing to re-wire.
 * Exchange venues and native tokens are not deployed here: their operators and issuers create them at run time.
 */
const deployPairRegistry: DeployFunction = async function (hre: HardhatRuntimeEnvironment) {
  const { deployments, getNamedAccounts, network } = hre;
  const { deployer } = await getNamedAccounts();
  const tree = await deployments.get("AuthorityTree");
  const assets = await deployments.get("AssetRegistry");
  const registry = await deployments.get("IdentityRegistry");
  await deployments.deploy("PairRegistry", {
    from: deployer,
    args: [tree.address, assets.address, registry.address, timeUnitOf(network.name)],
    log: true,
  });
};

deployPairRegistry.tags = ["PairRegistry", "assets", "suite"];
deployPairRegistry.dependencies = ["AuthorityTree", "IdentityRegistry", "AssetRegistry"];
export default deployPairRegistry;
