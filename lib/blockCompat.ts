/**
 * PlatON's JSON-RPC may answer blocks without `difficulty` (design.md, chain facts), and ethers v6 refuses to parse a
 * block without it. It parses some without being asked: `TransactionResponse.wait()` scans the blocks since the
 * transaction was sent for a replacement when the receipt is not there at its first look while the node already
 * counts the sender's nonce as used (a node between mining a block and indexing its transactions). On CI's simulated
 * PlatON devnet (anvil behind a proxy that strips `difficulty`) that was one funding transfer of the demo on a loaded
 * machine, and the main job failed. Nothing of this suite reads a block's difficulty (PlatON has none to speak of: its
 * consensus is BFT), so a zero stands in for a missing one.
 */

/** `result` with `difficulty: "0x0"` when it is a block without one; anything else unchanged. */
export function withDifficulty<T>(result: T): T {
  if (result === null || typeof result !== "object" || Array.isArray(result)) return result;
  const block = result as Record<string, unknown>;
  if (!("parentHash" in block) || !("number" in block) || block.difficulty != null) return result;
  return { ...block, difficulty: "0x0" } as T;
}

type RequestArguments = { readonly method: string; readonly params?: readonly unknown[] | object };
type Eip1193 = {
  request(args: RequestArguments): Promise<unknown>;
  send?: (method: string, params?: unknown[]) => Promise<unknown>;
};

/**
 * Makes `provider` (EIP-1193; Hardhat's network provider has `send` as well) answer every block with a difficulty.
 * Patched in place, so that every holder of it, ethers' providers included, sees the same answers.
 */
export function fillMissingDifficulty<P extends Eip1193>(provider: P): P {
  const request = provider.request.bind(provider);
  provider.request = async (args: RequestArguments) => withDifficulty(await request(args));
  if (typeof provider.send === "function") {
    const send = provider.send.bind(provider);
    provider.send = async (method: string, params?: unknown[]) => withDifficulty(await send(method, params));
  }
  return provider;
}
