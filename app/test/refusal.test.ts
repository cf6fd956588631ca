import { Interface, type Provider } from "ethers";
import { describe, expect, it } from "vitest";
import { IExchange__factory } from "../../typechain-types/factories/contracts/interfaces/IExchange.sol/IExchange__factory";
import { refusalLines, simulate, suiteErrors } from "../src/core/refusal";
import { formatWhen, storedTimeToDate } from "../src/core/time";

/** A node that answers nothing: the explanation must still come, from the catalogue and the error's arguments. */
const silent = {
  call: () => Promise.reject(new Error("offline")),
  getNetwork: () => Promise.reject(new Error("offline")),
} as unknown as Provider;

const errors = suiteErrors(IExchange__factory.abi.filter((f) => f.type === "error"));

/** A revert as ethers' staticCall raises it: CALL_EXCEPTION with the revert data. */
function revert(data: string): Error {
  return Object.assign(new Error("execution reverted"), { code: "CALL_EXCEPTION", data });
}

describe("refusals in words (lib/errors/explain.ts from the browser's side)", () => {
  it("a refused simulation comes back explained by the catalogue, not thrown", async () => {
    const data = new Interface(IExchange__factory.abi).encodeErrorResult("InsufficientBalance", [7n, 2n, 500n, 20n]);
    const outcome = await simulate(errors, { provider: silent, contracts: {} }, () => Promise.reject(revert(data)));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.refusal?.name).toBe("InsufficientBalance");
    const lines = refusalLines(outcome.refusal!);
    expect(lines[0]).toMatch(/^Refused by .+: InsufficientBalance$/);
    expect(lines.join("\n")).toMatch(/needs .*500.* available in the venue but has only .*20/);
    expect(lines.join("\n")).toMatch(/What to do: Deposit more/);
  });
  it("19 (tried as the investor): a refusal's dates are in the user's locale, not ISO UTC", async () => {
    const data = new Interface(IExchange__factory.abi).encodeErrorResult("InvalidExpiry", [
      1_800_000_000n,
      1_800_000_600n,
    ]);
    const outcome = await simulate(errors, { provider: silent, contracts: {} }, () => Promise.reject(revert(data)));
    if (outcome.ok) throw new Error("not refused");
    const text = refusalLines(outcome.refusal!).join("\n");
    expect(text).not.toMatch(/2027-01-15T/);
    expect(text).toContain(formatWhen(storedTimeToDate(1_800_000_000)));
  });
  it("a plain failure keeps the node's message", async () => {
    const outcome = await simulate(errors, { provider: silent, contracts: {} }, () =>
      Promise.reject(new Error("network down")),
    );
    expect(outcome).toEqual({ ok: false, message: "network down" });
  });
  it("a call that succeeds passes its value through", async () => {
    expect(await simulate(errors, { provider: silent, contracts: {} }, async () => 42)).toEqual({
      ok: true,
      value: 42,
    });
  });
});
