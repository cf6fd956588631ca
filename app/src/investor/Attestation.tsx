/**
 * A client without an identity submits the KYC attestation its bank signed (the institution's workspace gives it as
 * a file or a link `#attestation=<base64 JSON>`; scripts/kyc-sign.ts writes the same file). The file is read and
 * checked with lib/attestation.ts (its shape, the registry and chain it was signed for, who signed it), then the
 * submission is simulated and sent like every write (tx.tsx): a refusal is shown in words before anything is signed.
 */
import { getAddress } from "ethers";
import { useState } from "react";
import {
  NO_CONSENT,
  recoverAttestationSigner,
  signedAttestationFromJson,
  type SignedAttestation,
} from "../../../lib/attestation";
import { classNames } from "../../../lib/classes";
import { formatWhen, storedTimeToDate } from "../core/time";
import { useSession } from "../state";
import { TxStatus, useTx } from "../tx";

/** The attestation a link carries (`#attestation=<base64>`), if any. */
export function attestationFromLink(hash: string): string | undefined {
  const m = /(?:^#|&)attestation=([^&]+)/.exec(hash);
  if (!m) return undefined;
  try {
    return atob(decodeURIComponent(m[1]));
  } catch {
    return undefined;
  }
}

/** The signed attestation in `text` (JSON or a link), checked against this deployment; or what is wrong with it. */
export function readAttestation(
  text: string,
  registry: string,
  chainId: number,
  wallet: string,
): { signed: SignedAttestation; signer: string } | { problem: string } {
  const json = text.trim().startsWith("{") ? text : attestationFromLink(text.slice(text.indexOf("#")));
  if (!json) return { problem: "Paste the attestation's JSON or the link the bank gave." };
  let signed: SignedAttestation;
  try {
    signed = signedAttestationFromJson(json);
  } catch (e) {
    return { problem: `Not an attestation: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (signed.domain.verifyingContract !== getAddress(registry)) {
    return { problem: `Signed for the registry ${signed.domain.verifyingContract}, not this one (${registry}).` };
  }
  if (signed.domain.chainId !== BigInt(chainId)) {
    return { problem: `Signed for chain ${signed.domain.chainId}, not this chain (${chainId}).` };
  }
  if (getAddress(signed.attestation.wallet) !== getAddress(wallet)) {
    return { problem: `It attests ${signed.attestation.wallet}, not your wallet ${wallet}.` };
  }
  return { signed, signer: recoverAttestationSigner(signed) };
}

export function SubmitAttestation() {
  const session = useSession();
  const tx = useTx();
  const [text, setText] = useState(() => {
    const fromLink = attestationFromLink(window.location.hash);
    return fromLink ?? "";
  });
  const me = session.connection!;
  const read = text
    ? readAttestation(text, session.deployment.contracts.IdentityRegistry, session.deployment.chainId, me.address)
    : undefined;
  const submit = async () => {
    if (!read || "problem" in read) return;
    const { attestation, signature } = read.signed;
    const registry = session.write!.registry;
    await tx.run(
      [
        {
          what: "submit the KYC attestation",
          simulate: () => registry.submitAttestation.staticCall(attestation, signature, NO_CONSENT),
          send: () => registry.submitAttestation(attestation, signature, NO_CONSENT),
        },
      ],
      { action: "submit an attestation" },
    );
  };
  return (
    <section aria-label="Submit a KYC attestation">
      <h2>Submit a KYC attestation</h2>
      <p className="muted">
        This wallet has no identity yet. Paste the attestation your bank signed (its file or its link), check it, and
        submit it from this wallet.
      </p>
      <textarea
        aria-label="Attestation"
        rows={4}
        style={{ width: "100%" }}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {read && "problem" in read && <p className="problem">{read.problem}</p>}
      {read && "signed" in read && (
        <p data-testid="attestation-summary">
          Signed by {session.labels.get(read.signer.toLowerCase()) ?? read.signer} (KYC node #
          {read.signed.attestation.attester.toString()}): classes{" "}
          {classNames(read.signed.attestation.classes).join(", ")}, jurisdiction {read.signed.attestation.jurisdiction},
          valid until {formatWhen(storedTimeToDate(read.signed.attestation.expiry))}; to be submitted by{" "}
          {formatWhen(storedTimeToDate(read.signed.attestation.deadline))}.
        </p>
      )}
      <button type="button" onClick={() => void submit()} disabled={!read || "problem" in read}>
        Submit
      </button>
      <TxStatus state={tx.state} />
    </section>
  );
}
