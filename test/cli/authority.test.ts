import { expect } from "chai";
import hre, { deployments, ethers } from "hardhat";
import type { AuthorityTree } from "../../typechain-types";
import { ErrorCatalogue, parseWhen } from "../../lib/cli";
import type { NodeView } from "../../lib/tree";
import { DAY, useClock } from "../helpers/fixtures";

/** The authority tasks, run as a user runs them, against the suite deployed by the real deploy scripts. */
describe("CLI: authority tasks", function () {
  let tree: AuthorityTree;
  let quiet: typeof console.log;

  before(async function () {
    await useClock(1);
    await deployments.fixture(["authority"]);
    const d = await deployments.get("AuthorityTree");
    tree = (await ethers.getContractAt("AuthorityTree", d.address)) as unknown as AuthorityTree;
    quiet = console.log;
    console.log = () => {};
  });

  after(function () {
    console.log = quiet;
  });

  it("builds, inspects and cuts off a tree", async function () {
    const [, regulator, bank, branch] = await ethers.getSigners();
    const root = await hre.run("authority:create-root", {
      account: regulator.address.toLowerCase(),
      expires: "3650d",
      label: "Regulator X",
      from: "0",
    });
    expect(root).to.equal(1n);
    const bankNode = await hre.run("authority:grant", {
      parent: "1",
      account: bank.address,
      scopes: "kyc, delegate",
      expires: "365d",
      from: regulator.address,
    });
    const branchNode = await hre.run("authority:grant", {
      parent: bankNode.toString(),
      account: branch.address,
      scopes: "KYC",
      expires: "30d",
      from: "2",
    });
    expect(await tree.hasScope(branch.address, 1n, 2)).to.equal(true);

    const nodes: NodeView[] = await hre.run("authority:tree", { root: "1", json: true });
    expect(nodes.map((n) => [n.id, n.depth, n.valid])).to.deep.equal([
      [1n, 0, true],
      [bankNode, 1, true],
      [branchNode, 2, true],
    ]);
    expect(nodes[1].scopes).to.deep.equal(["DELEGATE", "KYC"]);

    await hre.run("authority:suspend", { node: bankNode.toString(), reason: "inspection", from: "1" });
    expect(await tree.isValid(branchNode)).to.equal(false);
    await hre.run("authority:resume", { node: bankNode.toString(), from: "1" });
    expect(await tree.isValid(branchNode)).to.equal(true);
    const now = Number(await tree.currentTime());
    await hre.run("authority:renew", { node: branchNode.toString(), expires: "10d", from: "2" });
    expect((await tree.node(branchNode)).expiry).to.be.within(BigInt(now + 10 * DAY), BigInt(now + 10 * DAY + 5));
    // 15.6: the holder of a node may give it up (here the branch, held by account 3).
    await hre.run("authority:renounce", { node: branchNode.toString(), from: "3" });
    expect((await tree.node(branchNode)).status).to.equal(3n);
    await hre.run("authority:revoke", { node: bankNode.toString(), reason: "licence withdrawn", from: "1" });
    const view = await hre.run("authority:node", { node: bankNode.toString(), json: true });
    expect(view.status).to.equal("revoked");
    expect(view.valid).to.equal(false);
    expect(view.ancestry).to.deep.equal([bankNode, 1n]);
  });

  it("explains a refusal with the contract's error, arguments and its own sentence", async function () {
    const [, regulator, , , stranger] = await ethers.getSigners();
    const error = await hre
      .run("authority:grant", {
        parent: "1",
        account: stranger.address,
        scopes: "KYC",
        expires: "365d",
        from: "4",
      })
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).to.equal(
      [
        "grant refused by node #1 (Regulator X): NotNodeAccount",
        `  ${stranger.address} is not the account of node #1 (Regulator X).`,
        "  What to do: Send from the account of node #1 (Regulator X) (--from), or name your own node.",
      ].join("\n"),
    );
    void regulator;
  });

  it("refuses bad input before sending anything", async function () {
    const bad = (args: object) =>
      hre.run("authority:grant", { parent: "1", scopes: "KYC", expires: "30d", from: "1", ...args }).then(
        () => "",
        (e: Error) => e.message,
      );
    expect(await bad({ account: "0xnothing" })).to.contain("is not an address");
    expect(await bad({ account: ethers.Wallet.createRandom().address, scopes: "KYC,SUPERPOWER" })).to.contain(
      'Unknown scope "SUPERPOWER"',
    );
    expect(await bad({ account: ethers.Wallet.createRandom().address, expires: "next tuesday" })).to.contain(
      "Cannot read the time",
    );
    expect(await bad({ account: ethers.Wallet.createRandom().address, from: "99" })).to.contain("account(s)");
  });

  it("reads times as ISO dates, durations or seconds", function () {
    const now = 1_800_000_000;
    expect(parseWhen("30d", now)).to.equal(now + 30 * DAY);
    expect(parseWhen("12h", now)).to.equal(now + 12 * 3600);
    expect(parseWhen("2027-06-30", now)).to.equal(Date.UTC(2027, 5, 30) / 1000);
    expect(parseWhen("2027-06-30T12:00:00Z", now)).to.equal(Date.UTC(2027, 5, 30, 12) / 1000);
    expect(parseWhen("1900000000", now)).to.equal(1_900_000_000);
  });

  it("knows every custom error of the suite", function () {
    const catalogue = ErrorCatalogue.load(hre);
    const data = tree.interface.encodeErrorResult("SuspendedByHigherAuthority", [5, 0, 1]);
    const explained = catalogue.explain({ data });
    expect(explained?.name).to.equal("SuspendedByHigherAuthority");
    expect(explained?.words).to.equal("Node 5 was suspended at depth 0; a caller at depth 1 ranks below that.");
  });
});
