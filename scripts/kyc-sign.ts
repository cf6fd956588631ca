/**
 * kyc-sign: an institution signs a KYC attestation for one client, offline, and writes it to a JSON file that the
 * client then submits with scripts/kyc-submit.ts.
 *
 *   KYC_REGISTRY=0x... KYC_ATTESTER_NODE=3 KYC_SIGNER_KEY=0x... KYC_WALLET=0x... KYC_CLASSES=ACCREDITED \
 *   KYC_JURISDICTION=756 KYC_EVIDENCE_FILE=./kyc/alice.pdf KYC_CHAIN_ID=210425 \
 *   npx hardhat run scripts/kyc-sign.ts [--network <name>]
 *
 * Environment:
 *   KYC_REGISTRY        required  IdentityRegistry address (the EIP-712 verifying contract)
 *   KYC_SIGNER_KEY      one of    private key of the KYC node's account (no network needed to sign)
 *   KYC_SIGNER_INDEX    these     index of one of the network's configured accounts (default: none)
 *   KYC_ATTESTER_NODE   one of    the signer's KYC node id (not checked: signing needs no network)
 *   KYC_ROOT            these     or the root to look the signer's node up under (needs the network; the node must
 *                                 be the signer's, valid and holding KYC now)
 *   KYC_WALLET          required  the client's wallet
 *   KYC_CLASSES         required  client classes: names (INSTITUTIONAL,ACCREDITED,PROFESSIONAL,RETAIL) or a mask
 *   KYC_JURISDICTION    required  ISO 3166 numeric code of the client's jurisdiction (1..999)
 *   KYC_EVIDENCE_HASH   one of    0x-prefixed 32-byte hash of the off-chain KYC evidence (not zero)
 *   KYC_EVIDENCE_FILE   these     or a file whose keccak256 is the evidence hash
 *   KYC_EXPIRY          optional  the identity's expiry, seconds since 1970 (default: KYC_VALID_FOR from now);
 *                                 at most 5 years ahead (the registry's MAX_KYC_VALIDITY) and never beyond the
 *                                 attesting node's own lease
 *   KYC_ATTESTER_LEASE  offline   the attesting node's lease end, seconds (default: read from the registry's tree
 *                                 when the registry is on the network; required offline: nothing is signed unchecked)
 *   KYC_VALID_FOR       optional  duration such as 365d (default 365d)
 *   KYC_DEADLINE        optional  last moment to submit, seconds since 1970 (default: KYC_DEADLINE_IN from now);
 *                                 at most 30 days ahead (the registry's MAX_ATTESTATION_WINDOW)
 *   KYC_DEADLINE_IN     optional  duration such as 7d (default 7d)
 *   KYC_NONCE           optional  the signer's nonce (default: random 256-bit; sequential nonces are cheaper)
 *   KYC_CHAIN_ID        optional  chain id (default: the network's configured chainId, else asked of the network);
 *                                 required when the registry is not on the network the script runs on (e.g. signing
 *                                 offline for PlatON): the in-process network's chain id is never assumed
 *   KYC_OUT             optional  output file (default attestation.json)
 *   KYC_NOW             optional  "now" in seconds (default: this machine's clock)
 * "Now" is this machine's clock: the attestation can be made without any connection to the chain.
 */
import fs from "node:fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  attestationDomain,
  evidenceHashOf,
  evidenceProblem,
  leaseProblem,
  MAX_ATTESTATION_WINDOW,
  MAX_KYC_VALIDITY,
  randomNonce,
  signAttestation,
  signedAttestationToJson,
  type SignedAttestation,
} from "../lib/attestation";
import { ALL_CLASSES, classNames, parseClasses } from "../lib/classes";
import { Scope } from "../lib/scopes";
import { optionalEnv, requireEnv, signerFromEnv, type Env } from "../lib/signers";
import { isoDate, parseDuration } from "../lib/time";

/** Sign an attestation as the environment describes, write it to KYC_OUT, and return it with the file's path. */
export async function kycSign(
  hre: HardhatRuntimeEnvironment,
  env: Env,
): Promise<{ signed: SignedAttestation; file: string }> {
  const registry = hre.ethers.getAddress(requireEnv(env, "KYC_REGISTRY", "the IdentityRegistry address"));
  const signer = await signerFromEnv(hre, env, "KYC_SIGNER");
  const signerAddress = await signer.getAddress();

  let attester = optionalEnv(env, "KYC_ATTESTER_NODE");
  if (!attester) {
    const rootText = requireEnv(env, "KYC_ROOT", "the root the signer's KYC node is under (or set KYC_ATTESTER_NODE)");
    const root = inRange("KYC_ROOT", rootText, 1n, 2n ** 64n - 1n);
    attester = (await kycNodeUnder(hre, registry, signerAddress, root)).toString();
  }

  // "Now" is this machine's clock unless KYC_NOW gives the chain's (the kyc:sign task does, when connected).
  const now = Number(optionalEnv(env, "KYC_NOW") ?? Math.floor(Date.now() / 1000));
  const expiry = optionalEnv(env, "KYC_EXPIRY") ?? String(now + parseDuration(env.KYC_VALID_FOR ?? "365d"));
  const deadline = optionalEnv(env, "KYC_DEADLINE") ?? String(now + parseDuration(env.KYC_DEADLINE_IN ?? "7d"));
  const evidenceFile = optionalEnv(env, "KYC_EVIDENCE_FILE");
  const evidenceHash = evidenceFile
    ? evidenceHashOf(fs.readFileSync(evidenceFile))
    : requireEnv(env, "KYC_EVIDENCE_HASH", "the hash of the off-chain KYC evidence (or set KYC_EVIDENCE_FILE)");
  const chainId = await chainIdFor(hre, env, registry);

  const classes = parseClasses(requireEnv(env, "KYC_CLASSES", "client classes, e.g. ACCREDITED,PROFESSIONAL"));
  if (classes === 0 || (classes & ~ALL_CLASSES) !== 0) throw new Error(`KYC_CLASSES: ${classes} is not a valid mask`);
  const jurisdictionText = requireEnv(env, "KYC_JURISDICTION", "ISO 3166 numeric code, e.g. 756");
  const jurisdiction = Number(inRange("KYC_JURISDICTION", jurisdictionText, 1n, 999n));
  // The registry's bounds, checked against "now" so that a file it would refuse is never written.
  const t = BigInt(now);
  const expiryAt = inRange("KYC_EXPIRY", expiry, t + 1n, t + BigInt(MAX_KYC_VALIDITY));
  const deadlineAt = inRange("KYC_DEADLINE", deadline, t + 1n, t + BigInt(MAX_ATTESTATION_WINDOW));
  // Nor a file the registry would refuse for its evidence or for outliving the attesting node's lease.
  const evidenceIssue = evidenceProblem(evidenceHash);
  if (evidenceIssue) throw new Error(`KYC_EVIDENCE_HASH: ${evidenceIssue}`);
  const attesterId = inRange("KYC_ATTESTER_NODE", attester, 1n, 2n ** 64n - 1n);
  const lease = await attesterLease(hre, env, registry, attesterId);
  const leaseIssue = leaseProblem(expiryAt, attesterId, lease);
  if (leaseIssue) throw new Error(`KYC_EXPIRY=${expiryAt}: ${leaseIssue}; set KYC_EXPIRY or KYC_VALID_FOR within it`);
  const nonceText = optionalEnv(env, "KYC_NONCE");
  const nonce = nonceText !== undefined ? inRange("KYC_NONCE", nonceText, 0n, 2n ** 256n - 1n) : randomNonce();

  const signed = await signAttestation(signer, attestationDomain(chainId, registry), {
    wallet: requireEnv(env, "KYC_WALLET", "the client's wallet"),
    classes,
    jurisdiction,
    expiry: expiryAt,
    evidenceHash,
    attester: attesterId,
    nonce,
    deadline: deadlineAt,
  });
  const file = optionalEnv(env, "KYC_OUT") ?? "attestation.json";
  fs.writeFileSync(file, signedAttestationToJson(signed));
  return { signed, file };
}

/** `name`'s value as an integer in [min, max], or an error naming the variable and the range. */
function inRange(name: string, text: string, min: bigint, max: bigint): bigint {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) throw new Error(`${name}=${text}: not a non-negative integer`);
  const value = BigInt(trimmed);
  if (value < min || value > max) throw new Error(`${name}=${text}: must be between ${min} and ${max}`);
  return value;
}

/**
 * The attesting node's own lease end (seconds): KYC_ATTESTER_LEASE, else read from the registry's tree when the
 * registry is on the network the script runs on; offline without it, an error (fail closed).
 */
async function attesterLease(
  hre: HardhatRuntimeEnvironment,
  env: Env,
  registry: string,
  attester: bigint,
): Promise<bigint> {
  const stated = optionalEnv(env, "KYC_ATTESTER_LEASE");
  if (stated) return inRange("KYC_ATTESTER_LEASE", stated, 1n, 2n ** 40n - 1n);
  // Fail closed: offline, the lease is unknown, and a file the registry would refuse must not be written.
  if ((await hre.ethers.provider.getCode(registry)) === "0x") {
    throw new Error(
      `Set KYC_ATTESTER_LEASE: registry ${registry} is not on this network, so the attesting node's lease ` +
        "(its expiry, which the identity's may not pass) cannot be read",
    );
  }
  const registryContract = await hre.ethers.getContractAt("IdentityRegistry", registry);
  const tree = await hre.ethers.getContractAt("AuthorityTree", await registryContract.AUTHORITY());
  if (attester > (await tree.nodeCount())) throw new Error(`KYC_ATTESTER_NODE=${attester}: no such node`);
  return (await tree.node(attester)).expiry;
}

/** The signer's node under `root`, required to be its own, of that root, valid and holding KYC now. */
async function kycNodeUnder(
  hre: HardhatRuntimeEnvironment,
  registry: string,
  signer: string,
  root: bigint,
): Promise<bigint> {
  const registryContract = await hre.ethers.getContractAt("IdentityRegistry", registry);
  const tree = await hre.ethers.getContractAt("AuthorityTree", await registryContract.AUTHORITY());
  const id = await tree.nodeOf(signer, root);
  if (id === 0n) throw new Error(`${signer} holds no node under root ${root}`);
  const node = await tree.node(id);
  if (hre.ethers.getAddress(node.account) !== hre.ethers.getAddress(signer) || node.root !== root) {
    throw new Error(`node ${id} is not ${signer}'s node under root ${root}`);
  }
  if (!(await tree.isValid(id))) throw new Error(`${signer}'s node ${id} under root ${root} is not valid now`);
  if (!(await tree.nodeHasScope(id, Scope.KYC))) throw new Error(`${signer}'s node ${id} does not hold KYC`);
  return id;
}

/**
 * KYC_CHAIN_ID, else the chain id of the network the script runs on. On the in-process Hardhat network that is only
 * taken when the registry is deployed there: otherwise the file would silently be signed for chain 31337.
 */
async function chainIdFor(hre: HardhatRuntimeEnvironment, env: Env, registry: string): Promise<bigint> {
  const text = optionalEnv(env, "KYC_CHAIN_ID");
  if (text) return inRange("KYC_CHAIN_ID", text, 1n, BigInt(Number.MAX_SAFE_INTEGER));
  if (hre.network.name === "hardhat" && (await hre.ethers.provider.getCode(registry)) === "0x") {
    throw new Error(
      `Set KYC_CHAIN_ID: registry ${registry} is not on the in-process network, so its chain is unknown ` +
        `(e.g. 210425 for PlatON mainnet), or run with --network <name>`,
    );
  }
  if (hre.network.config.chainId !== undefined) return BigInt(hre.network.config.chainId);
  return (await hre.ethers.provider.getNetwork()).chainId;
}

async function main(): Promise<void> {
  const hre = (await import("hardhat")).default;
  const { signed, file } = await kycSign(hre, process.env);
  const a = signed.attestation;
  console.log(`Signed by ${signed.signer} as node ${a.attester} for registry ${signed.domain.verifyingContract}`);
  console.log(`  chain ${signed.domain.chainId}, wallet ${a.wallet}, classes ${classNames(a.classes).join(",")}`);
  console.log(`  jurisdiction ${a.jurisdiction}, expiry ${isoDate(a.expiry)}, submit by ${isoDate(a.deadline)}`);
  console.log(`  nonce ${a.nonce}`);
  console.log(`wrote ${file}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
