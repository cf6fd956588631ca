/**
 * AML limits (issue 16): policies of limits per asset and client class, their attachment to a venue or a native
 * token, and an identity's rolling windows at a venue.
 *
 *   npx hardhat limits:create --node N [--from ACCOUNT]
 *   npx hardhat limits:set --policy P --token USD --class RETAIL --kind DepositPerDay --value 10000 [--from ACCOUNT]
 *   npx hardhat limits:show --policy P [--token USD] [--json]
 *   npx hardhat limits:attach --policy P [--venue ADDRESS | --token BOND] [--detach] [--from ACCOUNT]
 *   npx hardhat limits:attach --root R (--policy P | --detach) [--venue ADDRESS] [--from ACCOUNT]
 *   npx hardhat limits:attach --sync (--venue ADDRESS | --root R)
 *   npx hardhat limits:usage --wallet W --token USD [--venue ADDRESS] [--json]
 *
 * Kinds: OrderNotional (quote units, applies where the token is a pair's quote), DepositPerDay, WithdrawPerDay
 * (rolling 24 hours per identity per venue, all its wallets together), Holding (a native token, per identity).
 * A root's policy (review M3, `--root`) binds every venue of the root, attached or not; a venue applies it from its
 * sync, which anyone may send: `--root` syncs every venue registered under the root (or `--venue`) after naming it.
 * A value of "none" removes a limit. Refusals are explained in words (lib/errors/explain.ts).
 * Only type imports from typechain-types (tasks load before compilation).
 */
import { task } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type {
  AmlLimits,
  Exchange,
  IdentityRegistry,
  ILimitsAttachable,
  IVenueLimits,
  VenueRegistry,
} from "../typechain-types";
import { ClientClass, type ClientClassName } from "../lib/classes";
import {
  cliError,
  deployed,
  eventIn,
  output,
  pastEvents,
  parseAddress,
  parseId,
  resolveAccount,
  send,
  signerFor,
  writeTask,
} from "../lib/cli";
import { table } from "../lib/demo";
import { BUCKET_SECONDS, LIMIT_KINDS, LimitKind, type LimitKindName } from "../lib/limits";
import { VENUE_DEPLOYMENT, resolveToken, tokenInfo } from "../lib/market";
import { Scope } from "../lib/scopes";
import { isoDate } from "../lib/time";
import { formatAmount, parsePositiveAmount } from "../lib/units";

function parseKind(text: string): number {
  const k = LIMIT_KINDS.find((n) => n.toLowerCase() === text.trim().toLowerCase());
  if (!k) throw cliError(`--kind must be one of ${LIMIT_KINDS.join(", ")}`);
  return LimitKind[k];
}

function parseClass(text: string): number {
  const c = (Object.keys(ClientClass) as ClientClassName[]).find((n) => n === text.trim().toUpperCase());
  if (!c) throw cliError(`--class must be one of ${Object.keys(ClientClass).join(", ")} (one class per limit)`);
  return ClientClass[c];
}

async function limitsAt(hre: HardhatRuntimeEnvironment, from?: string) {
  return deployed<AmlLimits>(hre, "AmlLimits", from === undefined ? undefined : await signerFor(hre, from));
}

async function venueAddress(hre: HardhatRuntimeEnvironment, venue?: string): Promise<string> {
  if (venue) return parseAddress(hre, venue, "--venue");
  const d = await hre.deployments.getOrNull(VENUE_DEPLOYMENT);
  if (!d) throw cliError("No venue is recorded: pass --venue <address>");
  return d.address;
}

writeTask(
  "limits:create",
  "Create an AML limits policy owned by a node of the authority tree (its account or an ancestor's)",
)
  .addParam("node", "the owner node's id")
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    const aml = await limitsAt(hre, args.from);
    const receipt = await send(hre, `create a limits policy of node #${args.node}`, () =>
      aml.createPolicy(parseId(args.node, "--node")),
    );
    const id = eventIn(aml.interface, receipt, "LimitsPolicyCreated").args.policyId as bigint;
    console.log(`limits policy #${id}`);
    return id;
  });

writeTask("limits:set", "Set (or with --value none remove) one limit of a policy, for one asset and one client class")
  .addParam("policy", "the limits policy id")
  .addParam("token", "the asset: its address or a registered asset's symbol")
  .addParam("class", "INSTITUTIONAL, ACCREDITED, PROFESSIONAL or RETAIL")
  .addParam("kind", LIMIT_KINDS.join(", "))
  .addParam("value", "in token units (OrderNotional: in the quote asset's units), or none")
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    const aml = await limitsAt(hre, args.from);
    const info = await tokenInfo(hre, await resolveToken(hre, args.token));
    const none = String(args.value).trim().toLowerCase() === "none";
    const value = none ? 0n : parsePositiveAmount(args.value, info.decimals, "--value");
    const kind = parseKind(args.kind);
    const label = `${none ? "remove" : "set"} ${args.kind} of ${info.symbol} for ${args.class}${none ? "" : ` to ${formatAmount(value, info.decimals)}`} in policy #${args.policy}`;
    await send(
      hre,
      label,
      () => aml.setLimit(parseId(args.policy, "--policy"), info.address, parseClass(args.class), kind, value),
      { about: { token: info.address } },
    );
  });

task("limits:show", "Show a limits policy: its owner node and every limit set in it (from its LimitSet events)")
  .addParam("policy", "the limits policy id")
  .addOptionalParam("token", "only this asset (address or symbol)")
  .addFlag("json", "print JSON")
  .setAction(async (args, hre) => {
    const aml = await limitsAt(hre);
    const policy = parseId(args.policy, "--policy");
    if (!(await aml.policyExists(policy))) throw cliError(`There is no limits policy #${policy}`);
    const only = args.token ? await resolveToken(hre, args.token) : undefined;
    const logs = await aml.queryFilter(aml.filters.LimitSet(policy));
    const seen = new Map<string, { token: string; classBit: number; kind: number }>();
    for (const l of logs) {
      const k = `${l.args.token}:${l.args.classBit}:${l.args.kind}`;
      if (!only || l.args.token.toLowerCase() === only.toLowerCase())
        seen.set(k, { token: l.args.token, classBit: Number(l.args.classBit), kind: Number(l.args.kind) });
    }
    const rows: {
      token: string;
      address: string;
      class: string;
      kind: string;
      value: string;
      rank: number;
      lifted: boolean;
    }[] = [];
    for (const { token, classBit, kind } of seen.values()) {
      const info = await tokenInfo(hre, token);
      const l = await aml.limit(policy, token, classBit, kind);
      rows.push({
        token: info.symbol,
        address: token,
        class: Object.entries(ClientClass).find(([, v]) => v === classBit)?.[0] ?? String(classBit),
        kind: LIMIT_KINDS[kind],
        value: l.value === 0n ? "none" : formatAmount(l.value, info.decimals),
        rank: Number(l.rank),
        lifted: l.lifted,
      });
    }
    const owner = await aml.policyOwner(policy);
    output(args.json, { policy, owner, limits: rows }, () =>
      [
        `limits policy #${policy}, owned by node #${owner}`,
        rows.length === 0
          ? "no limit set"
          : table(
              ["asset", "class", "kind", "limit", "set at depth", "last change"],
              rows.map((r) => [
                r.token,
                r.class,
                r.kind,
                r.value,
                r.rank,
                r.lifted ? "loosened (cleared-by mark)" : "set/tightened",
              ]),
            ),
      ].join("\n"),
    );
    return rows;
  });

/** The venues (EXCHANGE registrations) whose home root is `root`, from the venue registry's logs. */
async function venuesOf(hre: HardhatRuntimeEnvironment, root: bigint): Promise<string[]> {
  const registry = await deployed<VenueRegistry>(hre, "VenueRegistry");
  const logs = await pastEvents(hre, (f, t) =>
    registry.queryFilter(registry.filters.VenueRegistered(undefined, root), f, t),
  );
  const found: string[] = [];
  for (const l of logs) {
    const venue = l.args.venue;
    if (Number(l.args.scope) !== Scope.EXCHANGE || found.includes(venue)) continue;
    const v = (await hre.ethers.getContractAt("Exchange", venue)) as unknown as Exchange;
    if ((await v.HOME_ROOT().catch(() => undefined)) === root) found.push(venue);
  }
  return found;
}

/** Sync each of `venues` with its home root's policy (anyone may); returns whether each applies it now. */
async function syncVenues(hre: HardhatRuntimeEnvironment, venues: string[], from?: string) {
  const signer = await signerFor(hre, from);
  const rows: { venue: string; applies: boolean }[] = [];
  for (const venue of venues) {
    const v = (await hre.ethers.getContractAt("IVenueLimits", venue, signer)) as unknown as IVenueLimits;
    await send(hre, `sync venue ${venue} with its root's limits policy`, () => v.syncRootLimits());
    rows.push({ venue, applies: await v.rootLimitsApply() });
  }
  for (const r of rows) console.log(`venue ${r.venue}: ${r.applies ? "applies" : "does not apply"} its root's policy`);
  return rows;
}

writeTask(
  "limits:attach",
  "Attach a limits policy to a venue (operator or GOVERN of its home root) or a native token (issuer or above), or name a root's policy (--root: the root or its GOVERN holders), which every venue of the root applies",
)
  .addOptionalParam("policy", "the limits policy id (not with --detach)")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange, unless --token)")
  .addOptionalParam("token", "a native token (address or symbol) instead of a venue")
  .addOptionalParam(
    "root",
    "name --policy (a policy of the root node) this root's policy, or clear it with --detach; then sync the root's venues (or --venue)",
  )
  .addFlag("sync", "only sync --venue, or with --root every venue registered under it, with its root's policy")
  .addFlag("detach", "detach the current policy")
  .addOptionalParam("from", "account index, address or label to act as", "0")
  .setAction(async (args, hre) => {
    if (args.root !== undefined || args.sync) {
      if (args.token) throw cliError("--root and --sync concern venues, not --token");
      const root = args.root === undefined ? undefined : parseId(args.root, "--root");
      if (args.sync && (root === undefined) === (args.venue === undefined))
        throw cliError("--sync needs either --venue or --root");
      if (!args.sync) {
        if (args.detach === (args.policy !== undefined)) throw cliError("give either --policy or --detach");
        const aml = await limitsAt(hre, args.from);
        const policy = args.detach ? 0n : parseId(args.policy, "--policy");
        await send(
          hre,
          args.detach ? `clear root #${root}'s limits policy` : `name limits policy #${policy} root #${root}'s policy`,
          () => aml.setRootPolicy(root!, policy),
        );
      }
      const venues = args.venue ? [await venueAddress(hre, args.venue)] : await venuesOf(hre, root!);
      return syncVenues(hre, venues, args.from);
    }
    const signer = await signerFor(hre, args.from);
    const target = args.token ? await resolveToken(hre, args.token) : await venueAddress(hre, args.venue);
    const consumer = (await hre.ethers.getContractAt(
      "ILimitsAttachable",
      target,
      signer,
    )) as unknown as ILimitsAttachable;
    if (args.detach === (args.policy !== undefined)) throw cliError("give either --policy or --detach");
    const aml = await limitsAt(hre);
    const [limits, policy] = args.detach
      ? [hre.ethers.ZeroAddress, 0n]
      : [await aml.getAddress(), parseId(args.policy, "--policy")];
    const what = args.token ? `token ${args.token}` : `venue ${target}`;
    await send(hre, args.detach ? `detach the limits of ${what}` : `attach limits policy #${policy} to ${what}`, () =>
      consumer.setLimits(limits, policy),
    );
  });

task(
  "limits:usage",
  "An identity's rolling 24-hour deposit and withdrawal windows at a venue: used, headroom, next release",
)
  .addParam("wallet", "a wallet of the identity (index, address or label)")
  .addParam("token", "the asset (address or symbol)")
  .addOptionalParam("venue", "the venue's address (default: the recorded Exchange)")
  .addFlag("json", "print JSON")
  .setAction(async (args, hre) => {
    const aml = await limitsAt(hre);
    const registry = await deployed<IdentityRegistry>(hre, "IdentityRegistry");
    const wallet = await resolveAccount(hre, args.wallet, "--wallet");
    const identity = await registry.identityOf(wallet);
    if (identity === 0n) throw cliError(`${wallet} is bound to no identity`);
    const venue = await venueAddress(hre, args.venue);
    const consumer = (await hre.ethers.getContractAt("ILimitsAttachable", venue)) as unknown as ILimitsAttachable;
    const [, policy] = await consumer.limitsAttachment();
    // The home root's policy, when the venue applies it (review M3): the stricter of the two binds.
    const venueView = (await hre.ethers.getContractAt("Exchange", venue)) as unknown as Exchange;
    const venueLimits = (await hre.ethers.getContractAt("IVenueLimits", venue)) as unknown as IVenueLimits;
    const applies = await venueLimits.rootLimitsApply().catch(() => false);
    const root = applies ? await venueView.HOME_ROOT() : 0n;
    // The attached policy's withdrawal caps bind only when its owner ranks above the operator (M2; the audit's L5).
    const ownWithdrawals = await venueLimits.ownWithdrawalLimitsApply().catch(() => false);
    const info = await tokenInfo(hre, await resolveToken(hre, args.token));
    const rows: { kind: string; cap: bigint; used: bigint; allowedNow?: bigint; nextRelease: number }[] = [];
    for (const kind of ["DepositPerDay", "WithdrawPerDay"] as LimitKindName[]) {
      const [cap, used, allowedNow, nextRelease] = await aml.headroom(
        venue,
        kind === "WithdrawPerDay" && !ownWithdrawals ? 0n : policy,
        root,
        identity,
        info.address,
        LimitKind[kind],
      );
      rows.push({ kind, cap, used, allowedNow: cap === 0n ? undefined : allowedNow, nextRelease: Number(nextRelease) });
    }
    const f = (v: bigint) => formatAmount(v, info.decimals);
    output(args.json, { identity, venue, policy, root, token: info.address, rows }, () =>
      [
        `identity #${identity} at venue ${venue} (limits policy #${policy}${root === 0n ? "" : `, and root #${root}'s`}; windows of 24 h in buckets of ${BUCKET_SECONDS / 3600} h)`,
        table(
          ["window", "cap", "used", "fits now", "next release"],
          rows.map((r) => [
            r.kind,
            r.cap === 0n ? "none" : f(r.cap),
            f(r.used),
            r.allowedNow === undefined ? "unlimited" : f(r.allowedNow),
            r.nextRelease === 0 ? "-" : isoDate(r.nextRelease),
          ]),
        ),
      ].join("\n"),
    );
    return rows;
  });
