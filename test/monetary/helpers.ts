import type { ContractTransactionResponse, Signer } from "ethers";
import { ethers } from "hardhat";
import type { CompliantToken, MonetaryDesk } from "../../typechain-types";

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
