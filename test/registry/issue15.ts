import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import {
  DAY,
  Eligibility,
  identityIdFrom,
  nodeIdFrom,
  policyIdFrom,
  ALL_CLASSES,
  registerWithConsent,
  registrationFor,
  registryInSeconds,
  scopeMask,
  YEAR,
} from "../helpers/fixtures";
import { expectRegistryMatchesLogs } from "../helpers/registryReplay";
import { rebuildRegistry } from "../../lib/replay/registry";

const reason = ethers.encodeBytes32String("aml");

/**
 * Issue 15 item 8, registry part. The line: regulator (root, 0) -> bank (1) -> subAgent (2, KYC); `client` attested by
 * the sub-agent (profile rank 2); `shortNode`, a KYC node of the bank's with a 30-day lease.
 */
async function withClient() {
  const fx = await registryInSeconds();
  const { registry, tree, clock, rootId, bank, bankNode, subAgent, subAgentNode, investor, rest } = fx;
  const client = await identityIdFrom(
    registry,
    registerWithConsent(registry, subAgent, subAgentNode, await registrationFor(clock, investor.address)),
  );
  const shortNode = await nodeIdFrom(
    tree,
    tree.connect(bank).grant(bankNode, rest[0].address, scopeMask("KYC"), await clock.in(30 * DAY)),
  );
  const policy = await policyIdFrom(registry, registry.createPolicy([rootId], ALL_CLASSES, []));
  return { ...fx, client, shortNode, policy };
}

/** The cleared-by marks rebuilt from the registry's logs, by identity. */
async function marksFromLogs(registry: Awaited<ReturnType<typeof withClient>>["registry"]) {
  const logs = await ethers.provider.getLogs({ address: await registry.getAddress(), fromBlock: 0 });
  return rebuildRegistry(registry.interface, logs).cleared;
}

describe("IdentityRegistry: issue 15.8 (migration ranks, cleared-by rank on freezes)", function () {
  describe("migrate", function () {
    it("15.8: a lower authority cannot move back a client a higher one moved", async function () {
      const { registry, regulator, bank, bankNode, subAgentNode, client } = await loadFixture(withClient);
      await expect(registry.connect(regulator).migrate(client, bankNode))
        .to.emit(registry, "IdentityMigrated")
        .withArgs(client, regulator.address, 0, subAgentNode, bankNode);
      expect((await registry.identity(client)).profileDepth).to.equal(0n);
      await expect(registry.connect(bank).migrate(client, subAgentNode))
        .to.be.revertedWithCustomError(registry, "ProfileSetByHigherAuthority")
        .withArgs(client, 0, 1);
      await registry.connect(regulator).migrate(client, subAgentNode);
      await expectRegistryMatchesLogs(registry);
    });

    it("15.8: migrating needs the profile's rank, as updating it does", async function () {
      const { registry, regulator, bank, bankNode, client } = await loadFixture(withClient);
      await registry.connect(regulator).renew(client, (await registry.identity(client)).expiry - 10n);
      await expect(registry.connect(bank).migrate(client, bankNode))
        .to.be.revertedWithCustomError(registry, "ProfileSetByHigherAuthority")
        .withArgs(client, 0, 1);
    });

    it("15.8: the expiry is re-checked against the new attester's lease", async function () {
      const { registry, clock, tree, bank, shortNode, client, investor, policy } = await loadFixture(withClient);
      const lease = (await tree.node(shortNode)).expiry;
      const expiry = (await registry.identity(client)).expiry;
      await expect(registry.connect(bank).migrate(client, shortNode))
        .to.be.revertedWithCustomError(registry, "ExpiryTooLate")
        .withArgs(expiry, lease);
      // Shorten first (anyone who manages may), then move.
      await registry.connect(bank).renew(client, lease);
      await expect(registry.connect(bank).migrate(client, shortNode)).to.emit(registry, "IdentityMigrated");
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.Eligible);
      void clock;
    });
  });

  describe("cleared-by rank on identity freezes", function () {
    it("15.8: a bank cannot re-freeze at once a client its regulator unfroze", async function () {
      const { registry, regulator, bank, subAgent, client } = await loadFixture(withClient);
      await registry.connect(bank).freeze(client, reason);
      await expect(registry.connect(regulator).unfreeze(client))
        .to.emit(registry, "IdentityUnfrozen")
        .withArgs(client, regulator.address, 0);
      let view = await registry.identity(client);
      expect([view.freezeCleared, view.clearedByDepth]).to.deep.equal([true, 0n]);
      for (const [who, depth] of [
        [bank, 1],
        [subAgent, 2],
      ] as const) {
        await expect(registry.connect(who).freeze(client, reason))
          .to.be.revertedWithCustomError(registry, "ClearedByHigherAuthority")
          .withArgs(client, 0, depth);
      }
      expect(await marksFromLogs(registry)).to.deep.equal(new Map([[client, 0n]]));
      // The regulator may freeze again; its freeze replaces the mark.
      await expect(registry.connect(regulator).freeze(client, reason))
        .to.emit(registry, "IdentityFrozen")
        .withArgs(client, regulator.address, 0, reason);
      view = await registry.identity(client);
      expect([view.frozen, view.freezeCleared, view.clearedByDepth]).to.deep.equal([true, false, 0n]);
      expect(await marksFromLogs(registry)).to.deep.equal(new Map());
      await expectRegistryMatchesLogs(registry);
    });

    it("15.8: a rank that lifts its own freeze may freeze again; the ranks below it may not", async function () {
      const { registry, bank, subAgent, client } = await loadFixture(withClient);
      await registry.connect(subAgent).freeze(client, reason);
      await expect(registry.connect(subAgent).unfreeze(client))
        .to.emit(registry, "IdentityUnfrozen")
        .withArgs(client, subAgent.address, 2);
      await expect(registry.connect(subAgent).freeze(client, reason)).to.emit(registry, "IdentityFrozen");
      await registry.connect(bank).unfreeze(client);
      await expect(registry.connect(subAgent).freeze(client, reason))
        .to.be.revertedWithCustomError(registry, "ClearedByHigherAuthority")
        .withArgs(client, 1, 2);
      await expect(registry.connect(bank).freeze(client, reason)).to.emit(registry, "IdentityFrozen");
      expect(await marksFromLogs(registry)).to.deep.equal(new Map());
      void YEAR;
    });
  });
});
