import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import type { Signer } from "ethers";
import { ethers } from "hardhat";
import type { IdentityRegistry } from "../../typechain-types";
import {
  AttesterFault,
  addWalletWithConsent,
  ALL_CLASSES,
  ClientClass,
  DAY,
  Eligibility,
  identityIdFrom,
  newWallet,
  nodeIdFrom,
  policyIdFrom,
  registerWithConsent,
  registrationFor,
  registryInSeconds,
  Scope,
  scopeMask,
  setNextBlockTime,
  YEAR,
} from "../helpers/fixtures";

const reason = ethers.encodeBytes32String("aml");

/**
 * Two clients: `client` attested by the sub-agent (depth 2) with two wallets, `bankClient` attested by the bank
 * (depth 1). A sibling KYC node `sibling` under the regulator, held by `provider`. An open policy over the root.
 */
async function withClients() {
  const fx = await registryInSeconds();
  const { registry, tree, clock, regulator, bank, bankNode, subAgent, subAgentNode, provider, investor, rootId, rest } =
    fx;
  const client = await identityIdFrom(
    registry,
    registerWithConsent(registry, subAgent, subAgentNode, await registrationFor(clock, investor.address)),
  );
  await addWalletWithConsent(registry, subAgent, client, rest[0].address);
  const bankClient = await identityIdFrom(
    registry,
    registerWithConsent(registry, bank, bankNode, await registrationFor(clock, rest[1].address)),
  );
  const sibling = await nodeIdFrom(
    tree,
    tree.connect(regulator).grant(rootId, provider.address, scopeMask("DELEGATE", "KYC"), await clock.in(YEAR)),
  );
  const policy = await policyIdFrom(registry, registry.createPolicy([rootId], ALL_CLASSES, []));
  return { ...fx, client, bankClient, sibling, policy, secondWallet: rest[0].address, spare: rest.slice(2) };
}

type Fx = Awaited<ReturnType<typeof withClients>>;
/** A management operation; `prepare` (run first, by `as`) makes it applicable, e.g. freezes before unfreeze. */
type Op = {
  name: string;
  prepare?: (fx: Fx, as: Signer, id: bigint) => Promise<unknown>;
  run: (fx: Fx, as: Signer, id: bigint) => Promise<unknown>;
};

/** Every management operation, each made valid for the `client` identity of the fixture. */
const OPS: Op[] = [
  {
    name: "update",
    run: (fx, as, id) => fx.registry.connect(as).update(id, ClientClass.RETAIL, 250, ethers.id("new evidence")),
  },
  { name: "renew", run: async (fx, as, id) => fx.registry.connect(as).renew(id, await fx.clock.in(YEAR + DAY)) },
  { name: "addWallet", run: (fx, as, id) => addWalletWithConsent(fx.registry, as, id, fx.spare[0].address) },
  { name: "removeWallet", run: (fx, as, id) => fx.registry.connect(as).removeWallet(id, fx.secondWallet) },
  { name: "freeze", run: (fx, as, id) => fx.registry.connect(as).freeze(id, reason) },
  {
    name: "unfreeze",
    prepare: (fx, as, id) => fx.registry.connect(as).freeze(id, reason),
    run: (fx, as, id) => fx.registry.connect(as).unfreeze(id),
  },
  { name: "revoke", run: (fx, as, id) => fx.registry.connect(as).revoke(id, reason) },
  { name: "migrate", run: (fx, as, id) => fx.registry.connect(as).migrate(id, fx.bankNode) },
];

async function eligibility(registry: IdentityRegistry, wallet: string, policy: bigint) {
  return registry.eligibility(wallet, policy);
}

describe("IdentityRegistry: managing identities", function () {
  describe("who may manage", function () {
    for (const op of OPS) {
      it(`${op.name}: the attesting node's account and every ancestor's may, nobody else`, async function () {
        for (const who of ["subAgent", "bank", "regulator"] as const) {
          const fx = await loadFixture(withClients);
          if (op.name === "migrate" && who === "subAgent") continue; // it does not manage the bank's node
          await op.prepare?.(fx, fx[who], fx.client);
          await op.run(fx, fx[who], fx.client);
          expect(await fx.registry.isManager(fx[who].address, fx.client)).to.equal(op.name !== "revoke");
        }
        const fx = await loadFixture(withClients);
        await op.prepare?.(fx, fx.regulator, fx.client);
        await op.prepare?.(fx, fx.regulator, fx.bankClient);
        // Strangers, the governor (who holds no node), a sibling KYC node, and a descendant of the attester.
        for (const [signer, id] of [
          [fx.outsider, fx.client],
          [fx.governor, fx.client],
          [fx.provider, fx.client],
          [fx.subAgent, fx.bankClient],
        ] as const) {
          await expect(op.run(fx, signer, id))
            .to.be.revertedWithCustomError(fx.registry, "NotManager")
            .withArgs(signer.address, id, id === fx.client ? fx.subAgentNode : fx.bankNode);
          expect(await fx.registry.isManager(signer.address, id)).to.equal(false);
        }
      });
    }

    it("after the attesting node is revoked, its ancestors can still freeze and revoke its clients", async function () {
      const { registry, tree, bank, subAgent, subAgentNode, regulator, client, investor, policy } =
        await loadFixture(withClients);
      await tree.connect(bank).revoke(subAgentNode, reason);
      expect(await eligibility(registry, investor.address, policy)).to.equal(Eligibility.AttesterInvalid);
      await expect(registry.connect(subAgent).freeze(client, reason))
        .to.be.revertedWithCustomError(registry, "NotManager")
        .withArgs(subAgent.address, client, subAgentNode);
      await expect(registry.connect(bank).freeze(client, reason))
        .to.emit(registry, "IdentityFrozen")
        .withArgs(client, bank.address, 1, reason);
      await expect(registry.connect(regulator).revoke(client, reason))
        .to.emit(registry, "IdentityRevoked")
        .withArgs(client, regulator.address, 0, reason);
    });

    it("a suspended attester cannot manage; neither can anyone below a suspended ancestor", async function () {
      const { registry, tree, regulator, bank, bankNode, subAgent, subAgentNode, client } =
        await loadFixture(withClients);
      await tree.connect(bank).suspend(subAgentNode, reason);
      await expect(registry.connect(subAgent).freeze(client, reason))
        .to.be.revertedWithCustomError(registry, "NotManager")
        .withArgs(subAgent.address, client, subAgentNode);
      await registry.connect(bank).freeze(client, reason);
      await tree.connect(bank).resume(subAgentNode);
      // Resumed, the sub-agent manages again, but below the bank's freeze.
      await expect(registry.connect(subAgent).unfreeze(client))
        .to.be.revertedWithCustomError(registry, "FrozenByHigherAuthority")
        .withArgs(client, 1, 2);
      await registry.connect(bank).unfreeze(client);

      await tree.connect(regulator).suspend(bankNode, reason);
      for (const s of [subAgent, bank]) {
        await expect(registry.connect(s).freeze(client, reason))
          .to.be.revertedWithCustomError(registry, "NotManager")
          .withArgs(s.address, client, subAgentNode);
      }
      await registry.connect(regulator).freeze(client, reason);
    });

    it("refuses every operation on an unknown identity and on a revoked one", async function () {
      for (const op of OPS) {
        const fx = await loadFixture(withClients);
        await expect(op.run(fx, fx.regulator, 99n))
          .to.be.revertedWithCustomError(fx.registry, "UnknownIdentity")
          .withArgs(99n);
        await op.prepare?.(fx, fx.regulator, fx.client);
        await fx.registry.connect(fx.regulator).revoke(fx.client, reason);
        await expect(op.run(fx, fx.regulator, fx.client))
          .to.be.revertedWithCustomError(fx.registry, "IdentityNotActive")
          .withArgs(fx.client, 2);
      }
    });
  });

  describe("update and renew", function () {
    it("updates classes, jurisdiction and evidence, validating them", async function () {
      const { registry, bank, client } = await loadFixture(withClients);
      const evidence = ethers.id("review 2");
      await expect(registry.connect(bank).update(client, ClientClass.INSTITUTIONAL | ClientClass.RETAIL, 250, evidence))
        .to.emit(registry, "IdentityUpdated")
        .withArgs(client, bank.address, 1, ClientClass.INSTITUTIONAL | ClientClass.RETAIL, 250, evidence);
      const identity = await registry.identity(client);
      expect([identity.classes, identity.jurisdiction, identity.evidenceHash]).to.deep.equal([9n, 250n, evidence]);
      await expect(registry.connect(bank).update(client, 0, 250, evidence))
        .to.be.revertedWithCustomError(registry, "InvalidClasses")
        .withArgs(0);
      await expect(registry.connect(bank).update(client, 1, 1000, evidence))
        .to.be.revertedWithCustomError(registry, "InvalidJurisdiction")
        .withArgs(1000);
      await expect(registry.connect(bank).update(client, 1, 250, ethers.ZeroHash)).to.be.revertedWithCustomError(
        registry,
        "MissingEvidence",
      );
    });

    it("renews an expired identity back to eligibility, and refuses an expiry not in the future", async function () {
      const { registry, clock, bank, client, investor, policy } = await loadFixture(withClients);
      const before = (await registry.identity(client)).expiry;
      await clock.advanceTo(Number(before));
      expect(await eligibility(registry, investor.address, policy)).to.equal(Eligibility.Expired);
      const next = await clock.in(YEAR - DAY); // within the sub-agent's two-year lease
      await expect(registry.connect(bank).renew(client, next))
        .to.emit(registry, "IdentityRenewed")
        .withArgs(client, bank.address, 1, before, next);
      expect(await eligibility(registry, investor.address, policy)).to.equal(Eligibility.Eligible);

      const t = (await clock.now()) + 10;
      await setNextBlockTime(clock, t);
      await expect(registry.connect(bank).renew(client, t))
        .to.be.revertedWithCustomError(registry, "ExpiryNotInFuture")
        .withArgs(t, t);
      // Shortening is allowed.
      await registry.connect(bank).renew(client, t + 100);
      expect((await registry.identity(client)).expiry).to.equal(BigInt(t + 100));
    });

    it("never clears a freeze: a frozen client renewed stays frozen", async function () {
      const { registry, clock, bank, regulator, client, investor, policy } = await loadFixture(withClients);
      await registry.connect(regulator).freeze(client, reason);
      await registry.connect(bank).renew(client, await clock.in(YEAR + YEAR / 2));
      expect((await registry.identity(client)).frozen).to.equal(true);
      expect(await eligibility(registry, investor.address, policy)).to.equal(Eligibility.Frozen);
      // Not even once expired and renewed again.
      await clock.advance(YEAR + YEAR / 2);
      await registry.connect(regulator).renew(client, await clock.in(DAY));
      expect(await eligibility(registry, investor.address, policy)).to.equal(Eligibility.Frozen);
      await registry.connect(regulator).unfreeze(client);
      expect(await eligibility(registry, investor.address, policy)).to.equal(Eligibility.Eligible);
    });
  });

  describe("freeze, unfreeze and revoke", function () {
    it("freezes and unfreezes, refusing to do either twice", async function () {
      const { registry, bank, client, investor, secondWallet, policy } = await loadFixture(withClients);
      await expect(registry.connect(bank).unfreeze(client))
        .to.be.revertedWithCustomError(registry, "NotFrozen")
        .withArgs(client);
      await registry.connect(bank).freeze(client, reason);
      expect(await eligibility(registry, investor.address, policy)).to.equal(Eligibility.Frozen);
      expect(await eligibility(registry, secondWallet, policy)).to.equal(Eligibility.Frozen);
      await expect(registry.connect(bank).freeze(client, reason))
        .to.be.revertedWithCustomError(registry, "AlreadyFrozen")
        .withArgs(client, 1);
      await expect(registry.connect(bank).unfreeze(client))
        .to.emit(registry, "IdentityUnfrozen")
        .withArgs(client, bank.address, 1);
      expect(await eligibility(registry, investor.address, policy)).to.equal(Eligibility.Eligible);
      expect((await registry.identity(client)).frozen).to.equal(false);
    });

    it("revokes for good: every wallet becomes ineligible and stays bound", async function () {
      const { registry, subAgent, client, investor, secondWallet, policy } = await loadFixture(withClients);
      await registry.connect(subAgent).freeze(client, reason);
      await expect(registry.connect(subAgent).revoke(client, reason))
        .to.emit(registry, "IdentityRevoked")
        .withArgs(client, subAgent.address, 2, reason);
      expect((await registry.identity(client)).status).to.equal(2n);
      for (const w of [investor.address, secondWallet]) {
        expect(await eligibility(registry, w, policy)).to.equal(Eligibility.IdentityRevoked);
        expect(await registry.identityOf(w)).to.equal(client);
      }
    });
  });

  describe("wallets", function () {
    it("adds wallets up to MAX_WALLETS, each eligible, and refuses zero or taken wallets", async function () {
      const { registry, bank, client, bankClient, investor, spare, policy } = await loadFixture(withClients);
      const max = Number(await registry.MAX_WALLETS());
      expect(max).to.equal(16);
      await expect(addWalletWithConsent(registry, bank, client, spare[0].address))
        .to.emit(registry, "WalletAdded")
        .withArgs(client, spare[0].address, bank.address);
      expect(await registry.identityOf(spare[0].address)).to.equal(client);
      expect(await eligibility(registry, spare[0].address, policy)).to.equal(Eligibility.Eligible);
      await expect(addWalletWithConsent(registry, bank, client, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        registry,
        "ZeroWallet",
      );
      await expect(addWalletWithConsent(registry, bank, client, investor.address))
        .to.be.revertedWithCustomError(registry, "WalletAlreadyRegistered")
        .withArgs(investor.address, client);
      const other = (await registry.wallets(bankClient, 0, 1))[0];
      await expect(addWalletWithConsent(registry, bank, client, other))
        .to.be.revertedWithCustomError(registry, "WalletAlreadyRegistered")
        .withArgs(other, bankClient);

      for (let i = 3; i < max; i++) await addWalletWithConsent(registry, bank, client, newWallet());
      expect((await registry.identity(client)).walletCount).to.equal(BigInt(max));
      await expect(addWalletWithConsent(registry, bank, client, newWallet()))
        .to.be.revertedWithCustomError(registry, "TooManyWallets")
        .withArgs(client, max);
      const all = await registry.wallets(client, 0, 100);
      expect(all.length).to.equal(max);
      expect(await registry.wallets(client, 14, 100)).to.deep.equal(all.slice(14));
      expect(await registry.wallets(client, 3, 2)).to.deep.equal(all.slice(3, 5));
      expect(await registry.wallets(client, 16, 5)).to.deep.equal([]);
    });

    it("removes a wallet by moving the last one into its place", async function () {
      const { registry, bank, client, investor, secondWallet, spare, policy } = await loadFixture(withClients);
      await addWalletWithConsent(registry, bank, client, spare[0].address);
      await addWalletWithConsent(registry, bank, client, spare[1].address);
      expect(await registry.wallets(client, 0, 10)).to.deep.equal([
        investor.address,
        secondWallet,
        spare[0].address,
        spare[1].address,
      ]);
      await expect(registry.connect(bank).removeWallet(client, secondWallet))
        .to.emit(registry, "WalletRemoved")
        .withArgs(client, secondWallet, bank.address);
      expect(await registry.wallets(client, 0, 10)).to.deep.equal([
        investor.address,
        spare[1].address,
        spare[0].address,
      ]);
      expect(await registry.identityOf(secondWallet)).to.equal(0n);
      expect(await eligibility(registry, secondWallet, policy)).to.equal(2n); // UnknownWallet
      // The moved wallet's position was updated: removing it now works and leaves the list consistent.
      await registry.connect(bank).removeWallet(client, spare[1].address);
      await registry.connect(bank).removeWallet(client, investor.address);
      expect(await registry.wallets(client, 0, 10)).to.deep.equal([spare[0].address]);
      expect(await registry.identityOf(spare[0].address)).to.equal(client);
      // The freed wallet can join another identity.
      await addWalletWithConsent(registry, bank, client, secondWallet);
      expect(await registry.wallets(client, 0, 10)).to.deep.equal([spare[0].address, secondWallet]);
    });

    it("refuses to remove the last wallet or a wallet of another identity", async function () {
      const { registry, bank, client, bankClient, investor, secondWallet } = await loadFixture(withClients);
      const other = (await registry.wallets(bankClient, 0, 1))[0];
      await expect(registry.connect(bank).removeWallet(bankClient, other))
        .to.be.revertedWithCustomError(registry, "LastWallet")
        .withArgs(bankClient);
      await expect(registry.connect(bank).removeWallet(client, other))
        .to.be.revertedWithCustomError(registry, "WalletNotInIdentity")
        .withArgs(other, client);
      await expect(registry.connect(bank).removeWallet(client, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(registry, "WalletNotInIdentity")
        .withArgs(ethers.ZeroAddress, client);
      await registry.connect(bank).removeWallet(client, secondWallet);
      await expect(registry.connect(bank).removeWallet(client, investor.address))
        .to.be.revertedWithCustomError(registry, "LastWallet")
        .withArgs(client);
    });
  });

  describe("migration to another attesting node", function () {
    it("lets a common ancestor move clients off a revoked node onto its successor, restoring eligibility", async function () {
      const {
        registry,
        tree,
        regulator,
        bank,
        bankNode,
        subAgent,
        subAgentNode,
        sibling,
        provider,
        client,
        investor,
        policy,
      } = await loadFixture(withClients);
      await tree.connect(regulator).revoke(bankNode, reason); // takes the sub-agent with it
      expect(await eligibility(registry, investor.address, policy)).to.equal(Eligibility.AttesterInvalid);
      await expect(registry.connect(regulator).migrate(client, sibling))
        .to.emit(registry, "IdentityMigrated")
        .withArgs(client, regulator.address, 0, subAgentNode, sibling);
      expect((await registry.identity(client)).attester).to.equal(sibling);
      expect(await eligibility(registry, investor.address, policy)).to.equal(Eligibility.Eligible);
      // The new attester manages it now; the old line does not.
      await registry.connect(provider).freeze(client, reason);
      for (const s of [bank, subAgent]) expect(await registry.isManager(s.address, client)).to.equal(false);
    });

    it("lets a node move its own client down to a node beneath it, but not sideways or up", async function () {
      const { registry, bank, bankNode, subAgent, subAgentNode, sibling, bankClient, client } =
        await loadFixture(withClients);
      await expect(registry.connect(bank).migrate(bankClient, subAgentNode))
        .to.emit(registry, "IdentityMigrated")
        .withArgs(bankClient, bank.address, 1, bankNode, subAgentNode);
      await expect(registry.connect(bank).migrate(client, sibling))
        .to.be.revertedWithCustomError(registry, "CannotManageNode")
        .withArgs(bank.address, sibling);
      await expect(registry.connect(subAgent).migrate(client, bankNode))
        .to.be.revertedWithCustomError(registry, "CannotManageNode")
        .withArgs(subAgent.address, bankNode);
      await expect(registry.connect(subAgent).migrate(client, subAgentNode))
        .to.be.revertedWithCustomError(registry, "SameAttester")
        .withArgs(client, subAgentNode);
    });

    it("requires the new node to be valid and hold KYC, in the identity's own tree", async function () {
      const { registry, tree, clock, governor, regulator, provider, sibling, client, outsider, rootId } =
        await loadFixture(withClients);
      const listNode = await nodeIdFrom(
        tree,
        tree.connect(regulator).grant(rootId, outsider.address, Scope.LIST, await clock.in(YEAR)),
      );
      await expect(registry.connect(regulator).migrate(client, listNode))
        .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
        .withArgs(listNode, AttesterFault.NoKyc);
      await tree.connect(regulator).suspend(sibling, reason);
      await expect(registry.connect(regulator).migrate(client, sibling))
        .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
        .withArgs(sibling, AttesterFault.Invalid);
      // The regulator also heads a second tree: its nodes there are not this identity's tree.
      const root2 = await nodeIdFrom(
        tree,
        tree.connect(governor).createRoot(regulator.address, await clock.in(YEAR), "2"),
      );
      const node2 = await nodeIdFrom(
        tree,
        tree.connect(regulator).grant(root2, provider.address, Scope.KYC, await clock.in(DAY)),
      );
      await expect(registry.connect(regulator).migrate(client, node2))
        .to.be.revertedWithCustomError(registry, "RootMismatch")
        .withArgs(node2, root2, rootId);
    });

    it("keeps the profile, expiry and freeze", async function () {
      const { registry, regulator, sibling, client } = await loadFixture(withClients);
      await registry.connect(regulator).freeze(client, reason);
      const before = await registry.identity(client);
      await registry.connect(regulator).migrate(client, sibling);
      const after = await registry.identity(client);
      const rest = (i: typeof before) => [
        i.root,
        i.expiry,
        i.jurisdiction,
        i.classes,
        i.status,
        i.frozen,
        i.evidenceHash,
      ];
      expect(rest(after)).to.deep.equal(rest(before));
      expect(after.frozen).to.equal(true);
      expect(after.attester).to.equal(sibling);
    });
  });
});
