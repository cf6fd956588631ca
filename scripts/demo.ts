/**
 * The main job: a narrated run of the whole lifecycle on the suite deployed by deploy/ (in-process by default; any
 * network with --network NAME, e.g. a `hardhat node` on localhost):
 *
 *   1. the governor creates a regulator's root; the regulator licenses two banks, an exchange operator, an issuer, an
 *      auditor, a lister and a steward for limited times;
 *   2. the banks attest investors: directly with each wallet's consent, and by a signed EIP-712 attestation that the
 *      investor submits;
 *   3. the issuer creates a native token, the lister registers it and an external quote token, the auditor attests a
 *      reserve and the issuer mints within it (and is refused above it);
 *   4. the pair is proposed and approved; the operator deploys, registers and opens the exchange venue; fees are set;
 *   5. investors deposit and trade: a resting book, a crossing order, settlement in the same transaction;
 *   6. the regulator revokes a bank: its clients' resting orders are skipped and removed at the next match;
 *   7. the reserve attestation lapses: the pair stops trading;
 *   8. everyone withdraws; a disqualified client's native balance stays in the venue (the design's one exception).
 *
 * Every outcome is checked on chain; the run ends with the list of checks and fails (non-zero exit) at the first that
 * does not hold. Time is read only through the contracts' currentTime() (seconds) and moved in the network's unit.
 *
 *   npm run demo                                         # in-process network
 *   CHAIN_TIME_UNIT=1000 npm run demo                    # the same on a simulated PlatON (millisecond) clock
 *   npx hardhat run scripts/demo.ts --network localhost  # against a node (e.g. `npx hardhat node`)
 */
import hre from "hardhat";
import type { Wallet } from "ethers";
import type {
  AssetRegistry,
  AuthorityTree,
  CompliantToken,
  IdentityRegistry,
  IExchange,
  PairRegistry,
  TestToken,
  VenueRegistry,
} from "../typechain-types";
import type { IExchangeBase } from "../typechain-types/contracts/interfaces/IExchange.sol/IExchange";
import {
  attestationDomain,
  NO_CONSENT,
  randomNonce,
  signAttestation,
  signConsent,
  submitSignedAttestation,
} from "../lib/attestation";
import { AssetKind, ProductType } from "../lib/assets";
import { Side } from "../lib/book";
import { ClientClass, classNames } from "../lib/classes";
import { deployed, eventIn, writeDevelopmentKeys, writeLabels } from "../lib/cli";
import { VENUE_DEPLOYMENT } from "../lib/market";
import { Narrator, amount, table } from "../lib/demo";
import { timeUnitOf } from "../lib/networks";
import { deployVenue } from "../lib/venueDeploy";
import { eligibilityName, Eligibility } from "../lib/registry";
import { Scope, scopeMask, scopeNames } from "../lib/scopes";
import { DAY, isoDate } from "../lib/time";
import { collectTree, renderTree } from "../lib/tree";
import { sanctionsChapter } from "./demo/sanctions";
import { demoBondTerms, monetaryPolicy } from "./demo/monetary";
import { OrderType, depthTable, tradeEvents, type BookUnits } from "../lib/venue";
import { limitsChapter } from "./demo/limits";

const { ethers, deployments, network } = hre;

/** The shared suite, in deployment order (deploy/00N_*.ts). */
const SUITE = ["AuthorityTree", "IdentityRegistry", "VenueRegistry", "TokenFactory", "AssetRegistry", "PairRegistry"];

/** Native coin each fresh actor account gets for gas (ether units); DEMO_FUNDING overrides. */
const FUNDING = process.env.DEMO_FUNDING ?? "1";

const BOND_DECIMALS = 6;
const USD_DECIMALS = 18;
const BOND = (n: number | bigint) => BigInt(n) * 10n ** BigInt(BOND_DECIMALS);
const USD = (n: number | bigint) => BigInt(n) * 10n ** BigInt(USD_DECIMALS);
/** One lot is one BOND; the price grid is one cent per lot. */
const LOT_SIZE = BOND(1);
const TICK_SIZE = 10n ** 16n;
/** The price of one lot in cents, as a tick. */
const cents = (usdCents: number) => BigInt(usdCents);

type Suite = {
  tree: AuthorityTree;
  registry: IdentityRegistry;
  venues: VenueRegistry;
  assets: AssetRegistry;
  pairs: PairRegistry;
};

type Actors = {
  regulator: Wallet;
  bankY: Wallet;
  bankZ: Wallet;
  operator: Wallet;
  issuer: Wallet;
  auditor: Wallet;
  lister: Wallet;
  steward: Wallet;
  alice: Wallet;
  bob: Wallet;
  carol: Wallet;
  dave: Wallet;
  erin: Wallet;
};
type Investor = "alice" | "bob" | "carol" | "dave" | "erin";
const INVESTORS: Investor[] = ["alice", "bob", "carol", "dave", "erin"];

const LABELS: Record<keyof Actors, string> = {
  regulator: "Regulator X",
  bankY: "Bank Y",
  bankZ: "Bank Z",
  operator: "Exchange operator",
  issuer: "Issuer",
  auditor: "Auditor",
  lister: "Lister",
  steward: "Steward",
  alice: "Alice",
  bob: "Bob",
  carol: "Carol",
  dave: "Dave",
  erin: "Erin",
};

/** The state the story builds up as it goes. */
type World = {
  n: Narrator;
  unit: 1 | 1000;
  suite: Suite;
  governor: Awaited<ReturnType<typeof ethers.getSigner>>;
  a: Actors;
  names: Map<string, string>;
  nodes: Record<"root" | "bankY" | "bankZ" | "operator" | "issuer" | "auditor" | "lister" | "steward", bigint>;
  identities: Partial<Record<Investor, bigint>>;
  bond?: CompliantToken;
  usd?: TestToken;
  bondAsset?: bigint;
  usdAsset?: bigint;
  pairId?: bigint;
  exchange?: IExchange;
  units?: BookUnits;
  orders: Partial<Record<string, bigint>>;
};

async function now(w: World): Promise<number> {
  return Number(await w.suite.tree.currentTime());
}

async function mined<T extends { wait(): Promise<unknown> }>(tx: Promise<T>) {
  const receipt = (await (await tx).wait()) as {
    logs: readonly { topics: readonly string[]; data: string }[];
    gasUsed: bigint;
  };
  return receipt;
}

// ---------------------------------------------------------------------------------------------------------------------
// Setup: the deployed suite, the actors, the clock
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The suite from deploy/: in-process, a fresh fixture; elsewhere the recorded deployments (deployed first if there
 * are none yet, idempotently).
 */
async function loadSuite(): Promise<Suite> {
  if (network.name === "hardhat") {
    await deployments.fixture();
  } else {
    const missing: string[] = [];
    for (const name of SUITE) {
      const d = await deployments.getOrNull(name);
      if (!d) missing.push(name);
      else if ((await ethers.provider.getCode(d.address)) === "0x") {
        throw new Error(
          `deployments/${network.name} records ${name} at ${d.address}, but the chain has no code there (was the ` +
            `node restarted?). Delete deployments/${network.name} and run again.`,
        );
      }
    }
    if (missing.length > 0) {
      console.log(`Not yet deployed on "${network.name}": ${missing.join(", ")}; running the deploy scripts.`);
      await hre.run("deploy");
    }
  }
  const at = <T>(name: string) => deployed<T>(hre, name);
  return {
    tree: await at<AuthorityTree>("AuthorityTree"),
    registry: await at<IdentityRegistry>("IdentityRegistry"),
    venues: await at<VenueRegistry>("VenueRegistry"),
    assets: await at<AssetRegistry>("AssetRegistry"),
    pairs: await at<PairRegistry>("PairRegistry"),
  };
}

/**
 * On the in-process network with CHAIN_TIME_UNIT=1000, put the chain on a millisecond clock (as PlatON's) before
 * anything is deployed, so that the contracts can be deployed with TIME_UNIT 1000.
 */
async function simulateClock(unit: 1 | 1000): Promise<void> {
  if (network.name !== "hardhat" || unit !== 1000) return;
  const latest = (await ethers.provider.getBlock("latest"))!.timestamp;
  if (latest > 1e11) return;
  await ethers.provider.send("evm_setNextBlockTimestamp", [latest * 1000]);
  await ethers.provider.send("evm_mine", []);
}

/**
 * Fresh accounts for every actor but the governor, funded by the deployer: a run never collides with an earlier
 * one on the same chain (a wallet belongs to one identity for good).
 */
async function freshActors(funder: Awaited<ReturnType<typeof ethers.getSigner>>): Promise<Actors> {
  const out: Partial<Actors> = {};
  const value = ethers.parseEther(FUNDING);
  for (const name of Object.keys(LABELS) as (keyof Actors)[]) {
    const wallet = ethers.Wallet.createRandom().connect(ethers.provider) as unknown as Wallet;
    await (await funder.sendTransaction({ to: wallet.address, value })).wait();
    out[name] = wallet;
  }
  return out as Actors;
}

/**
 * Move the chain `seconds` forward, in its own unit. Only development nodes (the in-process network, `hardhat node`,
 * anvil) can; returns false elsewhere.
 */
async function advance(w: World, seconds: number): Promise<boolean> {
  try {
    await ethers.provider.send("evm_increaseTime", [seconds * w.unit]);
    await ethers.provider.send("evm_mine", []);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// 1. Authority
// ---------------------------------------------------------------------------------------------------------------------

async function nodeFrom(w: World, tx: Promise<{ wait(): Promise<unknown> }>): Promise<bigint> {
  const receipt = await mined(tx);
  for (const log of receipt.logs) {
    const parsed = w.suite.tree.interface.parseLog(log);
    if (parsed?.name === "NodeGranted" || parsed?.name === "RootCreated") return parsed.args[0] as bigint;
  }
  throw new Error("no node id in the receipt");
}

async function authorise(w: World): Promise<void> {
  const { n, a, suite } = w;
  const tree = suite.tree;
  n.step("The governor creates a seed root for the regulator; the regulator licenses institutions for limited times");
  const t = await now(w);
  w.nodes.root = await nodeFrom(w, tree.connect(w.governor).createRoot(a.regulator.address, t + 10 * 365 * DAY, "X"));
  const grants: [keyof World["nodes"], Wallet, number, number, string][] = [
    ["bankY", a.bankY, scopeMask("KYC", "DELEGATE"), 365, "attests clients, may delegate"],
    ["bankZ", a.bankZ, Scope.KYC, 365, "attests clients"],
    ["operator", a.operator, Scope.EXCHANGE, 180, "DCE licence: operates a venue"],
    ["issuer", a.issuer, Scope.ISSUE, 180, "STO licence: issues native assets"],
    ["auditor", a.auditor, Scope.AUDIT, 365, "attests reserves and reports"],
    ["lister", a.lister, Scope.LIST, 180, "proposes assets and pairs"],
    ["steward", a.steward, Scope.GOVERN, 180, "approves, halts and delists pairs; caps fees"],
  ];
  const rows: string[][] = [];
  for (const [key, wallet, scopes, days, role] of grants) {
    w.nodes[key] = await nodeFrom(
      w,
      tree.connect(a.regulator).grant(w.nodes.root, wallet.address, scopes, t + days * DAY),
    );
    rows.push([
      w.names.get(wallet.address.toLowerCase())!,
      `#${w.nodes[key]}`,
      scopeNames(scopes).join(" "),
      `${days} days`,
      role,
    ]);
  }
  console.log(table(["institution", "node", "scopes", "lease", "role"], rows));
  console.log(renderTree(await collectTree(tree, w.nodes.root), w.names));
  n.check(
    (await tree.hasScope(a.bankY.address, w.nodes.root, Scope.KYC)) &&
      (await tree.hasScope(a.operator.address, w.nodes.root, Scope.EXCHANGE)),
    "the regulator's licences hold under its root (Bank Y: KYC, operator: EXCHANGE)",
  );
  n.check(
    !(await tree.hasScope(a.issuer.address, w.nodes.root, Scope.AUDIT)),
    "licences attenuate: the issuer holds ISSUE, not AUDIT",
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// 2. Clients
// ---------------------------------------------------------------------------------------------------------------------

type Profile = { classes: number; jurisdiction: number; days: number };

/** `bank` (KYC node `node`) registers `wallet` directly, with the wallet's signed EIP-712 consent. */
async function registerDirect(w: World, bank: Wallet, node: bigint, wallet: Wallet, p: Profile): Promise<bigint> {
  const registry = w.suite.registry;
  const { chainId } = await ethers.provider.getNetwork();
  const t = await now(w);
  const domain = attestationDomain(chainId, await registry.getAddress());
  const consent = await signConsent(wallet, domain, {
    wallet: wallet.address,
    identityId: 0n,
    attester: node,
    nonce: randomNonce(),
    deadline: BigInt(t + DAY),
  });
  const registration = {
    wallet: wallet.address,
    classes: p.classes,
    jurisdiction: p.jurisdiction,
    expiry: t + p.days * DAY,
    evidenceHash: ethers.id(`KYC file of ${wallet.address}`),
  };
  const receipt = await mined(registry.connect(bank).register(node, registration, consent));
  return eventIn(registry.interface, receipt, "IdentityRegistered").args[0] as bigint;
}

async function attestClients(w: World): Promise<void> {
  const { n, a, suite } = w;
  const registry = suite.registry;
  n.step("The banks attest their investors (the KYC itself happens off chain)");
  const profiles: Record<Investor, Profile & { by: "bankY" | "bankZ"; how: string }> = {
    alice: {
      classes: ClientClass.ACCREDITED,
      jurisdiction: 756,
      days: 180,
      by: "bankY",
      how: "direct, wallet consent",
    },
    bob: {
      classes: ClientClass.INSTITUTIONAL,
      jurisdiction: 276,
      days: 180,
      by: "bankY",
      how: "direct, wallet consent",
    },
    carol: { classes: ClientClass.PROFESSIONAL, jurisdiction: 250, days: 180, by: "bankY", how: "signed attestation" },
    dave: {
      classes: ClientClass.INSTITUTIONAL,
      jurisdiction: 826,
      days: 180,
      by: "bankZ",
      how: "direct, wallet consent",
    },
    erin: { classes: ClientClass.ACCREDITED, jurisdiction: 756, days: 180, by: "bankZ", how: "direct, wallet consent" },
  };
  for (const who of ["alice", "bob", "dave", "erin"] as const) {
    const p = profiles[who];
    w.identities[who] = await registerDirect(w, a[p.by], w.nodes[p.by], a[who], p);
  }

  n.note("Bank Y signs Carol's attestation off chain (EIP-712, lib/attestation.ts); Carol submits it herself");
  const { chainId } = await ethers.provider.getNetwork();
  const t = await now(w);
  const signed = await signAttestation(a.bankY, attestationDomain(chainId, await registry.getAddress()), {
    wallet: a.carol.address,
    classes: profiles.carol.classes,
    jurisdiction: profiles.carol.jurisdiction,
    expiry: BigInt(t + profiles.carol.days * DAY),
    evidenceHash: ethers.id(`KYC file of ${a.carol.address}`),
    attester: w.nodes.bankY,
    nonce: randomNonce(),
    deadline: BigInt(t + 7 * DAY),
  });
  console.log(`   digest ${signed.digest}, signed by Bank Y (${signed.signer}) for node #${w.nodes.bankY}`);
  const submitted = await submitSignedAttestation(registry.connect(a.carol), signed);
  w.identities.carol = submitted.identityId;
  await n.refused(
    "a signed attestation cannot be replayed",
    () => registry.connect(a.carol).submitAttestation(signed.attestation, signed.signature, NO_CONSENT),
    undefined,
    { target: await registry.getAddress() },
  );

  const policy = await policyOf(w, [w.nodes.root], 0x0f);
  const rows: string[][] = [];
  for (const who of INVESTORS) {
    const p = profiles[who];
    const e = await registry.eligibility(a[who].address, policy);
    rows.push([
      LABELS[who],
      `#${w.identities[who]}`,
      LABELS[p.by],
      p.how,
      classNames(p.classes).join(" "),
      String(p.jurisdiction),
      eligibilityName(e),
    ]);
  }
  console.log(table(["investor", "identity", "attested by", "how", "classes", "jurisdiction", "eligibility"], rows));
  let all = true;
  for (const who of INVESTORS)
    all &&= (await registry.eligibility(a[who].address, policy)) === BigInt(Eligibility.Eligible);
  n.check(all, "five investors are eligible under a policy trusting the regulator's root");
}

/** Create an eligibility policy (anyone may); returns its id. */
async function policyOf(w: World, roots: bigint[], classes: number, by?: Wallet): Promise<bigint> {
  const registry = w.suite.registry;
  const receipt = await mined((by ? registry.connect(by) : registry).createPolicy(roots, classes, []));
  return eventIn(registry.interface, receipt, "PolicyCreated").args[0] as bigint;
}

// ---------------------------------------------------------------------------------------------------------------------
// 3. Assets
// ---------------------------------------------------------------------------------------------------------------------

async function issueAssets(w: World): Promise<void> {
  const { n, a, suite } = w;
  const { assets } = suite;
  n.step(
    "The issuer creates a native bond token; the lister registers it and an external USD; the auditor attests a reserve",
  );
  const tokenPolicy = await policyOf(w, [w.nodes.root], 0x0f, a.issuer);
  const issued = await mined(
    assets
      .connect(a.issuer)
      .issueNative(w.nodes.root, "Example Bond", "BOND", BOND_DECIMALS, tokenPolicy, demoBondTerms(BOND_DECIMALS)),
  );
  const bondAddress = eventIn(assets.interface, issued, "NativeTokenIssued").args.token as string;
  w.bond = (await ethers.getContractAt("CompliantToken", bondAddress)) as unknown as CompliantToken;
  const usdDeployed = await (await ethers.getContractFactory("TestToken", a.lister)).deploy("US Dollar (test)", "USD");
  await usdDeployed.waitForDeployment();
  w.usd = (await ethers.getContractAt("TestToken", await usdDeployed.getAddress())) as unknown as TestToken;
  console.log(
    `   BOND (native CompliantToken) at ${bondAddress}; USD (plain ERC-20 stand-in) at ${await w.usd.getAddress()}`,
  );

  await mined(
    assets
      .connect(a.lister)
      .registerAsset(bondAddress, AssetKind.Native, w.nodes.root, a.issuer.address, "ipfs://bond"),
  );
  await mined(
    assets
      .connect(a.lister)
      .registerAsset(await w.usd.getAddress(), AssetKind.External, w.nodes.root, ethers.ZeroAddress, "ipfs://usd"),
  );
  w.bondAsset = await assets.assetIdOf(bondAddress, w.nodes.root);
  w.usdAsset = await assets.assetIdOf(await w.usd.getAddress(), w.nodes.root);
  n.check(w.bondAsset > 0n && w.usdAsset > 0n, "the lister registered BOND (native) and USD (external)");

  await n.refused(
    "minting fails closed before any reserve is attested",
    () => w.bond!.connect(a.issuer).mint(a.alice.address, BOND(1)),
    "NoValidReserve",
  );

  const t = await now(w);
  await mined(
    assets
      .connect(a.auditor)
      .attestReserve(w.bondAsset, BOND(100_000), t, t + 30 * DAY, "ipfs://reserve-q1", ethers.id("reserve report Q1")),
  );
  const [reserve, valid] = await assets.reserveOf(w.bondAsset);
  console.log(
    `   the auditor attests a reserve of ${amount(reserve, BOND_DECIMALS)} BOND, valid until ${isoDate(t + 30 * DAY)}`,
  );
  n.check(valid && reserve === BOND(100_000), "the reserve attestation counts");

  n.note("The issuer mints within the reserve; USD (a test token) is minted freely");
  const grants: [Investor, bigint, bigint][] = [
    ["alice", BOND(20_000), 0n],
    ["bob", 0n, USD(3_000_000)],
    ["carol", BOND(5_000), USD(100_000)],
    ["dave", BOND(1_000), USD(2_000_000)],
    ["erin", BOND(10_000), USD(100_000)],
  ];
  for (const [who, bond, usd] of grants) {
    if (bond > 0n) await mined(w.bond.connect(a.issuer).mint(a[who].address, bond));
    if (usd > 0n) await mined(w.usd.connect(a.lister).mint(a[who].address, usd));
  }
  const supply = await w.bond.totalSupply();
  console.log(
    `   supply ${amount(supply, BOND_DECIMALS)} BOND of a ${amount(reserve, BOND_DECIMALS)} reserve; the issuer tries one unit more:`,
  );
  await n.refused(
    "a mint above the attested reserve is refused",
    () => w.bond!.connect(a.issuer).mint(a.dave.address, BOND(100_000) - supply + 1n),
    "ReserveExceeded",
    { target: bondAddress, action: "mint" },
  );
  await n.refused(
    "the native token reaches only eligible or licensed wallets: no mint to the lister, who has no KYC",
    () => w.bond!.connect(a.issuer).mint(a.lister.address, BOND(1)),
    "NotEligible",
    { token: bondAddress, action: "mint" },
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// 4. Pair and venue
// ---------------------------------------------------------------------------------------------------------------------

async function openVenue(w: World): Promise<void> {
  const { n, a, suite } = w;
  const { pairs, venues } = suite;
  n.step("The lister proposes BOND/USD, the steward approves it; the operator deploys, registers and opens the venue");
  const terms = {
    baseAsset: w.bondAsset!,
    quoteAsset: w.usdAsset!,
    productType: ProductType.Spot,
    tickSize: TICK_SIZE,
    lotSize: LOT_SIZE,
    minSize: LOT_SIZE,
    baseAttestations: 0,
    quoteAttestations: 0,
    proposalExpiry: (await now(w)) + 7 * DAY,
  };
  const allowed = ClientClass.INSTITUTIONAL | ClientClass.ACCREDITED | ClientClass.PROFESSIONAL;
  const proposal = await mined(
    pairs.connect(a.lister).proposePair(w.nodes.root, terms, {
      trustedRoots: [w.nodes.root],
      allowedClasses: allowed,
      barredJurisdictions: [],
    }),
  );
  w.pairId = eventIn(pairs.interface, proposal, "PairProposed").args.pairId as bigint;
  await n.refused(
    "the lister cannot approve its own proposal (it holds no GOVERN)",
    () => pairs.connect(a.lister).approvePair(w.pairId!),
    undefined,
    { pairId: w.pairId },
  );
  await mined(pairs.connect(a.steward).approvePair(w.pairId));
  const pair = await pairs.pair(w.pairId);
  console.log(
    `   pair #${w.pairId}: BOND/USD, lot 1 BOND, tick 0.01 USD, policy #${pair.policyId} (${classNames(allowed).join(", ")}; retail excluded)`,
  );
  n.check(await pairs.isTradable(w.pairId), "the pair is listed and tradable (BOND's reserve counts)");

  const deployedVenue = await deployVenue(ethers, a.operator, {
    tree: await suite.tree.getAddress(),
    eligibility: await suite.registry.getAddress(),
    pairs: await pairs.getAddress(),
    venues: await venues.getAddress(),
    operator: a.operator.address,
    roots: [w.nodes.root],
    timeUnit: w.unit,
  });
  const exchange = (await ethers.getContractAt("IExchange", deployedVenue.venue)) as unknown as IExchange;
  w.exchange = exchange;
  await mined(venues.connect(a.operator).registerVenue(await exchange.getAddress(), w.nodes.root, Scope.EXCHANGE));
  // Recorded as venue:deploy records one: every task then finds the demo's venue (and its tokens and pairs) by default.
  const { abi } = await hre.artifacts.readArtifact("IExchange");
  await deployments.save(VENUE_DEPLOYMENT, { address: await exchange.getAddress(), abi });
  console.log(
    `   recorded as deployment "${VENUE_DEPLOYMENT}" on ${network.name}: the CLI's tasks use this venue by default`,
  );
  await n.refused(
    "the operator cannot set its own fee cap",
    () => exchange.connect(a.operator).setFeeCap(50),
    "NotGovernor",
    { target: await exchange.getAddress() },
  );
  await mined(exchange.connect(a.steward).setFeeCap(50));
  // The first rates, before any book is open: at once (a later raise waits FEE_NOTICE, issue 15 item 8).
  await mined(exchange.connect(a.operator).setFees(5, 10));
  await mined(exchange.connect(a.operator).openBook(w.pairId));
  const [makerBps, takerBps, capBps] = await exchange.fees();
  console.log(
    `   Exchange at ${await exchange.getAddress()} (operator ${LABELS.operator}), fees maker ${makerBps} bps / taker ${takerBps} bps, cap ${capBps} bps`,
  );
  n.check(
    (await exchange.bookConfig(w.pairId)).open,
    "the venue is registered in the venue registry and its BOND/USD book is open",
  );
  n.check(capBps === 50n && takerBps === 10n, "the steward capped the fees and the operator set them within the cap");
  w.units = {
    pairId: w.pairId,
    tickSize: TICK_SIZE,
    lotSize: LOT_SIZE,
    baseDecimals: BOND_DECIMALS,
    quoteDecimals: USD_DECIMALS,
    baseSymbol: "BOND",
    quoteSymbol: "USD",
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// 5. Trading
// ---------------------------------------------------------------------------------------------------------------------

function order(
  w: World,
  side: number,
  tick: bigint,
  lots: bigint,
  type: number = OrderType.GoodTillCancel,
): IExchangeBase.OrderParamsStruct {
  return { pairId: w.pairId!, side, orderType: type, tick, lots, expiry: 0, maxSteps: 20 };
}

/** Who a venue account is, by name. */
async function accountNames(w: World): Promise<(account: bigint) => string> {
  const byAccount = new Map<bigint, string>();
  for (const who of [...INVESTORS, "operator"] as (keyof Actors)[]) {
    const [account] = await w.exchange!.accountOf(w.a[who].address);
    if (account !== 0n) byAccount.set(account, LABELS[who]);
  }
  return (account) => byAccount.get(BigInt(account)) ?? `account #${account}`;
}

async function place(w: World, who: Investor, p: IExchangeBase.OrderParamsStruct, label: string) {
  const receipt = await mined(w.exchange!.connect(w.a[who]).placeOrder(p));
  const placed = receipt.logs
    .map((log) => {
      try {
        return w.exchange!.interface.parseLog(log);
      } catch {
        return null;
      }
    })
    .find((e) => e?.name === "OrderPlaced");
  if (placed) w.orders[label] = placed.args.orderId as bigint;
  return receipt;
}

async function balances(w: World, title: string): Promise<void> {
  const { a, exchange, bond, usd } = w;
  const rows: string[][] = [];
  for (const who of [...INVESTORS, "operator"] as (keyof Actors)[]) {
    const wallet = a[who].address;
    const [bAvail, bLocked] = await exchange!.balanceOf(wallet, bond!);
    const [uAvail, uLocked] = await exchange!.balanceOf(wallet, usd!);
    rows.push([
      LABELS[who],
      amount(await bond!.balanceOf(wallet), BOND_DECIMALS),
      amount(await usd!.balanceOf(wallet), USD_DECIMALS),
      amount(bAvail, BOND_DECIMALS),
      amount(bLocked, BOND_DECIMALS),
      amount(uAvail, USD_DECIMALS),
      amount(uLocked, USD_DECIMALS),
    ]);
  }
  console.log(`   ${title}`);
  console.log(table(["who", "wallet BOND", "wallet USD", "venue BOND", "locked", "venue USD", "locked"], rows));
}

async function trade(w: World): Promise<void> {
  const { n, a, exchange, bond, usd, units } = w;
  n.step("Investors deposit and trade: every order is prefunded, every match is the settlement");
  const deposits: [Investor, bigint, bigint][] = [
    ["alice", BOND(20_000), 0n],
    ["bob", 0n, USD(3_000_000)],
    ["carol", BOND(5_000), USD(100_000)],
    ["dave", BOND(1_000), USD(2_000_000)],
    ["erin", BOND(10_000), USD(100_000)],
  ];
  for (const [who, b, u] of deposits) {
    if (b > 0n) {
      await mined(bond!.connect(a[who]).approve(await exchange!.getAddress(), b));
      await mined(exchange!.connect(a[who]).deposit(await bond!.getAddress(), b));
    }
    if (u > 0n) {
      await mined(usd!.connect(a[who]).approve(await exchange!.getAddress(), u));
      await mined(exchange!.connect(a[who]).deposit(await usd!.getAddress(), u));
    }
  }
  const [aliceBond] = await exchange!.balanceOf(a.alice.address, bond!);
  n.check(aliceBond === BOND(20_000), "deposits are credited to the investors' venue accounts");

  n.note("Resting orders: asks by Alice, Carol and Erin, bids by Bob and Dave");
  await place(w, "alice", order(w, Side.Ask, cents(10_100), 100n), "alice@101");
  await place(w, "carol", order(w, Side.Ask, cents(10_100), 50n), "carol@101");
  await place(w, "erin", order(w, Side.Ask, cents(10_150), 80n), "erin@101.5");
  await place(w, "alice", order(w, Side.Ask, cents(10_200), 200n), "alice@102");
  await place(w, "bob", order(w, Side.Bid, cents(10_000), 150n), "bob@100");
  await place(w, "dave", order(w, Side.Bid, cents(9_950), 100n), "dave@99.5");
  console.log(await depthTable(exchange!, units!));
  const [bid, ask] = await exchange!.bestPrices(w.pairId!);
  n.check(bid === cents(10_000) && ask === cents(10_100), "best bid 100.00, best ask 101.00: the book does not cross");
  await balances(w, "balances before the crossing order:");
  const usdBefore = (await exchange!.balanceOf(a.bob.address, usd!))[0];

  n.note("Bob buys 120 lots up to 101.00: he takes Alice's 100 lots, then 20 of Carol's, in price-time priority");
  const who = await accountNames(w);
  const receipt = await place(
    w,
    "bob",
    order(w, Side.Bid, cents(10_100), 120n, OrderType.ImmediateOrCancel),
    "bob-take",
  );
  const events = tradeEvents(exchange!, units!, receipt, who);
  console.log(events.text);
  console.log(`   one transaction, gas ${receipt.gasUsed}: both legs and the fees moved between internal balances`);
  console.log(await depthTable(exchange!, units!));
  await balances(w, "balances after:");
  const [bobBond] = await exchange!.balanceOf(a.bob.address, bond!);
  const [aliceUsd] = await exchange!.balanceOf(a.alice.address, usd!);
  const usdAfter = (await exchange!.balanceOf(a.bob.address, usd!))[0];
  const notional = 120n * cents(10_100) * TICK_SIZE;
  n.check(events.filled === 2, "the crossing order filled two resting orders (Alice's fully, Carol's in part)");
  n.check(
    bobBond === BOND(120) - (BOND(120) * 10n + 9_999n) / 10_000n,
    "Bob received 120 BOND less the 10 bps taker fee",
  );
  n.check(usdBefore - usdAfter === notional, "Bob paid exactly 120 x 101.00 USD");
  n.check(
    aliceUsd === USD(10_100) - (USD(10_100) * 5n + 9_999n) / 10_000n,
    "Alice received 100 x 101.00 USD less the 5 bps maker fee",
  );
  n.check(
    (await exchange!.getOrder(w.pairId!, w.orders["carol@101"]!)).lots === 30n,
    "Carol's order rests with 30 lots left",
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// 6. Revocation
// ---------------------------------------------------------------------------------------------------------------------

async function revokeBank(w: World): Promise<void> {
  const { n, a, suite, exchange, units } = w;
  n.step("The regulator revokes Bank Y: its clients are cut off at once; the next match skips their orders");
  const pairPolicy = (await suite.pairs.pair(w.pairId!)).policyId;
  const receipt = await mined(
    suite.tree.connect(a.regulator).revoke(w.nodes.bankY, ethers.encodeBytes32String("licence withdrawn")),
  );
  console.log(`   one transaction (gas ${receipt.gasUsed}), no walk over Bank Y's clients`);
  console.log(renderTree(await collectTree(suite.tree, w.nodes.root), w.names));
  const rows: string[][] = [];
  for (const who of INVESTORS) {
    rows.push([LABELS[who], eligibilityName(await suite.registry.eligibility(a[who].address, pairPolicy))]);
  }
  console.log(table(["investor", "eligibility now"], rows));
  n.check(
    (await suite.registry.eligibility(a.alice.address, pairPolicy)) === BigInt(Eligibility.AttesterInvalid) &&
      (await suite.registry.eligibility(a.dave.address, pairPolicy)) === BigInt(Eligibility.Eligible),
    "Bank Y's clients are ineligible (AttesterInvalid); Bank Z's are not",
  );
  await n.refused(
    "a cut-off client cannot place an order",
    () => exchange!.connect(a.alice).placeOrder(order(w, Side.Ask, cents(10_300), 10n)),
    "NotEligible",
    { pairId: w.pairId, wallet: a.alice.address, action: "place an order" },
  );

  n.note("Dave buys 40 lots up to 101.50: Carol's order (at 101.00, ahead) is removed, then Erin's fills");
  const carolLocked = (await exchange!.balanceOf(a.carol.address, w.bond!))[1];
  const who = await accountNames(w);
  const take = await place(w, "dave", order(w, Side.Bid, cents(10_150), 40n, OrderType.ImmediateOrCancel), "dave-take");
  const events = tradeEvents(exchange!, units!, take, who);
  console.log(events.text);
  console.log(await depthTable(exchange!, units!));
  const [carolAvail, carolLockedAfter] = await exchange!.balanceOf(a.carol.address, w.bond!);
  n.check(
    events.removed.length === 1 && events.removed[0].reason === "Ineligible" && events.removed[0].lots === 30n,
    "the ineligible maker's order was removed (OrderRemoved, reason Ineligible) and matching went on",
  );
  n.check(
    events.filled === 1 && (await exchange!.balanceOf(a.dave.address, w.bond!))[0] > BOND(1_000),
    "Dave's order filled against Erin's",
  );
  n.check(
    carolLocked === BOND(30) && carolLockedAfter === 0n && carolAvail === BOND(4_980),
    "Carol's 30 BOND were unlocked, still hers in the venue",
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// 7. Lapse
// ---------------------------------------------------------------------------------------------------------------------

async function lapse(w: World): Promise<void> {
  const { n, a, suite, exchange, units } = w;
  n.step("The reserve attestation lapses: the pair stops trading by itself");
  const reserve = await suite.assets.attestation(w.bondAsset!, 0);
  const wait = Number(reserve.expiry) - (await now(w)) + 60;
  console.log(
    `   BOND's reserve attestation counts until ${isoDate(reserve.expiry)}; moving the chain ${Math.ceil(wait / DAY)} days on (${w.unit === 1 ? "seconds" : "milliseconds"} clock)`,
  );
  if (!(await advance(w, wait))) {
    console.log(
      `   "${network.name}" cannot move time (evm_increaseTime is a development-node method): this step is skipped.`,
    );
    console.log(`   On a live chain the pair stops by itself at ${isoDate(reserve.expiry)}.`);
    return;
  }
  console.log(`   chain time is now ${isoDate(await now(w))}`);
  const [, valid] = await suite.assets.reserveOf(w.bondAsset!);
  n.check(!valid, "the reserve attestation no longer counts");
  n.check(!(await suite.pairs.isTradable(w.pairId!)), "isTradable(BOND/USD) is false");
  await n.refused(
    "an eligible client's order on the stopped pair is refused",
    () => exchange!.connect(a.dave).placeOrder(order(w, Side.Bid, cents(10_200), 10n)),
    "PairNotTradable",
  );
  await n.refused("minting stops too", () => w.bond!.connect(a.issuer).mint(a.dave.address, BOND(1)), "NoValidReserve");
  console.log(await depthTable(exchange!, units!));
}

// ---------------------------------------------------------------------------------------------------------------------
// 8. Withdrawals
// ---------------------------------------------------------------------------------------------------------------------

async function withdrawAll(w: World): Promise<void> {
  const { n, a, exchange, bond, usd } = w;
  n.step("Everyone cancels and withdraws: cancels and withdrawals always work, with one deliberate exception");
  await mined(exchange!.connect(a.operator).collectFees(w.pairId!));
  const [feeBond] = await exchange!.balanceOf(a.operator.address, bond!);
  const [feeUsd] = await exchange!.balanceOf(a.operator.address, usd!);
  console.log(
    `   the operator collected ${amount(feeBond, BOND_DECIMALS, 6)} BOND and ${amount(feeUsd, USD_DECIMALS, 6)} USD of fees`,
  );
  console.log("   (the operator may hold BOND without a client record: an EXCHANGE holder is itself a licensed party)");

  const stays: string[] = [];
  for (const who of [...INVESTORS, "operator"] as (keyof Actors)[]) {
    const wallet = a[who];
    const [, orderIds] = await exchange!.openOrders(wallet.address);
    if (orderIds.length > 0) await mined(exchange!.connect(wallet).cancelAll());
    for (const [token, symbol, decimals] of [
      [usd!, "USD", USD_DECIMALS],
      [bond!, "BOND", BOND_DECIMALS],
    ] as const) {
      const [available, locked] = await exchange!.balanceOf(wallet.address, token);
      if (locked !== 0n) throw new Error(`${LABELS[who]} still has ${symbol} locked after cancelling`);
      if (available === 0n) continue;
      try {
        await mined(exchange!.connect(wallet).withdraw(await token.getAddress(), available));
      } catch {
        const refusal = await n.refused(
          `${LABELS[who]}'s ${symbol} cannot leave the venue`,
          () => exchange!.connect(wallet).withdraw(token.getAddress(), available),
          "NotEligible",
          { token: await token.getAddress(), wallet: wallet.address, action: "withdraw" },
        );
        stays.push(`${LABELS[who]}: ${amount(available, decimals)} ${symbol} (${refusal.reason})`);
      }
    }
  }
  await balances(w, "final balances:");
  console.log("   What stays in the venue, and why:");
  for (const s of stays) console.log(`     ${s}`);
  console.log(
    "   This is the design's one deliberate exception: the native BOND refuses to move to a wallet that is no longer\n" +
      "   eligible (Bank Y's clients, cut off in step 6). It stays in the venue, still counted and still theirs, until they\n" +
      "   are eligible again (e.g. migrated to another bank) or the issuer recovers it through its forced-transfer path.",
  );
  let usdLeft = 0n;
  let bondOfBankY = 0n;
  for (const who of [...INVESTORS, "operator"] as (keyof Actors)[]) {
    usdLeft += (await exchange!.balanceOf(a[who].address, usd!))[0];
    if (["alice", "bob", "carol"].includes(who)) bondOfBankY += (await exchange!.balanceOf(a[who].address, bond!))[0];
  }
  const venueBond = await bond!.balanceOf(await exchange!.getAddress());
  n.check(
    usdLeft === 0n && (await usd!.balanceOf(await exchange!.getAddress())) === 0n,
    "every USD balance was withdrawn: the venue holds no USD",
  );
  for (const who of ["dave", "erin", "operator"] as const) {
    const [avail] = await exchange!.balanceOf(a[who].address, bond!);
    n.check(avail === 0n, `${LABELS[who]} withdrew all of their BOND`);
  }
  n.check(
    stays.every((s) => s.includes("BOND") && /^(Alice|Bob|Carol):/.test(s)) && stays.length === 3,
    "only Bank Y's clients' BOND stays, refused by the token (NotEligible)",
  );
  n.check(
    venueBond === bondOfBankY,
    `the venue's BOND (${amount(venueBond, BOND_DECIMALS)}) is exactly what it owes Bank Y's clients`,
  );
}

// ---------------------------------------------------------------------------------------------------------------------

/**
 * Record the actors' names for the CLI (deployments/<network>/labels.json: `--from Alice`, names in refusals and
 * trees). On development chains (chain id 31337: the in-process network, `hardhat node`, anvil) their throwaway keys
 * are recorded too, so that the CLI can act as them after the demo; never on any other chain.
 */
async function recordActors(a: Actors, names: Map<string, string>): Promise<void> {
  // A later run's actors take the names over (writeLabels keeps each label on one address).
  writeLabels(hre, names);
  if ((await ethers.provider.getNetwork()).chainId !== 31337n) return;
  await writeDevelopmentKeys(hre, Object.fromEntries(Object.values(a).map((w) => [w.address, w.privateKey])));
}

async function main(): Promise<void> {
  const unit = timeUnitOf(network.name);
  const n = new Narrator(hre);
  await simulateClock(unit);
  console.log(
    `Lifecycle demo on "${network.name}" (chain id ${(await ethers.provider.getNetwork()).chainId}, ${unit === 1 ? "seconds" : "milliseconds"} clock)`,
  );
  const suite = await loadSuite();
  const tree = suite.tree;
  const governorAddress = await tree.owner();
  const signers = await ethers.getSigners();
  const governor = signers.find((s) => s.address === governorAddress);
  if (!governor)
    throw new Error(`the tree's governor ${governorAddress} is not an account of network "${network.name}"`);
  console.log(
    table(
      ["contract", "address", "time unit"],
      await Promise.all(
        SUITE.map(async (name) => {
          const d = await deployments.get(name);
          const c = await ethers.getContractAt("ChainClock", d.address).catch(() => undefined);
          const u = await c?.TIME_UNIT().catch(() => undefined);
          return [name, d.address, u === undefined ? "-" : String(u)];
        }),
      ),
    ),
  );
  n.check(
    (await tree.TIME_UNIT()) === BigInt(unit) && (await suite.pairs.TIME_UNIT()) === BigInt(unit),
    `the suite reads the chain's clock in its unit (TIME_UNIT ${unit})`,
  );
  console.log(`   chain time ${isoDate(await tree.currentTime())}; funding 13 fresh actor accounts from the deployer`);
  const a = await freshActors(signers[0]);
  const names = new Map<string, string>([[governor.address.toLowerCase(), "governor"]]);
  for (const [key, wallet] of Object.entries(a)) names.set(wallet.address.toLowerCase(), LABELS[key as keyof Actors]);
  await recordActors(a, names);
  const w: World = {
    n,
    unit,
    suite,
    governor,
    a,
    names,
    nodes: { root: 0n, bankY: 0n, bankZ: 0n, operator: 0n, issuer: 0n, auditor: 0n, lister: 0n, steward: 0n },
    identities: {},
    orders: {},
  };

  await authorise(w);
  await attestClients(w);
  await issueAssets(w);
  await openVenue(w);
  await trade(w);
  await sanctionsChapter(w, await accountNames(w));
  await monetaryPolicy({ n, bond: w.bond!, bondAsset: w.bondAsset!, assets: suite.assets, issuer: a.issuer, auditor: a.auditor, holder: a.carol, second: a.carol, recipient: a.carol.address, now: () => now(w) }); // prettier-ignore
  await limitsChapter(w);
  await revokeBank(w);
  await lapse(w);
  await withdrawAll(w);
  n.summary();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
