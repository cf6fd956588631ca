import { setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { IdentityRegistry, IIdentitySuccession, RegistryImporter } from "../../typechain-types";
import { ImportOutcome } from "../../lib/registry";
import {
  ALL_CLASSES,
  addWalletWithConsent,
  consentFor,
  Eligibility,
  identityIdFrom,
  newWallet,
  NO_CONSENT,
  policyIdFrom,
  registerWithConsent,
  registrationFor,
  registryInSeconds,
  ReporterRole,
} from "../helpers/fixtures";
import { expectRegistryMatchesLogs } from "../helpers/registryReplay";
import { reconcileRegistry } from "../../lib/replay/reconcile";
import { successorOf } from "../../lib/replay/registry";

const reason = ethers.id("lost phone");
/** IIdentitySuccession.REPLACEMENT_NOTICE: 7 days. */
const NOTICE = 7 * 24 * 3600;

/** A signer for a throwaway wallet (impersonated, funded for gas). */
async function signerOf(wallet: string) {
  await setBalance(wallet, ethers.parseEther("1"));
  return ethers.getImpersonatedSigner(wallet);
}

/** The registry with its succession paths (served by its module through the fallback). */
async function succession(registry: IdentityRegistry): Promise<IIdentitySuccession> {
  return (await ethers.getContractAt(
    "IIdentitySuccession",
    await registry.getAddress(),
  )) as unknown as IIdentitySuccession;
}

/** A client of the bank (depth 1) with one wallet, a client of the sub-agent (depth 2), an open policy. */
async function withClient() {
  const fx = await registryInSeconds();
  const { registry, clock, bank, bankNode, subAgent, subAgentNode, rootId } = fx;
  const lost = newWallet();
  const id = await identityIdFrom(
    registry,
    registerWithConsent(registry, bank, bankNode, await registrationFor(clock, lost)),
  );
  const other = newWallet();
  const otherId = await identityIdFrom(
    registry,
    registerWithConsent(registry, subAgent, subAgentNode, await registrationFor(clock, other)),
  );
  const policy = await policyIdFrom(registry, registry.createPolicy([rootId], ALL_CLASSES, []));
  return { ...fx, s: await succession(registry), id, lost, otherId, other, policy };
}

describe("IdentityRegistry: lost wallets and registry succession (issue 17)", function () {
  describe("wallet replacement", function () {
    it("17 lost wallet: the attester replaces it in one transaction; the lost wallet loses every power at once", async function () {
      const { registry, s, bank, bankNode, clock, id, lost, policy } = await loadFixture(withClient);
      const successor = newWallet();
      expect(await s.REPLACEMENT_NOTICE()).to.equal(BigInt(NOTICE));
      expect(await registry.eligibility(lost, policy)).to.equal(Eligibility.Eligible);
      const consent = await consentFor(registry, successor, { identityId: id });
      const at = await clock.in(100);
      await time.setNextBlockTimestamp(at);
      await expect(s.connect(bank).replaceWallet(id, lost, successor, reason, consent))
        .to.emit(s, "WalletReplaced")
        .withArgs(id, lost, successor, bankNode, reason, at + NOTICE);
      await clock.advanceTo(at + NOTICE);
      expect(await registry.identityOf(lost)).to.equal(0n);
      expect(await registry.identityOf(successor)).to.equal(id);
      expect(await registry.eligibility(lost, policy)).to.equal(Eligibility.UnknownWallet);
      expect(await registry.eligibility(successor, policy)).to.equal(Eligibility.Eligible);
      expect(await registry.successorOf(lost)).to.equal(successor);
      expect(await registry.successorOf(successor)).to.equal(ethers.ZeroAddress);
      // Never bound again, by any path.
      await expect(addWalletWithConsent(registry, bank, id, lost))
        .to.be.revertedWithCustomError(registry, "WalletWasReplaced")
        .withArgs(lost, successor);
      await expect(
        registerWithConsent(registry, bank, bankNode, await registrationFor(clock, lost)),
      ).to.be.revertedWithCustomError(registry, "WalletWasReplaced");
      await expectRegistryMatchesLogs(registry);
    });

    it("17 lost wallet: an ancestor (the regulator) may replace it; a lower rank or a stranger may not", async function () {
      const { registry, s, regulator, subAgent, outsider, id, lost } = await loadFixture(withClient);
      const successor = newWallet();
      const consent = await consentFor(registry, successor, { identityId: id });
      await expect(s.connect(subAgent).replaceWallet(id, lost, successor, reason, consent))
        .to.be.revertedWithCustomError(s, "NotManager")
        .withArgs(subAgent.address, id, 2n);
      await expect(
        s.connect(outsider).replaceWallet(id, lost, successor, reason, consent),
      ).to.be.revertedWithCustomError(s, "NotManager");
      await expect(s.connect(regulator).replaceWallet(id, lost, successor, reason, consent)).to.emit(
        s,
        "WalletReplaced",
      );
    });

    it("17 lost wallet: a successor of another identity, no consent, zero or the lost wallet itself are refused", async function () {
      const { registry, s, bank, id, lost, otherId, other } = await loadFixture(withClient);
      await expect(
        s.connect(bank).replaceWallet(id, lost, other, reason, await consentFor(registry, other, { identityId: id })),
      )
        .to.be.revertedWithCustomError(s, "WalletAlreadyRegistered")
        .withArgs(other, otherId);
      const successor = newWallet();
      await expect(s.connect(bank).replaceWallet(id, lost, successor, reason, NO_CONSENT))
        .to.be.revertedWithCustomError(s, "InvalidConsent")
        .withArgs(successor, id, 0n);
      await expect(s.connect(bank).replaceWallet(id, lost, lost, reason, NO_CONSENT))
        .to.be.revertedWithCustomError(s, "InvalidSuccessor")
        .withArgs(lost, lost);
      await expect(
        s.connect(bank).replaceWallet(id, lost, ethers.ZeroAddress, reason, NO_CONSENT),
      ).to.be.revertedWithCustomError(s, "InvalidSuccessor");
      await expect(s.connect(bank).replaceWallet(id, other, successor, reason, NO_CONSENT))
        .to.be.revertedWithCustomError(s, "WalletNotInIdentity")
        .withArgs(other, id);
    });

    it("17 lost wallet: a listed wallet is not replaced (its holdings stay frozen in place)", async function () {
      const { registry, s, tree, regulator, bank, id, lost, rootId } = await loadFixture(withClient);
      await tree.connect(regulator).addSanction(rootId, lost, 0, reason, registry);
      const successor = newWallet();
      await expect(
        s
          .connect(bank)
          .replaceWallet(id, lost, successor, reason, await consentFor(registry, successor, { identityId: id })),
      ).to.be.revertedWithCustomError(tree, "PartySanctioned");
    });

    it("17 lost wallet: a wallet of the same identity may succeed without a new consent", async function () {
      const { registry, s, bank, id, lost } = await loadFixture(withClient);
      const second = newWallet();
      await addWalletWithConsent(registry, bank, id, second);
      await s.connect(bank).replaceWallet(id, lost, second, reason, NO_CONSENT);
      expect(await registry.wallets(id, 0, 16)).to.deep.equal([second]);
      await time.increase(NOTICE);
      expect(await registry.successorOf(lost)).to.equal(second);
    });

    it("17 lost wallet: a freeze binds: below the freezer's rank no replacement", async function () {
      const { registry, s, regulator, bank, id, lost } = await loadFixture(withClient);
      await registry.connect(regulator).freeze(id, reason);
      const successor = newWallet();
      const consent = await consentFor(registry, successor, { identityId: id });
      await expect(s.connect(bank).replaceWallet(id, lost, successor, reason, consent))
        .to.be.revertedWithCustomError(s, "FrozenByHigherAuthority")
        .withArgs(id, 0n, 1n);
      await s.connect(regulator).replaceWallet(id, lost, successor, reason, consent);
      expect((await registry.identity(id)).frozen).to.equal(true); // the identity stays frozen
    });

    it("17 lost wallet: successorOf follows a chain of replacements to its end", async function () {
      const { registry, s, bank, id, lost } = await loadFixture(withClient);
      const second = newWallet();
      const third = newWallet();
      await s
        .connect(bank)
        .replaceWallet(id, lost, second, reason, await consentFor(registry, second, { identityId: id }));
      await s
        .connect(bank)
        .replaceWallet(id, second, third, reason, await consentFor(registry, third, { identityId: id }));
      await time.increase(NOTICE);
      expect(await registry.successorOf(lost)).to.equal(third);
      expect(await registry.successorOf(second)).to.equal(third);
      // The audit replayer's reconciliation (audit:replay) agrees with the views, successorOf included.
      const rebuilt = await expectRegistryMatchesLogs(registry);
      expect(rebuilt.successors.size).to.equal(2);
      expect((await reconcileRegistry(registry, rebuilt)).list).to.deep.equal([]);
    });

    it("17 review H1: successorOf stays zero through the notice and names the successor from its end on", async function () {
      const { registry, s, bank, clock, id, lost } = await loadFixture(withClient);
      const successor = newWallet();
      const at = await clock.in(50);
      await time.setNextBlockTimestamp(at);
      await s
        .connect(bank)
        .replaceWallet(id, lost, successor, reason, await consentFor(registry, successor, { identityId: id }));
      expect(await s.replacementNotice(lost)).to.deep.equal([successor, id, BigInt(at + NOTICE), 1n]);
      expect(await registry.successorOf(lost)).to.equal(ethers.ZeroAddress);
      await clock.advanceTo(at + NOTICE - 1);
      expect(await registry.successorOf(lost)).to.equal(ethers.ZeroAddress);
      await clock.advanceTo(at + NOTICE);
      expect(await registry.successorOf(lost)).to.equal(successor);
      // The replayer agrees at the registry's time (and with every notice passed).
      const rebuilt = await expectRegistryMatchesLogs(registry);
      expect(successorOf(rebuilt, lost, await registry.currentTime())).to.equal(successor);
      expect(successorOf(rebuilt, lost, BigInt(at + NOTICE - 1))).to.equal(ethers.ZeroAddress);
    });

    it("17 review H1: the lost wallet contests during the notice: the replacement is void and it is back in its identity", async function () {
      const { registry, s, bank, clock, id, lost, policy } = await loadFixture(withClient);
      const successor = newWallet();
      await s
        .connect(bank)
        .replaceWallet(id, lost, successor, reason, await consentFor(registry, successor, { identityId: id }));
      const cry = ethers.id("not lost");
      await expect(s.connect(await signerOf(lost)).contestReplacement(lost, cry))
        .to.emit(s, "ReplacementContested")
        .withArgs(id, lost, successor, lost, cry)
        .and.to.emit(s, "WalletAdded")
        .withArgs(id, lost, lost);
      expect(await registry.identityOf(lost)).to.equal(id);
      expect(await registry.eligibility(lost, policy)).to.equal(Eligibility.Eligible);
      await clock.advance(NOTICE + 1);
      expect(await registry.successorOf(lost)).to.equal(ethers.ZeroAddress);
      expect(await s.replacementNotice(lost)).to.deep.equal([ethers.ZeroAddress, 0n, 0n, 0n]);
      await expect(s.connect(await signerOf(lost)).contestReplacement(lost, cry))
        .to.be.revertedWithCustomError(s, "NoPendingReplacement")
        .withArgs(lost);
      const rebuilt = await expectRegistryMatchesLogs(registry);
      expect((await reconcileRegistry(registry, rebuilt)).list).to.deep.equal([]);
    });

    it("17 review H1: only a manager ranked strictly above the replacer contests; nobody once the notice is over", async function () {
      const { registry, s, bank, subAgent, outsider, clock, otherId, other } = await loadFixture(withClient);
      const successor = newWallet();
      const at = await clock.in(10);
      await time.setNextBlockTimestamp(at);
      await s
        .connect(subAgent)
        .replaceWallet(
          otherId,
          other,
          successor,
          reason,
          await consentFor(registry, successor, { identityId: otherId }),
        );
      // The replacer's own rank (depth 2) and a stranger may not; the successor is no contester either.
      await expect(s.connect(subAgent).contestReplacement(other, reason))
        .to.be.revertedWithCustomError(s, "NotContester")
        .withArgs(subAgent.address, other, 2n);
      await expect(s.connect(outsider).contestReplacement(other, reason)).to.be.revertedWithCustomError(
        s,
        "NotContester",
      );
      await expect(
        s.connect(await signerOf(successor)).contestReplacement(other, reason),
      ).to.be.revertedWithCustomError(s, "NotContester");
      // The bank (depth 1) may, until the notice's last second.
      const snapshot = await ethers.provider.send("evm_snapshot", []);
      await time.setNextBlockTimestamp(at + NOTICE - 1);
      await expect(s.connect(bank).contestReplacement(other, reason)).to.emit(s, "ReplacementContested");
      expect(await registry.identityOf(other)).to.equal(otherId);
      await ethers.provider.send("evm_revert", [snapshot]);
      await time.setNextBlockTimestamp(at + NOTICE);
      await expect(s.connect(bank).contestReplacement(other, reason))
        .to.be.revertedWithCustomError(s, "ReplacementNoticeOver")
        .withArgs(other, at + NOTICE, at + NOTICE);
      expect(await registry.successorOf(other)).to.equal(successor);
    });

    it("17 review L4: a replacement under an attester a higher rank suspended is that rank's", async function () {
      const { registry, s, tree, regulator, bank, subAgentNode, otherId, other } = await loadFixture(withClient);
      await tree.connect(regulator).suspend(subAgentNode, reason);
      const successor = newWallet();
      const consent = await consentFor(registry, successor, { identityId: otherId });
      await expect(s.connect(bank).replaceWallet(otherId, other, successor, reason, consent))
        .to.be.revertedWithCustomError(s, "AttesterBlockedByHigherAuthority")
        .withArgs(subAgentNode, 0n, 1n);
      await expect(s.connect(regulator).replaceWallet(otherId, other, successor, reason, consent)).to.emit(
        s,
        "WalletReplaced",
      );
    });

    it("17 review L5: past 16 replacements successorOf is zero, never an intermediate wallet", async function () {
      const { registry, s, bank, id, lost } = await loadFixture(withClient);
      const chain = [lost];
      for (let i = 0; i < 17; i++) {
        const next = newWallet();
        await s
          .connect(bank)
          .replaceWallet(id, chain[i], next, reason, await consentFor(registry, next, { identityId: id }));
        chain.push(next);
      }
      await time.increase(NOTICE);
      expect(await registry.successorOf(chain[1])).to.equal(chain[17]); // 16 steps: followed to the end
      expect(await registry.successorOf(lost)).to.equal(ethers.ZeroAddress); // 17 steps: nothing
      const rebuilt = await expectRegistryMatchesLogs(registry);
      expect(successorOf(rebuilt, lost)).to.equal(ethers.ZeroAddress);
    });

    it("17 lost wallet: the module refuses a direct call", async function () {
      const { registry, bank, id, lost } = await loadFixture(withClient);
      const module = await ethers.getContractAt("IdentityRegistryModule", await registry.MODULE());
      await expect(
        module.connect(bank).replaceWallet(id, lost, newWallet(), reason, NO_CONSENT),
      ).to.be.revertedWithCustomError(module, "NotDelegated");
    });
  });

  describe("succession: import into a successor registry", function () {
    /** The old registry with clients in every shape, and a successor with its importer named by the governor. */
    async function withSuccessor() {
      const fx = await withClient();
      const { registry, tree, governor, regulator, bank, bankNode, clock } = fx;
      // A second wallet, a freeze by the root, a revoked identity, a cleared-by mark.
      await addWalletWithConsent(registry, bank, fx.id, newWallet());
      await registry.connect(regulator).freeze(fx.id, reason);
      const gone = await identityIdFrom(
        registry,
        registerWithConsent(registry, bank, bankNode, await registrationFor(clock, newWallet())),
      );
      await registry.connect(bank).revoke(gone, reason);
      await registry.connect(bank).freeze(fx.otherId, reason);
      await registry.connect(bank).unfreeze(fx.otherId);
      const next = (await ethers.deployContract("IdentityRegistry", [
        await tree.getAddress(),
        1,
      ])) as unknown as IdentityRegistry;
      await (await tree.connect(governor).setReporter(next, ReporterRole.Reporter)).wait();
      const importer = (await ethers.deployContract("RegistryImporter", [
        await registry.getAddress(),
        await next.getAddress(),
      ])) as unknown as RegistryImporter;
      const nextS = await succession(next);
      return { ...fx, next, nextS, importer, gone };
    }

    it("17 succession: only the tree's governor names the importer, once, before any registration", async function () {
      const { next, nextS, importer, governor, bank, bankNode, clock } = await loadFixture(withSuccessor);
      await expect(nextS.connect(bank).setImporter(importer, 10))
        .to.be.revertedWithCustomError(nextS, "NotTreeGovernor")
        .withArgs(bank.address, governor.address);
      await expect(nextS.connect(governor).setImporter(importer, 10))
        .to.emit(nextS, "ImporterSet")
        .withArgs(await importer.getAddress(), 10n);
      await expect(nextS.connect(governor).setImporter(importer, 10)).to.be.revertedWithCustomError(
        nextS,
        "ImportNotOpen",
      );
      // The successor's own registrations start above the reserved ids.
      const own = await identityIdFrom(
        next,
        registerWithConsent(next, bank, bankNode, await registrationFor(clock, newWallet())),
      );
      expect(own).to.equal(11n);
      await expect(nextS.connect(bank).importIdentity(1, 1, ethers.ZeroHash, [], bank.address))
        .to.be.revertedWithCustomError(nextS, "NotImporter")
        .withArgs(bank.address);
    });

    it("17 review L3: setImporter refuses a zero importer and a reservation above MAX_RESERVED_IDS", async function () {
      const { nextS, importer, governor } = await loadFixture(withSuccessor);
      await expect(nextS.connect(governor).setImporter(ethers.ZeroAddress, 10)).to.be.revertedWithCustomError(
        nextS,
        "ZeroImporter",
      );
      const max = await nextS.MAX_RESERVED_IDS();
      expect(max).to.equal(2n ** 63n - 1n);
      await expect(nextS.connect(governor).setImporter(importer, max + 1n))
        .to.be.revertedWithCustomError(nextS, "TooManyReservedIds")
        .withArgs(max + 1n, max);
      await nextS.connect(governor).setImporter(importer, max);
    });

    it("17 review L2: the governor closes the import; the importer imports nothing more", async function () {
      const { registry, next, nextS, importer, governor, bank, id } = await loadFixture(withSuccessor);
      await expect(nextS.connect(governor).closeImport())
        .to.be.revertedWithCustomError(nextS, "ImportClosed")
        .withArgs(ethers.ZeroAddress);
      await nextS.connect(governor).setImporter(importer, await registry.identityCount());
      await expect(nextS.connect(bank).closeImport()).to.be.revertedWithCustomError(nextS, "NotTreeGovernor");
      await expect(nextS.connect(governor).closeImport())
        .to.emit(nextS, "ImportEnded")
        .withArgs(await importer.getAddress());
      expect(await nextS.importer()).to.equal(ethers.ZeroAddress);
      await expect(importer.connect(governor).importIdentities([id]))
        .to.be.revertedWithCustomError(nextS, "NotImporter")
        .withArgs(await importer.getAddress());
      await expect(nextS.connect(governor).closeImport()).to.be.revertedWithCustomError(nextS, "ImportClosed");
      await expect(nextS.connect(governor).setImporter(importer, 1)).to.be.revertedWithCustomError(
        nextS,
        "ImportNotOpen",
      );
      const rebuilt = await expectRegistryMatchesLogs(next);
      expect((await reconcileRegistry(next, rebuilt)).list).to.deep.equal([]);
    });

    it("17 succession: a governed import keeps ids, every field and rank, wallets in order; a re-run changes nothing", async function () {
      const { registry, next, nextS, importer, governor, bank, regulator, id, otherId, gone, rootId } =
        await loadFixture(withSuccessor);
      const count = await registry.identityCount();
      await nextS.connect(governor).setImporter(importer, count);
      const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
      await expect(importer.connect(governor).importIdentities(ids))
        .to.emit(nextS, "IdentityImported")
        .and.to.emit(nextS, "WalletAdded");
      for (const i of ids) {
        expect(await next.identity(i)).to.deep.equal(await registry.identity(i), `identity ${i}`);
        expect(await next.wallets(i, 0, 16)).to.deep.equal(await registry.wallets(i, 0, 16), `wallets ${i}`);
      }
      // Imported frozen, with the root's rank: the bank cannot lift the regulator's freeze there either.
      expect((await next.identity(id)).frozen).to.equal(true);
      await expect(next.connect(bank).unfreeze(id)).to.be.revertedWithCustomError(next, "FrozenByHigherAuthority");
      await next.connect(regulator).unfreeze(id);
      expect((await next.identity(gone)).status).to.equal(2n);
      expect((await next.identity(otherId)).freezeCleared).to.equal(true);
      // Eligible there under the successor's own policy, as before.
      const policy = await policyIdFrom(next, next.createPolicy([rootId], ALL_CLASSES, []));
      const [wallet] = await next.wallets(otherId, 0, 1);
      expect(await next.eligibility(wallet, policy)).to.equal(Eligibility.Eligible);
      // A re-run (a double import) overwrites nothing: every record is skipped as already present.
      const rerun = importer.connect(governor).importIdentities(ids);
      await expect(rerun)
        .to.emit(importer, "ImportSkipped")
        .withArgs(1n, ImportOutcome.AlreadyPresent, governor.address);
      await expect(rerun).not.to.emit(nextS, "IdentityImported");
      const rebuilt = await expectRegistryMatchesLogs(next);
      expect((await reconcileRegistry(next, rebuilt)).list).to.deep.equal([]);
    });

    it("17 succession: an attester imports its own identities; a non-governor cannot import another's", async function () {
      const { registry, next, nextS, importer, governor, bank, subAgent, outsider, id, otherId } =
        await loadFixture(withSuccessor);
      await nextS.connect(governor).setImporter(importer, await registry.identityCount());
      await expect(importer.connect(outsider).importIdentities([id]))
        .to.be.revertedWithCustomError(importer, "NotImportAuthority")
        .withArgs(outsider.address, id, (await registry.identity(id)).attester);
      // The sub-agent attests otherId, not the bank's client id.
      await expect(importer.connect(subAgent).importIdentities([otherId, id])).to.be.revertedWithCustomError(
        importer,
        "NotImportAuthority",
      );
      await importer.connect(subAgent).importIdentities([otherId]);
      await importer.connect(bank).importIdentities([id]); // the bank attests id (and manages the sub-agent's too)
      expect(await next.identityOf((await registry.wallets(id, 0, 1))[0])).to.equal(id);
    });

    it("17 succession: batches are bounded; unknown ids, ids outside the reserved range and taken wallets are skipped", async function () {
      const { registry, next, nextS, importer, governor, bank, bankNode, clock, id, gone } =
        await loadFixture(withSuccessor);
      await expect(importer.connect(governor).importIdentities([]))
        .to.be.revertedWithCustomError(importer, "ImportBatchSize")
        .withArgs(0n, 32n);
      await expect(importer.connect(governor).importIdentities(Array.from({ length: 33 }, () => 1n)))
        .to.be.revertedWithCustomError(importer, "ImportBatchSize")
        .withArgs(33n, 32n);
      // Reserve only the first id: the successor's own registration below takes id 2, and `gone` (3) lies above.
      await nextS.connect(governor).setImporter(importer, 1);
      // The wallet of id is registered in the successor first: id cannot be imported (nothing of it is).
      const [taken] = await registry.wallets(id, 0, 1);
      await registerWithConsent(next, bank, bankNode, await registrationFor(clock, taken));
      const tx = importer.connect(governor).importIdentities([id, gone, 99n]);
      await expect(tx).to.emit(importer, "ImportSkipped").withArgs(id, ImportOutcome.WalletTaken, governor.address);
      await expect(tx)
        .to.emit(importer, "ImportSkipped")
        .withArgs(gone, ImportOutcome.OutsideReservedRange, governor.address);
      await expect(tx)
        .to.emit(importer, "ImportSkipped")
        .withArgs(99n, ImportOutcome.UnknownInPredecessor, governor.address);
      await expect(next.identity(id)).to.be.revertedWithCustomError(next, "UnknownIdentity");
    });

    it("17 succession: an importer of registries of two trees is refused", async function () {
      const { registry } = await loadFixture(withSuccessor);
      const [, , , , , , , , , other] = await ethers.getSigners();
      const otherTree = await ethers.deployContract("AuthorityTree", [other.address, 1]);
      const foreign = await ethers.deployContract("IdentityRegistry", [await otherTree.getAddress(), 1]);
      const factory = await ethers.getContractFactory("RegistryImporter");
      await expect(factory.deploy(registry, foreign)).to.be.revertedWithCustomError(factory, "RegistriesMismatch");
      await expect(factory.deploy(registry, registry)).to.be.revertedWithCustomError(factory, "RegistriesMismatch");
    });
  });
});
