/**
 * Choosing the account a script acts as, from environment variables: `<PREFIX>_KEY` (a private key, 0x-hex) or
 * `<PREFIX>_INDEX` (an index into the network's configured accounts, e.g. Hardhat's test accounts).
 */
import { Wallet, type Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

export type Env = { [name: string]: string | undefined };

/** The value of `name`, or an error saying which variable is missing and what it is for. */
export function requireEnv(env: Env, name: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`Set ${name}: ${what}`);
  return value;
}

/** The value of `name`, or undefined when unset or empty. */
export function optionalEnv(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * The signer named by `<prefix>_KEY` or `<prefix>_INDEX` (default index `defaultIndex`, when given), connected to the
 * network's provider. A key never needs the network to sign; an index needs the network's accounts.
 */
export async function signerFromEnv(
  hre: HardhatRuntimeEnvironment,
  env: Env,
  prefix: string,
  defaultIndex?: number,
): Promise<Signer> {
  const key = optionalEnv(env, `${prefix}_KEY`);
  if (key) return new Wallet(key, hre.ethers.provider);
  const indexText = optionalEnv(env, `${prefix}_INDEX`) ?? defaultIndex?.toString();
  if (indexText === undefined)
    throw new Error(`Set ${prefix}_KEY (a private key) or ${prefix}_INDEX (an account index)`);
  const index = Number(indexText);
  const signers = await hre.ethers.getSigners();
  if (!Number.isInteger(index) || index < 0 || index >= signers.length) {
    throw new Error(`${prefix}_INDEX=${indexText}: network "${hre.network.name}" has ${signers.length} accounts`);
  }
  return signers[index];
}
