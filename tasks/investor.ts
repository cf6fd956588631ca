/**
 * Investor tasks on a venue: deposit and withdraw, place and cancel orders, and read the book, your orders, your
 * balances and the trades as they happen. Amounts are in token units (the token's decimals); prices in quote units
 * per base unit, converted to the book's ticks (see lib/units.ts); a price or amount off the pair's grid is
 * refused before anything is sent. `--venue` defaults to the venue recorded by venue:deploy.
 *
 *   npx hardhat venue:deposit --token 0x… --amount 2500 --from 5
 *   npx hardhat order:place --pair 1 --side buy --price 101.25 --amount 10 --from 5
 *   npx hardhat venue:book --pair 1 --levels 5 [--json]
 *   npx hardhat venue:trades --pair 1 --count 3 --for 60s
 */
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AssetRegistry, IExchange } from "../typechain-types";
import {
  CliError,
  chainNow,
  cliError,
  explainFailure,
  deployed,
  eventIn,
  output,
  parseWhen,
  pastEvents,
  readLabels,
  resolveAccount,
  send,
  signerFor,
  writeTask,
} from "../lib/cli";
import { timeUnitOf } from "../lib/networks";
import { formatRefusal, orderRef as orderRefOf } from "../lib/errors/explain";
import { Side, decodeOrderId } from "../lib/book";
import { table } from "../lib/demo";
import { VENUE_DEPLOYMENT, marketOf, resolvePair, resolveToken, tokenInfo, venueAt, type Market } from "../lib/market";
import { parseDuration } from "../lib/time";
import { OrderType } from "../lib/venue";
import { amountToLots, formatAmount, lotsToAmount, parsePositiveAmount, priceToTick, tickToPrice } from "../lib/units";

const TYPES: Record<string, number> = {
  gtc: OrderType.GoodTillCancel,
  gtd: OrderType.GoodTillDate,
  ioc: OrderType.ImmediateOrCancel,
  fok: OrderType.FillOrKill,
  "post-only": OrderType.PostOnly,
  market: OrderType.ImmediateOrCancel,
};

/** What a deposit without the venue's allowance is refused with: the approval that follows mends it. */
const ALLOWANCE_REFUSALS = new Set(["ERC20InsufficientAllowance", "SafeERC20FailedOperation", "NothingReceived"]);

async function venueAs(hre: HardhatRuntimeEnvironment, venue?: string, from?: string) {
  const signer = await signerFor(hre, from);
  return { exchange: await venueAt(hre, venue, signer), signer, wallet: await signer.getAddress() };
}

writeTask("venue:deposit", "Investor: move tokens from your wallet to your venue account (approves the venue first)")
  .addParam("token", "the token: its address or a registered asset's symbol (e.g. USD)")
  .addParam("amount", "in token units, e.g. 2500.5, or all (your wallet's whole balance)")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (your wallet)", "0")
  .setAction(async (args, hre) => {
    const { exchange, signer, wallet } = await venueAs(hre, args.venue, args.from);
    const info = await tokenInfo(hre, await resolveToken(hre, args.token));
    const token = await hre.ethers.getContractAt("IERC20Metadata", info.address, signer);
    const amount =
      String(args.amount).trim().toLowerCase() === "all"
        ? await token.balanceOf(wallet)
        : parsePositiveAmount(args.amount, info.decimals);
    if (amount === 0n) throw cliError(`${wallet} holds no ${info.symbol} to deposit`);
    const shown = formatAmount(amount, info.decimals);
    const venue = await exchange.getAddress();
    const about = { token: info.address, wallet, action: "deposit", contracts: { venue } };
    if ((await token.allowance(wallet, venue)) < amount) {
      // Simulate the deposit before approving: a refusal for any reason but the missing allowance stops here, before
      // the approval is paid for.
      const refusal = await exchange.deposit.staticCall(info.address, amount).then(
        () => undefined,
        (error: unknown) => explainFailure(hre, error, about),
      );
      if (refusal && !ALLOWANCE_REFUSALS.has(refusal.name)) {
        throw new CliError(formatRefusal(refusal, `deposit ${shown} ${info.symbol}`), refusal);
      }
      await send(hre, `approve the venue for ${shown} ${info.symbol}`, () => token.approve(venue, amount), { about });
    }
    const receipt = await send(hre, `deposit ${shown} ${info.symbol}`, () => exchange.deposit(info.address, amount), {
      about,
    });
    const credited = eventIn(exchange.interface, receipt, "Deposited").args.amount as bigint;
    console.log(`credited ${formatAmount(credited, info.decimals)} ${info.symbol}`);
    return credited;
  });

writeTask("venue:withdraw", "Investor: move available tokens from your venue account back to your wallet")
  .addParam("token", "the token: its address or a registered asset's symbol (e.g. USD)")
  .addParam("amount", "in token units, or all (everything available)")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (your wallet)", "0")
  .setAction(async (args, hre) => {
    const { exchange, wallet } = await venueAs(hre, args.venue, args.from);
    const info = await tokenInfo(hre, await resolveToken(hre, args.token));
    const [available, locked] = await exchange.balanceOf(wallet, info.address);
    const all = String(args.amount).trim().toLowerCase() === "all";
    const amount = all ? available : parsePositiveAmount(args.amount, info.decimals);
    if (amount === 0n) {
      throw cliError(
        `${wallet} has no ${info.symbol} available on the venue` +
          (locked > 0n ? ` (${formatAmount(locked, info.decimals)} locked in open orders: cancel them first)` : ""),
      );
    }
    const shown = formatAmount(amount, info.decimals);
    await send(hre, `withdraw ${shown} ${info.symbol}`, () => exchange.withdraw(info.address, amount), {
      about: { token: info.address, wallet, action: "withdraw", contracts: { venue: await exchange.getAddress() } },
    });
    return amount;
  });

/** One OrderFilled event as a row of human values: who, what, at which price, and the fees in their tokens. */
function tradeView(
  m: Market,
  a: {
    orderId: bigint;
    maker: bigint;
    taker: bigint;
    tick: bigint;
    lots: bigint;
    makerFee?: bigint;
    takerFee?: bigint;
  },
  block: number,
  names: { maker?: string; taker?: string } = {},
) {
  // The maker's side is in its order id; a bid maker receives base (its fee is in base), an ask maker quote.
  const makerBid = decodeOrderId(a.orderId).side === Side.Bid;
  const fee = (value: bigint | undefined, inBase: boolean) =>
    value === undefined
      ? undefined
      : `${formatAmount(value, inBase ? m.base.decimals : m.quote.decimals)} ${inBase ? m.base.symbol : m.quote.symbol}`;
  return {
    block,
    pairId: m.pairId,
    orderId: a.orderId,
    maker: a.maker,
    taker: a.taker,
    makerWallet: names.maker,
    takerWallet: names.taker,
    price: tickToPrice(m, a.tick),
    amount: lotsToAmount(m, a.lots),
    side: makerBid ? "sell" : "buy", // the taker's side
    makerFee: fee(a.makerFee, makerBid),
    takerFee: fee(a.takerFee, !makerBid),
  };
}

writeTask(
  "order:place",
  "Investor: place an order. --price is in quote units per base unit (tick = price * 10^quoteDecimals * lotSize / " +
    "(10^baseDecimals * tickSize), refused unless whole); --amount in base units, a whole number of lots",
)
  .addParam("pair", "the pair: its id or its name, e.g. BOND/USD", undefined, types.string)
  .addParam("side", "buy or sell")
  .addOptionalParam("type", "gtc, gtd, ioc, fok, post-only or market", "gtc")
  .addOptionalParam("price", "limit price (market: the worst acceptable; default any)")
  .addParam("amount", "quantity in base units")
  .addOptionalParam("expires", "gtd (and optionally post-only): end, ISO date, duration or seconds")
  .addOptionalParam("maxSteps", "bound on fills plus removed makers in this call", "20")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (your wallet)", "0")
  .setAction(async (args, hre) => {
    const { exchange, wallet } = await venueAs(hre, args.venue, args.from);
    const m = await marketOf(hre, args.pair);
    const sideName = String(args.side).toLowerCase();
    if (sideName !== "buy" && sideName !== "sell") throw cliError(`--side must be buy or sell`);
    const side = sideName === "buy" ? Side.Bid : Side.Ask;
    const typeName = String(args.type).toLowerCase();
    if (!(typeName in TYPES)) throw cliError(`--type must be one of ${Object.keys(TYPES).join(", ")}`);
    let tick: bigint;
    if (args.price !== undefined) tick = priceToTick(m, args.price);
    else if (typeName === "market") tick = side === Side.Bid ? 2n ** 24n - 1n : 1n;
    else throw cliError(`--price is needed for a ${typeName} order`);
    const lots = amountToLots(m, args.amount);
    let expiry = 0;
    if (args.expires !== undefined) expiry = parseWhen(args.expires, await chainNow(hre));
    else if (typeName === "gtd") throw cliError("a gtd order needs --expires");
    const maxSteps = Number(args.maxSteps);
    if (!Number.isInteger(maxSteps) || maxSteps < 1 || maxSteps > 65_535)
      throw cliError(`--max-steps must be 1..65535`);
    const params = { pairId: m.pairId, side, orderType: TYPES[typeName], tick, lots, expiry, maxSteps };
    const label = `${sideName} ${args.amount} ${m.base.symbol} ${args.price === undefined ? "at market" : `at ${args.price} ${m.quote.symbol}`}`;
    const receipt = await send(hre, label, () => exchange.placeOrder(params), {
      about: { pairId: m.pairId, wallet, action: "place an order", contracts: { venue: await exchange.getAddress() } },
    });
    const trades = [];
    let orderId: bigint | undefined;
    for (const log of receipt.logs) {
      let parsed;
      try {
        parsed = exchange.interface.parseLog(log);
      } catch {
        continue;
      }
      if (parsed?.name === "OrderFilled") trades.push(tradeView(m, parsed.args as never, receipt.blockNumber));
      if (parsed?.name === "OrderPlaced") orderId = parsed.args.orderId as bigint;
    }
    for (const t of trades) console.log(`  filled ${t.amount} ${m.base.symbol} at ${t.price} ${m.quote.symbol}`);
    if (orderId !== undefined) console.log(`  order ${orderId} rests in the book`);
    return { orderId, trades };
  });

/**
 * An order of `wallet` given on the command line: "last" (its latest open order), a full id, or the start of an id
 * as venue:orders shows it (decimal or 0x-hex), which must name exactly one open order.
 */
async function orderRef(
  exchange: IExchange,
  wallet: string,
  text: string,
): Promise<{ pairId: bigint; orderId: bigint }> {
  const [pairIds, orderIds] = await exchange.openOrders(wallet);
  const open = orderIds.map((id, i) => ({ pairId: BigInt(pairIds[i]), orderId: BigInt(id) }));
  const ref = String(text).trim().toLowerCase();
  if (open.length === 0) throw cliError(`${wallet} has no open order`);
  if (ref === "last") return open[open.length - 1];
  const hex = ref.startsWith("0x");
  const matches = open.filter((o) =>
    hex ? orderRefOf(o.orderId).startsWith(ref) : o.orderId.toString().startsWith(ref),
  );
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) throw cliError(`--order ${text} names none of ${wallet}'s ${open.length} open order(s)`);
  throw cliError(
    `--order ${text} fits ${matches.length} open orders; give more digits:\n  ` +
      matches.map((o) => `${orderRefOf(o.orderId)} (${o.orderId}) on pair #${o.pairId}`).join("\n  "),
  );
}

writeTask("order:cancel", "Investor: cancel one of your resting orders (its funds are unlocked)")
  .addOptionalParam("pair", "the pair (id or name); checked against the order's own", undefined, types.string)
  .addParam(
    "order",
    "the order: last, its id, or the start of its id (venue:orders lists them)",
    undefined,
    types.string,
  )
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (your wallet)", "0")
  .setAction(async (args, hre) => {
    const { exchange, wallet } = await venueAs(hre, args.venue, args.from);
    const { pairId, orderId } =
      /^\d{10,}$/.test(String(args.order).trim()) && args.pair !== undefined
        ? { pairId: await resolvePair(hre, args.pair), orderId: BigInt(String(args.order).trim()) }
        : await orderRef(exchange, wallet, args.order);
    if (args.pair !== undefined && (await resolvePair(hre, args.pair)) !== pairId) {
      throw cliError(`order ${orderId} is on pair #${pairId}, not on --pair ${args.pair}`);
    }
    await send(hre, `cancel order ${orderId}`, () => exchange.cancelOrder(pairId, orderId), {
      about: { pairId, wallet, action: "cancel", contracts: { venue: await exchange.getAddress() } },
    });
    return orderId;
  });

writeTask("order:cancel-all", "Investor: cancel every resting order of yours on the venue (their funds are unlocked)")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (your wallet)", "0")
  .setAction(async (args, hre) => {
    const { exchange, wallet } = await venueAs(hre, args.venue, args.from);
    const [, orderIds] = await exchange.openOrders(wallet);
    if (orderIds.length === 0) {
      console.log(`${wallet} has no open order`);
      return 0;
    }
    await send(hre, `cancel ${orderIds.length} order(s)`, () => exchange.cancelAll(), {
      about: { wallet, action: "cancel", contracts: { venue: await exchange.getAddress() } },
    });
    return orderIds.length;
  });

task("venue:book", "Show a pair's book: N price levels per side, prices in quote per base unit, sizes in base units")
  .addParam("pair", "the pair: its id or name (BOND/USD)", undefined, types.string)
  .addOptionalParam("levels", "levels per side", "10")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addFlag("json", "print JSON for machines")
  .setAction(async (args, hre) => {
    const exchange = await venueAt(hre, args.venue);
    const m = await marketOf(hre, args.pair);
    const levels = Number(args.levels);
    if (!Number.isInteger(levels) || levels < 1) throw cliError(`--levels must be a positive integer`);
    const side = async (s: number) => {
      const [ticks, lots, counts] = await exchange.depth(m.pairId, s, levels);
      return ticks.map((t, i) => ({
        price: tickToPrice(m, t),
        amount: lotsToAmount(m, lots[i]),
        orders: Number(counts[i]),
        tick: Number(t),
        lots: lots[i],
      }));
    };
    const book = {
      pairId: m.pairId,
      base: m.base.symbol,
      quote: m.quote.symbol,
      asks: await side(Side.Ask),
      bids: await side(Side.Bid),
    };
    output(args.json, book, () => {
      const rows = [
        ...[...book.asks].reverse().map((l) => ["ask", l.price, l.amount, l.orders]),
        ...book.bids.map((l) => ["bid", l.price, l.amount, l.orders]),
      ];
      const title = `pair #${m.pairId} ${m.base.symbol}/${m.quote.symbol}`;
      if (rows.length === 0) return `${title}: the book is empty`;
      return `${title}\n${table(["side", `price (${m.quote.symbol})`, `amount (${m.base.symbol})`, "orders"], rows)}`;
    });
    return book;
  });

task("venue:orders", "Investor: your open orders on the venue, in human units")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (your wallet)", "0")
  .addFlag("json", "print JSON for machines")
  .setAction(async (args, hre) => {
    const { exchange, wallet } = await venueAs(hre, args.venue, args.from);
    const [pairIds, orderIds] = await exchange.openOrders(wallet);
    const markets = new Map<bigint, Market>();
    const orders: {
      pairId: bigint;
      orderId: bigint;
      market: string;
      side: string;
      price: string;
      amount: string;
      expiry: number;
    }[] = [];
    for (let i = 0; i < pairIds.length; i++) {
      const pairId = pairIds[i];
      if (!markets.has(pairId)) markets.set(pairId, await marketOf(hre, pairId));
      const m = markets.get(pairId)!;
      const o = await exchange.getOrder(pairId, orderIds[i]);
      orders.push({
        pairId,
        orderId: orderIds[i],
        market: `${m.base.symbol}/${m.quote.symbol}`,
        side: Number(o.side) === Side.Bid ? "buy" : "sell",
        price: tickToPrice(m, o.tick),
        amount: lotsToAmount(m, o.lots),
        expiry: Number(o.expiry),
      });
    }
    output(args.json, orders, () =>
      orders.length === 0
        ? "no open orders"
        : table(
            ["pair", "order (order:cancel --order)", "market", "side", "price", "amount"],
            orders.map((o) => [String(o.pairId), orderRefOf(o.orderId), o.market, o.side, o.price, o.amount]),
          ),
    );
    return orders;
  });

task("venue:balances", "Investor: your available and locked balances per token on the venue")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (your wallet)", "0")
  .addFlag("json", "print JSON for machines")
  .setAction(async (args, hre) => {
    const { exchange, wallet } = await venueAs(hre, args.venue, args.from);
    const balances: { token: string; symbol: string; available: string; locked: string }[] = [];
    for (let i = 1; i < 65_536; i++) {
      const token = await exchange.tokenAt(i);
      if (token === hre.ethers.ZeroAddress) break;
      const info = await tokenInfo(hre, token);
      const [available, locked] = await exchange.balanceOf(wallet, token);
      balances.push({
        token,
        symbol: info.symbol,
        available: formatAmount(available, info.decimals),
        locked: formatAmount(locked, info.decimals),
      });
    }
    output(args.json, balances, () =>
      table(
        ["token", "available", "locked"],
        balances.map((b) => [b.symbol, b.available, b.locked]),
      ),
    );
    return balances;
  });

/** The first block whose time is at or after `seconds` (binary search over block times, in the chain's unit). */
async function firstBlockAt(hre: HardhatRuntimeEnvironment, seconds: number): Promise<number> {
  const unit = timeUnitOf(hre.network.name);
  let lo = 0;
  let hi = await hre.ethers.provider.getBlockNumber();
  const timeOf = async (n: number) => Number((await hre.ethers.provider.getBlock(n))!.timestamp) / unit;
  if ((await timeOf(hi)) < seconds) return hi + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await timeOf(mid)) < seconds) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

task(
  "venue:trades",
  "Trades (OrderFilled) with prices, amounts, wallets and fees: past ones from --from-block or --since, and new ones " +
    "as they happen with --follow, --count or --for (without any of these: every past trade of the venue)",
)
  .addOptionalParam("pair", "only this pair (id or name, e.g. BOND/USD)", undefined, types.string)
  .addOptionalParam("wallet", "only trades of this wallet, as maker or taker (index, address or label)")
  .addOptionalParam("fromBlock", "show past trades from this block", undefined, types.string)
  .addOptionalParam("since", "show past trades since this time: ISO date, or a duration back (e.g. 1d)")
  .addFlag("follow", "then follow new trades as they happen")
  .addOptionalParam("count", "stop after this many trades", undefined, types.string)
  .addOptionalParam("for", "stop following after this long, e.g. 30s or 10m (default: until --count, else forever)")
  .addOptionalParam("poll", "poll interval in milliseconds", "1000")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addFlag("json", "print each trade as one JSON line")
  .setAction(async (args, hre) => {
    const exchange: IExchange = await venueAt(hre, args.venue);
    const pairFilter = args.pair !== undefined ? await resolvePair(hre, args.pair) : undefined;
    const count = args.count !== undefined ? Number(args.count) : Infinity;
    if (!(count > 0)) throw cliError("--count must be positive");
    const following = args.follow || args.count !== undefined || args.for !== undefined;
    const until = args.for !== undefined ? Date.now() + parseDuration(args.for) * 1000 : Infinity;
    const poll = Math.max(50, Number(args.poll));
    const topic = exchange.interface.getEvent("OrderFilled").topicHash;
    const topics = [
      topic,
      pairFilter !== undefined ? hre.ethers.zeroPadValue(hre.ethers.toBeHex(pairFilter), 32) : null,
    ];
    const address = await exchange.getAddress();
    let walletAccount: bigint | undefined;
    if (args.wallet !== undefined) {
      const wallet = await resolveAccount(hre, args.wallet, "--wallet");
      [walletAccount] = await exchange.accountOf(wallet);
      if (walletAccount === 0n) throw cliError(`${wallet} has no account on the venue: it never traded here`);
    }
    const head = await hre.ethers.provider.getBlockNumber();
    let next: number;
    if (args.fromBlock !== undefined) next = Number(args.fromBlock);
    else if (args.since !== undefined) {
      const text = String(args.since).trim();
      const now = await chainNow(hre);
      next = await firstBlockAt(hre, /^\d+\s*[smhdw]$/i.test(text) ? now - parseDuration(text) : parseWhen(text, now));
    } else if (following) next = head + 1;
    else {
      const d = await hre.deployments.getOrNull(VENUE_DEPLOYMENT);
      next = d?.address === address && d.receipt?.blockNumber !== undefined ? Number(d.receipt.blockNumber) : 0;
    }
    const markets = new Map<bigint, Market>();
    const labels = readLabels(hre);
    const wallets = new Map<bigint, string>();
    const walletName = async (account: bigint) => {
      if (!wallets.has(account)) {
        const w = await exchange.walletOf(account);
        const label = labels.get(w.toLowerCase());
        wallets.set(account, label ? `${label} (${w})` : w);
      }
      return wallets.get(account)!;
    };
    const trades: ReturnType<typeof tradeView>[] = [];
    const rows: string[][] = [];
    const show = async (from: number, to: number) => {
      // In pages a public RPC accepts (LOG_PAGE blocks per request).
      const logs = await pastEvents(
        hre,
        (f, t) => hre.ethers.provider.getLogs({ address, topics, fromBlock: f, toBlock: t }),
        { fromBlock: from, toBlock: to },
      );
      for (const log of logs) {
        const parsed = exchange.interface.parseLog(log);
        if (!parsed) continue;
        const a = parsed.args as unknown as { maker: bigint; taker: bigint; pairId: bigint };
        if (walletAccount !== undefined && a.maker !== walletAccount && a.taker !== walletAccount) continue;
        const pairId = BigInt(a.pairId);
        if (!markets.has(pairId)) markets.set(pairId, await marketOf(hre, pairId));
        const m = markets.get(pairId)!;
        const t = tradeView(m, parsed.args as never, log.blockNumber, {
          maker: await walletName(a.maker),
          taker: await walletName(a.taker),
        });
        trades.push(t);
        const name = `${m.base.symbol}/${m.quote.symbol}`;
        if (args.json) console.log(JSON.stringify(t, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
        else if (following) {
          console.log(
            `block ${t.block}  ${name}  taker ${t.side}s ${t.amount} ${m.base.symbol} at ${t.price} ${m.quote.symbol}` +
              `  maker ${t.makerWallet} (fee ${t.makerFee}), taker ${t.takerWallet} (fee ${t.takerFee})`,
          );
        } else {
          rows.push([
            String(t.block),
            name,
            t.side,
            t.amount,
            t.price,
            t.makerWallet ?? "",
            t.takerWallet ?? "",
            `${t.makerFee} / ${t.takerFee}`,
          ]);
        }
        if (trades.length >= count) break;
      }
    };
    if (next <= head) await show(next, head);
    if (!following) {
      if (!args.json) {
        console.log(
          rows.length === 0
            ? `no trades on ${address} from block ${next}`
            : table(["block", "pair", "taker", "amount", "price", "maker", "taker wallet", "fees maker / taker"], rows),
        );
      }
      return trades;
    }
    next = Math.max(next, head + 1);
    if (!args.json) console.log(`following trades on ${address} from block ${next}`);
    while (trades.length < count && Date.now() < until) {
      const latest = await hre.ethers.provider.getBlockNumber();
      if (latest >= next) {
        await show(next, latest);
        next = latest + 1;
      }
      if (trades.length < count)
        await new Promise((r) => setTimeout(r, Math.min(poll, Math.max(0, until - Date.now()))));
    }
    return trades;
  });

task(
  "wallet:balances",
  "A wallet's holdings of every registered asset: in the wallet, and available and locked on the venue",
)
  .addOptionalParam("wallet", "the wallet (index, address or label; default: --from)")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange, if any)")
  .addOptionalParam("from", "account index, address or label (the wallet, when --wallet is not given)", "0")
  .addFlag("json", "print JSON for machines")
  .setAction(async (args, hre) => {
    const wallet = await resolveAccount(hre, args.wallet ?? args.from, args.wallet ? "--wallet" : "--from");
    const assets = await deployed<AssetRegistry>(hre, "AssetRegistry");
    const exchange = await venueAt(hre, args.venue).catch(() => undefined);
    const seen = new Set<string>();
    const rows: { token: string; symbol: string; wallet: string; venueAvailable?: string; venueLocked?: string }[] = [];
    const count = Number(await assets.assetCount());
    for (let id = 1; id <= count; id++) {
      const { token } = await assets.asset(id);
      if (seen.has(token)) continue;
      seen.add(token);
      const info = await tokenInfo(hre, token);
      const erc20 = await hre.ethers.getContractAt("IERC20Metadata", token);
      const row: (typeof rows)[number] = {
        token,
        symbol: info.symbol,
        wallet: formatAmount(await erc20.balanceOf(wallet), info.decimals),
      };
      if (exchange) {
        const [available, locked] = await exchange.balanceOf(wallet, token);
        row.venueAvailable = formatAmount(available, info.decimals);
        row.venueLocked = formatAmount(locked, info.decimals);
      }
      rows.push(row);
    }
    output(args.json, { wallet, balances: rows }, () =>
      [
        `holdings of ${wallet}${readLabels(hre).get(wallet.toLowerCase()) ? ` (${readLabels(hre).get(wallet.toLowerCase())})` : ""}`,
        table(
          exchange ? ["token", "wallet", "venue available", "venue locked"] : ["token", "wallet"],
          rows.map((r) => (exchange ? [r.symbol, r.wallet, r.venueAvailable!, r.venueLocked!] : [r.symbol, r.wallet])),
        ),
      ].join("\n"),
    );
    return rows;
  });
