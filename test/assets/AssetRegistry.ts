import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";
import {
  AssetKind,
  AttestationKind,
  DAY,
  Scope,
  assetsFixture,
  evidenceHash,
  kindMask,
  nodeIdFrom,
  setNextBlockTime,
} from "../helpers/fixtures";

const ZERO = ethers.ZeroAddress;
const reason = ethers.encodeBytes32String("retracted");

for (const unit of [1, 1000] as const) {
  describe(`AssetRegistry (time unit ${unit})`, () => {
    const fixture = assetsFixture(unit);

    describe("deployment", () => {
      it("refuses a time unit other than the authority tree's", async () => {
        const { tree } = await loadFixture(fixture);
        const other = unit === 1 ? 1000 : 1;
        const factory = await ethers.getContractFactory("AssetRegistry");
        // The clock refuses a unit that does not match the chain before comparing it with the tree's.
        await expect(factory.deploy(await tree.getAddress(), other)).to.be.revertedWithCustomError(
          factory,
          "TimeUnitMismatch",
        );
      });
    });

    describe("registering assets", () => {
      it("registers an external asset by a LIST holder, recording root, issuer, lister and metadata", async () => {
        const { assets, actors, nodes, outsider } = await loadFixture(fixture);
        const tok = await ethers.deployContract("TestToken", ["Gold", "XAU"]);
        await expect(
          assets
            .connect(actors.lister)
            .registerAsset(tok, AssetKind.External, nodes.r1, outsider.address, "ipfs://xau"),
        )
          .to.emit(assets, "AssetRegistered")
          .withArgs(
            2,
            await tok.getAddress(),
            nodes.r1,
            AssetKind.External,
            outsider.address,
            nodes.lister,
            "ipfs://xau",
          );
        const a = await assets.asset(2);
        expect(a.token).to.equal(await tok.getAddress());
        expect(a.kind).to.equal(AssetKind.External);
        expect(a.root).to.equal(nodes.r1);
        expect(a.issuer).to.equal(outsider.address);
        expect(a.listerNode).to.equal(nodes.lister);
        expect(a.metadataURI).to.equal("ipfs://xau");
        expect(await assets.assetIdOf(tok, nodes.r1)).to.equal(2);
        expect(await assets.assetCount()).to.equal(2);
      });

      it("numbers assets sequentially from 1", async () => {
        const { assets, usd, nodes, registerToken } = await loadFixture(fixture);
        expect(await assets.assetIdOf(usd, nodes.r1)).to.equal(1);
        expect(await registerToken()).to.equal(2);
        await expect(assets.asset(0)).to.be.revertedWithCustomError(assets, "UnknownAsset").withArgs(0);
        await expect(assets.asset(3)).to.be.revertedWithCustomError(assets, "UnknownAsset").withArgs(3);
      });

      it("refuses accounts without a valid LIST node under the root", async () => {
        const { assets, tree, actors, nodes, outsider, regulator, auditor } = await loadFixture(fixture);
        const tok = await ethers.deployContract("TestToken", ["Gold", "XAU"]);
        for (const who of [outsider, actors.steward, auditor]) {
          await expect(assets.connect(who).registerAsset(tok, AssetKind.External, nodes.r1, ZERO, ""))
            .to.be.revertedWithCustomError(assets, "MissingScope")
            .withArgs(who.address, nodes.r1, Scope.LIST);
        }
        // A LIST holder of R1 cannot register under R2.
        await expect(assets.connect(actors.lister).registerAsset(tok, AssetKind.External, nodes.r2, ZERO, ""))
          .to.be.revertedWithCustomError(assets, "MissingScope")
          .withArgs(actors.lister.address, nodes.r2, Scope.LIST);
        // A revoked LIST holder cannot register.
        await tree.connect(regulator).revoke(nodes.lister, reason);
        await expect(assets.connect(actors.lister).registerAsset(tok, AssetKind.External, nodes.r1, ZERO, ""))
          .to.be.revertedWithCustomError(assets, "MissingScope")
          .withArgs(actors.lister.address, nodes.r1, Scope.LIST);
      });

      it("refuses a token that is not a contract", async () => {
        const { assets, actors, nodes, outsider } = await loadFixture(fixture);
        await expect(
          assets.connect(actors.lister).registerAsset(outsider.address, AssetKind.External, nodes.r1, ZERO, ""),
        )
          .to.be.revertedWithCustomError(assets, "NotAContract")
          .withArgs(outsider.address);
      });

      it("registers a token once per root, but the same token may be listed under another root", async () => {
        const { assets, usd, actors, nodes } = await loadFixture(fixture);
        await expect(assets.connect(actors.lister).registerAsset(usd, AssetKind.External, nodes.r1, ZERO, ""))
          .to.be.revertedWithCustomError(assets, "AssetAlreadyRegistered")
          .withArgs(await usd.getAddress(), nodes.r1, 1);
        await expect(assets.connect(actors.steward2).registerAsset(usd, AssetKind.External, nodes.r2, ZERO, "r2"))
          .to.emit(assets, "AssetRegistered")
          .withArgs(2, await usd.getAddress(), nodes.r2, AssetKind.External, ZERO, nodes.steward2, "r2");
      });

      it("registers a native token with its issuer", async () => {
        const { assets, token, actors, nodes } = await loadFixture(fixture);
        await expect(
          assets.connect(actors.lister).registerAsset(token, AssetKind.Native, nodes.r1, actors.issuer.address, "m"),
        )
          .to.emit(assets, "AssetRegistered")
          .withArgs(2, await token.getAddress(), nodes.r1, AssetKind.Native, actors.issuer.address, nodes.lister, "m");
        expect((await assets.asset(2)).kind).to.equal(AssetKind.Native);
      });

      it("refuses a native token with another issuer, root or registry, or whose issuer lost its licence", async () => {
        const { assets, token, tree, actors, nodes, regulator, outsider } = await loadFixture(fixture);
        const lister = assets.connect(actors.lister);
        await expect(lister.registerAsset(token, AssetKind.Native, nodes.r1, outsider.address, ""))
          .to.be.revertedWithCustomError(assets, "IssuerMismatch")
          .withArgs(outsider.address, actors.issuer.address);
        await expect(
          assets.connect(actors.steward2).registerAsset(token, AssetKind.Native, nodes.r2, actors.issuer.address, ""),
        )
          .to.be.revertedWithCustomError(assets, "NativeTokenMismatch")
          .withArgs(await token.getAddress(), await assets.getAddress(), nodes.r1);
        const other = await ethers.deployContract("AssetRegistry", [await tree.getAddress(), unit]);
        await expect(
          other.connect(actors.lister).registerAsset(token, AssetKind.Native, nodes.r1, actors.issuer.address, ""),
        )
          .to.be.revertedWithCustomError(other, "NativeTokenMismatch")
          .withArgs(await token.getAddress(), await assets.getAddress(), nodes.r1);
        // A plain ERC-20 is no native token.
        const plain = await ethers.deployContract("TestToken", ["Plain", "PLN"]);
        await expect(lister.registerAsset(plain, AssetKind.Native, nodes.r1, ZERO, "")).to.be.reverted;
        await tree.connect(regulator).suspend(nodes.issuer, reason);
        await expect(lister.registerAsset(token, AssetKind.Native, nodes.r1, actors.issuer.address, ""))
          .to.be.revertedWithCustomError(assets, "IssuerNotLicensed")
          .withArgs(nodes.issuer);
      });

      it("updates metadata by a LIST holder of the asset's root only", async () => {
        const { assets, actors, nodes, usdAsset } = await loadFixture(fixture);
        await expect(assets.connect(actors.lister).updateMetadata(usdAsset, "ipfs://usd-v2"))
          .to.emit(assets, "AssetMetadataUpdated")
          .withArgs(usdAsset, nodes.lister, "ipfs://usd-v2");
        expect((await assets.asset(usdAsset)).metadataURI).to.equal("ipfs://usd-v2");
        await expect(assets.connect(actors.steward2).updateMetadata(usdAsset, "x"))
          .to.be.revertedWithCustomError(assets, "MissingScope")
          .withArgs(actors.steward2.address, nodes.r1, Scope.LIST);
        await expect(assets.connect(actors.lister).updateMetadata(9, "x"))
          .to.be.revertedWithCustomError(assets, "UnknownAsset")
          .withArgs(9);
      });
    });

    describe("attestations", () => {
      it("records a reserve attestation with all its fields and counts it", async () => {
        const { assets, clock, auditor, nodes, usdAsset } = await loadFixture(fixture);
        const now = await clock.now();
        const h = evidenceHash("r");
        await setNextBlockTime(clock, now + 10);
        await expect(assets.connect(auditor).attestReserve(usdAsset, 1_000n, now - 5, now + DAY, "ipfs://r", h))
          .to.emit(assets, "AttestationPosted")
          .withArgs(
            usdAsset,
            AttestationKind.Reserve,
            1,
            nodes.auditor,
            1_000n,
            now - 5,
            now + 10,
            now + DAY,
            "ipfs://r",
            h,
            0,
          );
        const a = await assets.attestation(usdAsset, AttestationKind.Reserve);
        expect([a.id, a.auditorNode, a.issuedAt, a.expiry, a.asOf, a.amount, a.contentHash, a.uri]).to.deep.equal([
          1n,
          nodes.auditor,
          BigInt(now + 10),
          BigInt(now + DAY),
          BigInt(now - 5),
          1_000n,
          h,
          "ipfs://r",
        ]);
        expect(await assets.isAttestationValid(usdAsset, AttestationKind.Reserve)).to.equal(true);
        expect(await assets.reserveOf(usdAsset)).to.deep.equal([1_000n, true]);
      });

      it("records audit report, disclosure and insurance attestations", async () => {
        const { assets, clock, auditor, nodes, usdAsset } = await loadFixture(fixture);
        const exp = (await clock.now()) + DAY;
        for (const kind of [AttestationKind.AuditReport, AttestationKind.Disclosure, AttestationKind.Insurance]) {
          await expect(assets.connect(auditor).attest(usdAsset, kind, exp, `ipfs://${kind}`, evidenceHash(`${kind}`)))
            .to.emit(assets, "AttestationPosted")
            .withArgs(
              usdAsset,
              kind,
              kind,
              nodes.auditor,
              0,
              0,
              (t: bigint) => t > 0n,
              exp,
              `ipfs://${kind}`,
              evidenceHash(`${kind}`),
              0,
            );
          expect(await assets.isAttestationValid(usdAsset, kind)).to.equal(true);
        }
        expect(await assets.isAttestationValid(usdAsset, AttestationKind.Reserve)).to.equal(false);
        await expect(
          assets.connect(auditor).attest(usdAsset, AttestationKind.Reserve, exp, "u", evidenceHash("x")),
        ).to.be.revertedWithCustomError(assets, "UseAttestReserve");
      });

      it("accepts attestations only from valid AUDIT holders of the asset's root", async () => {
        const { assets, clock, actors, nodes, usdAsset, outsider } = await loadFixture(fixture);
        const now = await clock.now();
        for (const who of [outsider, actors.lister, actors.issuer]) {
          await expect(assets.connect(who).attestReserve(usdAsset, 1n, now, now + DAY, "u", evidenceHash("x")))
            .to.be.revertedWithCustomError(assets, "MissingScope")
            .withArgs(who.address, nodes.r1, Scope.AUDIT);
        }
        // The root of another tree holds AUDIT there, not under R1.
        const reg2 = actors.regulator2;
        await expect(
          assets.connect(reg2).attest(usdAsset, AttestationKind.Insurance, now + DAY, "u", evidenceHash("x")),
        )
          .to.be.revertedWithCustomError(assets, "MissingScope")
          .withArgs(reg2.address, nodes.r1, Scope.AUDIT);
        await expect(assets.connect(outsider).attestReserve(7, 1n, now, now + DAY, "u", evidenceHash("x")))
          .to.be.revertedWithCustomError(assets, "UnknownAsset")
          .withArgs(7);
      });

      it("refuses an issuer attesting its own asset, even holding AUDIT", async () => {
        const { assets, clock, nodes, regulator, deployToken } = await loadFixture(fixture);
        // The root holds every scope, ISSUE and AUDIT included: it issues a token, then tries to attest it.
        const own = await deployToken("SELF", regulator);
        await assets.connect(regulator).registerAsset(own, AssetKind.Native, nodes.r1, regulator.address, "");
        const id = await assets.assetIdOf(own, nodes.r1);
        const now = await clock.now();
        await expect(assets.connect(regulator).attestReserve(id, 1n, now, now + DAY, "u", evidenceHash("x")))
          .to.be.revertedWithCustomError(assets, "IssuerCannotAttest")
          .withArgs(id, regulator.address);
      });

      it("validates times and evidence", async () => {
        const { assets, clock, auditor, usdAsset } = await loadFixture(fixture);
        const now = await clock.now();
        const h = evidenceHash("x");
        const a = assets.connect(auditor);
        await setNextBlockTime(clock, now + 1);
        await expect(a.attestReserve(usdAsset, 1n, now, now + 1, "u", h))
          .to.be.revertedWithCustomError(assets, "ExpiryNotInFuture")
          .withArgs(now + 1, now + 1);
        await setNextBlockTime(clock, now + 2);
        await expect(a.attestReserve(usdAsset, 1n, now + 3, now + DAY, "u", h))
          .to.be.revertedWithCustomError(assets, "AsOfInFuture")
          .withArgs(now + 3, now + 2);
        await expect(a.attestReserve(usdAsset, 1n, now, now + DAY, "", h)).to.be.revertedWithCustomError(
          assets,
          "EmptyEvidence",
        );
        await expect(
          a.attest(usdAsset, AttestationKind.Disclosure, now + DAY, "u", ethers.ZeroHash),
        ).to.be.revertedWithCustomError(assets, "EmptyEvidence");
      });

      it("lets a newer attestation of a kind supersede the older, even one expiring sooner", async () => {
        const { assets, clock, auditor, nodes, usdAsset, attestReserve } = await loadFixture(fixture);
        await attestReserve(usdAsset, 1_000n, 30 * DAY);
        const now = await clock.now();
        await expect(assets.connect(auditor).attestReserve(usdAsset, 600n, now, now + DAY, "u2", evidenceHash("2")))
          .to.emit(assets, "AttestationPosted")
          .withArgs(
            usdAsset,
            AttestationKind.Reserve,
            2,
            nodes.auditor,
            600n,
            now,
            (t: bigint) => t >= BigInt(now),
            now + DAY,
            "u2",
            evidenceHash("2"),
            1,
          );
        expect(await assets.reserveOf(usdAsset)).to.deep.equal([600n, true]);
        await clock.advanceTo(now + DAY);
        // The older attestation would still run for weeks, but it was superseded: nothing counts now.
        expect(await assets.reserveOf(usdAsset)).to.deep.equal([600n, false]);
      });

      it("counts an attestation until its expiry and not at it", async () => {
        const { assets, clock, usdAsset, attestReserve } = await loadFixture(fixture);
        await attestReserve(usdAsset, 5n, DAY);
        const { expiry } = await assets.attestation(usdAsset, AttestationKind.Reserve);
        await clock.advanceTo(Number(expiry) - 1);
        expect(await assets.isAttestationValid(usdAsset, AttestationKind.Reserve)).to.equal(true);
        await clock.advanceTo(Number(expiry));
        expect(await assets.isAttestationValid(usdAsset, AttestationKind.Reserve)).to.equal(false);
        expect(await assets.reserveOf(usdAsset)).to.deep.equal([5n, false]);
      });

      it("stops counting when the auditor's ancestor is revoked", async () => {
        const { assets, tree, usdAsset, attestReserve, nodes, regulator } = await loadFixture(fixture);
        await attestReserve(usdAsset, 5n);
        await tree.connect(regulator).revoke(nodes.auditFirm, reason);
        expect(await assets.isAttestationValid(usdAsset, AttestationKind.Reserve)).to.equal(false);
        expect(await assets.reserveOf(usdAsset)).to.deep.equal([5n, false]);
        expect(await assets.requirementsMet(usdAsset, kindMask("Reserve"), 0, 0)).to.equal(false);
      });

      it("stops counting while the auditor is suspended, and counts again once resumed", async () => {
        const { assets, tree, usdAsset, attestReserve, nodes, actors } = await loadFixture(fixture);
        await attestReserve(usdAsset, 5n);
        await tree.connect(actors.auditFirm).suspend(nodes.auditor, reason);
        expect(await assets.isAttestationValid(usdAsset, AttestationKind.Reserve)).to.equal(false);
        await tree.connect(actors.auditFirm).resume(nodes.auditor);
        expect(await assets.isAttestationValid(usdAsset, AttestationKind.Reserve)).to.equal(true);
      });

      it("stops counting when the auditor's lease ends before the attestation's expiry", async () => {
        const { assets, tree, clock, usdAsset, attestReserve, nodes, actors } = await loadFixture(fixture);
        await attestReserve(usdAsset, 5n, 30 * DAY);
        const leaseEnd = (await clock.now()) + DAY;
        await tree.connect(actors.auditFirm).renew(nodes.auditor, leaseEnd);
        await clock.advanceTo(leaseEnd - 1);
        expect(await assets.isAttestationValid(usdAsset, AttestationKind.Reserve)).to.equal(true);
        await clock.advanceTo(leaseEnd);
        expect(await assets.isAttestationValid(usdAsset, AttestationKind.Reserve)).to.equal(false);
      });

      it("lets the attester or its ancestor withdraw an attestation, and no one else", async () => {
        const { assets, usdAsset, attestReserve, actors, auditor, outsider } = await loadFixture(fixture);
        await attestReserve(usdAsset, 5n);
        await expect(assets.connect(outsider).withdrawAttestation(usdAsset, AttestationKind.Reserve, reason))
          .to.be.revertedWithCustomError(assets, "NotAttester")
          .withArgs(outsider.address, (await assets.attestation(usdAsset, AttestationKind.Reserve)).auditorNode);
        await expect(assets.connect(actors.auditFirm).withdrawAttestation(usdAsset, AttestationKind.Reserve, reason))
          .to.emit(assets, "AttestationWithdrawn")
          .withArgs(usdAsset, AttestationKind.Reserve, 1, actors.auditFirm.address, reason);
        const a = await assets.attestation(usdAsset, AttestationKind.Reserve);
        expect([a.id, a.expiry, a.amount, a.uri]).to.deep.equal([0n, 0n, 0n, ""]);
        expect(await assets.reserveOf(usdAsset)).to.deep.equal([0n, false]);
        await expect(assets.connect(auditor).withdrawAttestation(usdAsset, AttestationKind.Reserve, reason))
          .to.be.revertedWithCustomError(assets, "NoAttestation")
          .withArgs(usdAsset, AttestationKind.Reserve);
        // A fresh attestation after a withdrawal supersedes nothing.
        const tx = await attestReserve(usdAsset, 9n);
        await expect(tx)
          .to.emit(assets, "AttestationPosted")
          .withArgs(usdAsset, 0, 2, anyNode, 9n, anyValue, anyValue, anyValue, anyValue, anyValue, 0);
      });
    });

    describe("requirementsMet", () => {
      it("requires every kind in each mask, from valid auditors", async () => {
        const { assets, clock, usdAsset, attestReserve, auditor, registerToken, tree, actors, nodes } =
          await loadFixture(fixture);
        const bond = await registerToken();
        expect(await assets.requirementsMet(usdAsset, 0, bond, 0)).to.equal(true);
        expect(await assets.requirementsMet(usdAsset, kindMask("Reserve"), bond, 0)).to.equal(false);
        await attestReserve(usdAsset, 1n);
        expect(await assets.requirementsMet(usdAsset, kindMask("Reserve"), bond, 0)).to.equal(true);
        expect(await assets.requirementsMet(usdAsset, kindMask("Reserve"), bond, kindMask("Reserve"))).to.equal(false);
        await attestReserve(bond, 1n);
        const both = kindMask("Reserve", "Insurance");
        expect(await assets.requirementsMet(usdAsset, kindMask("Reserve"), bond, both)).to.equal(false);
        const exp = (await clock.now()) + DAY;
        await assets.connect(auditor).attest(bond, AttestationKind.Insurance, exp, "u", evidenceHash("i"));
        expect(await assets.requirementsMet(usdAsset, kindMask("Reserve"), bond, both)).to.equal(true);
        // A mask naming an unknown kind is never met.
        expect(await assets.requirementsMet(usdAsset, 0x10, bond, 0)).to.equal(false);

        // A second auditor firm attests the insurance; revoking it fails only what it attested.
        const other = (await ethers.getSigners())[19];
        const otherNode = await nodeIdFrom(
          tree,
          tree
            .connect(actors.auditFirm)
            .grant(nodes.auditFirm, other.address, Scope.AUDIT, (await clock.now()) + 5 * DAY),
        );
        await assets.connect(other).attest(bond, AttestationKind.Insurance, exp, "u2", evidenceHash("i2"));
        expect((await assets.attestation(bond, AttestationKind.Insurance)).auditorNode).to.equal(otherNode);
        await tree.connect(actors.auditFirm).revoke(otherNode, reason);
        expect(await assets.requirementsMet(usdAsset, kindMask("Reserve"), bond, kindMask("Reserve"))).to.equal(true);
        expect(await assets.requirementsMet(usdAsset, kindMask("Reserve"), bond, both)).to.equal(false);
      });
    });
  });
}

const anyValue = () => true;
const anyNode = (n: bigint) => n > 0n;
