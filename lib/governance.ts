/**
 * The governor behind a multisig and a delay (issue 17): a Safe (2-of-3 for example) is the only proposer, executor
 * and canceller of an OpenZeppelin TimelockController, and the timelock is the authority tree's governor.
 *
 * Pure helpers, shared by deploy/009_governance.ts, tasks/governance.ts and the tests: the Safe's EIP-712
 * transaction (hash, owner signatures, the packed signature bytes execTransaction takes), the timelock's operation
 * (its id, the schedule / execute / cancel calls), the governance file an action travels in while owners sign it
 * offline, and words for what is pending. Nothing here reads a chain.
 */
import {
  AbiCoder,
  Interface,
  TypedDataEncoder,
  ZeroAddress,
  ZeroHash,
  getAddress,
  keccak256,
  verifyTypedData,
  type TypedDataDomain,
} from "ethers";
import fs from "node:fs";
import path from "node:path";
import type { Env } from "./signers";

// ---------------------------------------------------------------------------------------------------------------
// Configuration: which networks put the governor behind a Safe and a timelock
// ---------------------------------------------------------------------------------------------------------------

/** The governance stack a deployment builds: Safe owners and threshold, and the timelock's delay in seconds. */
export type GovernanceConfig = {
  owners: string[];
  threshold: number;
  delaySeconds: bigint;
  /** Existing Safe contracts of the network (its canonical deployments), when it has them; deployed otherwise. */
  singleton?: string;
  proxyFactory?: string;
  fallbackHandler?: string;
};

/** The value of GOVERNANCE that asks for the stack. */
export const GOVERNANCE_FLAG = "safe-timelock";
/** The delay a timelock gets when GOVERNANCE_DELAY does not set one: two days. */
export const DEFAULT_DELAY_SECONDS = 2n * 24n * 3600n;

/**
 * The shortest timelock delay a governed (production) network accepts: one day, in seconds (deploy/009 converts it to
 * the chain's unit, milliseconds on PlatON). Shorter leaves owners no time to see and cancel a hostile operation.
 */
export const MIN_GOVERNED_DELAY_SECONDS = 24n * 3600n;

/**
 * The governance stack `networkName` asks for, or undefined for a plain governor account. A network asks for it when
 * `governedByDefault` (the production networks) or when GOVERNANCE=safe-timelock; GOVERNANCE=plain turns it off.
 * GOVERNANCE_SAFE_OWNERS (comma-separated addresses) is then required; GOVERNANCE_SAFE_THRESHOLD (default 2),
 * GOVERNANCE_DELAY (seconds, default two days) and SAFE_SINGLETON / SAFE_PROXY_FACTORY / SAFE_FALLBACK_HANDLER
 * (a network's existing Safe contracts) are optional. A governed network refuses a threshold below 2 and a delay below
 * MIN_GOVERNED_DELAY_SECONDS (review L6); a network asking with GOVERNANCE=safe-timelock (tests, a local chain) may use
 * any.
 */
export function governanceConfig(env: Env, governedByDefault = false): GovernanceConfig | undefined {
  const flag = env.GOVERNANCE?.trim();
  if (flag !== undefined && flag !== "" && flag !== GOVERNANCE_FLAG && flag !== "plain") {
    throw new Error(`GOVERNANCE must be "${GOVERNANCE_FLAG}" or "plain", not "${flag}"`);
  }
  if (flag === "plain" || (!governedByDefault && flag !== GOVERNANCE_FLAG)) return undefined;
  const ownersText = env.GOVERNANCE_SAFE_OWNERS?.trim();
  if (!ownersText) {
    throw new Error("Set GOVERNANCE_SAFE_OWNERS: the Safe's owners, comma-separated addresses (e.g. three for 2-of-3)");
  }
  const owners = ownersText.split(",").map((o, i) => {
    try {
      return getAddress(o.trim());
    } catch {
      throw new Error(`GOVERNANCE_SAFE_OWNERS: owner ${i + 1} ("${o.trim()}") is not an address`);
    }
  });
  if (new Set(owners.map((o) => o.toLowerCase())).size !== owners.length) {
    throw new Error("GOVERNANCE_SAFE_OWNERS names an owner twice");
  }
  const threshold = Number(env.GOVERNANCE_SAFE_THRESHOLD?.trim() || "2");
  // A production network's governor is never one key (review L6): a threshold of 1 is a plain governor in disguise.
  if (governedByDefault && Number.isInteger(threshold) && threshold < 2) {
    throw new Error(`GOVERNANCE_SAFE_THRESHOLD must be at least 2 on a governed network, not ${threshold}`);
  }
  if (governedByDefault && owners.length < 2) {
    throw new Error(
      "GOVERNANCE_SAFE_OWNERS must name at least 2 owners: the threshold must be at least 2 on a governed network",
    );
  }
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > owners.length) {
    throw new Error(`GOVERNANCE_SAFE_THRESHOLD must be a whole number from 1 to ${owners.length} (the owners)`);
  }
  const delayText = env.GOVERNANCE_DELAY?.trim();
  if (delayText !== undefined && delayText !== "" && !/^\d+$/.test(delayText)) {
    throw new Error(`GOVERNANCE_DELAY must be a whole number of seconds, not "${delayText}"`);
  }
  const delaySeconds = delayText ? BigInt(delayText) : DEFAULT_DELAY_SECONDS;
  if (governedByDefault && delaySeconds < MIN_GOVERNED_DELAY_SECONDS) {
    throw new Error(
      `GOVERNANCE_DELAY must be at least ${MIN_GOVERNED_DELAY_SECONDS} seconds on a governed network, not ${delaySeconds}`,
    );
  }
  const optional = (name: string) => (env[name]?.trim() ? getAddress(env[name]!.trim()) : undefined);
  return {
    owners,
    threshold,
    delaySeconds,
    singleton: optional("SAFE_SINGLETON"),
    proxyFactory: optional("SAFE_PROXY_FACTORY"),
    fallbackHandler: optional("SAFE_FALLBACK_HANDLER"),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Safe transactions (EIP-712), as Safe 1.4.1 hashes and checks them
// ---------------------------------------------------------------------------------------------------------------

/** A Safe transaction: what execTransaction runs once `threshold` owners signed its EIP-712 hash. */
export type SafeTx = {
  to: string;
  value: bigint;
  data: string;
  operation: 0 | 1; // 0 CALL, 1 DELEGATECALL (never used here)
  safeTxGas: bigint;
  baseGas: bigint;
  gasPrice: bigint;
  gasToken: string;
  refundReceiver: string;
  nonce: bigint;
};

/** Safe 1.4.1's EIP-712 types (Safe.sol, SAFE_TX_TYPEHASH). */
export const SAFE_TX_TYPES = {
  SafeTx: [
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "data", type: "bytes" },
    { name: "operation", type: "uint8" },
    { name: "safeTxGas", type: "uint256" },
    { name: "baseGas", type: "uint256" },
    { name: "gasPrice", type: "uint256" },
    { name: "gasToken", type: "address" },
    { name: "refundReceiver", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};

/** Safe 1.4.1's EIP-712 domain: the chain and the Safe (no name, no version). */
export function safeDomain(chainId: bigint | number, safe: string): TypedDataDomain {
  return { chainId, verifyingContract: getAddress(safe) };
}

/**
 * A plain call from the Safe with no gas refund: safeTxGas and gasPrice 0, so that a call that fails makes the whole
 * execTransaction revert (GS013) rather than consume the nonce.
 */
export function safeCall(to: string, data: string, nonce: bigint, value = 0n): SafeTx {
  return {
    to: getAddress(to),
    value,
    data,
    operation: 0,
    safeTxGas: 0n,
    baseGas: 0n,
    gasPrice: 0n,
    gasToken: ZeroAddress,
    refundReceiver: ZeroAddress,
    nonce,
  };
}

/** The EIP-712 hash the owners sign (equal to the Safe's getTransactionHash). */
export function safeTxHash(tx: SafeTx, chainId: bigint | number, safe: string): string {
  return TypedDataEncoder.hash(safeDomain(chainId, safe), SAFE_TX_TYPES, tx);
}

/** An owner's signature of a Safe transaction, as the governance file keeps it. */
export type OwnerSignature = { signer: string; signature: string };

/** Anything that signs EIP-712 data (an ethers Signer or Wallet). */
export type TypedDataSigner = {
  getAddress(): Promise<string>;
  signTypedData(domain: TypedDataDomain, types: typeof SAFE_TX_TYPES, value: Record<string, unknown>): Promise<string>;
};

/** `owner` signs `tx` for `safe` (EIP-712, offline: no chain is needed). */
export async function signSafeTx(
  owner: TypedDataSigner,
  tx: SafeTx,
  chainId: bigint | number,
  safe: string,
): Promise<OwnerSignature> {
  const signature = await owner.signTypedData(safeDomain(chainId, safe), SAFE_TX_TYPES, tx);
  return { signer: getAddress(await owner.getAddress()), signature };
}

/** The account that signed `signature` over `tx` (for checking a signature file before it is used). */
export function recoverSafeTxSigner(tx: SafeTx, chainId: bigint | number, safe: string, signature: string): string {
  return getAddress(verifyTypedData(safeDomain(chainId, safe), SAFE_TX_TYPES, tx, signature));
}

/**
 * The `signatures` argument of execTransaction: each 65-byte ECDSA signature (r, s, v with v 27 or 28), ordered by
 * signer address ascending, as the Safe requires (it refuses a repeated or unordered owner, GS026).
 */
export function packSignatures(signatures: readonly OwnerSignature[]): string {
  const sorted = [...signatures].sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1));
  return "0x" + sorted.map((s) => s.signature.replace(/^0x/, "")).join("");
}

/**
 * What is wrong with a set of signatures for `tx`, in words (empty: enough valid owner signatures). A signature that
 * does not recover to its stated signer, a signer that is not an owner, or a repeated owner is named.
 */
export function signatureProblems(
  tx: SafeTx,
  chainId: bigint | number,
  safe: string,
  signatures: readonly OwnerSignature[],
  owners: readonly string[],
  threshold: number,
): string[] {
  const problems: string[] = [];
  const ownerSet = new Set(owners.map((o) => o.toLowerCase()));
  const seen = new Set<string>();
  for (const s of signatures) {
    let recovered: string;
    try {
      recovered = recoverSafeTxSigner(tx, chainId, safe, s.signature);
    } catch {
      problems.push(`the signature attributed to ${s.signer} is malformed`);
      continue;
    }
    if (recovered.toLowerCase() !== s.signer.toLowerCase()) {
      problems.push(`the signature attributed to ${s.signer} was made by ${recovered} (or over another transaction)`);
    } else if (!ownerSet.has(recovered.toLowerCase())) {
      problems.push(`${recovered} is not an owner of the Safe`);
    } else if (seen.has(recovered.toLowerCase())) {
      problems.push(`${recovered} signed twice`);
    } else {
      seen.add(recovered.toLowerCase());
    }
  }
  if (seen.size < threshold) problems.push(`${seen.size} of the ${threshold} owner signatures needed`);
  return problems;
}

/**
 * Safe 1.4.1's refusals (reason strings "GS0xx") that a governance action can meet, in words: the tasks check most of
 * them before sending; these explain one that reached the chain anyway (--force, or a race with another owner).
 */
export const SAFE_REFUSALS: Record<string, string> = {
  GS013:
    "the call the Safe made failed: the timelock refused it (not queued, not yet executable, already queued, or cancelled)",
  GS020: "too few signatures for the Safe's threshold",
  GS025: "a signature is not valid for this transaction (another nonce, Safe or chain?)",
  GS026: "a signer is not an owner, or an owner signed twice (signatures must come from distinct owners)",
};

/** The words for a Safe refusal named in `message` (e.g. "reverted with reason string 'GS020'"), if any. */
export function safeRefusal(message: string): string | undefined {
  const code = /GS0\d\d/.exec(message)?.[0];
  return code && SAFE_REFUSALS[code] ? `${code}: ${SAFE_REFUSALS[code]}` : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Timelock operations (OpenZeppelin TimelockController 5.3)
// ---------------------------------------------------------------------------------------------------------------

/** One call the timelock makes once its delay has passed. */
export type TimelockOperation = {
  target: string;
  value: bigint;
  data: string;
  predecessor: string; // an operation that must be done first (zero: none)
  salt: string; // tells apart two otherwise equal operations
};

/** The TimelockController functions the Safe calls (a fragment: the full ABI lives in the artifact). */
export const TIMELOCK_ABI = [
  "function schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay)",
  "function execute(address target, uint256 value, bytes payload, bytes32 predecessor, bytes32 salt) payable",
  "function cancel(bytes32 id)",
  "function getMinDelay() view returns (uint256)",
  "function getTimestamp(bytes32 id) view returns (uint256)",
  "function getOperationState(bytes32 id) view returns (uint8)",
  "event CallScheduled(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data, bytes32 predecessor, uint256 delay)",
  "event CallExecuted(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data)",
  "event CallSalt(bytes32 indexed id, bytes32 salt)",
  "event Cancelled(bytes32 indexed id)",
];
const timelock = new Interface(TIMELOCK_ABI);

/** The operation's id, as TimelockController.hashOperation computes it. */
export function operationId(op: TimelockOperation): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["address", "uint256", "bytes", "bytes32", "bytes32"],
      [op.target, op.value, op.data, op.predecessor, op.salt],
    ),
  );
}

/** A timelock operation calling `target` with `data`, no value, no predecessor; `salt` defaults to zero. */
export function operation(target: string, data: string, salt: string = ZeroHash): TimelockOperation {
  return { target: getAddress(target), value: 0n, data, predecessor: ZeroHash, salt };
}

/** The three things the Safe asks of the timelock: queue an operation, run it once ready, or cancel it. */
export type Stage = "queue" | "execute" | "cancel";

/** The call the Safe makes to the timelock for `stage` of `op` (`delay` in chain units, for queueing). */
export function timelockCalldata(stage: Stage, op: TimelockOperation, delay: bigint): string {
  switch (stage) {
    case "queue":
      return timelock.encodeFunctionData("schedule", [op.target, op.value, op.data, op.predecessor, op.salt, delay]);
    case "execute":
      return timelock.encodeFunctionData("execute", [op.target, op.value, op.data, op.predecessor, op.salt]);
    case "cancel":
      return timelock.encodeFunctionData("cancel", [operationId(op)]);
  }
}

/** TimelockController.OperationState. */
export enum OperationState {
  Unset = 0,
  Waiting = 1,
  Ready = 2,
  Done = 3,
}

// ---------------------------------------------------------------------------------------------------------------
// The governance file: one action, travelling between owners while they sign
// ---------------------------------------------------------------------------------------------------------------

/**
 * A governance action as a JSON file: the timelock operation, and the Safe transaction of its current stage with
 * the owner signatures collected for it so far. Owners sign offline (the file carries all they need); a stage's
 * signatures are used once and dropped when the file moves to the next stage.
 */
export type GovernanceFile = {
  version: 1;
  description: string;
  chainId: string;
  safe: string;
  timelock: string;
  operation: { target: string; value: string; data: string; predecessor: string; salt: string };
  id: string;
  delay: string; // chain units, as scheduled
  stage: Stage;
  safeTx: Omit<SafeTx, "value" | "safeTxGas" | "baseGas" | "gasPrice" | "nonce"> & {
    value: string;
    safeTxGas: string;
    baseGas: string;
    gasPrice: string;
    nonce: string;
  };
  safeTxHash: string;
  signatures: OwnerSignature[];
};

/** Build the governance file for `stage` of `op`, as the Safe's transaction number `nonce`. */
export function governanceFile(args: {
  description: string;
  chainId: bigint;
  safe: string;
  timelock: string;
  op: TimelockOperation;
  delay: bigint;
  stage: Stage;
  nonce: bigint;
}): GovernanceFile {
  const tx = safeCall(args.timelock, timelockCalldata(args.stage, args.op, args.delay), args.nonce);
  return {
    version: 1,
    description: args.description,
    chainId: args.chainId.toString(),
    safe: getAddress(args.safe),
    timelock: getAddress(args.timelock),
    operation: { ...args.op, value: args.op.value.toString() },
    id: operationId(args.op),
    delay: args.delay.toString(),
    stage: args.stage,
    safeTx: stringify(tx),
    safeTxHash: safeTxHash(tx, args.chainId, args.safe),
    signatures: [],
  };
}

/** The same action moved to `stage` (a new Safe transaction, number `nonce`, with no signatures yet). */
export function nextStage(file: GovernanceFile, stage: Stage, nonce: bigint): GovernanceFile {
  return governanceFile({
    description: file.description,
    chainId: BigInt(file.chainId),
    safe: file.safe,
    timelock: file.timelock,
    op: operationOf(file),
    delay: BigInt(file.delay),
    stage,
    nonce,
  });
}

/** The timelock operation of a governance file. */
export function operationOf(file: GovernanceFile): TimelockOperation {
  return { ...file.operation, value: BigInt(file.operation.value) };
}

/** The Safe transaction of a governance file, checked against its recorded hash (a file edited by hand fails). */
export function safeTxOf(file: GovernanceFile): SafeTx {
  const s = file.safeTx;
  const tx: SafeTx = {
    ...s,
    value: BigInt(s.value),
    safeTxGas: BigInt(s.safeTxGas),
    baseGas: BigInt(s.baseGas),
    gasPrice: BigInt(s.gasPrice),
    nonce: BigInt(s.nonce),
  };
  const hash = safeTxHash(tx, BigInt(file.chainId), file.safe);
  if (hash !== file.safeTxHash)
    throw new Error(`the file's Safe transaction hashes to ${hash}, not ${file.safeTxHash}`);
  if (operationId(operationOf(file)) !== file.id) throw new Error(`the file's operation id is not ${file.id}`);
  const expected = timelockCalldata(file.stage, operationOf(file), BigInt(file.delay));
  if (tx.to.toLowerCase() !== file.timelock.toLowerCase() || tx.data !== expected || tx.operation !== 0) {
    throw new Error(`the file's Safe transaction is not the timelock's ${file.stage} of operation ${file.id}`);
  }
  return tx;
}

/** Add `signature` to the file, replacing an earlier one by the same signer. */
export function withSignature(file: GovernanceFile, signature: OwnerSignature): GovernanceFile {
  const others = file.signatures.filter((s) => s.signer.toLowerCase() !== signature.signer.toLowerCase());
  return { ...file, signatures: [...others, signature] };
}

function stringify(tx: SafeTx): GovernanceFile["safeTx"] {
  return {
    ...tx,
    value: tx.value.toString(),
    safeTxGas: tx.safeTxGas.toString(),
    baseGas: tx.baseGas.toString(),
    gasPrice: tx.gasPrice.toString(),
    nonce: tx.nonce.toString(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Words for what is pending
// ---------------------------------------------------------------------------------------------------------------

/** One queued operation, as gov:pending shows it. */
export type PendingOperation = {
  id: string;
  target: string;
  call: string; // decoded, e.g. "AuthorityTree.createRoot(0xabc..., 1790000000, "Regulator X")"
  state: OperationState;
  readyAt: bigint; // chain units (the timelock's clock is block.timestamp)
};

/**
 * When an operation becomes executable, in words, against the chain's `now` (both in chain units; `unit` chain
 * units per second: 1000 on PlatON).
 */
export function readiness(state: OperationState, readyAt: bigint, now: bigint, unit: bigint): string {
  if (state === OperationState.Done) return "done";
  if (state === OperationState.Unset) return "not queued (or cancelled)";
  const at = new Date(Number((readyAt * 1000n) / unit)).toISOString();
  if (state === OperationState.Ready || readyAt <= now) return `executable since ${at}`;
  return `executable from ${at} (in ${duration((readyAt - now) / unit)})`;
}

/** A number of seconds as days, hours, minutes and seconds ("1d 2h 0m 5s"). */
export function duration(seconds: bigint): string {
  const d = seconds / 86400n;
  const h = (seconds % 86400n) / 3600n;
  const m = (seconds % 3600n) / 60n;
  const s = seconds % 60n;
  return d > 0n ? `${d}d ${h}h ${m}m ${s}s` : h > 0n ? `${h}h ${m}m ${s}s` : m > 0n ? `${m}m ${s}s` : `${s}s`;
}

/** `data` decoded against the interfaces in `known` (address -> [name, interface]), or its selector. */
export function describeCall(target: string, data: string, known: Map<string, [string, Interface]>): string {
  const entry = known.get(target.toLowerCase());
  if (entry) {
    const [name, iface] = entry;
    const parsed = iface.parseTransaction({ data });
    if (parsed) {
      const args = parsed.fragment.inputs.map((input, i) =>
        input.type === "string" ? JSON.stringify(parsed.args[i]) : String(parsed.args[i]),
      );
      return `${name}.${parsed.name}(${args.join(", ")})`;
    }
  }
  return `${target}: call ${data.slice(0, 10)} (${(data.length - 10) / 2} bytes of arguments)`;
}

// ---------------------------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------------------------

/** Read a governance file (checked: its Safe transaction matches its hash and its operation). */
export function readGovernanceFile(file: string): GovernanceFile {
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as GovernanceFile;
  if (parsed.version !== 1) throw new Error(`${file}: not a governance file of version 1`);
  safeTxOf(parsed);
  return parsed;
}

/** Write a governance file (creating its folder). */
export function writeGovernanceFile(file: string, content: GovernanceFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(content, null, 2) + "\n");
}

/** Where deploy/ writes the governor hand-over's acceptance for `network` (never for the in-process network). */
export function acceptanceFile(root: string, network: string): string {
  return path.join(root, "governance", network, "accept-governor.json");
}
