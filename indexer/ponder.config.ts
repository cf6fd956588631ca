/**
 * Ponder's configuration, filled in by the launcher (bin/indexer.ts) through INDEXER_SETUP: the node's URL and
 * chain id, and the suite's addresses and start block read from deployments/<network> by the shared library.
 * DATABASE_URL switches the database from the embedded PGlite to PostgreSQL.
 */
import { createConfig } from "ponder";
import {
  AmlLimitsAbi,
  AssetRegistryAbi,
  AuthorityTreeAbi,
  ExchangeAbi,
  IdentityRegistryAbi,
  PairRegistryAbi,
  VenueRegistryAbi,
} from "./generated/abis";

type Setup = {
  rpc: string;
  chainId: number;
  startBlock: number;
  pglite: string;
  polling: number;
  contracts: Record<"AuthorityTree" | "IdentityRegistry" | "AssetRegistry" | "PairRegistry" | "VenueRegistry", string>;
  venues: string[];
  /** The AmlLimits the venue registry names (its caps feed the AML monitor), if deployed. */
  amlLimits?: string;
};

if (!process.env.INDEXER_SETUP) throw new Error("start the indexer with: npm run indexer -- --network NAME");
const setup = JSON.parse(process.env.INDEXER_SETUP) as Setup;
const NO_VENUE = "0x0000000000000000000000000000000000000001"; // none recorded yet: a handler needs a contract
const at = (address: `0x${string}` | `0x${string}`[]) => ({
  chain: "chain" as const,
  address,
  startBlock: setup.startBlock,
});
const hex = (address: string) => address as `0x${string}`;

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: setup.pglite },
  chains: {
    // A development chain restarts from genesis with the same id: keep no RPC cache of it.
    chain: { id: setup.chainId, rpc: setup.rpc, pollingInterval: setup.polling, disableCache: setup.chainId === 31337 },
  },
  contracts: {
    AuthorityTree: { abi: AuthorityTreeAbi, ...at(hex(setup.contracts.AuthorityTree)) },
    IdentityRegistry: { abi: IdentityRegistryAbi, ...at(hex(setup.contracts.IdentityRegistry)) },
    AssetRegistry: { abi: AssetRegistryAbi, ...at(hex(setup.contracts.AssetRegistry)) },
    PairRegistry: { abi: PairRegistryAbi, ...at(hex(setup.contracts.PairRegistry)) },
    VenueRegistry: { abi: VenueRegistryAbi, ...at(hex(setup.contracts.VenueRegistry)) },
    AmlLimits: { abi: AmlLimitsAbi, ...at(hex(setup.amlLimits ?? NO_VENUE)) },
    Exchange: { abi: ExchangeAbi, ...at((setup.venues.length > 0 ? setup.venues : [NO_VENUE]).map(hex)) },
  },
});
