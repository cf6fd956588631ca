import { loadFixture } from "../helpers/world";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { expect } from "chai";
import { ethers } from "hardhat";
import { FUNDS, LOT, OrderType, Reason, Side, TICK, newTrader } from "../helpers/exchange";
import {
  Eligibility,
  addWalletWithConsent,
  registerWithConsent,
  registrationFor,
  rememberWallet,
} from "../helpers/fixtures";
import { sanctionsWorld } from "./fixture";

const ZERO = ethers.ZeroAddress;
const why = ethers.encodeBytes32String("OFAC SDN 2026-12");
const court = ethers.encodeBytes32String("court order 16/2026");

/** The venue world plus an officer holding SANCTIONS at depth 1 under R1, its deputy, and a second root's officer. */
async function world() {
  const f = await sanctionsWorld();
  return { ...f, regulator2: f.actors.regulator2 };
}

describe("Sanctions (issue 16)", () => {
  describe("the lists", () => {
    it("16.1: the root or a SANCTIONS holder lists a wallet or an identity with a reason, and the events say who", async () => {
      const { tree, nodes, regulator, officer, officerNode, traders, identities, registryAddress, outsider } =
        await loadFixture(world);
      await expect(tree.connect(officer).addSanction(nodes.r1, traders[0], 0, why, registryAddress))
        .to.emit(tree, "SanctionAdded")
        .withArgs(nodes.r1, traders[0].address, 0, why, officerNode, 1, false);
      await expect(tree.connect(regulator).addSanction(nodes.r1, ZERO, identities[1], why, registryAddress))
        .to.emit(tree, "SanctionAdded")
        .withArgs(nodes.r1, ZERO, identities[1], why, nodes.r1, 0, false);
      expect(await tree.sanctionEntry(nodes.r1, traders[0], 0)).to.deep.equal([why, officerNode, 1n, true, false, 0n]);
      expect(await tree.sanctionRoots(traders[0], 0)).to.deep.equal([nodes.r1]);
      expect(await tree.sanctionRoots(traders[1], identities[1])).to.deep.equal([nodes.r1]);
      expect(await tree.sanctionRoots(traders[2], identities[2])).to.deep.equal([]);
      // Refusals: no scope, no reason, not a root, two parties or none, an unknown registry, an unknown identity.
      await expect(tree.connect(outsider).addSanction(nodes.r1, traders[2], 0, why, registryAddress))
        .to.be.revertedWithCustomError(tree, "NotSanctionsAuthority")
        .withArgs(outsider.address, nodes.r1);
      await expect(
        tree.connect(officer).addSanction(nodes.r1, traders[2], 0, ethers.ZeroHash, registryAddress),
      ).to.be.revertedWithCustomError(tree, "MissingSanctionReason");
      await expect(tree.connect(officer).addSanction(officerNode, traders[2], 0, why, registryAddress))
        .to.be.revertedWithCustomError(tree, "NotSanctionsRoot")
        .withArgs(officerNode);
      await expect(tree.connect(officer).addSanction(nodes.r1, traders[2], 3, why, registryAddress))
        .to.be.revertedWithCustomError(tree, "InvalidSanctionParty")
        .withArgs(traders[2].address, 3);
      await expect(tree.connect(officer).addSanction(nodes.r1, ZERO, 0, why, registryAddress))
        .to.be.revertedWithCustomError(tree, "InvalidSanctionParty")
        .withArgs(ZERO, 0);
      await expect(tree.connect(officer).addSanction(nodes.r1, traders[2], 0, why, outsider.address))
        .to.be.revertedWithCustomError(tree, "UnknownClientRegistry")
        .withArgs(outsider.address);
      await expect(tree.connect(officer).addSanction(nodes.r1, ZERO, 999, why, registryAddress)).to.be.reverted;
      // An unregistered wallet may be listed too.
      const stranger = ethers.Wallet.createRandom().address;
      await expect(tree.connect(officer).addSanction(nodes.r1, stranger, 0, why, registryAddress)).to.emit(
        tree,
        "SanctionAdded",
      );
    });

    it("16.1: only the listing rank or a higher one lifts an entry; a higher rank takes a lower one's over; cleared-by rank binds", async () => {
      const { tree, nodes, regulator, officer, officerNode, deputy, deputyNode, traders, registryAddress } =
        await loadFixture(world);
      const alice = traders[0];
      await tree.connect(officer).addSanction(nodes.r1, alice, 0, why, registryAddress);
      await expect(tree.connect(deputy).liftSanction(nodes.r1, alice, 0))
        .to.be.revertedWithCustomError(tree, "SanctionedByHigherAuthority")
        .withArgs(nodes.r1, alice.address, 0, 1, 2);
      await expect(tree.connect(deputy).addSanction(nodes.r1, alice, 0, why, registryAddress))
        .to.be.revertedWithCustomError(tree, "AlreadySanctioned")
        .withArgs(nodes.r1, alice.address, 0, 1);
      // The root takes the officer's entry over: the officer can no longer lift it.
      await expect(tree.connect(regulator).addSanction(nodes.r1, alice, 0, court, registryAddress))
        .to.emit(tree, "SanctionAdded")
        .withArgs(nodes.r1, alice.address, 0, court, nodes.r1, 0, true);
      await expect(tree.connect(officer).liftSanction(nodes.r1, alice, 0))
        .to.be.revertedWithCustomError(tree, "SanctionedByHigherAuthority")
        .withArgs(nodes.r1, alice.address, 0, 0, 1);
      await expect(tree.connect(regulator).liftSanction(nodes.r1, alice, 0))
        .to.emit(tree, "SanctionLifted")
        .withArgs(nodes.r1, alice.address, 0, nodes.r1, 0);
      expect(await tree.sanctionRoots(alice, 0)).to.deep.equal([]);
      expect(await tree.sanctionEntry(nodes.r1, alice, 0)).to.deep.equal([
        ethers.ZeroHash,
        nodes.r1,
        0n,
        false,
        true,
        0n,
      ]);
      await expect(tree.connect(officer).liftSanction(nodes.r1, alice, 0))
        .to.be.revertedWithCustomError(tree, "NotSanctioned")
        .withArgs(nodes.r1, alice.address, 0);
      // Cleared at rank 0: the officer (rank 1) escalates rather than re-list.
      await expect(tree.connect(officer).addSanction(nodes.r1, alice, 0, why, registryAddress))
        .to.be.revertedWithCustomError(tree, "SanctionClearedByHigherAuthority")
        .withArgs(nodes.r1, alice.address, 0, 0, 1);
      await tree.connect(regulator).addSanction(nodes.r1, alice, 0, why, registryAddress);
      // A lift at the deputy's own rank lets the deputy list again.
      await tree.connect(deputy).addSanction(nodes.r1, traders[1], 0, why, registryAddress);
      await tree.connect(deputy).liftSanction(nodes.r1, traders[1], 0);
      await expect(tree.connect(deputy).addSanction(nodes.r1, traders[1], 0, why, registryAddress))
        .to.emit(tree, "SanctionAdded")
        .withArgs(nodes.r1, traders[1].address, 0, why, deputyNode, 2, false);
      expect(officerNode).to.not.equal(0n);
    });

    it("16.1: a party listed by several roots keeps its other entries when one is lifted", async () => {
      const f = await loadFixture(world);
      const { tree, nodes, regulator, regulator2, traders, registryAddress } = f;
      const alice = traders[0];
      await tree.connect(regulator).addSanction(nodes.r1, alice, 0, why, registryAddress);
      await tree.connect(regulator2).addSanction(nodes.r2, alice, 0, why, registryAddress);
      expect(await tree.sanctionRoots(alice, 0)).to.deep.equal([nodes.r1, nodes.r2]);
      await tree.connect(regulator).liftSanction(nodes.r1, alice, 0);
      expect(await tree.sanctionRoots(alice, 0)).to.deep.equal([nodes.r2]);
      await tree.connect(regulator2).liftSanction(nodes.r2, alice, 0);
      expect(await tree.sanctionRoots(alice, 0)).to.deep.equal([]);
    });

    it("16.1: a listing advances the listing root's epoch and the party's identity root's; a lift advances nothing", async () => {
      const { tree, nodes, regulator, regulator2, traders, registryAddress } = await loadFixture(world);
      const [e1, e2] = [await tree.restrictionEpoch(nodes.r1), await tree.restrictionEpoch(nodes.r2)];
      // R2 lists a client of R1: both epochs advance.
      await tree.connect(regulator2).addSanction(nodes.r2, traders[0], 0, why, registryAddress);
      expect(await tree.restrictionEpoch(nodes.r1)).to.equal(e1 + 1n);
      expect(await tree.restrictionEpoch(nodes.r2)).to.equal(e2 + 1n);
      await tree.connect(regulator2).liftSanction(nodes.r2, traders[0], 0);
      expect(await tree.restrictionEpoch(nodes.r1)).to.equal(e1 + 1n);
      expect(await tree.restrictionEpoch(nodes.r2)).to.equal(e2 + 1n);
      // R1 lists its own client: one advance.
      await tree.connect(regulator).addSanction(nodes.r1, traders[1], 0, why, registryAddress);
      expect(await tree.restrictionEpoch(nodes.r1)).to.equal(e1 + 2n);
    });
  });

  describe("the client registry", () => {
    it("16.2: eligibility says Sanctioned for a wallet or identity listed by a root the policy trusts, not by another", async () => {
      const { tree, registry, clients, nodes, regulator, regulator2, traders, identities, registryAddress } =
        await loadFixture(world);
      const trustsR1 = await clients.createPolicy([nodes.r1]);
      const trustsBoth = await clients.createPolicy([nodes.r1, nodes.r2]);
      await tree.connect(regulator2).addSanction(nodes.r2, traders[0], 0, why, registryAddress);
      expect(await registry.eligibility(traders[0], trustsR1)).to.equal(Eligibility.Eligible);
      expect(await registry.eligibility(traders[0], trustsBoth)).to.equal(Eligibility.Sanctioned);
      const [e, id, until] = await registry.clearance(traders[0], trustsBoth);
      expect([e, id, until]).to.deep.equal([BigInt(Eligibility.Sanctioned), identities[0], 0n]);
      await tree.connect(regulator).addSanction(nodes.r1, ZERO, identities[1], why, registryAddress);
      expect(await registry.eligibility(traders[1], trustsR1)).to.equal(Eligibility.Sanctioned);
      await tree.connect(regulator).liftSanction(nodes.r1, ZERO, identities[1]);
      expect(await registry.eligibility(traders[1], trustsR1)).to.equal(Eligibility.Eligible);
    });

    it("16.3: registration, addWallet, removeWallet and renew refuse a party listed by the attester's root, naming root, party and reason", async () => {
      const { tree, registry, clients, clock, nodes, regulator, subAgent, traders, identities, registryAddress } =
        await loadFixture(world);
      const kycNode = nodes.kycAgent;
      const fresh = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
      await tree.connect(regulator).addSanction(nodes.r1, fresh.address, 0, why, registryAddress);
      await expect(registerWithConsent(registry, subAgent, kycNode, await registrationFor(clock, fresh.address)))
        .to.be.revertedWithCustomError(tree, "PartySanctioned")
        .withArgs(nodes.r1, fresh.address, 0, why);
      await expect(addWalletWithConsent(registry, subAgent, identities[0], fresh.address))
        .to.be.revertedWithCustomError(tree, "PartySanctioned")
        .withArgs(nodes.r1, fresh.address, 0, why);
      await tree.connect(regulator).addSanction(nodes.r1, ZERO, identities[1], why, registryAddress);
      const other = rememberWallet(ethers.Wallet.createRandom()).address;
      await expect(addWalletWithConsent(registry, subAgent, identities[1], other))
        .to.be.revertedWithCustomError(tree, "PartySanctioned")
        .withArgs(nodes.r1, ZERO, identities[1], why);
      await expect(registry.connect(subAgent).renew(identities[1], (await clock.now()) + 100 * 86400))
        .to.be.revertedWithCustomError(tree, "PartySanctioned")
        .withArgs(nodes.r1, ZERO, identities[1], why);
      // A listed identity keeps its wallets: moving one out would carry its frozen funds away.
      const second = rememberWallet(ethers.Wallet.createRandom()).address;
      await tree.connect(regulator).liftSanction(nodes.r1, ZERO, identities[1]);
      await addWalletWithConsent(registry, subAgent, identities[1], second);
      await tree.connect(regulator).addSanction(nodes.r1, ZERO, identities[1], why, registryAddress);
      await expect(registry.connect(subAgent).removeWallet(identities[1], second))
        .to.be.revertedWithCustomError(tree, "PartySanctioned")
        .withArgs(nodes.r1, ZERO, identities[1], why);
      // Lifted: both work again.
      await tree.connect(regulator).liftSanction(nodes.r1, fresh.address, 0);
      await clients.enrol(fresh.address);
      expect(traders.length).to.equal(4);
    });
  });

  describe("the venue", () => {
    it("16.4: a listed wallet cannot deposit or place; its resting order is removed at match time; it withdraws nothing until lifted; cancels work", async () => {
      const f = await loadFixture(world);
      const { tree, exchange, order, traders, token, usd, nodes, officer, registryAddress, pairId } = f;
      const [alice, bob, carol] = traders;
      // Both clearances cached: alice rests two asks, bob takes one (the steady state of exchange.take.1).
      await exchange.connect(alice).placeOrder(order(Side.Ask, 100, 2));
      await exchange.connect(alice).placeOrder(order(Side.Ask, 100, 2));
      await exchange.connect(alice).placeOrder(order(Side.Ask, 101, 2));
      await exchange.connect(bob).placeOrder(order(Side.Bid, 100, 2, { orderType: OrderType.ImmediateOrCancel }));
      await tree.connect(officer).addSanction(nodes.r1, alice, 0, why, registryAddress);
      // The maker's cached clearance no longer holds: her order is removed as ineligible, funds unlocked.
      await expect(
        exchange.connect(bob).placeOrder(order(Side.Bid, 100, 2, { orderType: OrderType.ImmediateOrCancel })),
      )
        .to.emit(exchange, "OrderRemoved")
        .withArgs(pairId, anyValue, 2n, 2n, Reason.Ineligible);
      expect(await exchange.balanceOf(alice, token)).to.deep.equal([FUNDS - 2n * LOT - 2n * LOT, 2n * LOT]);
      await expect(exchange.connect(alice).placeOrder(order(Side.Ask, 100, 2)))
        .to.be.revertedWithCustomError(exchange, "NotEligible")
        .withArgs(alice.address, Eligibility.Sanctioned);
      await expect(exchange.connect(alice).deposit(usd, 1n))
        .to.be.revertedWithCustomError(tree, "PartySanctioned")
        .withArgs(nodes.r1, alice.address, 0, why);
      await expect(exchange.connect(alice).withdraw(usd, 1n))
        .to.be.revertedWithCustomError(tree, "PartySanctioned")
        .withArgs(nodes.r1, alice.address, 0, why);
      // Cancels keep working: the funds stay at the venue, still hers.
      await exchange.connect(alice).cancelAll();
      expect(await exchange.balanceOf(alice, token)).to.deep.equal([FUNDS - 2n * LOT, 0n]);
      await expect(exchange.connect(alice).withdraw(token, 1n)).to.be.revertedWithCustomError(tree, "PartySanctioned");
      await tree.connect(officer).liftSanction(nodes.r1, alice, 0);
      await expect(exchange.connect(alice).withdraw(usd, 1n)).to.emit(exchange, "Withdrawn");
      await expect(exchange.connect(alice).withdraw(token, 1n)).to.emit(exchange, "Withdrawn");
      expect(carol.address).to.not.equal(ZERO);
      expect(TICK).to.equal(10n);
    });

    it("16.4: a listed identity freezes every wallet of it at the venue; a foreign root's listing reaches the caches of a policy trusting it", async () => {
      const f = await loadFixture(world);
      const { tree, exchange, order, traders, identities, usd, nodes, regulator, regulator2, registryAddress } = f;
      const [alice, bob] = traders;
      await exchange.connect(alice).placeOrder(order(Side.Ask, 100, 2));
      await exchange.connect(bob).placeOrder(order(Side.Bid, 99, 2));
      await tree.connect(regulator).addSanction(nodes.r1, ZERO, identities[0], why, registryAddress);
      await expect(exchange.connect(alice).withdraw(usd, 1n))
        .to.be.revertedWithCustomError(tree, "PartySanctioned")
        .withArgs(nodes.r1, ZERO, identities[0], why);
      await expect(exchange.connect(alice).placeOrder(order(Side.Ask, 99, 2)))
        .to.be.revertedWithCustomError(exchange, "NotEligible")
        .withArgs(alice.address, Eligibility.Sanctioned);
      // R2 (not trusted by this pair's policy, nor the venue's home root) lists bob: his trading here goes on.
      await tree.connect(regulator2).addSanction(nodes.r2, bob, 0, why, registryAddress);
      await expect(exchange.connect(bob).withdraw(usd, 1n)).to.emit(exchange, "Withdrawn");
    });

    it("16.4: an unregistered (or unbound) wallet on the home root's list withdraws nothing; external tokens too", async () => {
      const f = await loadFixture(world);
      const { tree, exchange, usd, nodes, regulator, registryAddress } = f;
      const { wallet, identity } = await newTrader(f);
      await f.clients.revoke(identity);
      await tree.connect(regulator).addSanction(nodes.r1, wallet.address, 0, why, registryAddress);
      await expect(exchange.connect(wallet).withdraw(usd, 1n))
        .to.be.revertedWithCustomError(tree, "PartySanctioned")
        .withArgs(nodes.r1, wallet.address, 0, why);
    });
  });

  describe("the native token and recovery", () => {
    it("16.5: a listed wallet neither sends nor receives the native token, nor is minted to", async () => {
      const f = await loadFixture(world);
      const { tree, token, traders, nodes, regulator, actors, registryAddress } = f;
      const [alice, bob] = traders;
      await token.connect(actors.issuer).mint(alice, 1_000n);
      await tree.connect(regulator).addSanction(nodes.r1, alice, 0, why, registryAddress);
      await expect(token.connect(alice).transfer(bob, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(alice.address, Eligibility.Sanctioned);
      await expect(token.connect(bob).transfer(alice, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(alice.address, Eligibility.Sanctioned);
      await expect(token.connect(actors.issuer).mint(alice, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(alice.address, Eligibility.Sanctioned);
      await expect(token.connect(actors.issuer).forcedTransfer(bob, alice, 1n, court))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(alice.address, Eligibility.Sanctioned);
    });

    it("16.6: a sanctioned client's funds move only through recovery, with a stated reason, by the issuer or its ancestors", async () => {
      const f = await loadFixture(world);
      const { tree, token, exchange, traders, nodes, regulator, officer, actors, registryAddress } = f;
      const [alice, bob, carol] = traders;
      await token.connect(actors.issuer).mint(alice, 1_000n);
      await tree.connect(officer).addSanction(nodes.r1, alice, 0, why, registryAddress);
      // Out of the wallet: the issuer's forced transfer, with a reason (none: refused).
      await expect(
        token.connect(actors.issuer).forcedTransfer(alice, carol, 1_000n, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(token, "MissingReason");
      await expect(token.connect(officer).forcedTransfer(alice, carol, 1_000n, court)).to.be.reverted;
      await expect(token.connect(actors.issuer).forcedTransfer(alice, carol, 1_000n, court)).to.emit(
        token,
        "ForcedTransfer",
      );
      // Out of the venue: the issuer's (or its ancestor's) recovery, with a reason; never to a listed wallet.
      await tree.connect(officer).addSanction(nodes.r1, bob, 0, why, registryAddress);
      await expect(
        exchange.connect(actors.issuer).recover(token, alice, bob, 1_000n, court),
      ).to.be.revertedWithCustomError(token, "NotEligible");
      await expect(exchange.connect(officer).recover(token, alice, carol, 1_000n, court)).to.be.revertedWithCustomError(
        exchange,
        "NotTokenAuthority",
      );
      await expect(exchange.connect(regulator).recover(token, alice, carol, 1_000n, court))
        .to.emit(exchange, "Recovered")
        .withArgs(token, 2n, carol.address, 4n, 1_000n, court, regulator.address);
    });
  });
});
