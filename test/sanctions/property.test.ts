import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import type { Signer } from "ethers";
import { Eligibility } from "../helpers/fixtures";
import { sanctionsWorld } from "./fixture";

/**
 * Issue 16: the sanctions lists' lifecycle against a reference model. Three listers of root R1 (the root at rank 0,
 * an officer at rank 1, a deputy at rank 2) and R2's root list and lift two wallets and one identity in any order;
 * after every step each entry, each party's list of roots, the epochs and the eligibility under a policy trusting R1
 * match the model (rank, takeover, cleared-by rank, swap-and-pop order of the roots).
 */
type Entry = { listed: boolean; rank: number; cleared: boolean; clearedRank: number; reason: string };
type Model = { entries: Map<string, Entry>; roots: Map<string, number[]>; epochs: Map<number, bigint> };

async function world() {
  const f = await sanctionsWorld();
  const { officer, deputy } = f;
  const policy = await f.clients.createPolicy([f.nodes.r1]);
  const listers: { signer: Signer; root: number; rank: number }[] = [
    { signer: f.regulator, root: Number(f.nodes.r1), rank: 0 },
    { signer: officer, root: Number(f.nodes.r1), rank: 1 },
    { signer: deputy, root: Number(f.nodes.r1), rank: 2 },
    { signer: f.actors.regulator2, root: Number(f.nodes.r2), rank: 0 },
  ];
  // Parties: alice's and bob's wallets (identities 0 and 1), and carol's identity.
  const parties = [
    { wallet: f.traders[0].address, identityId: 0n, owner: f.traders[0].address, root: Number(f.nodes.r1) },
    { wallet: f.traders[1].address, identityId: 0n, owner: f.traders[1].address, root: Number(f.nodes.r1) },
    { wallet: ethers.ZeroAddress, identityId: f.identities[2], owner: f.traders[2].address, root: Number(f.nodes.r1) },
  ];
  return { ...f, listers, parties, policy };
}
type World = Awaited<ReturnType<typeof world>>;

const key = (root: number, party: number) => `${root}:${party}`;

class Act implements fc.AsyncCommand<Model, World> {
  constructor(
    readonly add: boolean,
    readonly lister: number,
    readonly party: number,
    readonly reason: number,
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    const l = w.listers[this.lister];
    const p = w.parties[this.party];
    const k = key(l.root, this.party);
    const e = m.entries.get(k) ?? { listed: false, rank: 0, cleared: false, clearedRank: 0, reason: ethers.ZeroHash };
    const reason = ethers.encodeBytes32String(`reason ${this.reason}`);
    const tree = w.tree.connect(l.signer);
    let expected: string | undefined;
    if (this.add) {
      if (e.listed && l.rank >= e.rank) expected = "AlreadySanctioned";
      else if (e.cleared && l.rank > e.clearedRank) expected = "SanctionClearedByHigherAuthority";
    } else if (!e.listed) expected = "NotSanctioned";
    else if (l.rank > e.rank) expected = "SanctionedByHigherAuthority";
    const tx = this.add
      ? tree.addSanction(l.root, p.wallet, p.identityId, reason, w.registryAddress)
      : tree.liftSanction(l.root, p.wallet, p.identityId);
    if (expected) {
      await expect(tx).to.be.revertedWithCustomError(w.tree, expected);
      return;
    }
    await (await tx).wait();
    const roots = m.roots.get(String(this.party)) ?? [];
    if (this.add) {
      if (!e.listed) {
        roots.push(l.root);
        const bump = (r: number) => m.epochs.set(r, (m.epochs.get(r) ?? 0n) + 1n);
        bump(l.root);
        if (p.root !== l.root) bump(p.root);
      }
      m.entries.set(k, { listed: true, rank: l.rank, cleared: false, clearedRank: 0, reason });
    } else {
      const i = roots.indexOf(l.root);
      roots[i] = roots[roots.length - 1];
      roots.pop();
      m.entries.set(k, { listed: false, rank: 0, cleared: true, clearedRank: l.rank, reason: ethers.ZeroHash });
    }
    m.roots.set(String(this.party), roots);
    // After every successful step: the whole model against the views.
    for (const [party, partyRoots] of m.roots) {
      const q = w.parties[Number(party)];
      expect((await w.tree.sanctionRoots(q.wallet, q.identityId)).map(Number)).to.deep.equal(partyRoots);
      const listedByR1 = partyRoots.includes(Number(w.nodes.r1));
      expect(await w.registry.eligibility(q.owner, w.policy)).to.equal(
        listedByR1 ? Eligibility.Sanctioned : Eligibility.Eligible,
      );
    }
    for (const [entryKey, entry] of m.entries) {
      const [root, party] = entryKey.split(":").map(Number);
      const q = w.parties[party];
      const onChain = await w.tree.sanctionEntry(root, q.wallet, q.identityId);
      expect([
        onChain.listed,
        Number(onChain.rank),
        onChain.cleared,
        Number(onChain.clearedRank),
        onChain.reason,
      ]).to.deep.equal([entry.listed, entry.rank, entry.cleared, entry.clearedRank, entry.reason]);
    }
    for (const [root, epoch] of m.epochs) expect(await w.tree.restrictionEpoch(root)).to.equal(epoch);
  }
  toString = () => `${this.add ? "add" : "lift"}(lister ${this.lister}, party ${this.party})`;
}

describe("Sanctions lists (stateful property, issue 16)", () => {
  it("16.9: listing, taking over, lifting and re-listing follow rank and cleared-by rank, as the model says", async () => {
    const command = fc
      .tuple(
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 3 }),
      )
      .map(([add, lister, party, reason]) => new Act(add, lister, party, reason));
    await fc.assert(
      fc.asyncProperty(fc.commands([command], { maxCommands: 25, size: "max" }), async (cmds) => {
        const w = await loadFixture(world);
        const epochs = new Map<number, bigint>();
        for (const r of [w.nodes.r1, w.nodes.r2]) epochs.set(Number(r), await w.tree.restrictionEpoch(r));
        await fc.asyncModelRun(() => ({ model: { entries: new Map(), roots: new Map(), epochs }, real: w }), cmds);
      }),
      { numRuns: Number(process.env.SANCTIONS_FUZZ_RUNS ?? 25) },
    );
  });
});
