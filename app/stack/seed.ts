/**
 * After the demo (scripts/demo.ts), a live market for the console: the demo ends with the bond's reserve lapsed and
 * everyone withdrawn, so the screens would show a pair that cannot trade. Run as
 * `npx hardhat run app/stack/seed.ts --network <net>` on a development chain (the demo's recorded keys are used):
 *
 * - the auditor attests a fresh reserve (60 days), so the BOND/USD pair trades again;
 * - Dave and Erin (Bank Z's clients, still eligible) get test USD in their wallets;
 * - Erin deposits and rests a ladder of asks and bids around 100.00 USD;
 * - Dave deposits BOND and sells one lot into Erin's best bid, so that his history and the chart have a first trade.
 *
 * Dave keeps his USD in his wallet: depositing it (approve, then deposit) is the console's first step.
 */
import hre from "hardhat";
import { Wallet } from "ethers";
import type { AssetRegistry, CompliantToken, IExchange, PairRegistry, TestToken } from "../../typechain-types";
import { readLabelRecord } from "../../lib/cli";
import { Side } from "../../lib/book";
import { OrderType } from "../../lib/venue";

const { ethers, deployments } = hre;
const DAY = 86_400;

async function main(): Promise<void> {
  const { chainId } = await ethers.provider.getNetwork();
  if (chainId !== 31337n) throw new Error(`the console's seed runs on development chains only, not chain ${chainId}`);
  const record = readLabelRecord(hre);
  const actor = (label: string): Wallet => {
    const address = Object.entries(record.accounts ?? {}).find(([, l]) => l === label)?.[0];
    const key = address && record.keys?.[address];
    if (!key) throw new Error(`no development key for ${label}: run the demo first`);
    return new Wallet(key, ethers.provider);
  };
  const at = async <T>(name: string, contract: string) =>
    (await ethers.getContractAt(contract, (await deployments.get(name)).address)) as unknown as T;
  const assets = await at<AssetRegistry>("AssetRegistry", "AssetRegistry");
  const pairs = await at<PairRegistry>("PairRegistry", "PairRegistry");
  const venue = await at<IExchange>("Exchange", "IExchange");
  const pairId = 1n;
  const pair = await pairs.pair(pairId);
  const usd = (await ethers.getContractAt("TestToken", pair.quoteToken)) as unknown as TestToken;
  const bond = (await ethers.getContractAt("CompliantToken", pair.baseToken)) as unknown as CompliantToken;
  const [funder] = await ethers.getSigners();
  const [auditor, dave, erin] = ["Auditor", "Dave", "Erin"].map(actor);
  const USD = (n: number) => ethers.parseUnits(String(n), 18);
  const BOND = (n: number) => ethers.parseUnits(String(n), 6);
  const mined = async (tx: Promise<{ wait(): Promise<unknown> }>) => (await tx).wait();

  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  const unit = Number(await pairs.TIME_UNIT());
  const seconds = Math.floor(now / unit);
  await mined(
    assets
      .connect(auditor)
      .attestReserve(
        pair.baseAsset,
        BOND(10_000_000),
        seconds,
        seconds + 60 * DAY,
        "ipfs://console-reserve",
        ethers.id("console reserve"),
      ),
  );
  for (const w of [dave, erin]) await mined(usd.connect(funder).mint(w.address, USD(100_000)));
  const erinBond = await bond.balanceOf(erin.address);
  if (erinBond < BOND(20)) throw new Error(`Erin holds ${erinBond} BOND units; the ladder needs 20 BOND`);
  await mined(bond.connect(erin).approve(venue.target, BOND(20)));
  await mined(venue.connect(erin).deposit(bond.target, BOND(20)));
  await mined(usd.connect(erin).approve(venue.target, USD(20_000)));
  await mined(venue.connect(erin).deposit(usd.target, USD(20_000)));
  const order = (side: number, tick: number, lots: number, orderType: number = OrderType.GoodTillCancel) => ({
    pairId,
    side,
    orderType,
    tick,
    lots,
    expiry: 0,
    maxSteps: 20,
  });
  // Ticks are cents per lot (one lot is one BOND): 10,100 is 101.00 USD.
  for (const [tick, lots] of [
    [10_100, 3],
    [10_150, 4],
    [10_200, 5],
  ])
    await mined(venue.connect(erin).placeOrder(order(Side.Ask, tick, lots)));
  for (const [tick, lots] of [
    [9_900, 3],
    [9_850, 4],
    [9_800, 5],
  ])
    await mined(venue.connect(erin).placeOrder(order(Side.Bid, tick, lots)));
  await mined(bond.connect(dave).approve(venue.target, BOND(5)));
  await mined(venue.connect(dave).deposit(bond.target, BOND(5)));
  await mined(venue.connect(dave).placeOrder(order(Side.Ask, 9_900, 1, OrderType.ImmediateOrCancel)));
  console.log(`console seed: reserve renewed; Erin rests 12 lots a side; Dave sold 1 lot at 99.00`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
