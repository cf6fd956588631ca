/**
 * A bank's clients (its KYC node): a direct registration with the wallet's consent (kyc:consent's file, or on a
 * development chain the wallet's throwaway key), the clients the node attested with their standing and expiry, and
 * for each: renew (or shorten), freeze, unfreeze, migrate to another KYC node, replace a lost wallet (issue 17: with
 * notice; contested by the lost wallet or a higher rank; claimed at the venue once the notice has passed).
 */
import { Wallet, type ContractTransactionResponse } from "ethers";
import { useState } from "react";
import {
  attestationDomain,
  evidenceHashOf,
  NO_CONSENT,
  randomNonce,
  signConsent,
  type Consent,
} from "../../../lib/attestation";
import { classMask, classNames, type ClientClassName } from "../../../lib/classes";
import { IIdentitySuccession__factory } from "../../../typechain-types/factories/contracts/interfaces/IIdentityRegistry.sol/IIdentitySuccession__factory";
import { formatWhen, storedTimeToDate } from "../core/time";
import { chainNow, useChainData, useSession, type Session } from "../state";
import { TxStatus, useTx } from "../tx";
import { ClassBoxes } from "./Attest";
import { clientStanding, consentFromFile, DAY, expiryFor, reasonBytes32, type InstitutionNode } from "./logic";

/** How many of the newest identities the client list reads from the chain. */
const LIST_WINDOW = 200;

function registryFor(session: Session) {
  return IIdentitySuccession__factory.connect(
    session.deployment.contracts.IdentityRegistry,
    session.connection!.signer,
  );
}

/** A date input's day, end of that day in the user's time zone, as seconds. */
function endOfDay(date: string): number {
  return Math.floor(new Date(`${date}T23:59:59`).getTime() / 1000);
}

/**
 * The consent of `wallet` (to a new identity by `attester`, or to join `identityId`): the pasted kyc:consent file,
 * or, on a development chain, signed with the wallet's throwaway key when the deployment file has it.
 */
async function consentOf(
  session: Session,
  wallet: string,
  pasted: string,
  target: { attester?: bigint; identityId?: bigint },
): Promise<Consent> {
  const registry = session.deployment.contracts.IdentityRegistry;
  if (pasted.trim())
    return consentFromFile(pasted, { registry, chainId: session.deployment.chainId, wallet, ...target });
  if (wallet.toLowerCase() === session.connection!.address.toLowerCase()) return NO_CONSENT;
  const key = session.deployment.accounts.find((a) => a.address.toLowerCase() === wallet.toLowerCase())?.key;
  if (!session.deployment.development || !key)
    throw new Error(
      `${wallet} must consent: have it sign with \`npx hardhat kyc:consent ${
        target.identityId ? `--identity ${target.identityId}` : `--attester ${target.attester}`
      }\` and paste the file here`,
    );
  return signConsent(new Wallet(key), attestationDomain(session.deployment.chainId, registry), {
    wallet,
    identityId: target.identityId ?? 0n,
    attester: target.attester ?? 0n,
    nonce: randomNonce(),
    deadline: BigInt((await chainNow(session)) + DAY),
  });
}

export function Clients({ node }: { node: InstitutionNode }) {
  const session = useSession();
  const clients = useChainData(async () => {
    const registry = session.read.registry;
    const count = Number(await registry.identityCount());
    const ids: number[] = [];
    for (let id = count; id >= 1 && ids.length < LIST_WINDOW; id--) ids.push(id);
    const rows = await Promise.all(
      ids.map(async (id) => {
        const identity = await registry.identity(id).catch(() => undefined);
        if (!identity || identity.attester !== node.id) return undefined;
        const wallets = await registry.wallets(id, 0, 8);
        return { id: BigInt(id), identity, wallets };
      }),
    );
    return { rows: rows.filter((r) => r !== undefined), now: await chainNow(session) };
  }, [node.id]);
  const [selected, setSelected] = useState<bigint>();
  const chosen = clients.data?.rows.find((r) => r.id === selected);
  return (
    <>
      <Register node={node} />
      <section aria-label="Clients">
        <h2>Clients of KYC node #{node.id.toString()}</h2>
        {!clients.data && <p>{clients.error ?? "Reading the clients…"}</p>}
        {clients.data && clients.data.rows.length === 0 && <p>This node has attested no client yet.</p>}
        {clients.data && clients.data.rows.length > 0 && (
          <table data-testid="clients">
            <thead>
              <tr>
                <th scope="col">identity</th>
                <th scope="col">wallet</th>
                <th scope="col">classes</th>
                <th scope="col">jurisdiction</th>
                <th scope="col">status</th>
                <th scope="col">expires</th>
                <th scope="col">act</th>
              </tr>
            </thead>
            <tbody>
              {clients.data.rows.map((r) => (
                <tr key={r.id.toString()} aria-selected={r.id === selected}>
                  <td>#{r.id.toString()}</td>
                  <td>
                    {r.wallets.map((w) => (
                      <div key={w}>
                        {session.labels.get(w.toLowerCase()) ?? ""} <code>{w}</code>
                      </div>
                    ))}
                  </td>
                  <td>{classNames(Number(r.identity.classes)).join(", ")}</td>
                  <td>{r.identity.jurisdiction.toString()}</td>
                  <td>{clientStanding(r.identity, clients.data!.now)}</td>
                  <td>{formatWhen(storedTimeToDate(r.identity.expiry))}</td>
                  <td>
                    <button type="button" onClick={() => setSelected(r.id)}>
                      Manage client #{r.id.toString()}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {chosen && (
        <Client
          key={chosen.id.toString()}
          node={node}
          id={chosen.id}
          wallets={chosen.wallets}
          frozen={chosen.identity.frozen}
          frozenBy={Number(chosen.identity.frozenByDepth)}
        />
      )}
      <Notice />
    </>
  );
}

/** A direct registration by the bank, with the wallet's consent. */
function Register({ node }: { node: InstitutionNode }) {
  const session = useSession();
  const tx = useTx();
  const [wallet, setWallet] = useState("");
  const [classes, setClasses] = useState<ClientClassName[]>(["ACCREDITED"]);
  const [jurisdiction, setJurisdiction] = useState("756");
  const [validDays, setValidDays] = useState("365");
  const [consent, setConsent] = useState("");
  const [problem, setProblem] = useState<string>();
  const register = async () => {
    setProblem(undefined);
    tx.reset();
    let c: Consent;
    try {
      c = await consentOf(session, wallet, consent, { attester: node.id });
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
      return;
    }
    const now = await chainNow(session);
    const registration = {
      wallet,
      classes: classMask(...classes),
      jurisdiction: Number(jurisdiction),
      expiry: expiryFor(now, Number(validDays), node.leaseEnd),
      evidenceHash: evidenceHashOf(new TextEncoder().encode(`KYC file of ${wallet}`)),
    };
    const r = registryFor(session);
    await tx.run(
      [
        {
          what: `register ${wallet} (node #${node.id})`,
          simulate: () => r.register.staticCall(node.id, registration, c),
          send: () => r.register(node.id, registration, c),
        },
      ],
      { action: "register", wallet },
    );
  };
  return (
    <section aria-label="Register a client">
      <h2>Register a client directly</h2>
      <p className="muted">
        The wallet consents to its registration by node #{node.id.toString()}: it signs with{" "}
        <code>npx hardhat kyc:consent --attester {node.id.toString()}</code> and hands the file over (on this
        development chain, a known wallet&apos;s throwaway key signs when the field is left empty).
      </p>
      <div className="row">
        <label>
          Wallet to register{" "}
          <input aria-label="Wallet to register" value={wallet} onChange={(e) => setWallet(e.target.value)} />
        </label>
        <label>
          Jurisdiction{" "}
          <input
            aria-label="Registration jurisdiction"
            inputMode="numeric"
            value={jurisdiction}
            onChange={(e) => setJurisdiction(e.target.value)}
          />
        </label>
        <label>
          Valid for (days){" "}
          <input
            aria-label="Registration valid for days"
            inputMode="numeric"
            value={validDays}
            onChange={(e) => setValidDays(e.target.value)}
          />
        </label>
      </div>
      <ClassBoxes classes={classes} setClasses={setClasses} />
      <label>
        The wallet&apos;s consent (kyc:consent&apos;s file){" "}
        <textarea aria-label="Wallet consent" rows={3} value={consent} onChange={(e) => setConsent(e.target.value)} />
      </label>
      <div className="row">
        <button type="button" disabled={!wallet || classes.length === 0} onClick={() => void register()}>
          Register the client
        </button>
      </div>
      {problem && (
        <p role="alert" data-testid="register-problem">
          {problem}
        </p>
      )}
      <TxStatus state={tx.state} />
    </section>
  );
}

/** One client's acts: renew, freeze, unfreeze, migrate, replace a lost wallet. */
function Client(props: { node: InstitutionNode; id: bigint; wallets: string[]; frozen: boolean; frozenBy: number }) {
  const { node, id, wallets, frozen, frozenBy } = props;
  // Freezing a frozen identity is a takeover, only from a strictly higher rank (AlreadyFrozen otherwise).
  const freezeTaken = frozen && node.depth >= frozenBy;
  const session = useSession();
  const tx = useTx();
  const [until, setUntil] = useState("");
  const [reason, setReason] = useState("");
  const [attester, setAttester] = useState("");
  const [lost, setLost] = useState(wallets[0] ?? "");
  const [successor, setSuccessor] = useState("");
  const [consent, setConsent] = useState("");
  const [problem, setProblem] = useState<string>();
  const r = () => registryFor(session);
  const one = (
    what: string,
    action: string,
    call: () => Promise<ContractTransactionResponse>,
    sim: () => Promise<unknown>,
  ) => void tx.run([{ what, simulate: sim, send: call }], { action });
  const why = () => reasonBytes32(reason);
  const replace = async () => {
    setProblem(undefined);
    tx.reset();
    let c: Consent = NO_CONSENT;
    if (!wallets.some((w) => w.toLowerCase() === successor.toLowerCase())) {
      try {
        c = await consentOf(session, successor, consent, { identityId: id });
      } catch (e) {
        setProblem(e instanceof Error ? e.message : String(e));
        return;
      }
    }
    const reg = r();
    await tx.run(
      [
        {
          what: `replace wallet ${lost} of identity #${id} by ${successor}`,
          simulate: () => reg.replaceWallet.staticCall(id, lost, successor, why(), c),
          send: () => reg.replaceWallet(id, lost, successor, why(), c),
        },
      ],
      { action: "replace a wallet" },
    );
  };
  const expiry = until ? endOfDay(until) : 0;
  return (
    <section aria-label="Client">
      <h2>Client #{id.toString()}</h2>
      <div className="row">
        <label>
          Valid until{" "}
          <input aria-label="Valid until" type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
        </label>
        <button
          type="button"
          disabled={!until}
          onClick={() =>
            one(
              `renew identity #${id} until ${until}`,
              "renew",
              () => r().renew(id, expiry),
              () => r().renew.staticCall(id, expiry),
            )
          }
        >
          Renew
        </button>
        <span className="muted">
          at most until the node&apos;s lease, {formatWhen(storedTimeToDate(node.leaseEnd))}
        </span>
      </div>
      <div className="row">
        <label>
          Reason{" "}
          <input aria-label="Client reason" maxLength={31} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button
          type="button"
          disabled={freezeTaken}
          title={
            freezeTaken
              ? `Not offered: already frozen by rank ${frozenBy} (only a higher rank takes it over)`
              : undefined
          }
          onClick={() =>
            one(
              `freeze identity #${id}`,
              "freeze",
              () => r().freeze(id, why()),
              () => r().freeze.staticCall(id, why()),
            )
          }
        >
          Freeze
        </button>
        <button
          type="button"
          // Offered while the identity is frozen (the registry checks the freezer's rank).
          disabled={!frozen}
          title={frozen ? undefined : "Not offered: the identity is not frozen"}
          onClick={() =>
            one(
              `unfreeze identity #${id}`,
              "unfreeze",
              () => r().unfreeze(id),
              () => r().unfreeze.staticCall(id),
            )
          }
        >
          Unfreeze
        </button>
      </div>
      <div className="row">
        <label>
          Move to KYC node{" "}
          <input
            aria-label="New attester node"
            inputMode="numeric"
            value={attester}
            onChange={(e) => setAttester(e.target.value)}
          />
        </label>
        <button
          type="button"
          disabled={!/^\d+$/.test(attester)}
          onClick={() =>
            one(
              `migrate identity #${id} to node #${attester}`,
              "migrate",
              () => r().migrate(id, BigInt(attester)),
              () => r().migrate.staticCall(id, BigInt(attester)),
            )
          }
        >
          Migrate
        </button>
      </div>
      <fieldset>
        <legend>Replace a lost wallet (the successor may act for it at the venue after a 7-day notice)</legend>
        <div className="row">
          <label>
            Lost wallet{" "}
            <select aria-label="Lost wallet" value={lost} onChange={(e) => setLost(e.target.value)}>
              {wallets.map((w) => (
                <option key={w} value={w}>
                  {w}
                </option>
              ))}
            </select>
          </label>
          <label>
            Successor wallet{" "}
            <input aria-label="Successor wallet" value={successor} onChange={(e) => setSuccessor(e.target.value)} />
          </label>
        </div>
        <label>
          The successor&apos;s consent (kyc:consent --identity {id.toString()}){" "}
          <textarea
            aria-label="Successor consent"
            rows={2}
            value={consent}
            onChange={(e) => setConsent(e.target.value)}
          />
        </label>
        <div className="row">
          <button type="button" disabled={!lost || !successor} onClick={() => void replace()}>
            Replace the wallet
          </button>
        </div>
      </fieldset>
      {problem && <p role="alert">{problem}</p>}
      <TxStatus state={tx.state} />
    </section>
  );
}

/** A wallet replacement's notice: who succeeds, from when; contest it, or claim the venue account after it. */
function Notice() {
  const session = useSession();
  const tx = useTx();
  const [lost, setLost] = useState("");
  const [reason, setReason] = useState("");
  const valid = /^0x[0-9a-fA-F]{40}$/.test(lost);
  const notice = useChainData(async () => {
    if (!valid) return undefined;
    const reg = IIdentitySuccession__factory.connect(session.deployment.contracts.IdentityRegistry, session.provider);
    const [n, successor] = await Promise.all([reg.replacementNotice(lost), reg.successorOf(lost)]);
    // An ethers Result spreads as its positions only: name the fields.
    return { successor: n.successor, identityId: n.identityId, claimableAt: n.claimableAt, effective: successor };
  }, [lost]);
  const contest = () => {
    const reg = registryFor(session);
    const why = reasonBytes32(reason);
    void tx.run(
      [
        {
          what: `contest the replacement of ${lost}`,
          simulate: () => reg.contestReplacement.staticCall(lost, why),
          send: () => reg.contestReplacement(lost, why),
        },
      ],
      { action: "contest a replacement" },
    );
  };
  const claim = () => {
    const venue = session.write!.venue;
    void tx.run(
      [
        {
          what: `move ${lost}'s venue account to its successor`,
          simulate: () => venue.claimWallet.staticCall(lost),
          send: () => venue.claimWallet(lost),
        },
      ],
      { action: "claim a wallet" },
    );
  };
  const n = notice.data;
  const none = "0x0000000000000000000000000000000000000000";
  const passed = valid && !!n && n.effective !== none;
  const inNotice = valid && !!n && n.successor !== none && !passed;
  return (
    <section aria-label="Wallet replacement notice">
      <h2>A wallet replacement&apos;s notice</h2>
      <div className="row">
        <label>
          Replaced wallet <input aria-label="Replaced wallet" value={lost} onChange={(e) => setLost(e.target.value)} />
        </label>
        <label>
          Reason{" "}
          <input
            aria-label="Contest reason"
            maxLength={31}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
      </div>
      {valid && n && n.successor === "0x0000000000000000000000000000000000000000" && (
        <p>No replacement of this wallet is on record (never replaced, or contested).</p>
      )}
      {valid && n && n.successor !== "0x0000000000000000000000000000000000000000" && (
        <p data-testid="notice">
          Replaced by <code>{n.successor}</code> in identity #{n.identityId.toString()}; venues may act on it from{" "}
          {formatWhen(storedTimeToDate(n.claimableAt))}
          {n.effective !== "0x0000000000000000000000000000000000000000"
            ? " (the notice has passed)"
            : " (still in its notice: it may be contested)"}
          .
        </p>
      )}
      <div className="row">
        <button
          type="button"
          // Offered while the notice runs (the lost wallet itself or a higher rank may contest: the registry checks).
          disabled={!inNotice}
          title={inNotice ? undefined : "Not offered: no replacement of this wallet is in its notice"}
          onClick={contest}
        >
          Contest the replacement
        </button>
        <button
          type="button"
          disabled={!passed}
          title={passed ? undefined : "Not offered: no replacement of this wallet has passed its notice"}
          onClick={claim}
        >
          Claim at the venue
        </button>
      </div>
      <TxStatus state={tx.state} />
    </section>
  );
}
