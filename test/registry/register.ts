import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import {
  AttesterFault,
  addWalletWithConsent,
  ClientClass,
  consentFor,
  DAY,
  identityIdFrom,
  IdentityStatus,
  newWallet,
  nodeIdFrom,
  registerBatchWithConsent,
  registerWithConsent,
  registrationFor,
  registryInSeconds,
  Scope,
  setNextBlockTime,
  YEAR,
} from "../helpers/fixtures";

const reason = ethers.encodeBytes32String("test");

describe("IdentityRegistry: direct registration", function () {
  it("lets a KYC node's account register a client, recording every field and emitting the events", async function () {
    const { registry, clock, bank, bankNode, rootId, investor } = await loadFixture(registryInSeconds);
    const r = await registrationFor(clock, investor.address, { classes: ClientClass.ACCREDITED | ClientClass.RETAIL });
    const id = await registry
      .connect(bank)
      .register.staticCall(bankNode, r, await consentFor(registry, investor.address, { attester: bankNode }));
    expect(id).to.equal(1n);
    const tx = registerWithConsent(registry, bank, bankNode, r);
    await expect(tx)
      .to.emit(registry, "IdentityRegistered")
      .withArgs(1n, bankNode, rootId, 1, r.classes, r.jurisdiction, r.expiry, r.evidenceHash, bank.address);
    await expect(tx).to.emit(registry, "WalletAdded").withArgs(1n, investor.address, bank.address);

    const identity = await registry.identity(1n);
    expect(identity.attester).to.equal(bankNode);
    expect(identity.root).to.equal(rootId);
    expect(identity.expiry).to.equal(r.expiry);
    expect(identity.jurisdiction).to.equal(r.jurisdiction);
    expect(identity.classes).to.equal(r.classes);
    expect(identity.status).to.equal(IdentityStatus.Active);
    expect(identity.frozen).to.equal(false);
    expect(identity.walletCount).to.equal(1n);
    expect(identity.evidenceHash).to.equal(r.evidenceHash);
    expect(await registry.identityOf(investor.address)).to.equal(1n);
    expect(await registry.wallets(1n, 0, 10)).to.deep.equal([investor.address]);
    expect(await registry.identityCount()).to.equal(1n);
  });

  it("lets a KYC node at depth 2 register; the identity belongs to its root", async function () {
    const { registry, clock, subAgent, subAgentNode, rootId, investor } = await loadFixture(registryInSeconds);
    const id = await identityIdFrom(
      registry,
      registerWithConsent(registry, subAgent, subAgentNode, await registrationFor(clock, investor.address)),
    );
    const identity = await registry.identity(id);
    expect(identity.attester).to.equal(subAgentNode);
    expect(identity.root).to.equal(rootId);
  });

  it("refuses a caller who is not the named node's account", async function () {
    const { registry, clock, bankNode, subAgent, outsider, investor } = await loadFixture(registryInSeconds);
    const r = await registrationFor(clock, investor.address);
    await expect(registerWithConsent(registry, outsider, bankNode, r))
      .to.be.revertedWithCustomError(registry, "NotAttesterAccount")
      .withArgs(bankNode, outsider.address);
    // Not even a descendant of the node may register in its name.
    await expect(registerWithConsent(registry, subAgent, bankNode, r))
      .to.be.revertedWithCustomError(registry, "NotAttesterAccount")
      .withArgs(bankNode, subAgent.address);
  });

  it("refuses nodes without KYC, unknown, suspended, expired or under a revoked parent", async function () {
    const { registry, tree, clock, regulator, bank, bankNode, subAgent, subAgentNode, provider, rootId, investor } =
      await loadFixture(registryInSeconds);
    const r = await registrationFor(clock, investor.address);

    const listNode = await nodeIdFrom(
      tree,
      tree.connect(regulator).grant(rootId, provider.address, Scope.LIST, await clock.in(YEAR)),
    );
    await expect(registerWithConsent(registry, provider, listNode, r))
      .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
      .withArgs(listNode, AttesterFault.NoKyc);
    await expect(registerWithConsent(registry, bank, 999n, r))
      .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
      .withArgs(999n, AttesterFault.Unknown);
    await expect(registerWithConsent(registry, bank, 0n, r))
      .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
      .withArgs(0n, AttesterFault.Unknown);

    await tree.connect(bank).suspend(subAgentNode, reason);
    await expect(registerWithConsent(registry, subAgent, subAgentNode, r))
      .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
      .withArgs(subAgentNode, AttesterFault.Invalid);
    await tree.connect(bank).resume(subAgentNode);
    await registerWithConsent(registry, subAgent, subAgentNode, r); // works again

    await tree.connect(regulator).revoke(bankNode, reason);
    await expect(registerWithConsent(registry, subAgent, subAgentNode, r))
      .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
      .withArgs(subAgentNode, AttesterFault.Invalid);
    await expect(registerWithConsent(registry, bank, bankNode, r))
      .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
      .withArgs(bankNode, AttesterFault.Invalid);
  });

  it("refuses a node whose own lease has ended", async function () {
    const { registry, tree, clock, bank, bankNode, outsider, investor } = await loadFixture(registryInSeconds);
    const end = await clock.in(DAY);
    const node = await nodeIdFrom(tree, tree.connect(bank).grant(bankNode, outsider.address, Scope.KYC, end));
    await setNextBlockTime(clock, end - 1);
    const r = await registrationFor(clock, investor.address, { expiry: end });
    await registerWithConsent(registry, outsider, node, r); // the last second of the lease
    await setNextBlockTime(clock, end);
    const r2 = await registrationFor(clock, outsider.address, { expiry: end });
    await expect(registerWithConsent(registry, outsider, node, r2))
      .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
      .withArgs(node, AttesterFault.Invalid);
  });

  it("validates the profile: classes, jurisdiction, expiry, evidence and wallet", async function () {
    const { registry, clock, bank, bankNode, investor } = await loadFixture(registryInSeconds);
    const reg = (o: object) => registrationFor(clock, investor.address, o);

    await expect(registerWithConsent(registry, bank, bankNode, await reg({ classes: 0 })))
      .to.be.revertedWithCustomError(registry, "InvalidClasses")
      .withArgs(0);
    await expect(registerWithConsent(registry, bank, bankNode, await reg({ classes: 16 })))
      .to.be.revertedWithCustomError(registry, "InvalidClasses")
      .withArgs(16);
    await expect(registerWithConsent(registry, bank, bankNode, await reg({ classes: 0x1f })))
      .to.be.revertedWithCustomError(registry, "InvalidClasses")
      .withArgs(0x1f);
    await expect(registerWithConsent(registry, bank, bankNode, await reg({ jurisdiction: 0 })))
      .to.be.revertedWithCustomError(registry, "InvalidJurisdiction")
      .withArgs(0);
    await expect(registerWithConsent(registry, bank, bankNode, await reg({ jurisdiction: 1000 })))
      .to.be.revertedWithCustomError(registry, "InvalidJurisdiction")
      .withArgs(1000);
    await expect(
      registerWithConsent(registry, bank, bankNode, await reg({ evidenceHash: ethers.ZeroHash })),
    ).to.be.revertedWithCustomError(registry, "MissingEvidence");
    await expect(
      registerWithConsent(registry, bank, bankNode, await registrationFor(clock, ethers.ZeroAddress)),
    ).to.be.revertedWithCustomError(registry, "ZeroWallet");

    const t = (await clock.now()) + 100;
    await setNextBlockTime(clock, t);
    await expect(registerWithConsent(registry, bank, bankNode, await reg({ expiry: t })))
      .to.be.revertedWithCustomError(registry, "ExpiryNotInFuture")
      .withArgs(t, t);

    // The bounds themselves are valid.
    await registerWithConsent(
      registry,
      bank,
      bankNode,
      await reg({ classes: 15, jurisdiction: 999, expiry: (await clock.now()) + 2 }),
    );
    const [, , , , , , , , ...rest] = await ethers.getSigners();
    await registerWithConsent(
      registry,
      bank,
      bankNode,
      await registrationFor(clock, rest[3].address, { classes: 1, jurisdiction: 1 }),
    );
  });

  it("binds a wallet to at most one identity", async function () {
    const { registry, clock, bank, bankNode, subAgent, subAgentNode, investor, outsider } =
      await loadFixture(registryInSeconds);
    const first = await identityIdFrom(
      registry,
      registerWithConsent(registry, bank, bankNode, await registrationFor(clock, investor.address)),
    );
    // Another node, or the same one, cannot claim the wallet for a second identity.
    await expect(registerWithConsent(registry, subAgent, subAgentNode, await registrationFor(clock, investor.address)))
      .to.be.revertedWithCustomError(registry, "WalletAlreadyRegistered")
      .withArgs(investor.address, first);
    await expect(registerWithConsent(registry, bank, bankNode, await registrationFor(clock, investor.address)))
      .to.be.revertedWithCustomError(registry, "WalletAlreadyRegistered")
      .withArgs(investor.address, first);
    // Nor add it to another identity.
    const second = await identityIdFrom(
      registry,
      registerWithConsent(registry, bank, bankNode, await registrationFor(clock, outsider.address)),
    );
    await expect(addWalletWithConsent(registry, bank, second, investor.address))
      .to.be.revertedWithCustomError(registry, "WalletAlreadyRegistered")
      .withArgs(investor.address, first);
    // An expired identity still holds its wallets: its managers may renew it.
    await clock.advance(YEAR + DAY);
    await expect(registerWithConsent(registry, bank, bankNode, await registrationFor(clock, investor.address)))
      .to.be.revertedWithCustomError(registry, "WalletAlreadyRegistered")
      .withArgs(investor.address, first);
    expect(await registry.identityOf(investor.address)).to.equal(first);
  });

  it("lets a registration at or above the revoker's rank, in the same root, reclaim a revoked identity's wallets", async function () {
    const { registry, tree, clock, governor, bank, bankNode, subAgent, subAgentNode, investor, outsider, provider } =
      await loadFixture(registryInSeconds);
    const old = await identityIdFrom(
      registry,
      registerWithConsent(registry, subAgent, subAgentNode, await registrationFor(clock, investor.address)),
    );
    await addWalletWithConsent(registry, subAgent, old, outsider.address);
    await registry.connect(bank).revoke(old, reason);
    expect((await registry.identity(old)).revokedByDepth).to.equal(1n);

    // The sub-agent (depth 2) cannot undo the bank's (depth 1) revocation by registering the wallet anew.
    await expect(registerWithConsent(registry, subAgent, subAgentNode, await registrationFor(clock, investor.address)))
      .to.be.revertedWithCustomError(registry, "WalletHeldByRevokedIdentity")
      .withArgs(investor.address, old, 1n, 1);
    // Nor can a KYC node of another (live) root, whatever its depth.
    const end = await clock.in(YEAR);
    const root2 = await nodeIdFrom(tree, tree.connect(governor).createRoot(provider.address, end, "Other"));
    await expect(
      registerWithConsent(registry, provider, root2, await registrationFor(clock, investor.address, { expiry: end })),
    )
      .to.be.revertedWithCustomError(registry, "WalletHeldByRevokedIdentity")
      .withArgs(investor.address, old, 1n, 1);

    const tx = registerWithConsent(registry, bank, bankNode, await registrationFor(clock, investor.address));
    await expect(tx).to.emit(registry, "WalletRemoved").withArgs(old, investor.address, bank.address);
    await expect(tx)
      .to.emit(registry, "WalletAdded")
      .withArgs(old + 1n, investor.address, bank.address);
    expect(await registry.identityOf(investor.address)).to.equal(old + 1n);
    // The old identity keeps its other wallet, moved into the freed place.
    expect(await registry.wallets(old, 0, 10)).to.deep.equal([outsider.address]);
    expect((await registry.identity(old)).walletCount).to.equal(1n);
    expect((await registry.identity(old)).status).to.equal(IdentityStatus.Revoked);
  });

  it("lets a new registration reclaim a wallet whose identity's root is retired or its lease ended", async function () {
    const { registry, tree, clock, governor, bank, bankNode, rootId, investor, outsider } =
      await loadFixture(registryInSeconds);
    const [, , , , , , , , other] = await ethers.getSigners();
    await registerWithConsent(registry, bank, bankNode, await registrationFor(clock, investor.address));
    const rootEnd = await clock.in(3 * YEAR);
    const root2 = await nodeIdFrom(tree, tree.connect(governor).createRoot(other.address, rootEnd, "Regulator Z"));
    await tree.connect(other).grant(root2, outsider.address, Scope.KYC, rootEnd);
    const node2 = await tree.nodeOf(outsider.address, root2);

    // While the first root is merely suspended, the wallet stays where it is.
    await tree.connect(governor).suspend(rootId, reason);
    await expect(registerWithConsent(registry, outsider, node2, await registrationFor(clock, investor.address)))
      .to.be.revertedWithCustomError(registry, "WalletAlreadyRegistered")
      .withArgs(investor.address, 1n);
    // Once it is retired, nobody can ever manage the identity again: the wallet may move to the other tree.
    await tree.connect(governor).revoke(rootId, reason);
    await expect(registerWithConsent(registry, outsider, node2, await registrationFor(clock, investor.address)))
      .to.emit(registry, "WalletRemoved")
      .withArgs(1n, investor.address, outsider.address);
    expect(await registry.identityOf(investor.address)).to.equal(2n);

    // The same when a root's lease has ended (final), here root2's: identity 2 moves back under a new root.
    await clock.advanceTo(rootEnd);
    const root3 = await nodeIdFrom(tree, tree.connect(governor).createRoot(other.address, await clock.in(YEAR), "R3"));
    const r3 = await registrationFor(clock, investor.address, { expiry: await clock.in(YEAR - DAY) });
    await expect(registerWithConsent(registry, other, root3, r3))
      .to.emit(registry, "WalletRemoved")
      .withArgs(2n, investor.address, other.address);
  });

  describe("batches", function () {
    it("registers a batch under one node with consecutive ids", async function () {
      const { registry, clock, bank, bankNode, rest } = await loadFixture(registryInSeconds);
      const regs = await Promise.all(rest.slice(0, 5).map((s) => registrationFor(clock, s.address)));
      const consents = await Promise.all(
        regs.map((r) => consentFor(registry, r.wallet as string, { attester: bankNode })),
      );
      expect(await registry.connect(bank).registerBatch.staticCall(bankNode, regs, consents)).to.equal(1n);
      const tx = registerBatchWithConsent(registry, bank, bankNode, regs);
      for (let i = 0; i < 5; i++) {
        await expect(tx)
          .to.emit(registry, "WalletAdded")
          .withArgs(BigInt(i + 1), regs[i].wallet, bank.address);
      }
      expect(await registry.identityCount()).to.equal(5n);
      for (let i = 0; i < 5; i++) expect(await registry.identityOf(regs[i].wallet as string)).to.equal(BigInt(i + 1));
    });

    it("accepts MAX_BATCH registrations and refuses an empty or larger batch", async function () {
      const { registry, clock, bank, bankNode } = await loadFixture(registryInSeconds);
      const max = Number(await registry.MAX_BATCH());
      expect(max).to.equal(32);
      const wallets = Array.from({ length: max + 1 }, () => newWallet());
      const regs = await Promise.all(wallets.map((w) => registrationFor(clock, w)));
      await expect(registerBatchWithConsent(registry, bank, bankNode, []))
        .to.be.revertedWithCustomError(registry, "InvalidBatchSize")
        .withArgs(0, max);
      await expect(registerBatchWithConsent(registry, bank, bankNode, regs))
        .to.be.revertedWithCustomError(registry, "InvalidBatchSize")
        .withArgs(max + 1, max);
      await registerBatchWithConsent(registry, bank, bankNode, regs.slice(0, max));
      expect(await registry.identityCount()).to.equal(BigInt(max));
    });

    it("checks the caller and every entry, and rolls the whole batch back on any failure", async function () {
      const { registry, clock, bank, bankNode, outsider, rest } = await loadFixture(registryInSeconds);
      const regs = await Promise.all(rest.slice(0, 3).map((s) => registrationFor(clock, s.address)));
      await expect(registerBatchWithConsent(registry, outsider, bankNode, regs))
        .to.be.revertedWithCustomError(registry, "NotAttesterAccount")
        .withArgs(bankNode, outsider.address);
      await expect(registerBatchWithConsent(registry, bank, bankNode, [...regs, regs[1]]))
        .to.be.revertedWithCustomError(registry, "WalletAlreadyRegistered")
        .withArgs(regs[1].wallet, 2n);
      await expect(registerBatchWithConsent(registry, bank, bankNode, [regs[0], { ...regs[1], jurisdiction: 0 }]))
        .to.be.revertedWithCustomError(registry, "InvalidJurisdiction")
        .withArgs(0);
      expect(await registry.identityCount()).to.equal(0n);
      expect(await registry.identityOf(regs[0].wallet as string)).to.equal(0n);
    });
  });

  it("refuses to be deployed against an authority tree on another clock", async function () {
    const { tree } = await loadFixture(registryInSeconds);
    const factory = await ethers.getContractFactory("IdentityRegistry");
    // The clock refuses a unit that does not match the chain before the registry compares it with the tree's.
    await expect(
      ethers.deployContract("IdentityRegistry", [await tree.getAddress(), 1000]),
    ).to.be.revertedWithCustomError(factory, "TimeUnitMismatch");
    await expect(ethers.deployContract("IdentityRegistry", [await tree.getAddress(), 7]))
      .to.be.revertedWithCustomError(factory, "InvalidTimeUnit")
      .withArgs(7);
  });
});
