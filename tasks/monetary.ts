/**
 * Monetary policy tasks (issue 16): a native token's report (token:policy), minting with the headroom shown first,
 * the redemption lifecycle (request, confirm, reject) and the cap and rate changes. Thin: parse, call the token's
 * MonetaryDesk, print; refusals are decoded in words through lib/errors/explain.ts (send). Amounts in human units.
 *
 *   npx hardhat token:policy --token BOND
 *   npx hardhat token:mint --token BOND --to 0x… --amount 1000 --from 3
 *   npx hardhat token:redeem --token BOND --amount 250 --ref wire-2026-001 --from 6
 *   npx hardhat venue:redeem --token BOND --amount 250 --ref wire-2026-002 --from 6   (out of the venue balance)
 *   npx hardhat token:redeem-confirm --token BOND --id 1 --ref payout-77 --from 3
 *   npx hardhat token:redeem-reject --token BOND --id 2 --reason "kyc mismatch" --from 3
 *   npx hardhat token:cap --token BOND --cap 5000000 --from 3 && npx hardhat token:rate --token BOND --rate 10000
 */
import { types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { CompliantToken, MonetaryDesk } from "../typechain-types";
import {
  chainNow,
  cliError,
  eventIn,
  output,
  parseId,
  reasonBytes,
  resolveAccount,
  send,
  signerFor,
  writeTask,
} from "../lib/cli";
import { resolveToken, tokenInfo, venueAt } from "../lib/market";
import { REDEMPTION_STATUS, policyReport, renderPolicy } from "../lib/monetary";
import { isoDate } from "../lib/time";
import { formatAmount, parsePositiveAmount } from "../lib/units";

/** The token named by `text` (address or registered symbol), its desk, and its metadata, as `from`. */
async function monetary(hre: HardhatRuntimeEnvironment, text: string, from?: string) {
  const address = await resolveToken(hre, text);
  const signer = await signerFor(hre, from);
  const token = (await hre.ethers.getContractAt("CompliantToken", address, signer)) as unknown as CompliantToken;
  const desk = (await hre.ethers.getContractAt("MonetaryDesk", await token.DESK(), signer)) as unknown as MonetaryDesk;
  return { token, desk, signer, info: await tokenInfo(hre, address) };
}

writeTask("token:policy", "A native token's monetary policy: supply, cap, reserve, ratio, mint headroom, redemptions")
  .addParam("token", "the token: its address or a registered asset's symbol")
  .addFlag("json", "print JSON")
  .setAction(async (args, hre) => {
    const { token, desk } = await monetary(hre, args.token);
    const report = await policyReport(hre, token, desk);
    output(args.json, report, () => renderPolicy(report));
    return report;
  });

writeTask("token:mint", "Issuer: mint a native token (shows the headroom first: rate, cap, reserve at its ratio)")
  .addParam("token", "the token: its address or a registered asset's symbol")
  .addParam("to", "the recipient wallet (index, address or label)")
  .addParam("amount", "in token units, e.g. 1000.25")
  .addOptionalParam("from", "account index, address or label to act as (the issuer)", "0")
  .setAction(async (args, hre) => {
    const { token, desk, info } = await monetary(hre, args.token, args.from);
    const to = await resolveAccount(hre, args.to, "--to");
    const amount = parsePositiveAmount(args.amount, info.decimals);
    const r = await policyReport(hre, token, desk);
    console.log(
      `headroom: ${formatAmount(r.headroomNow, info.decimals)} ${info.symbol} now` +
        ` (more from ${isoDate(r.moreAt)}; now ${isoDate(await chainNow(hre))})`,
    );
    await send(hre, `mint ${args.amount} ${info.symbol} to ${to}`, () => token.mint(to, amount), {
      about: { token: info.address, action: "mint" },
    });
  });

writeTask("token:redeem", "Holder: request redemption; the amount is escrowed until the issuer settles or rejects it")
  .addParam("token", "the token: its address or a registered asset's symbol")
  .addParam("amount", "in token units, or all (your wallet's whole balance)")
  .addParam("ref", "the holder's reference for the payout (at most 31 bytes)")
  .addOptionalParam("from", "account index, address or label to act as (the holder)", "0")
  .setAction(async (args, hre) => {
    const { token, desk, signer, info } = await monetary(hre, args.token, args.from);
    const amount =
      String(args.amount).trim().toLowerCase() === "all"
        ? await token.balanceOf(await signer.getAddress())
        : parsePositiveAmount(args.amount, info.decimals);
    if (amount === 0n) throw cliError(`--amount all: your wallet holds no ${info.symbol}`);
    const receipt = await send(
      hre,
      `request redemption of ${formatAmount(amount, info.decimals)} ${info.symbol}`,
      () => desk.requestRedemption(token, amount, reasonBytes(hre, args.ref)),
      { about: { token: info.address, action: "redeem" } },
    );
    const id = eventIn(desk.interface, receipt, "RedemptionRequested").args.id as bigint;
    console.log(`redemption #${id} requested: ${args.amount} ${info.symbol} escrowed`);
    return id;
  });

writeTask(
  "venue:redeem",
  "Investor: request redemption out of your available venue balance (a rejection returns it to your wallet)",
)
  .addParam("token", "the native token: its address or a registered asset's symbol")
  .addParam("amount", "in token units")
  .addParam("ref", "your reference for the payout (at most 31 bytes)")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addOptionalParam("from", "account index, address or label to act as (your wallet)", "0")
  .setAction(async (args, hre) => {
    const { token, desk, info } = await monetary(hre, args.token, args.from);
    const signer = await signerFor(hre, args.from);
    const exchange = await venueAt(hre, args.venue, signer);
    const wallet = await signer.getAddress();
    const amount = parsePositiveAmount(args.amount, info.decimals);
    const [available] = await exchange.balanceOf(wallet, info.address);
    console.log(`available on the venue: ${formatAmount(available, info.decimals)} ${info.symbol}`);
    const receipt = await send(
      hre,
      `request redemption of ${args.amount} ${info.symbol} through the venue`,
      () => exchange.requestRedemption(token, amount, reasonBytes(hre, args.ref)),
      { about: { token: info.address, wallet, action: "redeem", contracts: { venue: await exchange.getAddress() } } },
    );
    const id = eventIn(desk.interface, receipt, "RedemptionRequested").args.id as bigint;
    console.log(`redemption #${id} requested: ${args.amount} ${info.symbol} debited on the venue and escrowed`);
    return id;
  });

for (const [name, verb, param] of [
  ["token:redeem-confirm", "confirm", "ref"],
  ["token:redeem-reject", "reject", "reason"],
] as const) {
  writeTask(
    name,
    verb === "confirm"
      ? "Issuer (or a higher authority): settle a redemption paid out off-chain (its tokens are burned)"
      : "Issuer (or a higher authority): reject a redemption (its tokens go back to the holder)",
  )
    .addParam("token", "the token: its address or a registered asset's symbol")
    .addParam("id", "the request id", undefined, types.string)
    .addParam(param, verb === "confirm" ? "the payout's reference (at most 31 bytes)" : "why (at most 31 bytes)")
    .addOptionalParam("from", "account index, address or label to act as (the issuer or an ancestor)", "0")
    .setAction(async (args, hre) => {
      const { token, desk, info } = await monetary(hre, args.token, args.from);
      const id = parseId(args.id, "--id");
      const r = await desk.redemption(token, id);
      const what = `${verb} redemption #${id} (${formatAmount(r.amount, info.decimals)} ${info.symbol}, ${REDEMPTION_STATUS[Number(r.status)]})`;
      const text = reasonBytes(hre, args[param]);
      await send(
        hre,
        what,
        () => (verb === "confirm" ? desk.confirmRedemption(token, id, text) : desk.rejectRedemption(token, id, text)),
        { about: { token: info.address, action: "redeem" } },
      );
    });
}

writeTask("token:cap", "Issuer or an ancestor: lower a native token's supply cap (never raised)")
  .addParam("token", "the token: its address or a registered asset's symbol")
  .addParam("cap", "the new cap, in token units")
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    const { token, desk, info } = await monetary(hre, args.token, args.from);
    const cap = parsePositiveAmount(args.cap, info.decimals, "--cap");
    await send(hre, `lower the cap of ${info.symbol} to ${args.cap}`, () => desk.lowerSupplyCap(token, cap), {
      about: { token: info.address, action: "cap" },
    });
  });

writeTask("token:rate", "Issuer or an ancestor: set a native token's mint rate per period (raise: up to its ceiling)")
  .addParam("token", "the token: its address or a registered asset's symbol")
  .addParam("rate", "the new rate per period, in token units")
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    const { token, desk, info } = await monetary(hre, args.token, args.from);
    const rate = parsePositiveAmount(args.rate, info.decimals, "--rate");
    await send(hre, `set the mint rate of ${info.symbol} to ${args.rate}`, () => desk.setMintRate(token, rate), {
      about: { token: info.address, action: "rate" },
    });
  });
