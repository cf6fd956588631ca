/**
 * Provider tasks: assets and their attestations (LIST, AUDIT), native tokens (ISSUE), pairs (LIST proposes, GOVERN
 * approves, halts, resumes, delists) and venues (EXCHANGE operator deploys, opens books, sets fees; GOVERN caps
 * fees). Thin: parse, call lib/cli.ts, print. Amounts are in human units (the token's decimals).
 *
 *   npx hardhat token:issue --root 1 --name "Example Bond" --symbol BOND --decimals 6 --policy 1 --from 3
 *   npx hardhat asset:register --token 0x… --kind native --root 1 --uri ipfs://bond --from 4
 *   npx hardhat asset:attest --asset 1 --kind reserve --amount 100000 --expires 30d --uri ipfs://r --file r.pdf
 *   npx hardhat pair:propose --root 1 --base 1 --quote 2 --tick 0.01 --lot 1 --min 1 --classes ACCREDITED --from 4
 *   npx hardhat venue:deploy --roots 1 --from 2 && npx hardhat venue:open-book --pair 1 --from 2
 */
import fs from "node:fs";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type {
  AssetRegistry,
  AuthorityTree,
  CompliantToken,
  IdentityRegistry,
  PairRegistry,
  VenueRegistry,
} from "../typechain-types";
import {
  chainNow,
  cliError,
  deployed,
  deploymentAddress,
  refusalError,
  eventIn,
  output,
  parseId,
  parseIdList,
  parseWhen,
  reasonBytes,
  requireDevelopmentChain,
  resolveAccount,
  send,
  signerFor,
  writeLabels,
  writeTask,
} from "../lib/cli";
import { AttestationKind, AssetKind, PairStatus, ProductType, kindNames, nameOf } from "../lib/assets";
import { ALL_CLASSES, classNames, parseClasses } from "../lib/classes";
import { VENUE_DEPLOYMENT, marketOf, resolveAsset, resolvePair, resolveToken, tokenInfo, venueAt } from "../lib/market";
import { timeUnitOf } from "../lib/networks";
import { deployVenue } from "../lib/venueDeploy";
import { Scope } from "../lib/scopes";
import { isoDate } from "../lib/time";
import { formatAmount, parseAmount, parsePositiveAmount, priceStep, tickSizeFor } from "../lib/units";
import { table } from "../lib/demo";
import { OPEN_TERMS } from "../lib/monetary";

/** ISO 3166 numeric codes, comma-separated. */
function parseJurisdictions(text: string): number[] {
  return parseIdList(text, "--barred").map((j) => {
    if (j > 999n) throw cliError(`--barred: ${j} is not an ISO 3166 numeric code (1..999)`);
    return Number(j);
  });
}

/** Attestation kinds by name ("AuditReport,Insurance", case- and dash-insensitive) as a mask. */
function parseKinds(text: string, what: string): number {
  let mask = 0;
  for (const raw of text.split(/[,|+\s]+/).filter(Boolean)) {
    mask |= 1 << kindOf(raw, what);
  }
  return mask;
}

function kindOf(raw: string, what: string): number {
  const wanted = raw.replace(/[-_]/g, "").toLowerCase();
  const name = (Object.keys(AttestationKind) as (keyof typeof AttestationKind)[]).find(
    (k) => k.toLowerCase() === wanted,
  );
  if (!name) {
    throw cliError(`${what}: unknown attestation kind "${raw}"; known: reserve, audit-report, disclosure, insurance`);
  }
  return AttestationKind[name];
}

function parseBps(text: string, what: string): number {
  if (!/^\d+$/.test(String(text).trim()) || Number(text) > 10_000) throw cliError(`${what} "${text}" is not bps`);
  return Number(text);
}

/** Create an eligibility policy in the IdentityRegistry (anyone may); returns its id. */
async function createPolicy(
  hre: HardhatRuntimeEnvironment,
  registry: IdentityRegistry,
  roots: bigint[],
  classes: number,
  barred: number[],
): Promise<bigint> {
  const receipt = await send(hre, "create policy", () => registry.createPolicy(roots, classes, barred));
  return eventIn(registry.interface, receipt, "PolicyCreated").args.policyId as bigint;
}

function policyClasses(text: string): number {
  const classes = parseClasses(text);
  if (classes === 0 || (classes & ~ALL_CLASSES) !== 0) throw cliError(`--classes "${text}" is not a set of classes`);
  return classes;
}

writeTask(
  "policy:create",
  "Anyone: create an immutable eligibility policy (trusted roots, classes, barred jurisdictions)",
)
  .addParam("roots", "trusted authority roots, comma-separated (e.g. 1 or 1,4)")
  .addOptionalParam(
    "classes",
    "allowed client classes: INSTITUTIONAL,ACCREDITED,PROFESSIONAL,RETAIL",
    "INSTITUTIONAL,ACCREDITED,PROFESSIONAL,RETAIL",
  )
  .addOptionalParam("barred", "barred jurisdictions, ISO 3166 numeric, comma-separated", "")
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    const registry = await deployed<IdentityRegistry>(hre, "IdentityRegistry", await signerFor(hre, args.from));
    const classes = policyClasses(args.classes);
    const id = await createPolicy(
      hre,
      registry,
      parseIdList(args.roots, "--roots"),
      classes,
      parseJurisdictions(args.barred),
    );
    console.log(`policy #${id}: roots ${args.roots}, classes ${classNames(classes).join(" ")}`);
    return id;
  });

// ---------------------------------------------------------------------------------------------------------------------
// Assets and attestations
// ---------------------------------------------------------------------------------------------------------------------

writeTask("asset:register", "LIST: register a token under a root as an external or native asset")
  .addParam(
    "token",
    "the ERC-20 token: its address, or the symbol of a token issued here or deployed by token:deploy-test",
  )
  .addParam("kind", "external (an existing token) or native (issued here with token:issue)")
  .addParam("root", "the authority root to list it under", undefined, types.string)
  .addOptionalParam(
    "issuer",
    "the issuer, an account index, address or label (native: default the token's issuer; external: as declared, " +
      "default none)",
  )
  .addParam("uri", "where the asset's description is published")
  .addOptionalParam("from", "account index, address or label to act as (a LIST holder of the root)", "0")
  .setAction(async (args, hre) => {
    const assets = await deployed<AssetRegistry>(hre, "AssetRegistry", await signerFor(hre, args.from));
    const token = await resolveToken(hre, args.token);
    const kindName = String(args.kind).toLowerCase();
    if (kindName !== "external" && kindName !== "native") throw cliError(`--kind must be external or native`);
    const kind = kindName === "native" ? AssetKind.Native : AssetKind.External;
    let issuer = hre.ethers.ZeroAddress;
    if (args.issuer) issuer = await resolveAccount(hre, args.issuer, "--issuer");
    else if (kind === AssetKind.Native) {
      issuer = (await assets.issuedToken(token)).issuer;
      if (issuer === hre.ethers.ZeroAddress)
        throw cliError(`${token} was not issued by this AssetRegistry (token:issue)`);
    }
    const root = parseId(args.root, "--root");
    const receipt = await send(hre, "register asset", () => assets.registerAsset(token, kind, root, issuer, args.uri));
    const assetId = eventIn(assets.interface, receipt, "AssetRegistered").args.assetId as bigint;
    const info = await tokenInfo(hre, token);
    console.log(`asset #${assetId}: ${info.symbol} (${token}), ${kindName}, root #${root}`);
    return assetId;
  });

writeTask(
  "asset:attest",
  "AUDIT: attest an asset's reserve (amount, as-of) or post an audit report, disclosure or insurance",
)
  .addParam("asset", "the asset: its id or its token's symbol", undefined, types.string)
  .addOptionalParam("kind", "reserve, audit-report, disclosure or insurance", "reserve")
  .addOptionalParam("amount", "required for a reserve (and only then): the attested reserve, in token units")
  .addOptionalParam("asOf", "reserve only: when it was measured (ISO date, duration or seconds; default now)")
  .addParam("expires", "when the attestation stops counting: ISO date, duration (e.g. 30d) or seconds")
  .addParam("uri", "where the report is published")
  .addOptionalParam("hash", "required, this or --file: the report's content hash (0x…32 bytes)")
  .addOptionalParam("file", "required, this or --hash: the report file, whose keccak256 is the content hash")
  .addOptionalParam("from", "account index, address or label to act as (an AUDIT holder of the asset's root)", "0")
  .setAction(async (args, hre) => {
    const assets = await deployed<AssetRegistry>(hre, "AssetRegistry", await signerFor(hre, args.from));
    const assetId = await resolveAsset(hre, args.asset);
    const kind = kindOf(args.kind, "--kind");
    const now = await chainNow(hre);
    const expiry = parseWhen(args.expires, now);
    let contentHash: string;
    if (args.file) contentHash = hre.ethers.keccak256(fs.readFileSync(args.file));
    else if (args.hash && hre.ethers.isHexString(args.hash, 32)) contentHash = args.hash;
    else throw cliError("Give the report's --hash (0x + 64 hex digits) or its --file");
    let receipt;
    if (kind === AttestationKind.Reserve) {
      if (args.amount === undefined) throw cliError("A reserve attestation needs --amount");
      const { token } = await assets.asset(assetId);
      const { decimals, symbol } = await tokenInfo(hre, token);
      const amount = parseAmount(args.amount, decimals);
      const asOf = args.asOf === undefined || args.asOf === "now" ? now : parseWhen(args.asOf, now);
      receipt = await send(hre, `attest reserve of ${args.amount} ${symbol}`, () =>
        assets.attestReserve(assetId, amount, asOf, expiry, args.uri, contentHash),
      );
    } else {
      if (args.amount !== undefined) throw cliError(`--amount is for reserve attestations only`);
      receipt = await send(hre, `attest ${kindNames(1 << kind)[0]}`, () =>
        assets.attest(assetId, kind, expiry, args.uri, contentHash),
      );
    }
    const id = eventIn(assets.interface, receipt, "AttestationPosted").args.attestationId as bigint;
    console.log(`attestation #${id} of asset #${assetId}, counts until ${isoDate(expiry)}`);
    return id;
  });

// ---------------------------------------------------------------------------------------------------------------------
// Native tokens
// ---------------------------------------------------------------------------------------------------------------------

writeTask("token:issue", "ISSUE: create a native compliant token under a root (then a LIST holder registers it)")
  .addParam("root", "the authority root", undefined, types.string)
  .addParam("name", "ERC-20 name")
  .addParam("symbol", "ERC-20 symbol")
  .addOptionalParam("decimals", "ERC-20 decimals", "18")
  .addParam("policy", "the transfer eligibility policy id (policy:create)", undefined, types.string)
  .addOptionalParam("cap", "hard supply cap in token units, fixed at creation (only lowered); default: none", "")
  .addOptionalParam("rate", "mint rate: at most this many token units per period; default: none", "")
  .addOptionalParam("period", "the mint rate's period in seconds", "86400")
  .addOptionalParam("ratio", "reserve ratio in basis points, at least 10000 (100%: backing)", "10000")
  .addOptionalParam("from", "account index, address or label to act as (an ISSUE holder of the root)", "0")
  .setAction(async (args, hre) => {
    const assets = await deployed<AssetRegistry>(hre, "AssetRegistry", await signerFor(hre, args.from));
    const decimals = Number(args.decimals);
    if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36) throw cliError(`--decimals must be 0..36`);
    const terms = {
      supplyCap: args.cap ? parsePositiveAmount(args.cap, decimals, "--cap") : OPEN_TERMS.supplyCap,
      mintRate: args.rate ? parsePositiveAmount(args.rate, decimals, "--rate") : OPEN_TERMS.mintRate,
      mintPeriod: Number(args.period),
      reserveRatioBps: Number(args.ratio),
    };
    const receipt = await send(hre, `issue ${args.symbol}`, () =>
      assets.issueNative(
        parseId(args.root, "--root"),
        args.name,
        args.symbol,
        decimals,
        parseId(args.policy, "--policy"),
        terms,
      ),
    );
    const token = eventIn(assets.interface, receipt, "NativeTokenIssued").args.token as string;
    console.log(`${args.symbol} issued at ${token}`);
    return token;
  });

async function compliantToken(hre: HardhatRuntimeEnvironment, text: string, from?: string) {
  const address = await resolveToken(hre, text);
  const signer = await signerFor(hre, from);
  const token = (await hre.ethers.getContractAt("CompliantToken", address, signer)) as unknown as CompliantToken;
  return { token, signer, info: await tokenInfo(hre, address) };
}

// token:mint and token:redeem: tasks/monetary.ts (issue 16: headroom first, the redemption lifecycle).

writeTask("token:freeze", "Compliance authority: freeze a wallet's holdings of a native token")
  .addParam("token", "the token: its address or a registered asset's symbol")
  .addParam("wallet", "the wallet (index, address or label)")
  .addParam("reason", "the legal reason, required by the token (at most 31 bytes)")
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    const { token, info } = await compliantToken(hre, args.token, args.from);
    const wallet = await resolveAccount(hre, args.wallet, "--wallet");
    await send(
      hre,
      `freeze ${wallet} in ${info.symbol}`,
      () => token.freezeWallet(wallet, reasonBytes(hre, args.reason)),
      {
        about: { token: info.address, action: "freeze" },
      },
    );
  });

writeTask("token:unfreeze", "Compliance authority (the freezer's rank or above): unfreeze a wallet")
  .addParam("token", "the token: its address or a registered asset's symbol")
  .addParam("wallet", "the wallet (index, address or label)")
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    const { token, info } = await compliantToken(hre, args.token, args.from);
    const wallet = await resolveAccount(hre, args.wallet, "--wallet");
    await send(hre, `unfreeze ${wallet} in ${info.symbol}`, () => token.unfreezeWallet(wallet), {
      about: { token: info.address, action: "unfreeze" },
    });
  });

// ---------------------------------------------------------------------------------------------------------------------
// Pairs
// ---------------------------------------------------------------------------------------------------------------------

writeTask(
  "pair:propose",
  "LIST: propose a spot pair. Sizes in human units: --lot and --min in base units, --tick the price step in quote " +
    "units per base unit (stored as tickSize = tick * 10^quoteDecimals * lotSize / 10^baseDecimals, quote smallest " +
    "units per lot, which must be whole)",
)
  .addParam("root", "the authority root", undefined, types.string)
  .addParam("base", "the base asset: its id or its token's symbol", undefined, types.string)
  .addParam("quote", "the quote asset: its id or its token's symbol", undefined, types.string)
  .addParam("tick", "price step, quote units per base unit (e.g. 0.01)")
  .addParam("lot", "lot size, base units (e.g. 1)")
  .addOptionalParam("min", "smallest order, base units, a multiple of the lot (default one lot)")
  .addOptionalParam("baseAttestations", "attestation kinds required of the base beyond Reserve (e.g. audit-report)", "")
  .addOptionalParam("quoteAttestations", "attestation kinds required of the quote", "")
  .addOptionalParam("trustedRoots", "policy: roots whose clients may trade, comma-separated (default --root)")
  .addOptionalParam("classes", "policy: allowed client classes", "INSTITUTIONAL,ACCREDITED,PROFESSIONAL")
  .addOptionalParam("barred", "policy: barred jurisdictions, ISO 3166 numeric, comma-separated", "")
  .addOptionalParam("expires", "the proposal lapses unapproved at: ISO date, duration or seconds", "7d")
  .addOptionalParam("from", "account index, address or label to act as (a LIST holder of the root)", "0")
  .setAction(async (args, hre) => {
    const pairs = await deployed<PairRegistry>(hre, "PairRegistry", await signerFor(hre, args.from));
    const assets = await deployed<AssetRegistry>(hre, "AssetRegistry");
    const root = parseId(args.root, "--root");
    const baseAsset = await resolveAsset(hre, args.base, "--base");
    const quoteAsset = await resolveAsset(hre, args.quote, "--quote");
    const base = await tokenInfo(hre, (await assets.asset(baseAsset)).token);
    const quote = await tokenInfo(hre, (await assets.asset(quoteAsset)).token);
    const lotSize = parsePositiveAmount(args.lot, base.decimals, "--lot");
    const minSize = args.min === undefined ? lotSize : parsePositiveAmount(args.min, base.decimals, "--min");
    if (minSize % lotSize !== 0n) throw cliError(`--min ${args.min} is not a multiple of the lot ${args.lot}`);
    const tickSize = tickSizeFor(args.tick, lotSize, base.decimals, quote.decimals);
    const terms = {
      baseAsset,
      quoteAsset,
      productType: ProductType.Spot,
      tickSize,
      lotSize,
      minSize,
      baseAttestations: parseKinds(args.baseAttestations, "--base-attestations"),
      quoteAttestations: parseKinds(args.quoteAttestations, "--quote-attestations"),
      proposalExpiry: parseWhen(args.expires, await chainNow(hre)),
    };
    const policy = {
      trustedRoots: args.trustedRoots ? parseIdList(args.trustedRoots, "--trusted-roots") : [root],
      allowedClasses: policyClasses(args.classes),
      barredJurisdictions: parseJurisdictions(args.barred),
    };
    const receipt = await send(hre, `propose ${base.symbol}/${quote.symbol}`, () =>
      pairs.proposePair(root, terms, policy),
    );
    const event = eventIn(pairs.interface, receipt, "PairProposed");
    const pairId = event.args.pairId as bigint;
    const step = priceStep({ tickSize, lotSize, baseDecimals: base.decimals, quoteDecimals: quote.decimals });
    console.log(
      `pair #${pairId}: ${base.symbol}/${quote.symbol}, lot ${args.lot} ${base.symbol}, price step ${step} ` +
        `${quote.symbol}, policy #${event.args.policyId}; approve before ${isoDate(terms.proposalExpiry)}`,
    );
    return pairId;
  });

for (const [name, what] of [
  ["approve", "GOVERN (not the proposer): approve a proposed pair, listing it"],
  ["resume", "GOVERN (the halter's rank or above): resume a halted pair"],
  ["halt", "GOVERN: halt a listed pair (or take over a lower rank's halt)"],
  ["delist", "GOVERN: delist a listed or halted pair, for good"],
] as const) {
  const t = writeTask(`pair:${name}`, what).addParam(
    "pair",
    "the pair: its id or name (BOND/USD)",
    undefined,
    types.string,
  );
  if (name === "halt" || name === "delist") t.addOptionalParam("reason", "a short reason (at most 31 bytes)", "");
  t.addOptionalParam(
    "from",
    "account index, address or label to act as (a GOVERN holder of the pair's root)",
    "0",
  ).setAction(async (args, hre) => {
    const pairs = await deployed<PairRegistry>(hre, "PairRegistry", await signerFor(hre, args.from));
    const pairId = await resolvePair(hre, args.pair);
    const reason = name === "halt" || name === "delist" ? reasonBytes(hre, args.reason) : "";
    await send(
      hre,
      `${name} pair #${pairId}`,
      () => {
        if (name === "approve") return pairs.approvePair(pairId);
        if (name === "resume") return pairs.resumePair(pairId);
        if (name === "halt") return pairs.haltPair(pairId, reason);
        return pairs.delistPair(pairId, reason);
      },
      { about: { pairId } },
    );
    const status = nameOf(PairStatus, await pairs.pairStatus(pairId));
    console.log(`pair #${pairId} is ${status}${(await pairs.isTradable(pairId)) ? " and tradable" : ""}`);
    return status;
  });
}

writeTask("pair:delist-dead-root", "Anyone: delist a listed or halted pair whose root is revoked or past its lease")
  .addParam("pair", "the pair: its id or name (BOND/USD)", undefined, types.string)
  .addOptionalParam("from", "account index, address or label to act as (any account)", "0")
  .setAction(async (args, hre) => {
    const pairs = await deployed<PairRegistry>(hre, "PairRegistry", await signerFor(hre, args.from));
    const pairId = await resolvePair(hre, args.pair);
    await send(hre, `delist pair #${pairId} under its dead root`, () => pairs.delistUnderDeadRoot(pairId));
    const status = nameOf(PairStatus, await pairs.pairStatus(pairId));
    console.log(`pair #${pairId} is ${status}: venues may now clear and retire its book`);
    return status;
  });

task("pair:show", "Show a pair: tokens, grid in human units, policy, status")
  .addParam("pair", "the pair: its id or name (BOND/USD)", undefined, types.string)
  .addFlag("json", "print JSON for machines")
  .setAction(async (args, hre) => {
    const m = await marketOf(hre, args.pair);
    const pairs = await deployed<PairRegistry>(hre, "PairRegistry");
    const view = {
      pairId: m.pairId,
      base: m.base,
      quote: m.quote,
      priceStep: priceStep(m),
      lot: formatAmount(m.lotSize, m.baseDecimals),
      min: formatAmount(m.minSize, m.baseDecimals),
      policyId: m.policyId,
      root: m.root,
      status: nameOf(PairStatus, m.status),
      tradable: await pairs.isTradable(m.pairId),
      clearedAtRank: await clearedAt(pairs, m.pairId),
    };
    output(args.json, view, () =>
      [
        `pair #${m.pairId} ${m.base.symbol}/${m.quote.symbol} (root #${m.root}, policy #${m.policyId}): ${view.status}` +
          `${view.tradable ? ", tradable" : ", not tradable"}`,
        `  price step ${view.priceStep} ${m.quote.symbol} per ${m.base.symbol}; lot ${view.lot}, min ${view.min} ${m.base.symbol}`,
        ...(view.clearedAtRank === null
          ? []
          : [
              `  cleared at depth ${view.clearedAtRank} (a resume, or a re-listing over a delisting bar): no deeper GOVERN holder may halt or delist it until that depth does`,
            ]),
      ].join("\n"),
    );
    return view;
  });

/** The depth of pair `pairId`'s cleared-by mark (its last resume, or the approval that lifted its market's bar), or null. */
async function clearedAt(pairs: PairRegistry, pairId: bigint): Promise<number | null> {
  const [cleared, depth] = await pairs.clearedRank(pairId);
  return cleared ? Number(depth) : null;
}

// ---------------------------------------------------------------------------------------------------------------------
// Venues
// ---------------------------------------------------------------------------------------------------------------------

writeTask(
  "venue:deploy",
  "EXCHANGE operator: deploy a venue trusting the given roots, register it, record it as Exchange",
)
  .addParam("roots", "trusted roots, comma-separated; the first is the home root (the operator's EXCHANGE licence)")
  .addOptionalParam("from", "account index, address or label to act as (the operator)", "0")
  .setAction(async (args, hre) => {
    const operator = await signerFor(hre, args.from);
    const roots = parseIdList(args.roots, "--roots");
    if (roots.length === 0) throw cliError("--roots names no root");
    const tree = await deployed<AuthorityTree>(hre, "AuthorityTree");
    const operatorAddress = await operator.getAddress();
    if (!(await tree.hasScope(operatorAddress, roots[0], Scope.EXCHANGE))) {
      throw cliError(
        `${operatorAddress} holds no valid EXCHANGE node under root #${roots[0]}: it cannot operate a venue`,
      );
    }
    let address: string;
    try {
      ({ venue: address } = await deployVenue(hre.ethers, operator, {
        tree: await deploymentAddress(hre, "AuthorityTree"),
        eligibility: await deploymentAddress(hre, "IdentityRegistry"),
        pairs: await deploymentAddress(hre, "PairRegistry"),
        venues: await deploymentAddress(hre, "VenueRegistry"),
        operator: operatorAddress,
        roots,
        timeUnit: timeUnitOf(hre.network.name),
      }));
    } catch (error) {
      throw await refusalError(hre, error, "deploy venue");
    }
    console.log(`venue deployed at ${address}`);
    const venues = await deployed<VenueRegistry>(hre, "VenueRegistry", operator);
    await send(hre, `register venue under root #${roots[0]}`, () =>
      venues.registerVenue(address, roots[0], Scope.EXCHANGE),
    );
    const { abi } = await hre.artifacts.readArtifact("IExchange");
    await hre.deployments.save(VENUE_DEPLOYMENT, { address, abi });
    console.log(`recorded as deployment "${VENUE_DEPLOYMENT}" on ${hre.network.name}`);
    return address;
  });

writeTask("venue:open-book", "EXCHANGE operator: open the book of a listed pair on the venue")
  .addParam("pair", "the pair: its id or name (BOND/USD)", undefined, types.string)
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (the operator)", "0")
  .setAction(async (args, hre) => {
    const exchange = await venueAt(hre, args.venue, await signerFor(hre, args.from));
    const pairId = await resolvePair(hre, args.pair);
    await send(hre, `open the book of pair #${pairId}`, () => exchange.openBook(pairId), {
      about: { pairId, contracts: { venue: await exchange.getAddress() } },
    });
  });

writeTask("venue:set-fees", "EXCHANGE operator: set maker and taker fees in basis points (within the cap)")
  .addParam("maker", "maker fee, bps", undefined, types.string)
  .addParam("taker", "taker fee, bps", undefined, types.string)
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (the operator)", "0")
  .setAction(async (args, hre) => {
    const exchange = await venueAt(hre, args.venue, await signerFor(hre, args.from));
    const maker = parseBps(args.maker, "--maker");
    const taker = parseBps(args.taker, "--taker");
    await send(hre, `set fees maker ${maker} / taker ${taker} bps`, () => exchange.setFees(maker, taker));
    // A raise on a venue with an open book waits FEE_NOTICE (issue 15 item 8): say when it applies, and how.
    const [pendingMaker, pendingTaker, effectiveAt] = await exchange.pendingFees();
    if (effectiveAt !== 0n) {
      console.log(
        `a raise waits the notice period: maker ${pendingMaker} / taker ${pendingTaker} bps take effect once anyone ` +
          `runs venue:apply-fees at or after ${isoDate(effectiveAt)} (resting orders pay today's fees until then)`,
      );
    }
  });

writeTask("venue:apply-fees", "anyone: apply a scheduled fee raise once its notice period has passed")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    const exchange = await venueAt(hre, args.venue, await signerFor(hre, args.from));
    const [maker, taker] = await exchange.pendingFees();
    await send(hre, `apply the scheduled fees maker ${maker} / taker ${taker} bps`, () => exchange.applyFees());
  });

writeTask("venue:set-fee-cap", "GOVERN of the venue's home root: cap the venue's fees, in basis points")
  .addParam("cap", "the cap, bps", undefined, types.string)
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (a GOVERN holder)", "0")
  .setAction(async (args, hre) => {
    const exchange = await venueAt(hre, args.venue, await signerFor(hre, args.from));
    const cap = parseBps(args.cap, "--cap");
    await send(hre, `set fee cap ${cap} bps`, () => exchange.setFeeCap(cap));
  });

writeTask("venue:collect-fees", "EXCHANGE operator: move a pair's accrued fees to the operator's venue account")
  .addParam("pair", "the pair: its id or name (BOND/USD)", undefined, types.string)
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (the operator)", "0")
  .setAction(async (args, hre) => {
    const exchange = await venueAt(hre, args.venue, await signerFor(hre, args.from));
    const m = await marketOf(hre, args.pair);
    const [base, quote] = await exchange.pairFees(m.pairId);
    await send(hre, `collect the fees of pair #${m.pairId}`, () => exchange.collectFees(m.pairId), {
      about: { pairId: m.pairId, contracts: { venue: await exchange.getAddress() } },
    });
    console.log(
      `collected ${formatAmount(base, m.base.decimals)} ${m.base.symbol} and ${formatAmount(quote, m.quote.decimals)} ` +
        `${m.quote.symbol}: now in the operator's venue account (venue:withdraw)`,
    );
    return { base, quote };
  });

task("asset:list", "List the registered assets: id, symbol, token, kind, root, retired")
  .addFlag("json", "print JSON for machines")
  .setAction(async (args, hre) => {
    const assets = await deployed<AssetRegistry>(hre, "AssetRegistry");
    const count = Number(await assets.assetCount());
    const list: {
      assetId: number;
      symbol: string;
      token: string;
      kind: string;
      root: bigint;
      issuer: string;
      retired: boolean;
    }[] = [];
    for (let id = 1; id <= count; id++) {
      const a = await assets.asset(id);
      const info = await tokenInfo(hre, a.token).catch(() => ({ symbol: "?", decimals: 0 }));
      list.push({
        assetId: id,
        symbol: info.symbol,
        token: a.token,
        kind: nameOf(AssetKind, a.kind).toLowerCase(),
        root: a.root,
        issuer: a.issuer,
        retired: a.retired,
      });
    }
    output(args.json, list, () =>
      list.length === 0
        ? "no asset is registered"
        : table(
            ["asset", "symbol", "token", "kind", "root", "retired"],
            list.map((a) => [String(a.assetId), a.symbol, a.token, a.kind, `#${a.root}`, a.retired ? "yes" : ""]),
          ),
    );
    return list;
  });

task("pair:list", "List the pairs: id, name, status, tradable, price step and lot, and whether the venue has a book")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange, if any)")
  .addFlag("json", "print JSON for machines")
  .setAction(async (args, hre) => {
    const pairs = await deployed<PairRegistry>(hre, "PairRegistry");
    const exchange = await venueAt(hre, args.venue).catch(() => undefined);
    const count = Number(await pairs.pairCount());
    const list: {
      pairId: number;
      name: string;
      status: string;
      tradable: boolean;
      priceStep: string;
      lot: string;
      root: bigint;
      book?: boolean;
    }[] = [];
    for (let id = 1; id <= count; id++) {
      const m = await marketOf(hre, BigInt(id));
      list.push({
        pairId: id,
        name: `${m.base.symbol}/${m.quote.symbol}`,
        status: nameOf(PairStatus, m.status),
        tradable: await pairs.isTradable(id),
        priceStep: priceStep(m),
        lot: formatAmount(m.lotSize, m.baseDecimals),
        root: m.root,
        book: exchange ? (await exchange.bookConfig(id)).open : undefined,
      });
    }
    output(args.json, list, () =>
      list.length === 0
        ? "no pair is proposed yet"
        : table(
            ["pair", "name", "status", "tradable", "price step", "lot", "root", ...(exchange ? ["book here"] : [])],
            list.map((p) => [
              String(p.pairId),
              p.name,
              p.status,
              p.tradable ? "yes" : "no",
              p.priceStep,
              p.lot,
              `#${p.root}`,
              ...(exchange ? [p.book ? "open" : ""] : []),
            ]),
          ),
    );
    return list;
  });

writeTask(
  "token:deploy-test",
  "Development only: deploy a plain test ERC-20 (18 decimals, anyone may mint) and mint it to accounts; refused on " +
    "real networks (chain id other than 31337)",
)
  .addParam("symbol", "its symbol, e.g. USD")
  .addOptionalParam("name", 'its name (default: the symbol and "(test)")')
  .addOptionalParam("to", "accounts to mint to, comma-separated (indexes, addresses or labels)", "")
  .addOptionalParam("amount", "how much each receives, in token units", "1000000")
  .addOptionalParam("from", "account index, address or label to deploy from", "0")
  .setAction(async (args, hre) => {
    const { chainId } = await hre.ethers.provider.getNetwork();
    requireDevelopmentChain(chainId, hre.network.name, "token:deploy-test deploys a token anyone may mint");
    const signer = await signerFor(hre, args.from);
    const factory = await hre.ethers.getContractFactory("TestToken", signer);
    let address: string;
    try {
      const token = await factory.deploy(args.name ?? `${args.symbol} (test)`, args.symbol);
      await token.waitForDeployment();
      address = await token.getAddress();
    } catch (error) {
      throw await refusalError(hre, error, "deploy the test token");
    }
    console.log(`${args.symbol} (test token, 18 decimals) deployed at ${address}`);
    // Recorded under its symbol: asset:register --token USD finds it before it is registered.
    writeLabels(hre, { [address]: args.symbol });
    const token = await hre.ethers.getContractAt("TestToken", address, signer);
    const amount = parsePositiveAmount(args.amount, 18);
    for (const text of String(args.to)
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean)) {
      const to = await resolveAccount(hre, text, "--to");
      await send(hre, `mint ${args.amount} ${args.symbol} to ${to}`, () => token.mint(to, amount));
    }
    return address;
  });
