import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { consoleDeployment, roleOf } from "../stack/deployment";
import { deploymentFor } from "../stack/writeDeployment";

// A deployments folder as hardhat-deploy and the demo leave it: two records and the labels with their keys.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "console-deployment-"));
const net = path.join(dir, "somenet");
fs.mkdirSync(net, { recursive: true });
fs.writeFileSync(
  path.join(net, "AuthorityTree.json"),
  JSON.stringify({ address: "0x" + "11".repeat(20), receipt: { blockNumber: 7 } }),
);
fs.writeFileSync(
  path.join(net, "Exchange.json"),
  JSON.stringify({ address: "0x" + "22".repeat(20), receipt: { blockNumber: 40 } }),
);
const alice = "0x" + "aa".repeat(20);
fs.writeFileSync(
  path.join(net, ".labels.json"),
  JSON.stringify({
    accounts: { [alice]: "Alice", ["0x" + "bb".repeat(20)]: "Bank Y" },
    keys: { [alice]: "0x" + "01".repeat(32) },
  }),
);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the console's deployment file", () => {
  it("carries the addresses, the first block and the suite's custom errors", () => {
    const d = consoleDeployment("somenet", 31337, { rpcUrl: "/rpc" }, dir);
    expect(d.contracts).toEqual({ AuthorityTree: "0x" + "11".repeat(20), Exchange: "0x" + "22".repeat(20) });
    expect(d.fromBlock).toBe(7);
    expect(d.rpcUrl).toBe("/rpc");
    expect(d.errors.length).toBeGreaterThan(50);
    expect(d.errors.every((e) => (e as { type: string }).type === "error")).toBe(true);
  });
  it("gives the development keys only on a development chain", () => {
    const dev = consoleDeployment("somenet", 31337, {}, dir);
    expect(dev.development).toBe(true);
    expect(dev.accounts.find((a) => a.label === "Alice")?.key).toBe("0x" + "01".repeat(32));
    for (const chainId of [210425, 20250407, 1]) {
      const real = consoleDeployment("somenet", chainId, {}, dir);
      expect(real.development).toBe(false);
      expect(real.accounts.some((a) => "key" in a)).toBe(false);
      expect(JSON.stringify(real)).not.toContain("01".repeat(32));
    }
  });
  it("names each demo label's role", () => {
    expect(["Regulator X", "Bank Z", "Issuer", "Exchange operator", "Auditor", "Dave", "governor"].map(roleOf)).toEqual(
      ["regulator", "bank", "issuer", "operator", "auditor", "investor", "governor"],
    );
  });
});

describe("19: the deployment file for a real network (npm run app:deployment)", () => {
  // The recorded deployment of "platon" in a folder of its own, with a demo label and a key that must not travel.
  const real = path.join(dir, "platon");
  fs.mkdirSync(real, { recursive: true });
  fs.writeFileSync(path.join(real, "AuthorityTree.json"), JSON.stringify({ address: "0x" + "33".repeat(20) }));
  fs.writeFileSync(
    path.join(real, ".labels.json"),
    JSON.stringify({ accounts: { [alice]: "Alice" }, keys: { [alice]: "0x" + "02".repeat(32) } }),
  );

  it("takes the chain id from lib/networks.ts, the browser's URLs as given, and never a key", () => {
    const d = deploymentFor("platon", { rpcUrl: "https://rpc.example/", indexerUrl: "https://idx.example/" }, dir);
    expect([d.chainId, d.development, d.rpcUrl, d.indexerUrl]).toEqual([
      210425,
      false,
      "https://rpc.example/",
      "https://idx.example/",
    ]);
    expect(d.contracts.AuthorityTree).toBe("0x" + "33".repeat(20));
    expect(JSON.stringify(d)).not.toContain("02".repeat(32));
  });
  it("refuses an unknown network, one without a chain id, and one with nothing deployed", () => {
    expect(() => deploymentFor("nowhere", {}, dir)).toThrow(/unknown network "nowhere"/);
    expect(() => deploymentFor("localhost", {}, dir)).toThrow(/no fixed chain id/);
    expect(() => deploymentFor("platonDev", {}, dir)).toThrow(/no AuthorityTree is recorded in deployments\/platonDev/);
  });
});
