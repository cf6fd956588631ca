import { ethers } from "hardhat";
import type { AuthorityTree } from "../typechain-types";
import { Scope, scopeMask } from "../lib/scopes";
import type { BenchModule } from "./recorder";

const YEAR = 365 * 86_400;

async function lastNode(tree: AuthorityTree): Promise<bigint> {
  return tree.nodeCount();
}

export const authority: BenchModule = {
  title: "Authority tree",
  async run(record) {
    const [governor, regulator, bank, agent, ...others] = await ethers.getSigners();
    const tree = await ethers.deployContract("AuthorityTree", [governor.address, 1]);
    const now = Number(await tree.currentTime());
    const expiry = now + 10 * YEAR;

    await (await tree.createRoot(regulator.address, expiry, "Regulator")).wait();
    const root = await lastNode(tree);
    const all = scopeMask("DELEGATE", "KYC", "LIST", "GOVERN");
    await (await tree.connect(regulator).grant(root, bank.address, all, expiry)).wait();
    const bankNode = await lastNode(tree);
    await (await tree.connect(bank).grant(bankNode, agent.address, all, expiry)).wait();
    const agentNode = await lastNode(tree);

    // authority.grant: a depth-2 node grants a child.
    await record("authority.grant", tree.connect(agent).grant(agentNode, others[0].address, Scope.KYC, expiry));

    // Give the bank a subtree of 60 descendants: 10 children with 5 grandchildren each (plus the agent's line).
    const wallets = Array.from({ length: 60 }, () => ethers.Wallet.createRandom().address);
    for (let i = 0; i < 10; i++) {
      const child = others[1 + i];
      await (await tree.connect(bank).grant(bankNode, child.address, all, expiry)).wait();
      const childNode = await lastNode(tree);
      for (let j = 0; j < 5; j++) {
        await (await tree.connect(child).grant(childNode, wallets[i * 5 + j], Scope.KYC, expiry)).wait();
      }
    }

    // authority.revoke: the regulator revokes the bank, which has 62 descendants; cost is independent of that.
    await record("authority.revoke", tree.connect(regulator).revoke(bankNode, ethers.encodeBytes32String("bench")));

    // For comparison: revoking a leaf costs the same.
    await (await tree.createRoot(regulator.address, expiry, "Second regulator")).wait();
    const root2 = await lastNode(tree);
    await (await tree.connect(regulator).grant(root2, bank.address, Scope.KYC, expiry)).wait();
    const leaf = await lastNode(tree);
    await record("authority.revoke.leaf", tree.connect(regulator).revoke(leaf, ethers.encodeBytes32String("bench")));
  },
};
