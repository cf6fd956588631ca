import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";
import { AbiCoder, type FunctionFragment } from "ethers";
import { exchangeSeconds, listPair } from "../helpers/exchange";

/**
 * The functions the venue runs in its admin module (by DELEGATECALL from its fallback): those of the module's ABI the
 * Exchange does not define itself. Read from the artifacts, so a function moved between the two halves is covered
 * wherever it lands.
 */
async function moduleFunctions(): Promise<FunctionFragment[]> {
  const admin = await ethers.getContractFactory("ExchangeAdmin");
  const venue = await ethers.getContractFactory("Exchange");
  const own = new Set<string>();
  venue.interface.forEachFunction((f) => own.add(f.selector));
  const routed: FunctionFragment[] = [];
  admin.interface.forEachFunction((f) => {
    if (!own.has(f.selector)) routed.push(f);
  });
  return routed;
}

/** Arguments of the right types for `f` (zeros): the guards under test refuse before any argument is read. */
function zeroArgs(f: FunctionFragment) {
  return Array.from(AbiCoder.defaultAbiCoder().getDefaultValue(f.inputs));
}

describe("Exchange admin module: its entry points are the venue's only", () => {
  it("every function the venue delegates to its module refuses a direct call to the module (DirectCall), views included", async () => {
    const { exchange, actors } = await loadFixture(exchangeSeconds);
    const admin = await ethers.getContractAt("ExchangeAdmin", await exchange.ADMIN());
    const routed = await moduleFunctions();
    // What the module holds today: the cold half of the venue (openBook, fees, recovery, bulk removals, a few views).
    expect(routed.map((f) => f.name)).to.include.members(["deposit", "openBook", "recover", "setFeeCap", "cancelAll"]);
    for (const f of routed) {
      // As the operator, so that no caller check could be what refuses it; the module's own storage is empty.
      await expect(
        admin
          .connect(actors.exchangeOp)
          .getFunction(f.format("sighash"))
          .staticCall(...zeroArgs(f)),
        f.name,
      ).to.be.revertedWithCustomError(admin, "DirectCall");
    }
  });

  it("no state-changing function of the module can be entered while the venue is moving a token (one guard for both halves)", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, usd } = f;
    const [alice] = traders;
    const re = await ethers.deployContract("ReentrantToken");
    await listPair(f, re, usd);
    await (await re.mint(alice, 10_000n)).wait();
    await (await re.connect(alice).approve(exchange, 10_000n)).wait();
    const full = await ethers.getContractAt("Exchange", await exchange.getAddress());
    const guard = full.interface.getError("ReentrancyGuardReentrantCall")!.selector;
    const mutating = (await moduleFunctions()).filter((fn) => fn.stateMutability === "nonpayable");
    expect(mutating.length).to.be.greaterThan(5);
    let deposited = 0n;
    for (const fn of mutating) {
      const payload = ethers.concat([fn.selector, AbiCoder.defaultAbiCoder().encode(fn.inputs, zeroArgs(fn))]);
      await (await re.arm(exchange, payload)).wait();
      // Re-entered from inside the module (a deposit's transferFrom) and from inside the Exchange (a withdrawal).
      await (await exchange.connect(alice).deposit(re, 100n)).wait();
      deposited += 100n;
      expect(await re.lastReentryOk(), `${fn.name} during deposit`).to.equal(false);
      expect((await re.lastReentryError()).slice(0, 10), `${fn.name} during deposit`).to.equal(guard);
      await (await exchange.connect(alice).withdraw(re, 40n)).wait();
      deposited -= 40n;
      expect(await re.lastReentryOk(), `${fn.name} during withdraw`).to.equal(false);
      expect((await re.lastReentryError()).slice(0, 10), `${fn.name} during withdraw`).to.equal(guard);
    }
    // The outer calls went on, and only they moved anything.
    expect(await exchange.balanceOf(alice, re)).to.deep.equal([deposited, 0n]);
    expect(await re.balanceOf(exchange)).to.equal(deposited);
  });
});
