/**
 * A longer, reproducible campaign of the venue's stateful property test (test/helpers/venueModel.ts, the same model
 * and checks as test/exchange/venueProperty.ts). `hardhat run` does not forward arguments, so configure it through
 * the environment:
 *
 *   FUZZ_OPS=20000 FUZZ_SEED=42 npm run fuzz     # 20,000 operations in runs of FUZZ_RUN_OPS (default 100)
 *
 * (`npm run fuzz -- --ops N --seed S` also works when the arguments reach the script, e.g. with ts-node directly.)
 * On failure fast-check prints the seed, path and the shrunk counterexample.
 */
import { runVenueCampaign, stats } from "../test/helpers/venueModel";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const ops = Number(arg("ops") ?? process.env.FUZZ_OPS ?? 5_000);
  const perRun = Number(arg("run-ops") ?? process.env.FUZZ_RUN_OPS ?? 100);
  const seedText = arg("seed") ?? process.env.FUZZ_SEED;
  const seed = seedText !== undefined ? Number(seedText) : Math.floor(Math.random() * 2 ** 31);
  const runs = Math.max(1, Math.ceil(ops / perRun));
  console.log(`venue fuzz: ${runs} runs x ${perRun} operations, seed ${seed}`);
  const started = Date.now();
  const total = await runVenueCampaign({ runs, ops: perRun, seed });
  console.log(
    `ok: ${total} operations in ${((Date.now() - started) / 1000).toFixed(1)} s; exercised ${JSON.stringify(stats)}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
