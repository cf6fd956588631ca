/**
 * Assets: the assets registered under the account's roots with their attestations (kind, amount, expiry, whether it
 * counts now); a LIST holder registers an asset (an external token, or a native one issued here); an AUDIT holder
 * posts an attestation (a reserve with its amount, or an audit report, disclosure or insurance).
 */
import { id as hashText } from "ethers";
import { useState } from "react";
import { AssetKind, AttestationKind, nameOf, type AttestationKindName } from "../../../lib/assets";
import { parseAmount } from "../../../lib/units";
import { IAssetRegistry__factory } from "../../../typechain-types/factories/contracts/interfaces/IAssetRegistry__factory";
import { IERC20Metadata__factory } from "../../../typechain-types/factories/@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata__factory";
import { displayAmount } from "../core/units";
import { formatWhen, storedTimeToDate } from "../core/time";
import { chainNow, useChainData, useSession, type Session } from "../state";
import { TxStatus, useTx } from "../tx";
import { DAY, type InstitutionNode } from "./logic";

const KINDS = Object.keys(AttestationKind) as AttestationKindName[];

export type AssetRow = {
  id: number;
  token: string;
  kind: number;
  root: bigint;
  symbol: string;
  decimals: number;
  retired: boolean;
  metadataURI: string;
};

/** The assets registered under `roots` (the first 100 ids), with their tokens' symbols and decimals. */
export async function readAssets(session: Session, roots: bigint[]): Promise<AssetRow[]> {
  const assets = IAssetRegistry__factory.connect(session.deployment.contracts.AssetRegistry, session.provider);
  const count = Math.min(Number(await assets.assetCount()), 100);
  const rows = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const a = await assets.asset(i + 1);
      if (!roots.includes(a.root)) return undefined;
      const erc = IERC20Metadata__factory.connect(a.token, session.provider);
      const [symbol, decimals] = await Promise.all([erc.symbol().catch(() => "?"), erc.decimals().catch(() => 18n)]);
      return {
        id: i + 1,
        token: a.token,
        kind: Number(a.kind),
        root: a.root,
        symbol,
        decimals: Number(decimals),
        retired: a.retired,
        metadataURI: a.metadataURI,
      };
    }),
  );
  return rows.filter((r) => r !== undefined);
}

export function Assets({ lister, auditor }: { lister?: InstitutionNode; auditor?: InstitutionNode }) {
  const session = useSession();
  const roots = [lister?.root, auditor?.root].filter((r) => r !== undefined);
  const data = useChainData(async () => {
    const assets = IAssetRegistry__factory.connect(session.deployment.contracts.AssetRegistry, session.provider);
    const rows = await readAssets(session, roots);
    const withAttestations = await Promise.all(
      rows.map(async (row) => ({
        ...row,
        attestations: await Promise.all(
          KINDS.map(async (k) => {
            const [a, valid] = await Promise.all([
              assets.attestation(row.id, AttestationKind[k]),
              assets.isAttestationValid(row.id, AttestationKind[k]),
            ]);
            return { kind: k, a, valid };
          }),
        ),
      })),
    );
    return withAttestations;
  }, [roots.join(",")]);
  return (
    <>
      <section aria-label="Asset list">
        <h2>Assets under root #{roots.map(String).join(", #")}</h2>
        {!data.data && <p>{data.error ?? "Reading the assets…"}</p>}
        {data.data && (
          <table data-testid="assets">
            <thead>
              <tr>
                <th scope="col">asset</th>
                <th scope="col">token</th>
                <th scope="col">kind</th>
                <th scope="col">attestations (expiry)</th>
              </tr>
            </thead>
            <tbody>
              {data.data.map((row) => (
                <tr key={row.id}>
                  <td>
                    #{row.id} {row.symbol}
                    {row.retired ? " (retired)" : ""}
                  </td>
                  <td>
                    <code>{row.token}</code>
                  </td>
                  <td>{nameOf(AssetKind, row.kind)}</td>
                  <td>
                    {row.attestations
                      .filter((x) => x.a.id !== 0n)
                      .map((x) => (
                        <div key={x.kind}>
                          {x.kind} #{x.a.id.toString()}
                          {x.kind === "Reserve"
                            ? ` ${displayAmount(x.a.amount, row.decimals)} ${row.symbol}`
                            : ""}: {x.valid ? "counts" : "does not count"} until{" "}
                          {formatWhen(storedTimeToDate(x.a.expiry))}
                        </div>
                      ))}
                    {row.attestations.every((x) => x.a.id === 0n) && "none"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {lister ? (
        <RegisterAsset lister={lister} />
      ) : (
        <p className="muted">Registering assets is not offered: this account holds no valid LIST node.</p>
      )}
      {auditor ? (
        <PostAttestation auditor={auditor} assets={data.data ?? []} />
      ) : (
        <p className="muted">Posting attestations is not offered: this account holds no valid AUDIT node.</p>
      )}
    </>
  );
}

function RegisterAsset({ lister }: { lister: InstitutionNode }) {
  const session = useSession();
  const tx = useTx();
  const [token, setToken] = useState("");
  const [kind, setKind] = useState<"External" | "Native">("External");
  const [issuer, setIssuer] = useState("");
  const [uri, setUri] = useState("");
  const register = () => {
    const a = IAssetRegistry__factory.connect(session.deployment.contracts.AssetRegistry, session.connection!.signer);
    const who = issuer || "0x0000000000000000000000000000000000000000";
    void tx.run(
      [
        {
          what: `register ${token} as a ${kind.toLowerCase()} asset under root #${lister.root}`,
          simulate: () => a.registerAsset.staticCall(token, AssetKind[kind], lister.root, who, uri),
          send: () => a.registerAsset(token, AssetKind[kind], lister.root, who, uri),
        },
      ],
      { action: "register an asset" },
    );
  };
  return (
    <section aria-label="Register an asset">
      <h2>Register an asset (LIST node #{lister.id.toString()})</h2>
      <div className="row">
        <label>
          Token contract <input aria-label="Token contract" value={token} onChange={(e) => setToken(e.target.value)} />
        </label>
        <label>
          Kind{" "}
          <select
            aria-label="Asset kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as "External" | "Native")}
          >
            <option value="External">external (an existing token)</option>
            <option value="Native">native (issued here)</option>
          </select>
        </label>
        <label>
          Issuer (native: its issuer; external: optional){" "}
          <input aria-label="Asset issuer" value={issuer} onChange={(e) => setIssuer(e.target.value)} />
        </label>
        <label>
          Description URI <input aria-label="Metadata URI" value={uri} onChange={(e) => setUri(e.target.value)} />
        </label>
        <button type="button" disabled={!token} onClick={register}>
          Register the asset
        </button>
      </div>
      <TxStatus state={tx.state} />
    </section>
  );
}

function PostAttestation({ auditor, assets }: { auditor: InstitutionNode; assets: AssetRow[] }) {
  const session = useSession();
  const tx = useTx();
  const [assetId, setAssetId] = useState("");
  const [kind, setKind] = useState<AttestationKindName>("Reserve");
  const [amount, setAmount] = useState("");
  const [days, setDays] = useState("60");
  const [uri, setUri] = useState("");
  const [problem, setProblem] = useState<string>();
  const asset = assets.find((a) => String(a.id) === assetId);
  const post = async () => {
    setProblem(undefined);
    if (!asset) return;
    const a = IAssetRegistry__factory.connect(session.deployment.contracts.AssetRegistry, session.connection!.signer);
    const now = await chainNow(session);
    const expiry = now + Number(days) * DAY;
    // The report's hash: of its URI and contents as given here (the registry refuses the zero hash).
    const hash = hashText(`${uri} ${kind} ${asset.id} ${now}`);
    if (kind === "Reserve") {
      let units: bigint;
      try {
        units = parseAmount(amount, asset.decimals, "reserve");
      } catch (e) {
        setProblem(e instanceof Error ? e.message : String(e));
        return;
      }
      await tx.run(
        [
          {
            what: `attest a reserve of ${amount} ${asset.symbol} for asset #${asset.id}`,
            simulate: () => a.attestReserve.staticCall(asset.id, units, now, expiry, uri, hash),
            send: () => a.attestReserve(asset.id, units, now, expiry, uri, hash),
          },
        ],
        { action: "attest a reserve", token: asset.token },
      );
    } else {
      await tx.run(
        [
          {
            what: `post a ${kind} attestation for asset #${asset.id}`,
            simulate: () => a.attest.staticCall(asset.id, AttestationKind[kind], expiry, uri, hash),
            send: () => a.attest(asset.id, AttestationKind[kind], expiry, uri, hash),
          },
        ],
        { action: "attest" },
      );
    }
  };
  return (
    <section aria-label="Post an attestation">
      <h2>Post an attestation (AUDIT node #{auditor.id.toString()})</h2>
      <div className="row">
        <label>
          Asset{" "}
          <select aria-label="Attested asset" value={assetId} onChange={(e) => setAssetId(e.target.value)}>
            <option value="">choose…</option>
            {assets.map((a) => (
              <option key={a.id} value={String(a.id)}>
                #{a.id} {a.symbol}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind{" "}
          <select
            aria-label="Attestation kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as AttestationKindName)}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        {kind === "Reserve" && (
          <label>
            Reserve ({asset?.symbol ?? "units"}){" "}
            <input
              aria-label="Reserve amount"
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </label>
        )}
        <label>
          Counts for (days){" "}
          <input
            aria-label="Attestation days"
            inputMode="numeric"
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        </label>
        <label>
          Report URI <input aria-label="Report URI" value={uri} onChange={(e) => setUri(e.target.value)} />
        </label>
        <button type="button" disabled={!asset || !uri} onClick={() => void post()}>
          Post the attestation
        </button>
      </div>
      {problem && <p role="alert">{problem}</p>}
      <TxStatus state={tx.state} />
    </section>
  );
}
