/**
 * What the provider and investor tasks read from the chain to speak in human units: a token's decimals and symbol, a
 * pair's grid, and the venue a task acts on (the `Exchange` deployment recorded by `venue:deploy`, or `--venue`).
 * Only type imports from typechain-types (tasks load before compilation).
 */
import type { Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { IExchange, PairRegistry } from "../typechain-types";
import { cliError, deployed, parseAddress } from "./cli";
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

/** Pair `pairId` of the PairRegistry, with its tokens' decimals and symbols. */
export async function marketOf(hre: HardhatRuntimeEnvironment, pairText: string | bigint): Promise<Market> {
  if (typeof pairText === "string" && !/^\d+$/.test(pairText.trim())) {
    throw cliError(`--pair "${pairText}" is not a pair id`);
  }
  const pairId = BigInt(pairText);
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
      throw cliError(
        `No venue is recorded on network "${hre.network.name}": deploy one with venue:deploy, or pass --venue <address>`,
      );
    }
    address = d.address;
  }
  if ((await hre.ethers.provider.getCode(address)) === "0x") throw cliError(`No venue contract at ${address}`);
  const exchange = await hre.ethers.getContractAt("IExchange", address);
  return (signer ? exchange.connect(signer) : exchange) as unknown as IExchange;
}
