/**
 * Deploying a venue: its ExchangeAdmin module first, then the Exchange that checks the module is wired like itself
 * (same tree, registries, operator, home root and time unit). Used by the tests' helper, the `venue:deploy` task and
 * the demo. Only type imports from typechain-types (tasks load before compilation).
 */
import type { BigNumberish, ContractFactory, Signer } from "ethers";

/** What a venue is deployed with. `roots[0]` is the home root (the operator's EXCHANGE licence). */
export type VenueWiring = {
  tree: string;
  eligibility: string;
  pairs: string;
  venues: string;
  operator: string;
  roots: BigNumberish[];
  timeUnit: BigNumberish;
};

/** Anything that hands out contract factories by artifact name (hre.ethers, or the tests' ethers). */
export type FactorySource = { getContractFactory(name: string, signer?: Signer): Promise<ContractFactory> };

/** Deploy the admin module and the venue from `signer` (the operator); returns both addresses. */
export async function deployVenue(
  ethers: FactorySource,
  signer: Signer,
  w: VenueWiring,
): Promise<{ venue: string; admin: string }> {
  const adminFactory = await ethers.getContractFactory("ExchangeAdmin", signer);
  const admin = await adminFactory.deploy(w.tree, w.eligibility, w.pairs, w.venues, w.operator, w.roots[0], w.timeUnit);
  await admin.waitForDeployment();
  const adminAddress = await admin.getAddress();
  const factory = await ethers.getContractFactory("Exchange", signer);
  const venue = await factory.deploy(
    w.tree,
    w.eligibility,
    w.pairs,
    w.venues,
    w.operator,
    w.roots,
    w.timeUnit,
    adminAddress,
  );
  await venue.waitForDeployment();
  return { venue: await venue.getAddress(), admin: adminAddress };
}
