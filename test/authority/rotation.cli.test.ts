/**
 * Issue 17, Keys: the key-rotation tasks (node:rotate, node:accept-rotation, node:cancel-rotation, node:replace-key),
 * run as a user runs them against the suite deployed by the real deploy scripts, refusals explained in words.
 */
import { expect } from "chai";
import { deployments, ethers } from "hardhat";
import type { AuthorityTree } from "../../typechain-types";
import { refusal, run, withDeployedSuite } from "../cli/inProcess";

describe("17 keys: CLI key rotation", function () {
  withDeployedSuite({ tags: ["authority"] });

  it("17 keys: rotate, cancel, accept and replace a key through the tasks; refusals say why", async function () {
    const tree = (await ethers.getContractAt(
      "AuthorityTree",
      (await deployments.get("AuthorityTree")).address,
    )) as unknown as AuthorityTree;
    const [governor, regulator, bank, , newKey, otherKey, lostKey] = await ethers.getSigners();
    const root: bigint = await run("authority:create-root", {
      account: regulator.address,
      expires: "3650d",
      label: "X",
      from: governor.address,
    });
    const bankNode: bigint = await run("authority:grant", {
      parent: root.toString(),
      account: bank.address,
      scopes: "KYC,DELEGATE",
      expires: "365d",
      from: regulator.address,
    });
    const node = bankNode.toString();

    expect(await refusal("node:cancel-rotation", { node, from: bank.address })).to.match(/no pending key rotation/);
    // The new key must be new to the root: the regulator's own account is refused, in words.
    const notFresh = await refusal("node:rotate", { node, account: regulator.address, from: bank.address });
    expect(notFresh).to.match(/AccountNotFresh[\s\S]*new to that root/);
    await run("node:rotate", { node, account: otherKey.address, from: bank.address });
    await run("node:cancel-rotation", { node, from: bank.address });
    expect(await tree.pendingRotation(bankNode)).to.equal(ethers.ZeroAddress);
    expect(await refusal("node:accept-rotation", { node, from: otherKey.address })).to.match(/NotProposedAccount/);

    await run("node:rotate", { node, account: newKey.address, from: bank.address });
    const view = await run("authority:node", { node, json: true });
    expect(view.pendingRotation).to.equal(newKey.address);
    const accepted = await run("node:accept-rotation", { node, from: newKey.address });
    expect(accepted).to.deep.include({ previous: bank.address, account: newKey.address, barDepth: 0n });
    expect(await tree.nodeOf(newKey.address, root)).to.equal(bankNode);

    // Forced: the node itself (or anyone but an ancestor) cannot; the regulator can.
    expect(
      await refusal("node:replace-key", { node, account: lostKey.address, reason: "lost", from: newKey.address }),
    ).to.match(/NotAncestor/);
    const replaced = await run("node:replace-key", {
      node,
      account: lostKey.address,
      reason: "key lost",
      from: regulator.address,
    });
    expect(replaced).to.deep.include({ previous: newKey.address, account: lostKey.address, barDepth: 0n });
    expect((await tree.node(bankNode)).account).to.equal(lostKey.address);
  });

  it("17 review M3: node:rotations-by lists the forced replacements a compromised ancestor key made, and which still hold", async function () {
    // Accounts of their own: the suite (and its regulator's earlier replacements) is shared with the test above.
    const [governor, , , , , , , thief1, thief2, newRegulator, rightful, , bank, provider, regulator] =
      await ethers.getSigners();
    const root: bigint = await run("authority:create-root", {
      account: regulator.address,
      expires: "3650d",
      label: "M3",
      from: governor.address,
    });
    const grant = (account: string) =>
      run("authority:grant", {
        parent: root.toString(),
        account,
        scopes: "KYC",
        expires: "365d",
        from: regulator.address,
      }) as Promise<bigint>;
    const bankNode = await grant(bank.address);
    const providerNode = await grant(provider.address);
    // The regulator's key is stolen: the thief seizes both nodes; the bank's is later rotated on by its new holder.
    for (const [n, to] of [
      [bankNode, thief1],
      [providerNode, thief2],
    ] as const) {
      await run("node:replace-key", {
        node: n.toString(),
        account: to.address,
        reason: "seized",
        from: regulator.address,
      });
    }
    await run("node:rotate", { node: bankNode.toString(), account: rightful.address, from: thief1.address });
    await run("node:accept-rotation", { node: bankNode.toString(), from: rightful.address });
    // The governor replaces the root's key; the runbook lists what the old one did.
    await run("node:replace-key", {
      node: root.toString(),
      account: newRegulator.address,
      reason: "stolen",
      from: governor.address,
    });
    const rows = await run("node:rotations-by", { account: regulator.address, json: true });
    expect(rows.map((r: { node: bigint; stillHeld: boolean }) => [r.node, r.stillHeld])).to.deep.equal([
      [bankNode, false],
      [providerNode, true],
    ]);
    expect(await run("node:rotations-by", { account: thief1.address, json: true })).to.deep.equal([]);
  });
});
