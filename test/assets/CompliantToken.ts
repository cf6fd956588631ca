import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { OPEN_TERMS } from "../../lib/monetary";
import type { TestVenue } from "../../typechain-types";
import {
  AssetKind,
  ClientClass,
  DAY,
  Eligibility,
  Scope,
  deployAssets,
  evidenceHash,
  setNextBlockTime,
} from "../helpers/fixtures";
import { redeemNow } from "../monetary/helpers";
const why = ethers.encodeBytes32String("court order 42");
const ref = ethers.encodeBytes32String("redemption 7");

/**
 * The token world: BOND registered as R1's native asset with a reserve of 1,000,000 attested for 30 days; alice (two
 * wallets: alice, alice2), bob and carol eligible; dave unknown to the client registry; alice and bob hold 1,000
 * each; a venue contract registered by the exchange operator.
 */
async function tokenWorld(unit: 1 | 1000) {
  const f = await deployAssets(unit);
  const { token, clients, actors, venues, nodes, registerToken, attestReserve } = f;
  const { alice, bob, carol, issuer, exchangeOp } = actors;
  const alice2 = (await ethers.getSigners())[19];
  const bondAsset = await registerToken();
  const ids = {
    alice: await clients.enrol(alice.address),
    bob: await clients.enrol(bob.address),
    carol: await clients.enrol(carol.address),
  };
  await clients.addWallet(ids.alice, alice2.address);
  await attestReserve(bondAsset, 1_000_000n);
  await (await token.connect(issuer).mint(alice.address, 1_000n)).wait();
  await (await token.connect(issuer).mint(bob.address, 1_000n)).wait();
  const venue = (await ethers.deployContract("TestVenue", [exchangeOp.address])) as unknown as TestVenue;
  await (await venues.connect(exchangeOp).registerVenue(venue, nodes.r1, Scope.EXCHANGE)).wait();
  return { ...f, bondAsset, ids, alice2, venue };
}

async function tokenWorldSeconds() {
  return tokenWorld(1);
}
/** The token world, with the KYC agent's account (which manages the clients in the registry) at hand. */
async function registryWorld() {
  const w = await loadFixture(tokenWorldSeconds);
  return { ...w, kycNodeAccount: w.subAgent };
}
async function tokenWorldMillis() {
  return tokenWorld(1000);
}

describe("CompliantToken", () => {
  describe("issuance", () => {
    it("is issued by a valid ISSUE holder of the root, with its registries, policy and ERC-20 metadata", async () => {
      const { token, tree, assets, eligibility, venues, actors, nodes, policyId } =
        await loadFixture(tokenWorldSeconds);
      expect(await token.name()).to.equal("BOND token");
      expect(await token.symbol()).to.equal("BOND");
      expect(await token.decimals()).to.equal(6);
      expect(await token.ROOT()).to.equal(nodes.r1);
      expect(await token.ISSUER()).to.equal(actors.issuer.address);
      expect(await token.ISSUER_NODE()).to.equal(nodes.issuer);
      expect(await token.ASSET_REGISTRY()).to.equal(await assets.getAddress());
      expect(await token.TREE()).to.equal(await tree.getAddress());
      expect(await token.ELIGIBILITY()).to.equal(await eligibility.getAddress());
      expect(await token.VENUES()).to.equal(await venues.getAddress());
      expect(await token.policyId()).to.equal(policyId);
      expect(await token.policyRank()).to.equal(1); // the issuer's depth
      const issuing = assets.connect(actors.issuer);
      const other = await ethers.getContractAt(
        "CompliantToken",
        await issuing.issueNative.staticCall(nodes.r1, "Other", "OTH", 8, policyId, OPEN_TERMS),
      );
      const tx = issuing.issueNative(nodes.r1, "Other", "OTH", 8, policyId, OPEN_TERMS);
      await expect(tx)
        .to.emit(other, "TokenIssued")
        .withArgs(
          nodes.r1,
          nodes.issuer,
          actors.issuer.address,
          policyId,
          8,
          await tree.getAddress(),
          await eligibility.getAddress(),
          await venues.getAddress(),
          await assets.getAddress(),
        )
        .and.to.emit(assets, "NativeTokenIssued")
        .withArgs(await other.getAddress(), nodes.r1, nodes.issuer, actors.issuer.address);
      expect(await other.decimals()).to.equal(8);
    });

    it("refuses an issuer without a valid ISSUE node, an unknown policy and a mismatched time unit", async () => {
      const { tree, assets, eligibility, venues, actors, nodes, policyId, regulator, desk } =
        await loadFixture(tokenWorldSeconds);
      const factory = await ethers.getContractFactory("CompliantToken");
      const d = {
        tree: await tree.getAddress(),
        eligibility: await eligibility.getAddress(),
        venues: await venues.getAddress(),
        assets: await assets.getAddress(),
        root: nodes.r1,
        policyId,
        timeUnit: 1,
        desk: await desk.getAddress(),
        terms: OPEN_TERMS,
      };
      const issuer = actors.issuer.address;
      await expect(factory.deploy("X", "X", 6, actors.lister.address, d))
        .to.be.revertedWithCustomError(factory, "IssuerNotLicensed")
        .withArgs(actors.lister.address, nodes.r1);
      await expect(factory.deploy("X", "X", 6, issuer, { ...d, root: nodes.r2 }))
        .to.be.revertedWithCustomError(factory, "IssuerNotLicensed")
        .withArgs(issuer, nodes.r2);
      await expect(factory.deploy("X", "X", 6, issuer, { ...d, policyId: 999 }))
        .to.be.revertedWithCustomError(factory, "UnknownPolicy")
        .withArgs(999);
      await expect(factory.deploy("X", "X", 6, issuer, { ...d, timeUnit: 1000 })).to.be.revertedWithCustomError(
        factory,
        "TimeUnitMismatch",
      );
      await tree.connect(regulator).revoke(nodes.issuer, why);
      await expect(factory.deploy("X", "X", 6, issuer, d))
        .to.be.revertedWithCustomError(factory, "IssuerNotLicensed")
        .withArgs(issuer, nodes.r1);
    });
  });

  for (const unit of [1, 1000] as const) {
    describe(`minting against the attested reserve (time unit ${unit})`, () => {
      const world = unit === 1 ? tokenWorldSeconds : tokenWorldMillis;

      it("mints up to the attested reserve, exactly, and not one unit above", async () => {
        const { token, actors } = await loadFixture(world);
        const issuer = token.connect(actors.issuer);
        await expect(issuer.mint(actors.carol.address, 1_000_000n - 2_000n))
          .to.emit(token, "Transfer")
          .withArgs(ethers.ZeroAddress, actors.carol.address, 1_000_000n - 2_000n);
        expect(await token.totalSupply()).to.equal(1_000_000n);
        await expect(issuer.mint(actors.carol.address, 1n))
          .to.be.revertedWithCustomError(token, "ReserveExceeded")
          .withArgs(1_000_001n, 0n, 1_000_000n);
      });

      it("refuses a mint above the attested reserve", async () => {
        const { token, actors } = await loadFixture(world);
        await expect(token.connect(actors.issuer).mint(actors.carol.address, 999_000n))
          .to.be.revertedWithCustomError(token, "ReserveExceeded")
          .withArgs(1_001_000n, 0n, 1_000_000n);
      });

      it("fails closed with an expired reserve attestation", async () => {
        const { token, assets, clock, actors, bondAsset } = await loadFixture(world);
        const { expiry } = await assets.attestation(bondAsset, 0);
        await setNextBlockTime(clock, Number(expiry) - 1);
        await token.connect(actors.issuer).mint(actors.carol.address, 1n); // a second before expiry: still counts
        await setNextBlockTime(clock, Number(expiry));
        await expect(token.connect(actors.issuer).mint(actors.carol.address, 1n))
          .to.be.revertedWithCustomError(token, "NoValidReserve")
          .withArgs(bondAsset);
      });

      it("fails closed with no reserve attestation at all, and when the token is not registered as native", async () => {
        const { assets, actors, nodes, deployToken } = await loadFixture(world);
        const fresh = await deployToken("NEW");
        const freshAddress = await fresh.getAddress();
        await expect(fresh.connect(actors.issuer).mint(actors.bob.address, 1n))
          .to.be.revertedWithCustomError(fresh, "AssetNotRegistered")
          .withArgs(freshAddress, nodes.r1);
        // It cannot be registered as External (which would escape the reserve cap).
        await expect(
          assets.connect(actors.lister).registerAsset(fresh, AssetKind.External, nodes.r1, actors.issuer, ""),
        )
          .to.be.revertedWithCustomError(assets, "NativeTokenAsExternal")
          .withArgs(freshAddress);
        const other = await deployToken("NAT");
        await assets.connect(actors.lister).registerAsset(other, AssetKind.Native, nodes.r1, actors.issuer, "");
        const otherAsset = await assets.assetIdOf(other, nodes.r1);
        await expect(other.connect(actors.issuer).mint(actors.bob.address, 1n))
          .to.be.revertedWithCustomError(other, "NoValidReserve")
          .withArgs(otherAsset);
      });

      it("fails closed when the auditor's ancestor is revoked", async () => {
        const { token, tree, regulator, actors, nodes, bondAsset } = await loadFixture(world);
        await tree.connect(regulator).revoke(nodes.auditFirm, why);
        await expect(token.connect(actors.issuer).mint(actors.carol.address, 1n))
          .to.be.revertedWithCustomError(token, "NoValidReserve")
          .withArgs(bondAsset);
      });

      it("H3: counts redemptions since the reserve attestation against the cap", async () => {
        // The audit's PoC: reserve 3,000 attested, 3,000 minted, holders redeem 600 (paid out of the reserve), the
        // issuer mints 600 again under the same attestation: supply would be 3,000 against a real reserve of 2,400.
        const { token, assets, actors, bondAsset, attestReserve } = await loadFixture(world);
        const { alice, bob, carol, issuer } = actors;
        await attestReserve(bondAsset, 3_000n);
        await token.connect(issuer).mint(carol.address, 1_000n); // supply 3,000
        await redeemNow(token, alice, 400n, ref);
        await redeemNow(token, bob, 200n, ref);
        expect(await token.totalRedeemed()).to.equal(600n);
        await expect(token.connect(issuer).mint(carol.address, 600n))
          .to.be.revertedWithCustomError(token, "ReserveExceeded")
          .withArgs(3_000n, 600n, 3_000n);
        await expect(token.connect(issuer).mint(carol.address, 1n))
          .to.be.revertedWithCustomError(token, "ReserveExceeded")
          .withArgs(2_401n, 600n, 3_000n);
        // A fresh attestation of what is really left snapshots the redemptions: they no longer count twice.
        const tx = await attestReserve(bondAsset, 2_400n);
        await expect(tx).to.emit(assets, "AttestationPosted");
        expect((await assets.attestation(bondAsset, 0)).redeemedSnapshot).to.equal(600n);
        expect(await assets.reserveCover(bondAsset)).to.deep.equal([2_400n, 600n, true]);
        await expect(token.connect(issuer).mint(carol.address, 1n))
          .to.be.revertedWithCustomError(token, "ReserveExceeded")
          .withArgs(2_401n, 0n, 2_400n);
        // The issuer tops the reserve up and a new attestation says so: minting resumes up to it.
        await attestReserve(bondAsset, 3_000n);
        await token.connect(issuer).mint(carol.address, 600n);
        expect(await token.totalSupply()).to.equal(3_000n);
      });

      it("refuses a reserve dated before the last redemption, which would count the payout twice", async () => {
        // Re-audit M-1: supply 3,000 = reserve; 600 redeemed (paid out); a reserve of 3,000 "as of" before the
        // redemptions, posted now, would snapshot the 600 and let 600 more be minted against 2,400 real.
        const { token, assets, auditor, actors, bondAsset, attestReserve, clock } = await loadFixture(world);
        const { alice, bob, carol, issuer } = actors;
        const before = await clock.now();
        await attestReserve(bondAsset, 3_000n);
        await token.connect(issuer).mint(carol.address, 1_000n);
        await clock.advance(60);
        await redeemNow(token, alice, 400n, ref);
        await redeemNow(token, bob, 200n, ref);
        const last = Number(await token.lastRedeemedAt());
        expect(last).to.be.greaterThan(before);
        const post = (asOf: number) =>
          assets
            .connect(auditor)
            .attestReserve(bondAsset, 3_000n, asOf, last + 30 * DAY, "ipfs://stale", evidenceHash("stale"));
        await expect(post(last - 1))
          .to.be.revertedWithCustomError(assets, "ReserveBeforeRedemption")
          .withArgs(bondAsset, last - 1, last);
        // 22.3: nor one dated the redemption's own second (on PlatON several blocks share it).
        await expect(post(last))
          .to.be.revertedWithCustomError(assets, "ReserveBeforeRedemption")
          .withArgs(bondAsset, last, last);
        await clock.advance(1);
        await expect(post(last + 1)).to.emit(assets, "AttestationPosted");
      });

      it("keeps the as-of order across a withdrawal: a later post may not go back in time", async () => {
        const { assets, actors, bondAsset, attestReserve, clock } = await loadFixture(world);
        await attestReserve(bondAsset, 3_000n);
        const asOf = Number((await assets.attestation(bondAsset, 0)).asOf);
        await assets.connect(actors.auditFirm).withdrawAttestation(bondAsset, 0, ref);
        const now = await clock.now();
        await expect(
          assets
            .connect(actors.auditFirm)
            .attestReserve(bondAsset, 5_000n, asOf - 10, now + DAY, "ipfs://back", evidenceHash("back")),
        )
          .to.be.revertedWithCustomError(assets, "AsOfBeforePrevious")
          .withArgs(asOf - 10, asOf);
      });

      it("follows the latest attestation: a lower newer reserve caps minting below the older one", async () => {
        const { token, actors, bondAsset, attestReserve } = await loadFixture(world);
        await attestReserve(bondAsset, 2_500n);
        await expect(token.connect(actors.issuer).mint(actors.carol.address, 501n))
          .to.be.revertedWithCustomError(token, "ReserveExceeded")
          .withArgs(2_501n, 0n, 2_500n);
        await token.connect(actors.issuer).mint(actors.carol.address, 500n);
      });
    });
  }

  describe("minting rights", () => {
    it("lets only the issuer mint, and only while its ISSUE node is valid", async () => {
      const { token, tree, regulator, actors, nodes, outsider } = await loadFixture(tokenWorldSeconds);
      for (const who of [regulator, outsider, actors.lister]) {
        await expect(token.connect(who).mint(actors.bob.address, 1n))
          .to.be.revertedWithCustomError(token, "NotIssuer")
          .withArgs(who.address);
      }
      await tree.connect(regulator).suspend(nodes.issuer, why);
      await expect(token.connect(actors.issuer).mint(actors.bob.address, 1n))
        .to.be.revertedWithCustomError(token, "NotIssuer")
        .withArgs(actors.issuer.address);
    });

    it("mints only to eligible wallets or licensed accounts, never into a venue contract (22.7)", async () => {
      const { token, actors, venue } = await loadFixture(tokenWorldSeconds);
      await expect(token.connect(actors.issuer).mint(actors.dave.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(actors.dave.address, Eligibility.UnknownWallet);
      await expect(token.connect(actors.issuer).mint(actors.custodian.address, 5n)).to.changeTokenBalance(
        token,
        actors.custodian,
        5n,
      );
      await expect(token.connect(actors.issuer).mint(venue, 5n))
        .to.be.revertedWithCustomError(token, "VenueCreditRefused")
        .withArgs(await venue.getAddress());
    });
  });

  describe("transfers", () => {
    it("moves tokens between eligible holders like any ERC-20", async () => {
      const { token, actors } = await loadFixture(tokenWorldSeconds);
      const { alice, bob } = actors;
      await expect(token.connect(alice).transfer(bob.address, 300n))
        .to.emit(token, "Transfer")
        .withArgs(alice.address, bob.address, 300n);
      expect(await token.balanceOf(alice.address)).to.equal(700n);
      expect(await token.balanceOf(bob.address)).to.equal(1_300n);
      await expect(token.connect(alice).transfer(bob.address, 701n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(alice.address, 700n, 701n);
    });

    it("supports approve and transferFrom by an eligible spender between eligible holders", async () => {
      const { token, actors } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, carol } = actors;
      await expect(token.connect(alice).approve(bob.address, 100n))
        .to.emit(token, "Approval")
        .withArgs(alice.address, bob.address, 100n);
      await expect(token.connect(bob).transferFrom(alice.address, carol.address, 101n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(bob.address, 100n, 101n);
      // The spending is logged too (OpenZeppelin does not log it by default): the audit rebuilds allowances from logs.
      await expect(token.connect(bob).transferFrom(alice.address, carol.address, 100n))
        .to.emit(token, "Approval")
        .withArgs(alice.address, bob.address, 0n);
      expect(await token.balanceOf(carol.address)).to.equal(100n);
      expect(await token.allowance(alice.address, bob.address)).to.equal(0n);
    });

    it("L3: refuses transferFrom by an ineligible or frozen spender", async () => {
      const { token, actors, outsider } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, carol, issuer } = actors;
      await token.connect(alice).approve(outsider.address, 100n);
      await token.connect(alice).approve(bob.address, 100n);
      await expect(token.connect(outsider).transferFrom(alice.address, carol.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(outsider.address, Eligibility.UnknownWallet);
      await token.connect(issuer).freezeWallet(bob.address, why);
      await expect(token.connect(bob).transferFrom(alice.address, carol.address, 1n))
        .to.be.revertedWithCustomError(token, "WalletIsFrozen")
        .withArgs(bob.address);
      await token.connect(issuer).unfreezeWallet(bob.address);
      await token.connect(bob).transferFrom(alice.address, carol.address, 1n);
    });

    it("refuses a transfer to an ineligible wallet", async () => {
      const { token, actors } = await loadFixture(tokenWorldSeconds);
      await expect(token.connect(actors.alice).transfer(actors.dave.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(actors.dave.address, Eligibility.UnknownWallet);
    });

    it("refuses a transfer from a wallet that stopped being eligible", async () => {
      const { token, actors, clients, ids } = await loadFixture(tokenWorldSeconds);
      await clients.revoke(ids.alice);
      await expect(token.connect(actors.alice).transfer(actors.bob.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(actors.alice.address, Eligibility.IdentityRevoked);
    });

    it("refuses unregistered contracts", async () => {
      const { token, actors } = await loadFixture(tokenWorldSeconds);
      const stray = await ethers.deployContract("TestVenue", [actors.exchangeOp.address]);
      await expect(token.connect(actors.alice).transfer(stray, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(await stray.getAddress(), Eligibility.UnknownWallet);
    });
  });

  describe("venues and custodians", () => {
    it("lets an eligible client deposit to and withdraw from a licensed venue", async () => {
      const { token, actors, venue } = await loadFixture(tokenWorldSeconds);
      const { alice, bob } = actors;
      await token.connect(alice).approve(venue, 400n);
      await expect(venue.pull(token, alice.address, 400n)).to.changeTokenBalances(token, [alice, venue], [-400n, 400n]);
      await expect(venue.send(token, bob.address, 150n)).to.changeTokenBalances(token, [venue, bob], [-150n, 150n]);
    });

    it("lets EXCHANGE and CUSTODY holders' own accounts hold and move tokens", async () => {
      const { token, actors } = await loadFixture(tokenWorldSeconds);
      const { alice, exchangeOp, custodian, bob } = actors;
      await token.connect(alice).transfer(custodian.address, 10n);
      await token.connect(custodian).transfer(exchangeOp.address, 4n);
      await expect(token.connect(exchangeOp).transfer(bob.address, 4n)).to.changeTokenBalance(token, bob, 4n);
    });

    it("keeps a disqualified client's balance in the venue until eligible again", async () => {
      const { token, actors, venue, clients, ids } = await loadFixture(tokenWorldSeconds);
      const { alice } = actors;
      await token.connect(alice).transfer(venue, 500n);
      await clients.revoke(ids.alice);
      await expect(venue.send(token, alice.address, 500n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(alice.address, Eligibility.IdentityRevoked);
      expect(await token.balanceOf(venue)).to.equal(500n);
    });

    it("M6: refuses a forced transfer out of a venue or custodian, whose holdings back its internal ledger", async () => {
      const { token, venues, tree, actors, venue, nodes, regulator } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, issuer, custodian } = actors;
      await token.connect(alice).transfer(venue, 500n);
      await token.connect(alice).transfer(custodian.address, 10n);
      for (const who of [issuer, regulator]) {
        await expect(token.connect(who).forcedTransfer(venue, bob.address, 500n, why))
          .to.be.revertedWithCustomError(token, "VenueHoldingsProtected")
          .withArgs(await venue.getAddress());
        await expect(token.connect(who).forcedTransfer(custodian.address, bob.address, 10n, why))
          .to.be.revertedWithCustomError(token, "VenueHoldingsProtected")
          .withArgs(custodian.address);
      }
      // Still registered while its operator is suspended: still protected.
      await tree.connect(regulator).suspend(nodes.exchangeOp, why);
      await expect(token.connect(regulator).forcedTransfer(venue, bob.address, 1n, why))
        .to.be.revertedWithCustomError(token, "VenueHoldingsProtected")
        .withArgs(await venue.getAddress());
      // 22.2: deregistered, it still owes its clients what it holds: still protected (it winds down instead).
      await venues.connect(regulator).deregisterVenue(venue, nodes.r1);
      await expect(token.connect(regulator).forcedTransfer(venue, bob.address, 500n, why))
        .to.be.revertedWithCustomError(token, "VenueHoldingsProtected")
        .withArgs(await venue.getAddress());
    });

    it("winds a venue down when its operator's licence lapses: no deposits, payouts to eligible clients only", async () => {
      const { token, tree, regulator, actors, nodes, venue, venues, clients, ids } =
        await loadFixture(tokenWorldSeconds);
      await token.connect(actors.alice).transfer(venue, 10n);
      await token.connect(actors.bob).transfer(venue, 10n);
      await expect(venue.send(token, actors.dave.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(actors.dave.address, Eligibility.UnknownWallet);
      await tree.connect(regulator).suspend(nodes.exchangeOp, why);
      // Nothing new goes in.
      await expect(token.connect(actors.alice).transfer(venue, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(await venue.getAddress(), Eligibility.UnknownWallet);
      // What it holds can still go back to eligible clients: nothing is stuck behind a lapsed licence.
      await expect(venue.send(token, actors.alice.address, 4n)).to.changeTokenBalances(
        token,
        [venue, actors.alice],
        [-4n, 4n],
      );
      // But not to a wallet that is not eligible, nor to another venue.
      await expect(venue.send(token, actors.dave.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(await venue.getAddress(), Eligibility.UnknownWallet);
      const vault = await ethers.deployContract("TestVenue", [actors.custodian.address]);
      await venues.connect(actors.custodian).registerVenue(vault, nodes.r1, Scope.CUSTODY);
      await expect(venue.send(token, vault, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(await venue.getAddress(), Eligibility.UnknownWallet);
      // A client disqualified meanwhile stays in the venue (the design's one exception), still theirs.
      await clients.revoke(ids.bob);
      await expect(venue.send(token, actors.bob.address, 10n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(await venue.getAddress(), Eligibility.UnknownWallet);
      // The allowance is a venue's, not a disqualified client's: bob cannot send his own balance on.
      await expect(token.connect(actors.bob).transfer(actors.alice.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(actors.bob.address, Eligibility.IdentityRevoked);
      // A contract that was never registered gets no such allowance.
      const stray = await ethers.deployContract("TestVenue", [actors.exchangeOp.address]);
      await expect(token.connect(actors.alice).transfer(stray, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(await stray.getAddress(), Eligibility.UnknownWallet);
    });

    it("lets venues trade with each other", async () => {
      const { token, actors, venue, venues, nodes } = await loadFixture(tokenWorldSeconds);
      const vault = await ethers.deployContract("TestVenue", [actors.custodian.address]);
      await venues.connect(actors.custodian).registerVenue(vault, nodes.r1, Scope.CUSTODY);
      await token.connect(actors.alice).transfer(venue, 10n);
      await expect(venue.send(token, vault, 10n)).to.changeTokenBalance(token, vault, 10n);
    });
  });

  describe("freezes", () => {
    it("freezes a wallet both ways until unfrozen, by the issuer or its regulator only", async () => {
      const { token, actors, regulator, outsider } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, issuer, lister } = actors;
      for (const who of [outsider, lister, alice]) {
        await expect(token.connect(who).freezeWallet(alice.address, why))
          .to.be.revertedWithCustomError(token, "NotComplianceAuthority")
          .withArgs(who.address);
      }
      await expect(token.connect(issuer).freezeWallet(alice.address, why))
        .to.emit(token, "WalletFrozen")
        .withArgs(alice.address, issuer.address, 1, why);
      expect(await token.isWalletFrozen(alice.address)).to.equal(true);
      expect(await token.isFrozen(alice.address)).to.equal(true);
      await expect(token.connect(alice).transfer(bob.address, 1n))
        .to.be.revertedWithCustomError(token, "WalletIsFrozen")
        .withArgs(alice.address);
      await expect(token.connect(bob).transfer(alice.address, 1n))
        .to.be.revertedWithCustomError(token, "WalletIsFrozen")
        .withArgs(alice.address);
      await expect(token.connect(issuer).mint(alice.address, 1n))
        .to.be.revertedWithCustomError(token, "WalletIsFrozen")
        .withArgs(alice.address);
      await expect(redeemNow(token, alice, 1n, ref))
        .to.be.revertedWithCustomError(token, "WalletIsFrozen")
        .withArgs(alice.address);
      await expect(token.connect(issuer).freezeWallet(alice.address, why))
        .to.be.revertedWithCustomError(token, "FreezeUnchanged")
        .withArgs(alice.address, true);
      await expect(token.connect(regulator).unfreezeWallet(alice.address))
        .to.emit(token, "WalletUnfrozen")
        .withArgs(alice.address, regulator.address, 0);
      await expect(token.connect(issuer).unfreezeWallet(alice.address))
        .to.be.revertedWithCustomError(token, "FreezeUnchanged")
        .withArgs(alice.address, false);
      await token.connect(alice).transfer(bob.address, 1n);
    });

    it("freezes every wallet of an identity", async () => {
      const { token, actors, ids, alice2 } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, issuer } = actors;
      await token.connect(alice).transfer(alice2.address, 10n);
      await expect(token.connect(issuer).freezeIdentity(ids.alice, why))
        .to.emit(token, "IdentityFrozen")
        .withArgs(ids.alice, issuer.address, 1, [alice.address, alice2.address], why);
      expect(await token.isIdentityFrozen(ids.alice)).to.equal(true);
      expect(await token.isFrozen(alice2.address)).to.equal(true);
      expect(await token.isWalletFrozen(alice2.address)).to.equal(false);
      for (const w of [alice, alice2]) {
        await expect(token.connect(w).transfer(bob.address, 1n))
          .to.be.revertedWithCustomError(token, "IdentityIsFrozen")
          .withArgs(w.address, ids.alice);
        await expect(token.connect(bob).transfer(w.address, 1n))
          .to.be.revertedWithCustomError(token, "IdentityIsFrozen")
          .withArgs(w.address, ids.alice);
      }
      await token.connect(bob).transfer(actors.carol.address, 1n); // other identities are unaffected
      await expect(token.connect(issuer).freezeIdentity(ids.alice, why))
        .to.be.revertedWithCustomError(token, "IdentityFreezeUnchanged")
        .withArgs(ids.alice, true);
      await expect(token.connect(issuer).freezeIdentity(0, why))
        .to.be.revertedWithCustomError(token, "IdentityFreezeUnchanged")
        .withArgs(0, true);
      await expect(token.connect(issuer).unfreezeIdentity(ids.alice))
        .to.emit(token, "IdentityUnfrozen")
        .withArgs(ids.alice, issuer.address, 1);
      await expect(token.connect(issuer).unfreezeIdentity(ids.alice))
        .to.be.revertedWithCustomError(token, "IdentityFreezeUnchanged")
        .withArgs(ids.alice, false);
      await token.connect(alice2).transfer(bob.address, 1n);
    });

    it("checks freezes again once every freeze is lifted and a new one is set", async () => {
      // The transfer path skips freeze lookups while the counts are zero: the counts must follow every change.
      const { token, actors } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, carol, issuer } = actors;
      await token.connect(issuer).freezeWallet(carol.address, why);
      await token.connect(issuer).freezeWallet(bob.address, why);
      await token.connect(issuer).unfreezeWallet(carol.address);
      await expect(token.connect(alice).transfer(bob.address, 1n))
        .to.be.revertedWithCustomError(token, "WalletIsFrozen")
        .withArgs(bob.address);
      await token.connect(issuer).unfreezeWallet(bob.address);
      await token.connect(alice).transfer(bob.address, 1n);
      await token.connect(issuer).freezeWallet(bob.address, why);
      await expect(token.connect(alice).transfer(bob.address, 1n))
        .to.be.revertedWithCustomError(token, "WalletIsFrozen")
        .withArgs(bob.address);
    });
  });

  describe("rank of compliance actions (audit H2)", () => {
    it("keeps the regulator's wallet freeze against the issuer, and lets a higher rank take over", async () => {
      const { token, actors, regulator } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, issuer } = actors;
      await token.connect(regulator).freezeWallet(alice.address, why);
      expect(await token.walletFreeze(alice.address)).to.deep.equal([true, 0n, 0n]);
      await expect(token.connect(issuer).unfreezeWallet(alice.address))
        .to.be.revertedWithCustomError(token, "WalletFrozenByHigherAuthority")
        .withArgs(alice.address, 0, 1);
      await expect(token.connect(issuer).freezeWallet(alice.address, why))
        .to.be.revertedWithCustomError(token, "FreezeUnchanged")
        .withArgs(alice.address, true);
      // The issuer's own freeze: the regulator takes it over, after which the issuer cannot lift it.
      await token.connect(issuer).freezeWallet(bob.address, why);
      await expect(token.connect(regulator).freezeWallet(bob.address, why))
        .to.emit(token, "WalletFrozen")
        .withArgs(bob.address, regulator.address, 0, why);
      await expect(token.connect(issuer).unfreezeWallet(bob.address))
        .to.be.revertedWithCustomError(token, "WalletFrozenByHigherAuthority")
        .withArgs(bob.address, 0, 1);
      await expect(token.connect(regulator).unfreezeWallet(alice.address))
        .to.emit(token, "WalletUnfrozen")
        .withArgs(alice.address, regulator.address, 0);
      expect(await token.walletFreeze(alice.address)).to.deep.equal([false, 0n, 0n]);
    });

    it("keeps the regulator's identity freeze against the issuer", async () => {
      const { token, actors, ids, regulator } = await loadFixture(tokenWorldSeconds);
      await token.connect(actors.issuer).freezeIdentity(ids.alice, why);
      await expect(token.connect(regulator).freezeIdentity(ids.alice, why)).to.emit(token, "IdentityFrozen");
      expect(await token.identityFreeze(ids.alice)).to.deep.equal([true, 0n]);
      await expect(token.connect(actors.issuer).unfreezeIdentity(ids.alice))
        .to.be.revertedWithCustomError(token, "IdentityFrozenByHigherAuthority")
        .withArgs(ids.alice, 0, 1);
      await expect(token.connect(regulator).freezeIdentity(ids.alice, why))
        .to.be.revertedWithCustomError(token, "IdentityFreezeUnchanged")
        .withArgs(ids.alice, true);
      await expect(token.connect(regulator).unfreezeIdentity(ids.alice))
        .to.emit(token, "IdentityUnfrozen")
        .withArgs(ids.alice, regulator.address, 0);
    });

    it("keeps the regulator's pause against the issuer, and lets the regulator take over the issuer's", async () => {
      const { token, actors, regulator } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, issuer } = actors;
      await expect(token.connect(issuer).pause())
        .to.emit(token, "PauseRankSet")
        .withArgs(issuer.address, 1)
        .and.to.emit(token, "Paused");
      expect(await token.pauseRank()).to.equal(1);
      await expect(token.connect(regulator).pause()).to.emit(token, "PauseRankSet").withArgs(regulator.address, 0);
      await expect(token.connect(issuer).unpause())
        .to.be.revertedWithCustomError(token, "PausedByHigherAuthority")
        .withArgs(0, 1);
      await expect(token.connect(issuer).pause()).to.be.revertedWithCustomError(token, "EnforcedPause");
      await expect(token.connect(alice).transfer(bob.address, 1n)).to.be.revertedWithCustomError(
        token,
        "EnforcedPause",
      );
      await expect(token.connect(regulator).unpause()).to.emit(token, "Unpaused").withArgs(regulator.address);
      await token.connect(alice).transfer(bob.address, 1n);
    });

    it("keeps the regulator's policy against the issuer", async () => {
      const { token, actors, clients, nodes, policyId, regulator } = await loadFixture(tokenWorldSeconds);
      const strict = await clients.createPolicy([nodes.r1], 0x0f, [756]);
      await expect(token.connect(regulator).setPolicy(strict))
        .to.emit(token, "PolicyChanged")
        .withArgs(policyId, strict, regulator.address, 0);
      await expect(token.connect(actors.issuer).setPolicy(policyId))
        .to.be.revertedWithCustomError(token, "PolicySetByHigherAuthority")
        .withArgs(strict, 0, 1);
      expect(await token.policyId()).to.equal(strict);
      await token.connect(regulator).setPolicy(policyId);
      expect(await token.policyRank()).to.equal(0);
    });

    it("refuses a forced transfer that would undo a higher freeze or pause, or empty a frozen wallet into its own identity", async () => {
      const { token, actors, ids, alice2, regulator } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, carol, issuer } = actors;
      await token.connect(alice).transfer(alice2.address, 100n);
      // The audit's PoC: the regulator freezes alice, the issuer moves her whole balance to alice2 (same identity).
      await token.connect(regulator).freezeWallet(alice.address, why);
      await expect(token.connect(issuer).forcedTransfer(alice.address, alice2.address, 900n, why))
        .to.be.revertedWithCustomError(token, "WalletFrozenByHigherAuthority")
        .withArgs(alice.address, 0, 1);
      await expect(token.connect(issuer).forcedTransfer(alice.address, carol.address, 900n, why))
        .to.be.revertedWithCustomError(token, "WalletFrozenByHigherAuthority")
        .withArgs(alice.address, 0, 1);
      // Not even the regulator may empty a frozen wallet into another wallet of the same identity.
      await expect(token.connect(regulator).forcedTransfer(alice.address, alice2.address, 900n, why))
        .to.be.revertedWithCustomError(token, "RecipientInFrozenIdentity")
        .withArgs(alice.address, alice2.address, ids.alice);
      await expect(token.connect(regulator).forcedTransfer(alice.address, carol.address, 900n, why))
        .to.emit(token, "ForcedTransfer")
        .withArgs(alice.address, carol.address, 900n, why, regulator.address, 0);
      // An identity frozen by the regulator: the issuer cannot move out of any of its wallets.
      await token.connect(regulator).freezeIdentity(ids.alice, why);
      await expect(token.connect(issuer).forcedTransfer(alice2.address, carol.address, 1n, why))
        .to.be.revertedWithCustomError(token, "IdentityFrozenByHigherAuthority")
        .withArgs(ids.alice, 0, 1);
      // While the regulator's pause holds, the issuer's forced transfers stop too; the regulator's do not.
      await token.connect(regulator).pause();
      await expect(token.connect(issuer).forcedTransfer(bob.address, carol.address, 1n, why))
        .to.be.revertedWithCustomError(token, "PausedByHigherAuthority")
        .withArgs(0, 1);
      await token.connect(regulator).forcedTransfer(bob.address, carol.address, 1n, why);
    });
  });

  describe("issue 22: venues, recovery and freezes", () => {
    it("22.1: forcedTransferCheck answers exactly as forcedTransfer refuses, with the caller's rank", async () => {
      const { token, actors, ids, alice2, regulator, venue } = await loadFixture(tokenWorldSeconds);
      const { alice, carol, issuer, outsider } = { ...actors, outsider: actors.dave };
      await token.connect(regulator).freezeWallet(alice.address, why);
      await expect(token.forcedTransferCheck(alice.address, carol.address, issuer.address, why))
        .to.be.revertedWithCustomError(token, "WalletFrozenByHigherAuthority")
        .withArgs(alice.address, 0, 1);
      await expect(token.forcedTransferCheck(alice.address, alice2.address, regulator.address, why))
        .to.be.revertedWithCustomError(token, "RecipientInFrozenIdentity")
        .withArgs(alice.address, alice2.address, ids.alice);
      await expect(
        token.forcedTransferCheck(alice.address, carol.address, regulator.address, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(token, "MissingReason");
      await expect(token.forcedTransferCheck(alice.address, carol.address, outsider.address, why))
        .to.be.revertedWithCustomError(token, "NotComplianceAuthority")
        .withArgs(outsider.address);
      await expect(token.forcedTransferCheck(venue, carol.address, regulator.address, why))
        .to.be.revertedWithCustomError(token, "VenueHoldingsProtected")
        .withArgs(await venue.getAddress());
      expect(await token.forcedTransferCheck(alice.address, carol.address, regulator.address, why)).to.equal(0n);
      expect(await token.forcedTransferCheck(actors.bob.address, carol.address, issuer.address, why)).to.equal(1n);
    });

    it("22.2: a deregistered venue stays protected and pays out to eligible wallets only (wind-down)", async () => {
      const { token, actors, venue, venues, nodes, regulator, clients, ids } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, dave, issuer } = actors;
      await token.connect(alice).transfer(venue, 300n);
      await token.connect(bob).transfer(venue, 300n);
      await venues.connect(regulator).deregisterVenue(venue, nodes.r1);
      expect(await venues.wasRegistered(venue, nodes.r1)).to.equal(true);
      await expect(venue.send(token, alice.address, 100n)).to.changeTokenBalances(token, [venue, alice], [-100n, 100n]);
      await expect(venue.send(token, dave.address, 1n)).to.be.revertedWithCustomError(token, "NotEligible");
      await expect(token.connect(alice).transfer(venue, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(await venue.getAddress(), Eligibility.UnknownWallet);
      for (const who of [issuer, regulator]) {
        await expect(token.connect(who).forcedTransfer(venue, bob.address, 1n, why))
          .to.be.revertedWithCustomError(token, "VenueHoldingsProtected")
          .withArgs(await venue.getAddress());
      }
      // A client disqualified meanwhile keeps its share in the venue; once eligible again it is paid out.
      await clients.revoke(ids.bob);
      await expect(venue.send(token, bob.address, 1n)).to.be.revertedWithCustomError(token, "NotEligible");
      expect(await token.balanceOf(venue)).to.equal(500n);
    });

    it("22.5: a registered (ever) or licensed venue or custodian cannot be frozen", async () => {
      const { token, actors, venue, venues, nodes, regulator } = await loadFixture(tokenWorldSeconds);
      const { issuer, exchangeOp, custodian } = actors;
      for (const who of [issuer, regulator]) {
        for (const target of [await venue.getAddress(), exchangeOp.address, custodian.address]) {
          await expect(token.connect(who).freezeWallet(target, why))
            .to.be.revertedWithCustomError(token, "VenueHoldingsProtected")
            .withArgs(target);
        }
      }
      await venues.connect(regulator).deregisterVenue(venue, nodes.r1);
      await expect(token.connect(regulator).freezeWallet(venue, why))
        .to.be.revertedWithCustomError(token, "VenueHoldingsProtected")
        .withArgs(await venue.getAddress());
      expect(await token.isFrozen(venue)).to.equal(false);
    });

    it("22.4a: an identity freeze covers the wallets the identity has then, not one that left it since", async () => {
      const { token, eligibility, clients, actors, ids, alice2, kycNodeAccount } = await registryWorld();
      const { alice, bob, issuer } = actors;
      await token.connect(alice).transfer(alice2.address, 100n);
      await token.connect(issuer).freezeIdentity(ids.alice, why);
      await token.connect(issuer).unfreezeIdentity(ids.alice);
      // alice2 leaves alice's identity; the identity's next freeze must not catch it again.
      await eligibility.connect(kycNodeAccount).removeWallet(ids.alice, alice2.address);
      await clients.enrol(alice2.address);
      await expect(token.connect(issuer).freezeIdentity(ids.alice, why))
        .to.emit(token, "IdentityFrozen")
        .withArgs(ids.alice, issuer.address, 1, [alice.address], why);
      expect(await token.isFrozen(alice2.address)).to.equal(false);
      await token.connect(alice2).transfer(bob.address, 1n);
      await token.connect(bob).transfer(alice2.address, 1n);
      expect(await token.isFrozen(alice.address)).to.equal(true);
    });

    it("22.7: refuses to mint or force-transfer into a venue's own address, and freezes without a reason", async () => {
      const { token, actors, venue, ids } = await loadFixture(tokenWorldSeconds);
      const { bob, issuer } = actors;
      await expect(token.connect(issuer).mint(venue, 1n))
        .to.be.revertedWithCustomError(token, "VenueCreditRefused")
        .withArgs(await venue.getAddress());
      await expect(token.connect(issuer).forcedTransfer(bob.address, venue, 1n, why))
        .to.be.revertedWithCustomError(token, "VenueCreditRefused")
        .withArgs(await venue.getAddress());
      await expect(token.connect(issuer).freezeWallet(bob.address, ethers.ZeroHash)).to.be.revertedWithCustomError(
        token,
        "MissingReason",
      );
      await expect(token.connect(issuer).freezeIdentity(ids.bob, ethers.ZeroHash)).to.be.revertedWithCustomError(
        token,
        "MissingReason",
      );
      // A client's deposit into the venue is an ordinary transfer, owned by its ledger: still fine.
      await token.connect(bob).transfer(venue, 1n);
    });

    it("22.2: registering a contract the regulator froze does not put its holdings out of the regulator's reach", async () => {
      const { token, tree, actors, venues, nodes, regulator } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, issuer, exchangeOp } = actors;
      // A contract custodian (its own CUSTODY node) takes tokens in; its licence ends; the regulator freezes it.
      const vault = await ethers.deployContract("TestVenue", [exchangeOp.address]);
      const { expiry } = await tree.node(nodes.custodian);
      await tree.connect(regulator).grant(nodes.r1, vault, Scope.CUSTODY, expiry);
      await token.connect(alice).transfer(vault, 100n);
      await tree.connect(regulator).revoke(await tree.nodeOf(vault, nodes.r1), why);
      await token.connect(regulator).freezeWallet(vault, why);
      // A lower authority (the operator the contract names as owner) registers it as its venue.
      await venues.connect(exchangeOp).registerVenue(vault, nodes.r1, Scope.EXCHANGE);
      // Everything it holds predates the registration (a frozen account takes nothing in): the regulator may still
      // seize it at its rank, and the issuer still may not.
      await expect(token.connect(issuer).forcedTransfer(vault, bob.address, 100n, why))
        .to.be.revertedWithCustomError(token, "WalletFrozenByHigherAuthority")
        .withArgs(await vault.getAddress(), 0, 1);
      await expect(token.connect(regulator).forcedTransfer(vault, bob.address, 100n, why)).to.changeTokenBalances(
        token,
        [vault, bob],
        [-100n, 100n],
      );
      await expect(token.connect(alice).transfer(vault, 1n)).to.be.revertedWithCustomError(token, "WalletIsFrozen");
      // Unfrozen, it is a venue like any other: protected.
      await token.connect(regulator).unfreezeWallet(vault);
      await token.connect(alice).transfer(vault, 1n);
      await expect(token.connect(regulator).forcedTransfer(vault, bob.address, 1n, why))
        .to.be.revertedWithCustomError(token, "VenueHoldingsProtected")
        .withArgs(await vault.getAddress());
    });

    it("22.6d: a venue whose owner() moved away from its registering operator is treated as unlicensed", async () => {
      const { token, actors, venues, nodes, outsider } = await loadFixture(tokenWorldSeconds);
      const { alice, dave, issuer, exchangeOp } = actors;
      const movable = await ethers.deployContract("TestMovableVenue", [exchangeOp.address]);
      await venues.connect(exchangeOp).registerVenue(movable, nodes.r1, Scope.EXCHANGE);
      await token.connect(alice).transfer(movable, 10n);
      await movable.moveOwner(outsider.address);
      expect(await venues.isLicensed(movable, nodes.r1)).to.equal(false);
      // No deposits; what it holds goes only to eligible wallets (the wind-down), and is still protected.
      await expect(token.connect(alice).transfer(movable, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(await movable.getAddress(), Eligibility.UnknownWallet);
      await expect(movable.send(token, dave.address, 1n)).to.be.revertedWithCustomError(token, "NotEligible");
      await expect(token.connect(issuer).forcedTransfer(movable, alice.address, 1n, why))
        .to.be.revertedWithCustomError(token, "VenueHoldingsProtected")
        .withArgs(await movable.getAddress());
      await movable.moveOwner(ethers.ZeroAddress); // back to the registering operator
      expect(await venues.isLicensed(movable, nodes.r1)).to.equal(true);
      await token.connect(alice).transfer(movable, 1n);
    });
  });

  describe("cleared-by rank (issue 15 item 8)", () => {
    it("15.8: a wallet unfrozen by the regulator cannot be frozen again by the issuer; the regulator may", async () => {
      const { token, actors, regulator } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, carol, issuer } = actors;
      await token.connect(regulator).freezeWallet(alice.address, why);
      await expect(token.connect(regulator).unfreezeWallet(alice.address))
        .to.emit(token, "WalletUnfrozen")
        .withArgs(alice.address, regulator.address, 0);
      await expect(token.connect(issuer).freezeWallet(alice.address, why))
        .to.be.revertedWithCustomError(token, "WalletClearedByHigherAuthority")
        .withArgs(alice.address, 0, 1);
      // The issuer's own freeze lifted by the regulator: the same.
      await token.connect(issuer).freezeWallet(bob.address, why);
      await token.connect(regulator).unfreezeWallet(bob.address);
      await expect(token.connect(issuer).freezeWallet(bob.address, why))
        .to.be.revertedWithCustomError(token, "WalletClearedByHigherAuthority")
        .withArgs(bob.address, 0, 1);
      // A lift at the freezer's own rank records that rank: the issuer may freeze again what it lifted itself.
      await token.connect(issuer).freezeWallet(carol.address, why);
      await token.connect(issuer).unfreezeWallet(carol.address);
      await expect(token.connect(issuer).freezeWallet(carol.address, why)).to.emit(token, "WalletFrozen");
      // The regulator may restrict again, which replaces the mark.
      await expect(token.connect(regulator).freezeWallet(alice.address, why))
        .to.emit(token, "WalletFrozen")
        .withArgs(alice.address, regulator.address, 0, why);
      const record = await token.walletFreezeRecord(alice.address);
      expect([record.frozen, record.rank, record.cleared]).to.deep.equal([true, 0n, false]);
    });

    it("15.8: an identity unfrozen by the regulator cannot be frozen again by the issuer", async () => {
      const { token, actors, ids, regulator } = await loadFixture(tokenWorldSeconds);
      const { issuer } = actors;
      await token.connect(issuer).freezeIdentity(ids.alice, why);
      await expect(token.connect(regulator).unfreezeIdentity(ids.alice))
        .to.emit(token, "IdentityUnfrozen")
        .withArgs(ids.alice, regulator.address, 0);
      await expect(token.connect(issuer).freezeIdentity(ids.alice, why))
        .to.be.revertedWithCustomError(token, "IdentityClearedByHigherAuthority")
        .withArgs(ids.alice, 0, 1);
      const record = await token.identityFreezeRecord(ids.alice);
      expect([record.frozen, record.cleared, record.clearedRank]).to.deep.equal([false, true, 0n]);
      await token.connect(issuer).freezeIdentity(ids.bob, why);
      await token.connect(issuer).unfreezeIdentity(ids.bob);
      await token.connect(issuer).freezeIdentity(ids.bob, why);
      await expect(token.connect(regulator).freezeIdentity(ids.alice, why)).to.emit(token, "IdentityFrozen");
    });

    it("15.8: what the regulator cleared the issuer cannot freeze again by the other path (identity or wallet)", async () => {
      const { token, actors, ids, alice2, regulator } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, carol, issuer } = actors;
      // The regulator cleared alice's wallet: the issuer's freeze of alice's identity would freeze it again.
      await token.connect(regulator).freezeWallet(alice.address, why);
      await token.connect(regulator).unfreezeWallet(alice.address);
      await expect(token.connect(issuer).freezeIdentity(ids.alice, why))
        .to.be.revertedWithCustomError(token, "WalletClearedByHigherAuthority")
        .withArgs(alice.address, 0, 1);
      expect(await token.isFrozen(alice.address)).to.equal(false);
      expect(await token.isFrozen(alice2.address)).to.equal(false);
      // The regulator cleared bob's identity: the issuer's freeze of bob's wallet would freeze it again.
      await token.connect(regulator).freezeIdentity(ids.bob, why);
      await token.connect(regulator).unfreezeIdentity(ids.bob);
      await expect(token.connect(issuer).freezeWallet(bob.address, why))
        .to.be.revertedWithCustomError(token, "IdentityClearedByHigherAuthority")
        .withArgs(ids.bob, 0, 1);
      expect(await token.isFrozen(bob.address)).to.equal(false);
      // The issuer's own lifts bind nobody above it; the regulator may restrict by either path.
      await token.connect(issuer).freezeIdentity(ids.carol, why);
      await token.connect(issuer).unfreezeIdentity(ids.carol);
      await expect(token.connect(issuer).freezeWallet(carol.address, why)).to.emit(token, "WalletFrozen");
      await expect(token.connect(regulator).freezeIdentity(ids.alice, why)).to.emit(token, "IdentityFrozen");
      await expect(token.connect(regulator).freezeWallet(bob.address, why)).to.emit(token, "WalletFrozen");
    });

    it("15.8: a pause lifted by the regulator cannot be re-applied by the issuer; the lift names its rank", async () => {
      const { token, actors, regulator } = await loadFixture(tokenWorldSeconds);
      const { issuer } = actors;
      await token.connect(issuer).pause();
      await expect(token.connect(regulator).unpause())
        .to.emit(token, "PauseCleared")
        .withArgs(regulator.address, 0)
        .and.to.emit(token, "Unpaused");
      expect(await token.pauseClearance()).to.deep.equal([true, 0n]);
      await expect(token.connect(issuer).pause())
        .to.be.revertedWithCustomError(token, "PauseClearedByHigherAuthority")
        .withArgs(0, 1);
      await token.connect(regulator).pause();
      expect(await token.pauseClearance()).to.deep.equal([false, 0n]);
      await token.connect(regulator).unpause();
      await expect(token.connect(regulator).pause()).to.emit(token, "Paused");
      await token.connect(regulator).unpause();
    });
  });

  describe("identity freezes and re-bound wallets (audit M4)", () => {
    it("keeps a wallet frozen after it is re-bound to another identity in the client registry", async () => {
      const { token, eligibility, clients, actors, ids, alice2, kycNodeAccount } = await registryWorld();
      const { alice, bob, issuer } = actors;
      await token.connect(alice).transfer(alice2.address, 100n);
      await expect(token.connect(issuer).freezeIdentity(ids.alice, why))
        .to.emit(token, "IdentityFrozen")
        .withArgs(ids.alice, issuer.address, 1, [alice.address, alice2.address], why);
      // The client registry moves alice2 to a fresh identity: the token's freeze still covers it.
      await eligibility.connect(kycNodeAccount).removeWallet(ids.alice, alice2.address);
      const fresh = await clients.enrol(alice2.address);
      expect(await eligibility.identityOf(alice2.address)).to.equal(fresh);
      expect(await token.walletFreeze(alice2.address)).to.deep.equal([false, 0n, ids.alice]);
      expect(await token.isFrozen(alice2.address)).to.equal(true);
      await expect(token.connect(alice2).transfer(bob.address, 1n))
        .to.be.revertedWithCustomError(token, "IdentityIsFrozen")
        .withArgs(alice2.address, ids.alice);
      await expect(token.connect(bob).transfer(alice2.address, 1n))
        .to.be.revertedWithCustomError(token, "IdentityIsFrozen")
        .withArgs(alice2.address, ids.alice);
      // Forced out of it, it may not go back into alice's old identity either.
      await expect(token.connect(issuer).forcedTransfer(alice2.address, alice.address, 1n, why))
        .to.be.revertedWithCustomError(token, "RecipientInFrozenIdentity")
        .withArgs(alice2.address, alice.address, ids.alice);
      await token.connect(issuer).unfreezeIdentity(ids.alice);
      expect(await token.isFrozen(alice2.address)).to.equal(false);
      await token.connect(alice2).transfer(bob.address, 1n);
    });

    it("a lower rank's freeze and unfreeze of the new identity never lifts a higher rank's older hold", async () => {
      const { token, eligibility, clients, actors, ids, alice2, kycNodeAccount, regulator } = await registryWorld();
      const { alice, bob, issuer } = actors;
      await token.connect(alice).transfer(alice2.address, 100n);
      // The regulator (rank 0) freezes alice's identity; alice2 is recorded under it.
      await token.connect(regulator).freezeIdentity(ids.alice, why);
      // alice2 moves to a fresh identity in the client registry.
      await eligibility.connect(kycNodeAccount).removeWallet(ids.alice, alice2.address);
      const fresh = await clients.enrol(alice2.address);
      // The issuer (rank 1) freezes the fresh identity, then lifts its own freeze: the regulator's hold stays.
      await token.connect(issuer).freezeIdentity(fresh, why);
      expect(await token.walletFreeze(alice2.address)).to.deep.equal([false, 0n, ids.alice]);
      await token.connect(issuer).unfreezeIdentity(fresh);
      expect(await token.isFrozen(alice2.address)).to.equal(true);
      await expect(token.connect(alice2).transfer(bob.address, 1n))
        .to.be.revertedWithCustomError(token, "IdentityIsFrozen")
        .withArgs(alice2.address, ids.alice);
      // Once the regulator lifts it, a later freeze may record the wallet afresh.
      await token.connect(regulator).unfreezeIdentity(ids.alice);
      await token.connect(alice2).transfer(bob.address, 1n);
      await token.connect(issuer).freezeIdentity(fresh, why);
      expect(await token.walletFreeze(alice2.address)).to.deep.equal([false, 0n, fresh]);
    });
  });

  describe("forced transfer", () => {
    it("moves a frozen wallet's tokens with a reason, and the freeze survives", async () => {
      const { token, actors } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, carol, issuer } = actors;
      await token.connect(issuer).freezeWallet(alice.address, why);
      await expect(token.connect(issuer).forcedTransfer(alice.address, carol.address, 600n, why))
        .to.emit(token, "ForcedTransfer")
        .withArgs(alice.address, carol.address, 600n, why, issuer.address, 1)
        .and.to.emit(token, "Transfer")
        .withArgs(alice.address, carol.address, 600n);
      expect(await token.balanceOf(alice.address)).to.equal(400n);
      expect(await token.balanceOf(carol.address)).to.equal(600n);
      // Still frozen: it cannot send what is left nor receive anything.
      expect(await token.isWalletFrozen(alice.address)).to.equal(true);
      await expect(token.connect(alice).transfer(bob.address, 1n))
        .to.be.revertedWithCustomError(token, "WalletIsFrozen")
        .withArgs(alice.address);
      await expect(token.connect(bob).transfer(alice.address, 1n))
        .to.be.revertedWithCustomError(token, "WalletIsFrozen")
        .withArgs(alice.address);
    });

    it("cannot deliver into a frozen wallet or identity, nor to an ineligible wallet", async () => {
      const { token, actors, ids, alice2 } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, carol, dave, issuer } = actors;
      await token.connect(issuer).freezeWallet(carol.address, why);
      await expect(token.connect(issuer).forcedTransfer(bob.address, carol.address, 1n, why))
        .to.be.revertedWithCustomError(token, "WalletIsFrozen")
        .withArgs(carol.address);
      // Moving a frozen identity's tokens to another of its wallets does not release them either.
      await token.connect(issuer).freezeIdentity(ids.alice, why);
      await expect(token.connect(issuer).forcedTransfer(alice.address, alice2.address, 1n, why))
        .to.be.revertedWithCustomError(token, "RecipientInFrozenIdentity")
        .withArgs(alice.address, alice2.address, ids.alice);
      await expect(token.connect(issuer).forcedTransfer(bob.address, dave.address, 1n, why))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(dave.address, Eligibility.UnknownWallet);
      expect(await token.isIdentityFrozen(ids.alice)).to.equal(true);
      expect(await token.isWalletFrozen(carol.address)).to.equal(true);
    });

    it("works from an ineligible wallet and while paused, by the issuer or its regulator", async () => {
      const { token, actors, clients, ids, regulator } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, issuer } = actors;
      await clients.revoke(ids.alice);
      await token.connect(issuer).pause();
      await expect(token.connect(regulator).forcedTransfer(alice.address, bob.address, 1_000n, why))
        .to.emit(token, "ForcedTransfer")
        .withArgs(alice.address, bob.address, 1_000n, why, regulator.address, 0);
      expect(await token.balanceOf(bob.address)).to.equal(2_000n);
      expect(await token.paused()).to.equal(true);
    });

    it("requires a compliance authority, a reason, real parties and enough balance", async () => {
      const { token, actors, outsider } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, issuer } = actors;
      await expect(token.connect(outsider).forcedTransfer(alice.address, bob.address, 1n, why))
        .to.be.revertedWithCustomError(token, "NotComplianceAuthority")
        .withArgs(outsider.address);
      await expect(
        token.connect(issuer).forcedTransfer(alice.address, bob.address, 1n, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(token, "MissingReason");
      await expect(token.connect(issuer).forcedTransfer(ethers.ZeroAddress, bob.address, 1n, why))
        .to.be.revertedWithCustomError(token, "ERC20InvalidSender")
        .withArgs(ethers.ZeroAddress);
      await expect(token.connect(issuer).forcedTransfer(alice.address, ethers.ZeroAddress, 1n, why))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
      await expect(token.connect(issuer).forcedTransfer(alice.address, bob.address, 1_001n, why))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(alice.address, 1_000n, 1_001n);
    });
  });

  describe("pause", () => {
    it("stops transfers, mints and redemptions until unpaused", async () => {
      const { token, actors, outsider } = await loadFixture(tokenWorldSeconds);
      const { alice, bob, issuer } = actors;
      await expect(token.connect(outsider).pause())
        .to.be.revertedWithCustomError(token, "NotComplianceAuthority")
        .withArgs(outsider.address);
      await expect(token.connect(issuer).pause()).to.emit(token, "Paused").withArgs(issuer.address);
      await expect(token.connect(alice).transfer(bob.address, 1n)).to.be.revertedWithCustomError(
        token,
        "EnforcedPause",
      );
      await expect(token.connect(issuer).mint(bob.address, 1n)).to.be.revertedWithCustomError(token, "EnforcedPause");
      await expect(redeemNow(token, alice, 1n, ref)).to.be.revertedWithCustomError(token, "EnforcedPause");
      await expect(token.connect(outsider).unpause())
        .to.be.revertedWithCustomError(token, "NotComplianceAuthority")
        .withArgs(outsider.address);
      await expect(token.connect(issuer).unpause()).to.emit(token, "Unpaused").withArgs(issuer.address);
      await token.connect(alice).transfer(bob.address, 1n);
    });

    it("lets the regulator keep a token paused against its issuer by suspending the issuer", async () => {
      const { token, tree, regulator, actors, nodes } = await loadFixture(tokenWorldSeconds);
      await token.connect(regulator).pause();
      await tree.connect(regulator).suspend(nodes.issuer, why);
      await expect(token.connect(actors.issuer).unpause())
        .to.be.revertedWithCustomError(token, "NotComplianceAuthority")
        .withArgs(actors.issuer.address);
      await token.connect(regulator).unpause();
    });
  });

  describe("redemption", () => {
    it("burns a holder's tokens and records the redemption reference", async () => {
      const { token, actors } = await loadFixture(tokenWorldSeconds);
      const { alice } = actors;
      await expect(redeemNow(token, alice, 250n, ref))
        .to.emit(token, "Redeemed")
        .withArgs(alice.address, 250n, ref)
        .and.to.emit(token, "Transfer")
        .withArgs(await token.DESK(), ethers.ZeroAddress, 250n); // out of the desk's escrow (issue 16)
      expect(await token.balanceOf(alice.address)).to.equal(750n);
      expect(await token.totalSupply()).to.equal(1_750n);
      await expect(redeemNow(token, alice, 751n, ref))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(alice.address, 750n, 751n);
    });

    it("refuses a redemption by an ineligible holder, and accepts one by a licensed custodian", async () => {
      const { token, actors, clients, ids, venue } = await loadFixture(tokenWorldSeconds);
      await token.connect(actors.bob).transfer(venue, 100n);
      await clients.revoke(ids.bob);
      await expect(redeemNow(token, actors.bob, 1n, ref))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(actors.bob.address, Eligibility.IdentityRevoked);
      // A licensed custodian redeems like any holder.
      await token.connect(actors.alice).transfer(actors.custodian.address, 10n);
      await expect(redeemNow(token, actors.custodian, 10n, ref))
        .to.emit(token, "Redeemed")
        .withArgs(actors.custodian.address, 10n, ref);
    });
  });

  describe("policy", () => {
    it("switches the transfer policy by a compliance authority to an existing policy only", async () => {
      const { token, actors, clients, nodes, policyId, outsider } = await loadFixture(tokenWorldSeconds);
      const next = await clients.createPolicy([nodes.r1, nodes.r2]);
      await expect(token.connect(outsider).setPolicy(next))
        .to.be.revertedWithCustomError(token, "NotComplianceAuthority")
        .withArgs(outsider.address);
      await expect(token.connect(actors.issuer).setPolicy(999))
        .to.be.revertedWithCustomError(token, "UnknownPolicy")
        .withArgs(999);
      await expect(token.connect(actors.issuer).setPolicy(next))
        .to.emit(token, "PolicyChanged")
        .withArgs(policyId, next, actors.issuer.address, 1);
      expect(await token.policyId()).to.equal(next);
    });
  });

  describe("eligibility on the client registry", () => {
    it("refuses a client the registry froze, and accepts it again once unfrozen", async () => {
      const { token, eligibility, actors, ids, kycNodeAccount } = await registryWorld();
      await eligibility.connect(kycNodeAccount).freeze(ids.bob, why);
      await expect(token.connect(actors.alice).transfer(actors.bob.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(actors.bob.address, Eligibility.Frozen);
      await expect(token.connect(actors.bob).transfer(actors.alice.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(actors.bob.address, Eligibility.Frozen);
      await eligibility.connect(kycNodeAccount).unfreeze(ids.bob);
      await token.connect(actors.alice).transfer(actors.bob.address, 1n);
    });

    it("refuses every client of a KYC line once an ancestor of their attester is suspended", async () => {
      const { token, tree, regulator, actors, nodes } = await registryWorld();
      // The clients were attested by the KYC agent at depth 2; its parent, the bank, is suspended by the regulator.
      await tree.connect(regulator).suspend(nodes.institution, why);
      await expect(token.connect(actors.alice).transfer(actors.bob.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(actors.alice.address, Eligibility.AttesterInvalid);
      await tree.connect(regulator).resume(nodes.institution);
      await token.connect(actors.alice).transfer(actors.bob.address, 1n);
    });

    it("refuses a client whose identity expired", async () => {
      const { token, eligibility, clock, actors, ids } = await registryWorld();
      const { expiry } = await eligibility.identity(ids.alice);
      expect((await eligibility.identity(ids.bob)).expiry).to.be.greaterThan(expiry); // bob was enrolled later
      await setNextBlockTime(clock, Number(expiry));
      await expect(token.connect(actors.bob).transfer(actors.alice.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(actors.alice.address, Eligibility.Expired);
      await expect(token.connect(actors.alice).transfer(actors.bob.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(actors.alice.address, Eligibility.Expired);
    });

    it("applies the token's policy: barred jurisdictions, allowed classes and trusted roots", async () => {
      const { token, clients, actors, nodes } = await registryWorld();
      const { alice, bob, carol, dave, issuer } = actors;
      // dave: a US (840) retail client of the same KYC line, eligible under the default policy.
      await clients.enrol(dave.address, { jurisdiction: 840, classes: ClientClass.RETAIL });
      await token.connect(alice).transfer(dave.address, 5n);

      await token.connect(issuer).setPolicy(await clients.createPolicy([nodes.r1], 0x0f, [840]));
      await expect(token.connect(alice).transfer(dave.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(dave.address, Eligibility.JurisdictionBarred);
      await expect(token.connect(dave).transfer(alice.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(dave.address, Eligibility.JurisdictionBarred);

      const professionalOnly = ClientClass.INSTITUTIONAL | ClientClass.ACCREDITED | ClientClass.PROFESSIONAL;
      await token.connect(issuer).setPolicy(await clients.createPolicy([nodes.r1], professionalOnly, []));
      await expect(token.connect(alice).transfer(dave.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(dave.address, Eligibility.ClassNotAllowed);
      await token.connect(alice).transfer(carol.address, 1n);

      await token.connect(issuer).setPolicy(await clients.createPolicy([nodes.r2], 0x0f, []));
      await expect(token.connect(alice).transfer(bob.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(alice.address, Eligibility.RootNotTrusted);
    });

    it("still lets a licensed venue pay a client the policy admits, when the sender is a venue", async () => {
      const { token, clients, actors, nodes, venue } = await registryWorld();
      await token.connect(actors.alice).transfer(venue, 10n);
      await token.connect(actors.issuer).setPolicy(await clients.createPolicy([nodes.r1], 0x0f, [756]));
      // Every enrolled client is Swiss (756) and now barred; the venue keeps their balance until eligible again.
      await expect(venue.send(token, actors.alice.address, 1n))
        .to.be.revertedWithCustomError(token, "NotEligible")
        .withArgs(actors.alice.address, Eligibility.JurisdictionBarred);
      await token.connect(actors.issuer).setPolicy(await clients.createPolicy([nodes.r1], 0x0f, []));
      await expect(venue.send(token, actors.alice.address, 10n)).to.changeTokenBalance(token, actors.alice, 10n);
    });
  });
});
