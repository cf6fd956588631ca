import { runVenueCampaign, stats } from "../helpers/venueModel";

/**
 * Stateful property test of the venue against a TypeScript reference model (test/helpers/venueModel.ts): random
 * deposits, withdrawals, placements of every order type (GTC, GTD, IOC, FOK, post-only, market), cancels, replaces,
 * eligibility changes (registry freezes, a bank's node revoked or its lease lapsing, a client's KYC lapsing), native
 * token freezes and pauses, halts, delistings and fee collection. After every step: balances, fees, book levels and
 * open orders equal the model's; every token is conserved; the book is never crossed; locked funds equal what open
 * orders may spend; fills (in price-time priority) and removals equal the model's, none with an ineligible party or
 * on an untradable pair. CI: VENUE_FUZZ_RUNS x VENUE_FUZZ_OPS (default 20 x 100 = 2,000 operations).
 * Longer campaigns: `FUZZ_OPS=20000 FUZZ_SEED=1 npm run fuzz`.
 */
const RUNS = Number(process.env.VENUE_FUZZ_RUNS ?? 20);
const OPS = Number(process.env.VENUE_FUZZ_OPS ?? 100);

describe("Exchange venue: stateful property test against a reference model", function () {
  this.timeout(0);
  it(`${RUNS} runs x ${OPS} random operations agree with the model and keep every invariant`, async () => {
    const total = await runVenueCampaign({
      runs: RUNS,
      ops: OPS,
      seed: process.env.VENUE_FUZZ_SEED ? Number(process.env.VENUE_FUZZ_SEED) : undefined,
    });
    console.log(`      ${total} random operations; exercised: ${JSON.stringify(stats)}`);
  });
});
