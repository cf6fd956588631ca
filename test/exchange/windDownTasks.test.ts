import { setCode } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import type { IExchange } from "../../typechain-types";
import { deployVenue } from "../../lib/venueDeploy";
import type { MigrationResult } from "../../lib/venueMigration";
import { FUNDS, Side, exchangeSeconds, type ExchangeWorld } from "../helpers/exchange";
import { Scope, rememberWallet } from "../helpers/fixtures";

/** Run task `name` quietly; its result, or its refusal's message as `{ refused }`. */
async function run<T = unknown>(name: string, args: object): Promise<T> {
  const quiet = console.log;
  console.log = () => {};
  try {
    return (await hre.run(name, args)) as T;
  } finally {
    console.log = quiet;
  }
}
const refusal = (name: string, args: object) =>
  run(name, args).then(
    () => "",
    (e: Error) => e.message,
  );

/** The fixture venue with alice's resting bid, and a registered successor venue with the same book open. */
async function withSuccessor() {
  const f = await loadFixture(exchangeSeconds);
  const { actors, nodes, exchange, traders, pairId } = f;
  await (await exchange.connect(traders[0]).placeOrder(f.order(Side.Bid, 40, 10))).wait();
  const deployed = await deployVenue(ethers, actors.exchangeOp, {
    tree: await f.tree.getAddress(),
    eligibility: await f.registry.getAddress(),
    pairs: await f.pairs.getAddress(),
    venues: await f.venues.getAddress(),
    operator: actors.exchangeOp.address,
    roots: [nodes.r1],
    timeUnit: 1,
  });
  const next = (await ethers.getContractAt("IExchange", deployed.venue)) as unknown as IExchange;
  await (await f.venues.connect(actors.exchangeOp).registerVenue(next, nodes.r1, Scope.EXCHANGE)).wait();
  await (await next.connect(actors.exchangeOp).openBook(pairId)).wait();
  return { ...f, next };
}

const venueOf = async (f: ExchangeWorld) => f.exchange.getAddress();

describe("venue tasks: wind-down, successor, migration, operator (issue 17)", () => {
  it("17 venue.5: venue:wind-down, venue:return-orders --all and venue:succession drive a venue to wound down (--finalize by the rank that set it)", async () => {
    const f = await withSuccessor();
    const venue = await venueOf(f);
    const stranger = f.outsider.address;
    expect(await refusal("venue:wind-down", { venue, from: stranger })).to.match(/NotOperator|not the operator/);
    await run("venue:wind-down", { venue, from: f.actors.exchangeOp.address });
    expect(await refusal("venue:wind-down", { venue, lift: true, from: f.actors.steward.address })).to.equal("");
    await run("venue:wind-down", { venue, from: f.regulator.address });
    expect(await refusal("venue:wind-down", { venue, lift: true, from: f.actors.exchangeOp.address })).to.match(
      /WindDownSetByHigherAuthority|depth 0/,
    );
    const returned = await run<bigint>("venue:return-orders", { venue, max: 1, all: true, from: stranger });
    expect(returned).to.equal(1n);
    // Emptied, not final: only the rank that set the wind-down (here the root's) makes it final (review H1).
    expect(await refusal("venue:wind-down", { venue, finalize: true, from: f.actors.exchangeOp.address })).to.match(
      /WindDownSetByHigherAuthority|depth 0/,
    );
    await run("venue:wind-down", { venue, finalize: true, from: f.regulator.address });
    const view = await run<{ state: string; empty: boolean }>("venue:succession", { venue });
    expect(view.state).to.equal("wound down");
    expect(view.empty).to.equal(true);
  });

  it("17 venue.3: venue:migrate moves a client's balances with its own signatures, reports what it could not, and resumes", async () => {
    const f = await withSuccessor();
    const { exchange, next, traders, token, usd, actors } = f;
    const venue = await venueOf(f);
    const [alice] = traders;
    await run("venue:set-successor", { venue, successor: await next.getAddress(), from: actors.exchangeOp.address });
    await run("venue:wind-down", { venue, from: actors.exchangeOp.address });
    // The native BOND's issuer froze alice's wallet: its withdrawal is refused, the USD moves.
    await (await token.connect(actors.issuer).freezeWallet(alice, ethers.encodeBytes32String("inquiry"))).wait();
    const first = await run<MigrationResult>("venue:migrate", { venue, from: alice.address, start: 1, maxTokens: 20 });
    const byToken = new Map(first.rows.map((r) => [r.token, r]));
    expect(byToken.get(await usd.getAddress())?.status).to.equal("moved");
    expect(byToken.get(await usd.getAddress())?.moved).to.equal(FUNDS - 4_000n); // its bid (10 lots at tick 40) still locks some
    expect(byToken.get(await token.getAddress())?.status).to.equal("withdrawal refused");
    expect(byToken.get(await token.getAddress())?.reason).to.match(/froz/i);
    expect(first.done).to.equal(true);
    expect(await next.balanceOf(alice, usd)).to.deep.equal([FUNDS - 4_000n, 0n]);
    // Resumed once the freeze is lifted and the bid returned: the rest moves, nothing is left behind.
    await (await token.connect(actors.issuer).unfreezeWallet(alice)).wait();
    await run("venue:return-orders", { venue, max: 10, from: alice.address });
    const second = await run<MigrationResult>("venue:migrate", { venue, from: alice.address, start: 1, maxTokens: 1 });
    expect(second.rows).to.have.length(1);
    expect(second.done).to.equal(false);
    const third = await run<MigrationResult>("venue:migrate", { venue, from: alice.address, start: second.next });
    expect(third.done).to.equal(true);
    for (const t of [token, usd]) {
      expect(await exchange.balanceOf(alice, t)).to.deep.equal([0n, 0n]);
      expect((await next.balanceOf(alice, t))[0]).to.equal(FUNDS);
    }
  });

  it("17 venue.5: the operator tasks: transfer, accept, replace; refusals decoded", async () => {
    const f = await withSuccessor();
    const venue = await venueOf(f);
    const { actors, regulator } = f;
    const candidate = (await ethers.getSigners())[19]; // no part in the fixture
    expect(await refusal("venue:accept-operator", { venue, from: candidate.address })).to.match(
      /NotPendingOperator|proposed/,
    );
    await run("venue:transfer-operator", { venue, to: candidate.address, from: actors.exchangeOp.address });
    expect(await refusal("venue:accept-operator", { venue, from: candidate.address })).to.match(/NotOperator|EXCHANGE/);
    await (await f.tree.connect(regulator).grant(f.nodes.r1, candidate.address, Scope.EXCHANGE, f.expiry)).wait();
    await run("venue:accept-operator", { venue, from: candidate.address });
    expect(await f.exchange.OPERATOR()).to.equal(candidate.address);
    await run("venue:replace-operator", {
      venue,
      to: actors.exchangeOp.address,
      reason: "operator key lost",
      from: regulator.address,
    });
    expect(await f.exchange.OPERATOR()).to.equal(actors.exchangeOp.address);
  });

  it("17 venue.5: venue:claim-wallet moves a lost wallet's account; refused while the registry names no successor", async () => {
    const f = await withSuccessor();
    const venue = await venueOf(f);
    const [alice] = f.traders;
    const registry = await f.registry.getAddress();
    const copy = await ethers.deployContract("IdentityRegistry", [await f.tree.getAddress(), 1]);
    const mock = await ethers.deployContract("WalletSuccessionMock", [await copy.getAddress()]);
    await setCode(registry, await ethers.provider.getCode(await mock.getAddress()));
    expect(await refusal("venue:claim-wallet", { venue, lost: alice.address, from: f.outsider.address })).to.match(
      /NoWalletSuccessor|successor/,
    );
    const fresh = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
    await f.clients.addWallet(f.identities[0], fresh.address);
    await (await (await ethers.getContractAt("WalletSuccessionMock", registry)).setSuccessorOf(alice, fresh)).wait();
    const [account] = await f.exchange.accountOf(alice);
    await run("venue:claim-wallet", { venue, lost: alice.address, from: f.outsider.address });
    expect((await f.exchange.accountOf(fresh))[0]).to.equal(account);
  });
});

describe("venue tasks: outside review of issue 17 (migration)", () => {
  it("17 review M4: venue:migrate checks the successor (licensed, wired alike, trading) and asks --yes for another than the named one, before moving anything", async () => {
    const f = await withSuccessor();
    const { exchange, next, traders, usd, actors, regulator, nodes } = f;
    const venue = await venueOf(f);
    const [alice] = traders;
    const before = await exchange.balanceOf(alice, usd);
    // Not the named one (none named): --yes needed.
    expect(await refusal("venue:migrate", { venue, from: alice.address, successor: await next.getAddress() })).to.match(
      /--yes/,
    );
    await run("venue:set-successor", { venue, successor: await next.getAddress(), from: actors.exchangeOp.address });
    // An unregistered venue of the same stack: not licensed.
    const stray = await deployVenue(ethers, actors.exchangeOp, {
      tree: await f.tree.getAddress(),
      eligibility: await f.registry.getAddress(),
      pairs: await f.pairs.getAddress(),
      venues: await f.venues.getAddress(),
      operator: actors.exchangeOp.address,
      roots: [nodes.r1],
      timeUnit: 1,
    });
    expect(await refusal("venue:migrate", { venue, from: alice.address, successor: stray.venue, yes: true })).to.match(
      /not a licensed venue/,
    );
    // The named successor winding down: refused.
    await (await next.connect(regulator).windDown()).wait();
    expect(await refusal("venue:migrate", { venue, from: alice.address })).to.match(/winding down/);
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal(before); // nothing moved
  });

  it("17 review M4: a refused deposit leaves no approval to the successor", async () => {
    const f = await withSuccessor();
    const { exchange, next, traders, usd } = f;
    const [alice] = traders;
    const { migrateBalances } = await import("../../lib/venueMigration");
    // A successor that hosts every token and refuses every deposit.
    const refusing = {
      tokenIndex: async () => 1n,
      getAddress: async () => next.getAddress(),
      connect: () => ({
        deposit: Object.assign(async () => Promise.reject(new Error("refused")), {
          staticCall: async () => Promise.reject(new Error("refused")),
        }),
      }),
    } as unknown as IExchange;
    const result = await migrateBalances(exchange, refusing, alice, async (a) =>
      ethers.getContractAt("IERC20", a, alice),
    );
    const row = result.rows.find((r) => r.token === usd.target);
    expect(row?.status).to.equal("deposit refused");
    expect(await usd.allowance(alice, next)).to.equal(0n);
  });
});
