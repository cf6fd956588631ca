/**
 * Migrating a client's venue balances to the successor venue (issue 17): the client signs its own withdrawals from
 * the old venue and its own deposits into the new one, one token at a time, so no one moves a client's funds without
 * its consent. Bounded (at most `maxTokens` of the old venue's tokens per run, from token index `start`) and
 * resumable: a moved token leaves nothing available behind, so a second run picks up what the first did not reach
 * (or could not move). Used by the `venue:migrate` task; only type imports from typechain-types.
 */
import type { Signer } from "ethers";
import type { IExchange } from "../typechain-types";

/** What happened to one token of the old venue. */
export type MigrationStatus =
  | "moved" // withdrawn from the old venue and deposited into the successor
  | "nothing" // nothing available on the old venue (locked funds wait for the orders' return)
  | "not hosted" // the successor has no book on this token: withdraw it instead
  | "withdrawal refused" // the old venue refused (e.g. a native token refuses an ineligible wallet, a sanctions freeze)
  | "deposit refused"; // withdrawn to the client's wallet, but the successor refused the deposit

export type MigrationRow = {
  index: number;
  token: string;
  available: bigint;
  locked: bigint;
  moved: bigint;
  status: MigrationStatus;
  /** The decoded refusal, when refused. */
  reason?: string;
};

export type MigrationResult = { rows: MigrationRow[]; next: number; done: boolean };

/** How a refusal is put in words (the CLI passes its decoder; the default is the error's own message). */
export type Explain = (error: unknown, what: string) => Promise<string>;

/** A venue's wiring as its public getters answer (the Exchange's immutables). */
export type VenueWiring = {
  getAddress(): Promise<string>;
  HOME_ROOT(): Promise<bigint>;
  AUTHORITY(): Promise<string>;
  ELIGIBILITY(): Promise<string>;
  PAIRS(): Promise<string>;
  VENUES(): Promise<string>;
};

/**
 * What is wrong with moving from venue `from` to venue `to` (review M4), checked before anything moves: the
 * successor must be licensed now under the old venue's home root (its venue registry's isLicensed), wired like the
 * old venue (the same home root, authority tree, client registry, pair registry and venue registry) and trading (not
 * winding down). Empty when nothing is wrong.
 */
export async function successorProblems(
  from: VenueWiring,
  to: VenueWiring,
  licensed: (venue: string, root: bigint) => Promise<boolean>,
  successorState: () => Promise<number>, // its windDownState: 0 trading, 1 winding down, 2 wound down
): Promise<string[]> {
  const problems: string[] = [];
  const target = await to.getAddress();
  const read = async (v: VenueWiring) =>
    Promise.all([v.HOME_ROOT(), v.AUTHORITY(), v.ELIGIBILITY(), v.PAIRS(), v.VENUES()]).catch(() => undefined);
  const [mine, theirs] = [await read(from), await read(to)];
  if (!mine) throw new Error("the old venue does not answer its wiring getters");
  if (!theirs) return [`${target} is not a venue of this stack (no wiring getters)`];
  const names = ["home root", "authority tree", "client registry", "pair registry", "venue registry"];
  names.forEach((name, i) => {
    if (String(mine[i]).toLowerCase() !== String(theirs[i]).toLowerCase()) {
      problems.push(`its ${name} is ${theirs[i]}, not the old venue's ${mine[i]}`);
    }
  });
  if (!(await licensed(target, mine[0]).catch(() => false))) {
    problems.push(`it is not a licensed venue under the home root ${mine[0]} now`);
  }
  const state = await successorState();
  if (state !== 0) problems.push(`it is ${state === 1 ? "winding down" : "wound down"}, not trading`);
  return problems;
}

/**
 * Move `signer`'s available balances from `from` to `to`, tokens `start` to `start + maxTokens - 1` of the old
 * venue's token list (1-based). Each token: withdraw what is available (the client's signature), approve the
 * successor and deposit it (again the client's). A refusal is recorded and the run goes on with the next token;
 * tokens after the last one reached are left for the next run (`next`).
 */
export async function migrateBalances(
  from: IExchange,
  to: IExchange,
  signer: Signer,
  erc20: (address: string) => Promise<{
    approve(spender: string, amount: bigint): Promise<{ wait(): Promise<unknown> }>;
    balanceOf(owner: string): Promise<bigint>;
  }>,
  options: { start?: number; maxTokens?: number; explain?: Explain } = {},
): Promise<MigrationResult> {
  const wallet = await signer.getAddress();
  const explain: Explain =
    options.explain ??
    (async (error) => (error as { shortMessage?: string; message?: string }).shortMessage ?? String(error));
  const count = Number(await from.tokenCount());
  const start = Math.max(1, options.start ?? 1);
  const last = Math.min(count, start - 1 + (options.maxTokens ?? count));
  const old = from.connect(signer);
  const next = to.connect(signer);
  const target = await to.getAddress();
  const rows: MigrationRow[] = [];
  for (let index = start; index <= last; index++) {
    const token = await from.tokenAt(index);
    const [available, locked] = await from.balanceOf(wallet, token);
    const row: MigrationRow = { index, token, available, locked, moved: 0n, status: "nothing" };
    rows.push(row);
    if (available === 0n) continue;
    if ((await to.tokenIndex(token)) === 0n) {
      row.status = "not hosted";
      continue;
    }
    try {
      await (await old.withdraw(token, available)).wait();
    } catch (error) {
      row.status = "withdrawal refused";
      row.reason = await explain(error, `withdraw ${available} of ${token}`);
      continue;
    }
    try {
      const t = await erc20(token);
      await (await t.approve(target, available)).wait();
      const credited = await next.deposit.staticCall(token, available);
      await (await next.deposit(token, available)).wait();
      row.moved = credited;
      row.status = "moved";
    } catch (error) {
      row.status = "deposit refused";
      row.reason = await explain(error, `deposit ${available} of ${token} into the successor`);
      // Leave no allowance behind for a venue that refused (review M4); a failed reset is reported, not fatal.
      try {
        const t = await erc20(token);
        await (await t.approve(target, 0n)).wait();
      } catch (reset) {
        row.reason += `; the approval could not be reset to 0: ${await explain(reset, "reset the approval")}`;
      }
    }
  }
  return { rows, next: last + 1, done: last >= count };
}
