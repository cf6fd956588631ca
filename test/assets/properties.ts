import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { DAY, PairStatus, ProductType, deployAssets, setNextBlockTime } from "../helpers/fixtures";
import { redeemNow } from "../monetary/helpers";

const why = ethers.encodeBytes32String("property");
const ref = ethers.encodeBytes32String("ref");

/** BOND registered as native with a reserve of 2,000 for a day, alice eligible, a BOND/USD pair proposed (expiring
 * in 3 days). */
async function world(unit: 1 | 1000) {
  const f = await deployAssets(unit);
  const bondAsset = await f.registerToken();
  await f.clients.enrol(f.actors.alice.address);
  await f.attestReserve(bondAsset, 2_000n, DAY);
  const reserveExpiry = Number((await f.assets.attestation(bondAsset, 0)).expiry);
  const expiry = (await f.clock.now()) + 3 * DAY;
  await (
    await f.pairs.connect(f.actors.lister).proposePair(
      f.nodes.r1,
      {
        baseAsset: bondAsset,
        quoteAsset: f.usdAsset,
        productType: ProductType.Spot,
        tickSize: 1n,
        lotSize: 1n,
        minSize: 1n,
        baseAttestations: 0,
        quoteAttestations: 0,
        proposalExpiry: expiry,
      },
      { trustedRoots: [f.nodes.r1], allowedClasses: 0x0f, barredJurisdictions: [] },
    )
  ).wait();
  return { ...f, bondAsset, pairId: 1n, proposalExpiry: expiry, reserveExpiry };
}
async function worldSeconds() {
  return world(1);
}
async function worldMillis() {
  return world(1000);
}
type World = Awaited<ReturnType<typeof world>>;

/** What the chain should hold, as the rules say. */
type Model = {
  now: number; // chain time in seconds of the last block
  reserve: bigint | null;
  reserveExpiry: number;
  auditorSuspended: boolean;
  supply: bigint;
  redeemed: bigint; // everything redeemed so far
  snapshot: bigint; // what had been redeemed when the current reserve was attested
  status: number;
  proposalExpiry: number;
  haltRank: number; // depth of the halter while Halted
  cleared: number | null; // depth of the last resume while its cleared-by mark stands (issue 15 item 8)
};

/** Run the next transaction one second after the last block, so the model knows the time it executes at. */
async function tick(w: World, m: Model): Promise<number> {
  m.now = (await w.clock.now()) + 1;
  await setNextBlockTime(w.clock, m.now);
  return m.now;
}

function reserveCounts(m: Model, t: number): boolean {
  return m.reserve !== null && t < m.reserveExpiry && !m.auditorSuspended;
}

/** Outcome of a call: ok, or the name of the custom error it reverted with. */
async function outcome(w: World, call: () => Promise<{ wait(): Promise<unknown> }>): Promise<string> {
  try {
    await (await call()).wait();
    return "ok";
  } catch (e) {
    const data = (e as { data?: string }).data;
    for (const c of [w.token, w.pairs, w.assets]) {
      const parsed = data ? c.interface.parseError(data) : null;
      if (parsed) return parsed.name;
    }
    throw e;
  }
}

class Attest implements fc.AsyncCommand<Model, World> {
  constructor(
    readonly amount: bigint,
    readonly ttl: number,
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    const t = await tick(w, m);
    const result = await outcome(w, () =>
      w.assets
        .connect(w.auditor)
        .attestReserve(w.bondAsset, this.amount, t, t + this.ttl, "ipfs://r", ethers.id(`${this.amount}`)),
    );
    if (m.auditorSuspended) {
      expect(result).to.equal("MissingScope");
      return;
    }
    expect(result).to.equal("ok");
    m.reserve = this.amount;
    m.reserveExpiry = t + this.ttl;
    m.snapshot = m.redeemed;
  }
  toString = () => `attest(${this.amount}, ${this.ttl}s)`;
}

class Advance implements fc.AsyncCommand<Model, World> {
  constructor(readonly seconds: number) {}
  check = () => true;
  async run(m: Model, w: World) {
    await w.clock.advance(this.seconds);
    m.now = await w.clock.now();
  }
  toString = () => `advance(${this.seconds}s)`;
}

class SetAuditor implements fc.AsyncCommand<Model, World> {
  constructor(readonly suspend: boolean) {}
  check = (m: Readonly<Model>) => m.auditorSuspended !== this.suspend;
  async run(m: Model, w: World) {
    await tick(w, m);
    const firm = w.tree.connect(w.actors.auditFirm);
    await (await (this.suspend ? firm.suspend(w.nodes.auditor, why) : firm.resume(w.nodes.auditor))).wait();
    m.auditorSuspended = this.suspend;
  }
  toString = () => (this.suspend ? "suspendAuditor" : "resumeAuditor");
}

class Mint implements fc.AsyncCommand<Model, World> {
  constructor(readonly amount: bigint) {}
  check = () => true;
  async run(m: Model, w: World) {
    const t = await tick(w, m);
    const result = await outcome(w, () => w.token.connect(w.actors.issuer).mint(w.actors.alice.address, this.amount));
    // Redemptions since the attestation were paid out of the attested reserve: they count against it.
    const redeemedSince = m.redeemed - m.snapshot;
    const expected = !reserveCounts(m, t)
      ? "NoValidReserve"
      : m.supply + this.amount + redeemedSince > m.reserve!
        ? "ReserveExceeded"
        : "ok";
    expect(result).to.equal(expected);
    if (result === "ok") {
      m.supply += this.amount;
      // The property itself: after every successful mint, supply plus what was redeemed out of the reserve since it
      // was attested is within a reserve that counts now.
      const [reserve, snapshot, valid] = await w.assets.reserveCover(w.bondAsset);
      expect(valid).to.equal(true);
      const since = (await w.token.totalRedeemed()) - snapshot;
      expect((await w.token.totalSupply()) + since).to.be.lessThanOrEqual(reserve);
    }
    expect(await w.token.totalSupply()).to.equal(m.supply);
  }
  toString = () => `mint(${this.amount})`;
}

class Redeem implements fc.AsyncCommand<Model, World> {
  constructor(readonly amount: bigint) {}
  // The desk refuses a request for nothing (InvalidRedemption), so the model redeems at least one unit.
  check = (m: Readonly<Model>) => this.amount > 0n && this.amount <= m.supply;
  async run(m: Model, w: World) {
    await tick(w, m);
    await (await redeemNow(w.token, w.actors.alice, this.amount, ref)).wait();
    m.supply -= this.amount;
    m.redeemed += this.amount;
    expect(await w.token.totalSupply()).to.equal(m.supply);
    expect(await w.token.totalRedeemed()).to.equal(m.redeemed);
  }
  toString = () => `redeem(${this.amount})`;
}

type Gov = "approve" | "halt" | "resume" | "delist" | "withdraw";
/** Who acts: the steward (GOVERN at depth 1) or the regulator (the root, depth 0). */
type By = "steward" | "regulator";
const RANK: Record<By, number> = { regulator: 0, steward: 1 };

type Outcome = { status: number; haltRank: number; cleared: number | null } | { error: string };

/**
 * The transition table of IPairRegistry: the state a governance action by `rank` leads to, or the error it must
 * raise. Ranks: only the halter's rank or above resumes, a higher rank takes over a halt, and a resume marks the pair
 * cleared at its rank: no lower rank halts or delists it until that rank or above restricts again.
 */
function govern(m: Model, action: Gov, t: number, rank: number): Outcome {
  const from = m.status;
  const clearedAbove = m.cleared !== null && rank > m.cleared;
  switch (action) {
    case "approve":
      if (from !== PairStatus.Proposed) return { error: "InvalidPairStatus" };
      if (t >= m.proposalExpiry) return { error: "ProposalExpired" };
      return { status: PairStatus.Listed, haltRank: 0, cleared: null };
    case "halt": {
      const takeover = from === PairStatus.Halted && rank < m.haltRank;
      if (from !== PairStatus.Listed && !takeover) return { error: "InvalidPairStatus" };
      if (clearedAbove) return { error: "ClearedByHigherAuthority" };
      return { status: PairStatus.Halted, haltRank: rank, cleared: null };
    }
    case "resume":
      if (from !== PairStatus.Halted) return { error: "InvalidPairStatus" };
      if (rank > m.haltRank) return { error: "HaltedByHigherAuthority" };
      return { status: PairStatus.Listed, haltRank: 0, cleared: rank };
    case "delist":
      if (from !== PairStatus.Listed && from !== PairStatus.Halted) return { error: "InvalidPairStatus" };
      if (clearedAbove) return { error: "ClearedByHigherAuthority" };
      return { status: PairStatus.Delisted, haltRank: 0, cleared: null };
    case "withdraw":
      return from === PairStatus.Proposed
        ? { status: PairStatus.Withdrawn, haltRank: 0, cleared: null }
        : { error: "InvalidPairStatus" };
  }
}

class Govern implements fc.AsyncCommand<Model, World> {
  constructor(
    readonly action: Gov,
    readonly by: By = "steward",
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    const t = await tick(w, m);
    const p = w.pairs.connect(this.by === "steward" ? w.actors.steward : w.regulator);
    const call = {
      approve: () => p.approvePair(w.pairId),
      halt: () => p.haltPair(w.pairId, why),
      resume: () => p.resumePair(w.pairId),
      delist: () => p.delistPair(w.pairId, why),
      withdraw: () => w.pairs.connect(w.actors.lister).withdrawPair(w.pairId),
    }[this.action];
    const expected = govern(m, this.action, t, RANK[this.by]);
    const result = await outcome(w, call);
    if ("error" in expected) {
      expect(result).to.equal(expected.error);
    } else {
      expect(result).to.equal("ok");
      [m.status, m.haltRank, m.cleared] = [expected.status, expected.haltRank, expected.cleared];
    }
    expect(await w.pairs.pairStatus(w.pairId)).to.equal(m.status);
    if (m.status === PairStatus.Halted) expect(await w.pairs.haltRank(w.pairId)).to.equal(m.haltRank);
    const [cleared, depth] = await w.pairs.clearedRank(w.pairId);
    expect(cleared ? Number(depth) : null).to.equal(m.cleared);
  }
  toString = () => `${this.action} by ${this.by}`;
}

/** Checked after every command of the pair property: isTradable against the model. */
class CheckTradable implements fc.AsyncCommand<Model, World> {
  check = () => true;
  async run(m: Model, w: World) {
    const t = await w.clock.now();
    const expected = m.status === PairStatus.Listed && reserveCounts(m, t);
    expect(await w.pairs.isTradable(w.pairId)).to.equal(expected);
  }
  toString = () => "isTradable?";
}

const amount = fc.bigInt({ min: 0n, max: 3_000n });
const seconds = fc.integer({ min: 1, max: 2 * DAY });
const reserveCommands = [
  fc.tuple(fc.bigInt({ min: 0n, max: 5_000n }), fc.integer({ min: 1, max: 2 * DAY })).map(([a, s]) => new Attest(a, s)),
  seconds.map((s) => new Advance(s)),
  fc.boolean().map((b) => new SetAuditor(b)),
  amount.map((a) => new Mint(a)),
  amount.map((a) => new Redeem(a)),
];

function initialModel(w: World): Model {
  return {
    now: 0,
    reserve: 2_000n,
    reserveExpiry: w.reserveExpiry,
    auditorSuspended: false,
    supply: 0n,
    redeemed: 0n,
    snapshot: 0n,
    status: PairStatus.Proposed,
    proposalExpiry: w.proposalExpiry,
    haltRank: 0,
    cleared: null,
  };
}

// ASSET_FUZZ_RUNS scales both clocks' runs (npm run coverage lowers it; longer campaigns raise it).
const SCALE = Number(process.env.ASSET_FUZZ_RUNS ?? 60) / 60;
for (const [unit, fixture, runs] of [
  [1, worldSeconds, Math.max(1, Math.round(60 * SCALE))],
  [1000, worldMillis, Math.max(1, Math.round(15 * SCALE))],
] as const) {
  describe(`asset service properties (time unit ${unit})`, () => {
    it("supply plus redemptions since the attestation never exceed a valid attested reserve: every mint matches the model", async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(reserveCommands, { maxCommands: 30, size: "max" }), async (cmds) => {
          const w = await loadFixture(fixture);
          await fc.asyncModelRun(() => ({ model: initialModel(w), real: w }), cmds);
        }),
        { numRuns: runs },
      );
    });

    it("isTradable follows governance by two ranks (15.8: cleared-by rank), proposal expiry, reserve expiry and auditor lapses", async () => {
      const gov = fc
        .tuple(
          fc.constantFrom<Gov>("approve", "approve", "halt", "halt", "resume", "resume", "delist", "withdraw"),
          fc.constantFrom<By>("steward", "steward", "regulator"),
        )
        .map(([a, by]) => new Govern(a, a === "approve" ? "steward" : by));
      const step = fc.oneof(
        { arbitrary: gov, weight: 4 },
        { arbitrary: reserveCommands[0], weight: 2 },
        { arbitrary: reserveCommands[1], weight: 2 },
        { arbitrary: reserveCommands[2], weight: 1 },
      );
      const commands = fc
        .array(step, { minLength: 5, maxLength: 30 })
        .map((list) => list.flatMap((c) => [c, new CheckTradable()]));
      await fc.assert(
        fc.asyncProperty(commands, async (cmds) => {
          const w = await loadFixture(fixture);
          const m = initialModel(w);
          for (const c of cmds) if (c.check(m)) await c.run(m, w);
        }),
        { numRuns: runs },
      );
    });
  });
}
