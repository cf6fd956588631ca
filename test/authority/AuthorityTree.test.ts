import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { ALL_SCOPES, DAY, Scope, YEAR, deployAuthority, nodeIdFrom, scopeMask, useClock } from "../helpers/fixtures";

const REASON = ethers.encodeBytes32String("misconduct");
const Status = { None: 0n, Active: 1n, Suspended: 2n, Revoked: 3n };

/**
 * A three-level tree under one regulator: root -> bank (DELEGATE, KYC, LIST, GOVERN) -> subAgent (DELEGATE, KYC).
 * Leases: root 10 years, bank 2 years, sub-agent 1 year.
 */
async function baseTree(unit: 1 | 1000) {
  const f = await deployAuthority(unit);
  const { tree, clock, governor, regulator, bank, subAgent } = f;
  const rootExpiry = await clock.in(10 * YEAR);
  const root = await nodeIdFrom(tree, tree.connect(governor).createRoot(regulator.address, rootExpiry, "Regulator X"));
  const bankExpiry = await clock.in(2 * YEAR);
  const bankScopes = scopeMask("DELEGATE", "KYC", "LIST", "GOVERN");
  const bankNode = await nodeIdFrom(tree, tree.connect(regulator).grant(root, bank.address, bankScopes, bankExpiry));
  const subExpiry = await clock.in(YEAR);
  const subScopes = scopeMask("DELEGATE", "KYC");
  const subNode = await nodeIdFrom(tree, tree.connect(bank).grant(bankNode, subAgent.address, subScopes, subExpiry));
  return { ...f, root, rootExpiry, bankNode, bankExpiry, bankScopes, subNode, subExpiry, subScopes };
}

const inSeconds = () => baseTree(1);
const inMilliseconds = () => baseTree(1000);

describe("AuthorityTree: deployment", function () {
  it("accepts only the seconds (1) and milliseconds (1000) time units", async function () {
    const [governor] = await ethers.getSigners();
    const factory = await ethers.getContractFactory("AuthorityTree");
    for (const bad of [0, 10, 60, 999, 1001]) {
      await expect(ethers.deployContract("AuthorityTree", [governor.address, bad]))
        .to.be.revertedWithCustomError(factory, "InvalidTimeUnit")
        .withArgs(bad);
    }
  });

  it("cannot be deployed without a governor", async function () {
    const factory = await ethers.getContractFactory("AuthorityTree");
    await expect(ethers.deployContract("AuthorityTree", [ethers.ZeroAddress, 1]))
      .to.be.revertedWithCustomError(factory, "OwnableInvalidOwner")
      .withArgs(ethers.ZeroAddress);
  });
});

for (const [label, fixture, unit] of [
  ["seconds clock", inSeconds, 1],
  ["millisecond clock (PlatON)", inMilliseconds, 1000],
] as const) {
  describe(`AuthorityTree on a ${label}`, function () {
    describe("time", function () {
      it("reads the chain time in seconds whatever the chain's unit", async function () {
        const { tree } = await loadFixture(fixture);
        const block = await ethers.provider.getBlock("latest");
        expect(await tree.TIME_UNIT()).to.equal(unit);
        expect(await tree.currentTime()).to.equal(BigInt(block!.timestamp) / BigInt(unit));
        // A seconds-scale value: within a century of 2026 either way.
        const now = Number(await tree.currentTime());
        expect(now).to.be.within(1_700_000_000, 4_900_000_000);
      });
    });

    describe("roots", function () {
      it("lets only the governor create a root, with every scope", async function () {
        const { tree, clock, governor, regulator, outsider } = await loadFixture(fixture);
        const expiry = await clock.in(YEAR);
        await expect(tree.connect(outsider).createRoot(outsider.address, expiry, "Rogue"))
          .to.be.revertedWithCustomError(tree, "OwnableUnauthorizedAccount")
          .withArgs(outsider.address);
        await expect(tree.connect(regulator).createRoot(regulator.address, expiry, "Self-made"))
          .to.be.revertedWithCustomError(tree, "OwnableUnauthorizedAccount")
          .withArgs(regulator.address);

        const tx = tree.connect(governor).createRoot(outsider.address, expiry, "Market B");
        await expect(tx).to.emit(tree, "RootCreated").withArgs(4n, outsider.address, expiry, "Market B");
        const node = await tree.node(4n);
        expect(node.account).to.equal(outsider.address);
        expect(node.parent).to.equal(0n);
        expect(node.root).to.equal(4n);
        expect(node.scopes).to.equal(ALL_SCOPES);
        expect(node.depth).to.equal(0n);
        expect(node.status).to.equal(Status.Active);
        expect(node.grantedAt).to.equal(BigInt(await clock.now()));
        expect(await tree.rootCount()).to.equal(2n);
        expect(await tree.roots(0, 10)).to.deep.equal([1n, 4n]);
        expect(await tree.roots(1, 10)).to.deep.equal([4n]);
        expect(await tree.roots(2, 10)).to.deep.equal([]);
        expect(await tree.nodeOf(outsider.address, 4n)).to.equal(4n);
      });

      it("rejects a root for the zero address or with a lease not in the future", async function () {
        const { tree, clock, governor, regulator } = await loadFixture(fixture);
        const now = await clock.now();
        await expect(
          tree.connect(governor).createRoot(ethers.ZeroAddress, now + DAY, "x"),
        ).to.be.revertedWithCustomError(tree, "ZeroAccount");
        await expect(tree.connect(governor).createRoot(regulator.address, now - 100, "x"))
          .to.be.revertedWithCustomError(tree, "ExpiryNotInFuture")
          .withArgs(now - 100, anyValue);
        await expect(tree.connect(governor).createRoot(regulator.address, now, "x")).to.be.revertedWithCustomError(
          tree,
          "ExpiryNotInFuture",
        );
      });

      it("lets only the governor suspend, resume, renew and retire a root", async function () {
        const { tree, clock, governor, regulator, bank, root, bankNode, subNode } = await loadFixture(fixture);
        // Not even the root's own account, and not its descendants.
        for (const who of [regulator, bank]) {
          await expect(tree.connect(who).suspend(root, REASON))
            .to.be.revertedWithCustomError(tree, "NotAncestor")
            .withArgs(who.address, root);
          await expect(tree.connect(who).revoke(root, REASON))
            .to.be.revertedWithCustomError(tree, "NotAncestor")
            .withArgs(who.address, root);
          await expect(tree.connect(who).renew(root, await clock.in(20 * YEAR)))
            .to.be.revertedWithCustomError(tree, "NotAncestor")
            .withArgs(who.address, root);
        }

        await expect(tree.connect(governor).suspend(root, REASON))
          .to.emit(tree, "NodeSuspended")
          .withArgs(root, governor.address, 0, REASON);
        for (const id of [root, bankNode, subNode]) expect(await tree.isValid(id)).to.equal(false);
        await expect(tree.connect(regulator).resume(root))
          .to.be.revertedWithCustomError(tree, "NotAncestor")
          .withArgs(regulator.address, root);
        await expect(tree.connect(governor).resume(root))
          .to.emit(tree, "NodeResumed")
          .withArgs(root, governor.address, 0);
        for (const id of [root, bankNode, subNode]) expect(await tree.isValid(id)).to.equal(true);

        await expect(tree.connect(governor).revoke(root, REASON))
          .to.emit(tree, "NodeRevoked")
          .withArgs(root, governor.address, 0, REASON);
        for (const id of [root, bankNode, subNode]) expect(await tree.isValid(id)).to.equal(false);
        await expect(tree.connect(governor).resume(root))
          .to.be.revertedWithCustomError(tree, "InvalidNodeStatus")
          .withArgs(root, Status.Revoked);
      });

      it("keeps several roots independent", async function () {
        const { tree, clock, governor, regulator, bank, outsider, root, bankNode } = await loadFixture(fixture);
        const expiry = await clock.in(5 * YEAR);
        const rootB = await nodeIdFrom(tree, tree.connect(governor).createRoot(outsider.address, expiry, "Market B"));
        // The same bank holds a second, separate node under root B, with other scopes.
        const bankB = await nodeIdFrom(tree, tree.connect(outsider).grant(rootB, bank.address, Scope.AUDIT, expiry));
        expect(bankB).to.not.equal(bankNode);
        expect(await tree.hasScope(bank.address, root, Scope.KYC)).to.equal(true);
        expect(await tree.hasScope(bank.address, root, Scope.AUDIT)).to.equal(false);
        expect(await tree.hasScope(bank.address, rootB, Scope.AUDIT)).to.equal(true);
        expect(await tree.hasScope(bank.address, rootB, Scope.KYC)).to.equal(false);

        // Root B's account has no say over root A's tree, nor root A's over B.
        await expect(tree.connect(outsider).suspend(bankNode, REASON))
          .to.be.revertedWithCustomError(tree, "NotAncestor")
          .withArgs(outsider.address, bankNode);
        await expect(tree.connect(regulator).revoke(bankB, REASON))
          .to.be.revertedWithCustomError(tree, "NotAncestor")
          .withArgs(regulator.address, bankB);
        // A parent from another tree cannot be used to grant into this one.
        await expect(tree.connect(regulator).grant(rootB, outsider.address, Scope.KYC, expiry))
          .to.be.revertedWithCustomError(tree, "NotNodeAccount")
          .withArgs(rootB, regulator.address);

        // Retiring root A leaves root B's tree whole.
        await tree.connect(governor).revoke(root, REASON);
        expect(await tree.hasScope(bank.address, root, Scope.KYC)).to.equal(false);
        expect(await tree.hasScope(bank.address, rootB, Scope.AUDIT)).to.equal(true);
        expect(await tree.isValid(rootB)).to.equal(true);
      });
    });

    describe("grant", function () {
      it("records the node and emits everything needed to rebuild it", async function () {
        const { tree, clock, subAgent, provider, subNode, root } = await loadFixture(fixture);
        const expiry = await clock.in(30 * DAY);
        await expect(tree.connect(subAgent).grant(subNode, provider.address, Scope.KYC, expiry))
          .to.emit(tree, "NodeGranted")
          .withArgs(4n, subNode, root, provider.address, Scope.KYC, expiry, 3);
        const node = await tree.node(4n);
        expect(node.account).to.equal(provider.address);
        expect(node.parent).to.equal(subNode);
        expect(node.root).to.equal(root);
        expect(node.scopes).to.equal(Scope.KYC);
        expect(node.expiry).to.equal(BigInt(expiry));
        expect(node.depth).to.equal(3n);
        expect(await tree.nodeCount()).to.equal(4n);
        expect(await tree.nodeOf(provider.address, root)).to.equal(4n);
        expect(await tree.isValid(4n)).to.equal(true);
        expect(await tree.hasScope(provider.address, root, Scope.KYC)).to.equal(true);
        expect(await tree.hasScope(provider.address, root, Scope.DELEGATE)).to.equal(false);
      });

      it("lets only the parent's own account grant under it", async function () {
        const { tree, clock, regulator, bank, outsider, provider, subNode, bankNode } = await loadFixture(fixture);
        const expiry = await clock.in(DAY);
        // Not an outsider, not the parent's parent, not the grandparent's account.
        for (const who of [outsider, bank, regulator]) {
          await expect(tree.connect(who).grant(subNode, provider.address, Scope.KYC, expiry))
            .to.be.revertedWithCustomError(tree, "NotNodeAccount")
            .withArgs(subNode, who.address);
        }
        await expect(tree.connect(bank).grant(bankNode, provider.address, Scope.KYC, expiry)).to.emit(
          tree,
          "NodeGranted",
        );
      });

      it("rejects a grant under an unknown parent", async function () {
        const { tree, clock, bank, provider } = await loadFixture(fixture);
        await expect(tree.connect(bank).grant(99n, provider.address, Scope.KYC, await clock.in(DAY)))
          .to.be.revertedWithCustomError(tree, "UnknownNode")
          .withArgs(99n);
        await expect(tree.connect(bank).grant(0n, provider.address, Scope.KYC, await clock.in(DAY)))
          .to.be.revertedWithCustomError(tree, "UnknownNode")
          .withArgs(0n);
      });

      it("requires DELEGATE on the granting node", async function () {
        const { tree, clock, subAgent, provider, auditor, subNode } = await loadFixture(fixture);
        const expiry = await clock.in(DAY);
        const kycOnly = await nodeIdFrom(
          tree,
          tree.connect(subAgent).grant(subNode, provider.address, Scope.KYC, expiry),
        );
        await expect(tree.connect(provider).grant(kycOnly, auditor.address, Scope.KYC, expiry))
          .to.be.revertedWithCustomError(tree, "NotDelegator")
          .withArgs(kycOnly);
      });

      it("never lets a child hold a scope its parent lacks", async function () {
        const { tree, clock, bank, subAgent, provider, bankNode, subNode, bankScopes, subScopes } =
          await loadFixture(fixture);
        const expiry = await clock.in(DAY);
        await expect(tree.connect(subAgent).grant(subNode, provider.address, Scope.KYC | Scope.LIST, expiry))
          .to.be.revertedWithCustomError(tree, "ScopeEscalation")
          .withArgs(Scope.KYC | Scope.LIST, subScopes);
        await expect(tree.connect(bank).grant(bankNode, provider.address, Scope.ISSUE, expiry))
          .to.be.revertedWithCustomError(tree, "ScopeEscalation")
          .withArgs(Scope.ISSUE, bankScopes);
      });

      it("rejects empty scopes and reserved bits", async function () {
        const { tree, clock, bank, provider, bankNode } = await loadFixture(fixture);
        const expiry = await clock.in(DAY);
        for (const bad of [0, 1 << 9, 2 ** 31, Scope.KYC | (1 << 12)]) {
          await expect(tree.connect(bank).grant(bankNode, provider.address, bad, expiry))
            .to.be.revertedWithCustomError(tree, "InvalidScopes")
            .withArgs(bad);
        }
      });

      it("never lets a child's lease outlast its parent's or any ancestor's", async function () {
        const {
          tree,
          clock,
          regulator,
          bank,
          subAgent,
          provider,
          auditor,
          root,
          bankNode,
          subNode,
          bankExpiry,
          subExpiry,
        } = await loadFixture(fixture);
        await expect(tree.connect(subAgent).grant(subNode, provider.address, Scope.KYC, subExpiry + 1))
          .to.be.revertedWithCustomError(tree, "ExpiryBeyondParent")
          .withArgs(subExpiry + 1, subExpiry);
        await expect(tree.connect(bank).grant(bankNode, provider.address, Scope.KYC, bankExpiry + 1))
          .to.be.revertedWithCustomError(tree, "ExpiryBeyondParent")
          .withArgs(bankExpiry + 1, bankExpiry);
        // Exactly the parent's expiry is allowed.
        await expect(tree.connect(subAgent).grant(subNode, provider.address, Scope.KYC, subExpiry)).to.emit(
          tree,
          "NodeGranted",
        );
        // The limit is the earliest lease on the whole path: shorten the bank, then the sub-agent cannot grant
        // beyond the bank's new end even though its own stored lease is longer.
        const shortBank = await clock.in(100 * DAY);
        await tree.connect(regulator).renew(bankNode, shortBank);
        await expect(tree.connect(subAgent).grant(subNode, regulator.address, Scope.KYC, shortBank + 1))
          .to.be.revertedWithCustomError(tree, "ExpiryBeyondParent")
          .withArgs(shortBank + 1, shortBank);
        // The same bound holds for a renewal two levels down, by the regulator itself.
        const leaf = await nodeIdFrom(
          tree,
          tree.connect(subAgent).grant(subNode, auditor.address, Scope.KYC, shortBank),
        );
        await expect(tree.connect(regulator).renew(leaf, shortBank + 1))
          .to.be.revertedWithCustomError(tree, "ExpiryBeyondParent")
          .withArgs(shortBank + 1, shortBank);
        expect(root).to.equal(1n);
      });

      it("rejects a lease that is not in the future (expiry == now included)", async function () {
        const { tree, clock, bank, provider, bankNode } = await loadFixture(fixture);
        // Mine the grant at a known second: an expiry equal to it is already over.
        const at = (await clock.now()) + 100;
        await time.setNextBlockTimestamp(at * unit);
        await expect(tree.connect(bank).grant(bankNode, provider.address, Scope.KYC, at))
          .to.be.revertedWithCustomError(tree, "ExpiryNotInFuture")
          .withArgs(at, at);
        await time.setNextBlockTimestamp((at + 1) * unit);
        await expect(tree.connect(bank).grant(bankNode, provider.address, Scope.KYC, at + 2)).to.emit(
          tree,
          "NodeGranted",
        );
        expect((await tree.node(4n)).grantedAt).to.equal(BigInt(at + 1));
      });

      it("rejects the zero address", async function () {
        const { tree, clock, bank, bankNode } = await loadFixture(fixture);
        await expect(
          tree.connect(bank).grant(bankNode, ethers.ZeroAddress, Scope.KYC, await clock.in(DAY)),
        ).to.be.revertedWithCustomError(tree, "ZeroAccount");
      });

      it("bounds the depth at MAX_DEPTH", async function () {
        const { tree, clock, subAgent, subNode, rest } = await loadFixture(fixture);
        expect(await tree.MAX_DEPTH()).to.equal(8n);
        const expiry = await clock.in(DAY);
        let parent = subNode; // depth 2
        let holder = subAgent;
        for (let depth = 3; depth <= 8; depth++) {
          const next = rest[depth];
          parent = await nodeIdFrom(
            tree,
            tree.connect(holder).grant(parent, next.address, Scope.DELEGATE | Scope.KYC, expiry),
          );
          holder = next;
          expect((await tree.node(parent)).depth).to.equal(BigInt(depth));
        }
        expect(await tree.isValid(parent)).to.equal(true);
        await expect(tree.connect(holder).grant(parent, rest[9].address, Scope.KYC, expiry))
          .to.be.revertedWithCustomError(tree, "DepthExceeded")
          .withArgs(9, 8);
        expect((await tree.ancestry(parent)).length).to.equal(9);
      });

      it("refuses to grant from a parent that is not valid", async function () {
        const { tree, clock, regulator, bank, subAgent, provider, bankNode, subNode } = await loadFixture(fixture);
        const expiry = await clock.in(DAY);
        // Parent suspended.
        await tree.connect(regulator).suspend(bankNode, REASON);
        await expect(tree.connect(bank).grant(bankNode, provider.address, Scope.KYC, expiry))
          .to.be.revertedWithCustomError(tree, "NodeNotValid")
          .withArgs(bankNode);
        // Grandparent suspended: the sub-agent cannot grant either.
        await expect(tree.connect(subAgent).grant(subNode, provider.address, Scope.KYC, expiry))
          .to.be.revertedWithCustomError(tree, "NodeNotValid")
          .withArgs(subNode);
      });

      it("refuses to grant from a parent whose lease ended", async function () {
        const { tree, clock, subAgent, provider, subNode, subExpiry } = await loadFixture(fixture);
        await clock.advanceTo(subExpiry);
        await expect(tree.connect(subAgent).grant(subNode, provider.address, Scope.KYC, subExpiry + DAY))
          .to.be.revertedWithCustomError(tree, "NodeNotValid")
          .withArgs(subNode);
      });

      it("gives an account one live node per root", async function () {
        const { tree, clock, regulator, bank, subAgent, root, bankNode, subNode } = await loadFixture(fixture);
        const expiry = await clock.in(DAY);
        await expect(tree.connect(regulator).grant(root, subAgent.address, Scope.KYC, expiry))
          .to.be.revertedWithCustomError(tree, "AccountAlreadyAuthorized")
          .withArgs(subAgent.address, root, subNode);
        await expect(tree.connect(bank).grant(bankNode, regulator.address, Scope.KYC, expiry))
          .to.be.revertedWithCustomError(tree, "AccountAlreadyAuthorized")
          .withArgs(regulator.address, root, root);
        // A suspension is reversible, so a suspended node still blocks a second one.
        await tree.connect(regulator).suspend(subNode, REASON);
        await expect(tree.connect(regulator).grant(root, subAgent.address, Scope.KYC, expiry))
          .to.be.revertedWithCustomError(tree, "AccountAlreadyAuthorized")
          .withArgs(subAgent.address, root, subNode);
      });
    });

    describe("suspend and resume", function () {
      it("cuts off a node and its whole subtree, and resuming restores it", async function () {
        const { tree, clock, regulator, bank, subAgent, provider, root, bankNode, subNode } =
          await loadFixture(fixture);
        const leaf = await nodeIdFrom(
          tree,
          tree.connect(subAgent).grant(subNode, provider.address, Scope.KYC, await clock.in(DAY)),
        );
        await expect(tree.connect(regulator).suspend(bankNode, REASON))
          .to.emit(tree, "NodeSuspended")
          .withArgs(bankNode, regulator.address, 0, REASON);
        expect((await tree.node(bankNode)).status).to.equal(Status.Suspended);
        for (const id of [bankNode, subNode, leaf]) {
          expect(await tree.isValid(id)).to.equal(false);
          expect(await tree.effectiveScopes(id)).to.equal(0n);
        }
        expect(await tree.isValid(root)).to.equal(true);
        expect(await tree.hasScope(bank.address, root, Scope.KYC)).to.equal(false);
        expect(await tree.hasScope(provider.address, root, Scope.KYC)).to.equal(false);
        // The descendants' own records are untouched: the cut-off is computed on use.
        expect((await tree.node(subNode)).status).to.equal(Status.Active);

        await expect(tree.connect(regulator).resume(bankNode))
          .to.emit(tree, "NodeResumed")
          .withArgs(bankNode, regulator.address, 0);
        for (const id of [bankNode, subNode, leaf]) expect(await tree.isValid(id)).to.equal(true);
        expect(await tree.hasScope(provider.address, root, Scope.KYC)).to.equal(true);
        expect((await tree.node(bankNode)).suspenderDepth).to.equal(0n);
      });

      it("may be done by any valid ancestor, but not by the node itself, a sibling or an outsider", async function () {
        const { tree, clock, regulator, bank, subAgent, provider, outsider, bankNode, subNode } =
          await loadFixture(fixture);
        const leaf = await nodeIdFrom(
          tree,
          tree.connect(subAgent).grant(subNode, provider.address, Scope.KYC, await clock.in(DAY)),
        );
        // The outsider holds a sibling node of the sub-agent: still no authority over it.
        await tree.connect(bank).grant(bankNode, outsider.address, Scope.KYC, await clock.in(DAY));
        for (const who of [provider, outsider]) {
          await expect(tree.connect(who).suspend(leaf, REASON))
            .to.be.revertedWithCustomError(tree, "NotAncestor")
            .withArgs(who.address, leaf);
        }
        await expect(tree.connect(outsider).suspend(subNode, REASON))
          .to.be.revertedWithCustomError(tree, "NotAncestor")
          .withArgs(outsider.address, subNode);
        // Grandparent (the bank) and great-grandparent (the regulator) may. (Once the regulator has lifted a
        // suspension, the bank may not re-impose it: see the cleared-by rank tests.)
        await expect(tree.connect(bank).suspend(leaf, REASON))
          .to.emit(tree, "NodeSuspended")
          .withArgs(leaf, bank.address, 1, REASON);
        await tree.connect(bank).resume(leaf);
        await expect(tree.connect(regulator).suspend(leaf, REASON))
          .to.emit(tree, "NodeSuspended")
          .withArgs(leaf, regulator.address, 0, REASON);
      });

      it("cannot be used by an ancestor that is itself cut off", async function () {
        const { tree, regulator, bank, bankNode, subNode } = await loadFixture(fixture);
        await tree.connect(regulator).suspend(bankNode, REASON);
        await expect(tree.connect(bank).suspend(subNode, REASON))
          .to.be.revertedWithCustomError(tree, "NodeNotValid")
          .withArgs(bankNode);
        await expect(tree.connect(bank).revoke(subNode, REASON))
          .to.be.revertedWithCustomError(tree, "NodeNotValid")
          .withArgs(bankNode);
      });

      it("lets only the suspending authority or one above it lift a suspension", async function () {
        const { tree, clock, regulator, bank, subAgent, provider, subNode } = await loadFixture(fixture);
        const leaf = await nodeIdFrom(
          tree,
          tree.connect(subAgent).grant(subNode, provider.address, Scope.KYC, await clock.in(DAY)),
        );
        // The regulator (depth 0) suspends the sub-agent; the bank (depth 1) may not lift it.
        await tree.connect(regulator).suspend(subNode, REASON);
        await expect(tree.connect(bank).resume(subNode))
          .to.be.revertedWithCustomError(tree, "SuspendedByHigherAuthority")
          .withArgs(subNode, 0, 1);
        await tree.connect(regulator).resume(subNode);
        // The bank suspends a leaf at depth 3: the sub-agent (depth 2) cannot lift it, the bank and regulator can.
        await tree.connect(bank).suspend(leaf, REASON);
        await expect(tree.connect(subAgent).resume(leaf))
          .to.be.revertedWithCustomError(tree, "SuspendedByHigherAuthority")
          .withArgs(leaf, 1, 2);
        await expect(tree.connect(regulator).resume(leaf)).to.emit(tree, "NodeResumed");
      });

      it("rejects suspending a node that is not active and resuming one that is not suspended", async function () {
        const { tree, regulator, bankNode } = await loadFixture(fixture);
        await expect(tree.connect(regulator).resume(bankNode))
          .to.be.revertedWithCustomError(tree, "InvalidNodeStatus")
          .withArgs(bankNode, Status.Active);
        await tree.connect(regulator).suspend(bankNode, REASON);
        await expect(tree.connect(regulator).suspend(bankNode, REASON))
          .to.be.revertedWithCustomError(tree, "InvalidNodeStatus")
          .withArgs(bankNode, Status.Suspended);
        await tree.connect(regulator).revoke(bankNode, REASON);
        await expect(tree.connect(regulator).suspend(bankNode, REASON))
          .to.be.revertedWithCustomError(tree, "InvalidNodeStatus")
          .withArgs(bankNode, Status.Revoked);
        await expect(tree.connect(regulator).resume(bankNode))
          .to.be.revertedWithCustomError(tree, "InvalidNodeStatus")
          .withArgs(bankNode, Status.Revoked);
      });

      it("rejects unknown nodes", async function () {
        const { tree, clock, governor } = await loadFixture(fixture);
        await expect(tree.connect(governor).suspend(42n, REASON))
          .to.be.revertedWithCustomError(tree, "UnknownNode")
          .withArgs(42n);
        await expect(tree.connect(governor).resume(42n)).to.be.revertedWithCustomError(tree, "UnknownNode");
        await expect(tree.connect(governor).revoke(42n, REASON)).to.be.revertedWithCustomError(tree, "UnknownNode");
        await expect(tree.connect(governor).renew(42n, await clock.in(DAY))).to.be.revertedWithCustomError(
          tree,
          "UnknownNode",
        );
        await expect(tree.node(42n)).to.be.revertedWithCustomError(tree, "UnknownNode").withArgs(42n);
        await expect(tree.ancestry(42n)).to.be.revertedWithCustomError(tree, "UnknownNode").withArgs(42n);
        expect(await tree.isValid(42n)).to.equal(false);
        expect(await tree.isValid(0n)).to.equal(false);
      });
    });

    describe("revoke", function () {
      it("cuts off every level beneath, at least four deep, and is final", async function () {
        const { tree, clock, regulator, subAgent, provider, auditor, investor, root, bankNode, subNode } =
          await loadFixture(fixture);
        const expiry = await clock.in(DAY);
        const d3 = await nodeIdFrom(
          tree,
          tree.connect(subAgent).grant(subNode, provider.address, Scope.DELEGATE | Scope.KYC, expiry),
        );
        const d4 = await nodeIdFrom(
          tree,
          tree.connect(provider).grant(d3, auditor.address, Scope.DELEGATE | Scope.KYC, expiry),
        );
        const d5 = await nodeIdFrom(tree, tree.connect(auditor).grant(d4, investor.address, Scope.KYC, expiry));
        const below = [bankNode, subNode, d3, d4, d5];
        for (const id of below) expect(await tree.isValid(id)).to.equal(true);

        await expect(tree.connect(regulator).revoke(bankNode, REASON))
          .to.emit(tree, "NodeRevoked")
          .withArgs(bankNode, regulator.address, 0, REASON);
        for (const id of below) expect(await tree.isValid(id)).to.equal(false);
        expect(await tree.hasScope(investor.address, root, Scope.KYC)).to.equal(false);
        expect(await tree.isValid(root)).to.equal(true);

        await expect(tree.connect(regulator).revoke(bankNode, REASON))
          .to.be.revertedWithCustomError(tree, "InvalidNodeStatus")
          .withArgs(bankNode, Status.Revoked);
        await expect(tree.connect(regulator).resume(bankNode))
          .to.be.revertedWithCustomError(tree, "InvalidNodeStatus")
          .withArgs(bankNode, Status.Revoked);
        await expect(tree.connect(regulator).renew(bankNode, await clock.in(DAY)))
          .to.be.revertedWithCustomError(tree, "InvalidNodeStatus")
          .withArgs(bankNode, Status.Revoked);
        // Nothing below can act either.
        await expect(tree.connect(provider).grant(d3, outsiderAddress(), Scope.KYC, expiry))
          .to.be.revertedWithCustomError(tree, "NodeNotValid")
          .withArgs(d3);
      });

      it("can revoke a suspended node", async function () {
        const { tree, regulator, bankNode } = await loadFixture(fixture);
        await tree.connect(regulator).suspend(bankNode, REASON);
        await expect(tree.connect(regulator).revoke(bankNode, REASON)).to.emit(tree, "NodeRevoked");
        expect((await tree.node(bankNode)).status).to.equal(Status.Revoked);
      });

      it("costs the same whatever the size or depth of the subtree", async function () {
        const f = await loadFixture(fixture);
        const { tree, clock, regulator, bank, bankNode, rest } = f;
        const expiry = await clock.in(DAY);
        // A second bank with no descendants, to compare against the first with many.
        const lonely = await nodeIdFrom(tree, tree.connect(regulator).grant(1n, rest[0].address, Scope.KYC, expiry));
        for (let i = 0; i < 12; i++) {
          await tree.connect(bank).grant(bankNode, ethers.Wallet.createRandom().address, Scope.KYC, expiry);
        }
        expect(await tree.childCount(bankNode)).to.equal(13n);
        // And a chain five levels deeper beneath the sub-agent.
        let parent = 3n;
        let holder = f.subAgent;
        for (const next of rest.slice(1, 6)) {
          parent = await nodeIdFrom(tree, tree.connect(holder).grant(parent, next.address, Scope.DELEGATE, expiry));
          holder = next;
        }
        expect((await tree.node(parent)).depth).to.equal(7n);
        const big = await (await tree.connect(regulator).revoke(bankNode, REASON)).wait();
        const small = await (await tree.connect(regulator).revoke(lonely, REASON)).wait();
        expect(big!.gasUsed).to.equal(small!.gasUsed);
      });

      it("lets a revoked account be re-authorised with a new node, under which nothing old revives", async function () {
        const { tree, clock, regulator, bank, subAgent, provider, root, bankNode, subNode } =
          await loadFixture(fixture);
        const expiry = await clock.in(DAY);
        const leaf = await nodeIdFrom(tree, tree.connect(subAgent).grant(subNode, provider.address, Scope.KYC, expiry));
        await tree.connect(regulator).revoke(bankNode, REASON);

        const newBank = await nodeIdFrom(
          tree,
          tree.connect(regulator).grant(root, bank.address, Scope.DELEGATE | Scope.KYC, expiry),
        );
        expect(newBank).to.be.greaterThan(leaf);
        expect(await tree.nodeOf(bank.address, root)).to.equal(newBank);
        expect(await tree.isValid(newBank)).to.equal(true);
        expect(await tree.hasScope(bank.address, root, Scope.KYC)).to.equal(true);
        // The old subtree stays dead; its members hold nothing until granted anew under the new node.
        expect(await tree.isValid(bankNode)).to.equal(false);
        expect(await tree.isValid(subNode)).to.equal(false);
        expect(await tree.isValid(leaf)).to.equal(false);
        expect(await tree.hasScope(subAgent.address, root, Scope.KYC)).to.equal(false);
        expect((await tree.node(subNode)).parent).to.equal(bankNode);
        // The sub-agent's dead node no longer blocks a fresh grant under the new bank node.
        const newSub = await nodeIdFrom(tree, tree.connect(bank).grant(newBank, subAgent.address, Scope.KYC, expiry));
        expect(await tree.nodeOf(subAgent.address, root)).to.equal(newSub);
        expect(await tree.isValid(subNode)).to.equal(false);
      });
    });

    describe("leases", function () {
      it("end by themselves at their expiry", async function () {
        const { tree, clock, bank, provider, root, bankNode } = await loadFixture(fixture);
        const expiry = await clock.in(30 * DAY);
        const node = await nodeIdFrom(tree, tree.connect(bank).grant(bankNode, provider.address, Scope.KYC, expiry));
        await clock.advanceTo(expiry - 1);
        expect(await tree.isValid(node)).to.equal(true);
        expect(await tree.hasScope(provider.address, root, Scope.KYC)).to.equal(true);
        await clock.advanceTo(expiry);
        expect(await tree.isValid(node)).to.equal(false);
        expect(await tree.hasScope(provider.address, root, Scope.KYC)).to.equal(false);
        expect((await tree.node(node)).status).to.equal(Status.Active);
      });

      it("cascade: a lease ending three levels up cuts off everything beneath", async function () {
        const { tree, clock, governor, subAgent, provider, root, rootExpiry, bankNode, subNode } =
          await loadFixture(fixture);
        const leaf = await nodeIdFrom(
          tree,
          tree.connect(subAgent).grant(subNode, provider.address, Scope.KYC, await clock.in(300 * DAY)),
        );
        // The governor shortens the root's lease below everyone else's.
        const end = await clock.in(10 * DAY);
        await expect(tree.connect(governor).renew(root, end))
          .to.emit(tree, "LeaseRenewed")
          .withArgs(root, governor.address, 0, rootExpiry, end);
        await clock.advanceTo(end - 1);
        for (const id of [root, bankNode, subNode, leaf]) expect(await tree.isValid(id)).to.equal(true);
        await clock.advanceTo(end);
        for (const id of [root, bankNode, subNode, leaf]) expect(await tree.isValid(id)).to.equal(false);
      });

      it("can be renewed by an ancestor within the parent's lease, but an ended lease is final", async function () {
        const { tree, clock, regulator, bank, subAgent, outsider, bankNode, subNode, bankExpiry, subExpiry } =
          await loadFixture(fixture);
        // Extend the sub-agent up to the bank's lease, by the bank or the regulator.
        await expect(tree.connect(bank).renew(subNode, bankExpiry))
          .to.emit(tree, "LeaseRenewed")
          .withArgs(subNode, bank.address, 1, subExpiry, bankExpiry);
        await expect(tree.connect(regulator).renew(subNode, bankExpiry + 1))
          .to.be.revertedWithCustomError(tree, "ExpiryBeyondParent")
          .withArgs(bankExpiry + 1, bankExpiry);
        // Not by the node itself or an outsider.
        for (const who of [subAgent, outsider]) {
          await expect(tree.connect(who).renew(subNode, bankExpiry))
            .to.be.revertedWithCustomError(tree, "NotAncestor")
            .withArgs(who.address, subNode);
        }
        const now = await clock.now();
        await expect(tree.connect(bank).renew(subNode, now)).to.be.revertedWithCustomError(tree, "ExpiryNotInFuture");
        // Let the bank's lease run out: it cannot be revived.
        await clock.advanceTo(bankExpiry);
        await expect(tree.connect(regulator).renew(bankNode, bankExpiry + YEAR))
          .to.be.revertedWithCustomError(tree, "LeaseEnded")
          .withArgs(bankNode, bankExpiry);
      });

      it("lets an account whose lease ended be authorised again with a new node", async function () {
        const { tree, clock, regulator, bank, root, bankNode, bankExpiry } = await loadFixture(fixture);
        await clock.advanceTo(bankExpiry);
        const fresh = await nodeIdFrom(
          tree,
          tree.connect(regulator).grant(root, bank.address, Scope.KYC, await clock.in(YEAR)),
        );
        expect(fresh).to.not.equal(bankNode);
        expect(await tree.isValid(fresh)).to.equal(true);
        expect(await tree.isValid(bankNode)).to.equal(false);
      });
    });

    describe("rank: a lower authority never undoes a higher one's decision", function () {
      it("a bank cannot revoke (then re-grant) a node its regulator suspended", async function () {
        const { tree, regulator, bank, subNode } = await loadFixture(fixture);
        await tree.connect(regulator).suspend(subNode, REASON);
        await expect(tree.connect(bank).revoke(subNode, REASON))
          .to.be.revertedWithCustomError(tree, "SuspendedByHigherAuthority")
          .withArgs(subNode, 0, 1);
        await expect(tree.connect(regulator).revoke(subNode, REASON))
          .to.emit(tree, "NodeRevoked")
          .withArgs(subNode, regulator.address, 0, REASON);
      });

      it("a bank cannot let a node its regulator suspended lapse by shortening its lease", async function () {
        const { tree, clock, regulator, bank, subNode } = await loadFixture(fixture);
        await tree.connect(regulator).suspend(subNode, REASON);
        await expect(tree.connect(bank).renew(subNode, await clock.in(2)))
          .to.be.revertedWithCustomError(tree, "SuspendedByHigherAuthority")
          .withArgs(subNode, 0, 1);
        await expect(tree.connect(regulator).renew(subNode, await clock.in(DAY))).to.emit(tree, "LeaseRenewed");
      });

      it("a revoked account can be brought back only from the revoker's rank or above", async function () {
        const { tree, clock, regulator, bank, subAgent, outsider, root, bankNode } = await loadFixture(fixture);
        const expiry = await clock.in(30 * DAY);
        // A sibling bank Z with DELEGATE, at the same depth as Bank Y.
        const bankZ = await nodeIdFrom(
          tree,
          tree.connect(regulator).grant(root, outsider.address, Scope.DELEGATE | Scope.KYC, expiry),
        );
        await tree.connect(regulator).revoke(bankNode, REASON);
        expect(await tree.revocationBar(bank.address, root)).to.deep.equal([true, 0n]);
        await expect(tree.connect(outsider).grant(bankZ, bank.address, Scope.KYC, expiry))
          .to.be.revertedWithCustomError(tree, "BarredByHigherAuthority")
          .withArgs(bank.address, root, 0, 1);
        // The sub-agent was not revoked itself (only cut off): Bank Z may take it on.
        expect(await tree.revocationBar(subAgent.address, root)).to.deep.equal([false, 0n]);
        await expect(tree.connect(outsider).grant(bankZ, subAgent.address, Scope.KYC, expiry)).to.emit(
          tree,
          "NodeGranted",
        );
        // The regulator may bring Bank Y back; that lifts the bar.
        await expect(tree.connect(regulator).grant(root, bank.address, Scope.KYC, expiry)).to.emit(tree, "NodeGranted");
        expect(await tree.revocationBar(bank.address, root)).to.deep.equal([false, 0n]);
      });

      it("a bank that revoked its own sub-agent may re-grant it; a deeper node may not", async function () {
        const { tree, clock, bank, subAgent, provider, root, bankNode, subNode } = await loadFixture(fixture);
        const expiry = await clock.in(30 * DAY);
        // A second sub-agent (depth 2) with DELEGATE.
        const other = await nodeIdFrom(
          tree,
          tree.connect(bank).grant(bankNode, provider.address, Scope.DELEGATE | Scope.KYC, expiry),
        );
        await expect(tree.connect(bank).revoke(subNode, REASON))
          .to.emit(tree, "NodeRevoked")
          .withArgs(subNode, bank.address, 1, REASON);
        expect(await tree.revocationBar(subAgent.address, root)).to.deep.equal([true, 1n]);
        await expect(tree.connect(provider).grant(other, subAgent.address, Scope.KYC, expiry))
          .to.be.revertedWithCustomError(tree, "BarredByHigherAuthority")
          .withArgs(subAgent.address, root, 1, 2);
        await expect(tree.connect(bank).grant(bankNode, subAgent.address, Scope.KYC, expiry)).to.emit(
          tree,
          "NodeGranted",
        );
      });

      it("revoking an account's old, dead node does not bar its current one", async function () {
        const { tree, clock, regulator, bank, subAgent, root, bankNode, subNode, subExpiry } =
          await loadFixture(fixture);
        await clock.advanceTo(subExpiry);
        const fresh = await nodeIdFrom(
          tree,
          tree.connect(bank).grant(bankNode, subAgent.address, Scope.KYC, await clock.in(DAY)),
        );
        await expect(tree.connect(regulator).revoke(subNode, REASON)).to.emit(tree, "NodeRevoked");
        expect(await tree.revocationBar(subAgent.address, root)).to.deep.equal([false, 0n]);
        expect(await tree.nodeOf(subAgent.address, root)).to.equal(fresh);
        expect(await tree.isValid(fresh)).to.equal(true);
      });

      it("a regulator can take over a bank's suspension, which the bank then cannot lift", async function () {
        const { tree, regulator, bank, subNode } = await loadFixture(fixture);
        await tree.connect(bank).suspend(subNode, REASON);
        await expect(tree.connect(bank).suspend(subNode, REASON))
          .to.be.revertedWithCustomError(tree, "InvalidNodeStatus")
          .withArgs(subNode, Status.Suspended);
        await expect(tree.connect(regulator).suspend(subNode, REASON))
          .to.emit(tree, "NodeSuspended")
          .withArgs(subNode, regulator.address, 0, REASON);
        expect((await tree.node(subNode)).suspenderDepth).to.equal(0n);
        await expect(tree.connect(bank).resume(subNode))
          .to.be.revertedWithCustomError(tree, "SuspendedByHigherAuthority")
          .withArgs(subNode, 0, 1);
        // Taking over again at the same rank is no change and is refused.
        await expect(tree.connect(regulator).suspend(subNode, REASON))
          .to.be.revertedWithCustomError(tree, "InvalidNodeStatus")
          .withArgs(subNode, Status.Suspended);
      });

      it("a lease the regulator shortened cannot be extended by the bank, only shortened further", async function () {
        const { tree, clock, regulator, bank, subNode, subExpiry } = await loadFixture(fixture);
        expect((await tree.node(subNode)).leaseDepth).to.equal(1n); // set by its granter, the bank
        await expect(tree.connect(bank).renew(subNode, subExpiry + DAY))
          .to.emit(tree, "LeaseRenewed")
          .withArgs(subNode, bank.address, 1, subExpiry, subExpiry + DAY);
        const windDown = await clock.in(7 * DAY);
        await expect(tree.connect(regulator).renew(subNode, windDown))
          .to.emit(tree, "LeaseRenewed")
          .withArgs(subNode, regulator.address, 0, subExpiry + DAY, windDown);
        expect((await tree.node(subNode)).leaseDepth).to.equal(0n);
        await expect(tree.connect(bank).renew(subNode, windDown + DAY))
          .to.be.revertedWithCustomError(tree, "LeaseSetByHigherAuthority")
          .withArgs(subNode, 0, 1);
        await expect(tree.connect(bank).renew(subNode, windDown - DAY)).to.emit(tree, "LeaseRenewed");
        await expect(tree.connect(regulator).renew(subNode, windDown + DAY)).to.emit(tree, "LeaseRenewed");
      });

      it("a cut-off ancestor cannot renew", async function () {
        const { tree, clock, regulator, bank, bankNode, subNode } = await loadFixture(fixture);
        await tree.connect(regulator).suspend(bankNode, REASON);
        await expect(tree.connect(bank).renew(subNode, await clock.in(DAY)))
          .to.be.revertedWithCustomError(tree, "NodeNotValid")
          .withArgs(bankNode);
      });
    });

    describe("views", function () {
      it("give ancestry, children, effective scopes and who may manage a node", async function () {
        const { tree, clock, regulator, bank, subAgent, provider, outsider, root, bankNode, subNode } =
          await loadFixture(fixture);
        expect(await tree.ancestry(subNode)).to.deep.equal([subNode, bankNode, root]);
        expect(await tree.ancestry(root)).to.deep.equal([root]);
        const expiry = await clock.in(DAY);
        const c1 = await nodeIdFrom(tree, tree.connect(bank).grant(bankNode, provider.address, Scope.LIST, expiry));
        const c2 = await nodeIdFrom(tree, tree.connect(bank).grant(bankNode, outsider.address, Scope.GOVERN, expiry));
        expect(await tree.childCount(bankNode)).to.equal(3n);
        expect(await tree.children(bankNode, 0, 10)).to.deep.equal([subNode, c1, c2]);
        expect(await tree.children(bankNode, 1, 1)).to.deep.equal([c1]);
        expect(await tree.children(bankNode, 3, 1)).to.deep.equal([]);
        expect(await tree.children(root, 0, 10)).to.deep.equal([bankNode]);

        expect(await tree.effectiveScopes(root)).to.equal(ALL_SCOPES);
        expect(await tree.effectiveScopes(subNode)).to.equal(scopeMask("DELEGATE", "KYC"));
        expect(await tree.nodeHasScope(subNode, Scope.KYC)).to.equal(true);
        expect(await tree.nodeHasScope(subNode, Scope.KYC | Scope.LIST)).to.equal(false);

        expect(await tree.canManage(subAgent.address, subNode)).to.equal(true);
        expect(await tree.canManage(bank.address, subNode)).to.equal(true);
        expect(await tree.canManage(regulator.address, subNode)).to.equal(true);
        expect(await tree.canManage(provider.address, subNode)).to.equal(false);
        expect(await tree.canManage(subAgent.address, bankNode)).to.equal(false);
        // A cut-off manager manages nothing; its valid ancestors still do.
        await tree.connect(regulator).suspend(bankNode, REASON);
        expect(await tree.canManage(bank.address, subNode)).to.equal(false);
        expect(await tree.canManage(subAgent.address, subNode)).to.equal(false);
        expect(await tree.canManage(regulator.address, subNode)).to.equal(true);
        expect(await tree.canManage(regulator.address, 99n)).to.equal(false);
        expect(await tree.canManage(regulator.address, 0n)).to.equal(false);
      });

      it("fail closed on an empty scope, and answer empty for unknown ids", async function () {
        const { tree, governor, regulator, bank, root, bankNode } = await loadFixture(fixture);
        expect(await tree.hasScope(bank.address, root, 0)).to.equal(false);
        expect(await tree.nodeHasScope(bankNode, 0)).to.equal(false);
        expect(await tree.nodeHasScope(0n, Scope.KYC)).to.equal(false);
        expect(await tree.hasScope(bank.address, 99n, Scope.KYC)).to.equal(false);
        expect(await tree.childCount(99n)).to.equal(0n);
        expect(await tree.children(99n, 0, 10)).to.deep.equal([]);
        expect(await tree.effectiveScopes(99n)).to.equal(0n);
        // The client-management rule: a node's own account and its ancestors' accounts; the governor acts on roots
        // themselves, not on what they attest.
        expect(await tree.canManage(regulator.address, root)).to.equal(true);
        expect(await tree.canManage(governor.address, root)).to.equal(false);
      });
    });

    describe("governor", function () {
      it("cannot be renounced, and is handed over in two steps", async function () {
        const { tree, governor, outsider } = await loadFixture(fixture);
        await expect(tree.connect(governor).renounceOwnership()).to.be.revertedWithCustomError(
          tree,
          "GovernorCannotRenounce",
        );
        await expect(tree.connect(outsider).renounceOwnership())
          .to.be.revertedWithCustomError(tree, "OwnableUnauthorizedAccount")
          .withArgs(outsider.address);
        await tree.connect(governor).transferOwnership(outsider.address);
        expect(await tree.governor()).to.equal(governor.address);
        await tree.connect(outsider).acceptOwnership();
        expect(await tree.governor()).to.equal(outsider.address);
      });

      it("17: a proposed governor holds no power until it accepts, and a proposal is replaced or withdrawn by the governor only", async function () {
        const { tree, clock, governor, regulator, outsider, bank } = await loadFixture(fixture);
        await expect(tree.connect(governor).transferOwnership(outsider.address))
          .to.emit(tree, "OwnershipTransferStarted")
          .withArgs(governor.address, outsider.address);
        expect(await tree.pendingOwner()).to.equal(outsider.address);
        // Proposed is not accepted: the proposed account cannot act, the governor still can.
        await expect(tree.connect(outsider).createRoot(regulator.address, await clock.in(YEAR), "early"))
          .to.be.revertedWithCustomError(tree, "OwnableUnauthorizedAccount")
          .withArgs(outsider.address);
        await expect(tree.connect(bank).acceptOwnership())
          .to.be.revertedWithCustomError(tree, "OwnableUnauthorizedAccount")
          .withArgs(bank.address);
        await expect(tree.connect(outsider).transferOwnership(bank.address))
          .to.be.revertedWithCustomError(tree, "OwnableUnauthorizedAccount")
          .withArgs(outsider.address);
        // Replaced, then withdrawn (the zero address): the first proposal can no longer be accepted.
        await tree.connect(governor).transferOwnership(bank.address);
        await expect(tree.connect(outsider).acceptOwnership()).to.be.revertedWithCustomError(
          tree,
          "OwnableUnauthorizedAccount",
        );
        await tree.connect(governor).transferOwnership(ethers.ZeroAddress);
        await expect(tree.connect(bank).acceptOwnership()).to.be.revertedWithCustomError(
          tree,
          "OwnableUnauthorizedAccount",
        );
        expect(await tree.governor()).to.equal(governor.address);
      });

      it("17: the governor is renounced only on purpose: renounceGovernor names this tree, emits GovernorRenounced and leaves no governor", async function () {
        const { tree, clock, governor, regulator, outsider } = await loadFixture(fixture);
        const root = await nodeIdFrom(
          tree,
          tree.connect(governor).createRoot(outsider.address, await clock.in(YEAR), "before renunciation"),
        );
        const self = await tree.getAddress();
        await expect(tree.connect(outsider).renounceGovernor(self))
          .to.be.revertedWithCustomError(tree, "OwnableUnauthorizedAccount")
          .withArgs(outsider.address);
        // A call that does not name this very tree (a mistaken target, a replayed call to another deployment) fails.
        await expect(tree.connect(governor).renounceGovernor(outsider.address))
          .to.be.revertedWithCustomError(tree, "GovernorRenounceUnconfirmed")
          .withArgs(self, outsider.address);
        // A pending hand-over dies with the renunciation.
        await tree.connect(governor).transferOwnership(outsider.address);
        await expect(tree.connect(governor).renounceGovernor(self))
          .to.emit(tree, "GovernorRenounced")
          .withArgs(governor.address)
          .and.to.emit(tree, "OwnershipTransferred")
          .withArgs(governor.address, ethers.ZeroAddress);
        expect(await tree.governor()).to.equal(ethers.ZeroAddress);
        expect(await tree.pendingOwner()).to.equal(ethers.ZeroAddress);
        await expect(tree.connect(outsider).acceptOwnership()).to.be.revertedWithCustomError(
          tree,
          "OwnableUnauthorizedAccount",
        );
        await expect(tree.connect(governor).createRoot(regulator.address, await clock.in(YEAR), "after"))
          .to.be.revertedWithCustomError(tree, "OwnableUnauthorizedAccount")
          .withArgs(governor.address);
        // Existing roots live on to the end of their leases.
        expect(await tree.isValid(root)).to.equal(true);
      });
    });
  });
}

function outsiderAddress(): string {
  return "0x000000000000000000000000000000000000dEaD";
}

describe("AuthorityTree: time unit must match the chain", function () {
  it("refuses milliseconds on a seconds chain", async function () {
    const { governor } = await loadFixture(onSecondsChain);
    const factory = await ethers.getContractFactory("AuthorityTree");
    await expect(ethers.deployContract("AuthorityTree", [governor.address, 1000])).to.be.revertedWithCustomError(
      factory,
      "TimeUnitMismatch",
    );
    const ok = await ethers.deployContract("AuthorityTree", [governor.address, 1]);
    await expect(ok.deploymentTransaction()).to.emit(ok, "ClockConfigured").withArgs(1);
  });

  it("refuses seconds on a milliseconds chain", async function () {
    const { governor } = await loadFixture(onMillisecondChain);
    const factory = await ethers.getContractFactory("AuthorityTree");
    await expect(ethers.deployContract("AuthorityTree", [governor.address, 1])).to.be.revertedWithCustomError(
      factory,
      "TimeUnitMismatch",
    );
    const ok = await ethers.deployContract("AuthorityTree", [governor.address, 1000]);
    await expect(ok.deploymentTransaction()).to.emit(ok, "ClockConfigured").withArgs(1000);
  });
});

async function onMillisecondChain() {
  await useClock(1000);
  const [governor] = await ethers.getSigners();
  return { governor };
}

async function onSecondsChain() {
  await useClock(1);
  const [governor] = await ethers.getSigners();
  return { governor };
}

describe("AuthorityTree: ranks for consumers", function () {
  const REASON2 = ethers.encodeBytes32String("rank");
  async function chain() {
    const f = await deployAuthority(1);
    const { tree, clock, governor, regulator, bank, subAgent, provider } = f;
    const root = await nodeIdFrom(
      tree,
      tree.connect(governor).createRoot(regulator.address, await clock.in(YEAR), "R"),
    );
    const b = await nodeIdFrom(
      tree,
      tree.connect(regulator).grant(root, bank.address, Scope.DELEGATE | Scope.KYC, await clock.in(100 * DAY)),
    );
    const s = await nodeIdFrom(
      tree,
      tree.connect(bank).grant(b, subAgent.address, Scope.DELEGATE | Scope.KYC, await clock.in(50 * DAY)),
    );
    const leaf = await nodeIdFrom(
      tree,
      tree.connect(subAgent).grant(s, provider.address, Scope.KYC, await clock.in(DAY)),
    );
    return { ...f, root, b, s, leaf };
  }

  it("managerRank gives the depth at which an account manages a node, and nothing when cut off", async function () {
    const { tree, regulator, bank, subAgent, provider, outsider, b, leaf } = await loadFixture(chain);
    expect(await tree.managerRank(provider.address, leaf)).to.deep.equal([true, 3n]);
    expect(await tree.managerRank(subAgent.address, leaf)).to.deep.equal([true, 2n]);
    expect(await tree.managerRank(bank.address, leaf)).to.deep.equal([true, 1n]);
    expect(await tree.managerRank(regulator.address, leaf)).to.deep.equal([true, 0n]);
    expect(await tree.managerRank(outsider.address, leaf)).to.deep.equal([false, 0n]);
    expect(await tree.managerRank(regulator.address, 99n)).to.deep.equal([false, 0n]);
    await tree.connect(regulator).suspend(b, REASON2);
    expect(await tree.managerRank(subAgent.address, leaf)).to.deep.equal([false, 0n]);
    expect(await tree.managerRank(regulator.address, leaf)).to.deep.equal([true, 0n]);
  });

  it("blockingRank names the highest authority behind a node's invalidity", async function () {
    const { tree, clock, regulator, bank, subAgent, s, leaf } = await loadFixture(chain);
    expect(await tree.blockingRank(leaf)).to.deep.equal([true, 0n]);
    expect(await tree.blockingRank(99n)).to.deep.equal([false, 0n]);
    // The sub-agent suspends the leaf: rank 2.
    await tree.connect(subAgent).suspend(leaf, REASON2);
    expect(await tree.blockingRank(leaf)).to.deep.equal([false, 2n]);
    // The bank suspends the sub-agent too: the highest responsible authority is now the bank (1).
    await tree.connect(bank).suspend(s, REASON2);
    expect(await tree.blockingRank(leaf)).to.deep.equal([false, 1n]);
    // The regulator takes the suspension over, then revokes: it is responsible either way.
    await tree.connect(regulator).suspend(s, REASON2);
    expect(await tree.blockingRank(leaf)).to.deep.equal([false, 0n]);
    await tree.connect(regulator).revoke(s, REASON2);
    expect(await tree.blockingRank(s)).to.deep.equal([false, 0n]);
    void clock;
  });

  it("blockingRank attributes an ended lease to whoever set it", async function () {
    const { tree, clock, regulator, s, leaf } = await loadFixture(chain);
    // The leaf's lease was set by its granter, the sub-agent (depth 2).
    await clock.advance(DAY);
    expect(await tree.blockingRank(leaf)).to.deep.equal([false, 2n]);
    // The regulator shortens the sub-agent's lease; once it ends, the regulator is responsible.
    await tree.connect(regulator).renew(s, await clock.in(10));
    await clock.advance(20);
    expect(await tree.blockingRank(leaf)).to.deep.equal([false, 0n]);
  });
});
