/**
 * The demo's chapter on the monetary policy of the native token (issue 16): the issuer mints up to its rate limit
 * and the next mint is refused in words, with when more becomes available; a holder's redemption is requested
 * (escrowed), settled (burned against the payout reference), and another rejected (returned).
 */
import hre from "hardhat";
import type { Signer } from "ethers";
import type { AssetRegistry, CompliantToken, MonetaryDesk } from "../../typechain-types";
import { eventIn } from "../../lib/cli";
import { type Narrator, amount } from "../../lib/demo";
import { type MonetaryTerms, FULL_BACKING_BPS, policyReport, renderPolicy } from "../../lib/monetary";
import { DAY, isoDate } from "../../lib/time";

const { ethers } = hre;

/** BOND's published terms: a hard cap of 1,000,000, at most 120,000 minted per day, full backing. */
export function demoBondTerms(decimals: number): MonetaryTerms {
  const unit = 10n ** BigInt(decimals);
  return {
    supplyCap: 1_000_000n * unit,
    mintRate: 120_000n * unit,
    mintPeriod: DAY,
    reserveRatioBps: FULL_BACKING_BPS,
  };
}

/** What the chapter needs from the story so far. */
export interface MonetaryCast {
  n: Narrator;
  bond: CompliantToken;
  bondAsset: bigint;
  assets: AssetRegistry;
  issuer: Signer;
  auditor: Signer;
  holder: Signer; // an eligible BOND holder (it redeems)
  second: Signer; // another eligible BOND holder (its request is rejected)
  recipient: string; // an eligible wallet the issuer mints to
  now: () => Promise<number>;
}

async function mined<T extends { wait(): Promise<unknown> }>(tx: Promise<T>) {
  return (await tx).wait();
}

/** The chapter. */
export async function monetaryPolicy(c: MonetaryCast): Promise<void> {
  const { n, bond } = c;
  const decimals = Number(await bond.decimals());
  const fmt = (v: bigint) => `${amount(v, decimals)} BOND`;
  const desk = (await ethers.getContractAt("MonetaryDesk", await bond.DESK())) as unknown as MonetaryDesk;
  const bondAddress = await bond.getAddress();
  n.step("Monetary policy of the native token: cap, mint rate, reserve ratio, redemptions");

  // A fresh, larger reserve: the rate, not the reserve, is what binds below.
  const t = await c.now();
  await mined(
    c.assets
      .connect(c.auditor)
      .attestReserve(
        c.bondAsset,
        10n ** BigInt(decimals) * 900_000n,
        t,
        t + 30 * DAY,
        "ipfs://reserve-q2",
        ethers.id("reserve report Q2"),
      ),
  );
  console.log(renderPolicy(await policyReport(hre, bond, desk)).replace(/^/gm, "   "));

  const [allowed, moreAt] = await desk.mintAllowance(bond);
  n.note(`The issuer mints the ${fmt(allowed)} its daily rate still allows`);
  await mined(bond.connect(c.issuer).mint(c.recipient, allowed));
  n.check(
    (await desk.mintAllowance(bond))[0] === 0n,
    `the day's rate is used up: nothing more until ${isoDate(moreAt)}`,
  );
  await n.refused(
    "one unit more is refused by the rate limit, naming what is allowed now and when more comes",
    () => bond.connect(c.issuer).mint(c.recipient, 1n),
    "MintRateExceeded",
    { token: bondAddress, action: "mint" },
  );

  n.note("A holder requests a redemption: its tokens move into the desk's escrow");
  const holderAddress = await c.holder.getAddress();
  const secondAddress = await c.second.getAddress();
  const redeem = (await bond.balanceOf(holderAddress)) / 4n;
  const rejected = (await bond.balanceOf(secondAddress)) / 4n;
  const requested = async (who: Signer, value: bigint, ref: string) => {
    const receipt = await (
      await desk.connect(who).requestRedemption(bond, value, ethers.encodeBytes32String(ref))
    ).wait();
    return eventIn(desk.interface, receipt!, "RedemptionRequested").args.id as bigint;
  };
  const supplyBefore = await bond.totalSupply();
  const first = await requested(c.holder, redeem, "redeem-2026-001");
  const second = await requested(c.second, rejected, "redeem-2026-002");
  const policy = await desk.policy(bond);
  n.check(
    policy.openCount === 2n &&
      (await bond.balanceOf(desk)) === redeem + rejected &&
      (await bond.totalSupply()) === supplyBefore,
    `two requests open (#${first} of ${fmt(redeem)}, #${second} of ${fmt(rejected)}): escrowed, still in the supply`,
  );
  await n.refused(
    "escrowed tokens cannot move: nothing may be sent to (or out of) the desk",
    () => bond.connect(c.holder).transfer(desk, 1n),
    "NotEligible",
    { token: bondAddress },
  );
  await mined(desk.connect(c.issuer).confirmRedemption(bond, first, ethers.encodeBytes32String("wire 0042")));
  n.check(
    (await bond.totalSupply()) === supplyBefore - redeem && (await bond.totalRedeemed()) >= redeem,
    `the issuer paid #${first} out off-chain and settled it: ${fmt(redeem)} burned, counted as redeemed`,
  );
  const back = await bond.balanceOf(secondAddress);
  await mined(desk.connect(c.issuer).rejectRedemption(bond, second, ethers.encodeBytes32String("bank details")));
  n.check(
    (await bond.balanceOf(secondAddress)) === back + rejected,
    `#${second} rejected: ${fmt(rejected)} back to its holder`,
  );
  await n.refused(
    "a settled request cannot be settled again",
    () => desk.connect(c.issuer).confirmRedemption(bond, first, ethers.encodeBytes32String("wire 0042")),
    "RedemptionNotOpen",
  );
  console.log(renderPolicy(await policyReport(hre, bond, desk)).replace(/^/gm, "   "));
}
