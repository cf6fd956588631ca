/**
 * Issue 18's AML scenario on a development node after the demo: fresh clients registered by Bank Z, a seeded random
 * market among six clients (deposits, orders that cross, cancellations, withdrawals), and each pattern the monitor
 * looks for planted between random phases by clients of its own. Drives the chain with ethers and the demo's
 * recorded development keys (deployments/devnode/.labels.json), one transaction per block.
 *
 * The random clients behave as legitimate ones (the clean scenario's model): small orders near the market, deposits
 * well under any cap, and a withdrawal only once they have traded since their last deposit of that token or the
 * deposit is older than an hour.
 */
import { ethers, type ContractTransactionResponse, JsonRpcProvider, Wallet } from "ethers";
import fs from "node:fs";
import path from "node:path";
import { attestationDomain, randomNonce, signConsent } from "../../lib/attestation";
import { ClientClass } from "../../lib/classes";
import { readDeployment } from "../../lib/deployments";
import {
  AmlLimits__factory,
  AssetRegistry__factory,
  AuthorityTree__factory,
  CompliantToken__factory,
  IdentityRegistry__factory,
  IExchange__factory,
  ILimitsAttachable__factory,
  PairRegistry__factory,
  TestToken__factory,
  VenueRegistry__factory,
} from "../../typechain-types";

const DAY = 86_400;
const HOUR = 3_600;
const BID = 0;
const ASK = 1;
const MID = 10_000; // 100.00 USD a lot (tick 0.01 USD, lot 1 BOND)

/** mulberry32: a small seeded generator, the same sequence for the same seed. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

type Client = { name: string; wallet: Wallet; identity: bigint; account?: bigint; orders: bigint[] };
type Span = { fromBlock: number; toBlock: number };

/** What was planted, for the test to look for. */
export type Planted = {
  clean: Span;
  planted: Span;
  wash: [bigint, bigint];
  structurer: bigint;
  rapid: bigint;
  layerer: bigint;
  tainted: { party: bigint; counterparty: bigint };
  ops: { attempted: number; sent: number; refused: number; fills: number };
  txs: Record<string, string[]>;
};

export async function runScenario(url: string, options: { seed: number; cleanOps: number; laterOps: number }) {
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, cacheTimeout: -1 });
  provider.pollingInterval = 50;
  const labels = JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "..", "deployments", "devnode", ".labels.json"), "utf8"),
  ) as { accounts: Record<string, string>; keys: Record<string, string> };
  const actor = (label: string) => {
    const address = Object.entries(labels.accounts).find(([, l]) => l === label)?.[0];
    if (!address || !labels.keys[address]) throw new Error(`no development key for ${label}`);
    return new Wallet(labels.keys[address], provider);
  };
  const at = (name: string) => readDeployment("devnode", name)!.address;
  const tree = AuthorityTree__factory.connect(at("AuthorityTree"), provider);
  const registry = IdentityRegistry__factory.connect(at("IdentityRegistry"), provider);
  const assets = AssetRegistry__factory.connect(at("AssetRegistry"), provider);
  const pairs = PairRegistry__factory.connect(at("PairRegistry"), provider);
  const venueAddress = at("Exchange");
  const venue = IExchange__factory.connect(venueAddress, provider);
  const pairId = 1n;
  const pair = await pairs.pair(pairId);
  const usd = TestToken__factory.connect(pair.quoteToken, provider);
  const bond = CompliantToken__factory.connect(pair.baseToken, provider);
  const [regulator, bankZ, auditor, dave, erin] = ["Regulator X", "Bank Z", "Auditor", "Dave", "Erin"].map(actor);
  const funder = await provider.getSigner(0);
  const root = pair.root;
  const rng = seeded(options.seed);
  const USD = (n: number | bigint) => BigInt(n) * 10n ** 18n;
  const BOND = (n: number | bigint) => BigInt(n) * 10n ** 6n;
  const txs: Record<string, string[]> = {};
  const ops = { attempted: 0, sent: 0, refused: 0, fills: 0 };
  const traded = new Set<bigint>(); // accounts with a fill since their last deposit (per token, below)
  const lastDeposit = new Map<string, number>(); // `${identity}/${token}` -> chain time

  const chainNow = async () => (await provider.getBlock("latest"))!.timestamp;
  // The next block exactly `seconds` after the latest: pinned, not added to the node's wall clock, so that a gap the
  // monitor's thresholds read (an order cancelled within seconds) does not grow with a slow machine.
  const later = async (seconds: number) => {
    await provider.send("evm_setNextBlockTimestamp", [(await chainNow()) + seconds]);
  };
  const mined = async (tx: Promise<ContractTransactionResponse>, tag?: string) => {
    const receipt = (await (await tx).wait())!;
    if (tag) (txs[tag] ??= []).push(receipt.hash);
    for (const log of receipt.logs) {
      if (log.address.toLowerCase() !== venueAddress.toLowerCase()) continue;
      const parsed = venue.interface.parseLog(log);
      if (parsed?.name === "OrderFilled") {
        ops.fills++;
        traded.add(parsed.args.maker as bigint);
        traded.add(parsed.args.taker as bigint);
      }
    }
    return receipt;
  };
  /** A random client's operation: refused ones (estimateGas reverts) are counted, never mined. */
  const counted = async (op: () => Promise<unknown>) => {
    ops.attempted++;
    try {
      await op();
      ops.sent++;
    } catch {
      ops.refused++;
    }
  };
  /** A random client's transaction: refused ones (estimateGas reverts) are counted, never mined. */
  const attempt = async (tx: () => Promise<ContractTransactionResponse>) => {
    ops.attempted++;
    try {
      const receipt = await mined(tx());
      ops.sent++;
      return receipt;
    } catch {
      ops.refused++;
      return undefined;
    }
  };

  // ---- Setup: a fresh reserve (the demo let it lapse), fresh clients, a deposit cap for PROFESSIONAL clients ----
  const t0 = await chainNow();
  await mined(
    assets
      .connect(auditor)
      .attestReserve(
        pair.baseAsset,
        BOND(10_000_000),
        t0,
        t0 + 60 * DAY,
        "ipfs://aml-reserve",
        ethers.id("aml reserve"),
      ),
  );
  const bankNode = await tree.nodeOf(bankZ.address, root);
  const { chainId } = await provider.getNetwork();
  const domain = attestationDomain(chainId, await registry.getAddress());
  const register = async (name: string, classes: number): Promise<Client> => {
    const wallet = new Wallet(Wallet.createRandom().privateKey, provider);
    await (await funder.sendTransaction({ to: wallet.address, value: ethers.parseEther("10") })).wait();
    const now = await chainNow();
    const consent = await signConsent(wallet, domain, {
      wallet: wallet.address,
      identityId: 0n,
      attester: bankNode,
      nonce: randomNonce(),
      deadline: BigInt(now + DAY),
    });
    const registration = {
      wallet: wallet.address,
      classes,
      jurisdiction: 756,
      expiry: now + 180 * DAY,
      evidenceHash: ethers.id(`KYC file of ${name}`),
    };
    await mined(registry.connect(bankZ).register(bankNode, registration, consent));
    return { name, wallet, identity: await registry.identityOf(wallet.address), orders: [] };
  };
  const existing = async (name: string, wallet: Wallet): Promise<Client> => ({
    name,
    wallet,
    identity: await registry.identityOf(wallet.address),
    orders: [],
  });
  const randoms: Client[] = [await existing("Dave", dave), await existing("Erin", erin)];
  for (let i = 1; i <= 4; i++) randoms.push(await register(`F${i}`, ClientClass.ACCREDITED));
  const [washA, washB, rapid, layerer, tainted] = [
    await register("WashA", ClientClass.ACCREDITED),
    await register("WashB", ClientClass.ACCREDITED),
    await register("Rapid", ClientClass.ACCREDITED),
    await register("Layerer", ClientClass.ACCREDITED),
    await register("Tainted", ClientClass.ACCREDITED),
  ];
  const structurer = await register("Structurer", ClientClass.PROFESSIONAL);
  const everyone = [...randoms, washA, washB, rapid, layerer, tainted, structurer];
  // Money: USD minted (a test token), BOND from Dave's and Erin's wallets (what the demo left them).
  const supply = [dave, erin];
  for (const c of everyone) {
    await mined(usd.connect(funder).mint(c.wallet.address, USD(200_000)));
    await mined(usd.connect(c.wallet).approve(venueAddress, ethers.MaxUint256));
    await mined(bond.connect(c.wallet).approve(venueAddress, ethers.MaxUint256));
  }
  for (const [c, n] of [
    ...randoms.slice(2).map((c) => [c, 60] as const),
    [washA, 20],
    [washB, 20],
    [tainted, 20],
  ] as const) {
    let given = false;
    for (const from of supply) {
      if ((await bond.balanceOf(from.address)) >= BOND(n)) {
        await mined(bond.connect(from).transfer(c.wallet.address, BOND(n)));
        given = true;
        break;
      }
    }
    if (!given) throw new Error(`no BOND left in Dave's or Erin's wallet for ${c.name}`);
  }
  const limits = await VenueRegistry__factory.connect(at("VenueRegistry"), provider).amlLimits();
  const aml = AmlLimits__factory.connect(limits, provider);
  const policyReceipt = await mined(aml.connect(regulator).createPolicy(root));
  const created = policyReceipt.logs
    .map((l) => aml.interface.parseLog(l))
    .find((p) => p?.name === "LimitsPolicyCreated");
  const policyId = created!.args.policyId as bigint;
  await mined(aml.connect(regulator).setLimit(policyId, pair.quoteToken, ClientClass.PROFESSIONAL, 1, USD(10_000)));
  await mined(ILimitsAttachable__factory.connect(venueAddress, regulator).setLimits(aml.target, policyId));

  const order = (side: number, tick: number, lots: number, orderType = 0) => ({
    pairId,
    side,
    orderType,
    tick,
    lots,
    expiry: 0,
    maxSteps: 20,
  });
  const place = async (c: Client, side: number, tick: number, lots: number, tag?: string, orderType = 0) => {
    const receipt = await mined(venue.connect(c.wallet).placeOrder(order(side, tick, lots, orderType)), tag);
    for (const log of receipt.logs) {
      const parsed = log.address.toLowerCase() === venueAddress.toLowerCase() ? venue.interface.parseLog(log) : null;
      if (parsed?.name === "OrderPlaced") c.orders.push(parsed.args.orderId as bigint);
    }
    return receipt;
  };
  const deposit = async (c: Client, token: "usd" | "bond", amount: bigint, tag?: string) => {
    const receipt = await mined(
      venue.connect(c.wallet).deposit(token === "usd" ? usd.target : bond.target, amount),
      tag,
    );
    c.account ??= (await venue.accountOf(c.wallet.address))[0];
    lastDeposit.set(`${c.identity}/${token}`, (await provider.getBlock(receipt.blockNumber))!.timestamp);
    if (c.account !== undefined) traded.delete(c.account);
    return receipt;
  };
  const block = async () => provider.getBlockNumber();

  // ---- Random market ----
  const randomOp = async () => {
    await later(rng.int(20, 300));
    const c = randoms[rng.int(0, randoms.length - 1)];
    const roll = rng.next();
    if (roll < 0.2 || c.account === undefined) {
      const token = rng.next() < 0.6 || c.account === undefined ? "usd" : "bond";
      await counted(() => deposit(c, token, token === "usd" ? USD(rng.int(200, 2_000)) : BOND(rng.int(2, 10))));
    } else if (roll < 0.7) {
      const side = rng.next() < 0.5 ? BID : ASK;
      const tick = MID + rng.int(-150, 150); // about half the placements cross
      await counted(() => place(c, side, tick, rng.int(1, 8)));
    } else if (roll < 0.9) {
      if (c.orders.length === 0) return;
      const id = c.orders.splice(rng.int(0, c.orders.length - 1), 1)[0];
      await attempt(() => venue.connect(c.wallet).cancelOrder(pairId, id));
    } else {
      const token = rng.next() < 0.5 ? "usd" : "bond";
      const since = lastDeposit.get(`${c.identity}/${token}`);
      const now = await chainNow();
      if (!traded.has(c.account) && since !== undefined && now - since <= HOUR) return; // a legitimate client
      const [available] = await venue.balanceOf(c.wallet.address, token === "usd" ? usd.target : bond.target);
      const amount = (available * BigInt(rng.int(10, 30))) / 100n;
      if (amount === 0n) return;
      await attempt(() => venue.connect(c.wallet).withdraw(token === "usd" ? usd.target : bond.target, amount));
    }
  };
  /** Every random client cancels its orders: the plants then meet an empty book. */
  const quiet = async () => {
    for (const c of randoms) {
      if (c.account === undefined) continue;
      await later(rng.int(20, 120));
      await attempt(() => venue.connect(c.wallet).cancelAll());
      c.orders = [];
    }
  };

  const cleanFrom = (await block()) + 1;
  for (const c of randoms) {
    // Each client funds its account first (what a client opening an account does), then trades at random.
    for (const [token, amount] of [
      ["usd", USD(rng.int(2_000, 5_000))],
      ["bond", BOND(rng.int(10, 30))],
    ] as const) {
      await later(rng.int(20, 300));
      await counted(() => deposit(c, token, amount));
    }
  }
  for (let i = 0; i < options.cleanOps; i++) await randomOp();
  await quiet();
  const clean = { fromBlock: cleanFrom, toBlock: await block() };

  // ---- Planted patterns, between random phases ----
  const plantedFrom = (await block()) + 1;
  // Wash trading: A and B sell 10 lots back and forth three times at 100.00-100.02, minutes apart.
  await deposit(washA, "usd", USD(5_000));
  await deposit(washA, "bond", BOND(20));
  await deposit(washB, "usd", USD(5_000));
  await deposit(washB, "bond", BOND(20)); // a taker's fee comes out of what it receives: B sells more than it bought
  for (const [seller, buyer, tick] of [
    [washA, washB, MID],
    [washB, washA, MID + 1],
    [washA, washB, MID + 2],
    [washB, washA, MID],
    [washA, washB, MID + 1],
    [washB, washA, MID + 2],
  ] as const) {
    await later(120);
    await place(seller, ASK, tick, 10, "wash");
    await place(buyer, BID, tick, 10, "wash", 2); // ImmediateOrCancel
  }
  // Trading with a party later sanctioned: Tainted sells 10 lots to F1, who takes them.
  await deposit(tainted, "bond", BOND(20));
  await deposit(randoms[2], "usd", USD(2_000));
  await later(300);
  await place(tainted, ASK, MID, 10, "tainted");
  await place(randoms[2], BID, MID, 10, "tainted", 2);
  // Rapid in-and-out: 5,000 USD in, ten minutes later 5,000 out, nothing traded.
  await deposit(rapid, "usd", USD(5_000), "rapid");
  await later(600);
  await mined(venue.connect(rapid.wallet).withdraw(usd.target, USD(5_000)), "rapid");
  // Layering: three 300-lot bids far below the market, each cancelled within seconds; then ten 20-lot bids
  // cancelled after minutes, and nothing traded (a cancel-to-fill ratio without fills).
  await deposit(layerer, "usd", USD(60_000));
  for (let i = 0; i < 3; i++) {
    await later(60);
    await place(layerer, BID, 5_000 + i, 300, "layering");
    await later(2);
    await mined(venue.connect(layerer.wallet).cancelOrder(pairId, layerer.orders.pop()!), "layering");
  }
  for (let i = 0; i < 10; i++) {
    await later(60);
    await place(layerer, BID, 4_000 + i, 20, "cancel-ratio");
    await later(300);
    await mined(venue.connect(layerer.wallet).cancelOrder(pairId, layerer.orders.pop()!), "cancel-ratio");
  }
  // Structuring: 9,000, 9,500 and 9,200 USD on three days against a 10,000 USD daily cap, random trading between.
  await deposit(structurer, "usd", USD(9_000), "structuring");
  for (const amount of [9_500, 9_200]) {
    for (let i = 0; i < options.laterOps / 2; i++) await randomOp();
    await quiet();
    await later(DAY + 5 * HOUR); // past the rolling day: AmlLimits counts an amount for up to 28 h 48 min
    await deposit(structurer, "usd", USD(amount), "structuring");
  }
  // The sanction: the regulator lists Tainted's identity.
  await later(600);
  await mined(
    tree
      .connect(regulator)
      .addSanction(root, ethers.ZeroAddress, tainted.identity, ethers.id("aml test"), registry.target),
    "tainted",
  );
  const planted = { fromBlock: plantedFrom, toBlock: await block() };
  provider.destroy();
  return {
    clean,
    planted,
    wash: [washA.identity, washB.identity],
    structurer: structurer.identity,
    rapid: rapid.identity,
    layerer: layerer.identity,
    tainted: { party: tainted.identity, counterparty: randoms[2].identity },
    ops,
    txs,
  } as Planted;
}
