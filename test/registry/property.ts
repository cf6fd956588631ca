import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import type { Signer } from "ethers";
import fc from "fast-check";
import { ethers } from "hardhat";
import {
  ClientClass,
  DAY,
  deployRegistry,
  Eligibility,
  identityIdFrom,
  newWallet,
  nodeIdFrom,
  policyIdFrom,
  registerWithConsent,
  registrationFor,
  scopeMask,
  TIME_UNITS,
} from "../helpers/fixtures";
import { expectRegistryMatchesLogs } from "../helpers/registryReplay";

/**
 * Stateful property: random sequences of authority changes (suspend, resume, revoke, lease renewal at any depth,
 * time passing so that leases run out) and registry changes (register, freeze, unfreeze, renew, update, revoke,
 * migrate; freezes and unfreezes by managers at every rank of the client's line, under the rank rule) are applied to
 * the chain and to a small TypeScript model of the eligibility rules; after every step each client's eligibility
 * under each policy must match the model's, reason included, and so must the freezer's rank.
 */

type Status = "Active" | "Suspended" | "Revoked";
interface NodeModel {
  name: string;
  id: bigint;
  parent: number | null; // index into nodes
  status: Status;
  expiry: number;
  account: Signer;
}
interface ClientModel {
  id: bigint;
  wallet: string;
  attester: number; // index into nodes
  classes: number;
  jurisdiction: number;
  expiry: number;
  frozen: boolean;
  frozenByDepth: number; // the freezer's depth while frozen
  cleared?: number; // the depth the last freeze was lifted at, until a freeze follows (cleared-by rank)
  revoked: boolean;
}
interface PolicyModel {
  id: bigint;
  classes: number;
  barred: number[];
}
interface Model {
  now: number;
  nodes: NodeModel[];
  clients: ClientModel[];
  policies: PolicyModel[];
}
type World = Awaited<ReturnType<typeof world>>;
type Real = World;

const JURISDICTIONS = [756, 840, 250, 408];
const BARRED = [840, 408];
const reason = ethers.encodeBytes32String("prop");
/** Margin (seconds) between the model's "now" and the block a transaction lands in. */
const MARGIN = 5;

async function world(unit: 1 | 1000) {
  const fx = await deployRegistry(unit);
  const { tree, registry, clock, regulator, bank, bankNode, subAgentNode, provider, auditor, outsider } = fx;
  const both = scopeMask("DELEGATE", "KYC");
  const b = await nodeIdFrom(
    tree,
    tree.connect(bank).grant(bankNode, provider.address, both, await clock.in(400 * DAY)),
  );
  const c = await nodeIdFrom(tree, tree.connect(provider).grant(b, auditor.address, both, await clock.in(200 * DAY)));
  const s = await nodeIdFrom(
    tree,
    tree.connect(regulator).grant(fx.rootId, outsider.address, both, await clock.in(300 * DAY)),
  );
  const p1 = await policyIdFrom(
    registry,
    registry.createPolicy([fx.rootId], ClientClass.INSTITUTIONAL | ClientClass.ACCREDITED, BARRED),
  );
  const p2 = await policyIdFrom(registry, registry.createPolicy([fx.rootId], 15, []));
  // Four clients to start from, attested at depths 3, 2, 1 and 1: [node index in the model, account, node id, ...].
  const seeds: [number, Signer, bigint, number, number, number][] = [
    [4, auditor, c, ClientClass.ACCREDITED, 756, 90],
    [2, fx.subAgent, subAgentNode, ClientClass.RETAIL, 840, 200],
    [1, bank, bankNode, ClientClass.INSTITUTIONAL | ClientClass.RETAIL, 250, 365],
    [5, outsider, s, ClientClass.PROFESSIONAL | ClientClass.ACCREDITED, 408, 30],
  ];
  const clients: { node: number; id: bigint; wallet: string; classes: number; jurisdiction: number; expiry: number }[] =
    [];
  for (const [node, account, nodeId, classes, jurisdiction, days] of seeds) {
    const wallet = newWallet();
    const expiry = await clock.in(days * DAY);
    const registration = await registrationFor(clock, wallet, { classes, jurisdiction, expiry });
    const id = await identityIdFrom(registry, registerWithConsent(registry, account, nodeId, registration));
    clients.push({ node, id, wallet, classes, jurisdiction, expiry });
  }
  return { ...fx, extra: { b, c, s, p1, p2, subAgentNode, clients } };
}
async function worldInSeconds() {
  return world(1);
}
async function worldInMilliseconds() {
  return world(1000);
}

async function initialModel(w: World): Promise<Model> {
  const node = async (name: string, id: bigint, parent: number | null, account: Signer): Promise<NodeModel> => ({
    name,
    id,
    parent,
    status: "Active",
    expiry: Number((await w.tree.node(id)).expiry),
    account,
  });
  const nodes = [
    await node("root", w.rootId, null, w.regulator),
    await node("bank", w.bankNode, 0, w.bank),
    await node("subAgent", w.extra.subAgentNode, 1, w.subAgent),
    await node("b", w.extra.b, 1, w.provider),
    await node("c", w.extra.c, 3, w.auditor),
    await node("s", w.extra.s, 0, w.outsider),
  ];
  return {
    now: Number(await w.registry.currentTime()),
    nodes,
    clients: w.extra.clients.map((c) => ({
      id: c.id,
      wallet: c.wallet,
      attester: c.node,
      classes: c.classes,
      jurisdiction: c.jurisdiction,
      expiry: c.expiry,
      frozen: false,
      frozenByDepth: 0,
      revoked: false,
    })),
    policies: [
      { id: w.extra.p1, classes: ClientClass.INSTITUTIONAL | ClientClass.ACCREDITED, barred: BARRED },
      { id: w.extra.p2, classes: 15, barred: [] },
    ],
  };
}

// ----------------------------------------------------------------------------------------------------------------
// The model's rules
// ----------------------------------------------------------------------------------------------------------------

function lineOf(m: Model, index: number): NodeModel[] {
  const line: NodeModel[] = [];
  for (let i: number | null = index; i !== null; i = m.nodes[i].parent) line.push(m.nodes[i]);
  return line;
}

/** Valid at time `t`: it and every ancestor Active with t < expiry. */
function validAt(m: Model, index: number, t: number): boolean {
  return lineOf(m, index).every((n) => n.status === "Active" && t < n.expiry);
}

/** The regulator (root account) can act while the root is valid, with a margin for the next block. */
function regulatorCanAct(m: Model): boolean {
  return validAt(m, 0, m.now + MARGIN);
}

function eligibilityOf(m: Model, c: ClientModel, p: PolicyModel): number {
  if (c.revoked) return Eligibility.IdentityRevoked;
  if (c.frozen) return Eligibility.Frozen;
  if (m.now >= c.expiry) return Eligibility.Expired;
  if ((c.classes & p.classes) === 0) return Eligibility.ClassNotAllowed;
  if (p.barred.includes(c.jurisdiction)) return Eligibility.JurisdictionBarred;
  if (!validAt(m, c.attester, m.now)) return Eligibility.AttesterInvalid;
  return Eligibility.Eligible;
}

/** A step is only taken where the chain's outcome does not depend on the second the block lands in. */
function clearOfBoundaries(m: Model): boolean {
  return m.nodes.every((n) => Math.abs(n.expiry - m.now) > MARGIN);
}

async function settle(m: Model, r: Real): Promise<void> {
  m.now = Number(await r.registry.currentTime());
  const checks = m.clients.flatMap((c) => m.policies.map((p) => ({ c, p })));
  const actual = await Promise.all(checks.map(({ c, p }) => r.registry.eligibility(c.wallet, p.id)));
  checks.forEach(({ c, p }, i) => {
    const expected = eligibilityOf(m, c, p);
    if (Number(actual[i]) === expected) return;
    const line = lineOf(m, c.attester).map((n) => `${n.name}:${n.status}:${n.expiry}`);
    const state = { ...c, id: c.id.toString(), attester: m.nodes[c.attester].name };
    expect(Number(actual[i])).to.equal(
      expected,
      `policy ${p.id} at ${m.now}: ${JSON.stringify(state)} line ${line.join(" <- ")}`,
    );
  });
}

// ----------------------------------------------------------------------------------------------------------------
// Commands
// ----------------------------------------------------------------------------------------------------------------

type Cmd = fc.AsyncCommand<Model, Real>;

/** Who acts on node i in the tree: the governor for the root, the regulator (root's account) for the others. */
function actorFor(r: Real, i: number): Signer {
  return i === 0 ? r.governor : r.regulator;
}
function actorCanAct(m: Model, i: number): boolean {
  return i === 0 || regulatorCanAct(m);
}

class SuspendNode implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Model) => m.nodes[this.i].status === "Active" && actorCanAct(m, this.i) && clearOfBoundaries(m);
  async run(m: Model, r: Real) {
    await r.tree.connect(actorFor(r, this.i)).suspend(m.nodes[this.i].id, reason);
    m.nodes[this.i].status = "Suspended";
    await settle(m, r);
  }
  toString = () => `suspend(${this.i})`;
}

class ResumeNode implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Model) => m.nodes[this.i].status === "Suspended" && actorCanAct(m, this.i) && clearOfBoundaries(m);
  async run(m: Model, r: Real) {
    await r.tree.connect(actorFor(r, this.i)).resume(m.nodes[this.i].id);
    m.nodes[this.i].status = "Active";
    await settle(m, r);
  }
  toString = () => `resume(${this.i})`;
}

class RevokeNode implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Model) => m.nodes[this.i].status !== "Revoked" && actorCanAct(m, this.i) && clearOfBoundaries(m);
  async run(m: Model, r: Real) {
    await r.tree.connect(actorFor(r, this.i)).revoke(m.nodes[this.i].id, reason);
    m.nodes[this.i].status = "Revoked";
    await settle(m, r);
  }
  toString = () => `revoke(${this.i})`;
}

/** The regulator sets a non-root node's lease to `days` from now (longer or shorter), within its ancestors'. */
class RenewLease implements Cmd {
  constructor(
    readonly i: number,
    readonly days: number,
  ) {}
  private expiry = 0;
  check = (m: Model) => {
    const n = m.nodes[this.i];
    const limit = Math.min(...lineOf(m, n.parent!).map((a) => a.expiry));
    this.expiry = m.now + this.days * DAY;
    return (
      n.status !== "Revoked" &&
      m.now + MARGIN < n.expiry &&
      this.expiry <= limit &&
      regulatorCanAct(m) &&
      clearOfBoundaries(m)
    );
  };
  async run(m: Model, r: Real) {
    await r.tree.connect(r.regulator).renew(m.nodes[this.i].id, this.expiry);
    m.nodes[this.i].expiry = this.expiry;
    await settle(m, r);
  }
  toString = () => `renewLease(${this.i}, ${this.days}d)`;
}

class Advance implements Cmd {
  constructor(readonly seconds: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await r.clock.advance(this.seconds);
    await settle(m, r);
  }
  toString = () => `advance(${this.seconds}s)`;
}

/** A node's account registers a new client directly. */
class Register implements Cmd {
  constructor(
    readonly i: number,
    readonly classes: number,
    readonly jurisdiction: number,
    readonly days: number,
  ) {}
  check = (m: Model) => m.clients.length < 10 && validAt(m, this.i, m.now + MARGIN) && clearOfBoundaries(m);
  async run(m: Model, r: Real) {
    const n = m.nodes[this.i];
    const wallet = newWallet();
    // Never beyond the attesting node's own lease (the registry refuses that).
    const expiry = Math.min(m.now + this.days * DAY, n.expiry);
    const registration = await registrationFor(r.clock, wallet, {
      classes: this.classes,
      jurisdiction: this.jurisdiction,
      expiry,
    });
    const id = await identityIdFrom(r.registry, registerWithConsent(r.registry, n.account, n.id, registration));
    m.clients.push({
      id,
      wallet,
      attester: this.i,
      classes: this.classes,
      jurisdiction: this.jurisdiction,
      expiry,
      frozen: false,
      frozenByDepth: 0,
      revoked: false,
    });
    await settle(m, r);
  }
  toString = () => `register(node ${this.i}, classes ${this.classes}, ${this.jurisdiction}, ${this.days}d)`;
}

/** The regulator manages client k (by index among those registered so far, modulo their number). */
abstract class ClientCmd implements Cmd {
  constructor(readonly k: number) {}
  protected client(m: Model): ClientModel {
    return m.clients[this.k % m.clients.length];
  }
  check = (m: Model) =>
    m.clients.length > 0 && !this.client(m).revoked && regulatorCanAct(m) && clearOfBoundaries(m) && this.applies(m);
  protected applies: (m: Model) => boolean = () => true;
  abstract run(m: Model, r: Real): Promise<void>;
}

class Freeze extends ClientCmd {
  protected applies = (m: Model) => !this.client(m).frozen;
  async run(m: Model, r: Real) {
    await r.registry.connect(r.regulator).freeze(this.client(m).id, reason);
    Object.assign(this.client(m), { frozen: true, frozenByDepth: 0, cleared: undefined });
    await settle(m, r);
  }
  toString = () => `freeze(client ${this.k})`;
}

class Unfreeze extends ClientCmd {
  protected applies = (m: Model) => this.client(m).frozen;
  async run(m: Model, r: Real) {
    await r.registry.connect(r.regulator).unfreeze(this.client(m).id);
    // The regulator lifts at depth 0: the freeze's rank goes back to 0 (as after any unfreeze) and the mark is 0.
    Object.assign(this.client(m), { frozen: false, frozenByDepth: 0, cleared: 0 });
    await settle(m, r);
  }
  toString = () => `unfreeze(client ${this.k})`;
}

class RevokeClient extends ClientCmd {
  async run(m: Model, r: Real) {
    await r.registry.connect(r.regulator).revoke(this.client(m).id, reason);
    this.client(m).revoked = true;
    await settle(m, r);
  }
  toString = () => `revokeClient(client ${this.k})`;
}

class RenewClient extends ClientCmd {
  constructor(
    k: number,
    readonly days: number,
  ) {
    super(k);
  }
  protected applies = (m: Model) => m.nodes[this.client(m).attester].expiry > m.now + MARGIN;
  async run(m: Model, r: Real) {
    // Never beyond the attesting node's own lease (the registry refuses that).
    const expiry = Math.min(m.now + this.days * DAY, m.nodes[this.client(m).attester].expiry);
    await r.registry.connect(r.regulator).renew(this.client(m).id, expiry);
    this.client(m).expiry = expiry;
    await settle(m, r);
  }
  toString = () => `renewClient(client ${this.k}, ${this.days}d)`;
}

class UpdateClient extends ClientCmd {
  constructor(
    k: number,
    readonly classes: number,
    readonly jurisdiction: number,
  ) {
    super(k);
  }
  async run(m: Model, r: Real) {
    const c = this.client(m);
    await r.registry.connect(r.regulator).update(c.id, this.classes, this.jurisdiction, ethers.id(`u${this.k}`));
    c.classes = this.classes;
    c.jurisdiction = this.jurisdiction;
    await settle(m, r);
  }
  toString = () => `update(client ${this.k}, classes ${this.classes}, ${this.jurisdiction})`;
}

class Migrate extends ClientCmd {
  constructor(
    k: number,
    readonly target: number,
  ) {
    super(k);
  }
  protected applies = (m: Model) =>
    this.target !== 0 && this.target !== this.client(m).attester && validAt(m, this.target, m.now + MARGIN);
  async run(m: Model, r: Real) {
    const c = this.client(m);
    const target = m.nodes[this.target];
    // The identity's expiry must fit the new attester's own lease (issue 15.8).
    if (c.expiry > target.expiry) {
      await expect(r.registry.connect(r.regulator).migrate(c.id, target.id))
        .to.be.revertedWithCustomError(r.registry, "ExpiryTooLate")
        .withArgs(c.expiry, target.expiry);
    } else {
      await r.registry.connect(r.regulator).migrate(c.id, target.id);
      c.attester = this.target;
    }
    await settle(m, r);
  }
  toString = () => `migrate(client ${this.k} to node ${this.target})`;
}

/**
 * A manager of client k acts on its freeze: the account of the node `up` levels above the attesting node (modulo
 * the line's length), acting at that node's depth. The model predicts the outcome by the rank rule: freezing is open
 * unless already frozen at this rank or above (a higher rank takes the freeze over); unfreezing needs the freezer's
 * rank or above. Refusals must be the registry's custom error with the ranks.
 */
class FreezeAs extends ClientCmd {
  constructor(
    k: number,
    readonly up: number,
    readonly lift: boolean,
  ) {
    super(k);
  }
  private actor(m: Model): { index: number; depth: number } {
    const line: number[] = [];
    for (let i: number | null = this.client(m).attester; i !== null; i = m.nodes[i].parent) line.push(i);
    const at = this.up % line.length;
    return { index: line[at], depth: line.length - 1 - at };
  }
  // The acting node must be valid (so that it manages) whatever the regulator can do.
  check = (m: Model) =>
    m.clients.length > 0 &&
    !this.client(m).revoked &&
    clearOfBoundaries(m) &&
    validAt(m, this.actor(m).index, m.now + MARGIN) &&
    (!this.lift || this.client(m).frozen);
  async run(m: Model, r: Real) {
    const c = this.client(m);
    const { index, depth } = this.actor(m);
    const registry = r.registry.connect(m.nodes[index].account);
    if (this.lift) {
      if (depth <= c.frozenByDepth) {
        await registry.unfreeze(c.id);
        Object.assign(c, { frozen: false, frozenByDepth: 0, cleared: depth });
      } else {
        await expect(registry.unfreeze(c.id))
          .to.be.revertedWithCustomError(r.registry, "FrozenByHigherAuthority")
          .withArgs(c.id, c.frozenByDepth, depth);
      }
    } else if (c.frozen && depth >= c.frozenByDepth) {
      await expect(registry.freeze(c.id, reason))
        .to.be.revertedWithCustomError(r.registry, "AlreadyFrozen")
        .withArgs(c.id, c.frozenByDepth);
    } else if (c.cleared !== undefined && depth > c.cleared) {
      await expect(registry.freeze(c.id, reason))
        .to.be.revertedWithCustomError(r.registry, "ClearedByHigherAuthority")
        .withArgs(c.id, c.cleared, depth);
    } else {
      await registry.freeze(c.id, reason);
      Object.assign(c, { frozen: true, frozenByDepth: depth, cleared: undefined });
    }
    const view = await r.registry.identity(c.id);
    expect(view.frozenByDepth).to.equal(BigInt(c.frozenByDepth));
    expect(view.freezeCleared ? Number(view.clearedByDepth) : undefined).to.equal(c.cleared);
    await settle(m, r);
  }
  toString = () => `${this.lift ? "unfreeze" : "freeze"}As(client ${this.k}, ${this.up} up)`;
}

/** Any node; the root (whose loss stops nearly everything) less often than the others. */
const nodeIndex = fc.oneof(
  { arbitrary: fc.constant(0), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 5 }), weight: 8 },
);
const nonRoot = fc.integer({ min: 1, max: 5 });
const kycNode = fc.integer({ min: 1, max: 5 }); // the root could attest too, but the registry's users are below it
const clientIndex = fc.nat({ max: 9 });
const classes = fc.integer({ min: 1, max: 15 });
const jurisdiction = fc.constantFrom(...JURISDICTIONS);

const commands = [
  nodeIndex.map((i) => new SuspendNode(i)),
  nodeIndex.map((i) => new ResumeNode(i)),
  nodeIndex.map((i) => new RevokeNode(i)),
  fc.tuple(nonRoot, fc.integer({ min: 1, max: 400 })).map(([i, d]) => new RenewLease(i, d)),
  fc
    .oneof(
      fc.integer({ min: 1, max: 3600 }),
      fc.integer({ min: 1, max: 120 }).map((d) => d * DAY),
    )
    .map((s) => new Advance(s)),
  fc.tuple(kycNode, classes, jurisdiction, fc.integer({ min: 1, max: 365 })).map((a) => new Register(...a)),
  fc.tuple(kycNode, classes, jurisdiction, fc.integer({ min: 1, max: 365 })).map((a) => new Register(...a)),
  clientIndex.map((k) => new Freeze(k)),
  clientIndex.map((k) => new Unfreeze(k)),
  fc.tuple(clientIndex, fc.nat({ max: 3 }), fc.boolean()).map(([k, up, lift]) => new FreezeAs(k, up, lift)),
  fc.tuple(clientIndex, fc.nat({ max: 3 }), fc.boolean()).map(([k, up, lift]) => new FreezeAs(k, up, lift)),
  clientIndex.map((k) => new RevokeClient(k)),
  fc.tuple(clientIndex, fc.integer({ min: 1, max: 365 })).map(([k, d]) => new RenewClient(k, d)),
  fc.tuple(clientIndex, classes, jurisdiction).map(([k, c, j]) => new UpdateClient(k, c, j)),
  fc.tuple(clientIndex, nodeIndex).map(([k, t]) => new Migrate(k, t)),
];

for (const unit of TIME_UNITS) {
  const fixture = unit === 1 ? worldInSeconds : worldInMilliseconds;
  describe(`IdentityRegistry: eligibility matches a model under random changes (time unit ${unit})`, function () {
    it("agrees with the model after every step of random command sequences", async function () {
      await fc.assert(
        fc.asyncProperty(
          fc.commands(commands, { maxCommands: 40, size: "max", replayPath: process.env.PROPERTY_REPLAY_PATH }),
          async (cmds) => {
            const w = await loadFixture(fixture);
            const model = await initialModel(w);
            await fc.asyncModelRun(() => ({ model, real: w }), cmds);
            // And whatever happened, the registry can be rebuilt from its events.
            await expectRegistryMatchesLogs(w.registry);
          },
        ),
        {
          numRuns: Number(process.env.PROPERTY_RUNS ?? 40),
          // Replay a reported failure: PROPERTY_SEED, and to go straight to the counterexample PROPERTY_PATH with
          // PROPERTY_REPLAY_PATH (the commands' replayPath, printed after the counterexample).
          ...(process.env.PROPERTY_SEED === undefined
            ? {}
            : { seed: Number(process.env.PROPERTY_SEED), path: process.env.PROPERTY_PATH }),
        },
      );
    });
  });
}
