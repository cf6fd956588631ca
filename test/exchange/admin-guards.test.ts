import { loadFixture } from "../helpers/world";
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

/**
 * Every function of a module (ExchangeAdmin, or ExchangeExtension which ExchangeAdmin's fallback reaches) that the
 * Exchange does not define itself, with the module's address: the venue runs them by DELEGATECALL on its storage.
 */
async function modules(admin: string) {
  const venue = await ethers.getContractFactory("Exchange");
  const own = new Set<string>();
  venue.interface.forEachFunction((f) => own.add(f.selector));
  const adminModule = await ethers.getContractAt("ExchangeAdmin", admin);
  const extension = await ethers.getContractAt("ExchangeExtension", await adminModule.EXTENSION());
  const out: { module: typeof adminModule | typeof extension; name: string; fns: FunctionFragment[] }[] = [];
  for (const [name, module] of [
    ["ExchangeAdmin", adminModule],
    ["ExchangeExtension", extension],
  ] as const) {
    const fns: FunctionFragment[] = [];
    module.interface.forEachFunction((f) => {
      if (!own.has(f.selector)) fns.push(f);
    });
    out.push({ module, name, fns });
  }
  return out;
}

/** The modules' views that answer a constant or an immutable (their wiring), not the storage. */
const WIRING_VIEWS = new Set(["EXTENSION", "FEE_NOTICE", "owner"]);

describe("Exchange admin module: its entry points are the venue's only", () => {
  it("every state-changing function of either module refuses a direct call (DirectCall); a view called directly reads the module's own empty storage", async () => {
    const { exchange, actors, traders, usd, pairId, order } = await loadFixture(exchangeSeconds);
    await (await exchange.connect(traders[0]).placeOrder(order(0, 100, 2))).wait();
    const mods = await modules(await exchange.ADMIN());
    // What the modules hold today: the cold half of the venue, then its views and book maintenance.
    expect(mods[0].fns.map((f) => f.name)).to.include.members([
      "deposit",
      "openBook",
      "recover",
      "setFeeCap",
      "cancelAll",
    ]);
    expect(mods[1].fns.map((f) => f.name)).to.include.members([
      "purgeBook",
      "clearDelisted",
      "retireBook",
      "balanceOf",
    ]);
    let views = 0;
    for (const { module, name, fns } of mods) {
      for (const f of fns) {
        const call = module.connect(actors.exchangeOp).getFunction(f.format("sighash"));
        if (f.stateMutability === "nonpayable") {
          // As the operator, so that no caller check could be what refuses it.
          await expect(call.staticCall(...zeroArgs(f)), `${name}.${f.name}`).to.be.revertedWithCustomError(
            module,
            "DirectCall",
          );
          continue;
        }
        // A view answers from the module's own storage: nothing there, so zeros (it leaks and changes nothing).
        const got = await call.staticCall(...zeroArgs(f));
        if (WIRING_VIEWS.has(f.name)) continue;
        expect(
          AbiCoder.defaultAbiCoder().encode(f.outputs, f.outputs.length === 1 ? [got] : Array.from(got)),
          `${name}.${f.name}`,
        ).to.equal(AbiCoder.defaultAbiCoder().encode(f.outputs, zeroArgs({ inputs: f.outputs } as FunctionFragment)));
        ++views;
      }
    }
    expect(views).to.be.greaterThan(10);
    // The same views with the venue's own arguments: the venue answers its state, the module zeros.
    const ext = mods[1].module as Awaited<ReturnType<typeof modules>>[1]["module"];
    const extension = await ethers.getContractAt("ExchangeExtension", await ext.getAddress());
    expect((await exchange.balanceOf(traders[0], usd))[1]).to.be.greaterThan(0n);
    expect(await extension.balanceOf(traders[0], usd)).to.deep.equal([0n, 0n]);
    expect((await exchange.bookConfig(pairId)).open).to.equal(true);
    expect((await extension.bookConfig(pairId)).open).to.equal(false);
    expect(await extension.books()).to.deep.equal([]);
    expect((await extension.openOrders(traders[0]))[0]).to.deep.equal([]);
    expect(await extension.bestPrices(pairId)).to.deep.equal([0n, 0n]);
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
