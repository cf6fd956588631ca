/**
 * kyc-submit: a client submits the KYC attestation its institution signed (a file written by scripts/kyc-sign.ts),
 * which registers the client's identity in the IdentityRegistry named in the file.
 *
 *   KYC_IN=attestation.json KYC_SUBMITTER_KEY=0x... npx hardhat run scripts/kyc-submit.ts --network <name>
 *
 * Environment:
 *   KYC_IN               optional  the signed attestation file (default attestation.json)
 *   KYC_SUBMITTER_KEY    one of    private key of the submitting account (usually the client's wallet; anyone may
 *   KYC_SUBMITTER_INDEX  these     submit) or an index of the network's accounts (default index 0)
 *   KYC_REGISTRY         optional  the registry address, checked against the file's (default: the file's)
 * The network must be the chain the attestation was signed for; the script checks the chain id and the registry,
 * simulates the call (printing the registry's custom error if it refuses) and only then sends it.
 */
import fs from "node:fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { signedAttestationFromJson, submitSignedAttestation } from "./lib/attestation";
import { optionalEnv, signerFromEnv, type Env } from "./lib/signers";

/** Submit the attestation in KYC_IN as the environment describes; returns the new identity id and the tx hash. */
export async function kycSubmit(
  hre: HardhatRuntimeEnvironment,
  env: Env,
): Promise<{ identityId: bigint; txHash: string; wallet: string }> {
  const file = optionalEnv(env, "KYC_IN") ?? "attestation.json";
  const signed = signedAttestationFromJson(fs.readFileSync(file, "utf8"));
  const expected = optionalEnv(env, "KYC_REGISTRY");
  if (expected && hre.ethers.getAddress(expected) !== signed.domain.verifyingContract) {
    throw new Error(`${file} is for registry ${signed.domain.verifyingContract}, not KYC_REGISTRY=${expected}`);
  }
  const submitter = await signerFromEnv(hre, env, "KYC_SUBMITTER", 0);
  const registry = await hre.ethers.getContractAt("IdentityRegistry", signed.domain.verifyingContract, submitter);
  const { identityId, receipt } = await submitSignedAttestation(registry, signed);
  return { identityId, txHash: receipt.hash, wallet: signed.attestation.wallet };
}

async function main(): Promise<void> {
  const hre = (await import("hardhat")).default;
  const { identityId, txHash, wallet } = await kycSubmit(hre, process.env);
  console.log(`Registered identity ${identityId} for wallet ${wallet} (tx ${txHash})`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
