/**
 * Sanctions tasks (issue 16): a root's account, or the account of a node under it holding SANCTIONS, lists and lifts
 * wallets and identities on that root's sanctions list (kept by the authority tree); anyone lists the entries, rebuilt
 * from the tree's events and read back from its views. Refusals are explained through lib/errors/explain.ts.
 *
 *   npx hardhat sanctions:add --root 1 --wallet 0x… --reason "OFAC SDN 2026-12" --from <officer>
 *   npx hardhat sanctions:add --root 1 --identity 7 --reason 0x<32-byte hash> --from <officer>
 *   npx hardhat sanctions:remove --root 1 --wallet 0x… --from <officer at the listing rank or above>
 *   npx hardhat sanctions:list [--root 1] [--all] [--json]
 */
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AuthorityTree, IdentityRegistry } from "../typechain-types";
import {
  cliError,
  deployed,
  output,
  parseId,
  reasonBytes,
  resolveAccount,
  send,
  signerFor,
  writeTask,
} from "../lib/cli";
import { rebuildSanctions, type RebuiltSanction } from "../lib/replay/sanctions";

const ZERO = "0x0000000000000000000000000000000000000000";

/** The party named by --wallet or --identity (exactly one). */
async function partyArg(hre: HardhatRuntimeEnvironment, args: { wallet?: string; identity?: string }) {
  if (!args.wallet === !args.identity) throw cliError("Give either --wallet <address> or --identity <id>");
  if (args.identity) return { wallet: ZERO, identityId: parseId(args.identity, "--identity") };
  return { wallet: await resolveAccount(hre, args.wallet!, "--wallet"), identityId: 0n };
}

/** A reason: a 32-byte hash as given, or short text (at most 31 bytes) stored as text. */
function reasonArg(hre: HardhatRuntimeEnvironment, text: string): string {
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) return text;
  if (!text) throw cliError("Give --reason (a short text or a 32-byte hash of the decision)");
  return reasonBytes(hre, text);
}

/** A reason for people: the text when it is one, else the hash. */
function showReason(hre: HardhatRuntimeEnvironment, reason: string): string {
  try {
    const text = hre.ethers.decodeBytes32String(reason);
    if (/^[\x20-\x7e]+$/.test(text)) return `"${text}"`;
  } catch {
    // a hash, not text
  }
  return reason;
}

const describe = (wallet: string, identityId: bigint) =>
  identityId !== 0n && wallet === ZERO ? `identity #${identityId}` : `wallet ${wallet}`;

for (const [name, what] of [
  [
    "add",
    "Root or SANCTIONS holder: list a wallet or an identity on the root's sanctions list (effect at once on every " +
      "venue and token trusting the root; a higher rank takes a lower one's entry over)",
  ],
  [
    "remove",
    "Root or SANCTIONS holder at the listing rank or above: lift an entry (lower ranks may not list the party again)",
  ],
] as const) {
  const t = writeTask(`sanctions:${name}`, what)
    .addParam("root", "the root whose list it is", undefined, types.string)
    .addOptionalParam("wallet", "the wallet: index, address or label (registered or not); this or --identity")
    .addOptionalParam("identity", "or the identity id", undefined, types.string);
  if (name === "add") t.addOptionalParam("reason", "a short reason (at most 31 bytes) or a 32-byte hash", "");
  t.addOptionalParam(
    "from",
    "account index, address or label to act as (the root or a SANCTIONS holder)",
    "0",
  ).setAction(async (args, hre) => {
    const signer = await signerFor(hre, args.from);
    const tree = await deployed<AuthorityTree>(hre, "AuthorityTree", signer);
    const root = parseId(args.root, "--root");
    const { wallet, identityId } = await partyArg(hre, args);
    const label = `${name === "add" ? "list" : "lift"} ${describe(wallet, identityId)} under root #${root}`;
    if (name === "add") {
      const registry = await deployed<IdentityRegistry>(hre, "IdentityRegistry");
      const reason = reasonArg(hre, args.reason);
      await send(hre, label, () => tree.addSanction(root, wallet, identityId, reason, registry));
    } else {
      await send(hre, label, () => tree.liftSanction(root, wallet, identityId));
    }
    return { root, wallet, identityId };
  });
}

task("sanctions:list", "Anyone: the sanctions entries (rebuilt from the tree's events, read back from its views)")
  .addOptionalParam("root", "only this root's list", undefined, types.string)
  .addFlag("all", "also show lifted entries (with the rank that lifted them)")
  .addFlag("json", "print JSON")
  .setAction(async (args, hre) => {
    const tree = await deployed<AuthorityTree>(hre, "AuthorityTree");
    const logs = await hre.ethers.provider.getLogs({ address: await tree.getAddress(), fromBlock: 0 });
    const rebuilt = rebuildSanctions(tree.interface, logs);
    const only = args.root ? parseId(args.root, "--root") : undefined;
    const rows: (RebuiltSanction & { onChain: boolean })[] = [];
    for (const r of rebuilt.entries.values()) {
      if (only !== undefined && r.root !== only) continue;
      const e = await tree.sanctionEntry(r.root, r.wallet, r.identityId);
      // The view is the truth; the events only say which parties to ask about.
      const row = { ...r, reason: e.reason, node: e.node, rank: e.rank, listed: e.listed, cleared: e.cleared };
      if (row.listed || args.all) rows.push({ ...row, clearedRank: e.clearedRank, onChain: true });
    }
    output(args.json, rows, () => {
      if (rows.length === 0) return only === undefined ? "no sanctions entries" : `no entries under root #${only}`;
      return rows
        .map((r) =>
          r.listed
            ? `root #${r.root}: ${describe(r.wallet, r.identityId)} listed by node #${r.node} (rank ${r.rank}), reason ${showReason(hre, r.reason)}`
            : `root #${r.root}: ${describe(r.wallet, r.identityId)} lifted by node #${r.node} at rank ${r.clearedRank} (lower ranks may not list it again)`,
        )
        .join("\n");
    });
    return rows;
  });
