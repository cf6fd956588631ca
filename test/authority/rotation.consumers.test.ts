/**
 * Issue 17, Keys: what the suite's contracts keyed by a node's ACCOUNT must follow the node across a key rotation.
 * The native token's minter and the asset registry's four-eyes rule (an issuer never attests its own asset, nor
 * through an auditor it manages) read the issuer node's holder at use time.
 */
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { AssetKind, DAY, Scope, deployAssets, evidenceHash, nodeIdFrom, setNextBlockTime } from "../helpers/fixtures";

const REASON = ethers.encodeBytes32String("key lost");

/** The asset world, plus an issuer holding DELEGATE+ISSUE+AUDIT whose native token is registered, and an auditor beneath it. */
async function rotatedIssuerWorld() {
  const f = await deployAssets(1);
  const { tree, clock, regulator, nodes, actors, deployToken, assets } = f;
  const signers = await ethers.getSigners();
  const [issuer2, childAuditor, newKey] = [signers[15], signers[16], signers[17]];
  const expiry = await clock.in(300 * DAY);
  const issuer2Node = await nodeIdFrom(
    tree,
    tree.connect(regulator).grant(nodes.r1, issuer2.address, Scope.DELEGATE | Scope.ISSUE | Scope.AUDIT, expiry),
  );
  const childNode = await nodeIdFrom(
    tree,
    tree.connect(issuer2).grant(issuer2Node, childAuditor.address, Scope.AUDIT, await clock.in(200 * DAY)),
  );
  const token = await deployToken("NOTE", issuer2);
  await (
    await assets.connect(actors.lister).registerAsset(token, AssetKind.Native, nodes.r1, issuer2.address, "ipfs://n")
  ).wait();
  const assetId = await assets.assetIdOf(token, nodes.r1);
  return { ...f, issuer2, issuer2Node, childAuditor, childNode, newKey, noteToken: token, noteAsset: assetId };
}

async function attest(f: Awaited<ReturnType<typeof rotatedIssuerWorld>>, by: { address: string }, assetId: bigint) {
  const now = (await f.clock.now()) + 1;
  await setNextBlockTime(f.clock, now);
  return f.assets
    .connect(by as never)
    .attestReserve(assetId, 1_000n, now, now + 30 * DAY, "ipfs://reserve", evidenceHash("reserve"));
}

describe("17 keys: consumers follow a rotated node", function () {
  it("17 keys: a native token's issuer key, rotated, no longer mints; the node's new key does", async function () {
    const { tree, token, actors, nodes, registerToken, attestReserve, clients, regulator, newKey } =
      await loadFixture(rotatedIssuerWorld);
    const bond = await registerToken();
    await attestReserve(bond, 1_000_000n);
    const alice = actors.alice;
    await clients.enrol(alice.address);
    await (await token.connect(actors.issuer).mint(alice.address, 10n)).wait();
    // The regulator replaces the issuer's lost key.
    await (await tree.connect(regulator).replaceAccount(nodes.issuer, newKey.address, REASON)).wait();
    await expect(token.connect(actors.issuer).mint(alice.address, 10n))
      .to.be.revertedWithCustomError(token, "NotIssuer")
      .withArgs(actors.issuer.address);
    await expect(token.connect(newKey).mint(alice.address, 10n)).to.emit(token, "Transfer");
    // The token's creation record keeps the account it was issued for; the node is what licenses.
    expect(await token.ISSUER()).to.equal(actors.issuer.address);
    expect(await token.ISSUER_NODE()).to.equal(nodes.issuer);
  });

  it("17 keys: after the issuer's key rotates, neither its new key nor an auditor it manages attests its asset", async function () {
    const f = await loadFixture(rotatedIssuerWorld);
    const { tree, assets, issuer2, issuer2Node, childAuditor, childNode, newKey, noteAsset } = f;
    // Before: both refused (the four-eyes rule).
    await expect(attest(f, issuer2, noteAsset))
      .to.be.revertedWithCustomError(assets, "IssuerCannotAttest")
      .withArgs(noteAsset, issuer2.address);
    await expect(attest(f, childAuditor, noteAsset))
      .to.be.revertedWithCustomError(assets, "IssuerControlsAuditor")
      .withArgs(noteAsset, issuer2.address, childNode);
    await tree.connect(issuer2).proposeRotation(issuer2Node, newKey.address);
    await tree.connect(newKey).acceptRotation(issuer2Node);
    // After: still refused, naming the node's current key.
    await expect(attest(f, newKey, noteAsset))
      .to.be.revertedWithCustomError(assets, "IssuerCannotAttest")
      .withArgs(noteAsset, newKey.address);
    await expect(attest(f, childAuditor, noteAsset))
      .to.be.revertedWithCustomError(assets, "IssuerControlsAuditor")
      .withArgs(noteAsset, newKey.address, childNode);
  });
});
