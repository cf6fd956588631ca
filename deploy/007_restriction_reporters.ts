import type { DeployFunction } from "hardhat-deploy/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { ReporterRole as Role } from "../lib/tree";

/**
 * The services that report restrictions to the authority tree's restriction epoch: the client registry, the pair
 * registry and the venue registry (a deregistered venue) report; the asset registry also enrols the native tokens it issues. The governor names them. Until it has,
 * those services cannot restrict anything (a freeze, a halt, a withdrawn attestation would revert), so a governor that
 * is not an account of this node (a multisig, GOVERNOR_ADDRESS) makes this step fail with the calls to make; run the
 * deployment again once they are made. Idempotent: a role already in place is left alone (roles never go down).
 */
const setReporters: DeployFunction = async function (hre: HardhatRuntimeEnvironment) {
  const { deployments, getNamedAccounts } = hre;
  const { governor } = await getNamedAccounts();
  const tree = await deployments.get("AuthorityTree");
  const wanted: [string, number][] = [
    ["IdentityRegistry", Role.Reporter],
    ["PairRegistry", Role.Reporter],
    ["VenueRegistry", Role.Reporter],
    ["AssetRegistry", Role.Enroller],
  ];
  const local = (await hre.ethers.getSigners()).some((s) => s.address.toLowerCase() === governor.toLowerCase());
  const missing: string[] = [];
  for (const [name, role] of wanted) {
    const { address } = await deployments.get(name);
    const current = Number(await deployments.read("AuthorityTree", "reporterRole", address));
    if (current >= role) continue;
    if (!local) {
      missing.push(`AuthorityTree(${tree.address}).setReporter(${address}, ${role}) for ${name}`);
      continue;
    }
    await deployments.execute("AuthorityTree", { from: governor, log: true }, "setReporter", address, role);
  }
  if (missing.length > 0) {
    throw new Error(`governor ${governor} must call, then deploy again:\n  ${missing.join("\n  ")}`);
  }
};

setReporters.tags = ["RestrictionReporters", "suite"];
setReporters.dependencies = ["AuthorityTree", "IdentityRegistry", "AssetRegistry", "PairRegistry", "VenueRegistry"];
export default setReporters;
