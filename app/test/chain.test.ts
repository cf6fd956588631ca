import { describe, expect, it } from "vitest";
import { explorerTxUrl } from "../src/chain";

describe("19: a confirmed transaction's receipt", () => {
  it("links to the explorer of PlatON mainnet and devnet, and to none on a development chain", () => {
    const hash = `0x${"ab".repeat(32)}`;
    expect(explorerTxUrl(210425, hash)).toBe(`https://scan.platon.network/tx/${hash}`);
    expect(explorerTxUrl(20250407, hash)).toBe(`https://devnet3scan.platon.network/tx/${hash}`);
    expect(explorerTxUrl(31337, hash)).toBeUndefined();
  });
});
