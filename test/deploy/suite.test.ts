import { expect } from "chai";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import hre, { deployments, ethers } from "hardhat";
import { deployed } from "../../lib/cli";
import type {
  AssetRegistry,
  AuthorityTree,
  IdentityRegistry,
  PairRegistry,
  TokenFactory,
  VenueRegistry,
} from "../../typechain-types";
import { useClock } from "../helpers/fixtures";

/** The shared suite, in the order the deploy scripts create it. */
const SUITE = ["AuthorityTree", "IdentityRegistry", "VenueRegistry", "TokenFactory", "AssetRegistry", "PairRegistry"];

async function suite() {
  const at = <T>(name: string) => deployed<T>(hre, name);
  return {
    tree: await at<AuthorityTree>("AuthorityTree"),
    registry: await at<IdentityRegistry>("IdentityRegistry"),
    venues: await at<VenueRegistry>("VenueRegistry"),
    factory: await at<TokenFactory>("TokenFactory"),
    assets: await at<AssetRegistry>("AssetRegistry"),
    pairs: await at<PairRegistry>("PairRegistry"),
  };
}

async function addresses(): Promise<Record<string, string>> {
  const all = await deployments.all();
  return Object.fromEntries(Object.entries(all).map(([name, d]) => [name, d.address]));
}

/** Every contract deployed, wired to the others, and reading the chain's clock in `unit`. */
async function expectWired(unit: 1 | 1000): Promise<void> {
  const { tree, registry, venues, factory, assets, pairs } = await suite();
  for (const name of SUITE) {
    const d = await deployments.get(name);
    expect(await ethers.provider.getCode(d.address), name).to.not.equal("0x");
  }
  const [deployer] = await ethers.getSigners();
  expect(await tree.owner()).to.equal(deployer.address);
  expect(await registry.AUTHORITY()).to.equal(await tree.getAddress());
  expect(await venues.TREE()).to.equal(await tree.getAddress());
  expect(await factory.TREE()).to.equal(await tree.getAddress());
  expect(await factory.ELIGIBILITY()).to.equal(await registry.getAddress());
  expect(await factory.VENUES()).to.equal(await venues.getAddress());
  expect(await assets.TREE()).to.equal(await tree.getAddress());
  expect(await assets.FACTORY()).to.equal(await factory.getAddress());
  expect(await factory.ASSET_REGISTRY()).to.equal(await assets.getAddress()); // 22.6e: bound to its one registry
  expect(await pairs.TREE()).to.equal(await tree.getAddress());
  expect(await pairs.ASSETS()).to.equal(await assets.getAddress());
  expect(await pairs.ELIGIBILITY()).to.equal(await registry.getAddress());
  for (const clock of [tree, registry, assets, pairs]) expect(await clock.TIME_UNIT()).to.equal(BigInt(unit));
  // currentTime() is in seconds whatever the chain's unit.
  const latest = await time.latest();
  expect(await tree.currentTime()).to.equal(BigInt(Math.floor(latest / unit)));
  expect(await pairs.currentTime()).to.be.lessThan(10n ** 11n);
}

describe("Deployment scripts (deploy/)", function () {
  const savedUnit = process.env.CHAIN_TIME_UNIT;

  before(async function () {
    delete process.env.CHAIN_TIME_UNIT;
    await useClock(1);
  });

  after(async function () {
    if (savedUnit === undefined) delete process.env.CHAIN_TIME_UNIT;
    else process.env.CHAIN_TIME_UNIT = savedUnit;
    await useClock(1); // leave a seconds chain to the suites that follow
  });

  it("deploys and wires the whole suite in order, on the network's time unit", async function () {
    await deployments.fixture();
    expect(Object.keys(await deployments.all())).to.include.members(SUITE);
    await expectWired(1);
  });

  it("is idempotent: a second run reuses every contract and sends no transaction", async function () {
    await deployments.fixture();
    const before = await addresses();
    const block = await ethers.provider.getBlockNumber();
    await deployments.run(undefined, { resetMemory: false, writeDeploymentsToFiles: false });
    expect(await addresses()).to.deep.equal(before);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    await expectWired(1);
  });

  it("deploys on a PlatON-like millisecond clock with CHAIN_TIME_UNIT=1000, redeploying the dependents", async function () {
    await deployments.fixture();
    const seconds = await addresses();
    await useClock(1000);
    process.env.CHAIN_TIME_UNIT = "1000";
    try {
      // The tree's time unit changes, so it is redeployed, and so is everything built on its address.
      await deployments.run(undefined, { resetMemory: false, writeDeploymentsToFiles: false });
      const millis = await addresses();
      for (const name of SUITE) expect(millis[name], name).to.not.equal(seconds[name]);
      await expectWired(1000);
      // And once deployed there, a re-run is a no-op again.
      const block = await ethers.provider.getBlockNumber();
      await deployments.run(undefined, { resetMemory: false, writeDeploymentsToFiles: false });
      expect(await addresses()).to.deep.equal(millis);
      expect(await ethers.provider.getBlockNumber()).to.equal(block);
    } finally {
      delete process.env.CHAIN_TIME_UNIT;
    }
  });
});
