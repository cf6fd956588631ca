import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { rebuildSanctions, reconcileSanctions } from "../../lib/replay/sanctions";
import { Differences } from "../../lib/replay/differences";
import { exchangeSeconds } from "../helpers/exchange";
import { Scope, YEAR, nodeIdFrom } from "../helpers/fixtures";

const why = ethers.encodeBytes32String("OFAC SDN 2026-12");
const court = ethers.encodeBytes32String("court order");

/** Listings, a takeover, lifts (a swap in a party's list of roots) and a re-listing across two roots. */
async function listed() {
  const f = await exchangeSeconds();
  const { tree, nodes, regulator, traders, identities, actors } = f;
  const registry = await f.registry.getAddress();
  const officer = traders[3];
  await nodeIdFrom(
    tree,
    tree.connect(regulator).grant(nodes.r1, officer.address, Scope.SANCTIONS, (await f.clock.now()) + YEAR),
  );
  const [alice, bob] = traders;
  await tree.connect(officer).addSanction(nodes.r1, alice, 0, why, registry);
  await tree.connect(actors.regulator2).addSanction(nodes.r2, alice, 0, why, registry);
  await tree.connect(regulator).addSanction(nodes.r1, alice, 0, court, registry); // takeover
  await tree.connect(regulator).liftSanction(nodes.r1, alice, 0); // swaps r2 into first place
  await tree.connect(officer).addSanction(nodes.r1, ethers.ZeroAddress, identities[1], why, registry);
  await tree.connect(officer).addSanction(nodes.r1, bob, 0, why, registry);
  await tree.connect(officer).liftSanction(nodes.r1, bob, 0);
  await tree.connect(officer).addSanction(nodes.r1, bob, 0, court, registry);
  await tree.connect(regulator).addSanction(nodes.r1, alice, 0, court, registry); // alice: [r2, r1]
  const logs = await ethers.provider.getLogs({ address: await tree.getAddress(), fromBlock: 0 });
  return { ...f, logs };
}

describe("Sanctions replay (issue 16)", () => {
  it("16.7: the lists rebuilt from events equal the tree's views", async () => {
    const { tree, logs } = await loadFixture(listed);
    const rebuilt = rebuildSanctions(tree.interface, logs);
    expect(rebuilt.entries.size).to.equal(4);
    const d = await reconcileSanctions(tree, rebuilt);
    expect(d.list).to.deep.equal([]);
  });

  it("16.7: the comparison fails on tampering (a dropped lift, a changed reason, a reordered list)", async () => {
    const { tree, logs } = await loadFixture(listed);
    const lifted = tree.interface.getEvent("SanctionLifted")!.topicHash;
    const dropped = logs.filter(
      (l) => l.topics[0] !== lifted || logs.indexOf(l) !== logs.findIndex((x) => x.topics[0] === lifted),
    );
    expect((await reconcileSanctions(tree, rebuildSanctions(tree.interface, dropped))).list).to.not.deep.equal([]);

    const rebuilt = rebuildSanctions(tree.interface, logs);
    const entry = [...rebuilt.entries.values()].find((e) => e.listed)!;
    entry.reason = why === entry.reason ? court : why;
    const d = await reconcileSanctions(tree, rebuilt, new Differences());
    expect(d.list.map((x) => x.field)).to.deep.equal(["reason"]);

    const again = rebuildSanctions(tree.interface, logs);
    for (const roots of again.listers.values()) roots.reverse();
    const fields = (await reconcileSanctions(tree, again)).list.map((x) => x.field);
    expect(fields).to.include("sanctionRoots");
  });
});
