import { ethers } from "hardhat";
import type { AmlLimits, CompliantToken, ILimitsAttachable, IVenueLimits } from "../../typechain-types";
import { deployExchange } from "../helpers/exchange";
import { ClientClass } from "../../lib/classes";
import { LimitKind } from "../../lib/limits";

export { LimitKind };
export const ACCREDITED = ClientClass.ACCREDITED;

/**
 * The venue world (deployExchange: BOND/USD, alice..dave ACCREDITED at depth 2, FUNDS of both in the venue) plus an
 * AmlLimits contract and a limits policy owned by root R1 (created by the regulator, rank 0), attached to nothing.
 */
export async function limitsWorld() {
  const f = await deployExchange(1);
  const aml = (await ethers.deployContract("AmlLimits", [
    await f.tree.getAddress(),
    await f.registry.getAddress(),
    1,
  ])) as unknown as AmlLimits;
  // The governor names the stack's AmlLimits once (VenueRegistry.amlLimits): venues and tokens attach only it.
  await (await f.venues.connect(f.governor).setAmlLimits(aml)).wait();
  await (await aml.connect(f.regulator).createPolicy(f.nodes.r1)).wait();
  const policy = await aml.policyCount();
  const venueLimits = (await ethers.getContractAt(
    "ILimitsAttachable",
    await f.exchange.getAddress(),
  )) as unknown as ILimitsAttachable;
  const token = f.token as CompliantToken;
  return { ...f, aml, policy, venueLimits, token };
}

/**
 * limitsWorld with R1's policy capping USD deposits at `cap` a day, named R1's root policy (review M3), the venue's
 * limits view, and alice holding 100,000 USD approved to the venue; `sync`: the venue synced with it already.
 */
export async function rootPolicyWorld(cap: bigint, sync: boolean) {
  const w = await limitsWorld();
  const { aml, policy, regulator, usd, nodes } = w;
  await (await aml.connect(regulator).setLimit(policy, usd, ACCREDITED, LimitKind.DepositPerDay, cap)).wait();
  await (await aml.connect(regulator).setRootPolicy(nodes.r1, policy)).wait();
  const venue = (await ethers.getContractAt("IVenueLimits", await w.exchange.getAddress())) as unknown as IVenueLimits;
  const [alice] = w.traders;
  await (await usd.mint(alice, 100_000n)).wait();
  await (await usd.connect(alice).approve(w.exchange, 100_000n)).wait();
  if (sync) await (await venue.syncRootLimits()).wait();
  return { ...w, venue, alice };
}
