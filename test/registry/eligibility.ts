import { time } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import {
  ALL_CLASSES,
  DAY,
  deployRegistry,
  Eligibility,
  identityIdFrom,
  nodeIdFrom,
  policyIdFrom,
  registerWithConsent,
  registrationFor,
  scopeMask,
  setNextBlockTime,
  TIME_UNITS,
  YEAR,
} from "../helpers/fixtures";

const reason = ethers.encodeBytes32String("test");

/**
 * A line five nodes long under the regulator's root: root -> bank (depth 1) -> c1 (2) -> c2 (3) -> c3 (4), each
 * holding DELEGATE + KYC for two years; a client attested by c3, and a client attested by c1 ("a bank whose parent
 * authority" is the bank node). An open policy over the root.
 */
async function deepLine(unit: 1 | 1000) {
  const fx = await deployRegistry(unit);
  const { tree, registry, clock, bank, bankNode, rootId, provider, auditor, outsider, investor, rest } = fx;
  const end = await clock.in(2 * YEAR);
  const both = scopeMask("DELEGATE", "KYC");
  const c1 = await nodeIdFrom(tree, tree.connect(bank).grant(bankNode, provider.address, both, end));
  const c2 = await nodeIdFrom(tree, tree.connect(provider).grant(c1, auditor.address, both, end));
  const c3 = await nodeIdFrom(tree, tree.connect(auditor).grant(c2, outsider.address, both, end));
  const deepClient = await identityIdFrom(
    registry,
    registerWithConsent(registry, outsider, c3, await registrationFor(clock, investor.address)),
  );
  const c1Client = await identityIdFrom(
    registry,
    registerWithConsent(registry, provider, c1, await registrationFor(clock, rest[0].address)),
  );
  const policy = await policyIdFrom(registry, registry.createPolicy([rootId], ALL_CLASSES, []));
  /** The attester's line, from the attesting node (0 levels up) to the root (4 levels up). */
  const line = [c3, c2, c1, bankNode, rootId];
  return { ...fx, c1, c2, c3, line, deepClient, c1Client, policy, c1Wallet: rest[0].address };
}

async function deepLineInSeconds() {
  return deepLine(1);
}
async function deepLineInMilliseconds() {
  return deepLine(1000);
}

for (const unit of TIME_UNITS) {
  const fixture = unit === 1 ? deepLineInSeconds : deepLineInMilliseconds;

  describe(`IdentityRegistry: eligibility follows the authority tree (time unit ${unit})`, function () {
    it(`runs on the ${unit === 1 ? "seconds" : "milliseconds"} clock, storing every time in seconds`, async function () {
      const { registry, tree, clock, investor, deepClient } = await loadFixture(fixture);
      expect(await registry.TIME_UNIT()).to.equal(BigInt(unit));
      expect(await tree.TIME_UNIT()).to.equal(BigInt(unit));
      const chainTimestamp = await time.latest();
      expect(await registry.currentTime()).to.equal(BigInt(Math.floor(chainTimestamp / unit)));
      if (unit === 1000) expect(chainTimestamp).to.be.greaterThan(1e12); // PlatON-like milliseconds
      const expiry = (await registry.identity(deepClient)).expiry;
      expect(Number(expiry) - (await clock.now())).to.be.closeTo(YEAR, 60);
      expect(await registry.identityOf(investor.address)).to.equal(deepClient);
    });

    it("is eligible while now < expiry, and expired from the expiry second on", async function () {
      const { registry, clock, investor, deepClient, policy } = await loadFixture(fixture);
      const expiry = Number((await registry.identity(deepClient)).expiry);
      await clock.advanceTo(expiry - 1);
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.Eligible);
      if (unit === 1000) {
        // The last millisecond of the last second still counts as that second.
        await time.increaseTo(expiry * 1000 - 1);
        expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.Eligible);
      }
      await clock.advanceTo(expiry);
      expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.Expired);
    });

    it("a client attested by a bank whose parent authority is revoked is ineligible at once", async function () {
      const { registry, tree, regulator, bankNode, c1Wallet, policy } = await loadFixture(fixture);
      // c1 is the attesting bank; its parent authority is the bank node.
      expect(await registry.eligibility(c1Wallet, policy)).to.equal(Eligibility.Eligible);
      await tree.connect(regulator).revoke(bankNode, reason);
      expect(await registry.eligibility(c1Wallet, policy)).to.equal(Eligibility.AttesterInvalid);
      expect(await registry.isEligible(c1Wallet, policy)).to.equal(false);
    });

    for (let up = 0; up <= 4; up++) {
      it(`a lease ending ${up} level${up === 1 ? "" : "s"} above the attesting node makes its clients ineligible`, async function () {
        const { registry, tree, clock, governor, regulator, line, investor, policy } = await loadFixture(fixture);
        const end = await clock.in(30 * DAY);
        // Shorten that node's lease: the governor renews a root, the regulator any node beneath it.
        await tree.connect(up === 4 ? governor : regulator).renew(line[up], end);
        await clock.advanceTo(end - 1);
        expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.Eligible);
        await clock.advanceTo(end);
        expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.AttesterInvalid);
        // The identity itself has not expired.
        expect((await registry.identity(1n)).expiry).to.be.greaterThan(BigInt(end));
      });

      it(`suspending the node ${up} level${up === 1 ? "" : "s"} above the attester suspends eligibility`, async function () {
        const { registry, tree, governor, regulator, line, investor, policy } = await loadFixture(fixture);
        const actor = up === 4 ? governor : regulator;
        await tree.connect(actor).suspend(line[up], reason);
        expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.AttesterInvalid);
        await tree.connect(actor).resume(line[up]);
        expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.Eligible);
      });

      it(`revoking the node ${up} level${up === 1 ? "" : "s"} above the attester ends eligibility`, async function () {
        const { registry, tree, clock, governor, regulator, line, investor, policy } = await loadFixture(fixture);
        await tree.connect(up === 4 ? governor : regulator).revoke(line[up], reason);
        expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.AttesterInvalid);
        await clock.advance(DAY);
        expect(await registry.eligibility(investor.address, policy)).to.equal(Eligibility.AttesterInvalid);
      });
    }

    it("an expiry given in seconds works the same on either clock", async function () {
      const { registry, clock, outsider, c3, rest, policy } = await loadFixture(fixture);
      const t = await clock.now();
      const wallet = rest[1].address;
      await setNextBlockTime(clock, t + 10);
      await registerWithConsent(registry, outsider, c3, await registrationFor(clock, wallet, { expiry: t + 110 }));
      await clock.advanceTo(t + 109);
      expect(await registry.eligibility(wallet, policy)).to.equal(Eligibility.Eligible);
      await clock.advanceTo(t + 110);
      expect(await registry.eligibility(wallet, policy)).to.equal(Eligibility.Expired);
    });
  });
}
