/**
 * The console's shared state: the deployment, the read provider, the connected account, the suite's contracts, the
 * decoded-error catalogue, the chain's time unit and the latest block (every view re-reads on each new block).
 */
import { Contract, type Interface, type JsonRpcProvider } from "ethers";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { RefusalContext } from "../../lib/errors/explain";
import type { Connection } from "./chain";
import type { ConsoleDeployment } from "./config";
import { suite, type Suite } from "./contracts";

export type Session = {
  deployment: ConsoleDeployment;
  provider: JsonRpcProvider;
  errors: Interface;
  timeUnit: number;
  block: number;
  connection?: Connection;
  /** The contracts for reading (the provider). */
  read: Suite;
  /** The contracts for writing (the connected signer); undefined until an account is chosen. */
  write?: Suite;
  /** What lib/errors/explain.ts needs to explain a refusal to this user. */
  refusalContext(extra?: Partial<RefusalContext>): RefusalContext;
  /** Names of accounts (lower-cased address -> label). */
  labels: ReadonlyMap<string, string>;
};

const SessionContext = createContext<Session | undefined>(undefined);

/** The chain's now in seconds (the latest block's time; milliseconds on PlatON, divided by the time unit). */
export async function chainNow(session: Session): Promise<number> {
  return Math.floor(Number((await session.provider.getBlock("latest"))!.timestamp) / session.timeUnit);
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

export function SessionProvider(props: {
  deployment: ConsoleDeployment;
  provider: JsonRpcProvider;
  errors: Interface;
  connection?: Connection;
  children: ReactNode;
}) {
  const { deployment, provider, errors, connection } = props;
  const [block, setBlock] = useState(0);
  const [timeUnit, setTimeUnit] = useState(1);
  useEffect(() => {
    let live = true;
    const tree = new Contract(
      deployment.contracts.AuthorityTree,
      ["function TIME_UNIT() view returns (uint256)"],
      provider,
    );
    tree
      .TIME_UNIT()
      .then((u: bigint) => live && setTimeUnit(Number(u)))
      .catch(() => undefined);
    // Our own poll of the head, not provider.on("block"): ethers' subscription is torn down asynchronously, and an
    // off/on pair (React's effects re-run) left the new listener on a stopped subscriber, so the screens froze.
    const poll = () =>
      provider
        .getBlockNumber()
        .then((n) => live && setBlock(n))
        .catch(() => undefined);
    void poll();
    const timer = setInterval(poll, provider.pollingInterval);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [deployment, provider]);
  const labels = new Map(deployment.accounts.map((a) => [a.address.toLowerCase(), a.label]));
  const c = deployment.contracts;
  const session: Session = {
    deployment,
    provider,
    errors,
    timeUnit,
    block,
    connection,
    read: suite(deployment, provider),
    write: connection ? suite(deployment, connection.signer) : undefined,
    labels,
    refusalContext: (extra = {}) => ({
      provider,
      contracts: {
        tree: c.AuthorityTree,
        registry: c.IdentityRegistry,
        assets: c.AssetRegistry,
        pairs: c.PairRegistry,
        venue: c.Exchange,
      },
      timeUnit,
      labels,
      wallet: connection?.address,
      logs: { fromBlock: deployment.fromBlock },
      ...extra,
    }),
  };
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}

/**
 * Re-run `load` on every new block (and when `deps` change; every `pollMs` too, for what lags the chain, such as the
 * indexer's history of a block already seen); keeps the last good value.
 */
export function useChainData<T>(
  load: () => Promise<T>,
  deps: unknown[],
  pollMs?: number,
): { data?: T; error?: string } {
  const { block } = useSession();
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  const [beat, setBeat] = useState(0);
  useEffect(() => {
    if (!pollMs) return;
    const timer = setInterval(() => setBeat((b) => b + 1), pollMs);
    return () => clearInterval(timer);
  }, [pollMs]);
  useEffect(() => {
    let live = true;
    load()
      .then((data) => live && setState({ data }))
      .catch((e: unknown) => live && setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) })));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [block, beat, ...deps]);
  return state;
}
