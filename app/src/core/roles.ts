/**
 * What a connected account may open: every account has the investor's workspace; the institution's needs a valid
 * node with an institution's scope (KYC, ISSUE, LIST, EXCHANGE, AUDIT, CUSTODY), the regulator's a valid root node or
 * one that may delegate (DELEGATE, GOVERN or SANCTIONS). The chain refuses anything else anyway; this only decides
 * what the console offers, and says why a workspace is not offered.
 */
import { scopeMask } from "../../../lib/scopes";

export type Workspace = "investor" | "institution" | "regulator";

/** An account's node in one root, as the tree reports it. */
export type HeldNode = { root: bigint; id: bigint; depth: number; scopes: number; valid: boolean };

const INSTITUTION = scopeMask("KYC", "ISSUE", "LIST", "EXCHANGE", "AUDIT", "CUSTODY");
const REGULATOR = scopeMask("DELEGATE", "GOVERN", "SANCTIONS");

/** Each workspace: offered, or the reason it is not. */
export function workspacesFor(nodes: readonly HeldNode[]): Record<Workspace, true | string> {
  const valid = nodes.filter((n) => n.valid);
  const none = nodes.length === 0 ? "this account holds no node of the authority tree" : "its nodes are not valid";
  return {
    investor: true,
    institution: valid.some((n) => (n.scopes & INSTITUTION) !== 0)
      ? true
      : valid.length > 0
        ? "its nodes hold no institution's scope (KYC, ISSUE, LIST, EXCHANGE, AUDIT, CUSTODY)"
        : none,
    regulator: valid.some((n) => n.depth === 0 || (n.scopes & REGULATOR) !== 0)
      ? true
      : valid.length > 0
        ? "it is no root and holds no DELEGATE, GOVERN or SANCTIONS scope"
        : none,
  };
}
