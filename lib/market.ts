/**
 * What the provider and investor tasks read from the chain to speak in human units: a token's decimals and symbol, a
 * pair's grid, and the venue a task acts on (the `Exchange` deployment recorded by `venue:deploy`, or `--venue`).
 * Only type imports from typechain-types (tasks load before compilation).
 */
import type { Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AssetRegistry, IExchange, PairRegistry } from "../typechain-types";
import { cliError, deployed, notDeployedAdvice, parseAddress, pastEvents, readLabels } from "./cli";
import type { Grid } from "./units";

/** The deployment name under which `venue:deploy` records the venue it deploys. */
export const VENUE_DEPLOYMENT = "Exchange";

export type TokenInfo = { address: string; symbol: string; decimals: number };

/** An ERC-20's symbol and decimals (symbol "?" when it has none). */
export async function tokenInfo(hre: HardhatRuntimeEnvironment, address: string): Promise<TokenInfo> {
  const token = await hre.ethers.getContractAt("IERC20Metadata", address);
  if ((await hre.ethers.provider.getCode(address)) === "0x") throw cliError(`No contract at ${address}`);
  const decimals = Number(await token.decimals());
  let symbol = "?";
  try {
    symbol = await token.symbol();
  } catch {
    // not every token has a symbol
  }
  return { address: hre.ethers.getAddress(address), symbol, decimals };
}

/** A pair as the CLI shows it: its grid, its tokens and its status. */
export type Market = Grid & {
  pairId: bigint;
  base: TokenInfo;
  quote: TokenInfo;
  minSize: bigint;
  policyId: bigint;
  root: bigint;
  status: number;
};

/** The recorded venue, if any, to prefer its tokens and books when a name fits several. */
async function recordedVenue(hre: HardhatRuntimeEnvironment): Promise<IExchange | undefined> {
  const d = await hre.deployments.getOrNull(VENUE_DEPLOYMENT);
  if (!d || (await hre.ethers.provider.getCode(d.address)) === "0x") return undefined;
  return (await hre.ethers.getContractAt("IExchange", d.address)) as unknown as IExchange;
}

/** Among several candidates, those `keep` accepts if any, else all of them. */
async function prefer<T>(candidates: T[], keep: (c: T) => Promise<boolean>): Promise<T[]> {
  const kept: T[] = [];
  for (const c of candidates) if (await keep(c)) kept.push(c);
  return kept.length > 0 ? kept : candidates;
}

/**
 * A token given on the command line: its address, or the symbol of a registered asset (case-insensitive). When a
 * symbol fits several tokens, the recorded venue's are preferred; still several is refused with the candidates.
 */
export async function resolveToken(hre: HardhatRuntimeEnvironment, text: string, what = "--token"): Promise<string> {
  const trimmed = String(text).trim();
  if (/^0x/i.test(trimmed)) return parseAddress(hre, trimmed, what);
  const assets = await deployed<AssetRegistry>(hre, "AssetRegistry");
  const count = Number(await assets.assetCount());
  const found = new Map<string, string>();
  for (let id = 1; id <= count; id++) {
    const { token } = await assets.asset(id);
    if (found.has(token)) continue;
    const info = await tokenInfo(hre, token).catch(() => undefined);
    if (info && info.symbol.toLowerCase() === trimmed.toLowerCase())
      found.set(token, `${info.symbol} ${token} (asset #${id})`);
  }
  if (found.size === 0) {
    // Not registered yet: a native token issued here (NativeTokenIssued), or a token recorded under that label
    // (token:deploy-test records the test tokens it deploys).
    for (const log of await pastEvents(hre, (f, t) => assets.queryFilter(assets.filters.NativeTokenIssued(), f, t))) {
      const info = await tokenInfo(hre, log.args.token).catch(() => undefined);
      if (info && info.symbol.toLowerCase() === trimmed.toLowerCase()) {
        found.set(info.address, `${info.symbol} ${info.address} (issued here)`);
      }
    }
    for (const [address, label] of readLabels(hre)) {
      if (label.toLowerCase() !== trimmed.toLowerCase() || (await hre.ethers.provider.getCode(address)) === "0x")
        continue;
      const info = await tokenInfo(hre, address).catch(() => undefined);
      if (info) found.set(info.address, `${info.symbol} ${info.address} (recorded as ${label})`);
    }
  }
  if (found.size === 0) {
    throw cliError(
      `${what} "${text}" is neither an address nor the symbol of a registered asset on "${hre.network.name}"`,
    );
  }
  const venue = await recordedVenue(hre);
  const tokens = venue
    ? await prefer([...found.keys()], async (t) => (await venue.tokenIndex(t)) !== 0n)
    : [...found.keys()];
  if (tokens.length > 1) {
    throw cliError(
      `${what} "${text}" is ambiguous: ${tokens.length} registered tokens have that symbol; give the address of one:\n  ` +
        tokens.map((t) => found.get(t)).join("\n  "),
    );
  }
  return tokens[0];
}

/**
 * An asset given on the command line: its id, or its token's symbol or address (the latest live asset of that token
 * when it is registered under several roots).
 */
export async function resolveAsset(hre: HardhatRuntimeEnvironment, text: string, what = "--asset"): Promise<bigint> {
  const trimmed = String(text).trim();
  if (/^\d+$/.test(trimmed)) return BigInt(trimmed);
  const token = await resolveToken(hre, trimmed, what);
  const assets = await deployed<AssetRegistry>(hre, "AssetRegistry");
  for (let id = Number(await assets.assetCount()); id >= 1; id--) {
    const a = await assets.asset(id);
    if (a.token === token && !a.retired) return BigInt(id);
  }
  throw cliError(`${what} "${text}": ${token} is not a registered asset (asset:register)`);
}

/**
 * A pair given on the command line: its id, or its name BASE/QUOTE by the tokens' symbols (case-insensitive). When a
 * name fits several pairs, listed ones with a book on the recorded venue are preferred; still several is refused
 * with the candidates.
 */
export async function resolvePair(
  hre: HardhatRuntimeEnvironment,
  text: string | bigint,
  what = "--pair",
): Promise<bigint> {
  const trimmed = String(text).trim();
  if (/^\d+$/.test(trimmed)) return BigInt(trimmed);
  const m = /^([^/\s]+)\s*\/\s*([^/\s]+)$/.exec(trimmed);
  if (!m) throw cliError(`${what} "${text}" is neither a pair id nor a name such as BOND/USD`);
  const pairs = await deployed<PairRegistry>(hre, "PairRegistry");
  const count = Number(await pairs.pairCount());
  const found: bigint[] = [];
  const names = new Map<bigint, string>();
  const symbols = new Map<string, string>();
  const symbolOf = async (token: string) => {
    if (!symbols.has(token)) symbols.set(token, (await tokenInfo(hre, token).catch(() => ({ symbol: "?" }))).symbol);
    return symbols.get(token)!;
  };
  for (let id = 1; id <= count; id++) {
    const p = await pairs.pair(id);
    const [base, quote] = [await symbolOf(p.baseToken), await symbolOf(p.quoteToken)];
    if (base.toLowerCase() === m[1].toLowerCase() && quote.toLowerCase() === m[2].toLowerCase()) {
      found.push(BigInt(id));
      names.set(BigInt(id), `#${id} ${base}/${quote} (${p.baseToken} / ${p.quoteToken}, status ${p.status})`);
    }
  }
  if (found.length === 0) throw cliError(`${what} "${text}": no pair of that name on "${hre.network.name}"`);
  const venue = await recordedVenue(hre);
  let candidates = venue ? await prefer(found, async (id) => (await venue.bookConfig(id)).open) : found;
  candidates = await prefer(candidates, async (id) => Number((await pairs.pair(id)).status) === 2);
  if (candidates.length > 1) {
    throw cliError(
      `${what} "${text}" is ambiguous: ${candidates.length} pairs have that name; give the id of one:\n  ` +
        candidates.map((id) => names.get(id)).join("\n  "),
    );
  }
  return candidates[0];
}

/** Pair `pairText` (an id or a name, see resolvePair) of the PairRegistry, with its tokens' decimals and symbols. */
export async function marketOf(hre: HardhatRuntimeEnvironment, pairText: string | bigint): Promise<Market> {
  const pairId = await resolvePair(hre, pairText);
  const pairs = await deployed<PairRegistry>(hre, "PairRegistry");
  if (pairId === 0n || pairId > (await pairs.pairCount())) throw cliError(`No pair #${pairId} in the PairRegistry`);
  const p = await pairs.pair(pairId);
  const [base, quote] = await Promise.all([tokenInfo(hre, p.baseToken), tokenInfo(hre, p.quoteToken)]);
  return {
    pairId,
    base,
    quote,
    tickSize: p.tickSize,
    lotSize: p.lotSize,
    minSize: p.minSize,
    baseDecimals: base.decimals,
    quoteDecimals: quote.decimals,
    policyId: p.policyId,
    root: p.root,
    status: Number(p.status),
  };
}

/** The venue at `--venue`, or the one `venue:deploy` recorded on this network; connected to `signer`. */
export async function venueAt(hre: HardhatRuntimeEnvironment, venue?: string, signer?: Signer): Promise<IExchange> {
  let address: string;
  if (venue) address = parseAddress(hre, venue, "--venue");
  else {
    const d = await hre.deployments.getOrNull(VENUE_DEPLOYMENT);
    if (!d) {
      if (hre.network.name === "hardhat") throw cliError(await notDeployedAdvice(hre, "No venue is recorded"));
      throw cliError(
        `No venue is recorded on network "${hre.network.name}": deploy one with venue:deploy (the demo records its ` +
          `own), or pass --venue <address>`,
      );
    }
    address = d.address;
  }
  if ((await hre.ethers.provider.getCode(address)) === "0x") throw cliError(`No venue contract at ${address}`);
  const exchange = await hre.ethers.getContractAt("IExchange", address);
  return (signer ? exchange.connect(signer) : exchange) as unknown as IExchange;
}
