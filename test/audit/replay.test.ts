import { expect } from "chai";
import hre, { deployments, ethers } from "hardhat";
import type { AuthorityTree } from "../../typechain-types";
import { deployed } from "../../lib/cli";
import { reconcileTree } from "../../lib/replay/reconcile";
import { auditReplay, type ReplayReport } from "../../tasks/audit";
import { useClock } from "../helpers/fixtures";

/** The audit replayer, run as an auditor runs it, against the suite deployed by the real deploy scripts. */
describe("CLI: audit:replay", function () {
  let quiet: typeof console.log;
  let beforeLastRevoke: number;
  const run = (name: string, args: object = {}) => hre.run(name, args);
  const A = (x: { address: string }) => x.address;

  before(async function () {
    await useClock(1);
    await deployments.fixture();
    quiet = console.log;
    console.log = () => {};

    // A realistic history through the operations tasks: licences granted, suspended, resumed, revoked; clients
    // registered, frozen and unfrozen; a policy.
    const [, regulator, bank, branch, other, alice, bob, carol] = await ethers.getSigners();
    const root: bigint = await run("authority:create-root", { account: A(regulator), expires: "3650d", label: "X" });
    const grant = (parent: bigint, account: { address: string }, scopes: string, from: string, expires = "365d") =>
      run("authority:grant", { parent: parent.toString(), account: A(account), scopes, expires, from });
    const bankNode: bigint = await grant(root, bank, "KYC,DELEGATE", "1");
    const branchNode: bigint = await grant(bankNode, branch, "KYC", "2", "180d");
    const otherNode: bigint = await grant(root, other, "KYC", "1");
    await run("authority:suspend", { node: branchNode.toString(), reason: "inspection", from: "2" });
    await run("authority:resume", { node: branchNode.toString(), from: "2" });
    await run("authority:renew", { node: branchNode.toString(), expires: "90d", from: "1" });
    for (const [wallet, classes, jurisdiction] of [
      [alice, "ACCREDITED", "756"],
      [bob, "INSTITUTIONAL", "276"],
    ] as const) {
      await run("kyc:register", {
        attester: bankNode.toString(),
        wallet: A(wallet),
        classes,
        jurisdiction,
        expires: "180d",
        evidenceHash: ethers.id(`kyc ${A(wallet)}`),
        from: A(bank),
      });
    }
    await run("kyc:register", {
      attester: otherNode.toString(),
      wallet: A(carol),
      classes: "RETAIL",
      jurisdiction: "840",
      expires: "180d",
      evidenceHash: ethers.id("carol"),
      from: A(other),
    });
    await run("kyc:freeze", { wallet: A(alice), reason: "review", from: A(bank) });
    await run("kyc:freeze", { wallet: A(bob), reason: "review", from: A(bank) });
    await run("kyc:unfreeze", { wallet: A(bob), from: A(bank) });
    await run("policy:create", { roots: root.toString(), classes: "ACCREDITED,INSTITUTIONAL", barred: "840" });
    await run("authority:suspend", { node: otherNode.toString(), reason: "audit", from: "1" });
    beforeLastRevoke = await ethers.provider.getBlockNumber();
    await run("authority:revoke", { node: bankNode.toString(), reason: "licence withdrawn", from: "1" });
  });

  after(function () {
    console.log = quiet;
  });

  it("rebuilds the tree, the registry and the asset service with no difference from the views", async function () {
    const report: ReplayReport = await run("audit:replay", { json: true, page: "3" });
    expect(report.differences).to.deep.equal([]);
    expect(report.counts).to.include({ nodes: 4, roots: 1, identities: 3, wallets: 3, policies: 1 });
    expect(report.counts.nonces).to.be.greaterThan(0); // the wallets' consents
    // The same with one page for the whole range, and in the human rendering.
    const whole = await auditReplay(hre, { page: 1_000_000 });
    expect(whole.counts).to.deep.equal(report.counts);
    expect(await run("audit:replay", {})).to.have.property("differences").that.is.empty;
  });

  it("reports differences and fails on a range cut before the last events", async function () {
    const cut = await auditReplay(hre, { toBlock: beforeLastRevoke });
    expect(cut.differences.map((d) => [d.entity, d.field, d.rebuilt, d.onChain])).to.deep.include([
      "node #2",
      "status",
      "1",
      "3",
    ]);
    let message = "";
    await run("audit:replay", { toBlock: String(beforeLastRevoke), json: true }).catch((e: Error) => {
      message = e.message;
    });
    expect(message).to.match(/found \d+ difference\(s\)/);
  });

  it("reports a tampered rebuilt state field by field", async function () {
    const tree = await deployed<AuthorityTree>(hre, "AuthorityTree");
    const { rebuildTree } = await import("../../lib/replay/authority");
    const logs = await ethers.provider.getLogs({ address: await tree.getAddress(), fromBlock: 0, toBlock: "latest" });
    const times = new Map<number, bigint>();
    for (const l of logs) times.set(l.blockNumber, BigInt((await ethers.provider.getBlock(l.blockNumber))!.timestamp));
    const rebuilt = rebuildTree(tree.interface, logs, (l) => times.get(l.blockNumber)!);
    expect((await reconcileTree(tree, rebuilt)).list).to.deep.equal([]);
    rebuilt.nodes.get(3n)!.scopes = 0n;
    rebuilt.nodes.delete(4n);
    const found = (await reconcileTree(tree, rebuilt)).list.map((d) => `${d.entity}.${d.field}`);
    expect(found).to.include.members(["node #3.scopes", "tree.nodeCount", "node #4.exists"]);
  });
});
