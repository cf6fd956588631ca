/**
 * The regulator's workspace: the authority tree under the connected account's root as a picture (@xyflow/react, laid
 * out by core/treeLayout.ts from lib/tree.ts's collectTree); a node's details (chain) and history (the indexer's
 * node_history) on click or from the keyboard (Enter on a focused node), with the acts the account may do on it
 * (acts.ts: rank, scopes, the governor for a root), each simulated first and refused in words (tx.tsx); then the
 * sanctions lists, the pairs, the venues and their licences, the AML monitor and the audit report (Oversight.tsx).
 */
import { Background, Controls, ReactFlow, type Edge, type Node } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo, useState, type KeyboardEvent } from "react";
import { AuthorityTree__factory } from "../../../typechain-types/factories/contracts/authority/AuthorityTree__factory";
import { Scope, scopeMask, scopeNames, type ScopeName } from "../../../lib/scopes";
import { collectTree, type NodeView } from "../../../lib/tree";
import { blockTimeToDate, formatWhen, storedTimeToDate } from "../core/time";
import { layoutTree } from "../core/treeLayout";
import { gql } from "../indexer";
import { useChainData, useSession } from "../state";
import { TxStatus, useTx } from "../tx";
import { dateInputValue, leaseEndOf, NODE_STATUS, nodeActs, reasonBytes, reasonText, type NodeFacts } from "./acts";
import { Oversight } from "./Oversight";

const DAY = 86_400;

export function Regulator() {
  const session = useSession();
  const me = session.connection!;
  const tree = useMemo(
    () => AuthorityTree__factory.connect(session.deployment.contracts.AuthorityTree, session.provider),
    [session.deployment, session.provider],
  );
  const data = useChainData(async () => {
    const [roots, governor] = await Promise.all([tree.roots(0, 50), tree.governor()]);
    const isGovernor = governor.toLowerCase() === me.address.toLowerCase();
    // The roots this account acts for: its own nodes' (a regulator's own root first), or every root for the governor.
    const held: { root: bigint; mine: bigint }[] = [];
    for (const root of roots) {
      const mine = await tree.nodeOf(me.address, root);
      if (mine !== 0n || isGovernor) held.push({ root, mine });
    }
    if (held.length === 0) return null;
    const { root, mine } = held.find((h) => h.mine !== 0n) ?? held[0];
    return { root, mine, isGovernor, roots: held.map((h) => h.root), nodes: await collectTree(tree, root, 500) };
  }, [me.address]);
  const [selected, setSelected] = useState<bigint | undefined>();
  const { nodes, edges } = useMemo(() => {
    if (!data.data) return { nodes: [] as Node[], edges: [] as Edge[] };
    // Rows far enough apart for a node's label on four lines.
    const placed = layoutTree(data.data.nodes, 200, 180);
    return {
      nodes: placed.map((n): Node => ({
        id: n.id.toString(),
        position: { x: n.x, y: n.y },
        data: { label: nodeLabel(n, session.labels) },
        className: `tree-node ${n.valid ? "valid" : "invalid"}`,
        ariaLabel: `node ${n.id}: ${nodeLabel(n, session.labels)}`,
        selected: n.id === selected,
      })),
      edges: placed
        .filter((n) => n.parent !== undefined)
        .map((n): Edge => ({ id: `${n.parent}-${n.id}`, source: n.parent!.toString(), target: n.id.toString() })),
    };
  }, [data.data, session.labels, selected]);
  if (data.error && data.data === undefined) return <p role="alert">{data.error}</p>;
  if (data.data === undefined) return <p>Reading the tree…</p>;
  if (data.data === null) return <p>This account holds no node and is not the tree&apos;s governor.</p>;
  const chosen = data.data.nodes.find((n) => n.id === selected);
  /** Enter or Space on a focused node (React Flow makes each node a focusable group) opens it, as a click does. */
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== "Enter" && e.key !== " ") return;
    const id = (e.target as HTMLElement).closest(".react-flow__node")?.getAttribute("data-id");
    if (id) {
      e.preventDefault();
      setSelected(BigInt(id));
    }
  };
  return (
    <div className="workspace regulator">
      <section aria-label="Authority tree">
        <h2>
          Authority tree of root #{data.data.root.toString()}{" "}
          {data.data.mine !== 0n ? `(your node #${data.data.mine})` : "(you are the tree's governor)"}
        </h2>
        <p className="muted">
          Click a node, or reach it with Tab and press Enter, for its details, history and the acts your account may do
          on it.
        </p>
        <div style={{ height: 420 }} data-testid="tree" onKeyDown={onKey}>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            fitView
            nodesDraggable={false}
            nodesConnectable={false}
            onNodeClick={(_, n) => setSelected(BigInt(n.id))}
          >
            <Background />
            <Controls />
          </ReactFlow>
        </div>
      </section>
      {chosen && <NodePanel key={chosen.id.toString()} node={chosen} isGovernor={data.data.isGovernor} />}
      <Oversight roots={data.data.roots} isGovernor={data.data.isGovernor} />
    </div>
  );
}

function nodeLabel(n: NodeView, labels: ReadonlyMap<string, string>): string {
  const who = labels.get(n.account.toLowerCase()) ?? `${n.account.slice(0, 8)}…`;
  const state = n.valid ? "valid" : n.status !== "active" ? n.status : n.expired ? "expired" : "cut off";
  // The lease's day in the user's calendar (the picked day of a lease ends there; its UTC date may be the next).
  const until =
    n.expiry === "never"
      ? "never"
      : new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(new Date(n.expiry));
  return `#${n.id} ${who} [${n.scopes.join(" ")}] ${state}, until ${until}`;
}

type HistoryRow = {
  id: string;
  change: string;
  by?: string | null;
  byDepth?: string | null;
  expiry?: string | null;
  reason?: string | null;
  timestamp: string;
  tx: string;
};

/** A node's details (chain), history (indexer) and the acts the connected account may do on it. */
function NodePanel({ node, isGovernor }: { node: NodeView; isGovernor: boolean }) {
  const session = useSession();
  const me = session.connection!;
  const tx = useTx();
  const tree = useMemo(
    () => AuthorityTree__factory.connect(session.deployment.contracts.AuthorityTree, session.provider),
    [session.deployment, session.provider],
  );
  const facts = useChainData(async () => {
    const [n, valid, effective, children, validUntil, now] = await Promise.all([
      tree.node(node.id),
      tree.isValid(node.id),
      tree.effectiveScopes(node.id),
      tree.childCount(node.id),
      tree.validUntil(node.id),
      tree.currentTime(),
    ]);
    const [manages, managerDepth] = n.parent !== 0n ? await tree.managerRank(me.address, n.parent) : [false, 0n];
    // A renewal may not outlast the parent's lease (ExpiryBeyondParent): the earliest lease end above the node.
    let parentCap: number | undefined;
    if (n.parent !== 0n) {
      for (const a of await tree.ancestry(n.parent)) {
        const e = Number((await tree.node(a)).expiry);
        parentCap = parentCap === undefined ? e : Math.min(parentCap, e);
      }
      const own = Number((await tree.node(n.parent)).expiry);
      parentCap = parentCap === undefined ? own : Math.min(parentCap, own);
    }
    const f: NodeFacts = {
      status: NODE_STATUS[Number(n.status)],
      depth: Number(n.depth),
      parent: n.parent,
      suspenderDepth: Number(n.suspenderDepth),
      leaseDepth: Number(n.leaseDepth),
      valid,
      expired: now >= n.expiry,
      effectiveScopes: Number(effective),
    };
    return {
      facts: f,
      account: n.account,
      scopes: Number(n.scopes),
      expiry: Number(n.expiry),
      grantedAt: Number(n.grantedAt),
      children: Number(children),
      validUntil: Number(validUntil),
      now: Number(now),
      parentCap,
      acts: nodeActs(
        f,
        {
          holds: n.account.toLowerCase() === me.address.toLowerCase(),
          ancestorDepth: manages ? Number(managerDepth) : undefined,
          governor: isGovernor,
        },
        Scope.DELEGATE,
      ),
      rank: manages ? Number(managerDepth) : n.parent === 0n && isGovernor ? 0 : undefined,
    };
  }, [node.id, me.address]);
  const history = useChainData(
    async () => {
      const base = session.deployment.indexerUrl;
      if (!base) return undefined;
      const q = `{ nodeHistorys(where: { nodeId: "${node.id}" }, orderBy: "block", orderDirection: "desc", limit: 50) { items { id change by byDepth expiry reason timestamp tx } } }`;
      return (await gql<{ nodeHistorys: { items: HistoryRow[] } }>(base, q)).nodeHistorys.items;
    },
    [node.id],
    1000,
  );
  const [reason, setReason] = useState("");
  const [leaseDate, setLeaseDate] = useState("");
  const w = () =>
    AuthorityTree__factory.connect(session.deployment.contracts.AuthorityTree, session.connection!.signer);
  if (!facts.data) return <section aria-label="Node">{facts.error ?? "Reading the node…"}</section>;
  const d = facts.data;
  const name = (a: string) => session.labels.get(a.toLowerCase()) ?? a;
  const act = (call: "suspend" | "resume" | "revoke") => {
    const t = w();
    const what = `${call} node ${node.id}`;
    const steps =
      call === "resume"
        ? [{ what, simulate: () => t.resume.staticCall(node.id), send: () => t.resume(node.id) }]
        : [
            {
              what: reason ? `${what} (${reason})` : what,
              simulate: () => t[call].staticCall(node.id, reasonBytes(reason)),
              send: () => t[call](node.id, reasonBytes(reason)),
            },
          ];
    void tx.run(steps, { action: call });
  };
  /** Renew or shorten the node's lease (the tree's renew: only a higher rank may, and never past the parent's). */
  const renew = async () => {
    const t = w();
    const { expiry, capped } = leaseEndOf(leaseDate, d.parentCap);
    await tx.run(
      [
        {
          what: `set node ${node.id}'s lease to ${leaseDate}${capped ? " (capped at the parent's lease)" : ""}`,
          simulate: () => t.renew.staticCall(node.id, expiry),
          send: () => t.renew(node.id, expiry),
        },
      ],
      { action: "renew" },
    );
  };
  const offered = (a: keyof typeof d.acts) => d.acts[a] === true;
  const why = (a: keyof typeof d.acts) => (d.acts[a] === true ? undefined : `Not offered: ${d.acts[a]}`);
  const when = (s: number) => formatWhen(storedTimeToDate(s));
  return (
    <section aria-label="Node" data-testid="node-details">
      <h2>
        Node #{node.id.toString()}: {name(d.account)}
      </h2>
      <dl className="facts">
        <dt>Account</dt>
        <dd>
          <code>{d.account}</code>
        </dd>
        <dt>Status</dt>
        <dd data-testid="node-status">
          {d.facts.status}
          {d.facts.status === "suspended" && ` (by rank ${d.facts.suspenderDepth})`}
          {d.facts.valid ? ", valid" : ", not valid now"}
        </dd>
        <dt>Scopes</dt>
        <dd>
          {scopeNames(d.scopes).join(", ") || "none"}
          {d.facts.valid &&
            d.facts.effectiveScopes !== d.scopes &&
            ` (in effect: ${scopeNames(d.facts.effectiveScopes).join(", ")})`}
        </dd>
        <dt>Lease until</dt>
        <dd data-testid="node-lease">
          {when(d.expiry)} (set by rank {d.facts.leaseDepth}){d.facts.expired && ", ended"}
          {d.validUntil > 0 && d.validUntil < d.expiry && `; valid until ${when(d.validUntil)} (a parent's lease)`}
        </dd>
        <dt>Granted</dt>
        <dd>{when(d.grantedAt)}</dd>
        <dt>Depth and rank</dt>
        <dd>
          depth {d.facts.depth}, rank {d.facts.depth} (a root is rank 0, the highest; a restriction binds until its rank
          or a higher one lifts it)
        </dd>
        <dt>Parent</dt>
        <dd>{d.facts.parent === 0n ? "none: a root (the governor acts on it)" : `#${d.facts.parent}`}</dd>
        <dt>Children</dt>
        <dd data-testid="node-children">{d.children}</dd>
        <dt>You act here</dt>
        <dd>
          {d.rank === undefined
            ? d.acts.grant === true
              ? "you hold this node: you grant under it"
              : "not above this node"
            : `at rank ${d.rank}${isGovernor && d.facts.parent === 0n ? " (governor)" : ""}`}
        </dd>
      </dl>
      {(offered("suspend") || offered("resume") || offered("revoke")) && (
        <div className="row">
          <label>
            Reason{" "}
            <input aria-label="Reason" value={reason} maxLength={31} onChange={(e) => setReason(e.target.value)} />
          </label>
          {offered("suspend") && (
            <button type="button" onClick={() => act("suspend")}>
              Suspend
            </button>
          )}
          {offered("resume") && (
            <button type="button" onClick={() => act("resume")}>
              Resume
            </button>
          )}
          {offered("revoke") && (
            <button type="button" onClick={() => act("revoke")}>
              Revoke
            </button>
          )}
        </div>
      )}
      {offered("renew") && (
        <div className="row">
          <label>
            Lease until{" "}
            <input
              aria-label="Lease until"
              type="date"
              value={leaseDate}
              max={d.parentCap !== undefined ? dateInputValue(d.parentCap) : undefined}
              onChange={(e) => setLeaseDate(e.target.value)}
            />
          </label>
          <button type="button" onClick={() => void renew()} disabled={!leaseDate}>
            Set the lease
          </button>
          {d.parentCap !== undefined && <span className="muted">at most the parent&apos;s: {when(d.parentCap)}</span>}
        </div>
      )}
      <ul className="muted" data-testid="not-offered">
        {(["suspend", "resume", "revoke", "renew", "grant"] as const)
          .filter((a) => !offered(a))
          .map((a) => (
            <li key={a}>
              {a}: {why(a)}
            </li>
          ))}
      </ul>
      <TxStatus state={tx.state} />
      {offered("grant") && (
        <GrantForm parent={node.id} parentScopes={d.facts.effectiveScopes} cap={d.validUntil} now={d.now} />
      )}
      <h3>History</h3>
      {history.data === undefined && !history.error && <p className="muted">Reading the indexer…</p>}
      {history.error && <p className="muted">The indexer did not answer: {history.error}</p>}
      {history.data && (
        <table data-testid="node-history">
          <thead>
            <tr>
              <th>When</th>
              <th>Change</th>
              <th>By</th>
              <th>Rank</th>
              <th>Lease</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {history.data.map((h) => (
              <tr key={h.id}>
                <td>{formatWhen(blockTimeToDate(BigInt(h.timestamp), session.timeUnit))}</td>
                <td>{h.change}</td>
                <td>{h.by ? name(h.by) : ""}</td>
                <td>{h.byDepth ?? ""}</td>
                <td>{h.expiry ? when(Number(h.expiry)) : ""}</td>
                <td>{reasonText(h.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * Grant a child: an account, its scopes (those the parent holds in effect, as checkboxes) and a lease end picked as a
 * date in the user's calendar, capped at the parent's own validity (the tree's ExpiryBeyondParent), which is shown.
 */
function GrantForm(props: { parent: bigint; parentScopes: number; cap: number; now: number }) {
  const session = useSession();
  const tx = useTx();
  const available = scopeNames(props.parentScopes).filter((s): s is ScopeName => s in Scope);
  const [account, setAccount] = useState("");
  const [scopes, setScopes] = useState<ScopeName[]>(available.includes("KYC") ? ["KYC"] : []);
  const [date, setDate] = useState(() => dateInputValue(Math.min(props.now + 365 * DAY, props.cap)));
  const { expiry, capped } = date ? leaseEndOf(date, props.cap) : { expiry: 0, capped: false };
  const grant = async () => {
    const t = AuthorityTree__factory.connect(session.deployment.contracts.AuthorityTree, session.connection!.signer);
    const mask = scopeMask(...scopes);
    const who = session.labels.get(account.toLowerCase()) ?? account;
    await tx.run(
      [
        {
          what: `grant ${scopes.join(" ")} to ${who} under node ${props.parent} until ${formatWhen(storedTimeToDate(expiry))}`,
          simulate: () => t.grant.staticCall(props.parent, account, mask, expiry),
          send: () => t.grant(props.parent, account, mask, expiry),
        },
      ],
      { action: "grant" },
    );
  };
  return (
    <section aria-label="Grant a child">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void grant();
        }}
      >
        <fieldset>
          <legend>Grant a node under #{props.parent.toString()}</legend>
          <div className="row">
            <label>
              Account{" "}
              <input
                aria-label="Account to grant"
                size={44}
                value={account}
                onChange={(e) => setAccount(e.target.value.trim())}
                placeholder="0x…"
              />
            </label>
          </div>
          <fieldset className="row">
            <legend>Scopes</legend>
            {available.map((s) => (
              <label key={s}>
                <input
                  type="checkbox"
                  checked={scopes.includes(s)}
                  onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
                />{" "}
                {s}
              </label>
            ))}
          </fieldset>
          <div className="row">
            <label>
              Lease ends{" "}
              <input
                aria-label="Lease ends"
                type="date"
                value={date}
                max={dateInputValue(props.cap)}
                onChange={(e) => setDate(e.target.value)}
              />
            </label>
            <span className="muted" data-testid="grant-cap">
              at most this node&apos;s own validity: {formatWhen(storedTimeToDate(props.cap))}
              {capped && "; the date picked is later, so the lease ends then"}
            </span>
          </div>
          <button type="submit" disabled={!account || scopes.length === 0 || !date}>
            Grant
          </button>
        </fieldset>
      </form>
      <TxStatus state={tx.state} />
    </section>
  );
}
