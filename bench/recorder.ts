import type { ContractTransactionResponse } from "ethers";

/** Records the receipt gasUsed (21,000 base included) of one transaction under a scenario name. */
export type Record = (
  name: string,
  tx: Promise<ContractTransactionResponse> | ContractTransactionResponse,
) => Promise<bigint>;

/** A bench module: sets up its world on the in-process network and records its scenarios. */
export type BenchModule = { title: string; run(record: Record): Promise<void> };

/** A budget entry: an absolute ceiling, or a ceiling relative to another scenario. `target` is shown, not enforced. */
export type Budget =
  { max: number; target?: number; note?: string } | { maxRatioOf: string; max: number; target?: number; note?: string };
