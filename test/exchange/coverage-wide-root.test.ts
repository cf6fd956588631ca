import { setStorageAt } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { IExchange } from "../../typechain-types";
import { deployVenue } from "../../lib/venueDeploy";
import {
  FUNDS,
  OrderType,
  Side,
  exchangeSeconds,
  listPair,
  newTrader,
  venueWiring,
  type ExchangeWorld,
} from "../helpers/exchange";
import { AssetKind, DAY, ProductType, Scope, nodeIdFrom, rememberWallet } from "../helpers/fixtures";

const NONE = "0x0000000000000000000000000000000000000000";
const WIDE = 2n ** 40n; // the venue keeps a root in 40 bits (a book's venue tag, a clearance's identity root)

/**
 * A root whose id does not fit in 40 bits: the tree's node counter is moved to 2^40 (as if that many nodes had been
 * created; the counter's slot is found by its value), then the governor creates root X, whose holder grants a LIST, a
 * GOVERN, an EXCHANGE (to the fixture's operator) and a KYC node under it.
 */
async function wideRoot(f: ExchangeWorld) {
  const { tree, governor, clock, actors } = f;
  const count = await tree.nodeCount();
  const address = await tree.getAddress();
  const slots: number[] = [];
  for (let slot = 0; slot < 32; slot++) {
    if (BigInt(await ethers.provider.getStorage(address, slot)) === count) slots.push(slot);
  }
  expect(slots, "the node counter's slot").to.have.lengthOf(1);
  await setStorageAt(address, slots[0], WIDE);
  const holder = f.rest[11]; // a signer the fixture leaves unused
  const until = await clock.in(2 * 365 * DAY); // beyond a registration's one year
  const root = await nodeIdFrom(tree, tree.connect(governor).createRoot(holder.address, until, "Root X"));
  expect(root).to.be.greaterThan(WIDE);
  const grant = (account: string, scopes: number) =>
    nodeIdFrom(tree, tree.connect(holder).grant(root, account, scopes, until));
  const lister = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
  const bank = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
  for (const w of [lister, bank]) await (await governor.sendTransaction({ to: w.address, value: 10n ** 18n })).wait();
  await grant(lister.address, Scope.LIST);
  await grant(actors.steward.address, Scope.GOVERN);
  await grant(actors.exchangeOp.address, Scope.EXCHANGE);
  const kyc = await grant(bank.address, Scope.KYC);
  return { root, lister, bank, kyc };
}

describe("Exchange venue: a root id beyond 40 bits", () => {
  it("a book under such a root is refused rather than tagged with a truncated root (UnsupportedRoot)", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { assets, pairs, actors, nodes, clock, usd } = f;
    const x = await wideRoot(f);
    // EUR/USD listed under root X, by its own lister and steward.
    const eur = await ethers.deployContract("TestToken", ["Euro", "EUR"]);
    for (const t of [eur, usd]) {
      await (await assets.connect(x.lister).registerAsset(t, AssetKind.External, x.root, NONE, "ipfs://x")).wait();
    }
    const terms = {
      baseAsset: await assets.assetIdOf(eur, x.root),
      quoteAsset: await assets.assetIdOf(usd, x.root),
      productType: ProductType.Spot,
      tickSize: 10n,
      lotSize: 1_000n,
      minSize: 2_000n,
      baseAttestations: 0,
      quoteAttestations: 0,
      proposalExpiry: (await clock.now()) + 7 * DAY,
    };
    const policy = { trustedRoots: [x.root], allowedClasses: 0x0f, barredJurisdictions: [] as number[] };
    await (await pairs.connect(x.lister).proposePair(x.root, terms, policy)).wait();
    const pairId = await pairs.pairCount();
    await (await pairs.connect(actors.steward).approvePair(pairId)).wait();
    // A venue of the fixture's operator that trusts root X beside its home root R1.
    const { venue } = await deployVenue(ethers, actors.exchangeOp, {
      ...(await venueWiring(f)),
      roots: [nodes.r1, x.root],
    });
    const wide = (await ethers.getContractAt("IExchange", venue)) as unknown as IExchange;
    expect(await wide.isTrustedRoot(x.root)).to.equal(true);
    await expect(wide.connect(actors.exchangeOp).openBook(pairId))
      .to.be.revertedWithCustomError(wide, "UnsupportedRoot")
      .withArgs(x.root);
    expect(await wide.books()).to.deep.equal([]);
  });

  it("a client whose identity is under such a root is never cached: each order is checked live, so a restriction binds at once", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, registry, usd, nodes } = f;
    const x = await wideRoot(f);
    // A book under R1 whose policy also trusts root X; a client KYC'd under root X.
    const eur = await ethers.deployContract("TestToken", ["Euro", "EUR"]);
    const pairId = await listPair(f, eur, usd, { trustedRoots: [nodes.r1, x.root] });
    const { wallet, identity } = await newTrader(f, { attester: { signer: x.bank, node: x.kyc }, fund: false });
    expect((await registry.identity(identity)).root).to.equal(x.root);
    await (await usd.mint(wallet.address, FUNDS)).wait();
    await (await usd.connect(wallet).approve(exchange, FUNDS)).wait();
    await (await exchange.connect(wallet).deposit(usd, FUNDS)).wait();
    const bid = {
      pairId,
      side: Side.Bid,
      orderType: OrderType.GoodTillCancel,
      tick: 10,
      lots: 2,
      expiry: 0,
      maxSteps: 2,
    };
    for (let i = 0; i < 2; i++) {
      await expect(exchange.connect(wallet).placeOrder(bid))
        .to.emit(exchange, "OrderPlaced")
        .and.not.to.emit(exchange, "ClearanceRecorded");
    }
    expect(await exchange.clearanceOf(wallet.address, pairId)).to.deep.equal([0n, 0n, 0n]);
    // The bank freezes the identity (under root X, an epoch the venue would not otherwise watch): refused at once.
    await (await registry.connect(x.bank).freeze(identity, ethers.encodeBytes32String("x"))).wait();
    await expect(exchange.connect(wallet).placeOrder(bid)).to.be.revertedWithCustomError(exchange, "NotEligible");
  });
});
