/**
 * Issue 17, Keys: a node's (and a root's) account rotates to a new key, by its holder in two steps or, when the key is
 * lost or compromised, by an ancestor of higher rank (a root by the governor). The node keeps its id, subtree and
 * clients; the old key loses every power in the same transaction; attestations it signed are refused afterwards.
 */
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { attestationDomain, signAttestation, type Attestation } from "../../lib/attestation";
import {
  ClientClass,
  consentFor,
  DAY,
  NO_CONSENT,
  YEAR,
  deployAuthority,
  deployRegistry,
  nodeIdFrom,
  registrationFor,
  scopeMask,
} from "../helpers/fixtures";

const REASON = ethers.encodeBytes32String("key lost");
const Status = { Active: 1n, Suspended: 2n, Revoked: 3n };

/** root (regulator) -> bank (DELEGATE, KYC, LIST) -> subAgent (DELEGATE, KYC); and a sibling bank under the root. */
async function rotationTree() {
  const f = await deployAuthority(1);
  const { tree, clock, governor, regulator, bank, subAgent, provider, rest } = f;
  const root = await nodeIdFrom(
    tree,
    tree.connect(governor).createRoot(regulator.address, await clock.in(10 * YEAR), "X"),
  );
  const bankScopes = scopeMask("DELEGATE", "KYC", "LIST");
  const bankNode = await nodeIdFrom(
    tree,
    tree.connect(regulator).grant(root, bank.address, bankScopes, await clock.in(2 * YEAR)),
  );
  const subNode = await nodeIdFrom(
    tree,
    tree.connect(bank).grant(bankNode, subAgent.address, scopeMask("DELEGATE", "KYC"), await clock.in(YEAR)),
  );
  const siblingNode = await nodeIdFrom(
    tree,
    tree.connect(regulator).grant(root, provider.address, scopeMask("DELEGATE", "KYC"), await clock.in(YEAR)),
  );
  const [newKey, otherKey, thirdKey] = rest;
  return { ...f, root, bankNode, subNode, siblingNode, newKey, otherKey, thirdKey };
}

describe("17 keys: node key rotation (AuthorityTree)", function () {
  describe("by the holder, in two steps", function () {
    it("17 keys: the holder proposes, the new account accepts: same node, subtree and lease; the old key loses every power", async function () {
      const { tree, clock, bank, subAgent, newKey, outsider, root, bankNode, subNode } =
        await loadFixture(rotationTree);
      const before = await tree.node(bankNode);
      await expect(tree.connect(bank).proposeRotation(bankNode, newKey.address))
        .to.emit(tree, "NodeRotationProposed")
        .withArgs(bankNode, bank.address, newKey.address);
      expect(await tree.pendingRotation(bankNode)).to.equal(newKey.address);
      // Until the acceptance, nothing moved: the old key still holds every power, the new one none.
      expect(await tree.nodeOf(bank.address, root)).to.equal(bankNode);
      expect(await tree.nodeOf(newKey.address, root)).to.equal(0n);

      await expect(tree.connect(newKey).acceptRotation(bankNode))
        .to.emit(tree, "NodeAccountRotated")
        .withArgs(bankNode, bank.address, newKey.address, newKey.address, 1, 0, ethers.ZeroHash);
      expect(await tree.pendingRotation(bankNode)).to.equal(ethers.ZeroAddress);
      expect(await tree.nodeOf(bank.address, root)).to.equal(0n);
      expect(await tree.nodeOf(newKey.address, root)).to.equal(bankNode);
      const after = await tree.node(bankNode);
      expect(after.account).to.equal(newKey.address);
      for (const field of ["parent", "root", "scopes", "expiry", "grantedAt", "status", "depth"] as const) {
        expect(after[field]).to.equal(before[field]);
      }
      expect(await tree.isValid(subNode)).to.equal(true);
      expect(await tree.node(subNode).then((n) => n.parent)).to.equal(bankNode);

      // The old key: no grant, no suspension, no scope, no management.
      const expiry = await clock.in(DAY * 30);
      await expect(tree.connect(bank).grant(bankNode, outsider.address, scopeMask("KYC"), expiry))
        .to.be.revertedWithCustomError(tree, "NotNodeAccount")
        .withArgs(bankNode, bank.address);
      await expect(tree.connect(bank).suspend(subNode, REASON))
        .to.be.revertedWithCustomError(tree, "NotAncestor")
        .withArgs(bank.address, subNode);
      await expect(tree.connect(bank).renounce(bankNode))
        .to.be.revertedWithCustomError(tree, "NotNodeAccount")
        .withArgs(bankNode, bank.address);
      expect(await tree.hasScope(bank.address, root, scopeMask("KYC"))).to.equal(false);
      expect(await tree.canManage(bank.address, subNode)).to.equal(false);

      // The new key does everything the old one could.
      expect(await tree.hasScope(newKey.address, root, scopeMask("KYC"))).to.equal(true);
      expect(await tree.canManage(newKey.address, subNode)).to.equal(true);
      expect((await tree.managerRank(newKey.address, subNode)).depth).to.equal(1n);
      const granted = await nodeIdFrom(
        tree,
        tree.connect(newKey).grant(bankNode, outsider.address, scopeMask("KYC"), expiry),
      );
      expect((await tree.node(granted)).parent).to.equal(bankNode);
      await expect(tree.connect(newKey).suspend(subNode, REASON)).to.emit(tree, "NodeSuspended");
      await expect(tree.connect(newKey).resume(subNode)).to.emit(tree, "NodeResumed");
      await expect(tree.connect(newKey).renew(subNode, await clock.in(DAY * 60))).to.emit(tree, "LeaseRenewed");
      // The sub-agent below was never touched.
      expect((await tree.node(subNode)).account).to.equal(subAgent.address);
    });

    it("17 keys: a root's own account rotates its key in two steps", async function () {
      const { tree, clock, regulator, newKey, outsider, root, bankNode } = await loadFixture(rotationTree);
      await tree.connect(regulator).proposeRotation(root, newKey.address);
      await expect(tree.connect(newKey).acceptRotation(root))
        .to.emit(tree, "NodeAccountRotated")
        .withArgs(root, regulator.address, newKey.address, newKey.address, 0, 0, ethers.ZeroHash);
      expect((await tree.node(root)).account).to.equal(newKey.address);
      await expect(tree.connect(regulator).suspend(bankNode, REASON))
        .to.be.revertedWithCustomError(tree, "NotAncestor")
        .withArgs(regulator.address, bankNode);
      await expect(tree.connect(newKey).suspend(bankNode, REASON)).to.emit(tree, "NodeSuspended");
      await expect(tree.connect(newKey).grant(root, outsider.address, scopeMask("KYC"), await clock.in(DAY))).to.emit(
        tree,
        "NodeGranted",
      );
    });

    it("17 keys: only the holder proposes; only the proposed account accepts; a proposal is replaced or cancelled", async function () {
      const { tree, regulator, bank, subAgent, provider, newKey, otherKey, outsider, bankNode } =
        await loadFixture(rotationTree);
      // Neither an ancestor, a child nor a sibling proposes for the holder.
      for (const who of [regulator, subAgent, provider, outsider]) {
        await expect(tree.connect(who).proposeRotation(bankNode, newKey.address))
          .to.be.revertedWithCustomError(tree, "NotNodeAccount")
          .withArgs(bankNode, who.address);
      }
      await tree.connect(bank).proposeRotation(bankNode, newKey.address);
      // The wrong account, the holder itself, and an account proposed for nothing cannot accept.
      for (const who of [otherKey, bank, regulator]) {
        await expect(tree.connect(who).acceptRotation(bankNode))
          .to.be.revertedWithCustomError(tree, "NotProposedAccount")
          .withArgs(bankNode, who.address, newKey.address);
      }
      // Replaced: the first proposed account can no longer accept.
      await expect(tree.connect(bank).proposeRotation(bankNode, otherKey.address))
        .to.emit(tree, "NodeRotationProposed")
        .withArgs(bankNode, bank.address, otherKey.address);
      await expect(tree.connect(newKey).acceptRotation(bankNode))
        .to.be.revertedWithCustomError(tree, "NotProposedAccount")
        .withArgs(bankNode, newKey.address, otherKey.address);
      // Cancelled: nobody can accept.
      await expect(tree.connect(bank).proposeRotation(bankNode, ethers.ZeroAddress))
        .to.emit(tree, "NodeRotationProposed")
        .withArgs(bankNode, bank.address, ethers.ZeroAddress);
      await expect(tree.connect(otherKey).acceptRotation(bankNode))
        .to.be.revertedWithCustomError(tree, "NotProposedAccount")
        .withArgs(bankNode, otherKey.address, ethers.ZeroAddress);
      expect((await tree.node(bankNode)).account).to.equal(bank.address);
    });

    it("17 keys: the new account must not hold (or have held) a node under that root; another root's node is fine", async function () {
      const { tree, clock, governor, bank, subAgent, provider, regulator, newKey, otherKey, root, bankNode } =
        await loadFixture(rotationTree);
      for (const [who, id] of [
        [subAgent, 3n],
        [provider, 4n],
        [regulator, root],
        [bank, bankNode],
      ] as const) {
        await expect(tree.connect(bank).proposeRotation(bankNode, who.address))
          .to.be.revertedWithCustomError(tree, "AccountNotFresh")
          .withArgs(who.address, root, id);
      }
      // Granted a node between the proposal and the acceptance: refused at acceptance.
      await tree.connect(bank).proposeRotation(bankNode, newKey.address);
      const late = await nodeIdFrom(
        tree,
        tree.connect(regulator).grant(root, newKey.address, scopeMask("KYC"), await clock.in(DAY)),
      );
      await expect(tree.connect(newKey).acceptRotation(bankNode))
        .to.be.revertedWithCustomError(tree, "AccountNotFresh")
        .withArgs(newKey.address, root, late);
      // A node under another root does not stand in the way.
      await tree.connect(governor).createRoot(otherKey.address, await clock.in(YEAR), "Y");
      await tree.connect(bank).proposeRotation(bankNode, otherKey.address);
      await expect(tree.connect(otherKey).acceptRotation(bankNode)).to.emit(tree, "NodeAccountRotated");
      // An account rotated out of a node is not fresh either (its bar binds it: see below).
      await expect(tree.connect(regulator).replaceAccount(late, bank.address, REASON))
        .to.be.revertedWithCustomError(tree, "AccountNotFresh")
        .withArgs(bank.address, root, 0n);
    });

    it("17 keys: a suspended or dead node's holder cannot rotate; a pending proposal is not accepted while suspended and lapses with the node's death", async function () {
      const {
        tree,
        clock,
        regulator,
        bank,
        subAgent,
        provider,
        newKey,
        otherKey,
        thirdKey,
        bankNode,
        subNode,
        siblingNode,
      } = await loadFixture(rotationTree);
      await tree.connect(provider).proposeRotation(siblingNode, thirdKey.address);
      await tree.connect(bank).proposeRotation(bankNode, newKey.address);
      await tree.connect(regulator).suspend(bankNode, REASON);
      await expect(tree.connect(bank).proposeRotation(bankNode, otherKey.address))
        .to.be.revertedWithCustomError(tree, "NodeNotValid")
        .withArgs(bankNode);
      await expect(tree.connect(newKey).acceptRotation(bankNode))
        .to.be.revertedWithCustomError(tree, "NotProposedAccount")
        .withArgs(bankNode, newKey.address, ethers.ZeroAddress);
      // Its subtree too: the sub-agent's node is invalid while its parent is suspended.
      await expect(tree.connect(subAgent).proposeRotation(subNode, otherKey.address))
        .to.be.revertedWithCustomError(tree, "NodeNotValid")
        .withArgs(subNode);
      await tree.connect(regulator).resume(bankNode);
      // The suspension cleared the proposal (review L1); one made after the resume dies with the revocation.
      await tree.connect(bank).proposeRotation(bankNode, newKey.address);
      await tree.connect(regulator).revoke(bankNode, REASON);
      await expect(tree.connect(newKey).acceptRotation(bankNode))
        .to.be.revertedWithCustomError(tree, "NotProposedAccount")
        .withArgs(bankNode, newKey.address, ethers.ZeroAddress);
      // An ended lease as well.
      await clock.advanceTo(Number((await tree.node(siblingNode)).expiry));
      await expect(tree.connect(thirdKey).acceptRotation(siblingNode))
        .to.be.revertedWithCustomError(tree, "NodeNotValid")
        .withArgs(siblingNode);
    });

    it("17 review L1: a suspension or revocation clears a pending rotation (a thief's proposal is not accepted after the node resumes)", async function () {
      const { tree, regulator, bank, provider, newKey, thirdKey, bankNode, subNode, siblingNode } =
        await loadFixture(rotationTree);
      // A thief holding the bank's key proposes its own key; the regulator suspends the node on noticing.
      await tree.connect(bank).proposeRotation(bankNode, newKey.address);
      await expect(tree.connect(regulator).suspend(bankNode, REASON))
        .to.emit(tree, "PendingRotationCleared")
        .withArgs(bankNode, newKey.address);
      expect(await tree.pendingRotation(bankNode)).to.equal(ethers.ZeroAddress);
      // Resumed (say, after the key was replaced or the alarm was false): the thief's proposal is gone.
      await tree.connect(regulator).resume(bankNode);
      await expect(tree.connect(newKey).acceptRotation(bankNode))
        .to.be.revertedWithCustomError(tree, "NotProposedAccount")
        .withArgs(bankNode, newKey.address, ethers.ZeroAddress);
      // A revocation clears it too; a suspension or revocation with nothing pending says nothing about it.
      await tree.connect(provider).proposeRotation(siblingNode, thirdKey.address);
      await expect(tree.connect(regulator).revoke(siblingNode, REASON))
        .to.emit(tree, "PendingRotationCleared")
        .withArgs(siblingNode, thirdKey.address);
      expect(await tree.pendingRotation(siblingNode)).to.equal(ethers.ZeroAddress);
      await expect(tree.connect(bank).suspend(subNode, REASON)).not.to.emit(tree, "PendingRotationCleared");
      await expect(tree.connect(bank).revoke(subNode, REASON)).not.to.emit(tree, "PendingRotationCleared");
    });
  });

  describe("forced, by a higher rank", function () {
    it("17 keys: an ancestor replaces a lost key in one transaction, with a reason; a pending proposal dies with it", async function () {
      const { tree, regulator, bank, subAgent, newKey, otherKey, thirdKey, root, subNode } =
        await loadFixture(rotationTree);
      await tree.connect(subAgent).proposeRotation(subNode, thirdKey.address);
      // The parent (depth 1): its rank is the bar the old key keeps.
      await expect(tree.connect(bank).replaceAccount(subNode, newKey.address, REASON))
        .to.emit(tree, "NodeAccountRotated")
        .withArgs(subNode, subAgent.address, newKey.address, bank.address, 1, 1, REASON);
      expect(await tree.pendingRotation(subNode)).to.equal(ethers.ZeroAddress);
      await expect(tree.connect(thirdKey).acceptRotation(subNode))
        .to.be.revertedWithCustomError(tree, "NotProposedAccount")
        .withArgs(subNode, thirdKey.address, ethers.ZeroAddress);
      expect(await tree.nodeOf(subAgent.address, root)).to.equal(0n);
      expect(await tree.nodeOf(newKey.address, root)).to.equal(subNode);
      // A grand-parent (the root, depth 0) does it too, and its rank bars the replaced key.
      await expect(tree.connect(regulator).replaceAccount(subNode, otherKey.address, REASON))
        .to.emit(tree, "NodeAccountRotated")
        .withArgs(subNode, newKey.address, otherKey.address, regulator.address, 0, 0, REASON);
      expect(await tree.revocationBar(newKey.address, root)).to.deep.equal([true, 0n]);
      expect(await tree.revocationBar(subAgent.address, root)).to.deep.equal([true, 1n]);
      expect(await tree.isValid(subNode)).to.equal(true);
    });

    it("17 keys: a rotation by a lower rank, a sibling, the node itself or the new account is refused", async function () {
      const { tree, regulator, bank, subAgent, provider, newKey, outsider, governor, root, bankNode, subNode } =
        await loadFixture(rotationTree);
      for (const [who, id] of [
        [subAgent, bankNode], // a child
        [provider, bankNode], // a sibling
        [provider, subNode], // a sibling's child's
        [bank, bankNode], // itself
        [newKey, bankNode],
        [outsider, bankNode],
        [governor, bankNode], // the governor acts on roots only
        [regulator, root], // a root on its own
        [bank, root],
      ] as const) {
        await expect(tree.connect(who).replaceAccount(id, newKey.address, REASON))
          .to.be.revertedWithCustomError(tree, "NotAncestor")
          .withArgs(who.address, id);
      }
      await expect(tree.connect(regulator).replaceAccount(bankNode, ethers.ZeroAddress, REASON))
        .to.be.revertedWithCustomError(tree, "ZeroAccount")
        .withArgs();
      // The ancestor's own account is not fresh: no account holds two nodes of one root.
      await expect(tree.connect(regulator).replaceAccount(subNode, regulator.address, REASON))
        .to.be.revertedWithCustomError(tree, "AccountNotFresh")
        .withArgs(regulator.address, root, root);
    });

    it("17 keys: the governor replaces a root's key; nobody else does", async function () {
      const { tree, governor, regulator, newKey, root, bankNode } = await loadFixture(rotationTree);
      await expect(tree.connect(governor).replaceAccount(root, newKey.address, REASON))
        .to.emit(tree, "NodeAccountRotated")
        .withArgs(root, regulator.address, newKey.address, governor.address, 0, 0, REASON);
      expect(await tree.nodeOf(regulator.address, root)).to.equal(0n);
      expect(await tree.canManage(newKey.address, bankNode)).to.equal(true);
      expect(await tree.canManage(regulator.address, bankNode)).to.equal(false);
    });

    it("17 keys: a suspended node's key is replaced only at or above its suspender's rank; the suspension stays", async function () {
      const { tree, regulator, bank, newKey, otherKey, subNode } = await loadFixture(rotationTree);
      // Suspended by the bank (depth 1): the bank may replace the key.
      await tree.connect(bank).suspend(subNode, REASON);
      await expect(tree.connect(bank).replaceAccount(subNode, newKey.address, REASON)).to.emit(
        tree,
        "NodeAccountRotated",
      );
      // The regulator takes the suspension over (depth 0): the bank no longer may.
      await tree.connect(regulator).suspend(subNode, REASON);
      await expect(tree.connect(bank).replaceAccount(subNode, otherKey.address, REASON))
        .to.be.revertedWithCustomError(tree, "SuspendedByHigherAuthority")
        .withArgs(subNode, 0, 1);
      await expect(tree.connect(regulator).replaceAccount(subNode, otherKey.address, REASON)).to.emit(
        tree,
        "NodeAccountRotated",
      );
      expect((await tree.node(subNode)).status).to.equal(Status.Suspended);
      expect(await tree.isValid(subNode)).to.equal(false);
      // The new key holds a suspended node: no power until the suspension is lifted, by its rank.
      await expect(tree.connect(otherKey).proposeRotation(subNode, newKey.address))
        .to.be.revertedWithCustomError(tree, "NodeNotValid")
        .withArgs(subNode);
    });

    it("17 review: the forced path beneath an ancestor suspended by a higher rank: no key under the suspension replaces, the suspender's rank does", async function () {
      const { tree, clock, regulator, bank, subAgent, outsider, newKey, otherKey, thirdKey, bankNode, subNode } =
        await loadFixture(rotationTree);
      const leaf = await nodeIdFrom(
        tree,
        tree.connect(subAgent).grant(subNode, outsider.address, scopeMask("KYC"), await clock.in(DAY * 30)),
      );
      await tree.connect(regulator).suspend(bankNode, REASON);
      // The suspended ancestor's key, and the key of a node beneath it, have no power over their subtrees.
      await expect(tree.connect(bank).replaceAccount(subNode, newKey.address, REASON))
        .to.be.revertedWithCustomError(tree, "NodeNotValid")
        .withArgs(bankNode);
      await expect(tree.connect(bank).replaceAccount(leaf, newKey.address, REASON))
        .to.be.revertedWithCustomError(tree, "NodeNotValid")
        .withArgs(bankNode);
      await expect(tree.connect(subAgent).replaceAccount(leaf, newKey.address, REASON))
        .to.be.revertedWithCustomError(tree, "NodeNotValid")
        .withArgs(subNode);
      // The suspender's rank replaces a key beneath it (say, the one the suspension was for); the suspension binds on.
      await expect(tree.connect(regulator).replaceAccount(leaf, otherKey.address, REASON))
        .to.emit(tree, "NodeAccountRotated")
        .withArgs(leaf, outsider.address, otherKey.address, regulator.address, 0, 0, REASON);
      await expect(tree.connect(regulator).replaceAccount(bankNode, thirdKey.address, REASON)).to.emit(
        tree,
        "NodeAccountRotated",
      );
      expect((await tree.node(bankNode)).status).to.equal(Status.Suspended);
      expect(await tree.isValid(leaf)).to.equal(false);
      // The ancestor's new key is as powerless as the old one until the suspender's rank resumes it.
      await expect(tree.connect(thirdKey).replaceAccount(subNode, newKey.address, REASON))
        .to.be.revertedWithCustomError(tree, "NodeNotValid")
        .withArgs(bankNode);
    });

    it("17 keys: a dead node's key is not replaced (revoked, ended, or under a revoked ancestor)", async function () {
      const { tree, clock, regulator, newKey, bankNode, subNode, siblingNode } = await loadFixture(rotationTree);
      await tree.connect(regulator).revoke(bankNode, REASON);
      await expect(tree.connect(regulator).replaceAccount(bankNode, newKey.address, REASON))
        .to.be.revertedWithCustomError(tree, "NodeNotValid")
        .withArgs(bankNode);
      await expect(tree.connect(regulator).replaceAccount(subNode, newKey.address, REASON))
        .to.be.revertedWithCustomError(tree, "NodeNotValid")
        .withArgs(subNode);
      await clock.advanceTo(Number((await tree.node(siblingNode)).expiry));
      await expect(tree.connect(regulator).replaceAccount(siblingNode, newKey.address, REASON))
        .to.be.revertedWithCustomError(tree, "NodeNotValid")
        .withArgs(siblingNode);
    });
  });

  describe("the old account afterwards", function () {
    it("17 keys: a replaced key can be granted again only as a new node, from the replacer's rank or above", async function () {
      const { tree, clock, regulator, bank, subAgent, newKey, root, bankNode, subNode } =
        await loadFixture(rotationTree);
      await tree.connect(regulator).replaceAccount(subNode, newKey.address, REASON);
      const expiry = await clock.in(DAY * 30);
      // The bank (depth 1) cannot hand the replaced key a fresh node: the root replaced it.
      await expect(tree.connect(bank).grant(bankNode, subAgent.address, scopeMask("KYC"), expiry))
        .to.be.revertedWithCustomError(tree, "BarredByHigherAuthority")
        .withArgs(subAgent.address, root, 0, 1);
      const again = await nodeIdFrom(
        tree,
        tree.connect(regulator).grant(root, subAgent.address, scopeMask("KYC"), expiry),
      );
      expect(again).to.not.equal(subNode);
      expect(await tree.nodeOf(subAgent.address, root)).to.equal(again);
      expect((await tree.node(subNode)).account).to.equal(newKey.address);
    });

    it("17 keys: a key its holder rotated away is barred at its granter's rank, as after renouncing", async function () {
      const { tree, clock, bank, provider, subAgent, newKey, root, bankNode, subNode, siblingNode } =
        await loadFixture(rotationTree);
      await tree.connect(subAgent).proposeRotation(subNode, newKey.address);
      await expect(tree.connect(newKey).acceptRotation(subNode))
        .to.emit(tree, "NodeAccountRotated")
        .withArgs(subNode, subAgent.address, newKey.address, newKey.address, 2, 1, ethers.ZeroHash);
      const expiry = await clock.in(DAY * 30);
      // A sibling branch's node at depth 1 may (the bar is depth 1); one at depth 2 may not.
      const deeper = await nodeIdFrom(
        tree,
        tree
          .connect(provider)
          .grant(siblingNode, (await ethers.getSigners())[12].address, scopeMask("DELEGATE"), expiry),
      );
      const signer12 = (await ethers.getSigners())[12];
      await expect(tree.connect(signer12).grant(deeper, subAgent.address, scopeMask("DELEGATE"), expiry))
        .to.be.revertedWithCustomError(tree, "BarredByHigherAuthority")
        .withArgs(subAgent.address, root, 1, 2);
      await expect(tree.connect(bank).grant(bankNode, subAgent.address, scopeMask("KYC"), expiry)).to.emit(
        tree,
        "NodeGranted",
      );
    });
  });

  describe("attestations across a rotation (the client registry)", function () {
    it("17 keys: an EIP-712 attestation the old key signed before the rotation is refused after it; the new key's is accepted", async function () {
      const { tree, registry, clock, bank, bankNode, investor, outsider, rest } = await loadFixture(deployRegistryOnce);
      const newKey = rest[0];
      const { chainId } = await ethers.provider.getNetwork();
      const domain = attestationDomain(chainId, await registry.getAddress());
      const attestation = async (wallet: string, nonce: bigint): Promise<Attestation> => ({
        wallet,
        classes: ClientClass.ACCREDITED,
        jurisdiction: 756,
        expiry: BigInt(await clock.in(YEAR)),
        evidenceHash: ethers.id(`kyc of ${wallet}`),
        attester: bankNode,
        nonce,
        deadline: BigInt(await clock.in(DAY)),
      });
      // Signed by the bank's old key while it held the node, submitted after the rotation.
      const old = await signAttestation(bank, domain, await attestation(investor.address, 1n));
      // A client the old key registered directly before the rotation.
      await registry
        .connect(bank)
        .register(
          bankNode,
          await registrationFor(clock, outsider.address),
          await consentFor(registry, outsider.address, { attester: bankNode }),
        );
      const clientBefore = await registry.identityOf(outsider.address);

      await tree.connect(bank).proposeRotation(bankNode, newKey.address);
      await tree.connect(newKey).acceptRotation(bankNode);

      await expect(registry.connect(investor).submitAttestation(old.attestation, old.signature, NO_CONSENT))
        .to.be.revertedWithCustomError(registry, "InvalidSignature")
        .withArgs(bankNode, newKey.address);
      // The old key can no longer register directly either.
      await expect(
        registry.connect(bank).register(bankNode, await registrationFor(clock, investor.address), NO_CONSENT),
      )
        .to.be.revertedWithCustomError(registry, "NotAttesterAccount")
        .withArgs(bankNode, bank.address);
      // The new key's attestation (same nonce: nonces are the signer's) is accepted.
      const fresh = await signAttestation(newKey, domain, await attestation(investor.address, 1n));
      await expect(
        registry.connect(investor).submitAttestation(fresh.attestation, fresh.signature, NO_CONSENT),
      ).to.emit(registry, "AttestationUsed");
      // What the node attested before the rotation stays valid, managed by the new key and no longer by the old.
      const identity = await registry.identity(clientBefore);
      expect(identity.attester).to.equal(bankNode);
      expect(await registry.isManager(newKey.address, clientBefore)).to.equal(true);
      expect(await registry.isManager(bank.address, clientBefore)).to.equal(false);
    });

    it("17 keys: a root's replaced key can no longer keep its sanctions list; the new key can", async function () {
      const { tree, registry, governor, regulator, rootId, outsider, rest } = await loadFixture(deployRegistryOnce);
      const newKey = rest[0];
      await tree.connect(governor).replaceAccount(rootId, newKey.address, REASON);
      await expect(tree.connect(regulator).addSanction(rootId, outsider.address, 0n, REASON, registry))
        .to.be.revertedWithCustomError(tree, "NotSanctionsAuthority")
        .withArgs(regulator.address, rootId);
      await expect(tree.connect(newKey).addSanction(rootId, outsider.address, 0n, REASON, registry))
        .to.emit(tree, "SanctionAdded")
        .withArgs(rootId, outsider.address, 0n, REASON, rootId, 0, false);
    });
  });
});

const deployRegistryOnce = () => deployRegistry(1);
