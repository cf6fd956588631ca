/**
 * kyc-submit: a client submits the KYC attestation its institution signed (a file written by scripts/kyc-sign.ts),
 * which registers the client's identity in the IdentityRegistry KYC_REGISTRY (which must be the file's).
 *
 *   KYC_REGISTRY=0x... KYC_IN=attestation.json KYC_SUBMITTER_KEY=0x... \
 *   npx hardhat run scripts/kyc-submit.ts --network <name>
 *
 * Environment:
 *   KYC_REGISTRY         required  the registry address; refused unless the file was signed for it
 *   KYC_IN               optional  the signed attestation file (default attestation.json)
 *   KYC_SUBMITTER_KEY    one of    private key of the submitting account (usually the client's wallet) or an index
 *   KYC_SUBMITTER_INDEX  these     of the network's accounts (default index 0)
 *   KYC_WALLET_KEY       optional  when the submitter is not the wallet (a relayer): the wallet's private key, to sign
 *                                  its consent to be bound (valid for KYC_CONSENT_FOR, default 1h, of chain time)
 * The network must be the chain the attestation was signed for; the script checks the chain id and the registry,
 * simulates the call (printing the registry's custom error if it refuses) and only then sends it.
 */
import fs from "node:fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Wallet } from "ethers";
import {
  NO_CONSENT,
  randomNonce,
  signConsent,
  signedAttestationFromJson,
  submitSignedAttestation,
} from "../lib/attestation";
import { optionalEnv, requireEnv, signerFromEnv, type Env } from "../lib/signers";
import { parseDuration } from "../lib/time";

/** Submit the attestation in KYC_IN as the environment describes; returns the new identity id and the tx hash. */
export async function kycSubmit(
  hre: HardhatRuntimeEnvironment,
  env: Env,
): Promise<{ identityId: bigint; txHash: string; wallet: string }> {
  const file = optionalEnv(env, "KYC_IN") ?? "attestation.json";
  const signed = signedAttestationFromJson(fs.readFileSync(file, "utf8"));
  // Never send to whatever contract a file names: the caller says which registry it means.
  const expected = requireEnv(env, "KYC_REGISTRY", "the IdentityRegistry address the attestation is for");
  if (hre.ethers.getAddress(expected) !== signed.domain.verifyingContract) {
    throw new Error(`${file} is for registry ${signed.domain.verifyingContract}, not KYC_REGISTRY=${expected}`);
  }
  const submitter = await signerFromEnv(hre, env, "KYC_SUBMITTER", 0);
  const registry = await hre.ethers.getContractAt("IdentityRegistry", signed.domain.verifyingContract, submitter);
  const wallet = signed.attestation.wallet;
  let consent = NO_CONSENT;
  if (hre.ethers.getAddress(await submitter.getAddress()) !== wallet) {
    const key = optionalEnv(env, "KYC_WALLET_KEY");
    if (!key) {
      throw new Error(
        `The submitter is not the wallet ${wallet}: submit as the wallet, or set KYC_WALLET_KEY to sign its consent`,
      );
    }
    const walletSigner = new Wallet(key);
    if (walletSigner.address !== wallet) throw new Error(`KYC_WALLET_KEY is not the key of wallet ${wallet}`);
    const deadline = (await registry.currentTime()) + BigInt(parseDuration(env.KYC_CONSENT_FOR ?? "1h"));
    consent = await signConsent(walletSigner, signed.domain, {
      wallet,
      identityId: 0n,
      attester: signed.attestation.attester,
      nonce: randomNonce(),
      deadline,
    });
  }
  const { identityId, receipt } = await submitSignedAttestation(registry, signed, consent);
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
