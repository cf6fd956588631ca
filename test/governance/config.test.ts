import { expect } from "chai";
import {
  DEFAULT_DELAY_SECONDS,
  MIN_GOVERNED_DELAY_SECONDS,
  duration,
  governanceConfig,
  readiness,
  OperationState,
} from "../../lib/governance";
import { NETWORKS } from "../../lib/networks";

const A = "0x1000000000000000000000000000000000000001";
const B = "0x2000000000000000000000000000000000000002";
const C = "0x3000000000000000000000000000000000000003";

describe("17: which networks put the governor behind a Safe and a timelock (lib/governance.ts)", function () {
  it("17: a plain governor unless the network or GOVERNANCE asks; PlatON's production network asks", function () {
    expect(governanceConfig({})).to.equal(undefined);
    expect(governanceConfig({ GOVERNANCE: "plain" }, true)).to.equal(undefined);
    expect(NETWORKS.platon.governed).to.equal(true);
    expect(NETWORKS.hardhat.governed).to.equal(undefined);
    const c = governanceConfig({ GOVERNANCE: "safe-timelock", GOVERNANCE_SAFE_OWNERS: `${A}, ${B},${C}` })!;
    expect(c.owners).to.deep.equal([A, B, C]);
    expect(c.threshold).to.equal(2);
    expect(c.delaySeconds).to.equal(DEFAULT_DELAY_SECONDS);
    // A test or local network asking for the stack may use one owner and no delay.
    expect(
      governanceConfig({
        ...{ GOVERNANCE: "safe-timelock" },
        GOVERNANCE_SAFE_OWNERS: A,
        GOVERNANCE_SAFE_THRESHOLD: "1",
      })!.threshold,
    ).to.equal(1);
  });

  it("17 review L6: a governed network refuses a Safe threshold below 2 and a timelock delay below a day", function () {
    const owners = `${A},${B},${C}`;
    expect(() => governanceConfig({ GOVERNANCE_SAFE_OWNERS: A }, true)).to.throw(/at least 2 on a governed network/);
    expect(() => governanceConfig({ GOVERNANCE_SAFE_OWNERS: owners, GOVERNANCE_SAFE_THRESHOLD: "1" }, true)).to.throw(
      /at least 2 on a governed network/,
    );
    for (const d of ["0", "3600", String(MIN_GOVERNED_DELAY_SECONDS - 1n)]) {
      expect(() => governanceConfig({ GOVERNANCE_SAFE_OWNERS: owners, GOVERNANCE_DELAY: d }, true)).to.throw(
        /at least 86400 seconds on a governed network/,
      );
    }
    const c = governanceConfig({ GOVERNANCE_SAFE_OWNERS: owners, GOVERNANCE_DELAY: "86400" }, true)!;
    expect([c.threshold, c.delaySeconds]).to.deep.equal([2, MIN_GOVERNED_DELAY_SECONDS]);
    expect(governanceConfig({ GOVERNANCE_SAFE_OWNERS: owners }, true)!.delaySeconds).to.equal(DEFAULT_DELAY_SECONDS);
    // Asked for explicitly on a governed network, the same floor holds.
    expect(() =>
      governanceConfig({ GOVERNANCE: "safe-timelock", GOVERNANCE_SAFE_OWNERS: owners, GOVERNANCE_DELAY: "0" }, true),
    ).to.throw(/on a governed network/);
  });

  it("17: refuses a configuration it cannot build: no owners, a bad owner, a repeated owner, a bad threshold or delay", function () {
    const on = { GOVERNANCE: "safe-timelock" };
    expect(() => governanceConfig({ GOVERNANCE: "multisig" })).to.throw(/GOVERNANCE must be/);
    expect(() => governanceConfig(on)).to.throw(/Set GOVERNANCE_SAFE_OWNERS/);
    expect(() => governanceConfig({}, true)).to.throw(/Set GOVERNANCE_SAFE_OWNERS/);
    expect(() => governanceConfig({ ...on, GOVERNANCE_SAFE_OWNERS: `${A},0x12` })).to.throw(/owner 2 \("0x12"\)/);
    expect(() =>
      governanceConfig({ ...on, GOVERNANCE_SAFE_OWNERS: `${A},${A.toUpperCase().replace("0X", "0x")}` }),
    ).to.throw(/twice/);
    for (const t of ["0", "4", "1.5", "two"]) {
      expect(() =>
        governanceConfig({ ...on, GOVERNANCE_SAFE_OWNERS: `${A},${B},${C}`, GOVERNANCE_SAFE_THRESHOLD: t }),
      ).to.throw(/from 1 to 3/);
    }
    expect(() =>
      governanceConfig({ ...on, GOVERNANCE_SAFE_OWNERS: A, GOVERNANCE_SAFE_THRESHOLD: "1", GOVERNANCE_DELAY: "1d" }),
    ).to.throw(/whole number of seconds/);
  });

  it("17: says when a queued operation becomes executable, on seconds and on PlatON's milliseconds", function () {
    expect(duration(93_784n)).to.equal("1d 2h 3m 4s");
    expect(duration(59n)).to.equal("59s");
    expect(readiness(OperationState.Waiting, 1_800_000_000n, 1_799_913_600n, 1n)).to.equal(
      "executable from 2027-01-15T08:00:00.000Z (in 1d 0h 0m 0s)",
    );
    expect(readiness(OperationState.Waiting, 1_800_000_000_000n, 1_799_999_940_000n, 1000n)).to.equal(
      "executable from 2027-01-15T08:00:00.000Z (in 1m 0s)",
    );
    expect(readiness(OperationState.Ready, 1_800_000_000n, 1_800_000_001n, 1n)).to.equal(
      "executable since 2027-01-15T08:00:00.000Z",
    );
    expect(readiness(OperationState.Done, 0n, 0n, 1n)).to.equal("done");
    expect(readiness(OperationState.Unset, 0n, 0n, 1n)).to.equal("not queued (or cancelled)");
  });
});
