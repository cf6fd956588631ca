import { mine } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";
import fs from "node:fs";
import path from "node:path";
import { loadFixture } from "../helpers/world";

const TEST = path.join(__dirname, "..");

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "invariant" ? [] : testFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("test tooling: one list of fixture snapshots", function () {
  // test/helpers/world.ts rebuilds a fixture whose snapshot was reverted away; the helpers' own loadFixture throws
  // instead, and keeps a list of snapshots of its own that world.ts's restores would invalidate.
  it("no test imports loadFixture from @nomicfoundation/hardhat-network-helpers (test/helpers/world.ts instead)", function () {
    const offenders = testFiles(TEST).filter((file) =>
      /import\s*\{[^}]*\bloadFixture\b[^}]*\}\s*from\s*"@nomicfoundation\/hardhat-network-helpers"/.test(
        fs.readFileSync(file, "utf8"),
      ),
    );
    expect(offenders.map((f) => path.relative(TEST, f))).to.deep.equal([]);
  });
});

describe("test tooling: loadFixture (test/helpers/world.ts) over the chain's snapshot stack", function () {
  // Each fixture counts its builds and leaves a mark on the chain (a block) so that a restore can be told from a build.
  const builds = { base: 0, left: 0, right: 0 };
  async function base() {
    builds.base += 1;
    await mine(3);
    return { at: await ethers.provider.getBlockNumber() };
  }
  async function left() {
    builds.left += 1;
    const b = await loadFixture(base);
    await mine(1);
    return { ...b, left: await ethers.provider.getBlockNumber() };
  }
  async function right() {
    builds.right += 1;
    const b = await loadFixture(base);
    await mine(2);
    return { ...b, right: await ethers.provider.getBlockNumber() };
  }

  it("restores a fixture's chain, and rebuilds one whose snapshot an older one's restore reverted away", async function () {
    const l = await loadFixture(left);
    await mine(5);
    expect(await loadFixture(left)).to.deep.equal(l);
    expect(await ethers.provider.getBlockNumber()).to.equal(l.left);
    const r = await loadFixture(right); // restores base: left's snapshot is gone
    expect(await ethers.provider.getBlockNumber()).to.equal(r.right);
    await loadFixture(left);
    expect(builds).to.deep.equal({ base: 1, left: 2, right: 1 });
  });

  it("coming back to a fixture whose snapshot is gone does not take the younger ones with it (EDR's failed revert)", async function () {
    // Hardhat's chain deletes every snapshot after the id of a failed evm_revert: loadFixture must never ask for one
    // it knows is gone, or base's snapshot, taken again at each restore (so younger than a dead one), would go too.
    await loadFixture(left);
    await loadFixture(right); // whatever ran before: base and right live now, left's snapshot gone
    const before = { ...builds };
    await loadFixture(right); // restored
    await loadFixture(left); // gone: rebuilt on base (restored), which takes right's snapshot
    await loadFixture(right); // gone: rebuilt on base, which must still be there
    await loadFixture(left); // gone again: rebuilt
    expect(builds.base - before.base, "base built again").to.equal(0);
    expect(builds.right - before.right).to.equal(1);
    expect(builds.left - before.left).to.equal(2);
  });
});
