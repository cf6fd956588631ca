import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { OPEN_TERMS } from "../../lib/monetary";
import {
  AssetKind,
  AttestationKind,
  DAY,
  ReporterRole,
  Scope,
  assetsFixture,
  evidenceHash,
  issueNative,
  kindMask,
  nodeIdFrom,
  setNextBlockTime,
} from "../helpers/fixtures";
import { deskOf, requestRedemption } from "../monetary/helpers";

const ZERO = ethers.ZeroAddress;
const reason = ethers.encodeBytes32String("retracted");

for (const unit of [1, 1000] as const) {
  describe(`AssetRegistry (time unit ${unit})`, () => {
    const fixture = assetsFixture(unit);

    describe("deployment", () => {
      it("refuses a time unit other than the authority tree's", async () => {
        const { tree, factory } = await loadFixture(fixture);
        const other = unit === 1 ? 1000 : 1;
        const deployer = await ethers.getContractFactory("AssetRegistry");
        // The clock refuses a unit that does not match the chain before comparing it with the tree's.
        await expect(deployer.deploy(await tree.getAddress(), factory, other)).to.be.revertedWithCustomError(
          deployer,
          "TimeUnitMismatch",
        );
      });

      it("refuses a token factory that trusts another authority tree", async () => {
        const { tree, tokenDeployer } = await loadFixture(fixture);
        const otherTree = await ethers.deployContract("AuthorityTree", [await tree.getAddress(), unit]);
        const otherRegistry = await ethers.deployContract("IdentityRegistry", [otherTree, unit]);
        const otherVenues = await ethers.deployContract("VenueRegistry", [otherTree]);
        const stray = await ethers.deployContract("TokenFactory", [
          otherTree,
          otherRegistry,
          otherVenues,
          tokenDeployer,
        ]);
        const deployer = await ethers.getContractFactory("AssetRegistry");
        await expect(deployer.deploy(tree, stray, unit))
          .to.be.revertedWithCustomError(deployer, "FactoryTreeMismatch")
          .withArgs(await stray.getAddress(), await otherTree.getAddress());
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
        const { assets, token, tree, eligibility, venues, tokenDeployer, actors, nodes, regulator, outsider } =
          await loadFixture(fixture);
        const lister = assets.connect(actors.lister);
        await expect(lister.registerAsset(token, AssetKind.Native, nodes.r1, outsider.address, ""))
          .to.be.revertedWithCustomError(assets, "IssuerMismatch")
          .withArgs(outsider.address, actors.issuer.address);
        await expect(
          assets.connect(actors.steward2).registerAsset(token, AssetKind.Native, nodes.r2, actors.issuer.address, ""),
        )
          .to.be.revertedWithCustomError(assets, "NativeTokenMismatch")
          .withArgs(await token.getAddress(), nodes.r1);
        // Another asset registry never issued it.
        const otherFactory = await ethers.deployContract("TokenFactory", [tree, eligibility, venues, tokenDeployer]);
        const other = await ethers.deployContract("AssetRegistry", [await tree.getAddress(), otherFactory, unit]);
        await expect(
          other.connect(actors.lister).registerAsset(token, AssetKind.Native, nodes.r1, actors.issuer.address, ""),
        )
          .to.be.revertedWithCustomError(other, "NotIssuedHere")
          .withArgs(await token.getAddress());
        // A plain ERC-20 is no native token, whatever getters it has.
        const plain = await ethers.deployContract("TestToken", ["Plain", "PLN"]);
        await expect(lister.registerAsset(plain, AssetKind.Native, nodes.r1, ZERO, ""))
          .to.be.revertedWithCustomError(assets, "NotIssuedHere")
          .withArgs(await plain.getAddress());
        await tree.connect(regulator).suspend(nodes.issuer, reason);
        await expect(lister.registerAsset(token, AssetKind.Native, nodes.r1, actors.issuer.address, ""))
          .to.be.revertedWithCustomError(assets, "IssuerNotLicensed")
          .withArgs(nodes.issuer);
      });

      it("H1: refuses a CompliantToken deployed outside the factory, wired to contracts its issuer controls", async () => {
        // The audit's PoC: a licensed issuer deploys the token itself, wired to a tree it controls (here a tree of
        // its own whose root it holds), so that the real regulator's revocation and pause would not reach it.
        const { assets, tree, token, eligibility, venues, actors, nodes, regulator, policyId, desk } =
          await loadFixture(fixture);
        const ownTree = await ethers.deployContract("AuthorityTree", [actors.issuer.address, unit]);
        const ownRoot = await nodeIdFrom(
          ownTree,
          ownTree.connect(actors.issuer).createRoot(actors.issuer.address, (await ownTree.currentTime()) + 1000n, "x"),
        );
        const rogue = await ethers.deployContract("CompliantToken", [
          "Rogue",
          "RGE",
          6,
          actors.issuer.address,
          {
            tree: await ownTree.getAddress(),
            eligibility: await eligibility.getAddress(),
            venues: await venues.getAddress(),
            assets: await assets.getAddress(),
            root: ownRoot,
            policyId,
            timeUnit: unit,
            desk: await desk.getAddress(),
            terms: OPEN_TERMS,
          },
        ]);
        await expect(
          assets.connect(actors.lister).registerAsset(rogue, AssetKind.Native, nodes.r1, actors.issuer.address, ""),
        )
          .to.be.revertedWithCustomError(assets, "NotIssuedHere")
          .withArgs(await rogue.getAddress());
        // The factory's token is wired to the canonical registries: the regulator's revocation stops its mints.
        expect(await token.TREE()).to.equal(await tree.getAddress());
        expect(await token.ELIGIBILITY()).to.equal(await eligibility.getAddress());
        expect(await token.VENUES()).to.equal(await venues.getAddress());
        expect(await token.ASSET_REGISTRY()).to.equal(await assets.getAddress());
        await tree.connect(regulator).revoke(nodes.issuer, reason);
        await expect(token.connect(actors.issuer).mint(actors.issuer.address, 1n))
          .to.be.revertedWithCustomError(token, "NotIssuer")
          .withArgs(actors.issuer.address);
        await expect(token.connect(regulator).pause()).to.emit(token, "Paused").withArgs(regulator.address);
      });

      it("issues native tokens only to valid ISSUE holders, and records them", async () => {
        const { assets, token, actors, nodes, outsider, policyId } = await loadFixture(fixture);
        expect(await assets.issuedToken(token)).to.deep.equal([actors.issuer.address, nodes.r1, nodes.issuer]);
        expect(await assets.issuedToken(outsider.address)).to.deep.equal([ZERO, 0n, 0n]);
        await expect(assets.connect(actors.lister).issueNative(nodes.r1, "X", "X", 6, policyId, OPEN_TERMS))
          .to.be.revertedWithCustomError(assets, "MissingScope")
          .withArgs(actors.lister.address, nodes.r1, Scope.ISSUE);
        await expect(assets.connect(actors.issuer).issueNative(nodes.r2, "X", "X", 6, policyId, OPEN_TERMS))
          .to.be.revertedWithCustomError(assets, "MissingScope")
          .withArgs(actors.issuer.address, nodes.r2, Scope.ISSUE);
        const tokenFactory = await ethers.getContractFactory("CompliantToken");
        await expect(assets.connect(actors.issuer).issueNative(nodes.r1, "X", "X", 6, 999, OPEN_TERMS))
          .to.be.revertedWithCustomError(tokenFactory, "UnknownPolicy")
          .withArgs(999);
        const tx = assets.connect(actors.issuer).issueNative(nodes.r1, "Second", "SEC", 2, policyId, OPEN_TERMS);
        await expect(tx).to.emit(assets, "NativeTokenIssued");
      });

      it("M8: refuses a factory-made token as External under any root", async () => {
        const { assets, token, actors, nodes } = await loadFixture(fixture);
        for (const [who, root] of [
          [actors.lister, nodes.r1],
          [actors.steward2, nodes.r2],
        ] as const) {
          await expect(assets.connect(who).registerAsset(token, AssetKind.External, root, ZERO, ""))
            .to.be.revertedWithCustomError(assets, "NativeTokenAsExternal")
            .withArgs(await token.getAddress());
        }
      });

      it("M8: lets a GOVERN holder at the lister's rank or above retire a registration, freeing it", async () => {
        const { assets, tree, usd, usdAsset, actors, nodes, regulator, expiry, attestReserve } =
          await loadFixture(fixture);
        // A GOVERN holder at depth 2 (below the lister at depth 1) may not retire it.
        const [deepSteward] = (await ethers.getSigners()).slice(18);
        const stewardBoss = (await ethers.getSigners())[17];
        const boss = await nodeIdFrom(
          tree,
          tree.connect(regulator).grant(nodes.r1, stewardBoss.address, Scope.DELEGATE | Scope.GOVERN, expiry),
        );
        await tree.connect(stewardBoss).grant(boss, deepSteward.address, Scope.GOVERN, expiry);
        await expect(assets.connect(deepSteward).retireAsset(usdAsset, reason))
          .to.be.revertedWithCustomError(assets, "ListedByHigherAuthority")
          .withArgs(usdAsset, 1, 2);
        await expect(assets.connect(actors.lister).retireAsset(usdAsset, reason))
          .to.be.revertedWithCustomError(assets, "MissingScope")
          .withArgs(actors.lister.address, nodes.r1, Scope.GOVERN);
        await expect(assets.connect(actors.steward).retireAsset(usdAsset, reason))
          .to.emit(assets, "AssetRetired")
          .withArgs(usdAsset, nodes.steward, 1, reason);
        expect((await assets.asset(usdAsset)).retired).to.equal(true);
        expect(await assets.assetIdOf(usd, nodes.r1)).to.equal(usdAsset);
        await expect(assets.connect(actors.steward).retireAsset(usdAsset, reason))
          .to.be.revertedWithCustomError(assets, "AssetIsRetired")
          .withArgs(usdAsset);
        await expect(attestReserve(usdAsset, 1n))
          .to.be.revertedWithCustomError(assets, "AssetIsRetired")
          .withArgs(usdAsset);
        // Final under this root: a fresh id would shed the ranks and bars the root's authorities set on it.
        await expect(assets.connect(actors.lister).registerAsset(usd, AssetKind.External, nodes.r1, ZERO, "again"))
          .to.be.revertedWithCustomError(assets, "AssetAlreadyRegistered")
          .withArgs(await usd.getAddress(), nodes.r1, usdAsset);
        // Another root's lister may still register it there.
        await expect(
          assets.connect(actors.steward2).registerAsset(usd, AssetKind.External, nodes.r2, ZERO, "elsewhere"),
        ).to.emit(assets, "AssetRegistered");
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
            posted({
              id: 1,
              auditorNode: nodes.auditor,
              amount: 1_000n,
              asOf: now - 5,
              issuedAt: now + 10,
              expiry: now + DAY,
              uri: "ipfs://r",
              contentHash: h,
              redeemedSnapshot: 0,
            }),
            0,
            2,
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
              posted({
                id: kind,
                auditorNode: nodes.auditor,
                amount: 0,
                asOf: 0,
                issuedAt: (t: bigint) => t > 0n,
                expiry: exp,
                uri: `ipfs://${kind}`,
                contentHash: evidenceHash(`${kind}`),
              }),
              0,
              2,
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
            posted({
              auditorNode: nodes.auditor,
              amount: 600n,
              asOf: now,
              issuedAt: (t: bigint) => t >= BigInt(now),
              expiry: now + DAY,
              uri: "u2",
              contentHash: evidenceHash("2"),
            }),
            1,
            2,
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
        const { assets, usdAsset, attestReserve, actors, auditor, outsider, nodes } = await loadFixture(fixture);
        await attestReserve(usdAsset, 5n);
        await expect(assets.connect(outsider).withdrawAttestation(usdAsset, AttestationKind.Reserve, reason))
          .to.be.revertedWithCustomError(assets, "NotAttester")
          .withArgs(outsider.address, (await assets.attestation(usdAsset, AttestationKind.Reserve)).auditorNode);
        await expect(assets.connect(actors.auditFirm).withdrawAttestation(usdAsset, AttestationKind.Reserve, reason))
          .to.emit(assets, "AttestationWithdrawn")
          .withArgs(usdAsset, AttestationKind.Reserve, 1, actors.auditFirm.address, nodes.auditFirm, 1, reason);
        const a = await assets.attestation(usdAsset, AttestationKind.Reserve);
        expect([a.id, a.expiry, a.amount, a.uri]).to.deep.equal([0n, 0n, 0n, ""]);
        expect(await assets.reserveOf(usdAsset)).to.deep.equal([0n, false]);
        await expect(assets.connect(auditor).withdrawAttestation(usdAsset, AttestationKind.Reserve, reason))
          .to.be.revertedWithCustomError(assets, "NoAttestation")
          .withArgs(usdAsset, AttestationKind.Reserve);
        // A fresh attestation after a withdrawal supersedes nothing; it must come from the withdrawer's rank.
        const tx = await attestReserve(usdAsset, 9n, DAY, actors.auditFirm);
        await expect(tx)
          .to.emit(assets, "AttestationPosted")
          .withArgs(usdAsset, 0, 2, posted({ auditorNode: nodes.auditFirm, amount: 9n }), 0, 1);
      });
    });

    describe("attestation rank and independence (audit M2, M3, L4)", () => {
      it("M2: refuses an auditor whose node the issuer granted (holds an ancestor of)", async () => {
        const { assets, tree, regulator, clock, nodes, expiry, actors, policyId } = await loadFixture(fixture);
        const [house, captive] = (await ethers.getSigners()).slice(17);
        const houseNode = await nodeIdFrom(
          tree,
          tree.connect(regulator).grant(nodes.r1, house.address, Scope.DELEGATE | Scope.ISSUE | Scope.AUDIT, expiry),
        );
        const captiveNode = await nodeIdFrom(
          tree,
          tree.connect(house).grant(houseNode, captive.address, Scope.AUDIT, expiry),
        );
        const token = await issueNative(assets, house, nodes.r1, "House", "HSE", 6, policyId);
        await assets.connect(actors.lister).registerAsset(token, AssetKind.Native, nodes.r1, house.address, "");
        const id = await assets.assetIdOf(token, nodes.r1);
        const now = await clock.now();
        await expect(assets.connect(captive).attestReserve(id, 1_000n, now, now + DAY, "u", evidenceHash("x")))
          .to.be.revertedWithCustomError(assets, "IssuerControlsAuditor")
          .withArgs(id, house.address, captiveNode);
        // An independent auditor may.
        await expect(
          assets.connect(actors.auditFirm).attestReserve(id, 1_000n, now, now + DAY, "u", evidenceHash("x")),
        ).to.emit(assets, "AttestationPosted");
      });

      it("17 review M1: an external asset's four-eyes rule follows the issuer's node across a key rotation", async () => {
        const { assets, tree, regulator, clock, nodes, expiry, actors } = await loadFixture(fixture);
        const [house, captive, newKey] = (await ethers.getSigners()).slice(17);
        const houseNode = await nodeIdFrom(
          tree,
          tree.connect(regulator).grant(nodes.r1, house.address, Scope.DELEGATE | Scope.AUDIT, expiry),
        );
        const captiveNode = await nodeIdFrom(
          tree,
          tree.connect(house).grant(houseNode, captive.address, Scope.AUDIT, expiry),
        );
        const tok = await ethers.deployContract("TestToken", ["House gold", "HXAU"]);
        await assets.connect(actors.lister).registerAsset(tok, AssetKind.External, nodes.r1, house.address, "");
        const id = await assets.assetIdOf(tok, nodes.r1);
        // The issuer's node rotates to a new key: the recorded issuer account no longer holds it.
        await tree.connect(house).proposeRotation(houseNode, newKey.address);
        await tree.connect(newKey).acceptRotation(houseNode);
        const now = await clock.now();
        await expect(assets.connect(newKey).attestReserve(id, 1_000n, now, now + DAY, "u", evidenceHash("x")))
          .to.be.revertedWithCustomError(assets, "IssuerCannotAttest")
          .withArgs(id, newKey.address);
        await expect(assets.connect(captive).attestReserve(id, 1_000n, now, now + DAY, "u", evidenceHash("x")))
          .to.be.revertedWithCustomError(assets, "IssuerControlsAuditor")
          .withArgs(id, newKey.address, captiveNode);
        // An independent auditor may; an issuer holding no node under the root keeps the account rule.
        await expect(
          assets.connect(actors.auditFirm).attestReserve(id, 1_000n, now, now + DAY, "u", evidenceHash("x")),
        ).to.emit(assets, "AttestationPosted");
      });

      it("M3: a deeper auditor cannot supersede a higher rank's attestation while it counts", async () => {
        const { assets, clock, regulator, auditor, actors, usdAsset } = await loadFixture(fixture);
        const now = await clock.now();
        // The audit's PoC: the regulator (AUDIT at depth 0) posts a lower reserve; a depth-2 auditor posts a higher.
        await assets.connect(regulator).attestReserve(usdAsset, 400n, now, now + DAY, "reg", evidenceHash("reg"));
        expect(await assets.attestationRank(usdAsset, AttestationKind.Reserve)).to.deep.equal([true, 0n]);
        await expect(assets.connect(auditor).attestReserve(usdAsset, 1_000n, now, now + DAY, "u", evidenceHash("x")))
          .to.be.revertedWithCustomError(assets, "AttestedByHigherAuthority")
          .withArgs(usdAsset, AttestationKind.Reserve, 0, 2);
        await expect(
          assets.connect(actors.auditFirm).attestReserve(usdAsset, 1_000n, now, now + DAY, "u", evidenceHash("x")),
        )
          .to.be.revertedWithCustomError(assets, "AttestedByHigherAuthority")
          .withArgs(usdAsset, AttestationKind.Reserve, 0, 1);
        expect(await assets.reserveOf(usdAsset)).to.deep.equal([400n, true]);
        // Once it has lapsed it binds no one.
        await setNextBlockTime(clock, now + DAY);
        await expect(
          assets.connect(auditor).attestReserve(usdAsset, 900n, now + DAY, now + 2 * DAY, "u", evidenceHash("y")),
        ).to.emit(assets, "AttestationPosted");
        expect(await assets.attestationRank(usdAsset, AttestationKind.Reserve)).to.deep.equal([true, 2n]);
      });

      it("M3: after a withdrawal, only the withdrawer's rank or above may post again, and that clears the bar", async () => {
        const { assets, clock, regulator, auditor, actors, nodes, usdAsset, attestReserve } =
          await loadFixture(fixture);
        await attestReserve(usdAsset, 5_000n);
        // The audit's PoC: the regulator withdraws a fraudulent reserve attestation; the same auditor re-posts it.
        await expect(assets.connect(regulator).withdrawAttestation(usdAsset, AttestationKind.Reserve, reason))
          .to.emit(assets, "AttestationWithdrawn")
          .withArgs(usdAsset, AttestationKind.Reserve, 1, regulator.address, nodes.r1, 0, reason);
        expect(await assets.attestationRank(usdAsset, AttestationKind.Reserve)).to.deep.equal([true, 0n]);
        for (const [who, depth] of [
          [auditor, 2],
          [actors.auditFirm, 1],
        ] as const) {
          await expect(attestReserve(usdAsset, 5_000n, DAY, who))
            .to.be.revertedWithCustomError(assets, "AttestedByHigherAuthority")
            .withArgs(usdAsset, AttestationKind.Reserve, 0, depth);
        }
        // The bar is per kind: other kinds are unaffected.
        const now = await clock.now();
        await assets.connect(auditor).attest(usdAsset, AttestationKind.Insurance, now + DAY, "i", evidenceHash("i"));
        // The regulator posts; once that lapses the auditor may post again.
        await attestReserve(usdAsset, 1_000n, DAY, regulator);
        await clock.advance(DAY);
        await attestReserve(usdAsset, 1_100n, DAY, auditor);
        expect(await assets.reserveOf(usdAsset)).to.deep.equal([1_100n, true]);
      });

      it("L4: bounds an attestation's validity and keeps reserve as-of times moving forward", async () => {
        const { assets, clock, auditor, usdAsset } = await loadFixture(fixture);
        const now = await clock.now();
        const a = assets.connect(auditor);
        const ttl = Number(await assets.MAX_ATTESTATION_TTL());
        await setNextBlockTime(clock, now + 1);
        await expect(a.attestReserve(usdAsset, 1n, now, now + 1 + ttl + 1, "u", evidenceHash("x")))
          .to.be.revertedWithCustomError(assets, "ExpiryTooFar")
          .withArgs(now + 1 + ttl + 1, now + 1 + ttl);
        await setNextBlockTime(clock, now + 2);
        await a.attestReserve(usdAsset, 1n, now, now + 2 + ttl, "u", evidenceHash("x"));
        await expect(a.attestReserve(usdAsset, 1n, now - 1, now + DAY, "u", evidenceHash("y")))
          .to.be.revertedWithCustomError(assets, "AsOfBeforePrevious")
          .withArgs(now - 1, now);
        await a.attestReserve(usdAsset, 2n, now, now + DAY, "u", evidenceHash("z"));
      });
    });

    describe("issue 22: a reserve is never counted twice, a retired asset mints nothing, one factory path", () => {
      const ref = ethers.encodeBytes32String("redemption");

      it("22.3: a reserve as of the very second of the last redemption is refused: it would count the payout twice", async () => {
        // The review's PoC: reserve 1,000, supply 1,000; 400 redeemed at second T; a reserve of 1,000 "as of T" let
        // the issuer mint 400 more against 600 of real backing. On PlatON several blocks share the second T.
        const { assets, token, clock, auditor, actors, clients, registerToken, attestReserve } =
          await loadFixture(fixture);
        const bond = await registerToken();
        await clients.enrol(actors.alice.address);
        await attestReserve(bond, 1_000n);
        await token.connect(actors.issuer).mint(actors.alice.address, 1_000n);
        const t = (await clock.now()) + 10;
        const id = await requestRedemption(token, actors.alice, 400n, ref);
        await setNextBlockTime(clock, t); // the settlement (the burn) is the redemption's time
        await (await deskOf(token)).connect(actors.issuer).confirmRedemption(token, id, ref);
        expect(await token.lastRedeemedAt()).to.equal(t);
        const post = (asOf: number) =>
          assets.connect(auditor).attestReserve(bond, 1_000n, asOf, t + DAY, "ipfs://r", evidenceHash(`as of ${asOf}`));
        await expect(post(t)).to.be.revertedWithCustomError(assets, "ReserveBeforeRedemption").withArgs(bond, t, t);
        await expect(token.connect(actors.issuer).mint(actors.alice.address, 400n))
          .to.be.revertedWithCustomError(token, "ReserveExceeded")
          .withArgs(1_000n, 400n, 1_000n);
        // A reserve measured after the redemption counts.
        await setNextBlockTime(clock, t + 5);
        await expect(post(t + 1)).to.emit(assets, "AttestationPosted");
      });

      it("22.4b: a retired native asset mints nothing, whatever its last reserve attestation says", async () => {
        const { assets, token, actors, clients, registerToken, attestReserve } = await loadFixture(fixture);
        const bond = await registerToken();
        await clients.enrol(actors.alice.address);
        await attestReserve(bond, 1_000n);
        await token.connect(actors.issuer).mint(actors.alice.address, 100n);
        expect(await assets.reserveCover(bond)).to.deep.equal([1_000n, 0n, true]);
        await assets.connect(actors.steward).retireAsset(bond, reason);
        // Fail closed: the mint cap reads no valid reserve for a retired asset.
        expect(await assets.reserveCover(bond)).to.deep.equal([1_000n, 0n, false]);
        await expect(token.connect(actors.issuer).mint(actors.alice.address, 1n))
          .to.be.revertedWithCustomError(token, "NoValidReserve")
          .withArgs(bond);
        expect(await assets.isRetired(bond)).to.equal(true);
        expect(await assets.isRetired(1)).to.equal(false);
      });

      it("22.6e: the token factory creates tokens for the asset registry it is bound to, and for no one else", async () => {
        const { factory, assets, actors, nodes, outsider, policyId } = await loadFixture(fixture);
        expect(await factory.ASSET_REGISTRY()).to.equal(await assets.getAddress());
        for (const who of [outsider, actors.issuer]) {
          await expect(
            factory.connect(who).create("Fake", "FAKE", 6, nodes.r1, actors.issuer.address, policyId, OPEN_TERMS),
          )
            .to.be.revertedWithCustomError(factory, "NotBoundAssetRegistry")
            .withArgs(who.address, await assets.getAddress());
        }
      });

      it("22.6e: a compliant token this registry did not issue registers neither as Native nor as External", async () => {
        // The review's PoC: a CompliantToken naming a real issuer and root, bound to an "asset registry" that
        // answers any reserve, was accepted as an External asset (and minted 1e30 unbacked).
        const { assets, tree, eligibility, venues, actors, nodes, policyId, desk } = await loadFixture(fixture);
        const fakeRegistry = await ethers.deployContract("ClockUnitStub", [unit]);
        const rogue = await ethers.deployContract("CompliantToken", [
          "Rogue",
          "RGE",
          6,
          actors.issuer.address,
          {
            tree: await tree.getAddress(),
            eligibility: await eligibility.getAddress(),
            venues: await venues.getAddress(),
            assets: await fakeRegistry.getAddress(),
            root: nodes.r1,
            policyId,
            timeUnit: unit,
            desk: await desk.getAddress(),
            terms: OPEN_TERMS,
          },
        ]);
        const lister = assets.connect(actors.lister);
        await expect(lister.registerAsset(rogue, AssetKind.External, nodes.r1, ZERO, ""))
          .to.be.revertedWithCustomError(assets, "CompliantTokenNotIssuedHere")
          .withArgs(await rogue.getAddress(), await fakeRegistry.getAddress());
        await expect(lister.registerAsset(rogue, AssetKind.Native, nodes.r1, actors.issuer.address, ""))
          .to.be.revertedWithCustomError(assets, "NotIssuedHere")
          .withArgs(await rogue.getAddress());
        // A plain ERC-20 (no ASSET_REGISTRY getter) still registers as External.
        const plain = await ethers.deployContract("TestToken", ["Plain", "PLN"]);
        await expect(lister.registerAsset(plain, AssetKind.External, nodes.r1, ZERO, "")).to.emit(
          assets,
          "AssetRegistered",
        );
      });

      it("22.6e: a factory binds once, by its deployer, to an asset registry built on it", async () => {
        const { tree, assets, eligibility, venues, tokenDeployer, governor, outsider, actors, nodes, policyId } =
          await loadFixture(fixture);
        // Deployed by the first account (the fixture's governor), which alone may bind it.
        const f2 = await ethers.deployContract("TokenFactory", [tree, eligibility, venues, tokenDeployer]);
        const a2 = await ethers.deployContract("AssetRegistry", [tree, f2, unit]);
        const a3 = await ethers.deployContract("AssetRegistry", [tree, f2, unit]);
        expect(await f2.ASSET_REGISTRY()).to.equal(ZERO);
        // Unbound, it creates nothing.
        await expect(a2.connect(actors.issuer).issueNative(nodes.r1, "X", "X", 6, policyId, OPEN_TERMS))
          .to.be.revertedWithCustomError(f2, "NotBoundAssetRegistry")
          .withArgs(await a2.getAddress(), ZERO);
        await expect(f2.connect(outsider).bindAssetRegistry(a2))
          .to.be.revertedWithCustomError(f2, "NotBinder")
          .withArgs(outsider.address);
        await expect(f2.bindAssetRegistry(assets))
          .to.be.revertedWithCustomError(f2, "RegistryNotBuiltOnFactory")
          .withArgs(await assets.getAddress(), await assets.FACTORY());
        await expect(f2.bindAssetRegistry(a2))
          .to.emit(f2, "AssetRegistryBound")
          .withArgs(await a2.getAddress(), governor.address);
        await expect(f2.bindAssetRegistry(a3))
          .to.be.revertedWithCustomError(f2, "AlreadyBound")
          .withArgs(await a2.getAddress());
        // A bound factory serves its registry only; a registry is not built on a factory bound to another.
        await expect(a3.connect(actors.issuer).issueNative(nodes.r1, "X", "X", 6, policyId, OPEN_TERMS))
          .to.be.revertedWithCustomError(f2, "NotBoundAssetRegistry")
          .withArgs(await a3.getAddress(), await a2.getAddress());
        await tree.connect(governor).setReporter(a2, ReporterRole.Enroller);
        await expect(a2.connect(actors.issuer).issueNative(nodes.r1, "X", "X", 6, policyId, OPEN_TERMS)).to.emit(
          a2,
          "NativeTokenIssued",
        );
        const deployer = await ethers.getContractFactory("AssetRegistry");
        await expect(deployer.deploy(tree, f2, unit))
          .to.be.revertedWithCustomError(deployer, "FactoryAlreadyBound")
          .withArgs(await f2.getAddress(), await a2.getAddress());
      });

      it("15.5: a token factory refuses a client or venue registry answering to another authority tree", async () => {
        const { tree, eligibility, venues, tokenDeployer } = await loadFixture(fixture);
        const otherTree = await ethers.deployContract("AuthorityTree", [await tree.getAddress(), unit]);
        const otherRegistry = await ethers.deployContract("IdentityRegistry", [otherTree, unit]);
        const otherVenues = await ethers.deployContract("VenueRegistry", [otherTree]);
        const deployer = await ethers.getContractFactory("TokenFactory");
        await expect(deployer.deploy(tree, otherRegistry, venues, tokenDeployer))
          .to.be.revertedWithCustomError(deployer, "TreeMismatch")
          .withArgs(await otherRegistry.getAddress(), await otherTree.getAddress());
        await expect(deployer.deploy(tree, eligibility, otherVenues, tokenDeployer))
          .to.be.revertedWithCustomError(deployer, "TreeMismatch")
          .withArgs(await otherVenues.getAddress(), await otherTree.getAddress());
        // Nor one without the deployer that carries the token's creation code.
        await expect(deployer.deploy(tree, eligibility, venues, ZERO))
          .to.be.revertedWithCustomError(deployer, "NoDeployer")
          .withArgs(ZERO);
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

/** A predicate for the Attestation struct in AttestationPosted: every field given must match. */
function posted(expected: Record<string, unknown>) {
  return (actual: Record<string, unknown>) =>
    Object.entries(expected).every(([field, want]) =>
      typeof want === "function"
        ? (want as (v: unknown) => boolean)(actual[field])
        : actual[field] === (typeof want === "number" ? BigInt(want) : want),
    );
}
