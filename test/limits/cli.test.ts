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

  it("16 review M3: limits:attach --root names a root's policy and syncs every venue of the root; --sync alone; refusals in words", async function () {
    const signers = await ethers.getSigners();
    const [regulator, operator, outsider] = [signers[6], signers[7], signers[8]];
    const root: bigint = await hre.run("authority:create-root", {
      account: regulator.address,
      expires: "3650d",
      label: "Regulator M3",
      from: "0",
    });
    await hre.run("authority:grant", {
      parent: root.toString(),
      account: operator.address,
      scopes: "EXCHANGE",
      expires: "365d",
      from: regulator.address,
    });
    const venue: string = await hre.run("venue:deploy", { roots: root.toString(), from: operator.address });
    const policy: bigint = await hre.run("limits:create", { node: root.toString(), from: regulator.address });
    const rows = await hre.run("limits:attach", {
      root: root.toString(),
      policy: policy.toString(),
      from: regulator.address,
    });
    expect(rows).to.deep.equal([{ venue, applies: true }]);
    const aml = (await ethers.getContractAt(
      "AmlLimits",
      (await deployments.get("AmlLimits")).address,
    )) as unknown as AmlLimits;
    expect(await aml.rootPolicy(root)).to.deep.equal([policy, 0n, true]);
    expect(await hre.run("limits:attach", { sync: true, venue, from: outsider.address })).to.deep.equal([
      { venue, applies: true },
    ]);
    const refusal = await hre
      .run("limits:attach", { root: root.toString(), detach: true, from: outsider.address })
      .then(
        () => undefined,
        (e: Error) => e.message,
      );
    expect(refusal).to.contain("NotRootPolicyAuthority");
    expect(refusal).to.contain("nor a valid GOVERN holder");
    await expect(hre.run("limits:attach", { sync: true })).to.be.rejectedWith("--sync needs either --venue or --root");
    // Cleared by the root: the venue, synced, no longer applies it.
    expect(
      await hre.run("limits:attach", { root: root.toString(), detach: true, from: regulator.address }),
    ).to.deep.equal([{ venue, applies: false }]);
  });

  it("16 review M3 audit L5: limits:usage shows no withdrawal cap from an attached policy whose withdrawal caps do not bind (the operator's own)", async function () {
    const signers = await ethers.getSigners();
    const [regulator, operator, client] = [signers[10], signers[11], signers[12]];
    const root: bigint = await hre.run("authority:create-root", {
      account: regulator.address,
      expires: "3650d",
      label: "Regulator L5",
      from: "0",
    });
    const opNode: bigint = await hre.run("authority:grant", {
      parent: root.toString(),
      account: operator.address,
      scopes: "EXCHANGE",
      expires: "365d",
      from: regulator.address,
    });
    const venue: string = await hre.run("venue:deploy", { roots: root.toString(), from: operator.address });
    await hre.run("kyc:register", {
      attester: root.toString(),
      wallet: client.address,
      classes: "ACCREDITED",
      jurisdiction: "756",
      evidenceHash: ethers.id("l5"),
      from: regulator.address,
    });
    const token = await ethers.deployContract("TestToken", ["Token L5", "TL5"]);
    const own: bigint = await hre.run("limits:create", { node: opNode.toString(), from: operator.address });
    await hre.run("limits:set", {
      policy: own.toString(),
      token: await token.getAddress(),
      class: "accredited",
      kind: "WithdrawPerDay",
      value: "1",
      from: operator.address,
    });
    await hre.run("limits:attach", { venue, policy: own.toString(), from: operator.address });
    const rows = await hre.run("limits:usage", {
      wallet: client.address,
      token: await token.getAddress(),
      venue,
      json: true,
    });
    expect(rows.map((r: { kind: string; cap: bigint }) => [r.kind, r.cap])).to.deep.equal([
      ["DepositPerDay", 0n],
      ["WithdrawPerDay", 0n],
    ]);
  });
});
