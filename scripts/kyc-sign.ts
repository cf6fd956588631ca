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
 *   KYC_ATTESTER_NODE   one of    the signer's KYC node id
 *   KYC_ROOT            these     or the root to look the signer's node up under (needs the network)
 *   KYC_WALLET          required  the client's wallet
 *   KYC_CLASSES         required  client classes: names (INSTITUTIONAL,ACCREDITED,PROFESSIONAL,RETAIL) or a mask
 *   KYC_JURISDICTION    required  ISO 3166 numeric code of the client's jurisdiction (1..999)
 *   KYC_EVIDENCE_HASH   one of    0x-prefixed 32-byte hash of the off-chain KYC evidence
 *   KYC_EVIDENCE_FILE   these     or a file whose keccak256 is the evidence hash
 *   KYC_EXPIRY          optional  the identity's expiry, seconds since 1970 (default: KYC_VALID_FOR from now)
 *   KYC_VALID_FOR       optional  duration such as 365d (default 365d)
 *   KYC_DEADLINE        optional  last moment to submit, seconds since 1970 (default: KYC_DEADLINE_IN from now)
 *   KYC_DEADLINE_IN     optional  duration such as 7d (default 7d)
 *   KYC_NONCE           optional  the signer's nonce (default: random 256-bit; sequential nonces are cheaper)
 *   KYC_CHAIN_ID        optional  chain id (default: the network's configured chainId, else asked of the network)
 *   KYC_OUT             optional  output file (default attestation.json)
 * "Now" is this machine's clock: the attestation can be made without any connection to the chain.
 */
import fs from "node:fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  attestationDomain,
  evidenceHashOf,
  randomNonce,
  signAttestation,
  signedAttestationToJson,
  type SignedAttestation,
} from "./lib/attestation";
import { classNames, parseClasses } from "./lib/classes";
import { optionalEnv, requireEnv, signerFromEnv, type Env } from "./lib/signers";
import { isoDate, parseDuration } from "./lib/time";

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
    const root = requireEnv(env, "KYC_ROOT", "the root the signer's KYC node is under (or set KYC_ATTESTER_NODE)");
    const registryContract = await hre.ethers.getContractAt("IdentityRegistry", registry);
    const tree = await hre.ethers.getContractAt("AuthorityTree", await registryContract.AUTHORITY());
    const node = await tree.nodeOf(signerAddress, BigInt(root));
    if (node === 0n) throw new Error(`${signerAddress} holds no node under root ${root}`);
    attester = node.toString();
  }

  const now = Math.floor(Date.now() / 1000);
  const expiry = optionalEnv(env, "KYC_EXPIRY") ?? String(now + parseDuration(env.KYC_VALID_FOR ?? "365d"));
  const deadline = optionalEnv(env, "KYC_DEADLINE") ?? String(now + parseDuration(env.KYC_DEADLINE_IN ?? "7d"));
  const evidenceFile = optionalEnv(env, "KYC_EVIDENCE_FILE");
  const evidenceHash = evidenceFile
    ? evidenceHashOf(fs.readFileSync(evidenceFile))
    : requireEnv(env, "KYC_EVIDENCE_HASH", "the hash of the off-chain KYC evidence (or set KYC_EVIDENCE_FILE)");
  const chainIdText = optionalEnv(env, "KYC_CHAIN_ID");
  const chainId = chainIdText
    ? BigInt(chainIdText)
    : hre.network.config.chainId !== undefined
      ? BigInt(hre.network.config.chainId)
      : (await hre.ethers.provider.getNetwork()).chainId;

  const nonceText = optionalEnv(env, "KYC_NONCE");

  const signed = await signAttestation(signer, attestationDomain(chainId, registry), {
    wallet: requireEnv(env, "KYC_WALLET", "the client's wallet"),
    classes: parseClasses(requireEnv(env, "KYC_CLASSES", "client classes, e.g. ACCREDITED,PROFESSIONAL")),
    jurisdiction: Number(requireEnv(env, "KYC_JURISDICTION", "ISO 3166 numeric code, e.g. 756")),
    expiry: BigInt(expiry),
    evidenceHash,
    attester: BigInt(attester),
    nonce: nonceText !== undefined ? BigInt(nonceText) : randomNonce(),
    deadline: BigInt(deadline),
  });
  const file = optionalEnv(env, "KYC_OUT") ?? "attestation.json";
  fs.writeFileSync(file, signedAttestationToJson(signed));
  return { signed, file };
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
