/**
 * What the in-process CLI tests share: the tasks run as users run them (`hre.run`), on a suite freshly deployed by
 * the real deploy scripts on the seconds clock, with the tasks' console output silenced (or collected) meanwhile.
 */
import hre, { deployments } from "hardhat";
import { writeLabelRecord } from "../../lib/cli";
import { useClock } from "../helpers/fixtures";

/** Run task `name` with `args`; its result. */
export const run = (name: string, args: object = {}) => hre.run(name, args);

/** Run task `name` with `args`, expecting a refusal: its message ("" when the task succeeded). */
export const refusal = (name: string, args: object): Promise<string> =>
  hre.run(name, args).then(
    () => "",
    (e: Error) => e.message,
  );

/**
 * In a describe block: before its tests, deploy the suite (`tags`, all by default) and send console output to `print`
 * (dropped by default); after them, restore the console and forget the accounts' labels, which the in-process network
 * keeps as long as the process: a label a suite gave must not name an account in the next suite.
 */
export function withDeployedSuite(options: { tags?: string[]; print?: (...parts: unknown[]) => void } = {}) {
  let quiet: typeof console.log;
  before(async function () {
    await useClock(1);
    await deployments.fixture(options.tags);
    quiet = console.log;
    console.log = options.print ?? (() => {});
  });
  after(function () {
    console.log = quiet;
    writeLabelRecord(hre, {});
  });
}
