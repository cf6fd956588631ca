import { describe, expect, it } from "vitest";
import {
  dateInputValue,
  leaseEndOf,
  nodeActs,
  pairActs,
  reasonBytes,
  reasonText,
  sanctionsFromLogs,
  type NodeFacts,
} from "../src/regulator/acts";

const node = (over: Partial<NodeFacts> = {}): NodeFacts => ({
  status: "active",
  depth: 2,
  parent: 1n,
  suspenderDepth: 0,
  leaseDepth: 1,
  valid: true,
  expired: false,
  effectiveScopes: 0b10,
  ...over,
});
const above = (depth: number) => ({ holds: false, ancestorDepth: depth, governor: false });

describe("19: the acts the regulator's workspace offers on a node", () => {
  it("a valid ancestor may suspend, revoke and set the lease of an active node; not resume it", () => {
    const acts = nodeActs(node(), above(0));
    expect(acts).toMatchObject({ suspend: true, revoke: true, renew: true });
    expect(acts.resume).toMatch(/is active/);
    expect(acts.grant).toMatch(/own account/);
  });
  it("an account with no node above: nothing but why", () => {
    const acts = nodeActs(node(), { holds: false, governor: false });
    for (const a of ["suspend", "resume", "revoke", "renew"] as const) expect(acts[a]).toMatch(/no valid node above/);
  });
  it("a root: only the governor acts on it", () => {
    const root = node({ parent: 0n, depth: 0 });
    expect(nodeActs(root, { holds: true, governor: false }).suspend).toMatch(/governor/);
    expect(nodeActs(root, { holds: false, governor: true }).suspend).toBe(true);
  });
  it("a suspension by a higher rank binds: no resume, revoke or lease change from below; a takeover from above", () => {
    const suspended = node({ status: "suspended", suspenderDepth: 0, depth: 3 });
    const low = nodeActs(suspended, above(1));
    expect(low.resume).toMatch(/suspended by rank 0/);
    expect(low.revoke).toMatch(/suspended by rank 0/);
    expect(low.renew).toMatch(/suspended by rank 0/);
    expect(low.suspend).toMatch(/suspended/);
    const byLower = node({ status: "suspended", suspenderDepth: 2, depth: 3 });
    expect(nodeActs(byLower, above(1)).suspend).toBe(true); // a takeover
    expect(nodeActs(byLower, above(1)).resume).toBe(true);
  });
  it("a revoked node or an ended lease: no renewal", () => {
    expect(nodeActs(node({ status: "revoked" }), above(0)).renew).toMatch(/revoked/);
    expect(nodeActs(node({ expired: true }), above(0)).renew).toMatch(/ended/);
  });
  it("grant: the node's own account, valid, holding DELEGATE", () => {
    const holder = { holds: true, governor: false };
    expect(nodeActs(node({ effectiveScopes: 0b11 }), holder).grant).toBe(true);
    expect(nodeActs(node({ effectiveScopes: 0b10 }), holder).grant).toMatch(/DELEGATE/);
    expect(nodeActs(node({ valid: false, effectiveScopes: 0 }), holder).grant).toMatch(/not valid/);
  });
});

describe("19: pairs", () => {
  it("acts follow the status, for a GOVERN holder only", () => {
    expect(pairActs("proposed", 0)).toMatchObject({ approve: true });
    expect(pairActs("proposed", 0).halt).toMatch(/proposed/);
    expect(pairActs("listed", 1)).toMatchObject({ halt: true, delist: true });
    expect(pairActs("listed", 1).resume).toMatch(/not halted/);
    expect(pairActs("halted", 1)).toMatchObject({ halt: true, resume: true, delist: true });
    expect(pairActs("listed", undefined).halt).toMatch(/GOVERN/);
  });
  it("19 (tried as the regulator): a halt is not offered again at the halting rank or below, nor a resume below it", () => {
    // haltPair on a halted pair is a takeover, only from a strictly higher rank (InvalidPairStatus otherwise).
    expect(pairActs("halted", 0, 0).halt).toMatch(/already halted by rank 0/);
    expect(pairActs("halted", 0, 0)).toMatchObject({ resume: true, delist: true });
    expect(pairActs("halted", 0, 1)).toMatchObject({ halt: true, resume: true });
    expect(pairActs("halted", 2, 1).resume).toMatch(/rank 1/);
    expect(pairActs("halted", 2, 1).halt).toMatch(/already halted by rank 1/);
  });
});

describe("19: lease dates in the user's calendar", () => {
  it("the end of the picked day, capped at the parent's lease", () => {
    const { expiry, capped } = leaseEndOf("2027-11-30");
    const d = new Date(expiry * 1000);
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2027, 10, 30, 23, 59]);
    expect(capped).toBe(false);
    expect(leaseEndOf("2027-11-30", expiry - 10)).toEqual({ expiry: expiry - 10, capped: true });
    expect(dateInputValue(expiry)).toBe("2027-11-30");
  });
});

describe("19: sanctions lists from their logs", () => {
  it("listed, lifted, listed again; the reason of the last listing", () => {
    const w = "0x00000000000000000000000000000000000000aa";
    const rows = sanctionsFromLogs([
      { name: "SanctionAdded", wallet: w, identityId: 0n, reason: reasonBytes("OFAC"), node: 1n, rank: 0, block: 5 },
      {
        name: "SanctionAdded",
        wallet: "0x" + "0".repeat(40),
        identityId: 7n,
        reason: reasonBytes("fraud"),
        node: 2n,
        rank: 1,
        block: 6,
      },
      { name: "SanctionLifted", wallet: w, identityId: 0n, node: 1n, rank: 0, block: 7 },
    ]);
    expect(rows.map((r) => [r.identityId, r.listed, reasonText(r.reason)])).toEqual([
      [0n, false, "OFAC"],
      [7n, true, "fraud"],
    ]);
  });
  it("a reason is shown as text, or as its hash", () => {
    expect(reasonText(reasonBytes("licence review"))).toBe("licence review");
    expect(reasonText("0x" + "ff".repeat(32))).toBe("0x" + "ff".repeat(32));
    expect(reasonText("0x" + "00".repeat(32))).toBe("");
  });
  it("19 (tried as the regulator): no reason typed records none (not a word the user never wrote)", () => {
    expect(reasonBytes("")).toBe("0x" + "00".repeat(32));
    expect(reasonBytes("   ")).toBe("0x" + "00".repeat(32));
    expect(reasonText(reasonBytes("  review  "))).toBe("review");
  });
});
