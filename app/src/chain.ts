/**
 * Chain connections. On a development chain (chain id 31337) the console signs with the demo's throwaway keys,
 * chosen by role ("development only"); on a real network it signs through an injected EIP-1193 wallet (MetaMask and
 * the like), which it asks to switch to (or add) PlatON mainnet or devnet.
 */
import {
  BrowserProvider,
  JsonRpcProvider,
  Wallet,
  type Eip1193Provider,
  type JsonRpcPayload,
  type JsonRpcResult,
  type Provider,
  type Signer,
} from "ethers";
import { fillMissingDifficulty, withDifficulty } from "../../lib/blockCompat";
import { absolute, type ConsoleAccount, type ConsoleDeployment } from "./config";

/** The real networks' definitions, as wallet_addEthereumChain takes them (PlatON's published endpoints). */
export const CHAINS = {
  platon: {
    chainId: 210425,
    chainName: "PlatON",
    nativeCurrency: { name: "LAT", symbol: "LAT", decimals: 18 },
    rpcUrls: ["https://openapi2.platon.network/rpc"],
    blockExplorerUrls: ["https://scan.platon.network/"],
    /** Block timestamps in milliseconds. */
    timeUnit: 1000,
  },
  platonDev: {
    chainId: 20250407,
    chainName: "PlatON devnet",
    nativeCurrency: { name: "LAT", symbol: "LAT", decimals: 18 },
    rpcUrls: ["https://devnet3openapi.platon.network/rpc"],
    blockExplorerUrls: ["https://devnet3scan.platon.network/"],
    timeUnit: 1000,
  },
} as const;

/** The page of transaction `hash` on the chain's explorer; undefined for a chain without one (a development chain). */
export function explorerTxUrl(chainId: number, hash: string): string | undefined {
  const chain = Object.values(CHAINS).find((c) => c.chainId === chainId);
  return chain ? new URL(`tx/${hash}`, chain.blockExplorerUrls[0]).toString() : undefined;
}

export type Connection = {
  provider: Provider;
  signer: Signer;
  address: string;
  label: string;
  role: string;
  /** Signing with a throwaway key of a development chain. */
  development: boolean;
};

/**
 * A JsonRpcProvider that gives every block the node answers without `difficulty` a zero one: PlatON's RPC may omit it,
 * and ethers refuses such a block, also inside a transaction's wait() (lib/blockCompat.ts).
 */
class BlockCompatProvider extends JsonRpcProvider {
  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const results = await super._send(payload);
    return results.map((r) => ("result" in r ? { ...r, result: withDifficulty(r.result) } : r));
  }
}

/** A read-only provider for the deployment's node (polling quickly: a local node mines on demand). */
export function readProvider(deployment: ConsoleDeployment): JsonRpcProvider {
  const url = absolute(deployment.rpcUrl ?? "/rpc");
  const provider = new BlockCompatProvider(url, deployment.chainId, { staticNetwork: true, cacheTimeout: -1 });
  provider.pollingInterval = 500;
  return provider;
}

/** Sign as a development account (its key comes only with a development chain's deployment file). */
export function developmentConnection(provider: JsonRpcProvider, account: ConsoleAccount): Connection {
  if (!account.key) throw new Error(`${account.label} has no development key: sign with a wallet instead`);
  return {
    provider,
    signer: new Wallet(account.key, provider),
    address: account.address,
    label: account.label,
    role: account.role,
    development: true,
  };
}

type Injected = Eip1193Provider & { request(args: { method: string; params?: unknown[] }): Promise<unknown> };

/** The injected wallet, switched to `chain` (added first if it does not know it). */
export async function walletConnection(
  chain: (typeof CHAINS)[keyof typeof CHAINS],
  accounts: readonly ConsoleAccount[],
): Promise<Connection> {
  const injected = (window as unknown as { ethereum?: Injected }).ethereum;
  if (!injected) throw new Error("No wallet found in this browser: install one (e.g. MetaMask) and reload.");
  const hexId = `0x${chain.chainId.toString(16)}`;
  try {
    await injected.request({ method: "wallet_switchEthereumChain", params: [{ chainId: hexId }] });
  } catch {
    const { timeUnit: _unit, ...definition } = chain;
    await injected.request({ method: "wallet_addEthereumChain", params: [{ ...definition, chainId: hexId }] });
  }
  // The wallet's own node may omit blocks' difficulty too (lib/blockCompat.ts): ethers gets the wallet's `request`
  // (all a BrowserProvider calls) with its answers filled in; the page's wallet object itself is left alone.
  const provider = new BrowserProvider(
    fillMissingDifficulty({ request: injected.request.bind(injected) }),
    chain.chainId,
  );
  const signer = await provider.getSigner();
  const address = await signer.getAddress();
  const known = accounts.find((a) => a.address.toLowerCase() === address.toLowerCase());
  return {
    provider,
    signer,
    address,
    label: known?.label ?? address,
    role: known?.role ?? "investor",
    development: false,
  };
}
