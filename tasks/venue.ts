/**
 * A venue's succession (issue 17): its operator (two-step transfer, GOVERN's one-step replacement of a lost key), its
 * wind-down (no new business, resting orders returned in batches, withdrawals open, final once empty), its successor
 * venue and the clients' own migration to it, and the move of a lost wallet's account to the wallet its attester
 * named. `--venue` defaults to the venue recorded by venue:deploy; refusals are decoded (docs/errors.md).
 *
 *   npx hardhat venue:wind-down --from 4
 *   npx hardhat venue:return-orders --max 50 --all
 *   npx hardhat venue:set-successor --successor 0x… --from 4
 *   npx hardhat venue:migrate --from 5 [--successor 0x… --yes] [--max-tokens 10] [--start 1]
 *   npx hardhat venue:transfer-operator --to 0x… --from 4 ; npx hardhat venue:accept-operator --from 9
 *   npx hardhat venue:replace-operator --to 0x… --reason "operator key lost" --from 1
 *   npx hardhat venue:claim-wallet --lost 0x…
 *   npx hardhat venue:succession [--json]
 */
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  cliError,
  describeFailure,
  eventIn,
  output,
  parseAddress,
  reasonBytes,
  resolveAccount,
  send,
  signerFor,
  writeTask,
} from "../lib/cli";
import { tokenInfo, venueAt } from "../lib/market";
import { formatAmount } from "../lib/units";
import { migrateBalances, successorProblems } from "../lib/venueMigration";

const STATES = ["trading", "winding down", "wound down"] as const;

async function venueFor(hre: HardhatRuntimeEnvironment, args: { venue?: string; from?: string }) {
  const signer = await signerFor(hre, args.from);
  const exchange = await venueAt(hre, args.venue, signer);
  return { exchange, signer, about: { contracts: { venue: await exchange.getAddress() } } };
}

writeTask("venue:transfer-operator", "EXCHANGE operator: propose the account that takes the venue over (it accepts)")
  .addParam(
    "to",
    "the proposed operator (an EXCHANGE holder of the home root): account index, address or label; 0x0 withdraws a proposal",
  )
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (the operator)", "0")
  .setAction(async (args, hre) => {
    const { exchange, about } = await venueFor(hre, args);
    const to = await resolveAccount(hre, args.to, "--to");
    await send(hre, `propose ${to} as operator`, () => exchange.transferOperator(to), { about });
    console.log(`${to} takes the venue over once it runs venue:accept-operator`);
  });

writeTask(
  "venue:accept-operator",
  "Proposed operator (or the rotated account of the venue's operator node): take the venue over",
)
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (the new operator)", "0")
  .setAction(async (args, hre) => {
    const { exchange, about } = await venueFor(hre, args);
    const receipt = await send(hre, "accept the venue's operation", () => exchange.acceptOperator(), { about });
    const { previous, operator } = eventIn(exchange.interface, receipt, "OperatorChanged").args;
    console.log(`operator: ${previous} -> ${operator} (the operator's account, collected fees included, moved too)`);
  });

writeTask(
  "venue:replace-operator",
  "GOVERN of the venue's home root, ranked above the operator: replace a lost or compromised operator key",
)
  .addParam("to", "the new operator (an EXCHANGE holder of the home root): account index, address or label")
  .addParam("reason", 'why, in at most 31 bytes (e.g. "operator key lost")')
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (the GOVERN holder)", "0")
  .setAction(async (args, hre) => {
    const { exchange, about } = await venueFor(hre, args);
    const to = parseAddress(hre, args.to, "--to");
    await send(
      hre,
      `replace the operator by ${to}`,
      () => exchange.replaceOperator(to, reasonBytes(hre, args.reason)),
      {
        about,
      },
    );
  });

writeTask(
  "venue:wind-down",
  "Operator or GOVERN of the home root: stop new business on the venue (withdrawals stay open)",
)
  .addFlag("lift", "lift the wind-down instead (the rank that set it or a higher one)")
  .addFlag("finalize", "make the wind-down final once nothing rests (the rank that set it or a higher one)")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    const { exchange, about } = await venueFor(hre, args);
    if (args.lift) {
      await send(hre, "lift the wind-down", () => exchange.resumeTrading(), { about });
      return;
    }
    if (args.finalize) {
      // Final for good (review H1): only once nothing rests, by the rank that set the wind-down or a higher one.
      await send(hre, "make the wind-down final", () => exchange.finalizeWindDown(), { about });
      return;
    }
    await send(hre, "wind the venue down", () => exchange.windDown(), { about });
    const [, rank, empty] = await exchange.windDownState();
    console.log(
      `winding down (set at rank ${rank}): no deposit, order or new book; ` +
        (empty
          ? "nothing rests: venue:wind-down --finalize makes it final (the rank that set it or higher)"
          : "return the resting orders with venue:return-orders"),
    );
  });

writeTask("venue:return-orders", "Anyone: return a winding-down venue's resting orders to their owners, in batches")
  .addOptionalParam("max", "the most orders per transaction", 50, types.int)
  .addFlag("all", "send batches until nothing rests (then venue:wind-down --finalize makes it final)")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    const { exchange, about } = await venueFor(hre, args);
    if (args.max < 0) throw cliError("--max must be at least 0");
    let total = 0n;
    // Bounded: each batch returns `max` orders, and no order can be placed while the venue winds down.
    for (;;) {
      const returned = await exchange.returnOrders.staticCall(args.max).catch(() => -1n);
      const receipt = await send(hre, `return up to ${args.max} orders`, () => exchange.returnOrders(args.max), {
        about,
      });
      if (returned > 0n) total += returned;
      const [state, , emptied] = await exchange.windDownState();
      if (!args.all || Number(state) === 2 || emptied || args.max === 0 || !receipt) break;
    }
    const [state, , empty] = await exchange.windDownState();
    console.log(`returned ${total} order(s); the venue is ${STATES[Number(state)]}${empty ? " (nothing rests)" : ""}`);
    return total;
  });

writeTask("venue:set-successor", "Operator or GOVERN of the home root: name the venue clients migrate to")
  .addParam("successor", "the successor venue (registered as an exchange under the home root)")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    const { exchange, about } = await venueFor(hre, args);
    const successor = parseAddress(hre, args.successor, "--successor");
    await send(hre, `name ${successor} the successor venue`, () => exchange.setSuccessor(successor), { about });
  });

writeTask("venue:claim-wallet", "Anyone: move a lost wallet's venue account to the wallet its attester named instead")
  .addParam("lost", "the lost wallet: account index, address or label")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    const { exchange, about } = await venueFor(hre, args);
    const lost = await resolveAccount(hre, args.lost, "--lost");
    const receipt = await send(hre, `move ${lost}'s venue account`, () => exchange.claimWallet(lost), { about });
    const { account, successor } = eventIn(exchange.interface, receipt, "WalletClaimed").args;
    console.log(`venue account #${account} (balances and resting orders) now belongs to ${successor}`);
  });

writeTask("venue:migrate", "Investor: move your available balances to the successor venue (you sign each step)")
  .addOptionalParam("successor", "the venue to move to (default: the successor the venue names)")
  .addOptionalParam(
    "start",
    "the first of the venue's token indexes to move (resume from a previous run)",
    1,
    types.int,
  )
  .addOptionalParam("maxTokens", "the most tokens to move in this run", 20, types.int)
  .addFlag("json", "print the rows as JSON")
  .addFlag("yes", "confirm a --successor other than the one the venue names")
  .addOptionalParam("venue", "the old venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (your wallet)", "0")
  .setAction(async (args, hre) => {
    const { exchange, signer } = await venueFor(hre, args);
    const named = await exchange.successor();
    const target = args.successor ? parseAddress(hre, args.successor, "--successor") : named;
    if (target === hre.ethers.ZeroAddress) {
      throw cliError("The venue names no successor (venue:set-successor): pass --successor <venue> to move elsewhere");
    }
    // A venue other than the one named (or none named) is the client's own choice: confirmed (review M4).
    if (target.toLowerCase() !== named.toLowerCase() && !args.yes) {
      throw cliError(
        named === hre.ethers.ZeroAddress
          ? `The venue names no successor; moving to ${target} needs --yes`
          : `${target} is not the successor the venue names (${named}); moving there needs --yes`,
      );
    }
    // Checked before anything moves (review M4): licensed, wired like this venue, trading.
    const wiringOf = (address: string) => hre.ethers.getContractAt("Exchange", address, signer);
    const registry = await hre.ethers.getContractAt(
      "IVenueRegistry",
      await (await wiringOf(await exchange.getAddress())).VENUES(),
    );
    const problems = await successorProblems(
      await wiringOf(await exchange.getAddress()),
      await wiringOf(target),
      (venue, root) => registry.isLicensed(venue, root),
      async () => Number((await (await venueAt(hre, target, signer)).windDownState())[0]),
    );
    if (problems.length !== 0) throw cliError(`Not moving to ${target}: ${problems.join("; ")}`);
    const to = await venueAt(hre, target, signer);
    const wallet = await signer.getAddress();
    const result = await migrateBalances(
      exchange,
      to,
      signer,
      async (address) => hre.ethers.getContractAt("IERC20", address, signer),
      {
        start: args.start,
        maxTokens: args.maxTokens,
        explain: async (error, what) =>
          describeFailure(hre, error, what, { wallet, contracts: { venue: await exchange.getAddress() } }),
      },
    );
    const rows: Record<string, string | number>[] = [];
    for (const r of result.rows) {
      const info = await tokenInfo(hre, r.token);
      rows.push({
        index: r.index,
        token: `${info.symbol} ${r.token}`,
        available: formatAmount(r.available, info.decimals),
        locked: formatAmount(r.locked, info.decimals),
        moved: formatAmount(r.moved, info.decimals),
        status: r.status,
        ...(r.reason ? { reason: r.reason } : {}),
      });
    }
    output(args.json, { successor: target, rows, next: result.next, done: result.done }, () =>
      [
        `migration of ${wallet} to ${target}:`,
        ...rows.map(
          (r) =>
            `  #${r.index} ${r.token}: ${r.status}, moved ${r.moved} (was available ${r.available}, locked ${r.locked})` +
            (r.reason ? `: ${r.reason}` : ""),
        ),
        result.done
          ? "every token of the venue was reached; run again after a refusal is resolved or locked funds return"
          : `more tokens remain: run again with --start ${result.next}`,
      ].join("\n"),
    );
    return result;
  });

task("venue:succession", "The venue's operator, proposed operator, wind-down state and successor")
  .addFlag("json", "print JSON")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .setAction(async (args, hre) => {
    const exchange = await venueAt(hre, args.venue);
    const [state, rank, empty] = await exchange.windDownState();
    const view = {
      venue: await exchange.getAddress(),
      operator: await exchange.OPERATOR(),
      pendingOperator: await exchange.pendingOperator(),
      state: STATES[Number(state)],
      windDownRank: Number(state) === 0 ? null : Number(rank),
      empty,
      successor: await exchange.successor(),
    };
    output(args.json, view, () =>
      Object.entries(view)
        .map(([k, v]) => `${k}: ${v}`)
        .join("\n"),
    );
    return view;
  });
