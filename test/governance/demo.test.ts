import { expect } from "chai";
import hre from "hardhat";
import { governanceDemo } from "../../scripts/governance-demo";
import { useClock } from "../helpers/fixtures";

const ENV = ["GOVERNANCE", "GOVERNANCE_SAFE_OWNERS", "GOVERNANCE_SAFE_THRESHOLD", "GOVERNANCE_DELAY"];

/** Issue 17's demo step runs to the end, every check on chain holding. */
describe("17: the governance demo (scripts/governance-demo.ts)", function () {
  const saved = new Map<string, string | undefined>();
  let quiet: typeof console.log;

  before(async function () {
    for (const k of ENV) saved.set(k, process.env[k]);
    for (const k of ENV) delete process.env[k];
    await useClock(1);
    quiet = console.log;
    console.log = () => {};
  });

  after(function () {
    console.log = quiet;
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("17: a root creation through Safe -> timelock -> tree, with the under-signed and early attempts refused", async function () {
    expect(await governanceDemo(hre)).to.be.greaterThan(10);
  });
});
