import { expect } from "chai";
import { ethers } from "hardhat";
import { refusal, run, withDeployedSuite } from "../cli/inProcess";

/** The sanctions tasks, run as users run them, on a freshly deployed suite. */
describe("CLI: sanctions tasks (issue 16)", function () {
  withDeployedSuite();

  it("16.8: sanctions:add, sanctions:list and sanctions:remove, with refusals explained", async function () {
    const s = await ethers.getSigners();
    const [regulator, officer, target, outsider] = s.slice(1, 5);
    const A = (x: { address: string }) => x.address;
    const root: bigint = await run("authority:create-root", { account: A(regulator), expires: "3650d", label: "X" });
    await run("authority:grant", {
      parent: root.toString(),
      account: A(officer),
      scopes: "SANCTIONS",
      expires: "365d",
      from: A(regulator),
    });
    await run("sanctions:add", { root: root.toString(), wallet: A(target), reason: "OFAC SDN", from: A(officer) });
    const rows = await run("sanctions:list", { json: true });
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ root, wallet: A(target), identityId: 0n, listed: true, rank: 1n });
    expect(rows[0].reason).to.equal(ethers.encodeBytes32String("OFAC SDN"));

    const denied = await refusal("sanctions:add", {
      root: root.toString(),
      wallet: A(outsider),
      reason: "x",
      from: A(outsider),
    });
    expect(denied).to.contain("NotSanctionsAuthority");
    expect(denied).to.contain("SANCTIONS scope");
    expect(await refusal("sanctions:add", { root: root.toString(), wallet: A(target), identity: "1" })).to.contain(
      "Give either --wallet",
    );

    await run("sanctions:remove", { root: root.toString(), wallet: A(target), from: A(regulator) });
    expect(await run("sanctions:list", { json: true })).to.deep.equal([]);
    const lifted = await run("sanctions:list", { json: true, all: true });
    expect(lifted[0]).to.include({ listed: false, cleared: true, clearedRank: 0n });
    const again = await refusal("sanctions:add", {
      root: root.toString(),
      wallet: A(target),
      reason: "x",
      from: A(officer),
    });
    expect(again).to.contain("SanctionClearedByHigherAuthority");
  });
});
