import { expect } from "chai";
import hre, { deployments, ethers } from "hardhat";
import type { AmlLimits } from "../../typechain-types";
import { useClock } from "../helpers/fixtures";

/** The limits tasks, run as a user runs them, against the suite deployed by the real deploy scripts. */
describe("CLI: limits tasks (issue 16)", function () {
  let quiet: typeof console.log;

  before(async function () {
    await useClock(1);
    await deployments.fixture(["suite"]);
    quiet = console.log;
    console.log = () => {};
  });

  after(function () {
    console.log = quiet;
  });

  it("16.limits: creates a policy, sets and shows limits in token units, and explains a refusal in words", async function () {
    const [, regulator, outsider] = await ethers.getSigners();
    const root = await hre.run("authority:create-root", {
      account: regulator.address,
      expires: "3650d",
      label: "Regulator X",
      from: "0",
    });
    const usd = await ethers.deployContract("TestToken", ["US Dollar", "USD"]);
    const policy = await hre.run("limits:create", { node: root.toString(), from: "1" });
    expect(policy).to.equal(1n);
    await hre.run("limits:set", {
      policy: "1",
      token: await usd.getAddress(),
      class: "retail",
      kind: "DepositPerDay",
      value: "2500.5",
      from: "1",
    });
    const rows = await hre.run("limits:show", { policy: "1", json: true });
    const decimals = Number(await usd.decimals());
    expect(rows).to.deep.equal([
      {
        token: "USD",
        address: await usd.getAddress(),
        class: "RETAIL",
        kind: "DepositPerDay",
        value: "2500.5",
        rank: 0,
        lifted: false,
      },
    ]);
    const aml = (await ethers.getContractAt(
      "AmlLimits",
      (await deployments.get("AmlLimits")).address,
    )) as unknown as AmlLimits;
    expect(await aml.effectiveLimit(1, usd, 8, 1)).to.equal(25005n * 10n ** BigInt(decimals - 1));
    const refusal = await hre
      .run("limits:set", {
        policy: "1",
        token: await usd.getAddress(),
        class: "RETAIL",
        kind: "DepositPerDay",
        value: "none",
        from: outsider.address,
      })
      .then(
        () => undefined,
        (e: Error) => e.message,
      );
    expect(refusal).to.contain("NotLimitsAuthority");
    expect(refusal).to.contain("neither holds the owner node");
    await expect(
      hre.run("limits:set", {
        policy: "1",
        token: await usd.getAddress(),
        class: "RETAIL",
        kind: "Daily",
        value: "1",
        from: "1",
      }),
    ).to.be.rejectedWith("--kind must be one of");
  });
});
