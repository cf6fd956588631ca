import type { DeployFunction } from "hardhat-deploy/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { ReporterRole as Role } from "../scripts/lib/tree";

/**
 * The services that report restrictions to the authority tree's restriction epoch: the client registry and the pair
 * registry report; the asset registry also enrols the native tokens it issues. The governor names them; a governor
 * that is not an account of this node (a multisig, GOVERNOR_ADDRESS) is shown the calls to make instead. Idempotent:
 * a role already in place is left alone.
 */
const setReporters: DeployFunction = async function (hre: HardhatRuntimeEnvironment) {
  const { deployments, getNamedAccounts } = hre;
  const { governor } = await getNamedAccounts();
  const tree = await deployments.get("AuthorityTree");
  const wanted: [string, number][] = [
    ["IdentityRegistry", Role.Reporter],
    ["PairRegistry", Role.Reporter],
    ["AssetRegistry", Role.Enroller],
  ];
  const local = (await hre.ethers.getSigners()).some((s) => s.address.toLowerCase() === governor.toLowerCase());
  for (const [name, role] of wanted) {
    const { address } = await deployments.get(name);
    const current = Number(await deployments.read("AuthorityTree", "reporterRole", address));
    if (current === role) continue;
    if (!local) {
      deployments.log(`governor ${governor} must call AuthorityTree(${tree.address}).setReporter(${address}, ${role})`);
      continue;
    }
    await deployments.execute("AuthorityTree", { from: governor, log: true }, "setReporter", address, role);
  }
};

setReporters.tags = ["RestrictionReporters", "suite"];
setReporters.dependencies = ["AuthorityTree", "IdentityRegistry", "AssetRegistry", "PairRegistry"];
export default setReporters;
