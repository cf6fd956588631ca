/**
 * The regulator's workspace (skeleton): the authority tree under the connected account's root as a picture
 * (@xyflow/react, laid out by core/treeLayout.ts from lib/tree.ts's collectTree), a node's details on click, and the
 * acts on it (grant a child, suspend, resume, revoke), each simulated first and refused in words (tx.tsx). Still to
 * come (docs/console.md): lease shortening, the node's history from the indexer, sanctions, pairs awaiting approval,
 * venues and licences, alerts, the audit export.
 */
import { Background, Controls, ReactFlow, type Edge, type Node } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { encodeBytes32String } from "ethers";
import { useMemo, useState } from "react";
import { AuthorityTree__factory } from "../../../typechain-types/factories/contracts/authority/AuthorityTree__factory";
import { Scope, scopeMask, type ScopeName } from "../../../lib/scopes";
import { collectTree, type NodeView } from "../../../lib/tree";
import { layoutTree } from "../core/treeLayout";
import { useChainData, useSession } from "../state";
import { TxStatus, useTx } from "../tx";

const DAY = 86_400;

export function Regulator() {
  const session = useSession();
  const me = session.connection!;
  const tree = useMemo(
    () => AuthorityTree__factory.connect(session.deployment.contracts.AuthorityTree, session.provider),
    [session.deployment, session.provider],
  );
  const data = useChainData(async () => {
    const roots = await tree.roots(0, 50);
    // The root this account holds a node in (a regulator's own root first).
    for (const root of roots) {
      const mine = await tree.nodeOf(me.address, root);
      if (mine !== 0n) return { root, mine, nodes: await collectTree(tree, root, 500) };
    }
    return undefined;
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
      })),
      edges: placed
        .filter((n) => n.parent !== undefined)
        .map((n): Edge => ({ id: `${n.parent}-${n.id}`, source: n.parent!.toString(), target: n.id.toString() })),
    };
  }, [data.data, session.labels]);
  if (data.error) return <p role="alert">{data.error}</p>;
  if (!data.data) return <p>{data.data === undefined ? "Reading the tree…" : "This account holds no node."}</p>;
  const chosen = data.data.nodes.find((n) => n.id === selected);
  return (
    <div className="workspace regulator">
      <section aria-label="Authority tree">
        <h2>
          Authority tree of root #{data.data.root.toString()} (your node #{data.data.mine.toString()})
        </h2>
        <div style={{ height: 420 }} data-testid="tree">
          <ReactFlow
            nodes={nodes}
            edges={edges}
            fitView
            nodesDraggable={false}
            onNodeClick={(_, n) => setSelected(BigInt(n.id))}
          >
            <Background />
            <Controls />
          </ReactFlow>
        </div>
      </section>
      {chosen && <NodeActions node={chosen} />}
    </div>
  );
}

function nodeLabel(n: NodeView, labels: ReadonlyMap<string, string>): string {
  const who = labels.get(n.account.toLowerCase()) ?? `${n.account.slice(0, 8)}…`;
  const state = n.valid ? "valid" : n.status !== "active" ? n.status : n.expired ? "expired" : "cut off";
  return `#${n.id} ${who} [${n.scopes.join(" ")}] ${state}, until ${n.expiry.slice(0, 10)}`;
}

function NodeActions({ node }: { node: NodeView }) {
  const session = useSession();
  const tx = useTx();
  const [reason, setReason] = useState("");
  const [account, setAccount] = useState("");
  const [scopes, setScopes] = useState<ScopeName[]>(["KYC"]);
  const [days, setDays] = useState("90");
  const [leaseDate, setLeaseDate] = useState("");
  const w = () =>
    AuthorityTree__factory.connect(session.deployment.contracts.AuthorityTree, session.connection!.signer);
  const why = () => encodeBytes32String(reason.slice(0, 31) || "console");
  const act = (what: string, call: "suspend" | "resume" | "revoke") => {
    const t = w();
    const steps =
      call === "resume"
        ? [{ what, simulate: () => t.resume.staticCall(node.id), send: () => t.resume(node.id) }]
        : [{ what, simulate: () => t[call].staticCall(node.id, why()), send: () => t[call](node.id, why()) }];
    void tx.run(steps, { action: call });
  };
  /** Renew or shorten the node's lease (the tree's renew: only a higher rank may, and never past the parent's). */
  const renew = async () => {
    const t = w();
    const expiry = Math.floor(new Date(`${leaseDate}T23:59:59Z`).getTime() / 1000);
    await tx.run(
      [
        {
          what: `set node ${node.id}'s lease to ${leaseDate}`,
          simulate: () => t.renew.staticCall(node.id, expiry),
          send: () => t.renew(node.id, expiry),
        },
      ],
      { action: "renew" },
    );
  };
  const grant = async () => {
    const t = w();
    const now = Number(await t.currentTime());
    const expiry = now + Number(days) * DAY;
    const mask = scopeMask(...scopes);
    await tx.run(
      [
        {
          what: `grant ${scopes.join(" ")} to ${account} for ${days} days`,
          simulate: () => t.grant.staticCall(node.id, account, mask, expiry),
          send: () => t.grant(node.id, account, mask, expiry),
        },
      ],
      { action: "grant" },
    );
  };
  return (
    <section aria-label="Node">
      <h2>Node #{node.id.toString()}</h2>
      <p>
        {session.labels.get(node.account.toLowerCase()) ?? node.account} <code>{node.account}</code>: {node.status},
        scopes {node.scopes.join(", ")}, until {node.expiry}, depth {node.depth}
      </p>
      <div className="row">
        <label>
          Reason <input aria-label="Reason" value={reason} maxLength={31} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="button" onClick={() => act(`suspend node ${node.id}`, "suspend")}>
          Suspend
        </button>
        <button type="button" onClick={() => act(`resume node ${node.id}`, "resume")}>
          Resume
        </button>
        <button type="button" onClick={() => act(`revoke node ${node.id}`, "revoke")}>
          Revoke
        </button>
      </div>
      <div className="row">
        <label>
          Lease until{" "}
          <input
            aria-label="Lease until"
            type="date"
            value={leaseDate}
            onChange={(e) => setLeaseDate(e.target.value)}
          />
        </label>
        <button type="button" onClick={() => void renew()} disabled={!leaseDate}>
          Set the lease
        </button>
      </div>
      <fieldset>
        <legend>Grant a node under #{node.id.toString()}</legend>
        <label>
          Account <input aria-label="Account to grant" value={account} onChange={(e) => setAccount(e.target.value)} />
        </label>{" "}
        <label>
          Days{" "}
          <input
            aria-label="Lease in days"
            inputMode="numeric"
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        </label>
        <div className="row">
          {(Object.keys(Scope) as ScopeName[]).map((s) => (
            <label key={s}>
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
              />{" "}
              {s}
            </label>
          ))}
        </div>
        <button type="button" onClick={() => void grant()} disabled={!account || scopes.length === 0}>
          Grant
        </button>
      </fieldset>
      <TxStatus state={tx.state} />
    </section>
  );
}
