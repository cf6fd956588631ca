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
});
