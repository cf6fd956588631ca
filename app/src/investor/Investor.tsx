/**
 * The investor's workspace: wallet and venue balances per asset, deposit and withdrawal (with the allowance), order
 * entry (limit GTC/IOC/FOK/post-only, market with a price bound) snapped onto the grid with a cost preview, the live
 * book (re-read on every block), open orders with cancel, the trade history and candles from the indexer, and the
 * eligibility status in words. Every write is simulated first (tx.tsx).
 */
import { MaxUint256 } from "ethers";
import { lazy, Suspense, useMemo, useState } from "react";
import { Side, OrderType } from "../../../lib/book";
import { eligibilityName } from "../../../lib/registry";
import { blockTimeToDate, formatWhen } from "../core/time";
import {
  costPreview,
  displayAmount,
  formatAmount,
  lotsToAmount,
  parseAmount,
  priceStep,
  snapLots,
  snapPrice,
  tickToPrice,
  type SideName,
} from "../core/units";
import {
  candlesQuery,
  fillsQuery,
  gql,
  movementsQuery,
  type CandleRow,
  type FillRow,
  type MovementRow,
} from "../indexer";
import { useChainData, useSession } from "../state";
import { TxStatus, useTx } from "../tx";
import { SubmitAttestation } from "./Attestation";
import { loadMarket, tokenInfo, type Market, type TokenInfo } from "./market";

// The chart library loads after the first screen.
const CandleChart = lazy(() => import("./CandleChart").then((m) => ({ default: m.CandleChart })));

export function Investor() {
  const session = useSession();
  const books = useChainData(async () => (await session.read.venue.books()).map((b) => BigInt(b)), []);
  const [pairId, setPairId] = useState<bigint | undefined>();
  const chosen = pairId ?? books.data?.[0];
  const market = useChainData(
    async () => (chosen === undefined ? undefined : loadMarket(session.read, chosen)),
    [chosen],
  );
  const identity = useChainData(
    async () => (session.connection ? session.read.registry.identityOf(session.connection.address) : undefined),
    [session.connection?.address],
  );
  if (!session.connection) return <p>Choose an account to open the investor's workspace.</p>;
  if (books.error) return <p role="alert">The venue cannot be read: {books.error}</p>;
  const m = market.data;
  return (
    <div className="workspace investor">
      <div className="row">
        <label>
          Pair{" "}
          <select
            aria-label="Pair"
            value={chosen?.toString() ?? ""}
            onChange={(e) => setPairId(BigInt(e.target.value))}
          >
            {(books.data ?? []).map((id) => (
              <option key={id.toString()} value={id.toString()}>
                #{id.toString()}
                {m && m.pairId === id ? ` ${m.base.symbol}/${m.quote.symbol}` : ""}
              </option>
            ))}
          </select>
        </label>
        {m && (
          <span className="muted">
            {m.status}; price step {priceStep(m.grid)} {m.quote.symbol}; lot {lotsToAmount(m.grid, 1n)} {m.base.symbol};
            fees maker {m.makerBps / 100}% taker {m.takerBps / 100}%
          </span>
        )}
      </div>
      {identity.data === 0n && <SubmitAttestation />}
      {m && (
        <>
          <Eligibility market={m} />
          <div className="grid">
            <Balances market={m} />
            <OrderEntry market={m} />
            <Depth market={m} />
            <OpenOrders market={m} />
          </div>
          <History market={m} />
          <Transfers />
          <Candles market={m} />
        </>
      )}
    </div>
  );
}

function Eligibility({ market }: { market: Market }) {
  const { read, connection } = useSession();
  const status = useChainData(async () => {
    const code = await read.registry.eligibility(connection!.address, market.policyId);
    const { ELIGIBILITY_WORDS } = await import("../../../lib/errors/explain");
    const name = eligibilityName(code);
    return { name, words: ELIGIBILITY_WORDS[name] ?? `fails with reason ${name}` };
  }, [connection?.address, market.policyId]);
  if (!status.data) return null;
  const ok = status.data.name === "Eligible";
  return (
    <section aria-label="Eligibility" className={ok ? "eligible" : "ineligible"} data-testid="eligibility">
      <h2>Eligibility</h2>
      <p>
        Under the pair&apos;s policy #{market.policyId.toString()}, {connection!.label} {status.data.words}
        {ok
          ? "."
          : ` (${status.data.name}): it can neither deposit nor trade; it can cancel its orders and withdraw, except a native token, which waits in the venue until it is eligible again.`}
      </p>
    </section>
  );
}

type BalanceRow = { token: TokenInfo; wallet: bigint; allowance: bigint; available: bigint; locked: bigint };

function useBalances(market: Market) {
  const { read, connection, deployment } = useSession();
  return useChainData(async () => {
    const rows: BalanceRow[] = [];
    for (const token of [market.base, market.quote]) {
      const t = read.token(token.address);
      const [wallet, allowance, venue] = await Promise.all([
        t.balanceOf(connection!.address),
        t.allowance(connection!.address, deployment.contracts.Exchange),
        read.venue.balanceOf(connection!.address, token.address),
      ]);
      rows.push({ token, wallet, allowance, available: venue.available, locked: venue.locked });
    }
    return rows;
  }, [connection?.address, market.pairId]);
}

function Balances({ market }: { market: Market }) {
  const session = useSession();
  const balances = useBalances(market);
  const tx = useTx();
  const [token, setToken] = useState<"base" | "quote">("quote");
  const [amountText, setAmountText] = useState("");
  const info = token === "base" ? market.base : market.quote;
  const row = balances.data?.find((r) => r.token.address === info.address);
  let amount: bigint | undefined;
  let amountProblem: string | undefined;
  try {
    amount = amountText ? parseAmount(amountText, info.decimals, "amount") : undefined;
  } catch (e) {
    amountProblem = (e as Error).message;
  }
  const venueAddress = session.deployment.contracts.Exchange;
  const deposit = async () => {
    if (!amount || !row) return;
    const w = session.write!;
    const steps = [];
    if (row.allowance < amount) {
      // Exactly what this deposit needs: no standing unlimited allowance to the venue.
      steps.push({
        what: `allow the venue to take ${formatAmount(amount, info.decimals)} ${info.symbol}`,
        simulate: () => w.token(info.address).approve.staticCall(venueAddress, amount!),
        send: () => w.token(info.address).approve(venueAddress, amount!),
      });
    }
    steps.push({
      what: `deposit ${formatAmount(amount, info.decimals)} ${info.symbol}`,
      simulate: () => w.venue.deposit.staticCall(info.address, amount!),
      send: () => w.venue.deposit(info.address, amount!),
    });
    if (await tx.run(steps, { token: info.address, action: "deposit" })) setAmountText("");
  };
  const withdraw = async () => {
    if (!amount) return;
    const w = session.write!;
    await tx.run(
      [
        {
          what: `withdraw ${formatAmount(amount, info.decimals)} ${info.symbol}`,
          simulate: () => w.venue.withdraw.staticCall(info.address, amount!),
          send: () => w.venue.withdraw(info.address, amount!),
        },
      ],
      { token: info.address, action: "withdraw" },
    );
  };
  return (
    <section aria-label="Balances">
      <h2>Balances</h2>
      <table data-testid="balances">
        <thead>
          <tr>
            <th>asset</th>
            <th>wallet</th>
            <th>venue available</th>
            <th>venue locked</th>
            <th>allowance</th>
          </tr>
        </thead>
        <tbody>
          {(balances.data ?? []).map((r) => (
            <tr key={r.token.address} data-testid={`balance-${r.token.symbol}`}>
              <td>{r.token.symbol}</td>
              <td>{displayAmount(r.wallet, r.token.decimals)}</td>
              <td data-testid={`available-${r.token.symbol}`}>{displayAmount(r.available, r.token.decimals)}</td>
              <td>{displayAmount(r.locked, r.token.decimals)}</td>
              <td>{r.allowance === MaxUint256 ? "unlimited" : displayAmount(r.allowance, r.token.decimals)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <label>
          Asset{" "}
          <select
            aria-label="Asset to move"
            value={token}
            onChange={(e) => setToken(e.target.value as "base" | "quote")}
          >
            <option value="base">{market.base.symbol}</option>
            <option value="quote">{market.quote.symbol}</option>
          </select>
        </label>
        <label>
          Amount{" "}
          <input
            aria-label="Amount to move"
            inputMode="decimal"
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            placeholder={`in ${info.symbol}`}
          />
        </label>
        {/* The deposit needs the wallet's allowance (an approval first, of exactly the amount, when it falls short):
            offered once the balances are read, never a click that silently does nothing. */}
        <button
          type="button"
          onClick={deposit}
          disabled={!amount || !row}
          title={row ? undefined : "Reading the balances and the allowance…"}
        >
          Deposit
        </button>
        <button type="button" onClick={withdraw} disabled={!amount}>
          Withdraw
        </button>
      </div>
      {amountProblem && <p className="problem">{amountProblem}</p>}
      <TxStatus state={tx.state} />
    </section>
  );
}

const ORDER_KINDS = {
  gtc: { label: "Limit, good till cancelled", type: OrderType.GoodTillCancel },
  gtd: { label: "Limit, good till a date", type: OrderType.GoodTillDate },
  ioc: { label: "Limit, immediate or cancel", type: OrderType.ImmediateOrCancel },
  fok: { label: "Limit, fill or kill", type: OrderType.FillOrKill },
  post: { label: "Limit, post only", type: OrderType.PostOnly },
  market: { label: "Market (with a price bound)", type: OrderType.ImmediateOrCancel },
} as const;
type OrderKind = keyof typeof ORDER_KINDS;

function OrderEntry({ market }: { market: Market }) {
  const session = useSession();
  const balances = useBalances(market);
  const tx = useTx();
  const [side, setSide] = useState<SideName>("bid");
  const [kind, setKind] = useState<OrderKind>("gtc");
  const [priceText, setPriceText] = useState("");
  const [amountText, setAmountText] = useState("");
  const [until, setUntil] = useState("");
  const price = priceText ? snapPrice(market.grid, priceText, side) : undefined;
  // The date picker reads the user's local time; the contract stores seconds.
  const expiry = kind === "gtd" && until ? Math.floor(new Date(until).getTime() / 1000) : 0;
  const lots = amountText ? snapLots(market.grid, amountText) : undefined;
  const lockToken = side === "bid" ? market.quote : market.base;
  const available = balances.data?.find((r) => r.token.address === lockToken.address)?.available ?? 0n;
  const preview =
    price && lots && lots.value > 0n
      ? costPreview(market.grid, side, price.value, lots.value, market.takerBps, available)
      : undefined;
  const receiveToken = side === "bid" ? market.base : market.quote;
  const place = async () => {
    if (!price || !lots || lots.value === 0n) return;
    const params = {
      pairId: market.pairId,
      side: side === "bid" ? Side.Bid : Side.Ask,
      orderType: ORDER_KINDS[kind].type,
      tick: price.value,
      lots: lots.value,
      expiry,
      maxSteps: 50,
    };
    const w = session.write!;
    // A market order's price is its worst: at most for a buy, at least for a sell.
    const at =
      kind === "market"
        ? `at market, ${side === "bid" ? "at most" : "at least"} ${price.text} ${market.quote.symbol}`
        : `at ${price.text} ${market.quote.symbol} (${ORDER_KINDS[kind].label.toLowerCase()})`;
    const what = `${side === "bid" ? "buy" : "sell"} ${lots.text} ${market.base.symbol} ${at}`;
    await tx.run(
      [{ what, simulate: () => w.venue.placeOrder.staticCall(params), send: () => w.venue.placeOrder(params) }],
      { pairId: market.pairId, action: "place an order" },
    );
  };
  return (
    <section aria-label="Order entry">
      <h2>Order</h2>
      <div className="row">
        <label>
          Side{" "}
          <select aria-label="Side" value={side} onChange={(e) => setSide(e.target.value as SideName)}>
            <option value="bid">Buy {market.base.symbol}</option>
            <option value="ask">Sell {market.base.symbol}</option>
          </select>
        </label>
        <label>
          Type{" "}
          <select aria-label="Order type" value={kind} onChange={(e) => setKind(e.target.value as OrderKind)}>
            {Object.entries(ORDER_KINDS).map(([k, v]) => (
              <option key={k} value={k}>
                {v.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <label>
          {kind === "market" ? "Worst price" : "Price"}{" "}
          <input
            aria-label={kind === "market" ? "Worst price" : "Price"}
            inputMode="decimal"
            value={priceText}
            onChange={(e) => setPriceText(e.target.value)}
            placeholder={`${market.quote.symbol} per ${market.base.symbol}`}
          />
        </label>
        <label>
          Amount{" "}
          <input
            aria-label="Order amount"
            inputMode="decimal"
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            placeholder={market.base.symbol}
          />
        </label>
      </div>
      {kind === "gtd" && (
        <div className="row">
          <label>
            Good till{" "}
            <input
              aria-label="Good till"
              type="datetime-local"
              value={until}
              onChange={(e) => setUntil(e.target.value)}
            />
          </label>
          {expiry > 0 && <span className="muted">{formatWhen(new Date(expiry * 1000))}</span>}
        </div>
      )}
      <div className="preview" data-testid="preview" aria-live="polite">
        {price?.snapped && (
          <p>
            Price on the grid: {price.text} ({side === "bid" ? "rounded down" : "rounded up"}; step{" "}
            {priceStep(market.grid)})
          </p>
        )}
        {lots?.snapped && (
          <p>
            Amount in whole lots: {lots.text} {market.base.symbol}
          </p>
        )}
        {preview && (
          <p>
            {side === "bid" ? "Pays" : "Sets aside"} {formatAmount(preview.locks, lockToken.decimals)}{" "}
            {lockToken.symbol} (available {displayAmount(available, lockToken.decimals)}
            {preview.covered ? "" : ": not enough"}); receives {displayAmount(preview.receives, receiveToken.decimals)}{" "}
            {receiveToken.symbol} less at most {formatAmount(preview.maxFee, receiveToken.decimals)}{" "}
            {receiveToken.symbol} in fees if filled.
          </p>
        )}
      </div>
      <button
        type="button"
        onClick={place}
        disabled={!price || !lots || lots.value === 0n || (kind === "gtd" && expiry === 0)}
      >
        Place order
      </button>
      <TxStatus state={tx.state} />
    </section>
  );
}

function Depth({ market }: { market: Market }) {
  const { read } = useSession();
  const depth = useChainData(async () => {
    const [bids, asks] = await Promise.all([
      read.venue.depth(market.pairId, Side.Bid, 10),
      read.venue.depth(market.pairId, Side.Ask, 10),
    ]);
    const rows = (d: typeof bids) => d.ticks.map((t, i) => ({ tick: BigInt(t), lots: d.lots[i], count: d.counts[i] }));
    return { bids: rows(bids), asks: rows(asks).reverse() };
  }, [market.pairId]);
  const line = (r: { tick: bigint; lots: bigint; count: bigint }, side: string) => (
    <tr key={`${side}${r.tick}`} className={side}>
      <td>{tickToPrice(market.grid, r.tick)}</td>
      <td>{lotsToAmount(market.grid, r.lots)}</td>
      <td>{r.count.toString()}</td>
    </tr>
  );
  return (
    <section aria-label="Order book">
      <h2>Book</h2>
      <table data-testid="depth">
        <thead>
          <tr>
            <th>price ({market.quote.symbol})</th>
            <th>amount ({market.base.symbol})</th>
            <th>orders</th>
          </tr>
        </thead>
        <tbody>
          {depth.data?.asks.map((r) => line(r, "ask"))}
          <tr className="spread">
            <td colSpan={3}>—</td>
          </tr>
          {depth.data?.bids.map((r) => line(r, "bid"))}
        </tbody>
      </table>
    </section>
  );
}

function OpenOrders({ market }: { market: Market }) {
  const session = useSession();
  const tx = useTx();
  const [replacing, setReplacing] = useState<{ id: bigint; side: SideName } | undefined>();
  const [newPrice, setNewPrice] = useState("");
  const [newAmount, setNewAmount] = useState("");
  const replacePrice = replacing && newPrice ? snapPrice(market.grid, newPrice, replacing.side) : undefined;
  const replaceLots = newAmount ? snapLots(market.grid, newAmount) : undefined;
  const replace = async () => {
    if (!replacing || !replacePrice || !replaceLots || replaceLots.value === 0n) return;
    const params = {
      pairId: market.pairId,
      side: replacing.side === "bid" ? Side.Bid : Side.Ask,
      orderType: OrderType.GoodTillCancel,
      tick: replacePrice.value,
      lots: replaceLots.value,
      expiry: 0,
      maxSteps: 50,
    };
    const w = session.write!;
    const ok = await tx.run(
      [
        {
          what: `replace order ${replacing.id} with ${replaceLots.text} ${market.base.symbol} at ${replacePrice.text} ${market.quote.symbol}`,
          simulate: () => w.venue.replaceOrder.staticCall(market.pairId, replacing.id, params),
          send: () => w.venue.replaceOrder(market.pairId, replacing.id, params),
        },
      ],
      { pairId: market.pairId, action: "replace an order" },
    );
    if (ok) setReplacing(undefined);
  };
  const orders = useChainData(async () => {
    const { pairIds, orderIds } = await session.read.venue.openOrders(session.connection!.address);
    const mine = orderIds.filter((_, i) => BigInt(pairIds[i]) === market.pairId);
    return Promise.all(mine.map(async (id) => ({ id, order: await session.read.venue.getOrder(market.pairId, id) })));
  }, [session.connection?.address, market.pairId]);
  const cancel = (id: bigint) =>
    tx.run(
      [
        {
          what: `cancel order ${id}`,
          simulate: () => session.write!.venue.cancelOrder.staticCall(market.pairId, id),
          send: () => session.write!.venue.cancelOrder(market.pairId, id),
        },
      ],
      { pairId: market.pairId, action: "cancel an order" },
    );
  return (
    <section aria-label="Open orders">
      <h2>Open orders</h2>
      {orders.data?.length === 0 && <p className="muted">None on this pair.</p>}
      {orders.data && orders.data.length > 0 && (
        <table data-testid="open-orders">
          <thead>
            <tr>
              <th>side</th>
              <th>price ({market.quote.symbol})</th>
              <th>remaining ({market.base.symbol})</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {orders.data.map(({ id, order }) => (
              <tr key={id.toString()}>
                <td>{Number(order.side) === Side.Bid ? "buy" : "sell"}</td>
                <td>{tickToPrice(market.grid, order.tick)}</td>
                <td>{lotsToAmount(market.grid, order.lots)}</td>
                <td>
                  <button type="button" aria-label={`Cancel order ${id}`} onClick={() => void cancel(id)}>
                    Cancel
                  </button>{" "}
                  <button
                    type="button"
                    aria-label={`Replace order ${id}`}
                    onClick={() => {
                      setReplacing({ id, side: Number(order.side) === Side.Bid ? "bid" : "ask" });
                      setNewPrice(tickToPrice(market.grid, order.tick));
                      setNewAmount(lotsToAmount(market.grid, order.lots));
                    }}
                  >
                    Replace
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {replacing && (
        <div className="row" aria-label={`Replacement of order ${replacing.id}`} role="group">
          <label>
            New price{" "}
            <input
              aria-label="New price"
              inputMode="decimal"
              value={newPrice}
              onChange={(e) => setNewPrice(e.target.value)}
            />
          </label>
          <label>
            New amount{" "}
            <input
              aria-label="New amount"
              inputMode="decimal"
              value={newAmount}
              onChange={(e) => setNewAmount(e.target.value)}
            />
          </label>
          <button type="button" onClick={() => void replace()} disabled={!replacePrice || !replaceLots?.value}>
            Send the replacement
          </button>
          <button type="button" onClick={() => setReplacing(undefined)}>
            Keep the order
          </button>
        </div>
      )}
      <TxStatus state={tx.state} />
    </section>
  );
}

function History({ market }: { market: Market }) {
  const session = useSession();
  const base = session.deployment.indexerUrl;
  const fills = useChainData(
    async () => {
      if (!base) return undefined;
      const identity = await session.read.registry.identityOf(session.connection!.address);
      if (identity === 0n) return { identity, rows: [] as FillRow[] };
      const data = await gql<{ fills: { items: FillRow[] } }>(base, fillsQuery(market.pairId, identity));
      return { identity, rows: data.fills.items };
    },
    [session.connection?.address, market.pairId],
    1_000,
  );
  const rows = useMemo(() => fills.data?.rows ?? [], [fills.data]);
  return (
    <section aria-label="Trade history">
      <h2>Trade history</h2>
      {!base && <p className="muted">No indexer configured: history needs one.</p>}
      {fills.error && <p role="alert">{fills.error}</p>}
      {/* Said once the indexer answered (a row would count as a fill for whoever counts the table's rows). */}
      {fills.data && rows.length === 0 && <p className="muted">No trades yet.</p>}
      <table data-testid="history">
        <thead>
          <tr>
            <th>when</th>
            <th>side</th>
            <th>price ({market.quote.symbol})</th>
            <th>amount ({market.base.symbol})</th>
            <th>value ({market.quote.symbol})</th>
            <th>role</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => {
            const maker = BigInt(f.makerIdentity) === fills.data!.identity;
            const makerBought = BigInt(f.makerSide) === BigInt(Side.Bid);
            const bought = maker ? makerBought : !makerBought;
            return (
              <tr key={f.id}>
                <td>{formatWhen(blockTimeToDate(BigInt(f.timestamp), session.timeUnit))}</td>
                <td>{bought ? "bought" : "sold"}</td>
                <td>{tickToPrice(market.grid, BigInt(f.tick))}</td>
                <td>{formatAmount(BigInt(f.base), market.base.decimals)}</td>
                <td>{formatAmount(BigInt(f.quote), market.quote.decimals)}</td>
                <td>{maker ? "maker" : "taker"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Candles({ market }: { market: Market }) {
  const session = useSession();
  const base = session.deployment.indexerUrl;
  const candles = useChainData(
    async () => {
      if (!base) return [];
      const data = await gql<{ candles: { items: CandleRow[] } }>(base, candlesQuery(market.pairId, 60));
      return data.candles.items;
    },
    [market.pairId],
    5_000,
  );
  return (
    <section aria-label="Price chart">
      <h2>Price (one-minute candles)</h2>
      <Suspense fallback={<p className="muted">Loading the chart…</p>}>
        <CandleChart candles={candles.data ?? []} grid={market.grid} timeUnit={session.timeUnit} />
      </Suspense>
    </section>
  );
}

function Transfers() {
  const session = useSession();
  const base = session.deployment.indexerUrl;
  const rows = useChainData(
    async () => {
      if (!base) return [];
      const identity = await session.read.registry.identityOf(session.connection!.address);
      if (identity === 0n) return [];
      const data = await gql<{ deposits: { items: MovementRow[] }; withdrawals: { items: MovementRow[] } }>(
        base,
        movementsQuery(identity),
      );
      const all = [
        ...data.deposits.items.map((r) => ({ ...r, kind: "deposit" })),
        ...data.withdrawals.items.map((r) => ({ ...r, kind: "withdrawal" })),
      ].sort((a, b) => Number(BigInt(b.timestamp) - BigInt(a.timestamp)));
      return Promise.all(all.map(async (r) => ({ ...r, info: await tokenInfo(session.read, r.token) })));
    },
    [session.connection?.address],
    2_000,
  );
  return (
    <section aria-label="Transfers">
      <h2>Deposits and withdrawals (the identity&apos;s, on every venue)</h2>
      {rows.error && <p role="alert">{rows.error}</p>}
      <table data-testid="transfers">
        <thead>
          <tr>
            <th>when</th>
            <th>what</th>
            <th>amount</th>
            <th>transaction</th>
          </tr>
        </thead>
        <tbody>
          {(rows.data ?? []).map((r) => (
            <tr key={`${r.kind}${r.id}`}>
              <td>{formatWhen(blockTimeToDate(BigInt(r.timestamp), session.timeUnit))}</td>
              <td>{r.kind}</td>
              <td>
                {displayAmount(BigInt(r.amount), r.info.decimals)} {r.info.symbol}
              </td>
              <td>
                <code title={r.tx}>{r.tx.slice(0, 10)}…</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
