import { HardhatEthersProvider } from "@nomicfoundation/hardhat-ethers/internal/hardhat-ethers-provider";
import { expect } from "chai";
import { BrowserProvider, Wallet, type Eip1193Provider, type Provider } from "ethers";
import { network } from "hardhat";
import type { EthereumProvider } from "hardhat/types";
import { fillMissingDifficulty, withDifficulty } from "../../lib/blockCompat";

/**
 * The in-process chain answering as PlatON's RPC may: every block without `difficulty` (as CI's
 * tools/ci/strip-difficulty-proxy.js does). After `lag()`, it also answers once as a node that has mined a transaction
 * but not yet indexed it (anvil did so on a loaded machine): the next receipt lookup finds nothing, and the next
 * transaction lookup reports it pending, while the sender's nonce already counts it. A transaction's wait() then
 * scans the blocks since it was sent for a replacement, which parses them. An empty block is mined before that
 * pending answer is returned, so that wait() sees a new block and looks again; nothing is left running.
 */
function platonLike() {
  let receiptLag = false;
  let transactionLag = false;
  let fullBlocks = 0; // blocks asked for with their transactions: the replacement scan's
  const strip = (result: unknown) => {
    if (result && typeof result === "object" && "parentHash" in result) {
      const { difficulty: _d, totalDifficulty: _t, ...rest } = result as Record<string, unknown>;
      return rest;
    }
    return result;
  };
  const rpc = {
    lag() {
      receiptLag = transactionLag = true;
    },
    scanned: () => fullBlocks,
    request: async (args: { method: string; params?: unknown[] | object }): Promise<unknown> => {
      if (args.method === "eth_getTransactionReceipt" && receiptLag) {
        receiptLag = false;
        return null;
      }
      const params = (args.params ?? []) as unknown[];
      if (/^eth_getBlockBy(Number|Hash)$/.test(args.method) && params[1] === true) fullBlocks += 1;
      const result = await network.provider.request(args);
      if (args.method === "eth_getTransactionByHash" && transactionLag) {
        transactionLag = false;
        await network.provider.request({ method: "evm_mine", params: [] });
        return { ...(result as object), blockHash: null, blockNumber: null, transactionIndex: null };
      }
      return strip(result);
    },
    send: async (method: string, params?: unknown[]) => rpc.request({ method, params }),
  };
  return rpc;
}

/** Sends a transfer (mined at once, as anvil and Hardhat mine) and waits for it through a lagging node. */
async function transferAndWait(provider: Provider, node: ReturnType<typeof platonLike>): Promise<number> {
  const key = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // Hardhat's development account 1
  const signer = new Wallet(key, provider);
  const tx = await signer.sendTransaction({ to: Wallet.createRandom().address, value: 1n, gasPrice: 10n ** 10n });
  node.lag();
  return (await tx.wait())!.status!;
}

/** PlatON's RPC may omit `difficulty` from blocks (lib/blockCompat.ts). */
describe("PlatON compatibility: blocks without a difficulty", function () {
  it("a transaction's wait() fails on such blocks without the fill, as in CI's main job on the simulated PlatON", async function () {
    const node = platonLike();
    const provider = new HardhatEthersProvider(node as unknown as EthereumProvider, "platonDev");
    await transferAndWait(provider, node).then(
      () => expect.fail("wait() parsed a block without a difficulty"),
      (e: Error) => expect(e.message).to.match(/difficulty/),
    );
  });

  it("with the fill, wait() returns the receipt: Hardhat's provider (the tasks, the demo) and a wallet's (the console)", async function () {
    const node = platonLike();
    const hardhat = new HardhatEthersProvider(fillMissingDifficulty(node) as unknown as EthereumProvider, "platonDev");
    expect(await transferAndWait(hardhat, node)).to.equal(1);
    const walletNode = platonLike();
    const wallet = new BrowserProvider(fillMissingDifficulty(walletNode) as Eip1193Provider);
    wallet.pollingInterval = 100;
    expect(await transferAndWait(wallet, walletNode)).to.equal(1);
    expect([node.scanned(), walletNode.scanned()], "both scanned blocks for a replacement").to.satisfy((n: number[]) =>
      n.every((x) => x > 0),
    );
    expect((await wallet.getBlock("latest"))!.difficulty).to.equal(0n);
  });

  it("leaves a block's own difficulty, and anything that is not a block, alone", function () {
    const block = { number: "0x1", parentHash: "0x00", difficulty: "0x2" };
    expect(withDifficulty(block)).to.equal(block);
    expect(withDifficulty({ number: "0x1", parentHash: "0x00" })).to.deep.equal({
      number: "0x1",
      parentHash: "0x00",
      difficulty: "0x0",
    });
    for (const other of [null, "0x1", [block], { status: "0x1" }]) expect(withDifficulty(other)).to.equal(other);
  });
});
