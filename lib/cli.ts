/**
 * The one library every operations task uses: deployments, signers, times, sending transactions, and explaining
 * failures in plain words. Tasks parse their arguments, call this, and print; nothing here is task-specific.
 *
 * Only type imports from typechain-types: tasks are loaded with hardhat.config.ts, before anything is compiled.
 */
import fs from "node:fs";
import path from "node:path";
import { inspect } from "node:util";
import {
  AbstractSigner,
  Interface,
  Wallet,
  type ContractTransactionResponse,
  type ErrorDescription,
  type Provider,
  type Signer,
  type TransactionRequest,
  type TypedDataDomain,
  type TypedDataField,
} from "ethers";
import { task } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import type { ConfigurableTaskDefinition, HardhatRuntimeEnvironment } from "hardhat/types";
import type { AuthorityTree } from "../typechain-types";
import { entryOf } from "./errors";
import {
  errorInterface,
  explainRefusal,
  formatRefusal,
  revertData,
  type Refusal,
  type RefusalContext,
} from "./errors/explain";
import { NETWORKS, timeUnitOf } from "./networks";
import { DEFAULT_PAGE, queryEvents, type LogRange } from "./replay/fetch";
import { parseDuration } from "./time";

const PLUGIN = "exchange-cli";

/**
 * A failure shown as it is: no stack trace after it, whatever environment Hardhat believes it runs in (it prints a
 * trace for every error on CI and on a Linux machine without a display), unless --show-stack-traces asks for one.
 * A refusal decoded from the chain carries it as `refusal`.
 */
export class CliError extends HardhatPluginError {
  constructor(
    message: string,
    readonly refusal?: Refusal,
  ) {
    super(PLUGIN, message);
    // HardhatPluginError sets its own prototype; keep this class's, so that the trace stays hidden.
    Object.setPrototypeOf(this, new.target.prototype);
  }

  [inspect.custom](): string {
    return process.argv.includes("--show-stack-traces") ? (this.stack ?? this.message) : "";
  }
}

/** A failure to show the user as it is, without a stack trace. */
export function cliError(message: string): CliError {
  return new CliError(message);
}

/** Whether a JSON-RPC node answers at `url` within `patienceMs`. */
async function answers(url: string, patienceMs: number): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(patienceMs),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * What to do when nothing is deployed: on the in-process network, deploying cannot help (it starts empty on every
 * command), so name --network localhost when a node answers there (at `local`, the localhost network's URL, within
 * `patienceMs`: a command should not wait long for its advice), else how to start one.
 */
export async function notDeployedAdvice(
  hre: HardhatRuntimeEnvironment,
  what: string,
  local: string = NETWORKS.localhost.url!,
  patienceMs = 500,
): Promise<string> {
  const network = hre.network.name;
  if (network !== "hardhat")
    return `${what} on network "${network}". Deploy the suite first: npx hardhat deploy --network ${network}`;
  const head =
    `${what} on the in-process network "hardhat", which starts empty on every command (nothing deployed there ` +
    `survives it).`;
  if (await answers(local, patienceMs))
    return `${head} A node answers at ${local}: add --network localhost to the command.`;
  return (
    `${head} Start a node (npx hardhat node), which deploys the suite, and add --network localhost to every command ` +
    `(or run npm run demo -- --network localhost to fill it).`
  );
}

/** The address of contract `name` deployed on the current network (hardhat-deploy's deployments/<network>/). */
export async function deploymentAddress(hre: HardhatRuntimeEnvironment, name: string): Promise<string> {
  const deployment = await hre.deployments.getOrNull(name);
  if (!deployment) throw cliError(await notDeployedAdvice(hre, `No ${name} is deployed`));
  return deployment.address;
}

/** Contract `name` at its deployment on this network, connected to `signer` (or the provider). */
export async function deployed<T>(hre: HardhatRuntimeEnvironment, name: string, signer?: Signer): Promise<T> {
  const contract = await hre.ethers.getContractAt(name, await deploymentAddress(hre, name));
  return (signer ? contract.connect(signer) : contract) as unknown as T;
}

/** Set while a write task runs with --force: its transactions are sent without being simulated first. */
let forcing = false;

/**
 * A signer that simulates every transaction (eth_call, with the same sender, data and value) before sending it, so
 * that a refusal is reported before anything is mined; with --force it sends at once.
 */
export class SimulatingSigner extends AbstractSigner {
  constructor(
    readonly inner: Signer,
    provider: Provider | null = inner.provider,
  ) {
    super(provider);
  }

  getAddress(): Promise<string> {
    return this.inner.getAddress();
  }

  connect(provider: Provider | null): SimulatingSigner {
    return new SimulatingSigner(this.inner.connect(provider), provider);
  }

  signTransaction(tx: TransactionRequest): Promise<string> {
    return this.inner.signTransaction(tx);
  }

  signMessage(message: string | Uint8Array): Promise<string> {
    return this.inner.signMessage(message);
  }

  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string> {
    return this.inner.signTypedData(domain, types, value);
  }

  async sendTransaction(tx: TransactionRequest) {
    if (!this.provider) return this.inner.sendTransaction(tx);
    if (!forcing) {
      const from = await this.getAddress();
      const { gasLimit, ...call } = tx;
      void gasLimit; // the node's own cap: a transaction's fixed gas limit must not fail the simulation
      try {
        await this.provider.call({ ...call, from });
      } catch (error) {
        // Keep what was called: the explanation names the contract that refused (Hardhat's errors do not).
        if (error && typeof error === "object" && !("transaction" in error)) {
          Object.assign(error, { transaction: { to: call.to, from, data: call.data } });
        }
        throw error;
      }
      return this.inner.sendTransaction(tx);
    }
    // --force: a fixed gas limit, so that no gas estimate (which would refuse too) stands in the way.
    if (tx.gasLimit === undefined || tx.gasLimit === null) {
      const block = await this.provider.getBlock("latest");
      const cap = block ? block.gasLimit : 16_777_216n;
      return this.inner.sendTransaction({ ...tx, gasLimit: cap < 16_777_216n ? cap : 16_777_216n });
    }
    return this.inner.sendTransaction(tx);
  }
}

/** Private keys recorded for development networks only (the demo's fresh actors), by lower-cased address. */
function recordedKeys(hre: HardhatRuntimeEnvironment): Map<string, string> {
  return new Map(Object.entries(readLabelRecord(hre).keys ?? {}).map(([a, k]) => [a.toLowerCase(), k]));
}

/**
 * An account given on the command line: an index into the network's configured accounts, an address, or a label
 * recorded for this network (deployments/<network>/labels.json; the demo records its actors). Case-insensitive.
 */
export async function resolveAccount(hre: HardhatRuntimeEnvironment, text: string, what: string): Promise<string> {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const signers = await hre.ethers.getSigners();
    const index = Number(trimmed);
    if (index >= signers.length) {
      throw cliError(`${what} ${trimmed}: network "${hre.network.name}" has ${signers.length} account(s)`);
    }
    return signers[index].address;
  }
  if (/^0x/i.test(trimmed)) return parseAddress(hre, trimmed, what);
  const matches = [...readLabels(hre)].filter(([, label]) => label.toLowerCase() === trimmed.toLowerCase());
  if (matches.length === 1) return hre.ethers.getAddress(matches[0][0]);
  if (matches.length > 1) {
    throw cliError(`${what} "${text}" names ${matches.length} accounts: ${matches.map(([a]) => a).join(", ")}`);
  }
  const known = [...new Set(readLabels(hre).values())];
  throw cliError(
    `${what} "${text}" is not an account index, an address or a label recorded for "${hre.network.name}"` +
      (known.length ? ` (labels: ${known.slice(0, 12).join(", ")}${known.length > 12 ? ", ..." : ""})` : ""),
  );
}

/**
 * The account a task acts as: `from` is an index into the network's configured accounts (default 0), one of their
 * addresses, or a recorded label (whose key the network configures, or, on a development network, the demo
 * recorded). Remote networks configure exactly the key from their environment variable. The signer simulates every
 * transaction before sending it (SimulatingSigner).
 */
export async function signerFor(hre: HardhatRuntimeEnvironment, from?: string): Promise<Signer> {
  const signers = await hre.ethers.getSigners();
  if (signers.length === 0) throw cliError(`Network "${hre.network.name}" has no accounts configured`);
  if (from === undefined || from === "") return new SimulatingSigner(signers[0]);
  const address = await resolveAccount(hre, from, "--from");
  const match = signers.find((s) => s.address.toLowerCase() === address.toLowerCase());
  if (match) return new SimulatingSigner(match);
  const key = recordedKeys(hre).get(address.toLowerCase());
  if (key) return new SimulatingSigner(new Wallet(key, hre.ethers.provider));
  throw cliError(`--from ${from} (${address}) is not one of the accounts configured for "${hre.network.name}"`);
}

/** The address `signerFor` acts as. */
export async function addressOf(signer: Signer): Promise<string> {
  return signer.getAddress();
}

/**
 * A task that writes to the chain: it takes --force, which sends its transactions even when the simulation refuses
 * them (paying for a failed transaction, e.g. to have it on record).
 */
export function writeTask(name: string, description: string): ConfigurableTaskDefinition {
  const definition = task(name, description).addFlag(
    "force",
    "send even when the simulation says the chain refuses (a failed transaction is mined and paid for)",
  );
  const setAction = definition.setAction.bind(definition);
  definition.setAction = ((
    action: (args: { force?: boolean }, hre: HardhatRuntimeEnvironment, runSuper: unknown) => Promise<unknown>,
  ) =>
    setAction(async (args: { force?: boolean }, hre: HardhatRuntimeEnvironment, runSuper: unknown) => {
      const before = forcing;
      forcing = Boolean(args.force);
      try {
        return await action(args, hre, runSuper);
      } finally {
        forcing = before;
      }
    })) as typeof definition.setAction;
  return definition;
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
 * catalogue (lib/errors/catalogue.ts, the source docs/errors.md is generated from), with the raw arguments; an error
 * the catalogue does not know yet falls back to its NatSpec sentence. Refusals shown to users go through
 * `describeFailure` (lib/errors/explain.ts: human units, subject, cause), which this does not read the chain for.
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
    return new ErrorCatalogue(errorInterface([[...fragments.values()] as { type: string }[]]), notices);
  }

  /** The custom error inside a failed call, as name, arguments and the contract's own sentence, if known. */
  explain(error: unknown): Explained | undefined {
    const data = revertData(error);
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

let suiteErrors: Interface | undefined;

/** Every custom error in the compiled artifacts (the suite's, OpenZeppelin's, the test tokens'), read once. */
export function suiteErrorInterface(hre: HardhatRuntimeEnvironment): Interface {
  if (suiteErrors) return suiteErrors;
  const abis: { type: string }[][] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".json") && !entry.name.endsWith(".dbg.json") && !full.includes("build-info")) {
        const abi = (JSON.parse(fs.readFileSync(full, "utf8")) as { abi?: { type: string }[] }).abi;
        if (Array.isArray(abi)) abis.push(abi);
      }
    }
  };
  walk(hre.config.paths.artifacts);
  suiteErrors = errorInterface(abis);
  return suiteErrors;
}

/**
 * The record of names for this network's accounts: deployments/<network>/.labels.json, beside hardhat-deploy's
 * records (its leading dot keeps hardhat-deploy from reading it as a deployment). The in-process network keeps its
 * record in memory, as hardhat-deploy does its deployments: its chain starts empty on every run.
 */
export function labelsFile(hre: HardhatRuntimeEnvironment): string {
  return path.join(hre.config.paths.root, "deployments", hre.network.name, ".labels.json");
}

type LabelRecord = { accounts?: Record<string, string>; keys?: Record<string, string> };
const inProcessLabels: LabelRecord = {};

/** The whole label record of this network. */
export function readLabelRecord(hre: HardhatRuntimeEnvironment): LabelRecord {
  if (hre.network.name === "hardhat") return inProcessLabels;
  const file = labelsFile(hre);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as LabelRecord) : {};
}

/** Replace the label record of this network. */
export function writeLabelRecord(hre: HardhatRuntimeEnvironment, record: LabelRecord): void {
  if (hre.network.name === "hardhat") {
    inProcessLabels.accounts = record.accounts;
    inProcessLabels.keys = record.keys;
    return;
  }
  const file = labelsFile(hre);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(record, null, 2) + "\n");
}

/** The names recorded for this network's accounts (the demo records its actors; --label on grants adds more). */
export function readLabels(hre: HardhatRuntimeEnvironment): Map<string, string> {
  return new Map(Object.entries(readLabelRecord(hre).accounts ?? {}).map(([a, l]) => [a.toLowerCase(), l]));
}

/** Record names for accounts of this network (merged with those already recorded). */
export function writeLabels(hre: HardhatRuntimeEnvironment, names: Map<string, string> | Record<string, string>): void {
  const record = readLabelRecord(hre);
  const accounts = { ...(record.accounts ?? {}) };
  for (const [address, label] of names instanceof Map ? names : Object.entries(names)) {
    // One label names one account: the latest holder of a name takes it over (e.g. a later demo run's "Alice").
    for (const [other, name] of Object.entries(accounts)) if (name === label) delete accounts[other];
    accounts[address.toLowerCase()] = label;
  }
  writeLabelRecord(hre, { ...record, accounts });
}

/** Chain ids of development chains: the in-process network, `hardhat node` and anvil (31337). */
export const DEVELOPMENT_CHAIN_IDS: readonly bigint[] = [31337n];

/**
 * Refuses, with `what` in the message, unless `chainId` is a development chain's: what only a throwaway chain may do
 * (a token anyone may mint, recorded private keys) never reaches a real network such as PlatON (chain id 210425).
 */
export function requireDevelopmentChain(chainId: bigint | number, networkName: string, what: string): void {
  if (!DEVELOPMENT_CHAIN_IDS.includes(BigInt(chainId))) {
    throw cliError(
      `${what}: only on development chains (chain id ${DEVELOPMENT_CHAIN_IDS.join(", ")}), not on "${networkName}" ` +
        `(chain id ${chainId})`,
    );
  }
}

/**
 * Record throwaway keys of this network's accounts (the demo's fresh actors), so that --from may name them. Only on a
 * development chain (chain id 31337: the in-process network, `hardhat node`, anvil); refused anywhere else.
 */
export async function writeDevelopmentKeys(
  hre: HardhatRuntimeEnvironment,
  keys: Record<string, string>,
): Promise<void> {
  const { chainId } = await hre.ethers.provider.getNetwork();
  requireDevelopmentChain(chainId, hre.network.name, "keys are recorded");
  const record = readLabelRecord(hre);
  const all = { ...(record.keys ?? {}) };
  for (const [address, key] of Object.entries(keys)) all[address.toLowerCase()] = key;
  writeLabelRecord(hre, { ...record, keys: all });
}

/** The suite's contracts, whose deployment block starts every whole-history log read. */
const SUITE_DEPLOYMENTS = ["AuthorityTree", "IdentityRegistry", "AssetRegistry", "PairRegistry", "Exchange"];

/**
 * How the CLI reads past events on this network: from the block the suite was deployed in (the earliest recorded
 * deployment receipt of its contracts; 0 when none is recorded), in pages of LOG_PAGE blocks (default
 * DEFAULT_PAGE, 2,000: what public RPCs such as PlatON's accept for one eth_getLogs request).
 */
export async function logRange(hre: HardhatRuntimeEnvironment): Promise<LogRange> {
  const page =
    process.env.LOG_PAGE === undefined || process.env.LOG_PAGE === "" ? DEFAULT_PAGE : Number(process.env.LOG_PAGE);
  if (!Number.isInteger(page) || page < 1)
    throw cliError(`LOG_PAGE=${process.env.LOG_PAGE} is not a positive number of blocks`);
  let fromBlock: number | undefined;
  for (const name of SUITE_DEPLOYMENTS) {
    const block = (await hre.deployments.getOrNull(name))?.receipt?.blockNumber;
    if (block !== undefined && (fromBlock === undefined || Number(block) < fromBlock)) fromBlock = Number(block);
  }
  return { fromBlock: fromBlock ?? 0, page };
}

/**
 * Every event `query(from, to)` reads (e.g. `(f, t) => tree.queryFilter(tree.filters.RootCreated(), f, t)`), from
 * the suite's deployment (or `blocks.fromBlock`) to the latest block (or `blocks.toBlock`), in pages (logRange): the
 * one way the CLI reads past logs.
 */
export async function pastEvents<L>(
  hre: HardhatRuntimeEnvironment,
  query: (fromBlock: number, toBlock: number) => Promise<L[]>,
  blocks: { fromBlock?: number; toBlock?: number } = {},
): Promise<L[]> {
  return queryEvents(hre.ethers.provider, query, { ...(await logRange(hre)), ...blocks });
}

/** What explains a refusal on this network: the provider, the recorded suite and venue, the labels. */
export async function refusalContext(
  hre: HardhatRuntimeEnvironment,
  about: Partial<RefusalContext> = {},
): Promise<RefusalContext> {
  const address = async (name: string) => (await hre.deployments.getOrNull(name))?.address;
  return {
    provider: hre.ethers.provider,
    timeUnit: timeUnitOf(hre.network.name),
    labels: readLabels(hre),
    logs: await logRange(hre),
    ...about,
    contracts: {
      tree: await address("AuthorityTree"),
      registry: await address("IdentityRegistry"),
      assets: await address("AssetRegistry"),
      pairs: await address("PairRegistry"),
      venue: await address("Exchange"),
      ...about.contracts,
    },
  };
}

/** The refusal inside a failed call, explained in the user's language; undefined for a failure without one. */
export async function explainFailure(
  hre: HardhatRuntimeEnvironment,
  error: unknown,
  about: Partial<RefusalContext> = {},
): Promise<Refusal | undefined> {
  return explainRefusal(suiteErrorInterface(hre), error, await refusalContext(hre, about));
}

/** The failure of a call as the terminal shows it: the decoded refusal (see formatRefusal), else the error's message. */
export async function describeFailure(
  hre: HardhatRuntimeEnvironment,
  error: unknown,
  what?: string,
  about: Partial<RefusalContext> = {},
): Promise<string> {
  const refusal = await explainFailure(hre, error, about);
  if (refusal) return formatRefusal(refusal, what);
  const message = (error as { shortMessage?: string; message?: string }).shortMessage ?? String(error);
  return what ? `${what} failed: ${message}` : message;
}

/**
 * Send a transaction, wait for it, and print one line. Every write is simulated first (the signers of signerFor
 * eth_call it before sending; `--force` skips that): a refusal costs nothing and is shown decoded, in human units,
 * with no stack trace. `about` names what the command is about (pair, token, action) for the explanation.
 */
export async function send(
  hre: HardhatRuntimeEnvironment,
  label: string,
  tx: () => Promise<ContractTransactionResponse>,
  options: boolean | { quiet?: boolean; about?: Partial<RefusalContext> } = false,
) {
  const { quiet = false, about = {} } = typeof options === "boolean" ? { quiet: options } : options;
  try {
    const response = await tx();
    const receipt = await response.wait();
    if (!receipt) throw cliError(`${label}: no receipt`);
    if (!quiet)
      console.log(`${label}: done in tx ${receipt.hash} (block ${receipt.blockNumber}, gas ${receipt.gasUsed})`);
    return receipt;
  } catch (error) {
    if (error instanceof HardhatPluginError) throw error;
    throw await refusalError(hre, error, label, about);
  }
}

/** The error a task throws for a failed call: the decoded refusal, shown without a stack trace. */
export async function refusalError(
  hre: HardhatRuntimeEnvironment,
  error: unknown,
  what: string,
  about: Partial<RefusalContext> = {},
): Promise<CliError> {
  const refusal = await explainFailure(hre, error, about);
  if (refusal) return new CliError(formatRefusal(refusal, what), refusal);
  const message = (error as { shortMessage?: string; message?: string }).shortMessage ?? String(error);
  return new CliError(`${what} failed: ${message}`);
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
