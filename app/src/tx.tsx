/**
 * One write, as the user sees it: simulated first (a refusal is shown in words and nothing is signed), then sent,
 * with its progress (awaiting the signature, pending with its hash, confirmed in block N) and its receipt; a
 * transaction that fails after all is explained from its error the same way.
 */
import type { ContractTransactionResponse } from "ethers";
import { useState } from "react";
import type { RefusalContext } from "../../lib/errors/explain";
import { refused, refusalLines, simulate, type Refusal } from "./core/refusal";
import { explorerTxUrl } from "./chain";
import { useSession } from "./state";

export type TxStep = {
  /** What is done, in words ("deposit 100 USD"). */
  what: string;
  /** The eth_call of the write (staticCall). */
  simulate: () => Promise<unknown>;
  send: () => Promise<ContractTransactionResponse>;
};

export type TxState =
  | { phase: "idle" }
  | { phase: "simulating"; what: string }
  | { phase: "refused"; what: string; refusal?: Refusal; message: string; simulated: boolean }
  | { phase: "signing" | "pending"; what: string; hash?: string }
  | {
      phase: "confirmed";
      what: string;
      hash: string;
      block: number;
      gasUsed: bigint;
      /** The receipt's facts, shown where the chain has no explorer to link to. */
      receipt: { from: string; to: string | null; status: number | null; logs: number };
      explorer?: string;
    };

export function useTx() {
  const session = useSession();
  const [state, setState] = useState<TxState>({ phase: "idle" });
  /** Runs the steps in order (e.g. approve, then deposit); stops at the first refusal. */
  const run = async (steps: TxStep[], ctx: Partial<RefusalContext> = {}): Promise<boolean> => {
    const context = session.refusalContext(ctx);
    for (const step of steps) {
      setState({ phase: "simulating", what: step.what });
      const outcome = await simulate(session.errors, context, step.simulate);
      if (!outcome.ok) {
        setState({
          phase: "refused",
          what: step.what,
          refusal: outcome.refusal,
          message: outcome.message,
          simulated: true,
        });
        return false;
      }
      setState({ phase: "signing", what: step.what });
      try {
        const tx = await step.send();
        setState({ phase: "pending", what: step.what, hash: tx.hash });
        const receipt = await tx.wait();
        if (!receipt) throw new Error("no receipt");
        setState({
          phase: "confirmed",
          what: step.what,
          hash: receipt.hash,
          block: receipt.blockNumber,
          gasUsed: receipt.gasUsed,
          receipt: { from: receipt.from, to: receipt.to, status: receipt.status, logs: receipt.logs.length },
          explorer: explorerTxUrl(session.deployment.chainId, receipt.hash),
        });
      } catch (error) {
        const outcome = await refused(session.errors, context, error);
        setState({
          phase: "refused",
          what: step.what,
          refusal: outcome.ok ? undefined : outcome.refusal,
          message: outcome.ok ? "failed" : outcome.message,
          simulated: false,
        });
        return false;
      }
    }
    return true;
  };
  return { state, run, reset: () => setState({ phase: "idle" }) };
}

export function TxStatus({ state }: { state: TxState }) {
  if (state.phase === "idle") return null;
  if (state.phase === "refused") {
    const lines = state.refusal ? refusalLines(state.refusal) : [state.message];
    return (
      <div role="alert" className="tx refused" data-testid="refusal">
        <strong>
          {state.what}: {state.simulated ? "refused before sending (nothing was signed)" : "failed"}
        </strong>
        {lines.map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
    );
  }
  return (
    <div role="status" className={`tx ${state.phase}`} data-testid="tx-status">
      {state.phase === "simulating" && <span>{state.what}: simulating…</span>}
      {state.phase === "signing" && <span>{state.what}: awaiting the signature…</span>}
      {state.phase === "pending" && (
        <span>
          {state.what}: pending, transaction <code>{state.hash}</code>
        </span>
      )}
      {state.phase === "confirmed" && (
        <>
          <span>
            {state.what}: confirmed in block {state.block} (gas {state.gasUsed.toString()}), transaction{" "}
            <code title={state.hash}>{state.hash.slice(0, 10)}…</code>
          </span>{" "}
          {state.explorer ? (
            <a href={state.explorer} target="_blank" rel="noreferrer">
              its receipt on the explorer
            </a>
          ) : (
            <details className="receipt">
              <summary>Receipt</summary>
              <dl>
                <dt>transaction</dt>
                <dd>
                  <code>{state.hash}</code>
                </dd>
                <dt>status</dt>
                <dd>{state.receipt.status === 1 ? "succeeded" : "failed"}</dd>
                <dt>block</dt>
                <dd>{state.block}</dd>
                <dt>from</dt>
                <dd>
                  <code>{state.receipt.from}</code>
                </dd>
                <dt>to</dt>
                <dd>
                  <code>{state.receipt.to ?? "(a contract created)"}</code>
                </dd>
                <dt>gas used</dt>
                <dd>{state.gasUsed.toString()}</dd>
                <dt>events</dt>
                <dd>{state.receipt.logs}</dd>
              </dl>
            </details>
          )}
        </>
      )}
    </div>
  );
}
