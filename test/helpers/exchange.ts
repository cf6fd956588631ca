import { ethers } from "hardhat";
import type { IExchange } from "../../typechain-types";
import type { IExchangeBase } from "../../typechain-types/contracts/interfaces/IExchange.sol/IExchange";
import { DAY, ProductType, Scope, deployAssets } from "./fixtures";

export const Side = { Bid: 0, Ask: 1 } as const;
export const OrderType = {
  GoodTillCancel: 0,
  GoodTillDate: 1,
  ImmediateOrCancel: 2,
  FillOrKill: 3,
  PostOnly: 4,
} as const;
export const Reason = { Cancelled: 0, Ineligible: 1, Expired: 2, SelfTrade: 3, Delisted: 4 } as const;

/** Book units of the fixture pair: a lot is LOT base units; a tick is TICK quote units per lot. */
export const LOT = 1_000n;
export const TICK = 10n;
export const MIN_LOTS = 2n;
export const FUNDS = 10n ** 12n;

/**
 * The asset world (deployAssets) plus a venue: BOND (native, reserve attested) / USD listed under R1 with tick size
 * TICK, lot size LOT and a minimum of MIN_LOTS lots; the Exchange operated by exchangeOp trusting R1, registered in
 * the venue registry, its BOND/USD book open, fee cap 100 bps (steward), fees 0 unless `withFees`; alice, bob, carol
 * and dave enrolled (depth 2), each holding FUNDS of both tokens in the venue.
 */
export async function deployExchange(unit: 1 | 1000 = 1, withFees = false) {
  const f = await deployAssets(unit);
  const { clock, pairs, actors, nodes, usd, usdAsset, registerToken, attestReserve, token, clients, tree, registry } =
    f;
  const bondAsset = await registerToken();
  await attestReserve(bondAsset, 10n ** 15n, 365 * DAY);
  const policy = { trustedRoots: [nodes.r1], allowedClasses: 0x0f, barredJurisdictions: [] as number[] };
  const terms = {
    baseAsset: bondAsset,
    quoteAsset: usdAsset,
    productType: ProductType.Spot,
    tickSize: TICK,
    lotSize: LOT,
    minSize: LOT * MIN_LOTS,
    baseAttestations: 0,
    quoteAttestations: 0,
    proposalExpiry: (await clock.now()) + 7 * DAY,
  };
  await (await pairs.connect(actors.lister).proposePair(nodes.r1, terms, policy)).wait();
  const pairId = await pairs.pairCount();
  await (await pairs.connect(actors.steward).approvePair(pairId)).wait();
  const pairPolicy = (await pairs.pair(pairId)).policyId;

  const deployed = await ethers.deployContract(
    "Exchange",
    [
      await tree.getAddress(),
      await registry.getAddress(),
      await pairs.getAddress(),
      actors.exchangeOp.address,
      [nodes.r1],
      unit,
    ],
    actors.exchangeOp,
  );
  await deployed.waitForDeployment();
  const exchange = (await ethers.getContractAt("IExchange", await deployed.getAddress())) as unknown as IExchange;
  await (await f.venues.connect(actors.exchangeOp).registerVenue(exchange, nodes.r1, Scope.EXCHANGE)).wait();
  await (await exchange.connect(actors.exchangeOp).openBook(pairId)).wait();
  await (await exchange.connect(actors.steward).setFeeCap(100)).wait();
  if (withFees) await (await exchange.connect(actors.exchangeOp).setFees(5, 10)).wait();

  const traders = [actors.alice, actors.bob, actors.carol, actors.dave];
  const identities: bigint[] = [];
  for (const t of traders) {
    identities.push(await clients.enrol(t.address));
    await (await token.connect(actors.issuer).mint(t.address, FUNDS)).wait();
    await (await usd.mint(t.address, FUNDS)).wait();
    await (await token.connect(t).approve(exchange, FUNDS)).wait();
    await (await usd.connect(t).approve(exchange, FUNDS)).wait();
    await (await exchange.connect(t).deposit(token, FUNDS)).wait();
    await (await exchange.connect(t).deposit(usd, FUNDS)).wait();
  }
  const order = (
    side: number,
    tick: number | bigint,
    lots: number | bigint,
    o: Partial<IExchangeBase.OrderParamsStruct> = {},
  ): IExchangeBase.OrderParamsStruct => ({
    pairId,
    side,
    orderType: OrderType.GoodTillCancel,
    tick,
    lots,
    expiry: 0,
    maxSteps: 20,
    ...o,
  });
  return { ...f, bondAsset, pairId, pairPolicy, exchange, traders, identities, order };
}

export async function exchangeSeconds() {
  return deployExchange(1);
}
export async function exchangeWithFees() {
  return deployExchange(1, true);
}
export async function exchangeMillis() {
  return deployExchange(1000);
}
