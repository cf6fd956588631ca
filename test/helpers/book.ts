import { ethers } from "hardhat";
import type { BookHarness, TickBitmapHarness } from "../../typechain-types";
import { Side, decodeLevel, decodeOrder, decodeOrderId, type LevelRecord, type OrderRecord } from "../../lib/book";

export * from "../../lib/book";

export async function deployBook(): Promise<{ book: BookHarness }> {
  const book = (await ethers.deployContract("BookHarness")) as unknown as BookHarness;
  await book.waitForDeployment();
  return { book };
}

export async function deployBitmap(): Promise<{ bitmap: TickBitmapHarness }> {
  const bitmap = (await ethers.deployContract("TickBitmapHarness")) as unknown as TickBitmapHarness;
  await bitmap.waitForDeployment();
  return { bitmap };
}

/** Rest an order through the harness and return its id (simulated first, then sent). */
export async function place(
  book: BookHarness,
  side: Side,
  tick: number,
  lots: bigint | number,
  maker: bigint | number = 1n,
  expiry: bigint | number = 0n,
  flags = 0,
): Promise<bigint> {
  const id = await book.insert.staticCall(side, tick, maker, lots, expiry, flags);
  await (await book.insert(side, tick, maker, lots, expiry, flags)).wait();
  return id;
}

/** A Front as `peek` returns it, copied into a plain object that can be passed back to `fill`. */
export type Front = { tick: bigint; id: bigint; order: bigint; level: bigint; state: bigint };

export async function peekFront(book: BookHarness, side: Side): Promise<Front> {
  const f = await book.peek(side);
  return { tick: f.tick, id: f.id, order: f.order, level: f.level, state: f.state };
}

/** The orders of a level in time priority, decoded, with their ids. */
export async function levelOrders(
  book: BookHarness,
  side: Side,
  tick: number,
): Promise<(OrderRecord & { id: bigint; idx: bigint })[]> {
  const [ids, records] = await book.ordersAt(side, tick, 1_000);
  return ids.map((id, i) => ({ id, idx: decodeOrderId(id).idx, ...decodeOrder(records[i]) }));
}

/** A level's record, decoded. */
export async function levelOf(book: BookHarness, side: Side, tick: number): Promise<LevelRecord> {
  return decodeLevel(await book.getLevel(side, tick));
}

/** The ticks of a side, best first (through the bitmap). */
export async function ticksOf(book: BookHarness, side: Side): Promise<number[]> {
  const [ticks] = await book.depth(side, 10_000);
  return ticks.map(Number);
}

export { Side };
