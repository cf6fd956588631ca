/**
 * Governance tasks (issue 17): the tree's governor is a TimelockController whose only proposer, executor and
 * canceller is a Safe (deploy/009_governance.ts). An action travels as a governance file (lib/governance.ts) while
 * the Safe's owners sign it offline; each stage (queue, execute, cancel) is one Safe transaction. Thin: parse, call
 * lib/governance.ts and lib/cli.ts, print.
 *
 *   npx hardhat gov:propose --contract AuthorityTree --call createRoot --args '["0x…", 1830000000, "Regulator X"]' \
 *     --description "root for Regulator X" --out governance/platon/root-x.json --network NAME
 *   GOV_SIGNER_KEY=0x… npx hardhat gov:sign --file governance/platon/root-x.json   (each owner, offline)
 *   npx hardhat gov:queue --file …        (once enough owners signed: the Safe schedules it on the timelock)
 *   npx hardhat gov:pending               (what is queued, and when it becomes executable)
 *   npx hardhat gov:sign --file … ; npx hardhat gov:execute --file …   (after the delay: the Safe runs it)
 *   npx hardhat gov:cancel --file …       (prepares the cancellation; owners sign; gov:cancel again sends it)
 */
import { task } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Interface, Wallet, id, isHexString, type Signer } from "ethers";
import type { SafeL2, TimelockController } from "../typechain-types";
import { cliError, deploymentAddress, output, parseAddress, send, signerFor, writeTask } from "../lib/cli";
import {
  OperationState,
  describeCall,
  duration,
  governanceFile,
  nextStage,
  operation,
  packSignatures,
  readGovernanceFile,
  readiness,
  safeRefusal,
  safeTxOf,
  signSafeTx,
  signatureProblems,
  withSignature,
  writeGovernanceFile,
  type GovernanceFile,
  type PendingOperation,
  type Stage,
} from "../lib/governance";
import { timeUnitOf } from "../lib/networks";
import { parseDuration } from "../lib/time";

/** The deployed Safe and timelock (deploy/009_governance.ts), connected to `signer` when given. */
async function stack(hre: HardhatRuntimeEnvironment, signer?: Signer) {
  const at = async <T>(artifact: string, name: string) =>
    (await hre.ethers.getContractAt(artifact, await deploymentAddress(hre, name), signer)) as unknown as T;
  return {
    safe: await at<SafeL2>("SafeL2", "GovernorSafe"),
    lock: await at<TimelockController>("TimelockController", "GovernorTimelock"),
  };
}

/** Every deployment of this network by address, with its ABI: what gov:pending decodes queued calls with. */
async function knownContracts(hre: HardhatRuntimeEnvironment): Promise<Map<string, [string, Interface]>> {
  const known = new Map<string, [string, Interface]>();
  for (const [name, d] of Object.entries(await hre.deployments.all())) {
    known.set(d.address.toLowerCase(), [name, new Interface(d.abi)]);
  }
  return known;
}

/** The file, checked against the chain it names and the deployed stack. */
async function load(hre: HardhatRuntimeEnvironment, file: string, signer?: Signer) {
  const f = readGovernanceFile(file);
  const { safe, lock } = await stack(hre, signer);
  const chainId = (await hre.ethers.provider.getNetwork()).chainId;
  if (BigInt(f.chainId) !== chainId) throw cliError(`${file} is for chain ${f.chainId}, not ${chainId}`);
  if (f.safe.toLowerCase() !== (await safe.getAddress()).toLowerCase()) {
    throw cliError(`${file} names the Safe ${f.safe}, not this network's GovernorSafe ${await safe.getAddress()}`);
  }
  if (f.timelock.toLowerCase() !== (await lock.getAddress()).toLowerCase()) {
    throw cliError(`${file} names the timelock ${f.timelock}, not this network's GovernorTimelock`);
  }
  return { f, safe, lock, chainId };
}

/** The operation's state and readiness in words. */
async function stateOf(hre: HardhatRuntimeEnvironment, lock: TimelockController, opId: string) {
  const state = Number(await lock.getOperationState(opId)) as OperationState;
  const readyAt = await lock.getTimestamp(opId);
  const now = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
  return { state, readyAt, now, words: readiness(state, readyAt, now, BigInt(timeUnitOf(hre.network.name))) };
}

/**
 * Send the file's Safe transaction (stage `stage`) with its owner signatures, after checking, in words, what the
 * Safe would refuse: another stage, a stale Safe nonce, too few or invalid signatures.
 */
async function submit(hre: HardhatRuntimeEnvironment, file: string, stage: Stage, from?: string) {
  const signer = await signerFor(hre, from);
  const { f, safe, lock, chainId } = await load(hre, file, signer);
  if (f.stage !== stage) {
    throw cliError(`${file} holds the ${f.stage} stage of "${f.description}", not ${stage}`);
  }
  const tx = safeTxOf(f);
  const nonce = await safe.nonce();
  if (tx.nonce !== nonce) {
    throw cliError(
      `${file} was prepared as the Safe's transaction #${tx.nonce}, but the Safe is at #${nonce} (another transaction ` +
        `ran first): run gov:${stage} --file ${file} --restage, and collect the ` +
        `signatures again`,
    );
  }
  const problems = signatureProblems(
    tx,
    chainId,
    f.safe,
    f.signatures,
    await safe.getOwners(),
    Number(await safe.getThreshold()),
  );
  if (problems.length > 0)
    throw cliError(`The Safe would refuse "${f.description}" (${stage}): ${problems.join("; ")}`);
  const receipt = await sendExplained(hre, `${stage} "${f.description}"`, () =>
    safe.execTransaction(
      tx.to,
      tx.value,
      tx.data,
      tx.operation,
      tx.safeTxGas,
      tx.baseGas,
      tx.gasPrice,
      tx.gasToken,
      tx.refundReceiver,
      packSignatures(f.signatures),
    ),
  );
  return { f, safe, lock, receipt };
}

/** `send`, with a Safe refusal (GS0xx) said in words (the raw error still names the reason string). */
async function sendExplained(hre: HardhatRuntimeEnvironment, label: string, tx: Parameters<typeof send>[2]) {
  return send(hre, label, async () => {
    try {
      return await tx();
    } catch (error) {
      const e = error as { message?: string; reason?: string };
      const words = safeRefusal(`${e.reason ?? ""} ${e.message ?? String(error)}`);
      if (words) throw cliError(`${label} was refused by the Safe: ${words}`);
      throw error;
    }
  });
}

/** Rebuild the file's Safe transaction for `stage` at the Safe's current nonce (its signatures are dropped). */
async function restage(hre: HardhatRuntimeEnvironment, file: string, stage: Stage) {
  const { f, safe } = await load(hre, file);
  const next = nextStage(f, stage, await safe.nonce());
  writeGovernanceFile(file, next);
  console.log(
    `${file}: the ${stage} stage of "${f.description}" as the Safe's transaction #${next.safeTx.nonce} ` +
      `(hash ${next.safeTxHash}); owners sign it with gov:sign --file ${file}`,
  );
  return next;
}

task("gov:propose", "Write a governance action to a file for the Safe's owners to sign (the queue stage)")
  .addParam("out", "the governance file to write")
  .addParam("description", "what the action does, in words (kept in the file)")
  .addOptionalParam("contract", "the target, by deployment name (e.g. AuthorityTree)")
  .addOptionalParam("target", "the target, by address (with --data)")
  .addOptionalParam("call", "the function to call on --contract (e.g. createRoot)")
  .addOptionalParam("args", "its arguments, as a JSON array", "[]")
  .addOptionalParam("data", "raw calldata (instead of --call and --args)")
  .addOptionalParam("salt", "text that tells apart two otherwise equal actions (default: the description)")
  .addOptionalParam("delay", "the delay: a duration (e.g. 2d, 36h; default and minimum: the timelock's)")
  .setAction(async (args, hre) => {
    const { safe, lock } = await stack(hre);
    let target: string;
    let data: string;
    if (args.contract) {
      const d = await hre.deployments.getOrNull(args.contract);
      if (!d) throw cliError(`No ${args.contract} is deployed on "${hre.network.name}"`);
      target = d.address;
      if (args.data) data = args.data;
      else {
        if (!args.call) throw cliError("Give --call (and --args) or --data");
        let list: unknown[];
        try {
          list = JSON.parse(args.args);
        } catch {
          throw cliError(`--args must be a JSON array, not ${args.args}`);
        }
        if (!Array.isArray(list)) throw cliError(`--args must be a JSON array, not ${args.args}`);
        data = new Interface(d.abi).encodeFunctionData(args.call, list);
      }
    } else {
      if (!args.target || !args.data) throw cliError("Give --contract (and --call, --args), or --target and --data");
      target = parseAddress(hre, args.target, "--target");
      data = args.data;
    }
    if (!isHexString(data)) throw cliError(`--data must be 0x-hex, not ${data}`);
    const unit = BigInt(timeUnitOf(hre.network.name));
    const minimum = await lock.getMinDelay();
    let seconds: number | undefined;
    try {
      seconds = args.delay === undefined ? undefined : parseDuration(args.delay);
    } catch (error) {
      throw cliError(`--delay: ${(error as Error).message}`);
    }
    const delay = seconds === undefined ? minimum : BigInt(seconds) * unit;
    if (delay < minimum) throw cliError(`--delay ${args.delay} is below the timelock's ${duration(minimum / unit)}`);
    const op = operation(target, data, args.salt === undefined ? id(args.description) : id(args.salt));
    const f = governanceFile({
      description: args.description,
      chainId: (await hre.ethers.provider.getNetwork()).chainId,
      safe: await safe.getAddress(),
      timelock: await lock.getAddress(),
      op,
      delay,
      stage: "queue",
      nonce: await safe.nonce(),
    });
    const { state } = await stateOf(hre, lock, f.id);
    if (state !== OperationState.Unset) {
      throw cliError(`Operation ${f.id} is already known to the timelock (state ${OperationState[state]}): use --salt`);
    }
    writeGovernanceFile(args.out, f);
    const call = describeCall(target, data, await knownContracts(hre));
    console.log(
      `${args.out}: ${call}\n  operation ${f.id}, delay ${duration(delay / unit)}; Safe transaction #${f.safeTx.nonce} ` +
        `(hash ${f.safeTxHash}) needs ${await safe.getThreshold()} owner signatures (gov:sign)`,
    );
    return f;
  });

task("gov:sign", "An owner signs the file's Safe transaction (EIP-712, offline with GOV_SIGNER_KEY)")
  .addParam("file", "the governance file")
  .addOptionalParam("from", "the owner: account index, address or label (unless GOV_SIGNER_KEY is set)")
  .setAction(async (args, hre) => {
    const f: GovernanceFile = readGovernanceFile(args.file);
    // A key in the environment signs with no chain at all: the file carries the chain id, the Safe and the nonce.
    const key = process.env.GOV_SIGNER_KEY?.trim();
    const owner = key ? new Wallet(key) : await signerFor(hre, args.from);
    const signature = await signSafeTx(owner, safeTxOf(f), BigInt(f.chainId), f.safe);
    const signed = withSignature(f, signature);
    writeGovernanceFile(args.file, signed);
    console.log(
      `${args.file}: ${signature.signer} signed the ${f.stage} stage of "${f.description}" ` +
        `(${signed.signatures.length} signature(s))`,
    );
    return signed;
  });

writeTask("gov:queue", "The Safe queues the file's action on the timelock (needs the owners' signatures)")
  .addParam("file", "the governance file")
  .addOptionalParam("from", "the account that sends the Safe transaction (anyone)", "0")
  .addFlag("restage", "rebuild the queue stage at the Safe's current nonce (signatures are dropped)")
  .setAction(async (args, hre) => {
    if (args.restage) return restage(hre, args.file, "queue");
    const { f, safe, lock } = await submit(hre, args.file, "queue", args.from);
    const { words } = await stateOf(hre, lock, f.id);
    const next = nextStage(f, "execute", await safe.nonce());
    writeGovernanceFile(args.file, next);
    console.log(`queued ${f.id}: ${words}; the owners now sign its execution (gov:sign --file ${args.file})`);
    return next;
  });

writeTask("gov:execute", "The Safe runs the file's queued action once its delay has passed")
  .addParam("file", "the governance file")
  .addOptionalParam("from", "the account that sends the Safe transaction (anyone)", "0")
  .addFlag("restage", "rebuild the execute stage at the Safe's current nonce (signatures are dropped)")
  .setAction(async (args, hre) => {
    if (args.restage) return restage(hre, args.file, "execute");
    const { f, lock } = await load(hre, args.file);
    const { state, words } = await stateOf(hre, lock, f.id);
    if (state !== OperationState.Ready && !args.force) {
      throw cliError(`"${f.description}" cannot run yet: ${words}`);
    }
    await submit(hre, args.file, "execute", args.from);
    console.log(`executed ${f.id}: ${f.description}`);
    return f.id;
  });

writeTask("gov:cancel", "Cancel the file's queued action: prepares the cancellation, then sends it once signed")
  .addParam("file", "the governance file")
  .addOptionalParam("from", "the account that sends the Safe transaction (anyone)", "0")
  .addFlag("restage", "rebuild the cancel stage at the Safe's current nonce (signatures are dropped)")
  .setAction(async (args, hre) => {
    const { f, lock } = await load(hre, args.file);
    if (args.restage || f.stage !== "cancel") {
      const { state, words } = await stateOf(hre, lock, f.id);
      if (state !== OperationState.Waiting && state !== OperationState.Ready) {
        throw cliError(`"${f.description}" cannot be cancelled: ${words}`);
      }
      return restage(hre, args.file, "cancel");
    }
    await submit(hre, args.file, "cancel", args.from);
    console.log(`cancelled ${f.id}: ${f.description}`);
    return f.id;
  });

task("gov:pending", "What the timelock has queued and not run, and when each becomes executable")
  .addFlag("json", "print JSON")
  .setAction(async (args, hre) => {
    const { lock } = await stack(hre);
    const from = (await hre.deployments.get("GovernorTimelock")).receipt?.blockNumber ?? 0;
    const scheduled = await lock.queryFilter(lock.filters.CallScheduled(), Number(from));
    const known = await knownContracts(hre);
    const pending: (PendingOperation & { when: string })[] = [];
    const seen = new Set<string>();
    for (const e of scheduled) {
      const opId = e.args.id;
      if (seen.has(opId)) continue; // an operation cancelled and queued again appears twice
      seen.add(opId);
      const { state, readyAt, words } = await stateOf(hre, lock, opId);
      if (state !== OperationState.Waiting && state !== OperationState.Ready) continue;
      pending.push({
        id: opId,
        target: e.args.target,
        call: describeCall(e.args.target, e.args.data, known),
        state,
        readyAt,
        when: words,
      });
    }
    output(args.json, pending, () =>
      pending.length === 0
        ? "nothing queued"
        : pending.map((p) => `${p.id}\n  ${p.call}\n  ${OperationState[p.state].toLowerCase()}: ${p.when}`).join("\n"),
    );
    return pending;
  });
