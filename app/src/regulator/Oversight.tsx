/**
 * The regulator's oversight, below the tree: the sanctions lists of the roots the account acts for (rebuilt from the
 * tree's SanctionAdded / SanctionLifted logs; add and lift with a reason), the pairs (state from PairRegistry, history
 * from the indexer's pair_history; approve, halt, resume, delist with a reason where the account holds GOVERN under
 * the pair's root), the venues and their licences (VenueRegistry's logs and views, the operator's node, the venue's
 * wind-down state), the AML monitor's alerts (live from the indexer's /aml/alerts, or an aml-report.json loaded from a file)
 * and the audit report (lib/replay in the browser, downloaded as JSON and Markdown). Every act is simulated first.
 */
import { getAddress, isAddress, ZeroAddress } from "ethers";
import { useCallback, useEffect, useMemo, useState } from "react";
import { queryEvents } from "../../../lib/replay/fetch";
import { Scope } from "../../../lib/scopes";
import { AuthorityTree__factory } from "../../../typechain-types/factories/contracts/authority/AuthorityTree__factory";
import { IVenueRegistry__factory } from "../../../typechain-types/factories/contracts/interfaces/IVenueRegistry__factory";
import { IPairRegistry__factory } from "../../../typechain-types/factories/contracts/interfaces/IPairRegistry__factory";
import { IExchange__factory } from "../../../typechain-types/factories/contracts/interfaces/IExchange.sol/IExchange__factory";
import { IERC20Metadata__factory } from "../../../typechain-types/factories/@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata__factory";
import { blockTimeToDate, formatWhen, storedTimeToDate } from "../core/time";
import { gql } from "../indexer";
import { useChainData, useSession } from "../state";
import { TxStatus, useTx } from "../tx";
import {
  PAIR_STATUS,
  pairActs,
  reasonBytes,
  reasonText,
  sanctionsFromLogs,
  type PairAct,
  type SanctionLog,
} from "./acts";
import type { BrowserAudit } from "./audit";

export function Oversight(props: { roots: bigint[]; isGovernor: boolean }) {
  return (
    <>
      <Sanctions roots={props.roots} />
      <Pairs />
      <Venues />
      <Alerts />
      <AuditReport />
    </>
  );
}

function useTree() {
  const session = useSession();
  return useMemo(
    () => AuthorityTree__factory.connect(session.deployment.contracts.AuthorityTree, session.provider),
    [session.deployment, session.provider],
  );
}

/** The account's rank under each root where it may keep the sanctions list (the root's account, or SANCTIONS). */
function useSanctionsRoots(roots: bigint[]) {
  const session = useSession();
  const tree = useTree();
  const me = session.connection!.address;
  return useChainData(async () => {
    const out: { root: bigint; node: bigint; rank: number }[] = [];
    for (const root of roots) {
      const id = await tree.nodeOf(me, root);
      if (id === 0n || !(await tree.isValid(id))) continue;
      const n = await tree.node(id);
      if (n.depth === 0n || (await tree.nodeHasScope(id, Scope.SANCTIONS)))
        out.push({ root, node: id, rank: Number(n.depth) });
    }
    return out;
  }, [me, roots.join(",")]);
}

function Sanctions({ roots }: { roots: bigint[] }) {
  const session = useSession();
  const tree = useTree();
  const tx = useTx();
  const mine = useSanctionsRoots(roots);
  const lists = useChainData(async () => {
    const range = { fromBlock: session.deployment.fromBlock };
    const out = new Map<bigint, { logs: SanctionLog[]; times: Map<number, number> }>();
    for (const root of roots) {
      const [added, lifted] = await Promise.all([
        queryEvents(session.provider, (f, t) => tree.queryFilter(tree.filters.SanctionAdded(root), f, t), range),
        queryEvents(session.provider, (f, t) => tree.queryFilter(tree.filters.SanctionLifted(root), f, t), range),
      ]);
      const all = [...added, ...lifted].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
      const logs: SanctionLog[] = all.map((l) => ({
        name: l.eventName as SanctionLog["name"],
        wallet: l.args.wallet,
        identityId: l.args.identityId,
        reason: l.eventName === "SanctionAdded" ? (l.args as unknown as { reason: string }).reason : undefined,
        node: l.args.node,
        rank: Number(l.args.rank),
        block: l.blockNumber,
      }));
      const times = new Map<number, number>();
      for (const b of new Set(logs.map((l) => l.block))) {
        const block = await session.provider.getBlock(b);
        if (block) times.set(b, block.timestamp);
      }
      out.set(root, { logs, times });
    }
    return out;
  }, [roots.join(",")]);
  const [root, setRoot] = useState("");
  const [kind, setKind] = useState<"wallet" | "identity">("wallet");
  const [party, setParty] = useState("");
  const [reason, setReason] = useState("");
  const acting = mine.data ?? [];
  const chosenRoot = root || (acting[0]?.root.toString() ?? "");
  const w = () =>
    AuthorityTree__factory.connect(session.deployment.contracts.AuthorityTree, session.connection!.signer);
  const partyArgs = (): [string, bigint] =>
    kind === "wallet" ? [getAddress(party), 0n] : [ZeroAddress, BigInt(party || "0")];
  const describe = (wallet: string, identityId: bigint, short = false) =>
    identityId !== 0n
      ? `identity #${identityId}`
      : `${session.labels.get(wallet.toLowerCase()) ?? "wallet"} ${short ? `${wallet.slice(0, 10)}…` : wallet}`;
  const add = () => {
    const t = w();
    const [wallet, identityId] = partyArgs();
    const r = BigInt(chosenRoot);
    const registry = session.deployment.contracts.IdentityRegistry;
    void tx.run(
      [
        {
          what: `list ${describe(wallet, identityId)} under root ${r} (${reason || "no reason"})`,
          simulate: () => t.addSanction.staticCall(r, wallet, identityId, reasonBytes(reason), registry),
          send: () => t.addSanction(r, wallet, identityId, reasonBytes(reason), registry),
        },
      ],
      { action: "sanction" },
    );
  };
  const lift = (r: bigint, wallet: string, identityId: bigint) => {
    const t = w();
    void tx.run(
      [
        {
          what: `lift the listing of ${describe(wallet, identityId)} under root ${r}`,
          simulate: () => t.liftSanction.staticCall(r, wallet, identityId),
          send: () => t.liftSanction(r, wallet, identityId),
        },
      ],
      { action: "lift sanction" },
    );
  };
  const partyOk = kind === "wallet" ? isAddress(party) : /^[1-9]\d*$/.test(party);
  return (
    <section aria-label="Sanctions" data-testid="sanctions">
      <h2>Sanctions lists</h2>
      {acting.length === 0 ? (
        <p className="muted">
          Your account keeps no sanctions list: it needs a root, or a valid node holding SANCTIONS (lists shown read
          only).
        </p>
      ) : (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <label>
            Root{" "}
            <select aria-label="Sanctions root" value={chosenRoot} onChange={(e) => setRoot(e.target.value)}>
              {acting.map((a) => (
                <option key={a.root.toString()} value={a.root.toString()}>
                  #{a.root.toString()} (you at rank {a.rank})
                </option>
              ))}
            </select>
          </label>
          <label>
            Party{" "}
            <select aria-label="Party kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="wallet">a wallet</option>
              <option value="identity">a client identity (id)</option>
            </select>
          </label>
          <label>
            {kind === "wallet" ? "Wallet" : "Identity id"}{" "}
            <input aria-label="Party to list" value={party} onChange={(e) => setParty(e.target.value.trim())} />
          </label>
          <label>
            Reason{" "}
            <input
              aria-label="Sanction reason"
              value={reason}
              maxLength={31}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <button type="submit" disabled={!partyOk || !reason}>
            Add to the list
          </button>
        </form>
      )}
      <TxStatus state={tx.state} />
      {lists.error && <p role="alert">{lists.error}</p>}
      {[...(lists.data?.entries() ?? [])].map(([r, { logs, times }]) => {
        const rows = sanctionsFromLogs(logs);
        const me = acting.find((a) => a.root === r);
        const when = (b: number) =>
          times.has(b) ? formatWhen(blockTimeToDate(times.get(b)!, session.timeUnit)) : `block ${b}`;
        return (
          <div key={r.toString()}>
            <h3>Root #{r.toString()}</h3>
            <table data-testid={`sanctions-${r}`}>
              <caption>Listed now</caption>
              <thead>
                <tr>
                  <th>Party</th>
                  <th>Reason</th>
                  <th>By node (rank)</th>
                  <th>Since</th>
                  <th>Act</th>
                </tr>
              </thead>
              <tbody>
                {rows.every((x) => !x.listed) && (
                  <tr>
                    <td colSpan={5}>Nobody is listed under this root.</td>
                  </tr>
                )}
                {rows
                  .filter((x) => x.listed)
                  .map((x) => (
                    <tr key={`${x.wallet}/${x.identityId}`}>
                      <td>
                        {x.identityId === 0n ? (
                          <>
                            {session.labels.get(x.wallet.toLowerCase()) ?? "wallet"} <code>{x.wallet}</code>
                          </>
                        ) : (
                          describe(x.wallet, x.identityId)
                        )}
                      </td>
                      <td>{reasonText(x.reason)}</td>
                      <td>
                        #{x.node.toString()} ({x.rank})
                      </td>
                      <td>{when(x.block)}</td>
                      <td>
                        {me && me.rank <= x.rank ? (
                          <button
                            type="button"
                            aria-label={`Lift the listing of ${describe(x.wallet, x.identityId)}`}
                            onClick={() => lift(r, x.wallet, x.identityId)}
                          >
                            Lift
                          </button>
                        ) : (
                          <span className="muted">{me ? `listed at rank ${x.rank}, above yours` : "read only"}</span>
                        )}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
            <details>
              <summary>
                History of root #{r.toString()}&apos;s list ({logs.length})
              </summary>
              <table>
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Change</th>
                    <th>Party</th>
                    <th>Reason</th>
                    <th>Node (rank)</th>
                  </tr>
                </thead>
                <tbody>
                  {logs.map((l, i) => (
                    <tr key={i}>
                      <td>{when(l.block)}</td>
                      <td>{l.name === "SanctionAdded" ? "listed" : "lifted"}</td>
                      <td>{describe(l.wallet, l.identityId, true)}</td>
                      <td>{reasonText(l.reason)}</td>
                      <td>
                        #{l.node.toString()} ({l.rank})
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </div>
        );
      })}
    </section>
  );
}

type PairHistoryRow = {
  id: string;
  pairId: string;
  change: string;
  node?: string | null;
  rank?: string | null;
  reason?: string | null;
  timestamp: string;
};

function Pairs() {
  const session = useSession();
  const tree = useTree();
  const tx = useTx();
  const me = session.connection!.address;
  const pairs = useMemo(
    () => IPairRegistry__factory.connect(session.deployment.contracts.PairRegistry, session.provider),
    [session.deployment, session.provider],
  );
  const data = useChainData(async () => {
    const count = Number(await pairs.pairCount());
    const symbols = new Map<string, string>();
    const symbol = async (token: string) => {
      if (!symbols.has(token))
        symbols.set(
          token,
          await IERC20Metadata__factory.connect(token, session.provider)
            .symbol()
            .catch(() => token.slice(0, 8)),
        );
      return symbols.get(token)!;
    };
    const govern = new Map<bigint, number | undefined>();
    const governDepth = async (root: bigint) => {
      if (!govern.has(root)) {
        const id = await tree.nodeOf(me, root);
        const ok = id !== 0n && (await tree.isValid(id)) && (await tree.nodeHasScope(id, Scope.GOVERN));
        govern.set(root, ok ? Number((await tree.node(id)).depth) : undefined);
      }
      return govern.get(root);
    };
    const out = [];
    for (let id = 1; id <= Math.min(count, 100); id++) {
      const p = await pairs.pair(id);
      const status = PAIR_STATUS[Number(p.status)];
      const haltRank = status === "halted" ? Number(await pairs.haltRank(id)) : undefined;
      out.push({
        id,
        name: `${await symbol(p.baseToken)}/${await symbol(p.quoteToken)}`,
        status,
        root: p.root,
        proposer: p.proposerNode,
        haltRank,
        proposalExpiry: Number(p.proposalExpiry),
        acts: pairActs(status, await governDepth(p.root), haltRank),
      });
    }
    return out;
  }, [me]);
  const history = useChainData(
    async () => {
      const base = session.deployment.indexerUrl;
      if (!base) return undefined;
      const q = `{ pairHistorys(orderBy: "block", orderDirection: "desc", limit: 50) { items { id pairId change node rank reason timestamp } } }`;
      return (await gql<{ pairHistorys: { items: PairHistoryRow[] } }>(base, q)).pairHistorys.items;
    },
    [],
    2000,
  );
  const [reason, setReason] = useState("");
  const act = (id: number, name: string, a: PairAct) => {
    const w = IPairRegistry__factory.connect(session.deployment.contracts.PairRegistry, session.connection!.signer);
    const what = `${a} pair #${id} (${name})${a === "halt" || a === "delist" ? `: ${reason || "no reason"}` : ""}`;
    const step =
      a === "approve"
        ? { what, simulate: () => w.approvePair.staticCall(id), send: () => w.approvePair(id) }
        : a === "resume"
          ? { what, simulate: () => w.resumePair.staticCall(id), send: () => w.resumePair(id) }
          : a === "halt"
            ? {
                what,
                simulate: () => w.haltPair.staticCall(id, reasonBytes(reason)),
                send: () => w.haltPair(id, reasonBytes(reason)),
              }
            : {
                what,
                simulate: () => w.delistPair.staticCall(id, reasonBytes(reason)),
                send: () => w.delistPair(id, reasonBytes(reason)),
              };
    void tx.run([step], { action: a });
  };
  const awaiting = data.data?.filter((p) => p.status === "proposed") ?? [];
  return (
    <section aria-label="Pairs" data-testid="pairs">
      <h2>Pairs</h2>
      <p>
        {awaiting.length === 0
          ? "No pair awaits approval."
          : `${awaiting.length} pair(s) await approval: ${awaiting.map((p) => `#${p.id} ${p.name}`).join(", ")}.`}
      </p>
      <label>
        Reason (halt, delist){" "}
        <input aria-label="Pair reason" value={reason} maxLength={31} onChange={(e) => setReason(e.target.value)} />
      </label>
      <TxStatus state={tx.state} />
      {data.error && <p role="alert">{data.error}</p>}
      <table>
        <thead>
          <tr>
            <th>Pair</th>
            <th>State</th>
            <th>Root</th>
            <th>Proposed by node</th>
            <th>Acts</th>
          </tr>
        </thead>
        <tbody>
          {data.data?.map((p) => (
            <tr key={p.id} data-testid={`pair-${p.id}`}>
              <td>
                #{p.id} {p.name}
              </td>
              <td>
                {p.status}
                {p.haltRank !== undefined && ` (by rank ${p.haltRank})`}
                {p.status === "proposed" && `, approvable until ${formatWhen(storedTimeToDate(p.proposalExpiry))}`}
              </td>
              <td>#{p.root.toString()}</td>
              <td>#{p.proposer.toString()}</td>
              <td>
                {(["approve", "halt", "resume", "delist"] as const)
                  .filter((a) => p.acts[a] === true)
                  .map((a) => (
                    <button
                      key={a}
                      type="button"
                      aria-label={`${a[0].toUpperCase()}${a.slice(1)} pair ${p.id} ${p.name}`}
                      onClick={() => act(p.id, p.name, a)}
                    >
                      {a[0].toUpperCase() + a.slice(1)}
                    </button>
                  ))}
                {(["approve", "halt", "resume", "delist"] as const).every((a) => p.acts[a] !== true) && (
                  <span className="muted">{String(p.acts.halt)}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>History (indexer)</h3>
      {history.error && <p className="muted">The indexer did not answer: {history.error}</p>}
      <table data-testid="pair-history">
        <thead>
          <tr>
            <th>When</th>
            <th>Pair</th>
            <th>Change</th>
            <th>Node (rank)</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {history.data?.map((h) => (
            <tr key={h.id}>
              <td>{formatWhen(blockTimeToDate(BigInt(h.timestamp), session.timeUnit))}</td>
              <td>#{h.pairId}</td>
              <td>{h.change}</td>
              <td>{h.node ? `#${h.node}${h.rank != null ? ` (${h.rank})` : ""}` : ""}</td>
              <td>{reasonText(h.reason)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const WIND_DOWN = ["trading", "winding down", "wound down"];

function Venues() {
  const session = useSession();
  const tree = useTree();
  const data = useChainData(async () => {
    const registry = IVenueRegistry__factory.connect(session.deployment.contracts.VenueRegistry, session.provider);
    const logs = await queryEvents(
      session.provider,
      (f, t) => registry.queryFilter(registry.filters.VenueRegistered(), f, t),
      { fromBlock: session.deployment.fromBlock },
    );
    const seen = new Set<string>();
    const out = [];
    for (const l of logs) {
      const key = `${l.args.venue}/${l.args.root}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const venue = l.args.venue;
      const root = l.args.root;
      const [[operatorNode, scope], owner, licensed] = await Promise.all([
        registry.registration(venue, root),
        registry.registeredOwner(venue, root),
        registry.isLicensed(venue, root),
      ]);
      const [valid, until] =
        operatorNode !== 0n
          ? await Promise.all([tree.isValid(operatorNode), tree.validUntil(operatorNode)])
          : [false, 0n];
      const exchange = IExchange__factory.connect(venue, session.provider);
      const wind = await exchange.windDownState().catch(() => undefined);
      out.push({
        venue,
        root,
        operatorNode,
        scope: Number(scope),
        owner,
        licensed,
        valid,
        until: Number(until),
        wind: wind ? `${WIND_DOWN[Number(wind[0])]}${Number(wind[0]) > 0 ? ` (rank ${wind[1]})` : ""}` : "not read",
      });
    }
    return out;
  }, []);
  const name = (a: string) => session.labels.get(a.toLowerCase()) ?? `${a.slice(0, 10)}…`;
  // A venue by its deployment name ("Exchange") when it is one of the suite's, not its address twice.
  const venueName = (a: string) =>
    Object.entries(session.deployment.contracts).find(([, at]) => at.toLowerCase() === a.toLowerCase())?.[0] ??
    session.labels.get(a.toLowerCase()) ??
    "";
  return (
    <section aria-label="Venues" data-testid="venues">
      <h2>Venues and their licences</h2>
      {data.error && <p role="alert">{data.error}</p>}
      {data.data?.length === 0 && <p>No venue is registered.</p>}
      <table>
        <thead>
          <tr>
            <th>Venue</th>
            <th>Root</th>
            <th>Operator</th>
            <th>Licence (node, scope)</th>
            <th>Valid until</th>
            <th>Licensed now</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {data.data?.map((v) => (
            <tr key={`${v.venue}/${v.root}`}>
              <td>
                {venueName(v.venue)} <code>{v.venue}</code>
              </td>
              <td>#{v.root.toString()}</td>
              <td>{v.owner === ZeroAddress ? "none" : name(v.owner)}</td>
              <td>
                {v.operatorNode === 0n
                  ? "deregistered"
                  : `#${v.operatorNode} ${v.scope === Scope.CUSTODY ? "CUSTODY" : "EXCHANGE"}, ${v.valid ? "valid" : "not valid"}`}
              </td>
              <td>{v.until > 0 ? formatWhen(storedTimeToDate(v.until)) : "not valid"}</td>
              <td>{v.licensed ? "yes" : "no"}</td>
              <td>{v.wind}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type AlertRow = {
  rule: string;
  summary: string;
  identities: string[];
  txs: string[];
  fromDate?: string;
  toDate?: string;
};

type AlertReport = { alerts: AlertRow[]; from?: string; to?: string };

/** How often the live alerts are fetched again (the monitor reruns over the indexed history on each fetch). */
const ALERTS_POLL_MS = 10_000;

/** The alerts of one report (the indexer's live answer or a loaded file), one row each. */
function AlertTable(props: { report: AlertReport; source: string; testId: string }) {
  const { report } = props;
  const to = formatWhen(new Date(report.to ?? ""));
  // The live endpoint's default range starts at time 0: the whole history.
  const span = !report.from
    ? ""
    : new Date(report.from).getTime() === 0
      ? ` over the whole history up to ${to}`
      : ` from ${formatWhen(new Date(report.from))} to ${to}`;
  if (report.alerts.length === 0)
    return (
      <p data-testid={props.testId}>
        {props.source}: no alerts{span}.
      </p>
    );
  return (
    <table data-testid={props.testId}>
      <caption>
        {props.source}: {report.alerts.length} alert(s){span}
      </caption>
      <thead>
        <tr>
          <th>Rule</th>
          <th>Last evidence</th>
          <th>Summary</th>
          <th>Identities</th>
          <th>Transactions</th>
        </tr>
      </thead>
      <tbody>
        {report.alerts.map((a, i) => (
          <tr key={i}>
            <td>{a.rule}</td>
            <td>{a.toDate ? formatWhen(new Date(a.toDate)) : ""}</td>
            <td>{a.summary}</td>
            <td>{a.identities.map((x) => `#${x}`).join(" ")}</td>
            <td>{a.txs.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The AML monitor's alerts live: the indexer runs the monitor (indexer/monitor, the rules and thresholds of
 * `npx hardhat aml:report`) over its database at GET /aml/alerts, fetched here every 10 s or on demand. An
 * aml-report.json can still be loaded from a file (an indexer without the endpoint, or a report of another range).
 */
function Alerts() {
  const session = useSession();
  const base = session.deployment.indexerUrl;
  const [live, setLive] = useState<{ report?: AlertReport; error?: string; at?: Date; loading?: boolean }>({});
  const refresh = useCallback(async () => {
    if (!base) return;
    setLive((s) => ({ ...s, loading: true }));
    try {
      const response = await fetch(`${base}/aml/alerts`, { cache: "no-store" });
      const json = (await response.json()) as AlertReport & { error?: string };
      if (!response.ok || !Array.isArray(json.alerts)) throw new Error(json.error ?? `HTTP ${response.status}`);
      setLive({ report: json, at: new Date() });
    } catch (e) {
      setLive((s) => ({ ...s, loading: false, error: e instanceof Error ? e.message : String(e) }));
    }
  }, [base]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), ALERTS_POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  const [report, setReport] = useState<AlertReport & { file: string }>();
  const [problem, setProblem] = useState<string>();
  const load = async (file?: File) => {
    setProblem(undefined);
    if (!file) return;
    try {
      const json = JSON.parse(await file.text()) as { alerts?: AlertRow[]; from?: string; to?: string };
      if (!Array.isArray(json.alerts)) throw new Error("no alerts list: is it the monitor's aml-report.json?");
      setReport({ file: file.name, alerts: json.alerts, from: json.from, to: json.to });
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section aria-label="AML alerts" data-testid="alerts">
      <h2>AML monitor</h2>
      <p>
        The monitor&apos;s rules (wash trading, structuring, rapid in-and-out, layering, cancel ratio, tainted
        counterparty) run in the indexer over its database, over the whole history, with the thresholds of{" "}
        <code>indexer/aml.config.json</code> (as <code>npx hardhat aml:report</code>).
      </p>
      <h3>Live (indexer)</h3>
      {!base && <p className="muted">No indexer configured: load a report file below.</p>}
      {base && (
        <p>
          <button type="button" onClick={() => void refresh()} disabled={live.loading}>
            Refresh alerts
          </button>{" "}
          <span className="muted" aria-live="polite">
            {live.loading ? "running the monitor…" : live.at ? `as of ${formatWhen(live.at)}, every 10 s` : ""}
          </span>
        </p>
      )}
      {live.error && <p className="muted">The indexer did not answer: {live.error}</p>}
      {live.report && <AlertTable report={live.report} source="Live monitor (indexer)" testId="live-alerts" />}
      <h3>From a report file</h3>
      <p>
        Or load an <code>aml-report.json</code> written by{" "}
        <code>npx hardhat aml:report --network NAME --out reports/aml</code> (another range, or an indexer without the
        live endpoint).
      </p>
      <label>
        AML report{" "}
        <input
          aria-label="AML report file"
          type="file"
          accept="application/json,.json"
          onChange={(e) => void load(e.target.files?.[0])}
        />
      </label>
      {problem && <p role="alert">{problem}</p>}
      {report && <AlertTable report={report} source={report.file} testId="alert-rows" />}
    </section>
  );
}

/** Save `text` as a file (a download of a blob URL). */
function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function AuditReport() {
  const session = useSession();
  const [state, setState] = useState<{ running?: boolean; result?: BrowserAudit; error?: string }>({});
  const build = async () => {
    setState({ running: true });
    try {
      const { auditInBrowser } = await import("./audit");
      setState({
        result: await auditInBrowser(session.provider, session.deployment.contracts, session.deployment.fromBlock),
      });
    } catch (e) {
      setState({ error: e instanceof Error ? e.message : String(e) });
    }
  };
  const save = async (kind: "json" | "md") => {
    const { auditJson, auditMarkdown } = await import("./audit");
    const meta = {
      network: session.deployment.network,
      chainId: session.deployment.chainId,
      at: new Date().toISOString(),
    };
    if (kind === "json") download("audit-report.json", "application/json", auditJson(state.result!, meta));
    else download("audit-report.md", "text/markdown", auditMarkdown(state.result!, meta));
  };
  const r = state.result;
  return (
    <section aria-label="Audit report" data-testid="audit">
      <h2>Audit report</h2>
      <p>
        Rebuilds the suite&apos;s state from every event since its deployment and compares it with the contracts&apos;
        views (lib/replay, as <code>npx hardhat audit:replay</code>), here in the browser.
      </p>
      <button type="button" onClick={() => void build()} disabled={state.running}>
        {state.running ? "Building the audit report…" : "Build the audit report"}
      </button>
      {state.error && <p role="alert">{state.error}</p>}
      {r && (
        <div data-testid="audit-result">
          <p>
            Blocks {r.fromBlock} to {r.toBlock} ({r.seconds.toFixed(1)} s):{" "}
            <strong>
              {r.report.differences.length === 0
                ? "no difference between the events and the views"
                : `${r.report.differences.length} difference(s)`}
            </strong>
            ;{" "}
            {Object.entries(r.report.counts)
              .filter(([, v]) => Number(v) > 0)
              .map(([k, v]) => `${k} ${String(v)}`)
              .join(", ")}
            .
          </p>
          <button type="button" onClick={() => void save("json")}>
            Download the report (JSON)
          </button>{" "}
          <button type="button" onClick={() => void save("md")}>
            Download the report (Markdown)
          </button>
        </div>
      )}
    </section>
  );
}
