/**
 * The institution's workspace (issue 19: bank, issuer, lister, auditor, venue operator): what the account's nodes
 * of the authority tree allow, one section per job, each act offered only through a valid node holding its scope
 * (a section not offered says why), every write simulated first and refused in words (tx.tsx):
 *
 * - Clients (KYC): the client's EIP-712 attestation as a file, a link and a QR code; a direct registration with the
 *   wallet's consent; the bank's clients with status and expiry, each renewed, frozen, unfrozen or migrated; a lost
 *   wallet replaced (with notice), contested, and claimed at the venue once the notice has passed (Clients.tsx).
 * - Assets (LIST, AUDIT): register an asset, post an attestation, the attestations with their expiry (Assets.tsx).
 * - Native token (ISSUE): supply, cap, reserve, ratio and headroom; mint within the headroom; settle or reject
 *   redemptions (Token.tsx).
 * - Pairs (LIST): propose a pair, see the pairs and their state (Pairs.tsx).
 * - Venue (its operator): fees and their scheduled changes, books, wind-down and successor (Venue.tsx).
 */
import { useState } from "react";
import { scopeNames } from "../../../lib/scopes";
import { useChainData, useSession } from "../state";
import { Assets } from "./Assets";
import { Attest } from "./Attest";
import { Clients } from "./Clients";
import { nodeWith, notOffered, type InstitutionNode } from "./logic";
import { Pairs } from "./Pairs";
import { Token } from "./Token";
import { Venue } from "./Venue";

// The attestation expiry rule, where the earlier skeleton (and app/test/time.test.ts) had it.
export { expiryFor } from "./logic";

type Tab = "clients" | "assets" | "token" | "pairs" | "venue";

const TABS: Record<Tab, string> = {
  clients: "Clients",
  assets: "Assets",
  token: "Native token",
  pairs: "Pairs",
  venue: "Venue",
};

export function Institution() {
  const session = useSession();
  const me = session.connection!;
  const state = useChainData(async () => {
    const tree = session.read.tree;
    const out: InstitutionNode[] = [];
    for (const root of await tree.roots(0, 50)) {
      const id = await tree.nodeOf(me.address, root);
      if (id === 0n) continue;
      const [n, valid, scopes, until] = await Promise.all([
        tree.node(id),
        tree.isValid(id),
        tree.effectiveScopes(id),
        tree.validUntil(id),
      ]);
      out.push({ root, id, depth: Number(n.depth), scopes: Number(scopes), valid, leaseEnd: Number(until) });
    }
    const operator = await session.read.venue.OPERATOR();
    return { nodes: out, operator: operator.toLowerCase() === me.address.toLowerCase() };
  }, [me.address]);
  const [tab, setTab] = useState<Tab>();
  if (state.error && !state.data) return <p role="alert">{state.error}</p>;
  if (!state.data) return <p>Reading the account&apos;s licences…</p>;
  const { nodes, operator } = state.data;
  const why: Record<Tab, string | undefined> = {
    clients: notOffered(nodes, "KYC"),
    assets:
      notOffered(nodes, "LIST") && notOffered(nodes, "AUDIT")
        ? "this account holds no valid node with the LIST or AUDIT scope"
        : undefined,
    token: notOffered(nodes, "ISSUE"),
    pairs: notOffered(nodes, "LIST"),
    venue: operator
      ? undefined
      : `this account is not the operator of the venue ${session.deployment.contracts.Exchange}`,
  };
  const first = (Object.keys(TABS) as Tab[]).find((t) => why[t] === undefined);
  const open = tab && why[tab] === undefined ? tab : first;
  return (
    <div className="workspace institution">
      <section aria-label="Licences">
        <h2>Licences</h2>
        <ul>
          {nodes.map((n) => (
            <li key={n.id.toString()}>
              node #{n.id.toString()} under root #{n.root.toString()}, depth {n.depth}:{" "}
              {scopeNames(n.scopes).join(", ") || "no scope"} {n.valid ? "(valid)" : "(not valid)"}
            </li>
          ))}
          {operator && <li>operator of the venue {session.deployment.contracts.Exchange}</li>}
        </ul>
      </section>
      <nav aria-label="Institution sections" className="row">
        {(Object.keys(TABS) as Tab[]).map((t) => (
          <button
            key={t}
            type="button"
            aria-pressed={open === t}
            disabled={why[t] !== undefined}
            title={why[t] === undefined ? undefined : `Not offered: ${why[t]}`}
            onClick={() => setTab(t)}
          >
            {TABS[t]}
          </button>
        ))}
      </nav>
      {!open && <p>None of this workspace&apos;s sections is offered to this account.</p>}
      <ul className="muted" aria-label="Sections not offered">
        {(Object.keys(TABS) as Tab[])
          .filter((t) => why[t] !== undefined)
          .map((t) => (
            <li key={t}>
              {TABS[t]}: not offered, {why[t]}.
            </li>
          ))}
      </ul>
      {open === "clients" && (
        <>
          <Attest node={nodeWith(nodes, "KYC")!} />
          <Clients node={nodeWith(nodes, "KYC")!} />
        </>
      )}
      {open === "assets" && <Assets lister={nodeWith(nodes, "LIST")} auditor={nodeWith(nodes, "AUDIT")} />}
      {open === "token" && <Token issuer={nodeWith(nodes, "ISSUE")!} />}
      {open === "pairs" && <Pairs lister={nodeWith(nodes, "LIST")!} />}
      {open === "venue" && <Venue />}
    </div>
  );
}
