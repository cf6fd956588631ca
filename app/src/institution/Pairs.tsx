/**
 * Pairs: a LIST holder proposes a pair of two assets of its root (spot; the grid in the assets' units; the
 * attestations it requires beyond the reserve; its eligibility policy: trusted roots, classes, barred jurisdictions;
 * how long the proposal may wait for a GOVERN holder's approval), and sees the root's pairs with their state.
 */
import { useState } from "react";
import {
  AttestationKind,
  kindMask,
  kindNames,
  PairStatus,
  nameOf,
  type AttestationKindName,
} from "../../../lib/assets";
import { classMask, classNames, type ClientClassName } from "../../../lib/classes";
import { formatAmount, parseAmount } from "../../../lib/units";
import { formatWhen, storedTimeToDate } from "../core/time";
import { chainNow, useChainData, useSession } from "../state";
import { TxStatus, useTx } from "../tx";
import { readAssets } from "./Assets";
import { ClassBoxes } from "./Attest";
import { DAY, type InstitutionNode } from "./logic";

const KINDS = (Object.keys(AttestationKind) as AttestationKindName[]).filter((k) => k !== "Reserve");

export function Pairs({ lister }: { lister: InstitutionNode }) {
  const session = useSession();
  const data = useChainData(async () => {
    const pairs = session.read.pairs;
    const assets = await readAssets(session, [lister.root]);
    const count = Math.min(Number(await pairs.pairCount()), 100);
    const rows = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const id = i + 1;
        const [p, status, tradable] = await Promise.all([pairs.pair(id), pairs.pairStatus(id), pairs.isTradable(id)]);
        return { id, p, status: Number(status), tradable };
      }),
    );
    return { assets, pairs: rows.filter((r) => r.p.root === lister.root).reverse() };
  }, [lister.root]);
  const symbol = (assetId: bigint) =>
    data.data?.assets.find((a) => BigInt(a.id) === assetId)?.symbol ?? `asset #${assetId}`;
  return (
    <>
      <Propose lister={lister} assets={data.data?.assets ?? []} />
      <section aria-label="Pair list">
        <h2>Pairs under root #{lister.root.toString()}</h2>
        {!data.data && <p>{data.error ?? "Reading the pairs…"}</p>}
        {data.data && (
          <table data-testid="pairs">
            <thead>
              <tr>
                <th scope="col">pair</th>
                <th scope="col">assets</th>
                <th scope="col">state</th>
                <th scope="col">proposed by</th>
                <th scope="col">proposal expires</th>
              </tr>
            </thead>
            <tbody>
              {data.data.pairs.map((r) => (
                <tr key={r.id}>
                  <td>#{r.id}</td>
                  <td>
                    {symbol(r.p.baseAsset)}/{symbol(r.p.quoteAsset)}
                  </td>
                  <td>
                    {nameOf(PairStatus, r.status)}
                    {r.status === PairStatus.Listed && !r.tradable ? " (not tradable now)" : ""}
                  </td>
                  <td>node #{r.p.proposerNode.toString()}</td>
                  {/* The deadline matters only while the pair awaits approval. */}
                  <td>{r.status === PairStatus.Proposed ? formatWhen(storedTimeToDate(r.p.proposalExpiry)) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function Propose({ lister, assets }: { lister: InstitutionNode; assets: Awaited<ReturnType<typeof readAssets>> }) {
  const session = useSession();
  const tx = useTx();
  const [base, setBase] = useState("");
  const [quote, setQuote] = useState("");
  const [lot, setLot] = useState("1");
  const [step, setStep] = useState("0.01");
  const [minLots, setMinLots] = useState("1");
  const [baseKinds, setBaseKinds] = useState<AttestationKindName[]>([]);
  const [quoteKinds, setQuoteKinds] = useState<AttestationKindName[]>([]);
  const [classes, setClasses] = useState<ClientClassName[]>(["INSTITUTIONAL", "ACCREDITED", "PROFESSIONAL"]);
  const [barred, setBarred] = useState("");
  const [days, setDays] = useState("7");
  const [problem, setProblem] = useState<string>();
  const b = assets.find((a) => String(a.id) === base);
  const q = assets.find((a) => String(a.id) === quote);
  const propose = async () => {
    setProblem(undefined);
    tx.reset();
    if (!b || !q) return;
    let lotSize: bigint, tickSize: bigint, barredList: number[];
    try {
      lotSize = parseAmount(lot, b.decimals, "lot size");
      // The price step is quote per lot: tick x tickSize x lots is the quote amount (lib/units.ts).
      tickSize = parseAmount(step, q.decimals, "price step");
      barredList = barred
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((x) => {
          if (!/^\d+$/.test(x)) throw new Error(`barred jurisdiction ${x} is not an ISO 3166 numeric code`);
          return Number(x);
        })
        .sort((x, y) => x - y);
      if (lotSize === 0n || tickSize === 0n) throw new Error("the lot size and the price step must be above zero");
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
      return;
    }
    const now = await chainNow(session);
    const terms = {
      baseAsset: b.id,
      quoteAsset: q.id,
      productType: 0, // spot: the only product the registry lists today
      tickSize,
      lotSize,
      minSize: lotSize * BigInt(minLots || "1"),
      baseAttestations: kindMask(...baseKinds),
      quoteAttestations: kindMask(...quoteKinds),
      proposalExpiry: now + Number(days) * DAY,
    };
    const policy = {
      trustedRoots: [lister.root],
      allowedClasses: classMask(...classes),
      barredJurisdictions: barredList,
    };
    const pairs = session.write!.pairs;
    await tx.run(
      [
        {
          what: `propose ${b.symbol}/${q.symbol} (lot ${formatAmount(lotSize, b.decimals)} ${b.symbol}, step ${formatAmount(tickSize, q.decimals)} ${q.symbol})`,
          simulate: () => pairs.proposePair.staticCall(lister.root, terms, policy),
          send: () => pairs.proposePair(lister.root, terms, policy),
        },
      ],
      { action: "propose a pair" },
    );
  };
  const kindBoxes = (label: string, value: AttestationKindName[], set: (v: AttestationKindName[]) => void) => (
    <fieldset className="row">
      <legend>{label}</legend>
      {KINDS.map((k) => (
        <label key={k}>
          <input
            type="checkbox"
            checked={value.includes(k)}
            onChange={(e) => set(e.target.checked ? [...value, k] : value.filter((x) => x !== k))}
          />{" "}
          {k}
        </label>
      ))}
    </fieldset>
  );
  return (
    <section aria-label="Propose a pair">
      <h2>
        Propose a pair (LIST node #{lister.id.toString()}, root #{lister.root.toString()})
      </h2>
      <div className="row">
        <label>
          Base asset{" "}
          <select aria-label="Base asset" value={base} onChange={(e) => setBase(e.target.value)}>
            <option value="">choose…</option>
            {assets.map((a) => (
              <option key={a.id} value={String(a.id)}>
                {a.symbol} (asset #{a.id})
              </option>
            ))}
          </select>
        </label>
        <label>
          Quote asset{" "}
          <select aria-label="Quote asset" value={quote} onChange={(e) => setQuote(e.target.value)}>
            <option value="">choose…</option>
            {assets.map((a) => (
              <option key={a.id} value={String(a.id)}>
                {a.symbol} (asset #{a.id})
              </option>
            ))}
          </select>
        </label>
        <label>
          Lot ({b?.symbol ?? "base"}){" "}
          <input aria-label="Lot size" inputMode="decimal" value={lot} onChange={(e) => setLot(e.target.value)} />
        </label>
        <label>
          Price step ({q?.symbol ?? "quote"} per lot){" "}
          <input aria-label="Price step" inputMode="decimal" value={step} onChange={(e) => setStep(e.target.value)} />
        </label>
        <label>
          Smallest order (lots){" "}
          <input
            aria-label="Smallest order (lots)"
            inputMode="numeric"
            value={minLots}
            onChange={(e) => setMinLots(e.target.value)}
          />
        </label>
      </div>
      {kindBoxes("Attestations required of the base (beyond a native asset's reserve)", baseKinds, setBaseKinds)}
      {kindBoxes("Attestations required of the quote", quoteKinds, setQuoteKinds)}
      <ClassBoxes classes={classes} setClasses={setClasses} />
      <div className="row">
        <label>
          Barred jurisdictions (ISO 3166 numeric, comma separated){" "}
          <input aria-label="Barred jurisdictions" value={barred} onChange={(e) => setBarred(e.target.value)} />
        </label>
        <label>
          Approvable for (days){" "}
          <input
            aria-label="Approvable for (days)"
            inputMode="numeric"
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        </label>
        <button type="button" disabled={!b || !q} onClick={() => void propose()}>
          Propose the pair
        </button>
      </div>
      <p className="muted">
        Trusted root: #{lister.root.toString()}; classes {classNames(classMask(...classes)).join(", ") || "none"};
        required of the base {kindNames(kindMask(...baseKinds)).join(", ") || "nothing more"}.
      </p>
      {problem && <p role="alert">{problem}</p>}
      <TxStatus state={tx.state} />
    </section>
  );
}
