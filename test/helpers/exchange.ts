import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "./world";
import type { IExchange } from "../../typechain-types";
import type { IExchangeBase } from "../../typechain-types/contracts/interfaces/IExchange.sol/IExchange";
import type { Signer } from "ethers";
import { deployVenue, type VenueWiring } from "../../lib/venueDeploy";
import {
  DAY,
  ProductType,
  Scope,
  deployAssets,
  identityIdFrom,
  nodeIdFrom,
  registerWithConsent,
  registrationFor,
  rememberWallet,
} from "./fixtures";

export const Side = { Bid: 0, Ask: 1 } as const;
export const OrderType = {
  GoodTillCancel: 0,
  GoodTillDate: 1,
  ImmediateOrCancel: 2,
  FillOrKill: 3,
  PostOnly: 4,
} as const;
export const Reason = {
  Cancelled: 0,
  Ineligible: 1,
  Expired: 2,
  SelfTrade: 3,
  Delisted: 4,
  Frozen: 5,
  Recovered: 6,
  BelowMinimum: 7,
  Returned: 8,
} as const;

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
export async function deployExchange(unit: 1 | 1000 = 1, withFees = false): Promise<ExchangeWorld> {
  // A copy: a suite that replaces a member of its world must not change the next suite's.
  return { ...(await loadFixture(withFees ? VENUE_WITH_FEES[unit] : VENUE[unit])) };
}

/**
 * The venue worlds, each deployed once and restored from its snapshot afterwards (test/helpers/world.ts): deploying
 * one is about sixty transactions, which instrumented (the coverage run) took several seconds each time. The world with
 * fees is the plain one with the fees set on top, so that moving between the two costs only that.
 */
const VENUE = {
  1: async function venueWorldSeconds() {
    return buildExchange(1);
  },
  1000: async function venueWorldMillis() {
    return buildExchange(1000);
  },
};
const VENUE_WITH_FEES = {
  1: async function venueWorldSecondsWithFees() {
    return withFees(await loadFixture(VENUE[1]), 1);
  },
  1000: async function venueWorldMillisWithFees() {
    return withFees(await loadFixture(VENUE[1000]), 1000);
  },
};

/** Maker 5 bps, taker 10 bps, in force at once (the raise from zero is scheduled, then applied: setFeesNow). */
async function withFees(f: ExchangeWorld, unit: 1 | 1000): Promise<ExchangeWorld> {
  await setFeesNow(f.exchange, f.actors.exchangeOp, 5, 10, unit);
  return f;
}

async function buildExchange(unit: 1 | 1000) {
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

  const deployed = await deployVenue(ethers, actors.exchangeOp, {
    tree: await tree.getAddress(),
    eligibility: await registry.getAddress(),
    pairs: await pairs.getAddress(),
    venues: await f.venues.getAddress(),
    operator: actors.exchangeOp.address,
    roots: [nodes.r1],
    timeUnit: unit,
  });
  const exchange = (await ethers.getContractAt("IExchange", deployed.venue)) as unknown as IExchange;
  await (await f.venues.connect(actors.exchangeOp).registerVenue(exchange, nodes.r1, Scope.EXCHANGE)).wait();
  await (await exchange.connect(actors.exchangeOp).openBook(pairId)).wait();
  await (await exchange.connect(actors.steward).setFeeCap(100)).wait();

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

/**
 * Make `makerBps` / `takerBps` the venue's fees as soon as the rules allow: a cut at once; a raise is scheduled
 * (FeesScheduled, issue 15 item 8), the chain moved to its effective time and applied. `unit`: the chain's time unit.
 */
export async function setFeesNow(
  exchange: IExchange,
  operator: Signer,
  makerBps: number | bigint,
  takerBps: number | bigint,
  unit: number = 1,
) {
  await (await exchange.connect(operator).setFees(makerBps, takerBps)).wait();
  const [, , effectiveAt] = await exchange.pendingFees();
  if (effectiveAt === 0n) return;
  await time.increaseTo(effectiveAt * BigInt(unit));
  await (await exchange.applyFees()).wait();
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

export type ExchangeWorld = Awaited<ReturnType<typeof buildExchange>>;

/** List (register as External where needed, propose, approve) and open a book of `base`/`quote` under R1. */
export async function listPair(
  f: ExchangeWorld,
  base: string | { getAddress(): Promise<string> },
  quote: string | { getAddress(): Promise<string> },
  sizes: { tick?: bigint; lot?: bigint; minLots?: bigint; trustedRoots?: bigint[] } = {},
): Promise<bigint> {
  const { assets, pairs, actors, nodes, clock, exchange } = f;
  const assetOf = async (t: string | { getAddress(): Promise<string> }) => {
    const address = typeof t === "string" ? t : await t.getAddress();
    let id = await assets.assetIdOf(address, nodes.r1);
    if (id === 0n) {
      const none = "0x0000000000000000000000000000000000000000";
      await (await assets.connect(actors.lister).registerAsset(address, 0, nodes.r1, none, "ipfs://t")).wait();
      id = await assets.assetIdOf(address, nodes.r1);
    }
    return id;
  };
  const lot = sizes.lot ?? LOT;
  const terms = {
    baseAsset: await assetOf(base),
    quoteAsset: await assetOf(quote),
    productType: ProductType.Spot,
    tickSize: sizes.tick ?? TICK,
    lotSize: lot,
    minSize: lot * (sizes.minLots ?? MIN_LOTS),
    baseAttestations: 0,
    quoteAttestations: 0,
    proposalExpiry: (await clock.now()) + 7 * DAY,
  };
  const policy = {
    trustedRoots: sizes.trustedRoots ?? [nodes.r1],
    allowedClasses: 0x0f,
    barredJurisdictions: [] as number[],
  };
  await (await pairs.connect(actors.lister).proposePair(nodes.r1, terms, policy)).wait();
  const pairId = await pairs.pairCount();
  await (await pairs.connect(actors.steward).approvePair(pairId)).wait();
  await (await exchange.connect(actors.exchangeOp).openBook(pairId)).wait();
  return pairId;
}

/**
 * A new funded random wallet enrolled as a client (by the fixture's KYC agent, or by `attester` — an account holding
 * KYC node `node`), holding FUNDS of BOND and USD in the venue unless `fund` is false.
 */
export async function newTrader(
  f: ExchangeWorld,
  options: { attester?: { signer: Signer; node: bigint }; fund?: boolean; join?: bigint; kycExpiry?: number } = {},
) {
  const funder = (await ethers.getSigners())[0];
  const wallet = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
  await (await funder.sendTransaction({ to: wallet.address, value: ethers.parseEther("10") })).wait();
  if (options.join !== undefined) await f.clients.addWallet(options.join, wallet.address);
  const identity =
    options.join !== undefined
      ? options.join
      : options.kycExpiry !== undefined
        ? await f.clients.enrol(wallet.address, { expiry: options.kycExpiry })
        : options.attester
          ? await identityIdFrom(
              f.registry,
              registerWithConsent(
                f.registry,
                options.attester.signer,
                options.attester.node,
                await registrationFor(f.clock, wallet.address),
              ),
            )
          : await f.clients.enrol(wallet.address);
  if (options.fund !== false) {
    await (await f.token.connect(f.actors.issuer).mint(wallet.address, FUNDS)).wait();
    await (await f.usd.mint(wallet.address, FUNDS)).wait();
    await (await f.token.connect(wallet).approve(f.exchange, FUNDS)).wait();
    await (await f.usd.connect(wallet).approve(f.exchange, FUNDS)).wait();
    await (await f.exchange.connect(wallet).deposit(f.token, FUNDS)).wait();
    await (await f.exchange.connect(wallet).deposit(f.usd, FUNDS)).wait();
  }
  return { wallet, identity };
}

/**
 * Conservation of `token` in the venue: the sum of every account's available and locked balance plus the fees
 * accrued in `pairIds` and not collected equals the venue's balance of the token. Returns both sides.
 */
export async function conservation(
  f: ExchangeWorld,
  token: { getAddress(): Promise<string>; balanceOf(a: string): Promise<bigint> },
  pairIds: bigint[],
): Promise<{ internal: bigint; held: bigint }> {
  const { exchange } = f;
  const address = await token.getAddress();
  const index = await exchange.tokenIndex(address);
  let internal = 0n;
  const n = await exchange.accountCount();
  for (let a = 1n; a <= n; a++) {
    const [available, locked] = await exchange.balanceOf(await exchange.walletOf(a), address);
    internal += available + locked;
  }
  for (const id of pairIds) {
    const c = await exchange.bookConfig(id);
    const [b, q] = await exchange.pairFees(id);
    if (c.baseToken === index) internal += b;
    if (c.quoteToken === index) internal += q;
  }
  return { internal, held: await token.balanceOf(await exchange.getAddress()) };
}

/** A second bank (KYC + DELEGATE at depth 1 under R1, lease `leaseDays`) and a client it attests, funded. */
export async function secondBank(f: ExchangeWorld, leaseDays: number) {
  const funder = (await ethers.getSigners())[0];
  const signer = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
  await (await funder.sendTransaction({ to: signer.address, value: ethers.parseEther("10") })).wait();
  const node = await nodeIdFrom(
    f.tree,
    f.tree
      .connect(f.regulator)
      .grant(f.nodes.r1, signer.address, Scope.KYC | Scope.DELEGATE, await f.clock.in(leaseDays * DAY)),
  );
  const client = await newTrader(f, { attester: { signer, node } });
  return { signer, node, client };
}

/** The wiring of `f`'s venue (its stack, operator and home root R1, seconds), to deploy another venue beside it. */
export async function venueWiring(f: ExchangeWorld): Promise<VenueWiring> {
  return {
    tree: await f.tree.getAddress(),
    eligibility: await f.registry.getAddress(),
    pairs: await f.pairs.getAddress(),
    venues: await f.venues.getAddress(),
    operator: f.actors.exchangeOp.address,
    roots: [f.nodes.r1],
    timeUnit: 1,
  };
}
