/**
 * The demo's sanctions chapter (issue 16): the regulator lists Dave's wallet; his resting bid is removed at the next
 * match, his funds stay frozen in the venue (deposit and withdrawal refused, still his), the listing is lifted and he
 * withdraws. Called from scripts/demo.ts with one line, between the trading and the revocation chapters; it leaves
 * the book and every balance the later chapters rely on as it found them (Dave's removed bid was his own, added here).
 */
import { ethers } from "hardhat";
import type { Wallet } from "ethers";
import type { AuthorityTree, IExchange, IdentityRegistry, TestToken } from "../../typechain-types";
import type { Narrator } from "../../lib/demo";
import { Side } from "../../lib/book";
import { eligibilityName } from "../../lib/registry";
import { OrderType, depthTable, tradeEvents, type BookUnits } from "../../lib/venue";

/** What the chapter reads of the demo's world (scripts/demo.ts World, structurally). */
export type SanctionsWorld = {
  n: Narrator;
  suite: {
    tree: AuthorityTree;
    registry: IdentityRegistry;
    pairs: { pair(id: bigint): Promise<{ policyId: bigint }> };
  };
  a: { regulator: Wallet; dave: Wallet; erin: Wallet };
  nodes: { root: bigint };
  exchange?: IExchange;
  usd?: TestToken;
  units?: BookUnits;
  pairId?: bigint;
};

export async function sanctionsChapter(w: SanctionsWorld, names: (account: bigint) => string): Promise<void> {
  const { n, a, suite, exchange, usd, units } = w;
  const pairId = w.pairId!;
  n.step("Sanctions: the regulator lists Dave's wallet; his order goes at the next match, his funds stay frozen");
  const reason = ethers.encodeBytes32String("OFAC SDN 2026-12");
  const order = (side: number, tick: bigint, lots: bigint, type: number = OrderType.GoodTillCancel) => ({
    pairId,
    side,
    orderType: type,
    tick,
    lots,
    expiry: 0,
    maxSteps: 20,
  });
  await (await exchange!.connect(a.dave).placeOrder(order(Side.Bid, 10_050n, 10n))).wait();
  n.note("Dave bids 10 lots at 100.50, the best bid; the regulator then lists his wallet (sanctions:add)");
  const listing = await (
    await suite.tree.connect(a.regulator).addSanction(w.nodes.root, a.dave.address, 0, reason, suite.registry)
  ).wait();
  console.log(`   one transaction (gas ${listing!.gasUsed}): every venue's cached clearance of Dave is re-checked`);
  const policy = (await suite.pairs.pair(pairId)).policyId;
  const eligibility = eligibilityName(await suite.registry.eligibility(a.dave.address, policy));
  n.check(eligibility === "Sanctioned", "Dave's eligibility under the pair's policy is Sanctioned");

  n.note("Erin sells 10 lots down to 100.50: Dave's bid is removed (Ineligible); nothing else crosses");
  const lockedBefore = (await exchange!.balanceOf(a.dave.address, usd!))[1];
  const take = await (
    await exchange!.connect(a.erin).placeOrder(order(Side.Ask, 10_050n, 10n, OrderType.ImmediateOrCancel))
  ).wait();
  const events = tradeEvents(exchange!, units!, take!, names);
  console.log(events.text);
  console.log(await depthTable(exchange!, units!));
  const [available, locked] = await exchange!.balanceOf(a.dave.address, usd!);
  n.check(
    events.removed.length === 1 && events.removed[0].reason === "Ineligible" && events.filled === 0,
    "the sanctioned maker's order was removed at match time (OrderRemoved, reason Ineligible)",
  );
  n.check(locked < lockedBefore, "its USD was unlocked, still Dave's in the venue");
  await n.refused(
    "a sanctioned wallet withdraws nothing: its funds are frozen in place",
    () => exchange!.connect(a.dave).withdraw(usd!, 1n),
    "PartySanctioned",
    { wallet: a.dave.address, action: "withdraw" },
  );
  await n.refused(
    "nor does it place orders",
    () => exchange!.connect(a.dave).placeOrder(order(Side.Bid, 9_000n, 10n)),
    "NotEligible",
    { pairId, wallet: a.dave.address, action: "place an order" },
  );

  n.note("The regulator lifts the entry (sanctions:remove): Dave withdraws again");
  await (await suite.tree.connect(a.regulator).liftSanction(w.nodes.root, a.dave.address, 0)).wait();
  await (await exchange!.connect(a.dave).withdraw(usd!, 1n)).wait();
  await (await usd!.connect(a.dave).approve(await exchange!.getAddress(), 1n)).wait();
  await (await exchange!.connect(a.dave).deposit(usd!, 1n)).wait();
  n.check(
    (await exchange!.balanceOf(a.dave.address, usd!))[0] === available,
    "lifted: Dave withdrew and deposited again, his balance whole",
  );
}
