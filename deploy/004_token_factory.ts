import type { DeployFunction } from "hardhat-deploy/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { timeUnitOf } from "../lib/networks";

/**
 * The factory of native compliant tokens, wired to the tree, the client registry and the venue registry (immutables:
 * every token it creates is wired to the same ones; both registries must answer to the tree). It takes the time unit
 * from the asset registry that calls it, the only caller it accepts once 005 has bound it to that registry.
 * The token's creation code lives in a TokenDeployer (stateless, permissionless), deployed first and named in the
 * factory's constructor: the factory stays small however the token grows. Before it, the MonetaryDesk (on the
 * network's time unit), which keeps every native token's cap, mint rate, reserve ratio and redemptions; the
 * deployer passes it to every token it creates.
 */
const deployTokenFactory: DeployFunction = async function (hre: HardhatRuntimeEnvironment) {
  const { deployments, getNamedAccounts, network } = hre;
  const { deployer } = await getNamedAccounts();
  const tree = await deployments.get("AuthorityTree");
  const registry = await deployments.get("IdentityRegistry");
  const venues = await deployments.get("VenueRegistry");
  const desk = await deployments.deploy("MonetaryDesk", {
    from: deployer,
    args: [timeUnitOf(network.name)],
    log: true,
  });
  const tokenDeployer = await deployments.deploy("TokenDeployer", { from: deployer, args: [desk.address], log: true });
  await deployments.deploy("TokenFactory", {
    from: deployer,
    args: [tree.address, registry.address, venues.address, tokenDeployer.address],
    log: true,
  });
};

deployTokenFactory.tags = ["TokenFactory", "assets", "suite"];
deployTokenFactory.dependencies = ["AuthorityTree", "IdentityRegistry", "VenueRegistry"];
export default deployTokenFactory;
