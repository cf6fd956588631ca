import { time } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { AssetKind } from "../../lib/assets";
import type { MonetaryTerms } from "../../lib/monetary";
import { deployAssets, issueNative } from "../helpers/fixtures";
import { deskOf } from "./helpers";

const PERIOD = 3_600;
const TERMS: MonetaryTerms = { supplyCap: 5_000n, mintRate: 700n, mintPeriod: PERIOD, reserveRatioBps: 10_000 };
const ref = ethers.encodeBytes32String("r");

/** MNY on TERMS, alice and bob eligible, a reserve of 1,000,000 attested for 30 days. */
async function world() {
  const f = await deployAssets(1);
  const { assets, actors, nodes, policyId, clients, attestReserve } = f;
  const token = await issueNative(assets, actors.issuer, nodes.r1, "Money", "MNY", 6, policyId, TERMS);
  await (
    await assets.connect(actors.lister).registerAsset(token, AssetKind.Native, nodes.r1, actors.issuer, "")
  ).wait();
  await clients.enrol(actors.alice.address);
  await clients.enrol(actors.bob.address);
  await attestReserve(await assets.assetIdOf(token, nodes.r1), 1_000_000n);
  const desk = await deskOf(token);
  const start = Number((await desk.policy(token)).windowStart);
  return { ...f, token, desk, start };
}
type World = Awaited<ReturnType<typeof world>>;

/** The reference model: balances, the open requests, the window (fixed, aligned on creation), supply, redeemed. */
interface Model {
  balances: Map<string, bigint>;
  open: Map<bigint, { holder: string; amount: bigint }>;
  nextId: bigint;
  windowStart: number;
  minted: bigint;
  supply: bigint;
  redeemed: bigint;
  now: number;
}

const holders = (w: World) => [w.actors.alice, w.actors.bob];
const balanceOf = (m: Model, a: string) => m.balances.get(a) ?? 0n;

/** Rolls the model's window forward to the one holding at `t`. */
function roll(m: Model, t: number) {
  if (t >= m.windowStart + PERIOD) {
    m.windowStart = t - ((t - m.windowStart) % PERIOD);
    m.minted = 0n;
  }
}

/** Compares the desk's and the token's views with the model. */
async function check(m: Model, w: World) {
  const p = await w.desk.policy(w.token);
  expect(p.outstanding).to.equal([...m.open.values()].reduce((s, r) => s + r.amount, 0n));
  expect(p.openCount).to.equal(BigInt(m.open.size));
  expect(await w.token.balanceOf(w.desk)).to.equal(p.outstanding); // locked: neither lost nor spendable
  expect(await w.token.totalSupply()).to.equal(m.supply);
  expect(await w.token.totalRedeemed()).to.equal(m.redeemed);
  const ids = await w.desk.openRedemptions(w.token, 0, 100);
  expect([...ids].sort()).to.deep.equal([...m.open.keys()].sort());
  for (const h of holders(w)) expect(await w.token.balanceOf(h.address)).to.equal(balanceOf(m, h.address));
}

/** Pins the next block's time one second on, as the model's clock. */
async function tick(m: Model) {
  m.now += 1;
  await time.setNextBlockTimestamp(m.now);
}

class Mint implements fc.AsyncCommand<Model, World> {
  constructor(
    readonly who: number,
    readonly amount: bigint,
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    await tick(m);
    roll(m, m.now);
    const to = holders(w)[this.who].address;
    const allowed = TERMS.mintRate - m.minted;
    const tx = w.token.connect(w.actors.issuer).mint(to, this.amount);
    if (this.amount > allowed) {
      await expect(tx)
        .to.be.revertedWithCustomError(w.desk, "MintRateExceeded")
        .withArgs(await w.token.getAddress(), this.amount, TERMS.mintRate, allowed, m.windowStart + PERIOD);
    } else if (m.supply + this.amount > TERMS.supplyCap) {
      await expect(tx).to.be.revertedWithCustomError(w.desk, "SupplyCapExceeded");
    } else {
      await (await tx).wait();
      m.minted += this.amount;
      m.supply += this.amount;
      m.balances.set(to, balanceOf(m, to) + this.amount);
    }
    await check(m, w);
  }
  toString = () => `mint(${this.who}, ${this.amount})`;
}

class Request implements fc.AsyncCommand<Model, World> {
  constructor(
    readonly who: number,
    readonly share: number,
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    const h = holders(w)[this.who];
    const balance = balanceOf(m, h.address);
    const amount = (balance * BigInt(this.share)) / 100n;
    await tick(m);
    const tx = w.desk.connect(h).requestRedemption(w.token, amount, ref);
    if (amount === 0n) {
      await expect(tx).to.be.revertedWithCustomError(w.desk, "InvalidRedemption");
    } else {
      await (await tx).wait();
      m.open.set(m.nextId, { holder: h.address, amount });
      m.nextId += 1n;
      m.balances.set(h.address, balance - amount);
    }
    await check(m, w);
  }
  toString = () => `request(${this.who}, ${this.share}%)`;
}

class Close implements fc.AsyncCommand<Model, World> {
  constructor(
    readonly pick: number,
    readonly settle: boolean,
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    // Any id up to one past the last: closed and unknown ones must be refused (never settled twice).
    const id = BigInt(1 + (this.pick % Number(m.nextId)));
    await tick(m);
    const desk = w.desk.connect(w.actors.issuer);
    const tx = this.settle ? desk.confirmRedemption(w.token, id, ref) : desk.rejectRedemption(w.token, id, ref);
    const r = m.open.get(id);
    if (!r) {
      await expect(tx).to.be.revertedWithCustomError(w.desk, "RedemptionNotOpen");
    } else {
      await (await tx).wait();
      m.open.delete(id);
      if (this.settle) {
        m.supply -= r.amount;
        m.redeemed += r.amount;
      } else {
        m.balances.set(r.holder, balanceOf(m, r.holder) + r.amount);
      }
    }
    await check(m, w);
  }
  toString = () => `${this.settle ? "confirm" : "reject"}(#${this.pick})`;
}

class Wait implements fc.AsyncCommand<Model, World> {
  constructor(readonly seconds: number) {}
  check = () => true;
  async run(m: Model) {
    m.now += this.seconds;
    await time.setNextBlockTimestamp(m.now);
    await ethers.provider.send("evm_mine", []);
  }
  toString = () => `wait(${this.seconds})`;
}

const commands = [
  fc.tuple(fc.nat(1), fc.bigInt(1n, 800n)).map(([w, a]) => new Mint(w, a)),
  fc.tuple(fc.nat(1), fc.nat(100)).map(([w, s]) => new Request(w, s)),
  fc.tuple(fc.nat(50), fc.boolean()).map(([p, s]) => new Close(p, s)),
  fc.integer({ min: 1, max: 2 * PERIOD }).map((s) => new Wait(s)),
];

describe("Monetary desk: stateful model of the redemption lifecycle and the mint window (issue 16)", () => {
  it("16.9: requests are neither lost nor settled twice, escrow equals outstanding, the window matches the model", async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
        const w = await loadFixture(world);
        const now = Number((await ethers.provider.getBlock("latest"))!.timestamp);
        const model: Model = {
          balances: new Map(),
          open: new Map(),
          nextId: 1n,
          windowStart: w.start,
          minted: 0n,
          supply: 0n,
          redeemed: 0n,
          now,
        };
        await fc.asyncModelRun(() => ({ model, real: w }), cmds);
      }),
      { numRuns: Number(process.env.ASSET_FUZZ_RUNS ?? 30) },
    );
  });
});
