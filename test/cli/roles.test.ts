import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { deployments, ethers } from "hardhat";
import type { CompliantToken, TestToken } from "../../typechain-types";
import { priceToTick, tickSizeFor, tickToPrice } from "../../lib/units";
import { refusal, run, withDeployedSuite } from "./inProcess";

/** The provider, KYC and investor tasks, run as users run them, from an empty suite to a traded and withdrawn book. */
describe("CLI: provider, KYC and investor tasks", function () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-roles-"));
  withDeployedSuite();

  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists, trades and settles a pair from the command line", async function () {
    const s = await ethers.getSigners();
    const [regulator, bank, issuer, lister, auditor, steward, operator, alice, bob] = s.slice(1, 10);
    const A = (x: { address: string }) => x.address;

    // Authority: a root for the regulator and one licence per role.
    const root: bigint = await run("authority:create-root", { account: A(regulator), expires: "3650d", label: "X" });
    const grant = (account: { address: string }, scopes: string) =>
      run("authority:grant", { parent: root.toString(), account: A(account), scopes, expires: "365d", from: "1" });
    const bankNode: bigint = await grant(bank, "KYC");
    for (const [who, scope] of [
      [issuer, "ISSUE"],
      [lister, "LIST"],
      [auditor, "AUDIT"],
      [steward, "GOVERN"],
      [operator, "EXCHANGE"],
    ] as const)
      await grant(who, scope);

    // KYC: Alice consents by file; Bob is a configured account, so his consent is signed for him.
    const consentFile = path.join(dir, "alice-consent.json");
    await run("kyc:consent", { attester: bankNode.toString(), out: consentFile, from: A(alice) });
    const evidence = ethers.id("kyc file");
    const aliceId: bigint = await run("kyc:register", {
      attester: bankNode.toString(),
      wallet: A(alice),
      classes: "ACCREDITED",
      jurisdiction: "756",
      expires: "180d",
      evidenceHash: evidence,
      consentFile,
      from: A(bank),
    });
    await run("kyc:register", {
      attester: bankNode.toString(),
      wallet: A(bob),
      classes: "institutional",
      jurisdiction: "276",
      expires: "180d",
      evidenceHash: evidence,
      from: A(bank),
    });
    const shown = await run("kyc:show", { wallet: A(alice), json: true });
    expect(shown).to.include({ identity: aliceId, status: "Active", frozen: false, jurisdiction: 756 });
    expect(shown.classes).to.deep.equal(["ACCREDITED"]);
    await run("kyc:freeze", { wallet: A(alice), reason: "review", from: A(bank) });
    expect((await run("kyc:show", { identity: aliceId.toString(), json: true })).frozen).to.equal(true);
    await run("kyc:unfreeze", { identity: aliceId.toString(), from: A(bank) });

    // Assets: a native BOND (6 decimals) with an attested reserve, and an external USD (18 decimals).
    const policy: bigint = await run("policy:create", { roots: root.toString(), from: A(issuer) });
    const bondAddress: string = await run("token:issue", {
      root: root.toString(),
      name: "Example Bond",
      symbol: "BOND",
      decimals: "6",
      policy: policy.toString(),
      from: A(issuer),
    });
    const usd = (await ethers.deployContract("TestToken", ["US Dollar", "USD"], lister)) as unknown as TestToken;
    await usd.mint(A(bob), ethers.parseEther("10000"));
    const usdAddress = await usd.getAddress();
    const bondAsset: bigint = await run("asset:register", {
      token: bondAddress,
      kind: "native",
      root: root.toString(),
      uri: "ipfs://bond",
      from: A(lister),
    });
    const usdAsset: bigint = await run("asset:register", {
      token: usdAddress,
      kind: "external",
      root: root.toString(),
      uri: "ipfs://usd",
      from: A(lister),
    });
    await run("asset:attest", {
      asset: bondAsset.toString(),
      kind: "reserve",
      amount: "100000",
      expires: "30d",
      uri: "ipfs://reserve",
      hash: ethers.id("reserve report"),
      from: A(auditor),
    });
    await run("token:mint", { token: bondAddress, to: A(alice), amount: "100.5", from: A(issuer) });
    const bond = (await ethers.getContractAt("CompliantToken", bondAddress)) as unknown as CompliantToken;
    expect(await bond.balanceOf(A(alice))).to.equal(100_500_000n);

    // Pair BOND/USD: lot 1 BOND, price step 0.01 USD; approved by the steward.
    const pairId: bigint = await run("pair:propose", {
      root: root.toString(),
      base: bondAsset.toString(),
      quote: usdAsset.toString(),
      tick: "0.01",
      lot: "1",
      min: "1",
      from: A(lister),
    });
    expect(
      await refusal("pair:approve", { pair: pairId.toString(), from: A(lister) }),
      "the proposer holds no GOVERN",
    ).to.match(
      /^approve pair #1 refused by BOND\/USD \(pair #1\): MissingScope\n  0x\w{40} holds no valid node under root #1 \(X\) that effectively holds GOVERN\./,
    );
    expect(await run("pair:approve", { pair: pairId.toString(), from: A(steward) })).to.equal("Listed");

    // Venue: deployed, registered and recorded by the operator; fees capped by the steward.
    const venue: string = await run("venue:deploy", { roots: root.toString(), from: A(operator) });
    expect((await deployments.get("Exchange")).address).to.equal(venue);
    // The first rates before any book opens: at once (once a book is open, a raise waits FEE_NOTICE).
    await run("venue:set-fee-cap", { cap: "50", from: A(steward) });
    await run("venue:set-fees", { maker: "5", taker: "10", from: A(operator) });
    await run("venue:open-book", { pair: pairId.toString(), from: A(operator) });

    // Investors deposit and trade.
    await run("venue:deposit", { token: bondAddress, amount: "50", from: A(alice) });
    await run("venue:deposit", { token: usdAddress, amount: "5000", from: A(bob) });
    const pair = pairId.toString();
    const resting = await run("order:place", { pair, side: "sell", price: "101.5", amount: "10", from: A(alice) });
    expect(resting.trades).to.deep.equal([]);
    const second = await run("order:place", { pair, side: "sell", price: "102", amount: "5", from: A(alice) });
    expect(await refusal("order:place", { pair, side: "buy", price: "101.505", amount: "1", from: A(bob) })).to.contain(
      "off the price grid: prices move in steps of 0.01 (nearest: 101.5 or 101.51)",
    );
    expect(await refusal("order:place", { pair, side: "buy", price: "101.5", amount: "1.5", from: A(bob) })).to.contain(
      "not a whole number of lots",
    );
    const poor = await refusal("order:place", { pair, side: "buy", price: "101.5", amount: "100", from: A(bob) });
    expect(poor, "Bob has 5000 USD, not 10150").to.match(
      /refused by BOND\/USD \(pair #1\): InsufficientBalance\n  0x\w{40} needs 10150 USD available in the venue but has only 5000 USD \(token USD\)\./,
    );

    // --for is wall-clock time: long enough that only the count ends the follow, on any machine and under faketime.
    const following = run("venue:trades", { pair, count: "1", for: "3650d", poll: "50" });
    const crossing = await run("order:place", { pair, side: "buy", price: "101.5", amount: "4", from: A(bob) });
    expect(crossing.orderId).to.equal(undefined);
    expect(crossing.trades.map((t: { price: string; amount: string }) => [t.price, t.amount])).to.deep.equal([
      ["101.5", "4"],
    ]);
    const followed = await following;
    expect(followed).to.have.length(1);
    expect(followed[0]).to.include({ price: "101.5", amount: "4", side: "buy" });

    const book = await run("venue:book", { pair, levels: "5", json: true });
    expect(
      book.asks.map((l: { price: string; amount: string; orders: number }) => [l.price, l.amount, l.orders]),
    ).to.deep.equal([
      ["101.5", "6", 1],
      ["102", "5", 1],
    ]);
    expect(book.bids).to.deep.equal([]);
    const balances = await run("venue:balances", { json: true, from: A(alice) });
    // Alice sold 4 BOND at 101.5 (406 USD) and paid the maker fee of 5 bps in USD: 0.203.
    expect(balances).to.deep.equal([
      { token: bondAddress, symbol: "BOND", available: "35", locked: "11" },
      { token: usdAddress, symbol: "USD", available: "405.797", locked: "0" },
    ]);
    const bobBalances = await run("venue:balances", { json: true, from: A(bob) });
    // Bob received 4 BOND less the taker fee of 10 bps (0.004 BOND) and spent 406 USD.
    expect(bobBalances.map((b: { available: string }) => b.available)).to.deep.equal(["3.996", "4594"]);

    const orders = await run("venue:orders", { json: true, from: A(alice) });
    expect(
      orders.map((o: { price: string; amount: string; side: string }) => [o.side, o.price, o.amount]),
    ).to.deep.equal([
      ["sell", "101.5", "6"],
      ["sell", "102", "5"],
    ]);
    expect(
      await refusal("order:cancel", { pair, order: second.orderId.toString(), from: A(bob) }),
      "only the owner cancels",
    ).to.contain("NotOrderOwner");
    await run("order:cancel", { pair, order: second.orderId.toString(), from: A(alice) });
    expect(await run("venue:orders", { json: true, from: A(alice) })).to.have.length(1);
    await run("venue:withdraw", { token: usdAddress, amount: "405.797", from: A(alice) });
    expect(await usd.balanceOf(A(alice))).to.equal(ethers.parseEther("405.797"));

    // Governance: halt and resume.
    expect(await run("pair:halt", { pair, reason: "news pending", from: A(steward) })).to.equal("Halted");
    expect(await run("pair:resume", { pair, from: A(steward) })).to.equal("Listed");

    // 15.8: a raise while Alice's order rests waits the notice; applying it early is refused in words.
    await run("venue:set-fees", { maker: "6", taker: "12", from: A(operator) });
    const exchange = await ethers.getContractAt("IExchange", venue);
    const [pendingMaker, pendingTaker, effectiveAt] = await exchange.pendingFees();
    expect([pendingMaker, pendingTaker]).to.deep.equal([6n, 12n]);
    expect(effectiveAt).to.be.greaterThan(0n);
    expect((await exchange.fees())[0]).to.equal(5n);
    expect(await refusal("venue:apply-fees", { from: A(bob) })).to.contain("FeesNotYetEffective");
  });

  it("signs and submits attestations, revokes, redeems, freezes, posts reports, trades every type, delists", async function () {
    // Continues on the suite and book the first test built: root #1, bank's KYC node #2, pair #1 BOND/USD.
    const s = await ethers.getSigners();
    const [, bank, issuer, , auditor, steward, , alice, bob, carol, dave] = s.slice(1, 12);
    const A = (x: { address: string }) => x.address;
    const pair = "1";
    const registry = await ethers.getContractAt(
      "IdentityRegistry",
      (await deployments.get("IdentityRegistry")).address,
    );
    const bankNode = await (
      await ethers.getContractAt("AuthorityTree", (await deployments.get("AuthorityTree")).address)
    ).nodeOf(A(bank), 1n);
    const assets = await ethers.getContractAt("AssetRegistry", (await deployments.get("AssetRegistry")).address);
    const bondAddress = (await assets.asset(1n)).token;
    const bond = (await ethers.getContractAt("CompliantToken", bondAddress)) as unknown as CompliantToken;

    // KYC by signed attestation: the bank signs off chain, Carol submits; Dave is revoked after registering.
    const file = path.join(dir, "carol.json");
    await run("kyc:sign", {
      attester: bankNode.toString(),
      wallet: A(carol),
      classes: "PROFESSIONAL",
      jurisdiction: "756",
      evidenceHash: ethers.id("carol kyc"),
      expires: "90d",
      out: file,
      from: A(bank),
    });
    const carolId: bigint = await run("kyc:submit", { in: file, from: A(carol) });
    expect(await registry.identityOf(A(carol))).to.equal(carolId);
    // 21.9: kyc:submit's replay reads like every other refusal (a short nonce, not a 77-digit one).
    expect(await refusal("kyc:submit", { in: file, from: A(carol) }), "a replay").to.match(
      /^submit the attestation refused by the contract: NonceAlreadyUsed\n  0x\w{40}'s nonce 0x[0-9a-f]{6}…[0-9a-f]{6} was already used/,
    );
    const daveId: bigint = await run("kyc:register", {
      attester: bankNode.toString(),
      wallet: A(dave),
      classes: "RETAIL",
      jurisdiction: "276",
      expires: "90d",
      evidenceHash: ethers.id("dave kyc"),
      from: A(bank),
    });
    await run("kyc:revoke", { identity: daveId.toString(), reason: "aml", from: A(bank) });
    expect((await run("kyc:show", { wallet: A(dave), json: true })).status).to.equal("Revoked");

    // Token operations: a redemption, and a freeze that blocks a transfer until lifted.
    const id = await run("token:redeem", { token: bondAddress, amount: "0.5", ref: "redeem-1", from: A(alice) });
    expect(await bond.totalRedeemed()).to.equal(0n); // escrowed until the issuer settles (issue 16)
    await run("token:redeem-confirm", { token: bondAddress, id: String(id), ref: "payout-1", from: A(issuer) });
    expect(await bond.totalRedeemed()).to.equal(500_000n);
    await run("token:freeze", { token: bondAddress, wallet: A(alice), reason: "inquiry", from: A(issuer) });
    expect(await bond.isFrozen(A(alice))).to.equal(true);
    await run("token:unfreeze", { token: bondAddress, wallet: A(alice), from: A(issuer) });
    expect(await bond.isFrozen(A(alice))).to.equal(false);

    // Reports other than reserves.
    for (const kind of ["audit-report", "disclosure", "insurance"]) {
      await run("asset:attest", {
        asset: "1",
        kind,
        expires: "30d",
        uri: `ipfs://${kind}`,
        hash: ethers.id(kind),
        from: A(auditor),
      });
    }

    // Order types: post-only rests, fok all-or-nothing, ioc takes what it can, gtd rests until its expiry.
    const post = await run("order:place", {
      pair,
      side: "sell",
      type: "post-only",
      price: "103",
      amount: "2",
      from: A(alice),
    });
    expect(typeof post.orderId).to.equal("bigint");
    expect(
      await refusal("order:place", { pair, side: "buy", type: "post-only", price: "103", amount: "1", from: A(bob) }),
      "a post-only order that would cross",
    ).to.contain("PostOnlyWouldCross");
    expect(
      await refusal("order:place", { pair, side: "buy", type: "fok", price: "103", amount: "50", from: A(bob) }),
      "fill-or-kill beyond the book",
    ).to.contain("FillOrKillNotFilled");
    const ioc = await run("order:place", { pair, side: "buy", type: "ioc", price: "101.5", amount: "3", from: A(bob) });
    expect(ioc.trades.map((t: { amount: string }) => t.amount)).to.deep.equal(["3"]);
    const gtd = await run("order:place", {
      pair,
      side: "buy",
      type: "gtd",
      price: "90",
      amount: "1",
      expires: "1d",
      from: A(bob),
    });
    expect(typeof gtd.orderId).to.equal("bigint");
    const market = await run("order:place", { pair, side: "buy", type: "market", amount: "1", from: A(bob) });
    expect(market.trades.map((t: { price: string }) => t.price)).to.deep.equal(["101.5"]);

    // Governance: delisting is final; cancels still work afterwards.
    expect(await run("pair:delist", { pair, reason: "wind down", from: A(steward) })).to.equal("Delisted");
    expect(await refusal("pair:resume", { pair, from: A(steward) })).to.contain("InvalidPairStatus");
    await run("order:cancel", { pair, order: gtd.orderId.toString(), from: A(bob) });

    // 21.7: --amount all redeems the wallet's whole balance (not the venue's); with none left, it says so.
    const held = await bond.balanceOf(A(alice));
    expect(held > 0n, "Alice holds BOND in her wallet").to.equal(true);
    const all = await run("token:redeem", { token: "BOND", amount: "all", ref: "redeem-all", from: A(alice) });
    expect(await bond.balanceOf(A(alice))).to.equal(0n);
    const desk = await ethers.getContractAt("MonetaryDesk", await bond.DESK());
    expect((await desk.redemption(bondAddress, all)).amount).to.equal(held);
    expect(await refusal("token:redeem", { token: "BOND", amount: "all", ref: "again", from: A(alice) })).to.equal(
      "--amount all: your wallet holds no BOND",
    );
  });

  it("converts prices and sizes exactly, refusing values off the grid", function () {
    // 1 BOND (6 decimals) lots, 0.01 USD (18 decimals) steps: tickSize is 10^16 quote units per lot.
    const grid = { tickSize: 10n ** 16n, lotSize: 10n ** 6n, baseDecimals: 6, quoteDecimals: 18 };
    expect(tickSizeFor("0.01", 10n ** 6n, 6, 18)).to.equal(grid.tickSize);
    expect(priceToTick(grid, "101.5")).to.equal(10150n);
    expect(tickToPrice(grid, 10150n)).to.equal("101.5");
    // A lot of 0.5 BOND at 2-decimal quote: a step of 0.01 per unit is 0.005 per lot, not whole.
    expect(() => tickSizeFor("0.01", 500_000n, 6, 2)).to.throw("not a whole number");
    expect(() => priceToTick(grid, "abc")).to.throw("not a non-negative decimal");
  });
});
