import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import {
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
  YEAR,
} from "../helpers/fixtures";

const reason = ethers.encodeBytes32String("test");

/** The registry world plus a second root (held by `auditor`) with a KYC node held by `provider`. */
async function twoRoots() {
  const fx = await registryInSeconds();
  const { tree, clock, governor, auditor, provider } = fx;
  const end = await clock.in(2 * YEAR);
  const root2 = await nodeIdFrom(tree, tree.connect(governor).createRoot(auditor.address, end, "Regulator Y"));
  const node2 = await nodeIdFrom(tree, tree.connect(auditor).grant(root2, provider.address, Scope.KYC, end));
  return { ...fx, root2, node2 };
}

describe("IdentityRegistry: policies", function () {
  describe("creation", function () {
    it("lets anyone create immutable policies, with ids from 1, and shows their contents", async function () {
      const { registry, rootId, root2, outsider } = await loadFixture(twoRoots);
      expect(await registry.policyCount()).to.equal(0n);
      expect(await registry.policyExists(1)).to.equal(false);
      const classes = ClientClass.INSTITUTIONAL | ClientClass.ACCREDITED;
      await expect(registry.connect(outsider).createPolicy([root2, rootId], classes, [999, 1, 408, 256]))
        .to.emit(registry, "PolicyCreated")
        .withArgs(1, outsider.address, [root2, rootId], classes, [999, 1, 408, 256]);
      await registry.createPolicy([rootId], ALL_CLASSES, []);
      expect(await registry.policyCount()).to.equal(2n);
      expect(await registry.policyExists(0)).to.equal(false);
      expect(await registry.policyExists(1)).to.equal(true);
      expect(await registry.policyExists(2)).to.equal(true);
      expect(await registry.policyExists(3)).to.equal(false);

      const p = await registry.policy(1);
      expect(p.trustedRoots).to.deep.equal([root2, rootId]);
      expect(p.allowedClasses).to.equal(BigInt(classes));
      expect(p.barredJurisdictions).to.deep.equal([1n, 256n, 408n, 999n]);
      expect(await registry.isTrustedRoot(1, rootId)).to.equal(true);
      expect(await registry.isTrustedRoot(2, root2)).to.equal(false);
      for (const code of [1, 256, 408, 999]) expect(await registry.isJurisdictionBarred(1, code)).to.equal(true);
      for (const code of [0, 2, 255, 257, 998, 1000, 65535]) {
        expect(await registry.isJurisdictionBarred(1, code)).to.equal(false);
      }
      const p2 = await registry.policy(2);
      expect(p2.barredJurisdictions).to.deep.equal([]);
      await expect(registry.policy(3)).to.be.revertedWithCustomError(registry, "UnknownPolicy").withArgs(3);
      await expect(registry.policy(0)).to.be.revertedWithCustomError(registry, "UnknownPolicy").withArgs(0);
    });

    it("bounds and validates trusted roots", async function () {
      const { registry, tree, clock, governor, regulator, rootId, bankNode } = await loadFixture(twoRoots);
      await expect(registry.createPolicy([], 1, []))
        .to.be.revertedWithCustomError(registry, "InvalidTrustedRootCount")
        .withArgs(0, 16);
      await expect(registry.createPolicy([bankNode], 1, []))
        .to.be.revertedWithCustomError(registry, "NotARoot")
        .withArgs(bankNode);
      await expect(registry.createPolicy([0n], 1, []))
        .to.be.revertedWithCustomError(registry, "NotARoot")
        .withArgs(0n);
      const unknown = (await tree.nodeCount()) + 1n;
      await expect(registry.createPolicy([rootId, unknown], 1, []))
        .to.be.revertedWithCustomError(registry, "NotARoot")
        .withArgs(unknown);
      await expect(registry.createPolicy([rootId, rootId], 1, []))
        .to.be.revertedWithCustomError(registry, "DuplicateTrustedRoot")
        .withArgs(rootId);

      const roots = [rootId];
      while (roots.length < 17) {
        roots.push(
          await nodeIdFrom(tree, tree.connect(governor).createRoot(regulator.address, await clock.in(DAY), "r")),
        );
      }
      await expect(registry.createPolicy(roots, 1, []))
        .to.be.revertedWithCustomError(registry, "InvalidTrustedRootCount")
        .withArgs(17, 16);
      await registry.createPolicy(roots.slice(0, 16), 1, []);
      expect((await registry.policy(1)).trustedRoots).to.deep.equal(roots.slice(0, 16));
      // A retired root may be named; its attestations are simply never valid.
      await tree.connect(governor).revoke(roots[16], reason);
      await registry.createPolicy([roots[16]], 1, []);
    });

    it("validates the class mask", async function () {
      const { registry, rootId } = await loadFixture(twoRoots);
      for (const bad of [0, 16, 0x80, 0xff]) {
        await expect(registry.createPolicy([rootId], bad, []))
          .to.be.revertedWithCustomError(registry, "InvalidClasses")
          .withArgs(bad);
      }
      await registry.createPolicy([rootId], 15, []);
    });

    it("bounds and validates barred jurisdictions", async function () {
      const { registry, rootId } = await loadFixture(twoRoots);
      for (const bad of [0, 1000, 1023, 1024, 65535]) {
        await expect(registry.createPolicy([rootId], 1, [4, bad]))
          .to.be.revertedWithCustomError(registry, "InvalidJurisdiction")
          .withArgs(bad);
      }
      await expect(registry.createPolicy([rootId], 1, [4, 840, 4]))
        .to.be.revertedWithCustomError(registry, "DuplicateBarredJurisdiction")
        .withArgs(4);
      const many = Array.from({ length: 65 }, (_, i) => 15 * i + 3);
      await expect(registry.createPolicy([rootId], 1, many))
        .to.be.revertedWithCustomError(registry, "TooManyBarredJurisdictions")
        .withArgs(65, 64);
      await registry.createPolicy([rootId], 1, many.slice(0, 64));
      expect((await registry.policy(1)).barredJurisdictions).to.deep.equal(many.slice(0, 64).map(BigInt));
    });
  });

  describe("eligibility against a policy", function () {
    it("needs the identity's classes to share at least one bit with the allowed classes", async function () {
      const { registry, clock, bank, bankNode, rootId, investor } = await loadFixture(twoRoots);
      await registerWithConsent(
        registry,
        bank,
        bankNode,
        await registrationFor(clock, investor.address, {
          classes: ClientClass.ACCREDITED | ClientClass.PROFESSIONAL,
        }),
      );
      const cases: [number, number][] = [
        [ClientClass.INSTITUTIONAL, Eligibility.ClassNotAllowed],
        [ClientClass.RETAIL | ClientClass.INSTITUTIONAL, Eligibility.ClassNotAllowed],
        [ClientClass.PROFESSIONAL, Eligibility.Eligible],
        [ClientClass.ACCREDITED | ClientClass.RETAIL, Eligibility.Eligible],
        [ALL_CLASSES, Eligibility.Eligible],
      ];
      for (const [allowed, expected] of cases) {
        const policy = await policyIdFrom(registry, registry.createPolicy([rootId], allowed, []));
        expect(await registry.eligibility(investor.address, policy)).to.equal(expected);
        expect(await registry.isEligible(investor.address, policy)).to.equal(expected === Eligibility.Eligible);
      }
    });

    it("refuses clients of barred jurisdictions, on every word of the bitmap", async function () {
      const { registry, clock, bank, bankNode, rootId } = await loadFixture(twoRoots);
      const barred = [1, 255, 256, 511, 512, 767, 768, 999, 408];
      const policy = await policyIdFrom(registry, registry.createPolicy([rootId], ALL_CLASSES, barred));
      const codes = [...barred, 2, 254, 257, 510, 513, 766, 769, 998, 840];
      for (const code of codes) {
        const wallet = newWallet();
        await registerWithConsent(
          registry,
          bank,
          bankNode,
          await registrationFor(clock, wallet, { jurisdiction: code }),
        );
        expect(await registry.eligibility(wallet, policy)).to.equal(
          barred.includes(code) ? Eligibility.JurisdictionBarred : Eligibility.Eligible,
          `jurisdiction ${code}`,
        );
      }
    });

    it("accepts only clients whose attesting node belongs to a trusted root", async function () {
      const { registry, clock, bank, bankNode, provider, node2, rootId, root2, investor, outsider } =
        await loadFixture(twoRoots);
      await registerWithConsent(registry, bank, bankNode, await registrationFor(clock, investor.address));
      await registerWithConsent(registry, provider, node2, await registrationFor(clock, outsider.address));
      const only1 = await policyIdFrom(registry, registry.createPolicy([rootId], ALL_CLASSES, []));
      const only2 = await policyIdFrom(registry, registry.createPolicy([root2], ALL_CLASSES, []));
      const both = await policyIdFrom(registry, registry.createPolicy([root2, rootId], ALL_CLASSES, []));
      expect(await registry.eligibility(investor.address, only1)).to.equal(Eligibility.Eligible);
      expect(await registry.eligibility(investor.address, only2)).to.equal(Eligibility.RootNotTrusted);
      expect(await registry.eligibility(outsider.address, only1)).to.equal(Eligibility.RootNotTrusted);
      expect(await registry.eligibility(outsider.address, only2)).to.equal(Eligibility.Eligible);
      expect(await registry.eligibility(investor.address, both)).to.equal(Eligibility.Eligible);
      expect(await registry.eligibility(outsider.address, both)).to.equal(Eligibility.Eligible);
    });

    it("reports an unknown policy before anything else, then an unknown wallet", async function () {
      const { registry, rootId, investor, bank, bankNode, clock } = await loadFixture(twoRoots);
      await registerWithConsent(registry, bank, bankNode, await registrationFor(clock, investor.address));
      expect(await registry.eligibility(investor.address, 1)).to.equal(Eligibility.UnknownPolicy);
      expect(await registry.eligibility(investor.address, 0)).to.equal(Eligibility.UnknownPolicy);
      await registry.createPolicy([rootId], ALL_CLASSES, []);
      expect(await registry.eligibility(newWallet(), 1)).to.equal(Eligibility.UnknownWallet);
      expect(await registry.eligibility(ethers.ZeroAddress, 1)).to.equal(Eligibility.UnknownWallet);
      expect(await registry.isEligible(investor.address, 1)).to.equal(true);
      expect(await registry.isEligible(investor.address, 2)).to.equal(false);
    });

    it("returns the first failing reason in the documented order", async function () {
      const { registry, tree, clock, regulator, bank, bankNode, rootId, root2, investor, outsider } =
        await loadFixture(twoRoots);
      const profile = { classes: ClientClass.RETAIL, jurisdiction: 840 };
      const id = await identityIdFrom(
        registry,
        registerWithConsent(registry, bank, bankNode, await registrationFor(clock, investor.address, profile)),
      );
      const revoked = await identityIdFrom(
        registry,
        registerWithConsent(registry, bank, bankNode, await registrationFor(clock, outsider.address, profile)),
      );
      // A policy the clients fail on every count: untrusted root, class, jurisdiction.
      const policy = await policyIdFrom(registry, registry.createPolicy([root2], ClientClass.INSTITUTIONAL, [840]));
      await registry.connect(bank).freeze(id, reason);
      await registry.connect(bank).freeze(revoked, reason);
      await registry.connect(bank).revoke(revoked, reason);
      await clock.advance(YEAR);
      await tree.connect(regulator).suspend(bankNode, reason);

      // Peel the failures off one at a time, in order.
      expect(await registry.eligibility(outsider.address, policy)).to.equal(Eligibility.IdentityRevoked);
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.Frozen);
      await registry.connect(regulator).unfreeze(id);
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.Expired);
      await registry.connect(regulator).renew(id, await clock.in(YEAR));
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.ClassNotAllowed);
      await registry.connect(regulator).update(id, ClientClass.INSTITUTIONAL, 840, ethers.id("e"));
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.RootNotTrusted);
      // Policies are immutable: the next steps use new ones that drop one more obstacle each.
      const trusting = await policyIdFrom(registry, registry.createPolicy([rootId], ClientClass.INSTITUTIONAL, [840]));
      expect(await registry.eligibility(investor.address, trusting)).to.equal(Eligibility.JurisdictionBarred);
      const open = await policyIdFrom(registry, registry.createPolicy([rootId], ClientClass.INSTITUTIONAL, []));
      expect(await registry.eligibility(investor.address, open)).to.equal(Eligibility.AttesterInvalid);
      await tree.connect(regulator).resume(bankNode);
      expect(await registry.eligibility(investor.address, open)).to.equal(Eligibility.Eligible);
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.RootNotTrusted);
    });

    it("is what the bench's EligibilityProbe checks: it passes for an eligible client and reverts with the reason", async function () {
      const { registry, clock, bank, bankNode, rootId, investor, outsider } = await loadFixture(twoRoots);
      await registerWithConsent(registry, bank, bankNode, await registrationFor(clock, investor.address));
      const policy = await policyIdFrom(registry, registry.createPolicy([rootId], ALL_CLASSES, []));
      const probe = await ethers.deployContract("EligibilityProbe", [await registry.getAddress()]);
      await probe.check.send(investor.address, policy);
      await expect(probe.check.send(outsider.address, policy))
        .to.be.revertedWithCustomError(probe, "NotEligible")
        .withArgs(outsider.address, policy, Eligibility.UnknownWallet);
    });
  });
});
