import { time } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import type { AmlLimits } from "../../typechain-types";
import { ClientClass } from "../../lib/classes";
import { deployAssets } from "../helpers/fixtures";
import { BUCKET_SECONDS, BucketWindow, DAY_SECONDS, LimitKind } from "../../lib/limits";

const CAP = 1000n;

/** AmlLimits with a policy, an ACCREDITED client identity, and a signer acting as the venue (its windows' owner). */
async function windowWorld() {
  const f = await deployAssets(1);
  const aml = (await ethers.deployContract("AmlLimits", [
    await f.tree.getAddress(),
    await f.registry.getAddress(),
    1,
  ])) as unknown as AmlLimits;
  await (await aml.connect(f.regulator).createPolicy(f.nodes.r1)).wait();
  const identity = await f.clients.enrol(f.actors.alice.address);
  return { ...f, aml, identity, venue: f.actors.exchangeOp };
}

/** Send consumeDeposit at time `at`; the decoded custom error, or null when it passed. */
async function consumeAt(aml: AmlLimits, venue: Parameters<AmlLimits["connect"]>[0], at: number, args: unknown[]) {
  await time.setNextBlockTimestamp(at);
  try {
    // A fixed gas limit: no estimate (it would run at another time).
    await (
      await aml
        .connect(venue)
        .consumeDeposit(...(args as [bigint, bigint, bigint, string, bigint]), { gasLimit: 300_000 })
    ).wait();
    return null;
  } catch (e) {
    const data = (e as { data?: string }).data;
    if (!data) throw e;
    return aml.interface.parseError(data);
  }
}

describe("AML limits: the bucketed window against an exact rolling 24-hour reference (issue 16)", () => {
  it("16.limits: the window never lets more than the cap through in any 24 hours, and is stricter than the exact window only by amounts at most 24 h + one bucket old", async () => {
    const w = await loadFixture(windowWorld);
    let run = 0;
    const seen = { passed: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            dt: fc.oneof(fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: 3_000, max: 40_000 })),
            amount: fc.bigInt({ min: 1n, max: 700n }),
          }),
          { minLength: 2, maxLength: 24 },
        ),
        async (steps) => {
          // A fresh token address per run: a fresh limit and window.
          const token = ethers.getAddress(ethers.zeroPadValue(ethers.toBeHex(0x1000 + ++run), 20));
          await (
            await w.aml.connect(w.regulator).setLimit(1, token, ClientClass.ACCREDITED, LimitKind.DepositPerDay, CAP)
          ).wait();
          const model = new BucketWindow();
          const accepted: { at: number; amount: bigint }[] = [];
          let t = (await time.latest()) + 1;
          for (const { dt, amount } of steps) {
            t += dt;
            const exact = accepted.filter((e) => e.at > t - DAY_SECONDS).reduce((s, e) => s + e.amount, 0n);
            const loose = accepted
              .filter((e) => e.at > t - DAY_SECONDS - BUCKET_SECONDS)
              .reduce((s, e) => s + e.amount, 0n);
            const used = model.used(t);
            // The stated error: the window counts everything of the exact 24 hours, and nothing older than one bucket more.
            expect(used >= exact && used <= loose, `used ${used} within [${exact}, ${loose}]`).to.equal(true);
            const err = await consumeAt(w.aml, w.venue, t, [1n, 0n, w.identity, token, amount]);
            if (err === null) {
              expect(used + amount <= CAP, "passed above the model").to.equal(true);
              // Never more than the cap in the exact 24 hours ending now.
              expect(exact + amount <= CAP, "more than the cap within 24 hours").to.equal(true);
              seen.passed++;
              accepted.push({ at: t, amount });
              model.add(t, amount);
            } else {
              seen.refused++;
              expect(err.name).to.equal("DailyDepositCapExceeded");
              expect(used + amount > CAP, "refused below the model").to.equal(true);
              const [identity, , asked, allowedNow, moreAt] = err.args;
              expect([identity, asked, allowedNow]).to.deep.equal([w.identity, amount, used < CAP ? CAP - used : 0n]);
              expect(Number(moreAt)).to.equal(model.fitsAt(t, CAP, amount));
              // From moreAt on the amount fits (when it can fit at all), and moreAt is at most 24 h + one bucket away.
              expect(Number(moreAt) - t <= DAY_SECONDS + BUCKET_SECONDS).to.equal(true);
            }
          }
          await time.increaseTo(t + 1);
        },
      ),
      // A fixed seed unless FUZZ_SEED names one: the check below, that both outcomes were exercised, must not depend on
      // the draw (one random draw in CI refused exactly 20 times).
      { numRuns: 12, seed: Number(process.env.FUZZ_SEED ?? 1) },
    );
    // Both outcomes were exercised.
    expect(seen.passed > 10 && seen.refused > 10, JSON.stringify(seen)).to.equal(true);
  });

  it("16 review M1: with the cap lowered (or raised) mid-window, the window refuses with the cap's error (never a panic), allowedNow clamps at 0, and moreAt follows the model", async () => {
    const w = await loadFixture(windowWorld);
    let run = 0;
    let lowered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            dt: fc.integer({ min: 1, max: 12_000 }),
            amount: fc.bigInt({ min: 1n, max: 700n }),
            cap: fc.option(fc.bigInt({ min: 1n, max: 400n }), { nil: undefined, freq: 3 }),
          }),
          { minLength: 2, maxLength: 16 },
        ),
        async (steps) => {
          const token = ethers.getAddress(ethers.zeroPadValue(ethers.toBeHex(0x9000 + ++run), 20));
          const setCap = async (v: bigint) =>
            (
              await w.aml.connect(w.regulator).setLimit(1, token, ClientClass.ACCREDITED, LimitKind.DepositPerDay, v)
            ).wait();
          let cap = CAP;
          await setCap(cap);
          const model = new BucketWindow();
          let t = (await time.latest()) + 1;
          for (const step of steps) {
            t += step.dt;
            if (step.cap !== undefined) {
              await time.setNextBlockTimestamp(t++);
              await setCap(step.cap);
              if (step.cap < model.used(t)) lowered++;
              cap = step.cap;
            }
            const used = model.used(t);
            const err = await consumeAt(w.aml, w.venue, t, [1n, 0n, w.identity, token, step.amount]);
            if (err === null) {
              expect(used + step.amount <= cap, "passed above the cap").to.equal(true);
              model.add(t, step.amount);
            } else {
              expect(err.name).to.equal("DailyDepositCapExceeded");
              const [, , , allowedNow, moreAt] = err.args;
              expect(allowedNow).to.equal(used < cap ? cap - used : 0n);
              expect(Number(moreAt)).to.equal(model.fitsAt(t, cap, step.amount));
            }
          }
          await time.increaseTo(t + 1);
        },
      ),
      { numRuns: 10, seed: Number(process.env.FUZZ_SEED ?? 1) },
    );
    expect(lowered > 0, "a cap was lowered below the window's usage").to.equal(true);
  });
});

describe("AML limits: the window view (issue 16)", () => {
  it("16.limits: window() shows what each of the six buckets holds, oldest first, and forgets a bucket once it is a day old", async () => {
    const w = await loadFixture(windowWorld);
    const token = ethers.getAddress(ethers.zeroPadValue(ethers.toBeHex(0x7000), 20));
    await (
      await w.aml.connect(w.regulator).setLimit(1, token, ClientClass.ACCREDITED, LimitKind.DepositPerDay, CAP)
    ).wait();
    // 100 early in one bucket, 50 early in the next: the view is read within the second bucket.
    const first = (Math.floor((await time.latest()) / BUCKET_SECONDS) + 1) * BUCKET_SECONDS + 100;
    const second = first + BUCKET_SECONDS;
    expect(await consumeAt(w.aml, w.venue, first, [1n, 0n, w.identity, token, 100n])).to.equal(null);
    expect(await consumeAt(w.aml, w.venue, second, [1n, 0n, w.identity, token, 50n])).to.equal(null);
    const [used, buckets, newest] = await w.aml.window(w.venue, w.identity, token, LimitKind.DepositPerDay);
    expect(used).to.equal(150n);
    expect(buckets).to.deep.equal([0n, 0n, 0n, 0n, 100n, 50n]);
    expect(newest).to.equal(BigInt(Math.floor(second / BUCKET_SECONDS)));
    // Six buckets after the first, it has left the window and the second is the oldest; six after the second, both.
    await time.increaseTo(first + 6 * BUCKET_SECONDS);
    const [, later] = await w.aml.window(w.venue, w.identity, token, LimitKind.DepositPerDay);
    expect(later).to.deep.equal([50n, 0n, 0n, 0n, 0n, 0n]);
    await time.increaseTo(second + 6 * BUCKET_SECONDS);
    expect((await w.aml.window(w.venue, w.identity, token, LimitKind.DepositPerDay))[0]).to.equal(0n);
  });
});
