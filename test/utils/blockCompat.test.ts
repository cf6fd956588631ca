import { HardhatEthersProvider } from "@nomicfoundation/hardhat-ethers/internal/hardhat-ethers-provider";
import { expect } from "chai";
import { BrowserProvider, Wallet, type Eip1193Provider, type Provider } from "ethers";
import { network } from "hardhat";
import type { EthereumProvider } from "hardhat/types";
import { fillMissingDifficulty, withDifficulty } from "../../lib/blockCompat";

type Rpc = { request(args: { method: string; params?: unknown[] | object }): Promise<unknown> };

/**
 * The in-process chain answering as PlatON's RPC may: every block without `difficulty` (as CI's
 * tools/ci/strip-difficulty-proxy.js does). With automining off, the first receipt lookup that finds nothing mines the
 * pending block once it has answered: a transaction's wait() has then looked once and missed, as on a real chain,
 * whatever the machine's speed.
 */
function platonLike(): Rpc & { send(method: string, params?: unknown[]): Promise<unknown> } {
  const strip = (result: unknown) => {
    if (result && typeof result === "object" && "parentHash" in result) {
      const { difficulty: _d, totalDifficulty: _t, ...rest } = result as Record<string, unknown>;
      return rest;
    }
    return result;
  };
  const rpc = {
    request: async (args: { method: string; params?: unknown[] | object }) => {
      const result = await network.provider.request(args);
      if (args.method === "eth_getTransactionReceipt" && result === null)
        setImmediate(() => void network.provider.request({ method: "evm_mine", params: [] }));
      return strip(result);
    },
    send: async (method: string, params?: unknown[]) => rpc.request({ method, params }),
  };
  return rpc;
}

/**
 * Sends a transfer with automining off, so that its receipt is not there at wait()'s first look: ethers then parses
 * the blocks since the transaction was sent, in its search for a replacement.
 */
async function transferAndWait(provider: Provider): Promise<number> {
  const key = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // Hardhat's development account 1
  const signer = new Wallet(key, provider);
  await network.provider.request({ method: "evm_setAutomine", params: [false] });
  try {
    const tx = await signer.sendTransaction({ to: Wallet.createRandom().address, value: 1n, gasPrice: 10n ** 10n });
    return (await tx.wait())!.status!;
  } finally {
    await network.provider.request({ method: "evm_setAutomine", params: [true] });
  }
}

/** PlatON's RPC may omit `difficulty` from blocks (lib/blockCompat.ts). */
describe("PlatON compatibility: blocks without a difficulty", function () {
  it("a transaction's wait() fails on such blocks without the fill, as in CI's main job on the simulated PlatON", async function () {
    const provider = new HardhatEthersProvider(platonLike() as unknown as EthereumProvider, "platonDev");
    await transferAndWait(provider).then(
      () => expect.fail("wait() parsed a block without a difficulty"),
      (e: Error) => expect(e.message).to.match(/difficulty/),
    );
  });

  it("with the fill, wait() returns the receipt: Hardhat's provider (the tasks, the demo) and a wallet's (the console)", async function () {
    const hardhat = new HardhatEthersProvider(
      fillMissingDifficulty(platonLike()) as unknown as EthereumProvider,
      "platonDev",
    );
    expect(await transferAndWait(hardhat)).to.equal(1);
    const wallet = new BrowserProvider(fillMissingDifficulty(platonLike()) as Eip1193Provider);
    wallet.pollingInterval = 100;
    expect(await transferAndWait(wallet)).to.equal(1);
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
