/**
 * Many view calls in one `eth_call` (contracts/test/ViewBatch.sol), for the stateful tests that compare a contract with
 * its model after every step: through the in-process provider each call is a round trip that costs far more than the
 * view itself, and those round trips were most of the campaigns' CPU time.
 */
import { ethers } from "hardhat";
import type { BaseContract, Result } from "ethers";
import type { ViewBatch } from "../../typechain-types";

/** A contract whose interface encodes and decodes a view call. */
export type Viewed = Pick<BaseContract, "target" | "interface">;
/** One view call: the contract, the function's name and its arguments. */
export type View = { contract: Viewed; fn: string; args: unknown[] };

export async function deployViewBatch(): Promise<ViewBatch> {
  return (await ethers.getContractFactory("ViewBatch")).deploy();
}

/** Reads every view in one call through `batch`, on one state; each result decoded with its contract's ABI. */
export async function readViews(batch: ViewBatch, views: View[]): Promise<Result[]> {
  const raw = await batch.read(
    views.map((v) => ({
      target: v.contract.target as string,
      data: v.contract.interface.encodeFunctionData(v.fn, v.args),
    })),
  );
  return raw.map((data, i) => views[i].contract.interface.decodeFunctionResult(views[i].fn, data));
}
