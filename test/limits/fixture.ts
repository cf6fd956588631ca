import { ethers } from "hardhat";
import type { AmlLimits, CompliantToken, ILimitsAttachable } from "../../typechain-types";
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
