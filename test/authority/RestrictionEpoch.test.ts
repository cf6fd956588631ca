import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { DAY, ReporterRole, Scope, YEAR, deployAssetsSeconds, deployAuthority, nodeIdFrom } from "../helpers/fixtures";

const REASON = ethers.encodeBytes32String("misconduct");

async function tree() {
  const f = await deployAuthority(1);
  const { clock, governor, regulator, bank } = f;
  const root = await nodeIdFrom(
    f.tree,
    f.tree.connect(governor).createRoot(regulator.address, await clock.in(YEAR), "R"),
  );
  const bankNode = await nodeIdFrom(
    f.tree,
    f.tree.connect(regulator).grant(root, bank.address, Scope.KYC, await clock.in(DAY * 100)),
  );
  return { ...f, root, bankNode };
}

describe("AuthorityTree: restriction epoch (IRestrictionEpoch)", () => {
  it("starts at 1; only the governor names reporters and enrollers", async () => {
    const { tree: t, governor, regulator, bank, root } = await loadFixture(tree);
    expect(await t.restrictionEpoch(root)).to.equal(1n);
    await expect(t.connect(regulator).setReporter(bank, ReporterRole.Reporter))
      .to.be.revertedWithCustomError(t, "OwnableUnauthorizedAccount")
      .withArgs(regulator.address);
    await expect(t.connect(governor).setReporter(bank, ReporterRole.Enroller))
      .to.emit(t, "ReporterSet")
      .withArgs(bank.address, ReporterRole.Enroller, governor.address);
    expect(await t.reporterRole(bank)).to.equal(ReporterRole.Enroller);
    // Roles only go up: a restriction can never go unreported, nor a service be stopped from restricting.
    for (const lower of [ReporterRole.None, ReporterRole.Reporter, ReporterRole.Enroller]) {
      await expect(t.connect(governor).setReporter(bank, lower))
        .to.be.revertedWithCustomError(t, "ReporterRoleNotRaised")
        .withArgs(bank.address, ReporterRole.Enroller, lower);
    }
  });

  it("only reporters advance it; only enrollers enrol, and never demote an enroller", async () => {
    const { tree: t, governor, regulator, bank, outsider, root } = await loadFixture(tree);
    await expect(t.connect(outsider).reportRestriction(root))
      .to.be.revertedWithCustomError(t, "NotReporter")
      .withArgs(outsider.address);
    await expect(t.connect(outsider).enrolReporter(outsider))
      .to.be.revertedWithCustomError(t, "NotEnroller")
      .withArgs(outsider.address);
    await (await t.connect(governor).setReporter(regulator, ReporterRole.Reporter)).wait();
    await expect(t.connect(regulator).enrolReporter(outsider)).to.be.revertedWithCustomError(t, "NotEnroller");
    await expect(t.connect(regulator).reportRestriction(root))
      .to.emit(t, "RestrictionReported")
      .withArgs(root, 2n, regulator.address);
    await (await t.connect(governor).setReporter(bank, ReporterRole.Enroller)).wait();
    await expect(t.connect(bank).enrolReporter(outsider))
      .to.emit(t, "ReporterSet")
      .withArgs(outsider.address, ReporterRole.Reporter, bank.address);
    await expect(t.connect(outsider).reportRestriction(root))
      .to.emit(t, "RestrictionReported")
      .withArgs(root, 3n, outsider.address);
    await (await t.connect(bank).enrolReporter(bank)).wait();
    expect(await t.reporterRole(bank)).to.equal(ReporterRole.Enroller);
  });

  it("15.7: a report under an id that is not a root is refused: no restriction is lost, no epoch reset at its creation", async () => {
    const { tree: t, governor, regulator, bankNode, clock, root } = await loadFixture(tree);
    await (await t.connect(governor).setReporter(regulator, ReporterRole.Reporter)).wait();
    // A node that is not a root (its restrictions count under its root), id 0, and an id no node has yet.
    const next = bankNode + 1n;
    for (const id of [bankNode, 0n, next]) {
      await expect(t.connect(regulator).reportRestriction(id))
        .to.be.revertedWithCustomError(t, "UnknownRoot")
        .withArgs(id);
    }
    // So a root created under that id later starts at 1, and never falls back below anything it showed.
    const created = await nodeIdFrom(t, t.connect(governor).createRoot(regulator.address, await clock.in(YEAR), "S"));
    expect(created).to.equal(next);
    expect(await t.restrictionEpoch(created)).to.equal(1n);
    expect(await t.restrictionEpoch(root)).to.equal(1n);
  });

  it("advances on the tree's own restrictions: suspend, revoke, a shortened lease; not on resume or an extension", async () => {
    const { tree: t, regulator, bankNode, clock, root } = await loadFixture(tree);
    const at = async () => t.restrictionEpoch(root);
    await expect(t.connect(regulator).suspend(bankNode, REASON))
      .to.emit(t, "RestrictionReported")
      .withArgs(root, 2n, await t.getAddress());
    await (await t.connect(regulator).resume(bankNode)).wait();
    expect(await at()).to.equal(2n);
    await (await t.connect(regulator).renew(bankNode, await clock.in(DAY * 200))).wait();
    expect(await at()).to.equal(2n);
    await (await t.connect(regulator).renew(bankNode, await clock.in(DAY * 10))).wait();
    expect(await at()).to.equal(3n);
    await (await t.connect(regulator).revoke(bankNode, REASON)).wait();
    expect(await at()).to.equal(4n);
  });

  it("validUntil and scopeUntil give the earliest lease end on the path, or 0", async () => {
    const { tree: t, regulator, root, bankNode } = await loadFixture(tree);
    const bankExpiry = (await t.node(bankNode)).expiry;
    expect(await t.validUntil(bankNode)).to.equal(bankExpiry);
    expect(await t.scopeUntil(bankNode, Scope.KYC)).to.equal(bankExpiry);
    expect(await t.scopeUntil(bankNode, Scope.LIST)).to.equal(0n);
    expect(await t.scopeUntil(bankNode, 0)).to.equal(0n);
    expect(await t.validUntil(root)).to.equal((await t.node(root)).expiry);
    await (await t.connect(regulator).suspend(bankNode, REASON)).wait();
    expect(await t.validUntil(bankNode)).to.equal(0n);
    expect(await t.validUntil(0)).to.equal(0n);
  });

  it("the asset registry enrols the native tokens it issues; a token deployed otherwise reports nothing", async () => {
    const f = await loadFixture(deployAssetsSeconds);
    const { tree: t, token, actors, assets } = f;
    expect(await t.reporterRole(assets)).to.equal(ReporterRole.Enroller);
    expect(await t.reporterRole(token)).to.equal(ReporterRole.Reporter);
    const r1 = f.nodes.r1;
    const epoch = await t.restrictionEpoch(r1);
    await expect(token.connect(actors.issuer).freezeWallet(actors.alice, REASON))
      .to.emit(t, "RestrictionReported")
      .withArgs(r1, epoch + 1n, await token.getAddress());
    // A takeover by a higher rank restricts nothing new: no report.
    await (await token.connect(f.regulator).freezeWallet(actors.alice, REASON)).wait();
    expect(await t.restrictionEpoch(r1)).to.equal(epoch + 1n);
  });

  it("15.7: one epoch per root: a restriction under one root leaves every other root's epoch and stamp alone", async () => {
    const { tree: t, governor, regulator, bank, bankNode, clock, root } = await loadFixture(tree);
    const other = await nodeIdFrom(t, t.connect(governor).createRoot(bank.address, await clock.in(YEAR), "R2"));
    expect(await t.restrictionEpoch(other)).to.equal(1n);
    const stampBefore = await t.restrictionStamp(other, other, other);
    expect(stampBefore).to.equal(1n);
    await expect(t.connect(regulator).suspend(bankNode, REASON))
      .to.emit(t, "RestrictionReported")
      .withArgs(root, 2n, await t.getAddress());
    expect(await t.restrictionEpoch(other)).to.equal(1n);
    expect(await t.restrictionStamp(other, other, other)).to.equal(stampBefore);
    // A root named twice counts once; the stamp of two roots moves with either.
    expect(await t.restrictionStamp(root, other, root)).to.equal(3n);
    await (await t.connect(governor).setReporter(regulator, ReporterRole.Reporter)).wait();
    await (await t.connect(regulator).reportRestriction(other)).wait();
    expect(await t.restrictionStamp(root, other, root)).to.equal(4n);
    expect(await t.restrictionEpoch(root)).to.equal(2n);
  });
});
