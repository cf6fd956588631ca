/**
 * The demo's AML limits chapter (issue 16): the regulator puts a rolling 24-hour deposit cap on USD in a limits
 * policy and attaches it to the venue; a structured deposit (several deposits under the cap each) hits it, and the
 * refusal says in words what fits now and from when the rest does. Called from scripts/demo.ts with one line.
 */
import hre from "hardhat";
import type { Signer, Wallet } from "ethers";
import type {
  AmlLimits,
  IdentityRegistry,
  IExchange,
  ILimitsAttachable,
  TestToken,
  VenueRegistry,
} from "../../typechain-types";
import { eventIn } from "../../lib/cli";
import { type Narrator, amount, table } from "../../lib/demo";
import { LimitKind } from "../../lib/limits";
import { timeUnitOf } from "../../lib/networks";
import { isoDate } from "../../lib/time";

const { ethers, deployments, network } = hre;

/** What the chapter needs of the demo's world (structurally: the demo passes its own). */
export type LimitsWorld = {
  n: Narrator;
  a: { regulator: Wallet; carol: Wallet };
  nodes: { root: bigint };
  suite: { registry: IdentityRegistry; venues: VenueRegistry };
  governor: Signer;
  exchange?: IExchange;
  usd?: TestToken;
};

const USD = (n: number | bigint) => BigInt(n) * 10n ** 18n;

async function mined<T extends { wait(): Promise<unknown> }>(tx: Promise<T>) {
  return (await (await tx).wait()) as { logs: readonly { topics: readonly string[]; data: string }[] };
}

export async function limitsChapter(w: LimitsWorld): Promise<void> {
  const { n, a, exchange, usd } = w;
  n.step("AML limits: a rolling 24-hour deposit cap stops a structured deposit");
  // The stack's AmlLimits is the one the governor named in the venue registry (issue 16 review H1).
  const named = await w.suite.venues.amlLimits();
  const recorded = named !== ethers.ZeroAddress ? { address: named } : await deployments.getOrNull("AmlLimits");
  const aml = (recorded
    ? await ethers.getContractAt("AmlLimits", recorded.address)
    : await ethers.deployContract("AmlLimits", [
        await (await deployments.get("AuthorityTree")).address,
        await w.suite.registry.getAddress(),
        timeUnitOf(network.name),
      ])) as unknown as AmlLimits;
  if (named === ethers.ZeroAddress) await mined(w.suite.venues.connect(w.governor).setAmlLimits(aml));
  const receipt = await mined(aml.connect(a.regulator).createPolicy(w.nodes.root));
  const policy = eventIn(aml.interface, receipt, "LimitsPolicyCreated").args.policyId as bigint;
  const identity = await w.suite.registry.identityOf(a.carol.address);
  const classes = Number((await w.suite.registry.identity(identity)).classes);
  // The cap for each of Carol's classes (an identity gets the most permissive of its classes' limits).
  for (let bit = 1; bit <= 8; bit <<= 1) {
    if (classes & bit)
      await mined(aml.connect(a.regulator).setLimit(policy, usd!, bit, LimitKind.DepositPerDay, USD(10_000)));
  }
  const venue = (await ethers.getContractAt("ILimitsAttachable", exchange!)) as unknown as ILimitsAttachable;
  await mined(venue.connect(a.regulator).setLimits(aml, policy));
  n.check(
    (await venue.limitsAttachment())[1] === policy,
    `Regulator X attaches limits policy #${policy} to the venue: USD deposits capped at 10,000 per identity per 24 h`,
  );

  await mined(usd!.mint(a.carol.address, USD(30_000)));
  await mined(usd!.connect(a.carol).approve(await exchange!.getAddress(), USD(30_000)));
  for (let i = 0; i < 2; i++) await mined(exchange!.connect(a.carol).deposit(usd!, USD(4_500)));
  n.note("Carol deposits 4,500 USD twice (each under the cap), then tries a third time");
  const refusal = await n.refused(
    "a third deposit would pass the identity's rolling 24-hour deposit cap",
    () => exchange!.connect(a.carol).deposit(usd!, USD(4_500)),
    "DailyDepositCapExceeded",
    { token: await usd!.getAddress(), wallet: a.carol.address, action: "deposit" },
  );
  const [cap, used, allowedNow, next] = await aml.headroom(
    exchange!,
    policy,
    0,
    identity,
    usd!,
    LimitKind.DepositPerDay,
  );
  console.log(
    table(
      ["window", "cap", "used", "fits now", "next release"],
      [["DepositPerDay", amount(cap, 18), amount(used, 18), amount(allowedNow, 18), isoDate(next)]],
    ),
  );
  n.check(refusal.name === "DailyDepositCapExceeded" && allowedNow === USD(1_000), "1,000 USD still fits today");
  await mined(exchange!.connect(a.carol).deposit(usd!, allowedNow));
  n.check(true, "a deposit of what fits goes through");
  await mined(venue.connect(a.regulator).setLimits(ethers.ZeroAddress, 0));
  n.check((await venue.limitsAttachment())[0] === ethers.ZeroAddress, "the regulator detaches the policy again");
}
