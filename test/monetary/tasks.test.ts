import { expect } from "chai";
import { ethers } from "hardhat";
import type { CompliantToken } from "../../typechain-types";
import { refusal, run, withDeployedSuite } from "../cli/inProcess";

/** The monetary tasks (tasks/monetary.ts), run as users run them on the deployed suite. */
describe("CLI: the monetary policy tasks (issue 16)", function () {
  withDeployedSuite();

  it("16.11: issues with terms, reports the policy, mints with headroom, redeems, lowers the cap and the rate", async function () {
    const s = await ethers.getSigners();
    const [regulator, bank, issuer, lister, auditor, alice] = s.slice(1, 7);
    const A = (x: { address: string }) => x.address;
    const root: bigint = await run("authority:create-root", { account: A(regulator), expires: "3650d", label: "X" });
    const grant = (account: { address: string }, scopes: string) =>
      run("authority:grant", { parent: root.toString(), account: A(account), scopes, expires: "365d", from: "1" });
    const bankNode: bigint = await grant(bank, "KYC");
    for (const [who, scope] of [
      [issuer, "ISSUE"],
      [lister, "LIST"],
      [auditor, "AUDIT"],
    ] as const)
      await grant(who, scope);
    await run("kyc:register", {
      attester: bankNode.toString(),
      wallet: A(alice),
      classes: "ACCREDITED",
      jurisdiction: "756",
      expires: "180d",
      evidenceHash: ethers.id("kyc"),
      from: A(bank),
    });
    const policy: bigint = await run("policy:create", { roots: root.toString(), from: A(issuer) });
    const refused = await refusal("token:issue", {
      root: root.toString(),
      name: "Fractional",
      symbol: "FRC",
      decimals: "2",
      policy: policy.toString(),
      ratio: "9000",
      from: A(issuer),
    });
    expect(refused).to.include("InvalidTerms");
    const money: string = await run("token:issue", {
      root: root.toString(),
      name: "Money",
      symbol: "MNY",
      decimals: "2",
      policy: policy.toString(),
      cap: "1000",
      rate: "100",
      period: "86400",
      ratio: "12500",
      from: A(issuer),
    });
    const asset: bigint = await run("asset:register", {
      token: money,
      kind: "native",
      root: root.toString(),
      uri: "ipfs://mny",
      from: A(lister),
    });
    await run("asset:attest", {
      asset: asset.toString(),
      kind: "reserve",
      amount: "1000",
      expires: "30d",
      uri: "ipfs://reserve",
      hash: ethers.id("reserve"),
      from: A(auditor),
    });
    await run("token:mint", { token: money, to: A(alice), amount: "60", from: A(issuer) });
    const words = await refusal("token:mint", { token: money, to: A(alice), amount: "41", from: A(issuer) });
    expect(words).to.include("MintRateExceeded").and.to.include("40 MNY may be minted now");
    const report = await run("token:policy", { token: money, json: true });
    expect([report.supply, report.cap, report.rate, report.ratioBps, report.headroomNow]).to.deep.equal([
      6_000n,
      100_000n,
      10_000n,
      12_500,
      4_000n,
    ]);
    expect(report.headroomByReserve).to.equal(80_000n - 6_000n); // 1,000 of reserve backs 800 at 125%

    const id: bigint = await run("token:redeem", { token: money, amount: "10", ref: "wire-1", from: A(alice) });
    const rejected: bigint = await run("token:redeem", { token: money, amount: "5", ref: "wire-2", from: A(alice) });
    expect((await run("token:policy", { token: money, json: true })).outstanding).to.equal(1_500n);
    await run("token:redeem-confirm", { token: money, id: id.toString(), ref: "payout-1", from: A(issuer) });
    await run("token:redeem-reject", { token: money, id: rejected.toString(), reason: "details", from: A(issuer) });
    expect(
      await refusal("token:redeem-confirm", { token: money, id: id.toString(), ref: "again", from: A(issuer) }),
    ).to.include("RedemptionNotOpen");
    const token = (await ethers.getContractAt("CompliantToken", money)) as unknown as CompliantToken;
    expect([await token.totalSupply(), await token.totalRedeemed()]).to.deep.equal([5_000n, 1_000n]);

    await run("token:cap", { token: money, cap: "900", from: A(issuer) });
    expect(await refusal("token:cap", { token: money, cap: "10", from: A(issuer) })).to.include("CapBelowSupply");
    await run("token:rate", { token: money, rate: "50", from: A(regulator) });
    expect(await refusal("token:rate", { token: money, rate: "80", from: A(issuer) })).to.include(
      "MintRateSetByHigherAuthority",
    );
    const after = await run("token:policy", { token: money, json: true });
    expect([after.cap, after.rate, after.outstanding]).to.deep.equal([90_000n, 5_000n, 0n]);
  });
});
