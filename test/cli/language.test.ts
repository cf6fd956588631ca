import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre, { deployments, ethers } from "hardhat";
import { writeLabels } from "../../lib/cli";
import { refusal, run, withDeployedSuite } from "./inProcess";

/**
 * Issue 21 points 4, 6, 7, 8, 9 and 12 on the in-process network, the tasks run as users run them: names instead of
 * numbers (symbols, pair names, labels), `all`, short order references, history and balances, the missing tasks, and
 * defaults that fit the chain.
 */
describe("CLI: the user's language", function () {
  let printed: string[] = [];
  withDeployedSuite({
    print: (...parts: unknown[]) => {
      printed.push(parts.join(" "));
    },
  });

  it("21.4, 21.6-21.9, 21.12: symbols, pair names, labels, all, short order refs, history, balances and new tasks", async function () {
    const s = await ethers.getSigners();
    const [regulator, bank, lister, steward, operator, alice, bob] = s.slice(1, 8);
    const A = (x: { address: string }) => x.address;

    // 21.8: labels given at grant time name the accounts everywhere; the root's label comes from its event.
    await run("authority:create-root", { account: A(regulator), expires: "3650d", label: "Regulator X" });
    await run("authority:grant", {
      parent: "1",
      account: A(bank),
      scopes: "KYC,DELEGATE",
      expires: "365d",
      label: "Bank Y",
      from: "1",
    });
    for (const [who, scope, label] of [
      [lister, "LIST", "Lister"],
      [steward, "GOVERN", "Steward"],
      [operator, "EXCHANGE", "Operator"],
    ] as const) {
      await run("authority:grant", {
        parent: "1",
        account: A(who),
        scopes: scope,
        expires: "365d",
        label,
        from: "Regulator X",
      });
    }

    // 21.4: the bank's lease ends 365 days after its grant; a default registration later would pass it: clamped, said.
    printed = [];
    await run("kyc:register", {
      attester: "2",
      wallet: A(alice),
      classes: "ACCREDITED",
      jurisdiction: "756",
      evidenceHash: ethers.id("a"),
      from: "Bank Y",
    });
    expect(printed.join("\n")).to.match(
      /--expires: 365 days would pass node #2's lease, which ends \d{4}-\d\d-\d\dT[\d:]+Z; the identity expires then/,
    );
    const bankLease = (await run("authority:node", { node: "2", json: true })).expiry;
    expect((await run("kyc:show", { wallet: A(alice), json: true })).expiry).to.equal(bankLease);
    await run("kyc:register", {
      attester: "2",
      wallet: A(bob),
      classes: "INSTITUTIONAL",
      jurisdiction: "276",
      evidenceHash: ethers.id("b"),
      expires: "90d",
      from: "Bank Y",
    });
    // 21.7: kyc:sign takes --expires as kyc:register does (an ISO date here), and its file registers the client.
    const file = path.join(os.tmpdir(), `carol-${process.pid}.json`);
    await run("kyc:sign", {
      attester: "2",
      wallet: "10",
      classes: "RETAIL",
      jurisdiction: "756",
      evidenceHash: ethers.id("c"),
      expires: "2027-06-30",
      out: file,
      from: "Bank Y",
    });
    await run("kyc:submit", { in: file, from: "10" });
    fs.rmSync(file);
    expect((await run("kyc:show", { wallet: "10", json: true })).expiry).to.equal("2027-06-30T00:00:00Z");

    // 21.6: a development-only test token, minted to wallets named by label or index.
    expect((await run("authority:whois", { account: "7", json: true })).nodes).to.deep.equal([]);
    writeLabels(hre, { [A(bob)]: "Bob" });
    const usd: string = await run("token:deploy-test", { symbol: "USD", to: "Bob", amount: "10000" });
    const eur: string = await run("token:deploy-test", { symbol: "EUR", to: "6", amount: "5000" });
    for (const token of [usd, eur]) {
      await run("asset:register", { token, kind: "external", root: "1", uri: "ipfs://x", from: "Lister" });
    }
    // 21.9: assets and pairs are listed.
    const assets = await run("asset:list", { json: true });
    expect(assets.map((a: { symbol: string }) => a.symbol)).to.deep.equal(["USD", "EUR"]);
    await run("pair:propose", { root: "1", base: "2", quote: "1", tick: "0.01", lot: "1", from: "Lister" });
    // 21.12: a pair by its name.
    expect(await run("pair:approve", { pair: "eur/usd", from: "Steward" })).to.equal("Listed");
    await run("venue:deploy", { roots: "1", from: "Operator" });
    await run("venue:set-fee-cap", { cap: "50", from: "Steward" });
    await run("venue:set-fees", { maker: "5", taker: "10", from: "Operator" });
    await run("venue:open-book", { pair: "EUR/USD", from: "Operator" });
    const pairs = await run("pair:list", { json: true });
    expect(pairs[0]).to.include({ name: "EUR/USD", status: "Listed", tradable: true, priceStep: "0.01", book: true });

    // 21.3: a deposit the venue refuses (no identity) stops before the approval is sent.
    const usdToken = await ethers.getContractAt("TestToken", usd);
    await (await usdToken.mint(s[11].address, ethers.parseEther("10"))).wait();
    const noKyc = await refusal("venue:deposit", { token: "USD", amount: "1", from: "11" });
    expect(noKyc).to.match(/^deposit 1 USD refused by the venue: NoIdentity\n  0x\w{40} has no identity/);
    const venueAddress = (await deployments.get("Exchange")).address;
    expect(await usdToken.allowance(s[11].address, venueAddress), "no approval was sent").to.equal(0n);
    // 21.7, 21.12: --token by symbol, --amount all, accounts by label or index.
    await run("venue:deposit", { token: "EUR", amount: "all", from: "6" });
    await run("venue:deposit", { token: "usd", amount: "5000", from: A(bob) });
    const first = await run("order:place", { pair: "EUR/USD", side: "sell", price: "1.10", amount: "100", from: "6" });
    const second = await run("order:place", { pair: "EUR/USD", side: "sell", price: "1.20", amount: "50", from: "6" });
    await run("order:place", { pair: "EUR/USD", side: "buy", price: "1.10", amount: "40", from: A(bob) });

    // 21.6: past trades, by wallet and pair, with wallets (labels) and fees in their tokens.
    const trades = await run("venue:trades", { pair: "EUR/USD", wallet: "6", json: true });
    expect(trades).to.have.length(1);
    expect(trades[0]).to.include({
      price: "1.1",
      amount: "40",
      side: "buy",
      makerFee: "0.022 USD",
      takerFee: "0.04 EUR",
    });
    expect(trades[0].makerWallet).to.contain(A(alice));
    expect(
      await run("venue:trades", { wallet: A(steward).toLowerCase(), json: true }).catch((e: Error) => e.message),
    ).to.contain("has no account on the venue");
    const holdings = await run("wallet:balances", { wallet: A(bob), json: true });
    expect(
      holdings.map((h: { symbol: string; wallet: string; venueAvailable: string }) => [
        h.symbol,
        h.wallet,
        h.venueAvailable,
      ]),
    ).to.deep.equal([
      ["USD", "5000", "4956"],
      ["EUR", "0", "39.96"],
    ]);

    // 21.7: short order references: "last", or the start of the id in hex.
    const hex = `0x${(second.orderId as bigint).toString(16).slice(0, 9)}`;
    expect(await run("order:cancel", { order: hex, from: "6" })).to.equal(second.orderId);
    expect(await refusal("order:cancel", { order: "0x", from: A(bob) })).to.contain("has no open order");
    expect(await run("order:cancel-all", { from: "6" })).to.equal(1);
    void first;
    const left = await run("venue:withdraw", { token: "EUR", amount: "all", from: "6" });
    expect(left).to.equal(ethers.parseEther("4960"));

    // 21.9: fees collected by the operator.
    const fees = await run("venue:collect-fees", { pair: "EUR/USD", from: "Operator" });
    expect(fees).to.deep.equal({ base: ethers.parseEther("0.04"), quote: ethers.parseEther("0.022") });

    // 21.12: an ambiguous symbol is refused with the candidates.
    const usd2: string = await run("token:deploy-test", { symbol: "USD" });
    await run("asset:register", { token: usd2, kind: "external", root: "1", uri: "ipfs://y", from: "Lister" });
    // The recorded venue knows the first USD only: it is preferred.
    printed = [];
    await run("wallet:balances", { wallet: "7" });
    expect(await refusal("token:deploy-test", { symbol: "X", to: "nobody" })).to.contain(
      '"nobody" is not an account index',
    );
    const venueLess = await refusal("venue:deposit", {
      token: "USD",
      amount: "1",
      from: "7",
      venue: "0x0000000000000000000000000000000000000001",
    });
    expect(venueLess).to.contain("No venue contract at");

    // 21.8: whois answers node, scopes, status, lease and the clients it attested; the tree shows labels.
    const bankView = await run("authority:whois", { account: "Bank Y", json: true });
    expect(bankView.label).to.equal("Bank Y");
    expect(bankView.nodes).to.have.length(1);
    expect(bankView.nodes[0]).to.include({
      node: 2n,
      root: 1n,
      rootLabel: "Regulator X",
      status: "active",
      valid: true,
    });
    expect(bankView.nodes[0].scopes).to.deep.equal(["DELEGATE", "KYC"]);
    expect(bankView.nodes[0].clients).to.deep.equal([1n, 2n, 3n]);
    const tree = await run("authority:tree", { root: "1", json: true });
    expect(tree.map((n: { label?: string }) => n.label)).to.deep.equal([
      "Regulator X",
      "Bank Y",
      "Lister",
      "Steward",
      "Operator",
    ]);

    // 21.9: a client migrated off its bank to another KYC node.
    await run("authority:grant", {
      parent: "1",
      account: "8",
      scopes: "KYC",
      expires: "365d",
      label: "Bank Z",
      from: "1",
    });
    await run("kyc:migrate", { wallet: A(bob), to: "6", from: "Regulator X" });
    expect((await run("kyc:show", { wallet: A(bob), json: true })).attester).to.equal(6n);
    expect((await run("authority:whois", { account: "Bank Z", json: true })).nodes[0].clients).to.deep.equal([2n]);
  });

  it("21.12: an ambiguous pair name is refused with the candidates", async function () {
    // A second EUR token: a second pair named EUR/USD.
    const eur2: string = await run("token:deploy-test", { symbol: "EUR" });
    await run("asset:register", { token: eur2, kind: "external", root: "1", uri: "ipfs://z", from: "Lister" });
    const assetId = (await run("asset:list", { json: true })).length;
    await run("pair:propose", { root: "1", base: String(assetId), quote: "1", tick: "0.01", lot: "1", from: "Lister" });
    await run("pair:approve", { pair: "2", from: "Steward" });
    // Pair #1 has a book on the recorded venue: preferred.
    expect((await run("pair:show", { pair: "EUR/USD", json: true })).pairId).to.equal(1n);
    await run("venue:open-book", { pair: "2", from: "Operator" });
    const message = await refusal("pair:show", { pair: "EUR/USD" });
    expect(message).to.contain('--pair "EUR/USD" is ambiguous: 2 pairs have that name');
    expect(message).to.contain("#1 EUR/USD");
    expect(message).to.contain("#2 EUR/USD");
  });
});
