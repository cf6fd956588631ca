/**
 * The console's shell: loads the deployment, connects (a development account chosen by role on a local chain, or an
 * injected wallet on PlatON), and opens the workspace of the account's role (the investor's is the most complete; the
 * institution's and the regulator's are skeletons: docs/console.md lists what remains of issue 19).
 */
import { Wallet, type Interface, type JsonRpcProvider } from "ethers";
import { lazy, Suspense, useEffect, useState } from "react";
import { CHAINS, developmentConnection, readProvider, walletConnection, type Connection } from "./chain";
import { loadDeployment, type ConsoleAccount, type ConsoleDeployment } from "./config";
import { suiteErrors } from "./core/refusal";
import { Investor } from "./investor/Investor";
import { workspacesFor, type HeldNode, type Workspace } from "./core/roles";
import { SessionProvider, useChainData, useSession } from "./state";

// The other roles' workspaces load on demand: most users are investors.
/** Where the tab keeps the development account chosen (sessionStorage: this tab only, gone with it). */
const DEV_ACCOUNT_KEY = "console.developmentAccount";
const Regulator = lazy(() => import("./regulator/Regulator").then((m) => ({ default: m.Regulator })));
const Institution = lazy(() => import("./institution/Institution").then((m) => ({ default: m.Institution })));

const WORKSPACES: Record<Workspace, string> = {
  investor: "Investor",
  institution: "Institution",
  regulator: "Regulator",
};

/** The workspace a role opens first. */
export function workspaceOf(role: string): Workspace {
  if (role === "regulator" || role === "governor") return "regulator";
  if (role === "investor") return "investor";
  return "institution";
}

const ROLE_ORDER = ["regulator", "bank", "issuer", "operator", "auditor", "lister", "steward", "investor", "governor"];

export function App() {
  const [loaded, setLoaded] = useState<{
    deployment: ConsoleDeployment;
    provider: JsonRpcProvider;
    errors: Interface;
  }>();
  const [problem, setProblem] = useState<string>();
  const [connection, setConnection] = useState<Connection>();
  const [workspace, setWorkspace] = useState<Workspace>("investor");
  /** Fresh wallets made in this page (development chains only; their keys live in memory, gone on reload). */
  const [fresh, setFresh] = useState<ConsoleAccount[]>([]);
  useEffect(() => {
    loadDeployment()
      .then((deployment) =>
        setLoaded({ deployment, provider: readProvider(deployment), errors: suiteErrors(deployment.errors) }),
      )
      .catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  }, []);
  // A reload keeps the development account chosen in this tab (a new wallet's key lives in memory only: not kept).
  useEffect(() => {
    if (!loaded?.deployment.development) return;
    const kept = sessionStorage.getItem(DEV_ACCOUNT_KEY);
    const account = loaded.deployment.accounts.find((a) => a.key && a.address === kept);
    if (!account) return;
    setConnection(developmentConnection(loaded.provider, account));
    setWorkspace(workspaceOf(account.role));
  }, [loaded]);
  if (problem) return <p role="alert">{problem}</p>;
  if (!loaded) return <p>Loading the deployment…</p>;
  const { deployment, provider } = loaded;
  const accounts = [...deployment.accounts, ...fresh]
    .filter((a) => a.key)
    .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.label.localeCompare(b.label));
  const choose = (address: string) => {
    const account = [...deployment.accounts, ...fresh].find((a) => a.address === address);
    setConnection(account ? developmentConnection(provider, account) : undefined);
    if (account) setWorkspace(workspaceOf(account.role));
    sessionStorage.setItem(DEV_ACCOUNT_KEY, account?.address ?? "");
  };
  /** A new throwaway wallet with gas money (the node's own balance-setting call): a client-to-be for the KYC flow. */
  const newWallet = async () => {
    const wallet = Wallet.createRandom();
    const balance = "0x8ac7230489e80000"; // 10 ETH
    await provider
      .send("hardhat_setBalance", [wallet.address, balance])
      .catch(() => provider.send("anvil_setBalance", [wallet.address, balance]));
    const account = {
      label: `New wallet ${fresh.length + 1}`,
      address: wallet.address,
      role: "investor",
      key: wallet.privateKey,
    };
    setFresh([...fresh, account]);
    setConnection(developmentConnection(provider, account));
    setWorkspace("investor");
  };
  const connectWallet = async (chain: keyof typeof CHAINS) => {
    try {
      const c = await walletConnection(CHAINS[chain], deployment.accounts);
      setConnection(c);
      setWorkspace(workspaceOf(c.role));
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <SessionProvider deployment={deployment} provider={provider} errors={loaded.errors} connection={connection}>
      <header>
        <h1>Permissioned exchange</h1>
        <span className="muted">
          {deployment.network} (chain {deployment.chainId})
        </span>
        {deployment.development ? (
          <span className="dev">
            <label>
              Account (development only: throwaway keys of this local chain){" "}
              <select
                aria-label="Development account"
                value={connection?.address ?? ""}
                onChange={(e) => choose(e.target.value)}
              >
                <option value="">choose…</option>
                {accounts.map((a) => (
                  <option key={a.address} value={a.address}>
                    {a.label} ({a.role})
                  </option>
                ))}
              </select>
            </label>{" "}
            <button type="button" onClick={() => void newWallet().catch((e: Error) => setProblem(e.message))}>
              New wallet
            </button>
          </span>
        ) : (
          <span>
            <button type="button" onClick={() => void connectWallet("platon")}>
              Connect wallet (PlatON)
            </button>{" "}
            <button type="button" onClick={() => void connectWallet("platonDev")}>
              Connect wallet (PlatON devnet)
            </button>
          </span>
        )}
        {connection && (
          <span data-testid="connected">
            {connection.label} <code>{connection.address}</code>
          </span>
        )}
      </header>
      <main>
        {!connection && <p>Choose an account to start.</p>}
        {connection && <Workspaces workspace={workspace} setWorkspace={setWorkspace} />}
      </main>
    </SessionProvider>
  );
}

/** The tabs the account may open (core/roles.ts), each refused one saying why, and the open workspace. */
function Workspaces(props: { workspace: Workspace; setWorkspace: (w: Workspace) => void }) {
  const session = useSession();
  const address = session.connection!.address;
  const held = useChainData(async () => {
    const tree = session.read.tree;
    const out: HeldNode[] = [];
    for (const root of await tree.roots(0, 50)) {
      const id = await tree.nodeOf(address, root);
      if (id === 0n) continue;
      const [n, valid] = await Promise.all([tree.node(id), tree.isValid(id)]);
      out.push({ root, id, depth: Number(n.depth), scopes: Number(n.scopes), valid });
    }
    const governor = (await tree.governor()).toLowerCase() === address.toLowerCase();
    return { nodes: out, governor };
  }, [address]);
  if (!held.data) return <p>{held.error ?? "Reading the account's licences…"}</p>;
  // The tree's governor acts on roots (suspend, renew, revoke) without holding a node: the regulator's workspace too.
  const offered = { ...workspacesFor(held.data.nodes), ...(held.data.governor ? { regulator: true as const } : {}) };
  const open = offered[props.workspace] === true ? props.workspace : "investor";
  return (
    <>
      <nav aria-label="Workspaces" className="row">
        {(Object.keys(WORKSPACES) as Workspace[]).map((w) => {
          const why = offered[w];
          return (
            <button
              key={w}
              type="button"
              aria-pressed={open === w}
              disabled={why !== true}
              title={why === true ? undefined : `Not offered: ${why}`}
              onClick={() => props.setWorkspace(w)}
            >
              {WORKSPACES[w]}
            </button>
          );
        })}
        {open !== props.workspace && (
          <span className="muted">
            The {WORKSPACES[props.workspace].toLowerCase()}&apos;s workspace is not offered: {offered[props.workspace]}.
          </span>
        )}
      </nav>
      {/* Keyed by the account: another account starts afresh, never showing the last one's transactions or forms. */}
      <Suspense fallback={<p>Loading…</p>}>
        {open === "investor" && <Investor key={address} />}
        {open === "institution" && <Institution key={address} />}
        {open === "regulator" && <Regulator key={address} />}
      </Suspense>
    </>
  );
}
