import type { ContractTransactionResponse, Signer } from "ethers";
import { ethers } from "hardhat";
import type { CompliantToken, MonetaryDesk } from "../../typechain-types";
import { AssetKind } from "../../lib/assets";
import type { MonetaryTerms } from "../../lib/monetary";
import { deployAssets, issueNative } from "../helpers/fixtures";

const DAY = 86_400;

/** The monetary desk `token` registered with. */
export async function deskOf(token: CompliantToken): Promise<MonetaryDesk> {
  return (await ethers.getContractAt("MonetaryDesk", await token.DESK())) as unknown as MonetaryDesk;
}

/** Request redemption of `amount` of `token` as `holder`; returns the request's id. */
export async function requestRedemption(
  token: CompliantToken,
  holder: Signer,
  amount: bigint,
  ref: string,
): Promise<bigint> {
  const desk = await deskOf(token);
  const receipt = await (await desk.connect(holder).requestRedemption(token, amount, ref)).wait();
  for (const log of receipt!.logs) {
    const parsed = desk.interface.parseLog(log);
    if (parsed?.name === "RedemptionRequested") return parsed.args.id as bigint;
  }
  throw new Error("no RedemptionRequested event");
}

/**
 * What `redeem` did before issue 16, through the redemption lifecycle: `holder` requests `amount` and the issuer
 * settles it at once with `ref` as the payout reference. Returns the settlement's transaction (Redeemed, the burn).
 */
export async function redeemNow(
  token: CompliantToken,
  holder: Signer,
  amount: bigint,
  ref: string,
): Promise<ContractTransactionResponse> {
  const id = await requestRedemption(token, holder, amount, ref);
  const issuer = await ethers.getSigner(await token.ISSUER());
  return (await deskOf(token)).connect(issuer).confirmRedemption(token, id, ref);
}

/** MNY: cap 10,000, at most 1,000 per day, reserve ratio 125% (1,250 of reserve back 1,000 of supply). */
export const TERMS: MonetaryTerms = { supplyCap: 10_000n, mintRate: 1_000n, mintPeriod: DAY, reserveRatioBps: 12_500 };

/** The asset world with MNY issued on TERMS, registered, alice and bob enrolled, a reserve of 20,000 attested. */
export async function moneyWorld() {
  const f = await deployAssets(1);
  const { assets, actors, nodes, policyId, clients, attestReserve } = f;
  const token = await issueNative(assets, actors.issuer, nodes.r1, "Money", "MNY", 6, policyId, TERMS);
  await (
    await assets.connect(actors.lister).registerAsset(token, AssetKind.Native, nodes.r1, actors.issuer, "")
  ).wait();
  const asset = await assets.assetIdOf(token, nodes.r1);
  const ids = { alice: await clients.enrol(actors.alice.address), bob: await clients.enrol(actors.bob.address) };
  await attestReserve(asset, 20_000n);
  const desk = await deskOf(token);
  return { ...f, money: token, asset, ids, desk };
}
