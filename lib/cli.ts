/**
 * The one library every operations task uses: deployments, signers, times, sending transactions, and explaining
 * failures in plain words. Tasks parse their arguments, call this, and print; nothing here is task-specific.
 *
 * Only type imports from typechain-types: tasks are loaded with hardhat.config.ts, before anything is compiled.
 */
import fs from "node:fs";
import path from "node:path";
import { Interface, type ContractTransactionResponse, type ErrorDescription, type Signer } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AuthorityTree } from "../typechain-types";
import { entryOf } from "./errors";
import { parseDuration } from "./time";

const PLUGIN = "exchange-cli";

/** A failure to show the user as it is, without a stack trace. */
export function cliError(message: string): HardhatPluginError {
  return new HardhatPluginError(PLUGIN, message);
}

/** The address of contract `name` deployed on the current network (hardhat-deploy's deployments/<network>/). */
export async function deploymentAddress(hre: HardhatRuntimeEnvironment, name: string): Promise<string> {
  const deployment = await hre.deployments.getOrNull(name);
  if (!deployment) {
    throw cliError(
      `No ${name} is deployed on network "${hre.network.name}". Deploy the suite first: ` +
        `npx hardhat deploy --network ${hre.network.name}`,
    );
  }
  return deployment.address;
}

/** Contract `name` at its deployment on this network, connected to `signer` (or the provider). */
export async function deployed<T>(hre: HardhatRuntimeEnvironment, name: string, signer?: Signer): Promise<T> {
  const contract = await hre.ethers.getContractAt(name, await deploymentAddress(hre, name));
  return (signer ? contract.connect(signer) : contract) as unknown as T;
}

/**
 * The account a task acts as: `from` is an index into the network's configured accounts (default 0) or one of their
 * addresses. Remote networks configure exactly the key from their environment variable.
 */
export async function signerFor(hre: HardhatRuntimeEnvironment, from?: string): Promise<Signer> {
  const signers = await hre.ethers.getSigners();
  if (signers.length === 0) throw cliError(`Network "${hre.network.name}" has no accounts configured`);
  if (from === undefined || from === "") return signers[0];
  if (/^\d+$/.test(from)) {
    const index = Number(from);
    if (index >= signers.length) {
      throw cliError(`--from ${from}: network "${hre.network.name}" has ${signers.length} account(s)`);
    }
    return signers[index];
  }
  const match = signers.find((s) => s.address.toLowerCase() === from.toLowerCase());
  if (!match) throw cliError(`--from ${from} is not one of the accounts configured for "${hre.network.name}"`);
  return match;
}

/**
 * A point in time, in seconds: an ISO date ("2027-06-30" or "2027-06-30T12:00:00Z"), a duration from `now` ("30d",
 * "12h", "90m"), or seconds since 1970.
 */
export function parseWhen(text: string, now: number): number {
  const trimmed = text.trim();
  if (/^\d{9,}$/.test(trimmed)) return Number(trimmed);
  if (/^\d+\s*[smhdw]$/i.test(trimmed)) return now + parseDuration(trimmed);
  const ms = Date.parse(trimmed);
  if (Number.isNaN(ms)) {
    throw cliError(`Cannot read the time "${text}": use an ISO date (2027-06-30), a duration (30d) or seconds`);
  }
  return Math.floor(ms / 1000);
}

/** An address given on the command line, checksummed; a mixed-case typo is refused rather than guessed. */
export function parseAddress(hre: HardhatRuntimeEnvironment, text: string, what: string): string {
  try {
    return hre.ethers.getAddress(text.trim());
  } catch {
    throw cliError(`${what} "${text}" is not an address (or its mixed-case checksum is wrong)`);
  }
}

/** A readable bytes32 reason from free text (at most 31 bytes). */
export function reasonBytes(hre: HardhatRuntimeEnvironment, text: string): string {
  if (Buffer.byteLength(text, "utf8") > 31) throw cliError(`The reason "${text}" is longer than 31 bytes`);
  return hre.ethers.encodeBytes32String(text);
}

/** A decoded custom error: its name, its arguments, what it means (arguments filled in) and what to do about it. */
type Explained = { name: string; args: string; words: string; remedy: string };

/**
 * Every custom error of the suite, decoded with the ABIs from the compiler's build info and explained with the error
 * catalogue (lib/errors/catalogue.ts, the source docs/errors.md is generated from); an error the catalogue
 * does not know yet falls back to its NatSpec sentence.
 */
export class ErrorCatalogue {
  private constructor(
    private readonly iface: Interface,
    private readonly notices: Map<string, string>,
  ) {}

  static load(hre: HardhatRuntimeEnvironment): ErrorCatalogue {
    const dir = path.join(hre.config.paths.artifacts, "build-info");
    const fragments = new Map<string, object>();
    const notices = new Map<string, string>();
    // Oldest first, so that what the latest compilation says wins over leftovers of earlier ones.
    const files = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
      .map((file) => ({ file, mtime: fs.statSync(path.join(dir, file)).mtimeMs }))
      .sort((x, y) => x.mtime - y.mtime)
      .map((x) => x.file);
    for (const file of files) {
      const info = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
      for (const contracts of Object.values(info.output?.contracts ?? {}) as object[]) {
        for (const c of Object.values(contracts) as { abi?: { type: string }[]; userdoc?: { errors?: object } }[]) {
          for (const item of c.abi ?? []) {
            if (item.type !== "error") continue;
            const key = JSON.stringify(item);
            fragments.set(key, item);
          }
          for (const [signature, docs] of Object.entries(c.userdoc?.errors ?? {})) {
            const notice = (docs as { notice?: string }[])[0]?.notice;
            if (notice) notices.set(signature, notice);
          }
        }
      }
    }
    // The same error may be declared by several contracts; keep one fragment per signature.
    const bySignature = new Map<string, object>();
    for (const f of fragments.values()) {
      const sig = Interface.from([f]).fragments[0].format("sighash");
      bySignature.set(sig, f);
    }
    return new ErrorCatalogue(Interface.from([...bySignature.values()]), notices);
  }

  /** The custom error inside a failed call, as name, arguments and the contract's own sentence, if known. */
  explain(error: unknown): Explained | undefined {
    const data = findRevertData(error);
    if (!data) return undefined;
    let parsed: ErrorDescription | null = null;
    try {
      parsed = this.iface.parseError(data);
    } catch {
      return undefined;
    }
    if (!parsed) return undefined;
    const values = new Map<string, string>();
    const args = parsed.fragment.inputs
      .map((input, i) => {
        const value = show(parsed!.args[i]);
        values.set(input.name, value);
        return `${input.name}=${value}`;
      })
      .join(", ");
    const entry = entryOf(parsed.signature, parsed.name);
    const meaning = entry?.meaning ?? this.notices.get(parsed.signature) ?? "";
    const fill = (text: string) => text.replace(/`(\w+)`/g, (whole, name: string) => values.get(name) ?? whole);
    return { name: parsed.name, args, words: fill(meaning), remedy: fill(entry?.remedy ?? "") };
  }
}

function show(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  return String(value);
}

function findRevertData(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== "object" || depth > 6) return undefined;
  const e = error as { data?: unknown; error?: unknown; info?: { error?: unknown }; cause?: unknown };
  if (typeof e.data === "string" && e.data.startsWith("0x") && e.data.length >= 10) return e.data;
  if (e.data && typeof e.data === "object") {
    const nested = (e.data as { data?: unknown }).data;
    if (typeof nested === "string" && nested.startsWith("0x")) return nested;
  }
  return (
    findRevertData(e.error, depth + 1) ?? findRevertData(e.info?.error, depth + 1) ?? findRevertData(e.cause, depth + 1)
  );
}

/** The failure of a call as one plain message: the contract's error name, arguments and sentence. */
export function describeFailure(hre: HardhatRuntimeEnvironment, error: unknown): string {
  const explained = ErrorCatalogue.load(hre).explain(error);
  if (explained) {
    return (
      `${explained.name}(${explained.args})` +
      (explained.words ? `\n  ${explained.words}` : "") +
      (explained.remedy ? `\n  What to do: ${explained.remedy}` : "")
    );
  }
  const message = (error as { shortMessage?: string; message?: string }).shortMessage ?? String(error);
  return message;
}

/**
 * Send a transaction, wait for it, and print one line. A failure is decoded to the contract's custom error and shown
 * in plain words instead of a stack trace.
 */
export async function send(
  hre: HardhatRuntimeEnvironment,
  label: string,
  tx: () => Promise<ContractTransactionResponse>,
  quiet = false,
) {
  try {
    const response = await tx();
    const receipt = await response.wait();
    if (!receipt) throw cliError(`${label}: no receipt`);
    if (!quiet)
      console.log(`${label}: done in tx ${receipt.hash} (block ${receipt.blockNumber}, gas ${receipt.gasUsed})`);
    return receipt;
  } catch (error) {
    if (error instanceof HardhatPluginError) throw error;
    throw cliError(`${label} refused: ${describeFailure(hre, error)}`);
  }
}

/** The first log of `receipt` named `event`, parsed with `iface`. */
export function eventIn(
  iface: Interface,
  receipt: { logs: readonly { topics: readonly string[]; data: string }[] },
  event: string,
) {
  for (const log of receipt.logs) {
    try {
      const parsed = iface.parseLog(log);
      if (parsed?.name === event) return parsed;
    } catch {
      // another contract's log
    }
  }
  throw cliError(`expected a ${event} event in the receipt`);
}

/** Print `data` as JSON when asked, else the human rendering. */
export function output(json: boolean, data: unknown, render: () => string): void {
  if (json) console.log(JSON.stringify(data, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2));
  else console.log(render());
}

/** The chain's time in seconds (the tree's clock, in the network's unit already converted). */
export async function chainNow(hre: HardhatRuntimeEnvironment): Promise<number> {
  const tree = await deployed<AuthorityTree>(hre, "AuthorityTree");
  return Number(await tree.currentTime());
}

/** A positive integer id given on the command line. */
export function parseId(text: string, what: string): bigint {
  if (!/^\d+$/.test(String(text).trim()) || BigInt(text) === 0n) throw cliError(`${what} "${text}" is not an id`);
  return BigInt(text);
}

/** A comma-separated list of positive integers ("1,2"); empty text is the empty list. */
export function parseIdList(text: string, what: string): bigint[] {
  return text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((t) => parseId(t, what));
}
