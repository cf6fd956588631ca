import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import {
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
  scopeMask,
  YEAR,
} from "../helpers/fixtures";
import { expectRegistryMatchesLogs } from "../helpers/registryReplay";

const reason = ethers.encodeBytes32String("aml");

/**
 * The audit's proofs of concept, as tests. The line: regulator (root, depth 0) -> bank (depth 1) -> subAgent (depth 2).
 * `client` is attested by the sub-agent and has two wallets (investor, second); a sibling KYC node under the
 * regulator (held by `provider`); an open policy over the root.
 */
async function withClient() {
  const fx = await registryInSeconds();
  const { registry, tree, clock, regulator, subAgent, subAgentNode, provider, investor, rootId, rest } = fx;
  const client = await identityIdFrom(
    registry,
    registerWithConsent(registry, subAgent, subAgentNode, await registrationFor(clock, investor.address)),
  );
  await addWalletWithConsent(registry, subAgent, client, rest[0].address);
  const sibling = await nodeIdFrom(
    tree,
    tree.connect(regulator).grant(rootId, provider.address, scopeMask("DELEGATE", "KYC"), await clock.in(YEAR)),
  );
  const policy = await policyIdFrom(registry, registry.createPolicy([rootId], ALL_CLASSES, []));
  return { ...fx, client, sibling, policy, second: rest[0].address, spare: rest.slice(1) };
}

describe("IdentityRegistry: rank rules (a lower authority never undoes a higher one's decision)", function () {
  describe("H-1: freezes, expiries and profiles", function () {
    it("the sub-agent cannot lift the regulator's freeze; only the freezer's rank or above can", async function () {
      const { registry, regulator, bank, subAgent, client, investor, policy } = await loadFixture(withClient);
      await expect(registry.connect(regulator).freeze(client, reason))
        .to.emit(registry, "IdentityFrozen")
        .withArgs(client, regulator.address, 0, reason);
      expect((await registry.identity(client)).frozenByDepth).to.equal(0n);
      await expect(registry.connect(subAgent).unfreeze(client))
        .to.be.revertedWithCustomError(registry, "FrozenByHigherAuthority")
        .withArgs(client, 0, 2);
      await expect(registry.connect(bank).unfreeze(client))
        .to.be.revertedWithCustomError(registry, "FrozenByHigherAuthority")
        .withArgs(client, 0, 1);
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.Frozen);
      await registry.connect(regulator).unfreeze(client);
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.Eligible);
      expect((await registry.identity(client)).frozenByDepth).to.equal(0n);
    });

    it("a higher rank takes a freeze over; a freeze at the same rank or below is refused", async function () {
      const { registry, regulator, bank, subAgent, client } = await loadFixture(withClient);
      await registry.connect(bank).freeze(client, reason);
      await expect(registry.connect(subAgent).freeze(client, reason))
        .to.be.revertedWithCustomError(registry, "AlreadyFrozen")
        .withArgs(client, 1);
      await expect(registry.connect(bank).freeze(client, reason))
        .to.be.revertedWithCustomError(registry, "AlreadyFrozen")
        .withArgs(client, 1);
      await expect(registry.connect(regulator).freeze(client, reason))
        .to.emit(registry, "IdentityFrozen")
        .withArgs(client, regulator.address, 0, reason);
      // The bank's own freeze is no longer its to lift.
      await expect(registry.connect(bank).unfreeze(client))
        .to.be.revertedWithCustomError(registry, "FrozenByHigherAuthority")
        .withArgs(client, 0, 1);
      await expect(registry.connect(regulator).freeze(client, reason))
        .to.be.revertedWithCustomError(registry, "AlreadyFrozen")
        .withArgs(client, 0);
      // Once the regulator lifts it, only the regulator's rank may freeze again (cleared-by rank, issue 15.8).
      await registry.connect(regulator).unfreeze(client);
      await expect(registry.connect(subAgent).freeze(client, reason))
        .to.be.revertedWithCustomError(registry, "ClearedByHigherAuthority")
        .withArgs(client, 0, 2);
      await registry.connect(regulator).freeze(client, reason);
      await registry.connect(regulator).unfreeze(client);
    });

    it("the sub-agent cannot extend an expiry the regulator shortened, but anyone may shorten it", async function () {
      const { registry, clock, regulator, bank, subAgent, client, investor, policy } = await loadFixture(withClient);
      expect((await registry.identity(client)).profileDepth).to.equal(2n);
      // Until a higher rank steps in, the attester extends its own client's expiry.
      const longer = await clock.in(YEAR + DAY);
      await registry.connect(subAgent).renew(client, longer);
      const soon = await clock.in(DAY);
      await expect(registry.connect(regulator).renew(client, soon))
        .to.emit(registry, "IdentityRenewed")
        .withArgs(client, regulator.address, 0, longer, soon);
      expect((await registry.identity(client)).profileDepth).to.equal(0n);
      for (const [s, depth] of [
        [subAgent, 2],
        [bank, 1],
      ] as const) {
        await expect(registry.connect(s).renew(client, longer))
          .to.be.revertedWithCustomError(registry, "ProfileSetByHigherAuthority")
          .withArgs(client, 0, depth);
      }
      // Shortening further stays open, and does not lower the rank that set it.
      const sooner = await clock.in(DAY / 2);
      await registry.connect(subAgent).renew(client, sooner);
      expect((await registry.identity(client)).profileDepth).to.equal(0n);
      await clock.advanceTo(sooner);
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.Expired);
      await expect(registry.connect(subAgent).renew(client, longer))
        .to.be.revertedWithCustomError(registry, "ProfileSetByHigherAuthority")
        .withArgs(client, 0, 2);
      await registry.connect(regulator).renew(client, longer);
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.Eligible);
    });

    it("the sub-agent cannot upgrade back classes the regulator (or the bank) downgraded", async function () {
      const { registry, rootId, regulator, bank, subAgent, client, investor } = await loadFixture(withClient);
      const accreditedOnly = await policyIdFrom(registry, registry.createPolicy([rootId], ClientClass.ACCREDITED, []));
      // The attester updates its own client freely at first.
      await registry.connect(subAgent).update(client, ClientClass.ACCREDITED, 756, ethers.id("review 1"));
      await expect(registry.connect(bank).update(client, ClientClass.RETAIL, 756, ethers.id("downgrade")))
        .to.emit(registry, "IdentityUpdated")
        .withArgs(client, bank.address, 1, ClientClass.RETAIL, 756, ethers.id("downgrade"));
      expect(await registry.eligibility(investor.address, accreditedOnly)).to.equal(Eligibility.ClassNotAllowed);
      await expect(registry.connect(subAgent).update(client, ClientClass.ACCREDITED, 756, ethers.id("up")))
        .to.be.revertedWithCustomError(registry, "ProfileSetByHigherAuthority")
        .withArgs(client, 1, 2);
      await registry.connect(regulator).update(client, ClientClass.RETAIL, 250, ethers.id("regulator"));
      await expect(registry.connect(bank).update(client, ClientClass.ACCREDITED, 756, ethers.id("up")))
        .to.be.revertedWithCustomError(registry, "ProfileSetByHigherAuthority")
        .withArgs(client, 0, 1);
      expect(await registry.eligibility(investor.address, accreditedOnly)).to.equal(Eligibility.ClassNotAllowed);
      await expectRegistryMatchesLogs(registry);
    });
  });

  describe("H-2: no escape through wallet moves or re-registration", function () {
    it("a frozen client cannot be revoked, nor lose a wallet, below the freezer's rank", async function () {
      const { registry, clock, regulator, bank, subAgent, subAgentNode, client, investor, second, policy } =
        await loadFixture(withClient);
      await registry.connect(regulator).freeze(client, reason);
      // PoC: revoke, then register the same wallet anew.
      await expect(registry.connect(subAgent).revoke(client, reason))
        .to.be.revertedWithCustomError(registry, "FrozenByHigherAuthority")
        .withArgs(client, 0, 2);
      await expect(
        registerWithConsent(registry, subAgent, subAgentNode, await registrationFor(clock, investor.address)),
      )
        .to.be.revertedWithCustomError(registry, "WalletAlreadyRegistered")
        .withArgs(investor.address, client);
      // PoC: remove the second wallet, then register it under a new identity.
      for (const [s, depth] of [
        [subAgent, 2],
        [bank, 1],
      ] as const) {
        await expect(registry.connect(s).removeWallet(client, second))
          .to.be.revertedWithCustomError(registry, "FrozenByHigherAuthority")
          .withArgs(client, 0, depth);
      }
      expect(await registry.eligibility(second, policy)).to.equal(Eligibility.Frozen);
      // The freezer's rank may do both.
      await registry.connect(regulator).removeWallet(client, second);
      await expect(registry.connect(regulator).revoke(client, reason))
        .to.emit(registry, "IdentityRevoked")
        .withArgs(client, regulator.address, 0, reason);
    });

    it("a wallet the regulator's revocation holds is not reclaimed by the bank or the sub-agent", async function () {
      const { registry, clock, regulator, rootId, bank, bankNode, subAgent, subAgentNode, client, investor } =
        await loadFixture(withClient);
      await registry.connect(regulator).revoke(client, reason);
      expect((await registry.identity(client)).revokedByDepth).to.equal(0n);
      for (const [s, node] of [
        [bank, bankNode],
        [subAgent, subAgentNode],
      ] as const) {
        await expect(registerWithConsent(registry, s, node, await registrationFor(clock, investor.address)))
          .to.be.revertedWithCustomError(registry, "WalletHeldByRevokedIdentity")
          .withArgs(investor.address, client, rootId, 0);
      }
      // Nor added to another identity of theirs.
      const other = await identityIdFrom(
        registry,
        registerWithConsent(registry, bank, bankNode, await registrationFor(clock, newWallet())),
      );
      await expect(addWalletWithConsent(registry, bank, other, investor.address))
        .to.be.revertedWithCustomError(registry, "WalletHeldByRevokedIdentity")
        .withArgs(investor.address, client, rootId, 0);
      // The regulator itself (the root holds KYC) may register the client again.
      await expect(registerWithConsent(registry, regulator, rootId, await registrationFor(clock, investor.address)))
        .to.emit(registry, "WalletRemoved")
        .withArgs(client, investor.address, regulator.address);
      await expectRegistryMatchesLogs(registry);
    });

    it("a downgrade from above is not escaped by moving a wallet out, or by revoking and re-registering", async function () {
      const { registry, clock, rootId, regulator, subAgent, subAgentNode, client, investor, second } =
        await loadFixture(withClient);
      await registry.connect(regulator).update(client, ClientClass.RETAIL, 756, ethers.id("downgrade"));
      await expect(registry.connect(subAgent).removeWallet(client, second))
        .to.be.revertedWithCustomError(registry, "ProfileSetByHigherAuthority")
        .withArgs(client, 0, 2);
      // Revoking is a restriction: open to the sub-agent. Reclaiming the wallets is not.
      await registry.connect(subAgent).revoke(client, reason);
      expect((await registry.identity(client)).revokedByDepth).to.equal(2n);
      await expect(
        registerWithConsent(registry, subAgent, subAgentNode, await registrationFor(clock, investor.address)),
      )
        .to.be.revertedWithCustomError(registry, "WalletHeldByRevokedIdentity")
        .withArgs(investor.address, client, rootId, 0);
    });

    it("the attester may still reclaim the wallets of a client it revoked itself", async function () {
      const { registry, clock, subAgent, subAgentNode, client, investor } = await loadFixture(withClient);
      await registry.connect(subAgent).revoke(client, reason);
      await expect(
        registerWithConsent(registry, subAgent, subAgentNode, await registrationFor(clock, investor.address)),
      )
        .to.emit(registry, "WalletRemoved")
        .withArgs(client, investor.address, subAgent.address);
    });
  });

  describe("M-1: migration", function () {
    it("the bank cannot migrate clients off a sub-agent the regulator suspended; the regulator can", async function () {
      const { registry, tree, regulator, bank, bankNode, subAgentNode, client, investor, policy } =
        await loadFixture(withClient);
      await tree.connect(regulator).suspend(subAgentNode, reason);
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.AttesterInvalid);
      await expect(registry.connect(bank).migrate(client, bankNode))
        .to.be.revertedWithCustomError(registry, "AttesterBlockedByHigherAuthority")
        .withArgs(subAgentNode, 0, 1);
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.AttesterInvalid);
      await registry.connect(regulator).migrate(client, bankNode);
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.Eligible);
    });

    it("the bank may migrate off a sub-agent it suspended or revoked itself", async function () {
      const { registry, tree, bank, bankNode, subAgentNode, client } = await loadFixture(withClient);
      await tree.connect(bank).revoke(subAgentNode, reason);
      await expect(registry.connect(bank).migrate(client, bankNode))
        .to.emit(registry, "IdentityMigrated")
        .withArgs(client, bank.address, 1, subAgentNode, bankNode);
    });

    it("a lease the regulator ended binds the same way", async function () {
      const { registry, tree, clock, regulator, bank, bankNode, subAgentNode, client } = await loadFixture(withClient);
      const end = await clock.in(DAY);
      await tree.connect(regulator).renew(subAgentNode, end);
      await clock.advanceTo(end);
      await expect(registry.connect(bank).migrate(client, bankNode))
        .to.be.revertedWithCustomError(registry, "AttesterBlockedByHigherAuthority")
        .withArgs(subAgentNode, 0, 1);
    });

    it("a frozen client is migrated only at or above the freezer's rank, and keeps every rank", async function () {
      const { registry, regulator, bank, bankNode, subAgent, client } = await loadFixture(withClient);
      await registry.connect(regulator).update(client, ClientClass.RETAIL, 756, ethers.id("downgrade"));
      await registry.connect(regulator).freeze(client, reason);
      await expect(registry.connect(bank).migrate(client, bankNode))
        .to.be.revertedWithCustomError(registry, "FrozenByHigherAuthority")
        .withArgs(client, 0, 1);
      await registry.connect(regulator).migrate(client, bankNode);
      const after = await registry.identity(client);
      expect([after.attester, after.frozen, after.frozenByDepth, after.profileDepth]).to.deep.equal([
        bankNode,
        true,
        0n,
        0n,
      ]);
      // The new attester is still below the regulator's decisions.
      await expect(registry.connect(bank).unfreeze(client))
        .to.be.revertedWithCustomError(registry, "FrozenByHigherAuthority")
        .withArgs(client, 0, 1);
      await expect(registry.connect(subAgent).unfreeze(client))
        .to.be.revertedWithCustomError(registry, "NotManager")
        .withArgs(subAgent.address, client, bankNode);
    });
  });
});
