/**
 * A TypeScript reference model of the Exchange venue (one BOND/USD book, fees on) and a stateful campaign that drives
 * the real venue and the model side by side with random operations (fast-check), checking after every step that they
 * agree and that the venue's invariants hold. Used by test/exchange/venueProperty.ts (CI) and scripts/fuzz.ts (long
 * campaigns).
 *
 * Timing: every time the model compares against (an expiry, a KYC expiry, a lease end) is placed at least ~500 s away
 * from any time the chain can be at when it is checked (time advances in steps of 1,000 s), so the model may use the
 * latest block's timestamp for a transaction about to be mined.
 */
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture } from "./world";
import type { ContractTransactionReceipt } from "ethers";
import { type View, type Viewed, deployViewBatch, readViews } from "./viewBatch";
import { DAY, Scope, nodeIdFrom, rememberWallet } from "./fixtures";
import { LOT, MIN_LOTS, OrderType, Reason, Side, TICK, deployExchange, newTrader } from "./exchange";

const MAKER_BPS = 5n;
const TAKER_BPS = 10n;
const MAX_OPEN = 32;
const why = ethers.encodeBytes32String("fuzz");

type Bal = { avail: bigint; locked: bigint };
type MOrder = { id: bigint; trader: number; side: number; tick: number; lots: bigint; expiry: number; seq: number };
type Trader = { account: bigint; identity: number; bank2: boolean; kycExpiry: number };

export type Place = {
  side: number;
  type: number; // OrderType, or 5 = market (IOC at the worst tick)
  tick: number;
  lots: number;
  maxSteps: number;
  ttl: number; // 0, or seconds (x1000 + 500) for GTD / PostOnly
};
export type VOp =
  | { k: "deposit"; t: number; bond: boolean; amount: number }
  | { k: "withdraw"; t: number; bond: boolean; pct: number }
  | { k: "place"; t: number; p: Place }
  | { k: "cancel"; t: number; pick: number }
  | { k: "replace"; t: number; pick: number; p: Place }
  | { k: "regFreeze"; t: number }
  | { k: "regUnfreeze"; t: number }
  | { k: "tokenFreeze"; t: number }
  | { k: "tokenUnfreeze"; t: number }
  | { k: "pause" }
  | { k: "unpause" }
  | { k: "revokeBank2" }
  | { k: "shortenLease" }
  | { k: "advance"; n: number }
  | { k: "halt" }
  | { k: "resume" }
  | { k: "delist" }
  | { k: "clear"; max: number }
  | { k: "collect" };

const N_TRADERS = 5;
export const placeArb: fc.Arbitrary<Place> = fc.record({
  side: fc.integer({ min: 0, max: 1 }),
  type: fc.constantFrom(0, 0, 0, 1, 2, 3, 4, 5),
  tick: fc.integer({ min: 96, max: 104 }),
  lots: fc.integer({ min: 1, max: 12 }),
  maxSteps: fc.integer({ min: 1, max: 4 }),
  ttl: fc.constantFrom(0, 1500, 2500, 4500),
});
export const traderArb = fc.integer({ min: 0, max: N_TRADERS - 1 });
const t = traderArb;
export const opArb: fc.Arbitrary<VOp> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant("deposit" as const),
      t,
      bond: fc.boolean(),
      amount: fc.integer({ min: 1, max: 50_000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant("withdraw" as const),
      t,
      bond: fc.boolean(),
      pct: fc.integer({ min: 1, max: 101 }),
    }),
  },
  { weight: 24, arbitrary: fc.record({ k: fc.constant("place" as const), t, p: placeArb }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("cancel" as const), t, pick: fc.nat(40) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("replace" as const), t, pick: fc.nat(40), p: placeArb }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("regFreeze" as const), t }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("regUnfreeze" as const), t }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("tokenFreeze" as const), t }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("tokenUnfreeze" as const), t }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { k: "pause" as const },
      { k: "unpause" as const },
      { k: "unpause" as const },
      { k: "unpause" as const },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom({ k: "revokeBank2" as const }, { k: "shortenLease" as const }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("advance" as const), n: fc.integer({ min: 1, max: 3 }) }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { k: "halt" as const },
      { k: "resume" as const },
      { k: "resume" as const },
      { k: "resume" as const },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { k: "delist" as const },
      ...Array.from({ length: 7 }, () => ({ k: "collect" as const })),
    ),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("clear" as const), max: fc.integer({ min: 1, max: 5 }) }) },
);

/** What the campaigns exercised: events by kind (removals by reason) and predicted reverts by error. */
export const stats: Record<string, number> = {};
const count = (key: string) => (stats[key] = (stats[key] ?? 0) + 1);

/** The fixture's fee cap (bps): a fill's fee is rounded up but never above the cap's rate, rounded down (15.11b). */
const FEE_CAP = 100n;
const fee = (amount: bigint, bps: bigint) => {
  if (bps === 0n) return 0n;
  const up = (amount * bps + 9_999n) / 10_000n;
  const bound = (amount * FEE_CAP) / 10_000n;
  return up < bound ? up : bound;
};

/** The model's state; cloned before every operation that may revert. */
class State {
  bal = new Map<string, Bal>(); // `${account}:${token}` token 0 = base, 1 = quote
  bids: MOrder[] = []; // best first
  asks: MOrder[] = [];
  fees = { base: 0n, quote: 0n };
  regFrozen = new Set<number>(); // identities
  tokenFrozen = new Set<number>(); // traders
  paused = false;
  halted = false;
  delisted = false;
  bank2Revoked = false;
  bank2Lease = 0;
  seq = 0;

  clone(): State {
    const s = Object.assign(new State(), this) as State;
    s.bal = new Map([...this.bal].map(([k, v]) => [k, { ...v }]));
    s.bids = this.bids.map((o) => ({ ...o }));
    s.asks = this.asks.map((o) => ({ ...o }));
    s.fees = { ...this.fees };
    s.regFrozen = new Set(this.regFrozen);
    s.tokenFrozen = new Set(this.tokenFrozen);
    return s;
  }
  b(account: bigint, token: number): Bal {
    const k = `${account}:${token}`;
    let v = this.bal.get(k);
    if (!v) this.bal.set(k, (v = { avail: 0n, locked: 0n }));
    return v;
  }
  book(side: number) {
    return side === Side.Bid ? this.bids : this.asks;
  }
  sortBook(side: number) {
    this.book(side).sort((x, y) =>
      x.tick !== y.tick ? (side === Side.Bid ? y.tick - x.tick : x.tick - y.tick) : x.seq - y.seq,
    );
  }
}

type Ev =
  | { e: "fill"; id: bigint; maker: bigint; tick: number; lots: bigint; makerFee: bigint; takerFee: bigint }
  | { e: "removed"; id: bigint; account: bigint; lots: bigint; reason: number }
  | { e: "placed"; account: bigint; lots: bigint; expiry: number }
  | { e: "dropped"; account: bigint; lots: bigint };
type Outcome = { ok: true; evs: Ev[]; st: State; rest?: MOrder } | { ok: false; err: string };

/**
 * Run one campaign of `runs` x `ops` operations (fast-check; `seed` for reproduction). Returns operations run.
 * `check: false` skips comparing the venue's views with the model after every step (the events of each step are still
 * compared); `afterRun` is given each run's world once its operations are done; `arb` replaces the mix of operations.
 */
export async function runVenueCampaign(opts: {
  runs: number;
  ops: number;
  seed?: number;
  verbose?: boolean;
  check?: boolean;
  afterRun?: (w: World) => Promise<void>;
  arb?: fc.Arbitrary<VOp>;
}) {
  let total = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(opts.arb ?? opArb, { minLength: opts.ops, maxLength: opts.ops }), async (ops) => {
      const w = await loadFixture(propertyWorld);
      const h = await Harness.create(w);
      h.checking = opts.check ?? true;
      for (const op of ops) {
        await h.step(op);
        total++;
      }
      await opts.afterRun?.(w);
    }),
    { numRuns: opts.runs, seed: opts.seed, endOnFailure: true, verbose: opts.verbose ? 1 : 0 },
  );
  return total;
}

/** The fixture: the fee-charging venue plus five traders (alice, bob, alice2 sharing alice's identity, carolB
 * attested by a second bank with its own lease, daveK whose KYC expires during the campaign). */
export async function propertyWorld() {
  const f = await deployExchange(1, true);
  const funder = (await ethers.getSigners())[0];
  const bank2 = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
  await (await funder.sendTransaction({ to: bank2.address, value: ethers.parseEther("10") })).wait();
  const bank2Lease = await f.clock.in(400 * DAY);
  const bank2Node = await nodeIdFrom(
    f.tree,
    f.tree.connect(f.regulator).grant(f.nodes.r1, bank2.address, Scope.KYC | Scope.DELEGATE, bank2Lease),
  );
  const alice2 = await newTrader(f, { join: f.identities[0] });
  const carolB = await newTrader(f, { attester: { signer: bank2, node: bank2Node } });
  const daveKyc = (await f.clock.now()) + 20_500;
  const daveK = await newTrader(f, { kycExpiry: daveKyc });
  const viewBatch = await deployViewBatch();
  return { ...f, bank2Node, bank2Lease, alice2, carolB, daveK, daveKyc, viewBatch };
}
export type World = Awaited<ReturnType<typeof propertyWorld>>;

class Harness {
  st = new State();
  checking = true;
  traders: Trader[] = [];
  wallets: Awaited<ReturnType<typeof newTrader>>["wallet"][] | World["traders"] = [];
  signers: (World["traders"][number] | World["alice2"]["wallet"])[] = [];
  accounts: bigint[] = [];
  /** Each account's wallet (fixed once the account exists), read once rather than after every step. */
  walletOf = new Map<bigint, string>();
  signerAddresses: string[] = [];
  constructor(readonly w: World) {}

  static async create(w: World): Promise<Harness> {
    const h = new Harness(w);
    const { exchange, token, usd } = w;
    h.signers = [w.traders[0], w.traders[1], w.alice2.wallet, w.carolB.wallet, w.daveK.wallet];
    const far = (await w.clock.now()) + 10 ** 9;
    const ids = [1, 2, 1, 3, 4];
    for (let i = 0; i < N_TRADERS; i++) {
      const [account] = await exchange.accountOf(h.signers[i]);
      h.traders.push({ account, identity: ids[i], bank2: i === 3, kycExpiry: i === 4 ? w.daveKyc : far });
    }
    h.st.bank2Lease = w.bank2Lease;
    h.signerAddresses = await Promise.all(h.signers.map((s) => s.getAddress()));
    const n = await exchange.accountCount();
    for (let a = 1n; a <= n; a++) {
      h.accounts.push(a);
      const wallet = await exchange.walletOf(a);
      h.walletOf.set(a, wallet);
      for (const [i, tok] of [token, usd].entries()) {
        const [avail, locked] = await exchange.balanceOf(wallet, tok);
        Object.assign(h.st.b(a, i), { avail, locked });
      }
    }
    return h;
  }

  async now(): Promise<number> {
    return (await this.w.clock.now()) + 1;
  }
  eligible(i: number, now: number): boolean {
    const t = this.traders[i];
    if (this.st.regFrozen.has(t.identity)) return false;
    if (t.bank2 && (this.st.bank2Revoked || now >= this.st.bank2Lease)) return false;
    return now < t.kycExpiry;
  }
  traderOf(account: bigint): number {
    return this.traders.findIndex((t) => t.account === account);
  }

  /** The model's outcome of `p` placed by trader `i` at `now`, on a clone of `base`. */
  place(base: State, i: number, p: Place, now: number): Outcome {
    const st = base.clone();
    const me = this.traders[i];
    const market = p.type === 5;
    const type = market ? OrderType.ImmediateOrCancel : p.type;
    const tick = market ? (p.side === Side.Bid ? 200 : 1) : p.tick;
    const expiry = type === OrderType.GoodTillDate || type === OrderType.PostOnly ? (p.ttl ? now + p.ttl : 0) : 0;
    const lots = BigInt(p.lots);
    if (lots < MIN_LOTS) return { ok: false, err: "BelowMinimumSize" };
    if (type === OrderType.GoodTillDate && expiry === 0) return { ok: false, err: "InvalidExpiry" };
    if (st.halted || st.delisted) return { ok: false, err: "PairNotTradable" };
    if (!this.eligible(i, now)) return { ok: false, err: "NotEligible" };
    if (st.paused) return { ok: false, err: "NativeTokenPaused" };
    if (st.tokenFrozen.has(i)) return { ok: false, err: "NativeTokenFrozen" };
    const opp = st.book(1 - p.side);
    const crosses = () => opp.length > 0 && (p.side === Side.Bid ? opp[0].tick <= tick : opp[0].tick >= tick);
    const evs: Ev[] = [];
    let left = lots;
    let spent = 0n;
    let received = 0n;
    let takerFees = 0n;
    if (crosses()) {
      if (type === OrderType.PostOnly) return { ok: false, err: "PostOnlyWouldCross" };
      let lastMaker = -1n;
      for (let step = 0; left > 0n && step < p.maxSteps; step++) {
        if (!crosses()) break;
        const o = opp[0];
        const mt = this.traderOf(this.traders[o.trader].account);
        const maker = this.traders[o.trader].account;
        const expired = o.expiry !== 0 && o.expiry <= now;
        let reason = -1;
        if (maker !== lastMaker) {
          if (expired) reason = Reason.Expired;
          else if (this.traders[mt].identity === me.identity) reason = Reason.SelfTrade;
          else if (!this.eligible(mt, now)) reason = Reason.Ineligible;
          else if (st.tokenFrozen.has(mt)) reason = Reason.Frozen;
          else lastMaker = maker;
        } else if (expired) reason = Reason.Expired;
        if (reason >= 0) {
          this.remove(st, o, reason, evs);
          continue;
        }
        const n = o.lots < left ? o.lots : left;
        const q = BigInt(o.tick) * TICK * n;
        const b = n * LOT;
        let makerFee: bigint, takerFee: bigint;
        if (p.side === Side.Ask) {
          // maker bought: gives quote, gets base
          makerFee = fee(b, MAKER_BPS);
          st.b(maker, 1).locked -= q;
          st.b(maker, 0).avail += b - makerFee;
          takerFee = fee(q, TAKER_BPS);
          spent += b;
          received += q;
          st.fees.base += makerFee;
          st.fees.quote += takerFee;
        } else {
          makerFee = fee(q, MAKER_BPS);
          st.b(maker, 0).locked -= b;
          st.b(maker, 1).avail += q - makerFee;
          takerFee = fee(b, TAKER_BPS);
          spent += q;
          received += b;
          st.fees.quote += makerFee;
          st.fees.base += takerFee;
        }
        takerFees += takerFee;
        evs.push({ e: "fill", id: o.id, maker, tick: o.tick, lots: n, makerFee, takerFee });
        o.lots -= n;
        if (o.lots === 0n) opp.shift();
        else if (o.lots < MIN_LOTS) this.remove(st, o, Reason.BelowMinimum, evs); // nothing rests below the minimum
        left -= n;
      }
    }
    if (type === OrderType.FillOrKill && left !== 0n) return { ok: false, err: "FillOrKillNotFilled" };
    let rest = 0n;
    if (left !== 0n && type !== OrderType.ImmediateOrCancel && type !== OrderType.FillOrKill) {
      if (left >= MIN_LOTS && !crosses()) rest = left;
      else evs.push({ e: "dropped", account: me.account, lots: left });
    }
    const [spendTok, getTok] = p.side === Side.Bid ? [1, 0] : [0, 1];
    const lock = p.side === Side.Bid ? BigInt(tick) * TICK * rest : rest * LOT;
    const sb = st.b(me.account, spendTok);
    if (sb.avail < spent + lock) return { ok: false, err: "InsufficientBalance" };
    sb.avail -= spent + lock;
    sb.locked += lock;
    st.b(me.account, getTok).avail += received - takerFees;
    let resting: MOrder | undefined;
    if (rest !== 0n) {
      const open = st.bids.concat(st.asks).filter((o) => this.traders[o.trader].account === me.account).length;
      if (open >= MAX_OPEN) return { ok: false, err: "TooManyOpenOrders" };
      resting = { id: 0n, trader: i, side: p.side, tick, lots: rest, expiry, seq: ++st.seq };
      st.book(p.side).push(resting);
      st.sortBook(p.side);
      evs.push({ e: "placed", account: me.account, lots: rest, expiry });
    }
    return { ok: true, evs, st, rest: resting };
  }

  remove(st: State, o: MOrder, reason: number, evs: Ev[]) {
    const book = st.book(o.side);
    book.splice(book.indexOf(o), 1);
    const acct = this.traders[o.trader].account;
    if (o.side === Side.Bid) {
      const v = BigInt(o.tick) * TICK * o.lots;
      st.b(acct, 1).locked -= v;
      st.b(acct, 1).avail += v;
    } else {
      st.b(acct, 0).locked -= o.lots * LOT;
      st.b(acct, 0).avail += o.lots * LOT;
    }
    evs.push({ e: "removed", id: o.id, account: acct, lots: o.lots, reason });
  }

  params(p: Place, now: number) {
    const market = p.type === 5;
    const type = market ? OrderType.ImmediateOrCancel : p.type;
    const dated = type === OrderType.GoodTillDate || type === OrderType.PostOnly;
    return {
      pairId: this.w.pairId,
      side: p.side,
      orderType: type,
      tick: market ? (p.side === Side.Bid ? 200 : 1) : p.tick,
      lots: p.lots,
      expiry: dated && p.ttl ? now + p.ttl : 0,
      maxSteps: p.maxSteps,
    };
  }

  /** Send `tx`; on the model's success compare its events with `evs`, on a predicted failure expect the revert. */
  async expectOutcome(
    send: () => Promise<{ wait(): Promise<ContractTransactionReceipt | null> }>,
    out: Outcome,
    preEvs: Ev[] = [],
  ) {
    if (!out.ok) {
      let failed = false;
      let err: unknown;
      try {
        await (await send()).wait();
      } catch (e) {
        failed = true;
        err = e;
      }
      expect(failed, `expected ${out.err}`).to.equal(true);
      count(`revert:${out.err}`);
      const data = (err as { data?: string }).data;
      if (data && data !== "0x") {
        const full =
          this.full ?? (this.full = await ethers.getContractAt("Exchange", await this.w.exchange.getAddress()));
        const parsed = full.interface.parseError(data);
        if (parsed) expect(parsed.name).to.equal(out.err);
      }
      return undefined;
    }
    const receipt = (await (await send()).wait())!;
    const got: Ev[] = [];
    let placedId = 0n;
    for (const log of receipt.logs) {
      let parsed;
      try {
        parsed = this.w.exchange.interface.parseLog(log);
      } catch {
        continue;
      }
      if (!parsed) continue;
      const a = parsed.args;
      if (parsed.name === "OrderFilled") {
        expect(a.taker).to.equal(this.takerAccount);
        got.push({
          e: "fill",
          id: a.orderId,
          maker: a.maker,
          tick: Number(a.tick),
          lots: a.lots,
          makerFee: a.makerFee,
          takerFee: a.takerFee,
        });
      } else if (parsed.name === "OrderRemoved") {
        got.push({ e: "removed", id: a.orderId, account: a.account, lots: a.lots, reason: Number(a.reason) });
      } else if (parsed.name === "OrderPlaced") {
        placedId = a.orderId;
        got.push({ e: "placed", account: a.account, lots: a.lots, expiry: Number(a.expiry) });
      } else if (parsed.name === "OrderRemainderDropped") {
        got.push({ e: "dropped", account: a.account, lots: a.lots });
      }
    }
    const want = [...preEvs, ...out.evs];
    for (const ev of got) count(ev.e === "removed" ? `removed:${Object.keys(Reason)[ev.reason]}` : ev.e);
    expect(got.map(String2), "events").to.deep.equal(want.map(String2));
    // No fill with an ineligible party or on an untradable pair (the model's view at this step).
    const now = await this.w.clock.now();
    for (const ev of got) {
      if (ev.e !== "fill") continue;
      expect(this.st.halted || this.st.delisted || this.st.paused, "fill on an untradable pair").to.equal(false);
      expect(this.eligible(this.traderOf(ev.maker), now), "fill with an ineligible maker").to.equal(true);
      expect(this.eligible(this.traderOf(this.takerAccount), now), "fill with an ineligible taker").to.equal(true);
    }
    if (out.rest) {
      out.rest.id = placedId;
      expect(placedId >> 63n).to.equal(BigInt(out.rest.side));
      expect(Number((placedId >> 39n) & 0xffffffn)).to.equal(out.rest.tick);
    }
    this.st = out.st;
    return receipt;
  }
  full?: { interface: { parseError(data: string): { name: string } | null } };
  takerAccount = 0n;

  async step(op: VOp) {
    const { exchange, token, usd, actors, registry, tree, pairs, regulator, pairId } = this.w;
    const now = await this.now();
    switch (op.k) {
      case "deposit": {
        const who = this.signers[op.t];
        const tok = op.bond ? token : usd;
        const amount = BigInt(op.amount);
        await this.admin(op.bond ? token.connect(actors.issuer).mint(who, amount) : usd.mint(who, amount));
        const held = await tok.balanceOf(who);
        if (held < amount) break; // the mint was refused (a frozen or ineligible wallet, a pause)
        await this.admin(tok.connect(who).approve(exchange, amount));
        // Every deposit needs a valid identity (issue 15 item 10), and BOND its token's own consent.
        const ok = this.eligible(op.t, now) && (!op.bond || this.tokenMoves(op.t, now));
        await this.simple(() => exchange.connect(who).deposit(tok, amount), ok);
        if (ok) this.st.b(this.traders[op.t].account, op.bond ? 0 : 1).avail += amount;
        break;
      }
      case "withdraw": {
        const who = this.signers[op.t];
        const tokIx = op.bond ? 0 : 1;
        const avail = this.st.b(this.traders[op.t].account, tokIx).avail;
        const amount = (avail * BigInt(op.pct)) / 100n + (op.pct > 100 ? 1n : 0n);
        if (amount === 0n) break;
        const ok = amount <= avail && (!op.bond || this.tokenMoves(op.t, now));
        await this.simple(() => exchange.connect(who).withdraw(op.bond ? token : usd, amount), ok);
        if (ok) this.st.b(this.traders[op.t].account, tokIx).avail -= amount;
        break;
      }
      case "place": {
        this.takerAccount = this.traders[op.t].account;
        const out = this.place(this.st, op.t, op.p, now);
        const params = this.params(op.p, now);
        await this.expectOutcome(() => exchange.connect(this.signers[op.t]).placeOrder(params), out);
        break;
      }
      case "cancel":
      case "replace": {
        const mine = this.st.bids.concat(this.st.asks).filter((o) => o.trader === op.t);
        if (mine.length === 0) break;
        const target = mine[op.pick % mine.length];
        const st = this.st.clone();
        const evs: Ev[] = [];
        const o = st.book(target.side).find((x) => x.id === target.id)!;
        this.remove(st, o, Reason.Cancelled, evs);
        this.takerAccount = this.traders[op.t].account;
        if (op.k === "cancel") {
          await this.expectOutcome(() => exchange.connect(this.signers[op.t]).cancelOrder(pairId, target.id), {
            ok: true,
            evs,
            st,
          });
        } else {
          const out = this.place(st, op.t, op.p, now);
          const params = this.params(op.p, now);
          await this.expectOutcome(
            () => exchange.connect(this.signers[op.t]).replaceOrder(pairId, target.id, params),
            out,
            out.ok ? evs : [],
          );
        }
        break;
      }
      case "regFreeze":
      case "regUnfreeze": {
        const id = this.traders[op.t].identity;
        const frozen = this.st.regFrozen.has(id);
        if (frozen === (op.k === "regFreeze")) break;
        const identity = [
          0n,
          this.w.identities[0],
          this.w.identities[1],
          this.w.carolB.identity,
          this.w.daveK.identity,
        ][id];
        const tx =
          op.k === "regFreeze"
            ? registry.connect(regulator).freeze(identity, why)
            : registry.connect(regulator).unfreeze(identity);
        if (await this.admin(tx)) {
          if (frozen) this.st.regFrozen.delete(id);
          else this.st.regFrozen.add(id);
        }
        break;
      }
      case "tokenFreeze":
      case "tokenUnfreeze": {
        const frozen = this.st.tokenFrozen.has(op.t);
        if (frozen === (op.k === "tokenFreeze")) break;
        const who = this.signers[op.t];
        const tx = frozen
          ? token.connect(actors.issuer).unfreezeWallet(who)
          : token.connect(actors.issuer).freezeWallet(who, why);
        if (await this.admin(tx)) {
          if (frozen) this.st.tokenFrozen.delete(op.t);
          else this.st.tokenFrozen.add(op.t);
        }
        break;
      }
      case "pause":
      case "unpause": {
        if (this.st.paused === (op.k === "pause")) break;
        const tx = op.k === "pause" ? token.connect(actors.issuer).pause() : token.connect(actors.issuer).unpause();
        if (await this.admin(tx)) this.st.paused = op.k === "pause";
        break;
      }
      case "revokeBank2":
        if (this.st.bank2Revoked) break;
        if (await this.admin(tree.connect(regulator).revoke(this.w.bank2Node, why))) this.st.bank2Revoked = true;
        break;
      case "shortenLease": {
        if (this.st.bank2Revoked || now + 3_500 >= this.st.bank2Lease) break;
        const lease = now + 3_500;
        if (await this.admin(tree.connect(regulator).renew(this.w.bank2Node, lease))) this.st.bank2Lease = lease;
        break;
      }
      case "advance":
        await this.w.clock.advance(1_000 * op.n);
        break;
      case "halt":
      case "resume": {
        if (this.st.delisted || this.st.halted === (op.k === "halt")) break;
        const tx =
          op.k === "halt"
            ? pairs.connect(actors.steward).haltPair(pairId, why)
            : pairs.connect(actors.steward).resumePair(pairId);
        if (await this.admin(tx)) this.st.halted = op.k === "halt";
        break;
      }
      case "delist":
        if (this.st.delisted) break;
        if (await this.admin(pairs.connect(actors.steward).delistPair(pairId, why))) this.st.delisted = true;
        break;
      case "clear": {
        if (!this.st.delisted) {
          await this.simple(() => exchange.clearDelisted(pairId, op.max), false);
          break;
        }
        const st = this.st.clone();
        const evs: Ev[] = [];
        let removed = 0;
        for (const side of [Side.Bid, Side.Ask]) {
          while (removed < op.max && st.book(side).length > 0) {
            this.remove(st, st.book(side)[0], Reason.Delisted, evs);
            removed++;
          }
        }
        await this.expectOutcome(() => exchange.clearDelisted(pairId, op.max), { ok: true, evs, st });
        break;
      }
      case "collect": {
        await (await exchange.collectFees(pairId)).wait();
        this.st.b(1n, 0).avail += this.st.fees.base;
        this.st.b(1n, 1).avail += this.st.fees.quote;
        this.st.fees = { base: 0n, quote: 0n };
        break;
      }
    }
    if (this.checking) await this.check();
  }

  /** Whether BOND may move between the venue and trader `i` now (the token's own rules). */
  tokenMoves(i: number, now: number) {
    return !this.st.paused && !this.st.tokenFrozen.has(i) && this.eligible(i, now);
  }

  async simple(send: () => Promise<{ wait(): Promise<unknown> }>, ok: boolean) {
    let failed = false;
    try {
      await (await send()).wait();
    } catch {
      failed = true;
    }
    expect(failed, ok ? "expected success" : "expected a revert").to.equal(!ok);
  }

  async admin(tx: Promise<{ wait(): Promise<unknown> }>): Promise<boolean> {
    try {
      await (await tx).wait();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The venue against the model, and the invariants. Every view is read in one `eth_call` (ViewBatch, on the same
   * state): the campaign spent most of its time in the two dozen round trips this replaces.
   */
  async check() {
    const { exchange, token, usd, pairId } = this.w;
    const st = this.st;
    const active = [1n, ...this.traders.map((t) => t.account)];
    const tokens = [token, usd];
    const view = (contract: Viewed, fn: string, args: unknown[]): View => ({ contract, fn, args });
    const results = await readViews(this.w.viewBatch, [
      // Balances of every active account (the others never move) and the operator.
      ...active.flatMap((a) => tokens.map((tok) => view(exchange, "balanceOf", [this.walletOf.get(a), tok.target]))),
      view(exchange, "pairFees", [pairId]),
      ...tokens.map((tok) => view(tok, "balanceOf", [exchange.target])),
      view(exchange, "bestPrices", [pairId]),
      ...[Side.Bid, Side.Ask].map((side) => view(exchange, "depth", [pairId, side, 100])),
      ...this.signerAddresses.map((wallet) => view(exchange, "openOrders", [wallet])),
    ]);
    const balances = results.splice(0, active.length * 2);
    const [fb, fq] = results.shift()!;
    const holdings = results.splice(0, 2).map((r) => r[0] as bigint);
    const [bid, ask] = results.shift()!;
    const depths = results.splice(0, 2);
    const open = results;
    for (const [k, a] of active.entries()) {
      for (const i of [0, 1]) {
        const [avail, locked] = balances[k * 2 + i];
        expect({ a, i, avail, locked }).to.deep.equal({ a, i, avail: st.b(a, i).avail, locked: st.b(a, i).locked });
      }
    }
    expect([fb, fq]).to.deep.equal([st.fees.base, st.fees.quote]);
    // Conservation: internal available + locked over all accounts + uncollected fees == the venue's holdings.
    for (const i of [0, 1]) {
      let sum = i === 0 ? st.fees.base : st.fees.quote;
      for (const a of this.accounts) sum += st.b(a, i).avail + st.b(a, i).locked;
      expect(sum, "conservation").to.equal(holdings[i]);
    }
    // Locked == what open orders may spend.
    for (const t of this.traders) {
      let q = 0n;
      let b = 0n;
      for (const o of st.bids) if (this.traders[o.trader].account === t.account) q += BigInt(o.tick) * TICK * o.lots;
      for (const o of st.asks) if (this.traders[o.trader].account === t.account) b += o.lots * LOT;
      expect([st.b(t.account, 0).locked, st.b(t.account, 1).locked], "locked").to.deep.equal([b, q]);
    }
    // The book: never crossed, and level by level as the model's.
    if (bid !== 0n && ask !== 0n) expect(bid < ask, "crossed book").to.equal(true);
    for (const [j, side] of [Side.Bid, Side.Ask].entries()) {
      const [ticks, lots, counts] = depths[j];
      const levels = new Map<number, { lots: bigint; count: bigint }>();
      for (const o of st.book(side)) {
        const l = levels.get(o.tick) ?? { lots: 0n, count: 0n };
        l.lots += o.lots;
        l.count += 1n;
        levels.set(o.tick, l);
      }
      expect((ticks as bigint[]).map((x, n) => [Number(x), lots[n], counts[n]])).to.deep.equal(
        [...levels].map(([k, v]) => [k, v.lots, v.count]),
      );
    }
    for (const [i, t] of this.traders.entries()) {
      const [, ids] = open[i];
      const want = st.bids
        .concat(st.asks)
        .filter((o) => this.traders[o.trader].account === t.account)
        .map((o) => o.id);
      expect([...ids].sort()).to.deep.equal(want.sort());
    }
  }
}

function String2(e: Ev): string {
  return JSON.stringify(e, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}
