import { time } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { AuthorityTree, ViewBatch } from "../../typechain-types";
import { rebuildTree } from "../../lib/replay/authority";
import { ALL_SCOPES, Scope, deployAuthority } from "../helpers/fixtures";
import { deployViewBatch, readViews } from "../helpers/viewBatch";

/**
 * Stateful property test: random sequences of grants, suspensions, resumptions, revocations, renewals, new roots, key
 * rotations (issue 17) and time jumps, run against the contract and against an independent model of design section 1.
 * After every step the outcome (success, or a revert whose error is one the model says applies) and every node's
 * effective scopes must agree. Expiries sit on half-grid points and time jumps land on grid points, so the second or two that each mined
 * transaction adds can never decide a comparison.
 */

const GRID = 1_000;
const MAX_DEPTH = 8;
const RUNS = Number(process.env.AUTHORITY_FUZZ_RUNS ?? 60);

type Status = "Active" | "Suspended" | "Revoked";
type ModelNode = {
  account: number;
  parent: number;
  root: number;
  scopes: number;
  expiry: number;
  status: Status;
  depth: number;
  suspenderDepth: number;
  leaseDepth: number;
  revokerDepth: number;
  cleared?: number; // the depth a suspension was last lifted at, until a suspension follows
};

class Model {
  nodes: ModelNode[] = [undefined as unknown as ModelNode]; // ids start at 1
  nodeOf = new Map<string, number>();
  bars = new Map<string, number>(); // `${account}:${root}` -> depth a re-grant must come from
  rotated = new Map<string, number>(); // `${account}:${root}` -> the bar a key rotation left it (issue 17)
  constructor(public now: number) {}

  /** The depth a new grant to the holder of dead node `n` must come from (issue 15.1). */
  bar(n: ModelNode): number {
    let bar = n.leaseDepth;
    if (n.status === "Suspended") bar = Math.min(bar, n.suspenderDepth);
    if (n.status === "Revoked") bar = Math.min(bar, n.revokerDepth);
    return bar;
  }

  /**
   * The depth a new grant to the holder of dead node `n` must come from: its own bar, and the suspender's depth of every
   * ancestor still suspended, which binds the accounts beneath it too (issue 15.1, review fix M-1).
   */
  grantBar(n: ModelNode): number {
    let bar = this.bar(n);
    for (let a = this.get(n.parent); a; a = this.get(a.parent)) {
      if (a.status === "Suspended") bar = Math.min(bar, a.suspenderDepth);
    }
    return bar;
  }

  get(id: number): ModelNode | undefined {
    return id >= 1 && id < this.nodes.length ? this.nodes[id] : undefined;
  }
  /** Effective scopes and earliest lease on the path, or 0 scopes when not valid. */
  resolve(id: number): { scopes: number; limit: number } {
    let scopes = 0xffffffff;
    let limit = Infinity;
    for (let n = this.get(id); n; n = this.get(n.parent)) {
      if (n.status !== "Active" || this.now >= n.expiry) return { scopes: 0, limit: 0 };
      scopes &= n.scopes;
      limit = Math.min(limit, n.expiry);
    }
    return id === 0 || !this.get(id) ? { scopes: 0, limit: 0 } : { scopes: scopes >>> 0, limit };
  }
  leaseLimit(id: number): number {
    let limit = Infinity;
    for (let n = this.get(id); n; n = this.get(n.parent)) limit = Math.min(limit, n.expiry);
    return limit;
  }
  dead(id: number): boolean {
    for (let n = this.get(id); n; n = this.get(n.parent)) {
      if (n.status === "Revoked" || this.now >= n.expiry) return true;
    }
    return false;
  }
  /** The errors that apply when `caller` (an account index, 0 = governor) acts on `id` as an ancestor. */
  authority(caller: number, id: number): { errors: string[]; depth: number } {
    const n = this.get(id)!;
    if (n.parent === 0) return caller === 0 ? { errors: [], depth: 0 } : { errors: ["NotAncestor"], depth: 0 };
    for (let a = n.parent; a !== 0; a = this.get(a)!.parent) {
      const anc = this.get(a)!;
      if (anc.account === caller) {
        return { errors: this.resolve(a).scopes === 0 ? ["NodeNotValid"] : [], depth: anc.depth };
      }
    }
    return { errors: ["NotAncestor"], depth: 0 };
  }
}

type Op =
  | {
      kind: "grant";
      parent: number;
      caller: number;
      honest: boolean;
      account: number;
      scopes: number;
      expirySlot: number;
    }
  | { kind: "suspend" | "resume" | "revoke" | "renounce"; node: number; caller: number; honest: boolean }
  | { kind: "renew"; node: number; caller: number; honest: boolean; expirySlot: number }
  | { kind: "root"; account: number; expirySlot: number }
  | { kind: "rotate"; node: number; caller: number; honest: boolean; account: number; byHolder: boolean }
  | { kind: "advance"; slots: number };

const ACCOUNTS = 6; // indices 1..6 are institutions; 0 is the governor
const nodePick = fc.integer({ min: 0, max: 40 });
const who = fc.integer({ min: 0, max: ACCOUNTS });
// Most operations come from the account entitled to make them, so that the tree grows deep and the interesting rules
// are reached; the rest come from whoever was drawn, to exercise the refusals.
const honest = fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("grant" as const),
      parent: nodePick,
      caller: who,
      honest,
      account: fc.integer({ min: 1, max: ACCOUNTS }),
      scopes: fc.oneof(
        { weight: 9, arbitrary: fc.integer({ min: 0, max: ALL_SCOPES }) },
        { weight: 1, arbitrary: fc.constant(1 << 9) },
      ),
      expirySlot: fc.integer({ min: -1, max: 12 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("suspend" as const), node: nodePick, caller: who, honest }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("resume" as const), node: nodePick, caller: who, honest }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("revoke" as const), node: nodePick, caller: who, honest }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("renounce" as const), node: nodePick, caller: who, honest }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("renew" as const),
      node: nodePick,
      caller: who,
      honest,
      expirySlot: fc.integer({ min: -1, max: 14 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("root" as const),
      account: fc.integer({ min: 1, max: ACCOUNTS }),
      expirySlot: fc.integer({ min: 1, max: 16 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("advance" as const), slots: fc.integer({ min: 1, max: 3 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("rotate" as const),
      node: nodePick,
      caller: who,
      honest,
      account: fc.integer({ min: 1, max: ACCOUNTS }),
      byHolder: fc.boolean(),
    }),
  },
);

async function world(unit: 1 | 1000) {
  const f = await deployAuthority(unit);
  const signers = await ethers.getSigners();
  // Start on a grid point so half-grid expiries never sit within a few seconds of "now".
  const start = Math.ceil(((await f.clock.now()) + 10) / GRID) * GRID;
  await time.increaseTo(start * unit);
  return { tree: f.tree, signers: signers.slice(0, ACCOUNTS + 1), start, unit, views: await deployViewBatch() };
}

function pickNode(model: Model, pick: number): number {
  const count = model.nodes.length - 1;
  // Mostly existing nodes; now and then an unknown id.
  return pick % 10 === 9 ? count + 1 + (pick % 3) : count === 0 ? 1 : 1 + (pick % count);
}

function expiryAt(model: Model, slot: number): number {
  return Math.floor(model.now / GRID) * GRID + slot * GRID + GRID / 2;
}

async function outcome(tx: Promise<unknown>, tree: AuthorityTree): Promise<string> {
  try {
    await (await (tx as Promise<{ wait(): Promise<unknown> }>)).wait();
    return "ok";
  } catch (error) {
    const data = (error as { data?: string }).data ?? (error as { error?: { data?: string } }).error?.data;
    const parsed = data ? tree.interface.parseError(data) : null;
    if (!parsed) throw error;
    return parsed.name;
  }
}

async function step(
  views: ViewBatch,
  tree: AuthorityTree,
  signers: HardhatEthersSigner[],
  unit: 1 | 1000,
  model: Model,
  op: Op,
): Promise<void> {
  const reason = ethers.encodeBytes32String("fuzz");
  let expected: string[] = [];
  let actual: string;
  let apply: () => void = () => {};

  if (op.kind === "advance") {
    const target = (Math.floor(model.now / GRID) + op.slots) * GRID;
    await time.increaseTo(target * unit);
    model.now = Number(await tree.currentTime());
    return;
  }
  if (op.kind === "root") {
    const expiry = expiryAt(model, op.expirySlot);
    const id = model.nodes.length;
    apply = () => {
      model.nodes.push({
        account: op.account,
        parent: 0,
        root: id,
        scopes: ALL_SCOPES,
        expiry,
        status: "Active",
        depth: 0,
        suspenderDepth: 0,
        leaseDepth: 0,
        revokerDepth: 0,
      });
      model.nodeOf.set(`${op.account}:${id}`, id);
    };
    actual = await outcome(tree.createRoot(signers[op.account].address, expiry, "fuzz"), tree);
  } else if (op.kind === "grant") {
    let parentId = pickNode(model, op.parent);
    let account = op.account;
    if (op.honest) {
      // A valid delegating parent, preferring the deepest ones, so that the trees grow to several levels.
      const delegators = model.nodes
        .map((_, i) => (i > 0 && (model.resolve(i).scopes & Scope.DELEGATE) !== 0 ? i : 0))
        .filter((i) => i !== 0)
        .sort((a, b) => model.get(b)!.depth - model.get(a)!.depth);
      if (delegators.length > 0) parentId = delegators[op.parent % Math.min(3, delegators.length)];
      const root = model.get(parentId)?.root;
      const free = [1, 2, 3, 4, 5, 6].filter((a) => {
        const existing = model.nodeOf.get(`${a}:${root}`);
        return existing === undefined || model.dead(existing);
      });
      if (free.length > 0) account = free[op.account % free.length];
    }
    const parent = model.get(parentId);
    let expiry = expiryAt(model, op.expirySlot);
    let scopes = op.scopes;
    let caller = op.caller;
    if (op.honest && parent) {
      caller = parent.account;
      // Keep DELEGATE more often than not, so that the new node can grant in turn.
      scopes = (op.scopes & parent.scopes) | (op.expirySlot % 3 !== 0 ? parent.scopes & Scope.DELEGATE : 0);
      scopes = scopes || parent.scopes;
      const limit = model.leaseLimit(parentId);
      if (expiry > limit) expiry = Math.max(limit - GRID, expiryAt(model, 0));
    }
    if (!parent) expected = ["UnknownNode"];
    else {
      const { scopes: eff, limit } = model.resolve(parentId);
      if (parent.account !== caller) expected.push("NotNodeAccount");
      if (eff === 0) expected.push("NodeNotValid");
      else if ((eff & Scope.DELEGATE) === 0) expected.push("NotDelegator");
      if (scopes === 0 || (scopes & ~ALL_SCOPES) !== 0) expected.push("InvalidScopes");
      if (eff !== 0 && (scopes & eff) !== scopes) expected.push("ScopeEscalation");
      if (expiry <= model.now) expected.push("ExpiryNotInFuture");
      if (eff !== 0 && expiry > limit) expected.push("ExpiryBeyondParent");
      if (parent.depth + 1 > MAX_DEPTH) expected.push("DepthExceeded");
      const existing = model.nodeOf.get(`${account}:${parent.root}`);
      if (existing !== undefined && !model.dead(existing)) expected.push("AccountAlreadyAuthorized");
      // Whatever killed the account's current node, its restrictions, and the suspensions still standing on its
      // ancestors, bind the account (issue 15.1, M-1).
      if (existing !== undefined && model.dead(existing) && parent.depth > model.grantBar(model.get(existing)!)) {
        expected.push("BarredByHigherAuthority");
      }
      // A key rotated out of a node keeps that node's bar (issue 17).
      const rotated = model.rotated.get(`${account}:${parent.root}`);
      if (rotated !== undefined && parent.depth > rotated) expected.push("BarredByHigherAuthority");
      const id = model.nodes.length;
      apply = () => {
        model.nodes.push({
          account,
          parent: parentId,
          root: parent.root,
          scopes,
          expiry,
          status: "Active",
          depth: parent.depth + 1,
          suspenderDepth: 0,
          leaseDepth: parent.depth,
          revokerDepth: 0,
        });
        model.nodeOf.set(`${account}:${parent.root}`, id);
        model.bars.delete(`${account}:${parent.root}`);
      };
    }
    actual = await outcome(
      tree.connect(signers[caller]).grant(parentId, signers[account].address, scopes, expiry),
      tree,
    );
  } else if (op.kind === "rotate") {
    const id = pickNode(model, op.node);
    const n = model.get(id);
    let callerIndex = op.caller;
    if (op.honest && n && op.byHolder) callerIndex = n.account;
    else if (op.honest && n) {
      const ancestors: number[] = [];
      for (let a = n.parent; a !== 0; a = model.get(a)!.parent) ancestors.push(model.get(a)!.account);
      callerIndex = ancestors.length === 0 ? 0 : ancestors[op.caller % ancestors.length];
    }
    const next = signers[op.account].address;
    let bar = 0;
    if (!n) expected = ["UnknownNode"];
    else {
      const k = `${op.account}:${n.root}`;
      const fresh = !model.nodeOf.has(k) && !model.rotated.has(k);
      if (op.byHolder) {
        // The holder proposes while its node is valid; the proposed account accepts at once (issue 17).
        if (n.account !== callerIndex) expected.push("NotNodeAccount");
        if (model.resolve(id).scopes === 0) expected.push("NodeNotValid");
        bar = model.grantBar(n);
      } else {
        const auth = model.authority(callerIndex, id);
        expected.push(...auth.errors);
        if (model.dead(id)) expected.push("NodeNotValid");
        if (auth.errors.length === 0 && n.status === "Suspended" && auth.depth > n.suspenderDepth) {
          expected.push("SuspendedByHigherAuthority");
        }
        bar = Math.min(auth.depth, model.grantBar(n));
      }
      if (!fresh) expected.push("AccountNotFresh");
      apply = () => {
        const previous = `${n.account}:${n.root}`;
        model.nodeOf.delete(previous);
        model.rotated.set(previous, bar);
        model.bars.set(previous, bar);
        n.account = op.account;
        model.nodeOf.set(k, id);
      };
    }
    const caller = signers[callerIndex];
    if (op.byHolder) {
      actual = await outcome(tree.connect(caller).proposeRotation(id, next), tree);
      if (actual === "ok") actual = await outcome(tree.connect(signers[op.account]).acceptRotation(id), tree);
    } else {
      actual = await outcome(tree.connect(caller).replaceAccount(id, next, reason), tree);
    }
  } else {
    let id = pickNode(model, op.node);
    if (op.honest && op.kind === "resume") {
      // Aim at a suspended node when there is one: that is where the rank rule lives.
      const suspended = model.nodes.map((m, i) => (m?.status === "Suspended" ? i : 0)).filter((i) => i !== 0);
      if (suspended.length > 0) id = suspended[op.node % suspended.length];
    }
    const n = model.get(id);
    let callerIndex = op.caller;
    if (op.honest && n && op.kind === "renounce") callerIndex = n.account;
    else if (op.honest && n) {
      // The governor for a root; otherwise the account of one of its ancestors, chosen by the drawn number.
      const ancestors: number[] = [];
      for (let a = n.parent; a !== 0; a = model.get(a)!.parent) ancestors.push(model.get(a)!.account);
      callerIndex = ancestors.length === 0 ? 0 : ancestors[op.caller % ancestors.length];
    }
    const caller = signers[callerIndex];
    let renewTo = op.kind === "renew" ? expiryAt(model, op.expirySlot) : 0;
    if (!n) expected = ["UnknownNode"];
    else if (op.kind === "renounce") {
      if (n.account !== callerIndex) expected.push("NotNodeAccount");
      else if (n.parent === 0) expected.push("RootNotRenounceable");
      else if (n.status === "Revoked") expected.push("InvalidNodeStatus");
      apply = () => {
        n.revokerDepth = model.bar(n);
        n.status = "Revoked";
        if (model.nodeOf.get(`${n.account}:${n.root}`) === id) model.bars.set(`${n.account}:${n.root}`, n.revokerDepth);
      };
    } else {
      const auth = model.authority(callerIndex, id);
      expected.push(...auth.errors);
      // Acting on a suspended node needs the suspender's rank or above (resume, revoke, renew).
      const outranked = auth.errors.length === 0 && n.status === "Suspended" && auth.depth > n.suspenderDepth;
      if (op.kind === "suspend") {
        const takeover = n.status === "Suspended" && auth.errors.length === 0 && auth.depth < n.suspenderDepth;
        if (n.status !== "Active" && !takeover) expected.push("InvalidNodeStatus");
        else if (auth.errors.length === 0 && n.cleared !== undefined && auth.depth > n.cleared) {
          expected.push("ClearedByHigherAuthority");
        }
        apply = () => {
          n.status = "Suspended";
          n.suspenderDepth = auth.depth;
          n.cleared = undefined;
        };
      } else if (op.kind === "resume") {
        if (n.status !== "Suspended") expected.push("InvalidNodeStatus");
        else if (outranked) expected.push("SuspendedByHigherAuthority");
        apply = () => {
          n.status = "Active";
          n.suspenderDepth = 0;
          n.cleared = auth.depth;
        };
      } else if (op.kind === "revoke") {
        if (n.status === "Revoked") expected.push("InvalidNodeStatus");
        if (outranked) expected.push("SuspendedByHigherAuthority");
        apply = () => {
          n.status = "Revoked";
          n.revokerDepth = auth.depth;
          if (n.parent !== 0 && model.nodeOf.get(`${n.account}:${n.root}`) === id) {
            model.bars.set(`${n.account}:${n.root}`, model.bar(n));
          }
        };
      } else if (op.kind === "renew") {
        let expiry = expiryAt(model, op.expirySlot);
        if (op.honest && n.parent !== 0 && expiry > model.leaseLimit(n.parent)) {
          expiry = Math.max(model.leaseLimit(n.parent) - GRID, expiryAt(model, 0));
        }
        renewTo = expiry;
        if (n.status === "Revoked") expected.push("InvalidNodeStatus");
        if (outranked) expected.push("SuspendedByHigherAuthority");
        if (model.now >= n.expiry) expected.push("LeaseEnded");
        if (expiry <= model.now) expected.push("ExpiryNotInFuture");
        if (n.parent !== 0 && expiry > model.leaseLimit(n.parent)) expected.push("ExpiryBeyondParent");
        if (auth.errors.length === 0 && expiry > n.expiry && auth.depth > n.leaseDepth) {
          expected.push("LeaseSetByHigherAuthority");
        }
        apply = () => {
          n.expiry = expiry;
          n.leaseDepth = Math.min(n.leaseDepth, auth.depth);
        };
      }
    }
    const tx =
      op.kind === "suspend"
        ? tree.connect(caller).suspend(id, reason)
        : op.kind === "resume"
          ? tree.connect(caller).resume(id)
          : op.kind === "revoke"
            ? tree.connect(caller).revoke(id, reason)
            : op.kind === "renounce"
              ? tree.connect(caller).renounce(id)
              : tree.connect(caller).renew(id, renewTo);
    actual = await outcome(tx, tree);
  }

  const context = `${JSON.stringify(op)} at t=${model.now}`;
  if (expected.length === 0) {
    expect(actual, context).to.equal("ok");
    apply();
  } else {
    expect(expected, `${context}: contract said ${actual}`).to.include(actual);
  }
  // Every node's effective scopes (0 = not valid) and status agree with the model: read in one call.
  const ids = model.nodes.map((_n, id) => id).slice(1);
  const [[now], [count], ...scopes] = await readViews(views, [
    { contract: tree, fn: "currentTime", args: [] },
    { contract: tree, fn: "nodeCount", args: [] },
    ...ids.map((id) => ({ contract: tree, fn: "effectiveScopes", args: [id] })),
  ]);
  model.now = Number(now);
  expect(count, context).to.equal(BigInt(model.nodes.length - 1));
  for (const [k, id] of ids.entries()) {
    expect(Number(scopes[k][0]), `${context}: effective scopes of node ${id}`).to.equal(model.resolve(id).scopes);
  }
}

/** The stored state of every node, index, child list, root list and bar equals what the events alone rebuild. */
async function expectRebuildFromLogs(tree: AuthorityTree, model: Model, signers: HardhatEthersSigner[]) {
  const logs = await ethers.provider.getLogs({ address: await tree.getAddress(), fromBlock: 0, toBlock: "latest" });
  const times = new Map<number, bigint>();
  for (const n of new Set(logs.map((l) => l.blockNumber))) {
    const block = (await ethers.provider.send("eth_getBlockByNumber", [ethers.toQuantity(n), false])) as {
      timestamp: string;
    };
    times.set(n, BigInt(block.timestamp));
  }
  const rebuilt = rebuildTree(tree.interface, logs, (log) => times.get(log.blockNumber)!);
  expect(rebuilt.timeUnit).to.equal(await tree.TIME_UNIT());
  expect(BigInt(rebuilt.nodes.size)).to.equal(await tree.nodeCount());
  for (const [id, r] of rebuilt.nodes) {
    const n = await tree.node(id);
    expect(
      [n.account, n.parent, n.root, n.scopes, n.expiry, n.grantedAt, n.status, n.depth, n.suspenderDepth, n.leaseDepth],
      `node ${id} rebuilt from logs`,
    ).to.deep.equal([
      r.account,
      r.parent,
      r.root,
      r.scopes,
      r.expiry,
      r.grantedAt,
      r.status,
      r.depth,
      r.suspenderDepth,
      r.leaseDepth,
    ]);
    expect(await tree.children(id, 0, 1000), `children of ${id}`).to.deep.equal(rebuilt.children.get(id) ?? []);
    // And the model agrees with both on what it tracks.
    const m = model.get(Number(id))!;
    expect([Number(n.expiry), Number(n.suspenderDepth), Number(n.leaseDepth)]).to.deep.equal([
      m.expiry,
      m.status === "Suspended" ? m.suspenderDepth : Number(n.suspenderDepth),
      m.leaseDepth,
    ]);
    // The cleared-by mark: on chain, rebuilt from the logs and in the model.
    const [cleared, clearedDepth] = await tree.clearedBy(id);
    const mark = cleared ? clearedDepth : undefined;
    expect(mark, `clearedBy ${id}`).to.equal(rebuilt.cleared.get(id));
    expect(mark === undefined ? undefined : Number(mark), `model clearedBy ${id}`).to.equal(m.cleared);
  }
  expect(await tree.roots(0, 1000)).to.deep.equal(rebuilt.roots);
  for (const account of signers.slice(1)) {
    for (const root of rebuilt.roots) {
      const k = `${account.address.toLowerCase()}:${root}`;
      expect(await tree.nodeOf(account.address, root), `nodeOf ${k}`).to.equal(rebuilt.nodeOf.get(k) ?? 0n);
      const [barred, depth] = await tree.revocationBar(account.address, root);
      expect([barred, depth], `bar ${k}`).to.deep.equal(
        rebuilt.bars.has(k) ? [true, rebuilt.bars.get(k)!] : [false, 0n],
      );
    }
  }
}

const worldInSeconds = () => world(1);
const worldInMilliseconds = () => world(1000);

for (const [label, fixture, runs] of [
  ["seconds clock", worldInSeconds, RUNS],
  ["millisecond clock (PlatON)", worldInMilliseconds, Math.ceil(RUNS / 3)],
] as const) {
  describe(`AuthorityTree: stateful property (model-based), ${label}`, function () {
    it("agrees with the model on every outcome and every node's validity, and logs rebuild the state", async function () {
      this.timeout(600_000);
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 50 }), async (ops) => {
          const { tree, signers, start, unit, views } = await loadFixture(fixture);
          const model = new Model(start);
          // Two seed roots to start from, owned by accounts 1 and 2.
          await step(views, tree, signers, unit, model, { kind: "root", account: 1, expirySlot: 14 });
          await step(views, tree, signers, unit, model, { kind: "root", account: 2, expirySlot: 10 });
          for (const op of ops) await step(views, tree, signers, unit, model, op);
          await expectRebuildFromLogs(tree, model, signers);
        }),
        { numRuns: runs, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
      );
    });
  });
}
