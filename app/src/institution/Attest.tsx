/**
 * A bank produces a client's KYC attestation as lib/attestation.ts defines it (the registry's EIP-712 domain and
 * types, signed by the account of its KYC node) and hands it over as a file, a link or the link's QR code, for the
 * client to submit from its own wallet (the investor's workspace, or scripts/kyc-submit.ts).
 */
import { useMemo, useState } from "react";
import {
  attestationDomain,
  evidenceHashOf,
  MAX_ATTESTATION_WINDOW,
  randomNonce,
  signAttestation,
  signedAttestationToJson,
} from "../../../lib/attestation";
import { ClientClass, classMask, type ClientClassName } from "../../../lib/classes";
import { formatWhen, storedTimeToDate } from "../core/time";
import { chainNow, useSession } from "../state";
import { DAY, expiryFor, qrPath, type InstitutionNode } from "./logic";

export function Attest({ node }: { node: InstitutionNode }) {
  const session = useSession();
  const me = session.connection!;
  const [wallet, setWallet] = useState("");
  const [classes, setClasses] = useState<ClientClassName[]>(["ACCREDITED"]);
  const [jurisdiction, setJurisdiction] = useState("756");
  const [validDays, setValidDays] = useState("365");
  const [evidence, setEvidence] = useState<string>();
  const [signed, setSigned] = useState<{ json: string; link: string; summary: string }>();
  const [problem, setProblem] = useState<string>();
  const sign = async () => {
    setProblem(undefined);
    try {
      // Chain time in seconds (the attestation's times are seconds; PlatON's block timestamps are milliseconds).
      const now = await chainNow(session);
      const result = await signAttestation(
        me.signer,
        attestationDomain(session.deployment.chainId, session.deployment.contracts.IdentityRegistry),
        {
          wallet,
          classes: classMask(...classes),
          jurisdiction: Number(jurisdiction),
          expiry: BigInt(expiryFor(now, Number(validDays), node.leaseEnd)),
          evidenceHash: evidence ?? evidenceHashOf(new TextEncoder().encode(`KYC file of ${wallet}`)),
          attester: node.id,
          nonce: randomNonce(),
          // Submittable for a week (the registry accepts at most MAX_ATTESTATION_WINDOW ahead).
          deadline: BigInt(now + Math.min(7 * DAY, MAX_ATTESTATION_WINDOW)),
        },
      );
      const json = signedAttestationToJson(result);
      const link = `${window.location.origin}/#attestation=${btoa(json)}`;
      // What was signed, in words and in the user's calendar (the file itself carries seconds since 1970).
      const a = result.attestation;
      const summary =
        `For ${a.wallet}: ${classes.join(", ")}, jurisdiction ${a.jurisdiction}, identity valid until ` +
        `${formatWhen(storedTimeToDate(a.expiry))}; the client must submit it before ${formatWhen(storedTimeToDate(a.deadline))}.`;
      setSigned({ json, link, summary });
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section aria-label="Attest a client">
      <h2>
        Attest a client (KYC node #{node.id.toString()} under root #{node.root.toString()})
      </h2>
      <div className="row">
        <label>
          Client wallet <input aria-label="Client wallet" value={wallet} onChange={(e) => setWallet(e.target.value)} />
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
      <ClassBoxes classes={classes} setClasses={setClasses} />
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
        Your KYC licence runs until {formatWhen(storedTimeToDate(node.leaseEnd))}: an identity you attest expires by
        then at the latest.
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
            </a>
            , a <a href={signed.link}>link</a> or the link&apos;s QR code; the client submits it from their own wallet.
          </p>
          <p data-testid="signed-summary">{signed.summary}</p>
          <QrCode text={signed.link} label="QR code of the attestation link" />
          <pre>{signed.json}</pre>
        </div>
      )}
    </section>
  );
}

/** The client classes as checkboxes (each labelled by its name). */
export function ClassBoxes(props: { classes: ClientClassName[]; setClasses: (c: ClientClassName[]) => void }) {
  const { classes, setClasses } = props;
  return (
    <fieldset className="row">
      <legend>Client classes</legend>
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
    </fieldset>
  );
}

/** A QR code of `text` as an SVG image, labelled (role img), with its caption. */
export function QrCode({ text, label }: { text: string; label: string }) {
  const qr = useMemo(() => qrPath(text), [text]);
  const margin = 4;
  const side = qr.size + 2 * margin;
  return (
    <figure className="qr">
      <svg
        role="img"
        aria-label={label}
        data-testid="qr"
        viewBox={`${-margin} ${-margin} ${side} ${side}`}
        width={Math.max(220, side * 3)}
        height={Math.max(220, side * 3)}
        shapeRendering="crispEdges"
      >
        <rect x={-margin} y={-margin} width={side} height={side} fill="#fff" />
        <path d={qr.path} fill="#000" />
      </svg>
      <figcaption>{label}: scan it with the client&apos;s phone to open the link.</figcaption>
    </figure>
  );
}
