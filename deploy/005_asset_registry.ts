import type { DeployFunction } from "hardhat-deploy/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { timeUnitOf } from "../lib/networks";

const ZERO = "0x0000000000000000000000000000000000000000";

/**
 * The asset registry: registered assets, their attestations, and native issuance through the token factory. The
 * factory is then bound to it, for good, by the deployer (who deployed the factory): until then the factory creates
 * nothing, and after it, nothing for anyone else. Idempotent: a factory already bound to this registry is left alone.
 */
const deployAssetRegistry: DeployFunction = async function (hre: HardhatRuntimeEnvironment) {
  const { deployments, getNamedAccounts, network } = hre;
  const { deployer } = await getNamedAccounts();
  const tree = await deployments.get("AuthorityTree");
  const factory = await deployments.get("TokenFactory");
  const options = { from: deployer, args: [tree.address, factory.address, timeUnitOf(network.name)], log: true };
  const bound = String(await deployments.read("TokenFactory", "ASSET_REGISTRY"));
  const { differences } = await deployments.fetchIfDifferent("AssetRegistry", options);
  if (differences && bound !== ZERO) {
    // A registry is never built on a factory bound to another one (FactoryAlreadyBound): both must be new.
    throw new Error(
      `TokenFactory ${factory.address} is bound to AssetRegistry ${bound}, which must be replaced: ` +
        `delete deployments/${network.name}/TokenFactory.json and deploy again`,
    );
  }
  const assets = await deployments.deploy("AssetRegistry", options);
  // Binding is for good: first check that the factory names this network's TokenDeployer, and that deployer this
  // network's MonetaryDesk (the factory checks each token it returns, but not which deployer it was given).
  const same = (a: unknown, b: string) => String(a).toLowerCase() === b.toLowerCase();
  const tokenDeployer = await deployments.get("TokenDeployer");
  const desk = await deployments.get("MonetaryDesk");
  if (!same(await deployments.read("TokenFactory", "DEPLOYER"), tokenDeployer.address)) {
    throw new Error(`TokenFactory ${factory.address} does not name TokenDeployer ${tokenDeployer.address}`);
  }
  if (!same(await deployments.read("TokenDeployer", "DESK"), desk.address)) {
    throw new Error(`TokenDeployer ${tokenDeployer.address} does not name MonetaryDesk ${desk.address}`);
  }
  if (bound === ZERO) {
    await deployments.execute("TokenFactory", { from: deployer, log: true }, "bindAssetRegistry", assets.address);
  } else if (bound.toLowerCase() !== assets.address.toLowerCase()) {
    throw new Error(`TokenFactory ${factory.address} is bound to ${bound}, not AssetRegistry ${assets.address}`);
  }
};

deployAssetRegistry.tags = ["AssetRegistry", "assets", "suite"];
deployAssetRegistry.dependencies = ["AuthorityTree", "TokenFactory"];
export default deployAssetRegistry;
