/**
 * The institution's workspace (skeleton): a bank produces a client's KYC attestation as lib/attestation.ts defines it
 * (the registry's EIP-712 domain and types, signed by the account of its KYC node) and hands it over as a file or a
 * link, for the client to submit (scripts/kyc-submit.ts, or the console later). Still to come (docs/console.md):
 * direct registration with the wallet's consent, renew/freeze/migrate, assets and attestations, minting within
 * headroom, pair proposals, venue operation.
 */
import { useState } from "react";
import {
  attestationDomain,
  evidenceHashOf,
  MAX_ATTESTATION_WINDOW,
  MAX_KYC_VALIDITY,
  randomNonce,
  signAttestation,
  signedAttestationToJson,
} from "../../../lib/attestation";
import { ClientClass, classMask, type ClientClassName } from "../../../lib/classes";
import { Scope } from "../../../lib/scopes";
import { formatWhen, storedTimeToDate } from "../core/time";
import { useChainData, useSession } from "../state";

const DAY = 86_400;

/** The identity's expiry: `days` from `now`, but never past the attester's lease nor MAX_KYC_VALIDITY from now. */
export function expiryFor(now: number, days: number, leaseEnd: number): number {
  return Math.min(now + days * DAY, leaseEnd, now + MAX_KYC_VALIDITY);
}

export function Institution() {
  const session = useSession();
  const me = session.connection!;
  const node = useChainData(async () => {
    const roots = await session.read.tree.roots(0, 50);
    for (const root of roots) {
      const id = await session.read.tree.nodeOf(me.address, root);
      if (id !== 0n && (await session.read.tree.nodeHasScope(id, Scope.KYC))) {
        // An identity may not outlive its attester's lease (the registry's ExpiryTooLate).
        return { root, id, leaseEnd: Number(await session.read.tree.validUntil(id)) };
      }
    }
    return null;
  }, [me.address]);
  const [wallet, setWallet] = useState("");
  const [classes, setClasses] = useState<ClientClassName[]>(["ACCREDITED"]);
  const [jurisdiction, setJurisdiction] = useState("756");
  const [validDays, setValidDays] = useState("365");
  const [evidence, setEvidence] = useState<string>();
  const [signed, setSigned] = useState<{ json: string; link: string }>();
  const [problem, setProblem] = useState<string>();
  if (node.data === null) return <p>This account holds no KYC licence: it cannot attest clients.</p>;
  if (!node.data) return <p>Reading the account&apos;s licences…</p>;
  const sign = async () => {
    setProblem(undefined);
    try {
      // Chain time in seconds (the attestation's times are seconds; PlatON's block timestamps are milliseconds).
      const chainNow = Math.floor(Number((await session.provider.getBlock("latest"))!.timestamp) / session.timeUnit);
      const result = await signAttestation(
        me.signer,
        attestationDomain(session.deployment.chainId, session.deployment.contracts.IdentityRegistry),
        {
          wallet,
          classes: classMask(...classes),
          jurisdiction: Number(jurisdiction),
          expiry: BigInt(expiryFor(chainNow, Number(validDays), node.data!.leaseEnd)),
          evidenceHash: evidence ?? evidenceHashOf(new TextEncoder().encode(`KYC file of ${wallet}`)),
          attester: node.data!.id,
          nonce: randomNonce(),
          // Submittable for a week (the registry accepts at most MAX_ATTESTATION_WINDOW ahead).
          deadline: BigInt(chainNow + Math.min(7 * DAY, MAX_ATTESTATION_WINDOW)),
        },
      );
      const json = signedAttestationToJson(result);
      const link = `${window.location.origin}/#attestation=${btoa(json)}`;
      setSigned({ json, link });
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="workspace institution">
      <section aria-label="Attest a client">
        <h2>
          Attest a client (KYC node #{node.data.id.toString()} under root #{node.data.root.toString()})
        </h2>
        <div className="row">
          <label>
            Client wallet{" "}
            <input aria-label="Client wallet" value={wallet} onChange={(e) => setWallet(e.target.value)} />
          </label>
          <label>
            Jurisdiction (ISO 3166 numeric){" "}
            <input
              aria-label="Jurisdiction"
              inputMode="numeric"
              value={jurisdiction}
              onChange={(e) => setJurisdiction(e.target.value)}
            />
          </label>
          <label>
            Valid for (days){" "}
            <input
              aria-label="Valid for days"
              inputMode="numeric"
              value={validDays}
              onChange={(e) => setValidDays(e.target.value)}
            />
          </label>
        </div>
        <div className="row">
          {(Object.keys(ClientClass) as ClientClassName[]).map((c) => (
            <label key={c}>
              <input
                type="checkbox"
                checked={classes.includes(c)}
                onChange={(e) => setClasses(e.target.checked ? [...classes, c] : classes.filter((x) => x !== c))}
              />{" "}
              {c}
            </label>
          ))}
        </div>
        <label>
          KYC file (only its hash is signed; the file stays here){" "}
          <input
            aria-label="KYC file"
            type="file"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              setEvidence(file ? evidenceHashOf(new Uint8Array(await file.arrayBuffer())) : undefined);
            }}
          />
        </label>
        <p className="muted">
          Your KYC licence runs until {formatWhen(storedTimeToDate(node.data.leaseEnd))}: an identity you attest expires
          by then at the latest.
        </p>
        <div className="row">
          <button type="button" onClick={() => void sign()} disabled={!wallet || classes.length === 0}>
            Sign the attestation
          </button>
        </div>
        {problem && <p role="alert">{problem}</p>}
        {signed && (
          <div data-testid="signed-attestation">
            <p>
              Signed. Hand it to the client as a{" "}
              <a
                href={`data:application/json;charset=utf-8,${encodeURIComponent(signed.json)}`}
                download="attestation.json"
              >
                file (attestation.json)
              </a>{" "}
              or a <a href={signed.link}>link</a>; the client submits it from their own wallet.
            </p>
            <pre>{signed.json}</pre>
          </div>
        )}
      </section>
    </div>
  );
}
