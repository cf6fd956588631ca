import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { DAY, Scope, deployAuthority, nodeIdFrom } from "../helpers/fixtures";

const why = ethers.encodeBytes32String("coverage");

/** Three roots, and under the first a line four deep: root -> a (depth 1) -> b (2) -> c (3). */
async function threeRootsAndALine() {
  const f = await deployAuthority(1);
  const { tree, clock, governor, regulator, bank, subAgent, provider, auditor, investor } = f;
  const until = await clock.in(365 * DAY);
  const root = (account: string, label: string) =>
    nodeIdFrom(tree, tree.connect(governor).createRoot(account, until, label));
  const roots = [
    await root(regulator.address, "R1"),
    await root(auditor.address, "R2"),
    await root(investor.address, "R3"),
  ];
  const line = [roots[0]];
  const holders = [regulator, bank, subAgent, provider];
  for (let depth = 1; depth < holders.length; depth++) {
    const scopes = depth < holders.length - 1 ? Scope.DELEGATE | Scope.KYC : Scope.KYC;
    line.push(
      await nodeIdFrom(
        tree,
        tree.connect(holders[depth - 1]).grant(line[depth - 1], holders[depth].address, scopes, until),
      ),
    );
  }
  return { ...f, roots, line, holders };
}

describe("AuthorityTree: restriction stamps and blocking ranks", function () {
  it("a restriction stamp counts each distinct root's epoch once, for one, two or three roots", async function () {
    const { tree, roots, line, regulator } = await loadFixture(threeRootsAndALine);
    const [r1, r2, r3] = roots;
    // Move the epochs apart: R1 twice (two suspensions), R2 and R3 not.
    await (await tree.connect(regulator).suspend(line[3], why)).wait();
    await (await tree.connect(regulator).suspend(line[2], why)).wait();
    const [e1, e2, e3] = [
      await tree.restrictionEpoch(r1),
      await tree.restrictionEpoch(r2),
      await tree.restrictionEpoch(r3),
    ];
    expect([e1, e2, e3]).to.deep.equal([3n, 1n, 1n]);
    expect(await tree.restrictionStamp(r1, r1, r1)).to.equal(e1);
    expect(await tree.restrictionStamp(r1, r2, r1)).to.equal(e1 + e2);
    expect(await tree.restrictionStamp(r1, r2, r2)).to.equal(e1 + e2);
    expect(await tree.restrictionStamp(r1, r1, r3)).to.equal(e1 + e3);
    expect(await tree.restrictionStamp(r1, r2, r3)).to.equal(e1 + e2 + e3);
    expect(await tree.restrictionStamp(r3, r2, r1)).to.equal(e1 + e2 + e3);
  });

  it("blockingRank names the highest authority on the path even when a lower one's restriction sits further up", async function () {
    const { tree, line, regulator, bank } = await loadFixture(threeRootsAndALine);
    const [, a, b, c] = line;
    // The regulator (rank 0) suspends c; then the bank (rank 1, holder of a) suspends b, above c.
    await (await tree.connect(regulator).suspend(c, why)).wait();
    await (await tree.connect(bank).suspend(b, why)).wait();
    expect(await tree.blockingRank(c)).to.deep.equal([false, 0n]);
    expect(await tree.blockingRank(b)).to.deep.equal([false, 1n]);
    expect(await tree.blockingRank(a)).to.deep.equal([true, 0n]);
    // The bank lifts its own suspension: the regulator's still blocks c, at rank 0.
    await (await tree.connect(bank).resume(b)).wait();
    expect(await tree.blockingRank(c)).to.deep.equal([false, 0n]);
    expect(await tree.blockingRank(b)).to.deep.equal([true, 0n]);
  });
});
