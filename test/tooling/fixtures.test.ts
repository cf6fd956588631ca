import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";

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
