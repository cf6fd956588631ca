/**
 * KYC tasks: institutions (KYC node holders) register, freeze, unfreeze and revoke their clients' identities; a
 * client consents to be registered (kyc:consent, a file for its institution); anyone shows an identity. The signed
 * attestation route (kyc:sign by the institution, kyc:submit by the client) wraps scripts/kyc-sign.ts and
 * kyc-submit.ts. Thin: parse, call lib, print.
 *
 *   npx hardhat kyc:consent --attester 3 --out alice-consent.json --from <alice>          (the investor)
 *   npx hardhat kyc:register --attester 3 --wallet 0x… --classes ACCREDITED --jurisdiction 756 \
 *     --evidence-file kyc/alice.pdf --consent-file alice-consent.json --from 2             (the institution)
 *   npx hardhat kyc:show --wallet 0x… --json
 */
import fs from "node:fs";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AuthorityTree, IdentityRegistry } from "../typechain-types";
import {
  attestationDomain,
  evidenceHashOf,
  MAX_ATTESTATION_WINDOW,
  MAX_KYC_VALIDITY,
  NO_CONSENT,
  randomNonce,
  signConsent,
  type Consent,
  type ConsentFile,
} from "../lib/attestation";
import {
  cliError,
  deployed,
  eventIn,
  output,
  parseId,
  parseWhen,
  reasonBytes,
  refusalError,
  resolveAccount,
  send,
  signerFor,
  writeTask,
  type SimulatingSigner,
} from "../lib/cli";
import { ALL_CLASSES, classNames, parseClasses } from "../lib/classes";
import { IdentityStatus, eligibilityName } from "../lib/registry";
import { nameOf } from "../lib/assets";
import { parseDuration, isoDate } from "../lib/time";

/**
 * The last moment a signature (a consent, a signed attestation) may be used: --deadline as every time option takes
 * it (ISO date, duration from the chain's now, or seconds), after now and at most 30 days ahead (the registry's
 * MAX_ATTESTATION_WINDOW).
 */
function signatureDeadline(text: string, now: number): number {
  const deadline = parseWhen(text, now);
  if (deadline <= now) throw cliError(`--deadline ${text} (${isoDate(deadline)}) is not after the chain's now`);
  if (deadline > now + MAX_ATTESTATION_WINDOW) {
    throw cliError(
      `--deadline ${text} (${isoDate(deadline)}): a signature may be used at most 30 days ahead, until ` +
        isoDate(now + MAX_ATTESTATION_WINDOW),
    );
  }
  return deadline;
}

async function registryAs(hre: HardhatRuntimeEnvironment, from?: string) {
  const signer = await signerFor(hre, from);
  const registry = await deployed<IdentityRegistry>(hre, "IdentityRegistry", signer);
  return { registry, signer, now: Number(await registry.currentTime()) };
}

/** The identity named by --identity, or the one --wallet belongs to. */
async function identityArg(
  hre: HardhatRuntimeEnvironment,
  registry: IdentityRegistry,
  args: { identity?: string; wallet?: string },
) {
  if (args.identity) return parseId(args.identity, "--identity");
  if (!args.wallet) throw cliError("Give --identity <id> or --wallet <address>");
  const wallet = await resolveAccount(hre, args.wallet, "--wallet");
  const id = await registry.identityOf(wallet);
  if (id === 0n) throw cliError(`${wallet} belongs to no identity`);
  return id;
}

task("kyc:consent", "Investor: sign your wallet's consent to be registered by a KYC node (or to join an identity)")
  .addOptionalParam("attester", "the institution's KYC node id (a new identity)", undefined, types.string)
  .addOptionalParam("identity", "or the identity to join as a further wallet", undefined, types.string)
  .addOptionalParam(
    "deadline",
    "until when the consent may be used: ISO date, duration (e.g. 7d) or seconds; at most 30 days ahead",
    "7d",
  )
  .addOptionalParam("out", "the file to write", "consent.json")
  .addOptionalParam("from", "account index, address or label to act as (the wallet)", "0")
  .setAction(async (args, hre) => {
    const { registry, signer, now } = await registryAs(hre, args.from);
    if (!args.attester === !args.identity) throw cliError("Give either --attester (new identity) or --identity (join)");
    const wallet = await signer.getAddress();
    const { chainId } = await hre.ethers.provider.getNetwork();
    const registryAddress = await registry.getAddress();
    const identityId = args.identity ? parseId(args.identity, "--identity") : 0n;
    const attester = args.attester ? parseId(args.attester, "--attester") : 0n;
    const deadline = signatureDeadline(args.deadline, now);
    const consent = await signConsent(signer, attestationDomain(chainId, registryAddress), {
      wallet,
      identityId,
      attester,
      nonce: randomNonce(),
      deadline: BigInt(deadline),
    });
    const file: ConsentFile = {
      registry: registryAddress,
      chainId: chainId.toString(),
      wallet,
      identityId: identityId.toString(),
      attester: attester.toString(),
      nonce: consent.nonce.toString(),
      deadline: consent.deadline.toString(),
      signature: consent.signature,
    };
    fs.writeFileSync(args.out, JSON.stringify(file, null, 2) + "\n");
    console.log(
      `${wallet} consents to ${identityId ? `join identity ${identityId}` : `registration by node #${attester}`} until ${isoDate(deadline)}; wrote ${args.out}`,
    );
    return file;
  });

/** The consent of `wallet` to a new identity by `attester`: from a file, from the wallet itself, or signed by it. */
async function consentFor(
  hre: HardhatRuntimeEnvironment,
  registry: IdentityRegistry,
  caller: string,
  wallet: string,
  attester: bigint,
  now: number,
  file?: string,
): Promise<Consent> {
  const registryAddress = await registry.getAddress();
  if (file) {
    const c = JSON.parse(fs.readFileSync(file, "utf8")) as ConsentFile;
    if (hre.ethers.getAddress(c.registry) !== registryAddress) throw cliError(`${file} is for registry ${c.registry}`);
    if (hre.ethers.getAddress(c.wallet) !== wallet)
      throw cliError(`${file} is the consent of ${c.wallet}, not ${wallet}`);
    if (BigInt(c.identityId) !== 0n || BigInt(c.attester) !== attester) {
      throw cliError(
        `${file} consents to ${BigInt(c.identityId) ? `identity ${c.identityId}` : `node #${c.attester}`}, not to node #${attester}`,
      );
    }
    return { nonce: BigInt(c.nonce), deadline: BigInt(c.deadline), signature: c.signature };
  }
  if (caller === wallet) return NO_CONSENT;
  const signers = await hre.ethers.getSigners();
  const own = signers.find((s) => s.address === wallet);
  if (!own) {
    throw cliError(`${wallet} must consent: have it run kyc:consent --attester ${attester} and pass --consent-file`);
  }
  const { chainId } = await hre.ethers.provider.getNetwork();
  return signConsent(own, attestationDomain(chainId, registryAddress), {
    wallet,
    identityId: 0n,
    attester,
    nonce: randomNonce(),
    deadline: BigInt(now + 3600),
  });
}

/**
 * The default expiry of an identity: 365 days from the chain's now, but never beyond what the registry accepts (the
 * attesting node's lease, MAX_KYC_VALIDITY); says so when it clamps.
 */
async function defaultExpiry(hre: HardhatRuntimeEnvironment, attester: bigint, now: number): Promise<number> {
  const wanted = now + parseDuration("365d");
  const tree = await deployed<AuthorityTree>(hre, "AuthorityTree");
  const lease = Number((await tree.node(attester)).expiry);
  const limit = Math.min(lease, now + MAX_KYC_VALIDITY);
  if (lease !== 0 && limit < wanted) {
    console.log(
      `--expires: 365 days would pass node #${attester}'s lease, which ends ${isoDate(lease)}; the identity expires then`,
    );
    return limit;
  }
  return wanted;
}

writeTask("kyc:register", "KYC institution: register a client's identity directly (with the wallet's consent)")
  .addParam("attester", "your KYC node id", undefined, types.string)
  .addParam("wallet", "the client's wallet (index, address or label)")
  .addParam("classes", "client classes: INSTITUTIONAL,ACCREDITED,PROFESSIONAL,RETAIL")
  .addParam("jurisdiction", "ISO 3166 numeric code (1..999), e.g. 756", undefined, types.string)
  .addOptionalParam(
    "expires",
    "the identity's expiry: ISO date, duration or seconds (default 365d, clamped to your node's lease)",
  )
  .addOptionalParam(
    "evidenceHash",
    "required, this or --evidence-file: hash of the off-chain KYC evidence (0x…32 bytes)",
  )
  .addOptionalParam("evidenceFile", "required, this or --evidence-hash: the evidence file, whose keccak256 is the hash")
  .addOptionalParam("consentFile", "the wallet's consent from kyc:consent (not needed for a configured account)")
  .addOptionalParam("from", "account index, address or label to act as (the KYC node's account)", "0")
  .setAction(async (args, hre) => {
    const { registry, signer, now } = await registryAs(hre, args.from);
    const attester = parseId(args.attester, "--attester");
    const wallet = await resolveAccount(hre, args.wallet, "--wallet");
    const classes = parseClasses(args.classes);
    if (classes === 0 || (classes & ~ALL_CLASSES) !== 0) throw cliError(`--classes "${args.classes}" names no class`);
    const jurisdiction = Number(args.jurisdiction);
    if (!Number.isInteger(jurisdiction) || jurisdiction < 1 || jurisdiction > 999) {
      throw cliError(`--jurisdiction ${args.jurisdiction} is not an ISO 3166 numeric code (1..999)`);
    }
    let evidenceHash: string;
    if (args.evidenceFile) evidenceHash = evidenceHashOf(fs.readFileSync(args.evidenceFile));
    else if (args.evidenceHash && hre.ethers.isHexString(args.evidenceHash, 32)) evidenceHash = args.evidenceHash;
    else throw cliError("Give --evidence-hash (0x + 64 hex digits) or --evidence-file");
    const expiry = args.expires === undefined ? await defaultExpiry(hre, attester, now) : parseWhen(args.expires, now);
    const consent = await consentFor(hre, registry, await signer.getAddress(), wallet, attester, now, args.consentFile);
    const registration = { wallet, classes, jurisdiction, expiry, evidenceHash };
    const receipt = await send(hre, `register ${wallet}`, () => registry.register(attester, registration, consent));
    const identityId = eventIn(registry.interface, receipt, "IdentityRegistered").args[0] as bigint;
    console.log(
      `identity #${identityId} for ${wallet}: ${classNames(classes).join(" ")}, ${jurisdiction}, until ${isoDate(expiry)}`,
    );
    return identityId;
  });

for (const [name, what] of [
  [
    "freeze",
    "KYC manager: freeze an identity (ineligible until unfrozen; a higher rank may take a freeze over; after an " +
      "unfreeze, only the unfreezing rank or above may freeze again)",
  ],
  ["unfreeze", "KYC manager at the freezer's rank or above: unfreeze an identity (lower ranks may not re-freeze it)"],
  ["revoke", "KYC manager: revoke an identity for good"],
] as const) {
  const t = writeTask(`kyc:${name}`, what)
    .addOptionalParam("identity", "the identity id", undefined, types.string)
    .addOptionalParam("wallet", "or one of its wallets (index, address or label)");
  if (name !== "unfreeze") t.addOptionalParam("reason", "a short reason (at most 31 bytes)", "");
  t.addOptionalParam("from", "account index, address or label to act as (a manager of the identity)", "0").setAction(
    async (args, hre) => {
      const { registry } = await registryAs(hre, args.from);
      const id = await identityArg(hre, registry, args);
      await send(hre, `${name} identity #${id}`, () => {
        if (name === "freeze") return registry.freeze(id, reasonBytes(hre, args.reason));
        if (name === "revoke") return registry.revoke(id, reasonBytes(hre, args.reason));
        return registry.unfreeze(id);
      });
      return id;
    },
  );
}

writeTask(
  "kyc:migrate",
  "KYC manager: move an identity to another attesting node of its root (e.g. off a suspended or revoked bank)",
)
  .addOptionalParam("identity", "the identity id", undefined, types.string)
  .addOptionalParam("wallet", "or one of its wallets (index, address or label)")
  .addParam("to", "the new attesting node id (valid, holding KYC, same root)", undefined, types.string)
  .addOptionalParam("from", "account index, address or label to act as (a manager at the needed rank)", "0")
  .setAction(async (args, hre) => {
    const { registry } = await registryAs(hre, args.from);
    const id = await identityArg(hre, registry, args);
    const to = parseId(args.to, "--to");
    await send(hre, `migrate identity #${id} to node #${to}`, () => registry.migrate(id, to));
    console.log(`identity #${id} is now attested by node #${to}`);
    return id;
  });

task("kyc:show", "Show an identity: attester, classes, jurisdiction, expiry, status, wallets")
  .addOptionalParam("identity", "the identity id", undefined, types.string)
  .addOptionalParam("wallet", "or one of its wallets (index, address or label)")
  .addOptionalParam("policy", "also show the wallet's eligibility under this policy", undefined, types.string)
  .addFlag("json", "print JSON for machines")
  .setAction(async (args, hre) => {
    const { registry } = await registryAs(hre);
    const id = await identityArg(hre, registry, args);
    const i = await registry.identity(id);
    const view: Record<string, unknown> = {
      identity: id,
      attester: i.attester,
      root: i.root,
      classes: classNames(i.classes),
      jurisdiction: Number(i.jurisdiction),
      expiry: isoDate(i.expiry),
      status: nameOf(IdentityStatus, i.status),
      frozen: i.frozen,
      wallets: await registry.wallets(id, 0, i.walletCount),
      evidenceHash: i.evidenceHash,
    };
    if (args.policy && args.wallet) {
      view.eligibility = eligibilityName(
        await registry.eligibility(
          await resolveAccount(hre, args.wallet, "--wallet"),
          parseId(args.policy, "--policy"),
        ),
      );
    }
    output(args.json, view, () =>
      [
        `identity #${id} (root #${i.root}, attested by node #${i.attester}): ${view.status}${i.frozen ? ", FROZEN" : ""}`,
        `  ${(view.classes as string[]).join(" ")}, jurisdiction ${view.jurisdiction}, until ${view.expiry}`,
        `  wallets ${(view.wallets as string[]).join(", ")}`,
        ...(view.eligibility ? [`  eligibility under policy #${args.policy}: ${view.eligibility}`] : []),
      ].join("\n"),
    );
    return view;
  });

/** The index of `--from` among the configured accounts, as lib/signers.ts takes it. */
async function signerEnv(
  hre: HardhatRuntimeEnvironment,
  prefix: string,
  from?: string,
): Promise<Record<string, string>> {
  const signer = await signerFor(hre, from);
  const address = await signer.getAddress();
  const index = (await hre.ethers.getSigners()).findIndex((s) => s.address === address);
  if (index >= 0) return { [`${prefix}_INDEX`]: String(index) };
  // A label whose key the demo recorded (development networks only).
  const inner = (signer as SimulatingSigner).inner as { privateKey?: string };
  if (!inner.privateKey) throw cliError(`--from ${from}: no key for ${address}`);
  return { [`${prefix}_KEY`]: inner.privateKey };
}

task("kyc:sign", "KYC institution: sign a client's attestation off chain, to a file the client submits (kyc:submit)")
  .addOptionalParam("attester", "your KYC node id (or --root to look it up)", undefined, types.string)
  .addOptionalParam("root", "the root your KYC node is under", undefined, types.string)
  .addParam("wallet", "the client's wallet (index, address or label)")
  .addParam("classes", "client classes")
  .addParam("jurisdiction", "ISO 3166 numeric code", undefined, types.string)
  .addOptionalParam("evidenceHash", "required, this or --evidence-file: hash of the KYC evidence (0x…32 bytes)")
  .addOptionalParam("evidenceFile", "required, this or --evidence-hash: the evidence file, whose keccak256 is the hash")
  .addOptionalParam(
    "expires",
    "the identity's expiry, as kyc:register takes it: ISO date, duration or seconds (default 365d, clamped to the " +
      "attesting node's lease)",
  )
  .addOptionalParam(
    "deadline",
    "until when the client may submit it: ISO date, duration (e.g. 7d) or seconds; at most 30 days ahead",
    "7d",
  )
  .addOptionalParam("out", "the file to write", "attestation.json")
  .addOptionalParam("from", "account index, address or label to act as (the KYC node's account)", "0")
  .setAction(async (args, hre) => {
    const { kycSign } = await import("../scripts/kyc-sign");
    const registryAddress = (await hre.deployments.get("IdentityRegistry")).address;
    // Connected: deadlines and expiries count from the chain's time, not this machine's.
    const registry = await hre.ethers.getContractAt("IdentityRegistry", registryAddress);
    const chainNowSeconds = (await registry.currentTime()).toString();
    const { signed, file } = await kycSign(hre, {
      KYC_REGISTRY: registryAddress,
      KYC_NOW: chainNowSeconds,
      ...(await signerEnv(hre, "KYC_SIGNER", args.from)),
      KYC_ATTESTER_NODE: args.attester,
      KYC_ROOT: args.root,
      KYC_WALLET: await resolveAccount(hre, args.wallet, "--wallet"),
      KYC_CLASSES: args.classes,
      KYC_JURISDICTION: args.jurisdiction,
      KYC_EVIDENCE_HASH: args.evidenceHash,
      KYC_EVIDENCE_FILE: args.evidenceFile,
      KYC_EXPIRY:
        args.expires !== undefined
          ? String(parseWhen(args.expires, Number(chainNowSeconds)))
          : args.attester !== undefined
            ? String(await defaultExpiry(hre, parseId(args.attester, "--attester"), Number(chainNowSeconds)))
            : undefined,
      KYC_DEADLINE: String(signatureDeadline(args.deadline, Number(chainNowSeconds))),
      KYC_OUT: args.out,
    }).catch((e: Error) => {
      throw cliError(e.message);
    });
    console.log(
      `signed by ${signed.signer} as node #${signed.attestation.attester} for ${signed.attestation.wallet}; wrote ${file}`,
    );
    return signed;
  });

writeTask(
  "kyc:submit",
  "Investor: submit the attestation your institution signed (kyc:sign), registering your identity",
)
  .addOptionalParam("in", "the signed attestation file", "attestation.json")
  .addOptionalParam("from", "account index, address or label to act as (the wallet, or a relayer it consented to)", "0")
  .setAction(async (args, hre) => {
    const { kycSubmit } = await import("../scripts/kyc-submit");
    const { identityId, txHash, wallet } = await kycSubmit(hre, {
      KYC_REGISTRY: (await hre.deployments.get("IdentityRegistry")).address,
      KYC_IN: args.in,
      ...(await signerEnv(hre, "KYC_SUBMITTER", args.from)),
    }).catch(async (e: Error) => {
      // A refusal of the registry (simulated before sending) reads like every other command's.
      if (e.cause) throw await refusalError(hre, e.cause, "submit the attestation");
      throw cliError(e.message);
    });
    console.log(`identity #${identityId} for ${wallet} (tx ${txHash})`);
    return identityId;
  });
