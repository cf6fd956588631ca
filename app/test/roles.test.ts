import { describe, expect, it } from "vitest";
import { workspacesFor } from "../src/core/roles";
import { scopeMask } from "../../lib/scopes";

const node = (scopes: number, depth = 1, valid = true) => ({ root: 1n, id: 2n, depth, scopes, valid });

describe("what an account may open", () => {
  it("an account without a node: the investor's workspace only, saying why", () => {
    const w = workspacesFor([]);
    expect(w.investor).toBe(true);
    expect(w.institution).toMatch(/holds no node/);
    expect(w.regulator).toMatch(/holds no node/);
  });
  it("a bank (KYC): the institution's; a root: the regulator's too", () => {
    expect(workspacesFor([node(scopeMask("KYC"))])).toMatchObject({ institution: true });
    expect(workspacesFor([node(scopeMask("KYC"))]).regulator).toMatch(/no root/);
    expect(workspacesFor([node(scopeMask("KYC", "DELEGATE"), 0)])).toEqual({
      investor: true,
      institution: true,
      regulator: true,
    });
  });
  it("a suspended, revoked or expired node offers nothing beyond the investor's", () => {
    const w = workspacesFor([node(scopeMask("KYC", "DELEGATE"), 1, false)]);
    expect(w.institution).toMatch(/not valid/);
    expect(w.regulator).toMatch(/not valid/);
  });
});
