/**
 * The venue's operation, for its operator: fees (the rates, the cap the steward set, a raise scheduled with notice
 * while books are open and applied once it has run), the books (grid, best prices, fees accrued, collected into the
 * operator's account; a listed pair's book opened), the wind-down (issue 17: start it, return resting orders in
 * bounded batches, finalize once nothing rests; or resume) and the successor venue.
 */
import { ZeroAddress, type ContractTransactionResponse } from "ethers";
import { useState } from "react";
import { formatWhen, storedTimeToDate } from "../core/time";
import { displayAmount } from "../core/units";
import { chainNow, useChainData, useSession } from "../state";
import { TxStatus, useTx } from "../tx";

const WIND_DOWN = ["trading", "winding down", "wound down"];
/** Resting orders returned per transaction (bounded: each costs gas). */
const RETURN_BATCH = 50;

export function Venue() {
  const session = useSession();
  const tx = useTx();
  const [maker, setMaker] = useState("");
  const [taker, setTaker] = useState("");
  const [pairToOpen, setPairToOpen] = useState("");
  const [next, setNext] = useState("");
  const state = useChainData(async () => {
    const v = session.read.venue;
    const [fees, pending, notice, books, wind, successor] = await Promise.all([
      v.fees(),
      v.pendingFees(),
      v.FEE_NOTICE(),
      v.books(),
      v.windDownState(),
      v.successor(),
    ]);
    const rows = await Promise.all(
      books.map(async (pairId) => {
        const [config, best, accrued, rates, pair] = await Promise.all([
          v.bookConfig(pairId),
          v.bestPrices(pairId),
          v.pairFees(pairId),
          v.feeRates(pairId),
          session.read.pairs.pair(pairId),
        ]);
        const [base, quote] = await Promise.all(
          [pair.baseToken, pair.quoteToken].map(async (t) => {
            const c = session.read.token(t);
            return { symbol: await c.symbol(), decimals: Number(await c.decimals()) };
          }),
        );
        return { pairId, config, best, accrued, rates, base, quote };
      }),
    );
    const now = await chainNow(session);
    return { fees, pending, notice: Number(notice), rows, wind, successor, now };
  }, []);
  if (!state.data) return <p>{state.error ?? "Reading the venue…"}</p>;
  const s = state.data;
  const w = session.write!.venue;
  const one = (
    what: string,
    action: string,
    sim: () => Promise<unknown>,
    send: () => Promise<ContractTransactionResponse>,
  ) => void tx.run([{ what, simulate: sim, send }], { action });
  const bps = (x: bigint | number) => `${Number(x)} bp (${(Number(x) / 100).toLocaleString()}%)`;
  const price = (tick: bigint, grid: { tickSize: bigint }, q: { decimals: number; symbol: string }) =>
    tick === 0n ? "none" : `${displayUnits(tick * grid.tickSize, q.decimals)} ${q.symbol}`;
  const [state_, rank, empty] = [Number(s.wind.state), Number(s.wind.rank), s.wind.empty];
  return (
    <section aria-label="Venue">
      <section aria-label="Fees">
        <h2>
          Fees of the venue <code>{session.deployment.contracts.Exchange}</code>
        </h2>
        <p data-testid="fees">
          maker {bps(s.fees.makerBps)}, taker {bps(s.fees.takerBps)}; cap {bps(s.fees.capBps)} (set by the steward). A
          raise waits {(s.notice / 86_400).toLocaleString()} days while books are open; a cut applies at once.
        </p>
        {s.pending.effectiveAt !== 0n && (
          <p data-testid="pending-fees">
            Scheduled: maker {bps(s.pending.makerBps)}, taker {bps(s.pending.takerBps)}, from{" "}
            {formatWhen(storedTimeToDate(s.pending.effectiveAt))}.
          </p>
        )}
        <div className="row">
          <label>
            Maker fee (bp){" "}
            <input
              aria-label="Maker fee"
              inputMode="numeric"
              value={maker}
              onChange={(e) => setMaker(e.target.value)}
            />
          </label>
          <label>
            Taker fee (bp){" "}
            <input
              aria-label="Taker fee"
              inputMode="numeric"
              value={taker}
              onChange={(e) => setTaker(e.target.value)}
            />
          </label>
          <button
            type="button"
            disabled={!/^\d+$/.test(maker) || !/^\d+$/.test(taker)}
            onClick={() =>
              one(
                `set the fees to maker ${maker} bp, taker ${taker} bp`,
                "set fees",
                () => w.setFees.staticCall(Number(maker), Number(taker)),
                () => w.setFees(Number(maker), Number(taker)),
              )
            }
          >
            Set the fees
          </button>
          <button
            type="button"
            // Offered once the notice has run (anyone may apply then; a raise lapses after another notice).
            disabled={s.pending.effectiveAt === 0n || s.now < Number(s.pending.effectiveAt)}
            title={
              s.pending.effectiveAt === 0n
                ? "Not offered: no fee change is scheduled"
                : s.now < Number(s.pending.effectiveAt)
                  ? "Not offered: the scheduled fees are not yet effective"
                  : undefined
            }
            onClick={() =>
              one(
                "apply the scheduled fees",
                "apply fees",
                () => w.applyFees.staticCall(),
                () => w.applyFees(),
              )
            }
          >
            Apply the scheduled fees
          </button>
        </div>
      </section>
      <section aria-label="Books">
        <h2>Books</h2>
        <table data-testid="books">
          <thead>
            <tr>
              <th scope="col">pair</th>
              <th scope="col">grid</th>
              <th scope="col">best bid / ask</th>
              <th scope="col">fee rates</th>
              <th scope="col">fees accrued</th>
              <th scope="col">act</th>
            </tr>
          </thead>
          <tbody>
            {s.rows.map((r) => (
              <tr key={r.pairId.toString()}>
                <td>
                  #{r.pairId.toString()} {r.base.symbol}/{r.quote.symbol}
                </td>
                <td>
                  lot {displayUnits(r.config.lotSize, r.base.decimals)} {r.base.symbol}, step{" "}
                  {displayUnits(r.config.tickSize, r.quote.decimals)} {r.quote.symbol}, at least{" "}
                  {r.config.minLots.toString()} lot(s)
                </td>
                <td>
                  {price(r.best.bid, r.config, r.quote)} / {price(r.best.ask, r.config, r.quote)}
                </td>
                <td>
                  {Number(r.rates.makerBps)} / {Number(r.rates.takerBps)} bp
                </td>
                <td>
                  {displayUnits(r.accrued.baseAmount, r.base.decimals)} {r.base.symbol},{" "}
                  {displayUnits(r.accrued.quoteAmount, r.quote.decimals)} {r.quote.symbol}
                </td>
                <td>
                  <button
                    type="button"
                    // Nothing to collect while nothing has accrued.
                    disabled={r.accrued.baseAmount === 0n && r.accrued.quoteAmount === 0n}
                    title={
                      r.accrued.baseAmount === 0n && r.accrued.quoteAmount === 0n ? "No fees have accrued" : undefined
                    }
                    onClick={() =>
                      one(
                        `collect the fees of pair #${r.pairId}`,
                        "collect fees",
                        () => w.collectFees.staticCall(r.pairId),
                        () => w.collectFees(r.pairId),
                      )
                    }
                  >
                    Collect the fees of pair #{r.pairId.toString()}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="row">
          <label>
            Listed pair to open{" "}
            <input
              aria-label="Pair to open"
              inputMode="numeric"
              value={pairToOpen}
              onChange={(e) => setPairToOpen(e.target.value)}
            />
          </label>
          <button
            type="button"
            disabled={!/^\d+$/.test(pairToOpen)}
            onClick={() =>
              one(
                `open the book of pair #${pairToOpen}`,
                "open a book",
                () => w.openBook.staticCall(Number(pairToOpen)),
                () => w.openBook(Number(pairToOpen)),
              )
            }
          >
            Open the book
          </button>
        </div>
      </section>
      <section aria-label="Wind-down and successor">
        <h2>Wind-down and successor</h2>
        <p data-testid="wind-down">
          The venue is {WIND_DOWN[state_] ?? `in state ${state_}`}
          {state_ === 1 ? ` (set at depth ${rank}); ${empty ? "no order rests" : "orders still rest"}` : ""}. Successor:{" "}
          {s.successor === ZeroAddress ? "none named" : <code>{s.successor}</code>}.
        </p>
        <div className="row">
          <button
            type="button"
            disabled={state_ !== 0}
            onClick={() =>
              one(
                "start the wind-down",
                "wind down",
                () => w.windDown.staticCall(),
                () => w.windDown(),
              )
            }
          >
            Start the wind-down
          </button>
          <button
            type="button"
            disabled={state_ !== 1}
            onClick={() =>
              one(
                `return up to ${RETURN_BATCH} resting orders`,
                "return orders",
                () => w.returnOrders.staticCall(RETURN_BATCH),
                () => w.returnOrders(RETURN_BATCH),
              )
            }
          >
            Return up to {RETURN_BATCH} resting orders
          </button>
          <button
            type="button"
            disabled={state_ !== 1}
            onClick={() =>
              one(
                "finalize the wind-down",
                "finalize wind-down",
                () => w.finalizeWindDown.staticCall(),
                () => w.finalizeWindDown(),
              )
            }
          >
            Finalize the wind-down
          </button>
          <button
            type="button"
            disabled={state_ !== 1}
            onClick={() =>
              one(
                "resume trading",
                "resume trading",
                () => w.resumeTrading.staticCall(),
                () => w.resumeTrading(),
              )
            }
          >
            Resume trading
          </button>
        </div>
        <div className="row">
          <label>
            Successor venue{" "}
            <input aria-label="Successor venue" value={next} onChange={(e) => setNext(e.target.value)} />
          </label>
          <button
            type="button"
            // Nothing to withdraw while no successor is named (and nothing typed to name one).
            disabled={!next && s.successor === ZeroAddress}
            title={!next && s.successor === ZeroAddress ? "No successor is named: type a venue to name one" : undefined}
            onClick={() => {
              const to = next || ZeroAddress;
              one(
                next ? `name ${next} as the successor` : "withdraw the successor's naming",
                "set successor",
                () => w.setSuccessor.staticCall(to),
                () => w.setSuccessor(to),
              );
            }}
          >
            {next ? "Name the successor" : "Withdraw the successor"}
          </button>
        </div>
      </section>
      <TxStatus state={tx.state} />
    </section>
  );
}

/** Smallest units as a grouped decimal (core/units' displayAmount), for the grid and amounts. */
function displayUnits(value: bigint, decimals: number): string {
  return displayAmount(value, decimals);
}
