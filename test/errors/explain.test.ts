import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { explainRefusal, formatRefusal, type RefusalContext } from "../../lib/errors/explain";
import { suiteErrorInterface } from "../../lib/cli";
import { exchangeSeconds, FUNDS, LOT, Side, TICK, type ExchangeWorld } from "../helpers/exchange";
import { useClock } from "../helpers/fixtures";

/**
 * Issue 21, points 1 and 2: a refusal is explained by the shared library (lib/errors/explain.ts, which the console
 * reuses) with the right subject, the reason by name and in words, the cause where the chain knows it, the way out,
 * and every argument in human units.
 */
describe("refusals in the user's language (lib/errors/explain.ts)", function () {
  before(async function () {
    await useClock(1);
  });

  /** What explains refusals in world `f`: its contracts, and names for its actors. */
  async function contextOf(f: ExchangeWorld, about: Partial<RefusalContext> = {}): Promise<RefusalContext> {
    const labels = new Map<string, string>([
      [f.actors.alice.address.toLowerCase(), "Alice"],
      [f.actors.bob.address.toLowerCase(), "Bob"],
      [f.regulator.address.toLowerCase(), "Regulator X"],
      [f.subAgent.address.toLowerCase(), "Bank Y branch"],
    ]);
    return {
      provider: ethers.provider,
      timeUnit: 1,
      labels,
      contracts: {
        tree: await f.tree.getAddress(),
        registry: await f.registry.getAddress(),
        assets: await f.assets.getAddress(),
        pairs: await f.pairs.getAddress(),
        venue: await f.exchange.getAddress(),
      },
      ...about,
    };
  }

  const failure = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error("expected a refusal");
      },
      (e: unknown) => e,
    );

  it("21.2: InsufficientBalance names the wallet, the token symbol and decimals, and what open orders lock", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, order, pairId } = f;
    // Alice rests a sell of 5 lots; then tries to sell more BOND than she has left available.
    await (await exchange.connect(actors.alice).placeOrder(order(Side.Ask, 500, 5))).wait();
    const lots = FUNDS / LOT; // everything she deposited, of which 5 lots are locked
    const error = await failure(exchange.connect(actors.alice).placeOrder.staticCall(order(Side.Ask, 500, lots)));
    const r = await explainRefusal(
      suiteErrorInterface(hre),
      error,
      await contextOf(f, { pairId, wallet: actors.alice.address }),
    );
    expect(r?.name).to.equal("InsufficientBalance");
    expect(r?.subject).to.equal(`BOND/USD (pair #${pairId})`);
    expect(r?.args.account).to.match(/^Alice \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\)$/);
    expect(r?.args.token).to.equal("BOND");
    // FUNDS = 10^12 smallest units of a 6-decimal token: 1,000,000 BOND; 5 lots of 1,000 units are locked.
    expect(r?.args.needed).to.equal("1000000 BOND");
    expect(r?.args.available).to.equal("999999.995 BOND");
    expect(r?.words).to.equal(
      `${r?.args.account} needs 1000000 BOND available in the venue but has only 999999.995 BOND (token BOND).`,
    );
    expect(r?.cause).to.match(
      /^0\.005 BOND are locked in open order 0x[0-9a-f]{16} on pair #1; cancel it \(order:cancel\)/,
    );
    expect(r?.raw.needed).to.equal(FUNDS.toString());
    const text = formatRefusal(r!, "sell");
    expect(text).to.not.match(/account=|token=1|\d{12}/);
    expect(text.split("\n")[0]).to.equal(`sell refused by BOND/USD (pair #${pairId}): InsufficientBalance`);
  });

  it("21.1: NotEligible names the reason (AttesterInvalid), who suspended the attester and since when, and the way out", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, order, pairId, tree, regulator, nodes } = f;
    // The regulator suspends the bank (depth 1): the branch that attested Alice (depth 2) is cut off with it.
    await (await tree.connect(regulator).suspend(nodes.institution, ethers.encodeBytes32String("inspection"))).wait();
    const suspendedAt = (await ethers.provider.getBlock("latest"))!.timestamp;
    const error = await failure(exchange.connect(actors.alice).placeOrder.staticCall(order(Side.Ask, 500, 5)));
    const r = await explainRefusal(
      suiteErrorInterface(hre),
      error,
      await contextOf(f, { pairId, wallet: actors.alice.address, action: "place an order" }),
    );
    expect(r?.reason).to.equal("NotEligible: AttesterInvalid");
    expect(r?.subject).to.equal(`BOND/USD (pair #${pairId})'s policy`);
    expect(r?.words).to.match(
      /^Alice \(0x.{4}….{4}\) is not eligible under BOND\/USD \(pair #1\)'s policy: it was attested by an institution that is no longer valid/,
    );
    const date = new Date(suspendedAt * 1000).toISOString().replace(".000Z", "Z");
    expect(r?.cause).to.equal(
      `the institution that attested ${r?.args.wallet}, node #${nodes.kycAgent} (Bank Y branch), is cut off: ` +
        `node #${nodes.institution} (an authority above it, node #${nodes.institution}) was suspended by ` +
        `Regulator X (${regulator.address.slice(0, 6)}…${regulator.address.slice(-4)}) on ${date}.`,
    );
    expect(r?.remedy).to.contain(
      "wait until the attesting institution is restored, or have the identity migrated".replace("w", "W"),
    );
    expect(formatRefusal(r!)).to.not.match(/reason=|for 6\b/);
  });

  it("21.1: a native token's refusal of a withdrawal names the token's policy and says the balance stays in the venue", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, tree, regulator, nodes, token } = f;
    await (await tree.connect(regulator).suspend(nodes.institution, ethers.encodeBytes32String("inspection"))).wait();
    const error = await failure(exchange.connect(actors.alice).withdraw.staticCall(token, 1000n));
    const r = await explainRefusal(
      suiteErrorInterface(hre),
      error,
      await contextOf(f, { token: await token.getAddress(), wallet: actors.alice.address, action: "withdraw" }),
    );
    expect(r?.reason).to.equal("NotEligible: AttesterInvalid");
    expect(r?.subject).to.equal("token BOND's holder policy");
    expect(r?.remedy).to.match(/^Your BOND stay yours in the venue; they can be withdrawn once you are eligible again/);
    expect(r?.cause).to.contain("was suspended by Regulator X");
  });

  it("21.2: PairNotTradable says which required attestation lapsed, and when", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, order, pairId, assets, bondAsset } = f;
    const reserve = await assets.attestation(bondAsset, 0);
    await time.increaseTo(Number(reserve.expiry) + 1);
    const error = await failure(exchange.connect(actors.alice).placeOrder.staticCall(order(Side.Ask, 500, 5)));
    const r = await explainRefusal(suiteErrorInterface(hre), error, await contextOf(f, { pairId }));
    expect(r?.name).to.equal("PairNotTradable");
    const date = new Date(Number(reserve.expiry) * 1000).toISOString().replace(".000Z", "Z");
    expect(r?.cause).to.equal(
      `BOND (asset #${bondAsset})'s reserve attestation lapsed on ${date}: an auditor must attest again before the pair trades.`,
    );
  });

  /** The ISO date of the latest block (what a cause says "on <date>" with). */
  const latestDate = async () =>
    new Date((await ethers.provider.getBlock("latest"))!.timestamp * 1000).toISOString().replace(".000Z", "Z");
  const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;

  it("21.1: a frozen identity's refusal names who froze it, at what rank, when and why", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, order, pairId, registry, regulator } = f;
    const identityId = await registry.identityOf(actors.alice.address);
    await (await registry.connect(regulator).freeze(identityId, ethers.encodeBytes32String("aml review"))).wait();
    const date = await latestDate();
    const error = await failure(exchange.connect(actors.alice).placeOrder.staticCall(order(Side.Ask, 500, 5)));
    const r = await explainRefusal(suiteErrorInterface(hre), error, await contextOf(f, { pairId }));
    expect(r?.reason).to.match(/: Frozen$/);
    expect(r?.cause).to.equal(
      `identity #${identityId} of Alice (${short(actors.alice.address)}) was frozen by Regulator X ` +
        `(${short(regulator.address)}) at the root's rank (depth 0) on ${date} ("aml review"); only that rank or a ` +
        `higher one can unfreeze it.`,
    );
  });

  it("21.1: an expired identity's refusal says when it expired and which attester can renew it", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, registry, nodes, token } = f;
    const identity = await registry.identity(await registry.identityOf(actors.alice.address));
    await time.increaseTo(Number(identity.expiry) + 1);
    const error = await failure(exchange.connect(actors.alice).withdraw.staticCall(token, 1000n));
    const r = await explainRefusal(
      suiteErrorInterface(hre),
      error,
      await contextOf(f, { token: await token.getAddress(), action: "withdraw" }),
    );
    expect(r?.reason).to.match(/: Expired$/);
    const expired = new Date(Number(identity.expiry) * 1000).toISOString().replace(".000Z", "Z");
    expect(r?.cause).to.equal(
      `identity #${await registry.identityOf(actors.alice.address)} of Alice (${short(actors.alice.address)}) ` +
        `expired on ${expired}; its attester, node #${nodes.kycAgent} (Bank Y branch), can renew it (or a KYC ` +
        `manager above it).`,
    );
  });

  it("21.1: a token's freeze of a wallet or an identity and a token's pause name the authority, its rank and the date", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, token } = f;
    const issuer = actors.issuer;
    const ctx = await contextOf(f, { token: await token.getAddress(), action: "withdraw" });
    ctx.labels = new Map([...ctx.labels!, [issuer.address.toLowerCase(), "Issuer"]]);
    await (
      await token.connect(issuer).freezeWallet(actors.alice.address, ethers.encodeBytes32String("court order"))
    ).wait();
    const frozenOn = await latestDate();
    const frozen = await explainRefusal(
      suiteErrorInterface(hre),
      await failure(exchange.connect(actors.alice).withdraw.staticCall(token, 1000n)),
      ctx,
    );
    expect(frozen?.cause).to.match(
      new RegExp(
        `^BOND froze Alice \\(${short(actors.alice.address)}\\) by Issuer \\(${short(issuer.address)}\\) at depth 1 on ${frozenOn} \\("court order"\\); only that rank or a higher one can unfreeze it`,
      ),
    );
    await (await token.connect(issuer).unfreezeWallet(actors.alice.address)).wait();
    const identityId = await f.registry.identityOf(actors.alice.address);
    await (await token.connect(issuer).freezeIdentity(identityId, ethers.encodeBytes32String("sanctions"))).wait();
    const identityFrozenOn = await latestDate();
    const byIdentity = await explainRefusal(
      suiteErrorInterface(hre),
      await failure(exchange.connect(actors.alice).withdraw.staticCall(token, 1000n)),
      ctx,
    );
    expect(byIdentity?.cause).to.equal(
      `BOND froze identity #${identityId}, to which Alice (${short(actors.alice.address)}) belongs, by Issuer ` +
        `(${short(issuer.address)}) at depth 1 on ${identityFrozenOn} ("sanctions"); only that rank or a higher one ` +
        `can unfreeze it.`,
    );
    await (await token.connect(issuer).unfreezeIdentity(identityId)).wait();
    await (await token.connect(issuer).pause()).wait();
    const pausedOn = await latestDate();
    const paused = await explainRefusal(
      suiteErrorInterface(hre),
      await failure(exchange.connect(actors.alice).withdraw.staticCall(token, 1000n)),
      ctx,
    );
    expect(paused?.cause).to.equal(
      `BOND was paused by Issuer (${short(issuer.address)}) at depth 1 on ${pausedOn}; only that rank or a higher ` +
        `one can unpause it.`,
    );
  });

  it("21.1: VenueNotLicensed names who suspended the operator and when, or who removed the venue's registration", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, order, pairId, tree, regulator, nodes, venues } = f;
    await (await tree.connect(regulator).suspend(nodes.exchangeOp, ethers.encodeBytes32String("audit"))).wait();
    const suspendedOn = await latestDate();
    const ctx = await contextOf(f, { pairId });
    const explain = async () =>
      explainRefusal(
        suiteErrorInterface(hre),
        await failure(exchange.connect(actors.alice).placeOrder.staticCall(order(Side.Ask, 500, 5))),
        ctx,
      );
    const suspended = await explain();
    expect(suspended?.name).to.equal("VenueNotLicensed");
    expect(suspended?.cause).to.equal(
      `the venue's operator, node #${nodes.exchangeOp}, is cut off: it was suspended by Regulator X ` +
        `(${short(regulator.address)}) on ${suspendedOn}.`,
    );
    await (await tree.connect(regulator).resume(nodes.exchangeOp)).wait();
    await (await venues.connect(regulator).deregisterVenue(await exchange.getAddress(), nodes.r1)).wait();
    const removedOn = await latestDate();
    expect((await explain())?.cause).to.equal(
      `the venue's registration under root #${nodes.r1} (Regulator X) was removed by Regulator X ` +
        `(${short(regulator.address)}) at the root's rank (depth 0) on ${removedOn}.`,
    );
  });

  it("21.1: a halted pair's refusal names who halted it and when", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, order, pairId, pairs, nodes } = f;
    await (await pairs.connect(actors.steward).haltPair(pairId, ethers.encodeBytes32String("incident"))).wait();
    const haltedOn = await latestDate();
    const r = await explainRefusal(
      suiteErrorInterface(hre),
      await failure(exchange.connect(actors.alice).placeOrder.staticCall(order(Side.Ask, 500, 5))),
      await contextOf(f, { pairId }),
    );
    expect(r?.cause).to.equal(
      `BOND/USD (pair #${pairId}) was halted by node #${nodes.steward} on ${haltedOn} ("incident").`,
    );
  });

  it("21.1: a delisted pair's refusal names who delisted it and when", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, order, pairId, pairs, nodes } = f;
    await (await pairs.connect(actors.steward).delistPair(pairId, ethers.encodeBytes32String("wind down"))).wait();
    const delistedOn = await latestDate();
    const r = await explainRefusal(
      suiteErrorInterface(hre),
      await failure(exchange.connect(actors.alice).placeOrder.staticCall(order(Side.Ask, 500, 5))),
      await contextOf(f, { pairId }),
    );
    expect(r?.cause).to.equal(
      `BOND/USD (pair #${pairId}) was delisted by node #${nodes.steward} on ${delistedOn} ("wind down"), for good.`,
    );
  });

  it("21.1: SuspendedByHigherAuthority names the suspender, its rank and the date", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { tree, regulator, bank, nodes } = f;
    await (await tree.connect(regulator).suspend(nodes.kycAgent, ethers.encodeBytes32String("inspection"))).wait();
    const suspendedOn = await latestDate();
    const r = await explainRefusal(
      suiteErrorInterface(hre),
      await failure(tree.connect(bank).resume.staticCall(nodes.kycAgent)),
      await contextOf(f),
    );
    expect(r?.name).to.equal("SuspendedByHigherAuthority");
    expect(r?.cause).to.equal(
      `node #${nodes.kycAgent} (Bank Y branch) was suspended by Regulator X (${short(regulator.address)}) at the ` +
        `root's rank (depth 0) on ${suspendedOn} ("inspection"); only that rank or a higher one can resume it.`,
    );
  });

  it("21.1: a transfer to a wallet whose identity the token froze names who froze it and when", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { actors, token, registry } = f;
    const issuer = actors.issuer;
    await (await token.connect(issuer).mint(actors.bob.address, 1000n)).wait();
    const identityId = await registry.identityOf(actors.alice.address);
    await (await token.connect(issuer).freezeIdentity(identityId, ethers.encodeBytes32String("sanctions"))).wait();
    const frozenOn = await latestDate();
    const ctx = await contextOf(f, { token: await token.getAddress() });
    ctx.labels = new Map([...ctx.labels!, [issuer.address.toLowerCase(), "Issuer"]]);
    const r = await explainRefusal(
      suiteErrorInterface(hre),
      await failure(token.connect(actors.bob).transfer.staticCall(actors.alice.address, 1000n)),
      ctx,
    );
    expect(r?.name).to.equal("IdentityIsFrozen");
    expect(r?.cause).to.equal(
      `BOND froze identity #${identityId}, to which Alice (${short(actors.alice.address)}) belongs, by Issuer ` +
        `(${short(issuer.address)}) at depth 1 on ${frozenOn} ("sanctions"); only that rank or a higher one can ` +
        `unfreeze it.`,
    );
  });

  it("21.2: times read as ISO dates, nodes and roots by their labels, scopes by name, prices in quote units", async function () {
    const f = await loadFixture(exchangeSeconds);
    const ctx = await contextOf(f, { pairId: f.pairId });
    const errors = suiteErrorInterface(hre);
    const explain = (name: string, args: unknown[]) =>
      explainRefusal(errors, { data: errors.encodeErrorResult(name, args) }, ctx);
    const late = await explain("ExpiryTooLate", [1_828_125_140, 1_828_125_132]);
    expect(late?.words).to.equal(
      "An identity's expiry may not pass 2027-12-06T20:32:12Z (MAX_KYC_VALIDITY from now, or the attesting node's lease).",
    );
    expect(late?.args.expiry).to.equal("2027-12-06T20:32:20Z");
    const asOf = await explain("AsOfInFuture", [1_814_313_600, 1_796_589_446]);
    expect(asOf?.args).to.deep.equal({ asOf: "2027-06-30T00:00:00Z", now: "2026-12-06T20:37:26Z" });
    const scope = await explain("MissingScope", [f.actors.bob.address, f.nodes.r1, 8]);
    expect(scope?.words).to.equal(
      `Bob (${f.actors.bob.address.slice(0, 6)}…${f.actors.bob.address.slice(-4)}) holds no valid node under root #${f.nodes.r1} (Regulator X) that effectively holds GOVERN.`,
    );
    const cross = await explain("PostOnlyWouldCross", [1234, 1200]);
    // A tick is TICK (10) smallest USD units (18 decimals) per lot of LOT (1,000) smallest BOND units (6 decimals).
    expect([TICK, LOT]).to.deep.equal([10n, 1000n]);
    expect(cross?.args).to.deep.equal({ tick: "0.00000000001234 USD", oppositeBest: "0.000000000012 USD" });
    // PlatON: a raw block timestamp is in milliseconds; every time the contracts store is in seconds.
    const millis = { ...ctx, timeUnit: 1000 };
    const data = errors.encodeErrorResult("TimeUnitMismatch", [1000, 1_800_000_000_000n]);
    const unit = await explainRefusal(errors, { data }, millis);
    expect(unit?.args.blockTimestamp).to.equal("2027-01-15T08:00:00Z");
    const nonce = await explain("NonceAlreadyUsed", [f.actors.bob.address, 2n ** 255n + 12345n]);
    expect(nonce?.args.nonce).to.match(/^0x800000…003039$/);
  });

  it("21.1: every custom error of the suite is explained from the catalogue, with no placeholder left unfilled", async function () {
    const f = await loadFixture(exchangeSeconds);
    const ctx = await contextOf(f);
    const errors = suiteErrorInterface(hre);
    const sample = (type: string): unknown =>
      type === "address"
        ? f.actors.bob.address
        : type === "bool"
          ? true
          : type === "string"
            ? "text"
            : type.startsWith("bytes")
              ? "0x" + "00".repeat(Number(type.slice(5)) || 32)
              : 1n;
    let explained = 0;
    for (const fragment of errors.fragments) {
      if (fragment.type !== "error") continue;
      const error = fragment as unknown as {
        name: string;
        inputs: { name: string; type: string }[];
        format(f: string): string;
      };
      const data = errors.encodeErrorResult(
        error.format("sighash"),
        error.inputs.map((i) => sample(i.type)),
      );
      const r = await explainRefusal(errors, { data }, ctx);
      expect(r, error.name).to.not.equal(undefined);
      if (!r!.words) continue; // an error of a test-only contract, not in the catalogue
      for (const input of error.inputs) {
        expect(`${r!.words} ${r!.remedy}`, error.format("sighash")).to.not.contain(`\`${input.name}\``);
      }
      expect(r!.subject, error.name).to.be.a("string").and.not.equal("");
      explained += 1;
    }
    expect(explained).to.be.greaterThan(200);
  });
});
