/**
 * The comparison of an indexed database with a development node's chain, shared by the indexer's tests: the audit
 * replayer rebuilds everything from the suite's logs (what the database does not keep comes from there), the
 * database's rows are put in the replayer's shapes (indexer/audit/database.ts), and the replayer's own
 * reconciliation compares them with the contracts' views. Reads deployments/devnode.
 */
import { JsonRpcProvider } from "ethers";
import { readDeployment } from "../../lib/deployments";
import { rebuildAll, reconcileAll, type AuditRebuilt, type Connect } from "../../lib/replay/audit";
import type { Difference } from "../../lib/replay/differences";
import type { Suite } from "../../lib/replay/reconcile";
import {
  AssetRegistry__factory,
  AuthorityTree__factory,
  CompliantToken__factory,
  Exchange__factory,
  IdentityRegistry__factory,
  IERC20__factory,
  IExchange__factory,
  PairRegistry__factory,
  VenueRegistry__factory,
} from "../../typechain-types";
import { fromDatabase, type Query } from "../audit/database";
import { SUITE } from "../bin/indexer";

export type ChainComparison = {
  provider: JsonRpcProvider;
  replayed: { rebuilt: AuditRebuilt; logs: number };
  /** Every difference between the database `query` reads (schema `schema`) and the views, the rows' own checks too. */
  differences(query: Query, schema: string): Promise<Difference[]>;
};

export async function compareWithChain(url: string): Promise<ChainComparison> {
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
  const address = (name: string) => readDeployment("devnode", name)!.address;
  const suite: Suite = {
    tree: AuthorityTree__factory.connect(address("AuthorityTree"), provider),
    registry: IdentityRegistry__factory.connect(address("IdentityRegistry"), provider),
    assets: AssetRegistry__factory.connect(address("AssetRegistry"), provider),
    pairs: PairRegistry__factory.connect(address("PairRegistry"), provider),
    venues: VenueRegistry__factory.connect(address("VenueRegistry"), provider),
  };
  const connect: Connect = {
    token: async (a) => CompliantToken__factory.connect(a, provider),
    venue: async (a) => ({
      exchange: Exchange__factory.connect(a, provider),
      api: IExchange__factory.connect(a, provider),
      erc20: async (token) => IERC20__factory.connect(token, provider),
    }),
  };
  const fromBlock = Math.min(...SUITE.map((name) => readDeployment("devnode", name)!.block ?? 0));
  const toBlock = await provider.getBlockNumber();
  const venue = readDeployment("devnode", "Exchange");
  const replayed = await rebuildAll(provider, suite, connect, {
    fromBlock,
    toBlock,
    venues: venue ? [venue.address] : [],
  });
  return {
    provider,
    replayed,
    async differences(query, schema) {
      const { rebuilt, checks } = await fromDatabase(query, schema, replayed.rebuilt);
      const report = await reconcileAll(suite, connect, rebuilt, replayed.logs);
      return [...report.differences, ...checks.list];
    },
  };
}
