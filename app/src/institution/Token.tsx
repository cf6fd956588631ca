/**
 * An issuer's native tokens (its ISSUE node): supply, cap, attested reserve, reserve ratio, the mint rate's window and
 * the headroom (lib/headroom.ts: the least of rate, cap and reserve); a mint within the headroom (the amount field
 * says it and refuses above it before anything is simulated or sent); the open redemption requests, each settled
 * (burned against a payout reference) or rejected.
 */
import { useState } from "react";
import { mintHeadroom } from "../../../lib/headroom";
import { IAssetRegistry__factory } from "../../../typechain-types/factories/contracts/interfaces/IAssetRegistry__factory";
import { ICompliantToken__factory } from "../../../typechain-types/factories/contracts/interfaces/ICompliantToken__factory";
import { IMonetaryDesk__factory } from "../../../typechain-types/factories/contracts/interfaces/IMonetaryDesk__factory";
import { IERC20Metadata__factory } from "../../../typechain-types/factories/@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata__factory";
import { displayAmount } from "../core/units";
import { formatPeriod, formatWhen, storedTimeToDate } from "../core/time";
import { useChainData, useSession } from "../state";
import { TxStatus, useTx } from "../tx";
import { checkMint, reasonBytes32, type InstitutionNode } from "./logic";

export function Token({ issuer }: { issuer: InstitutionNode }) {
  const session = useSession();
  const tokens = useChainData(async () => {
    const assets = IAssetRegistry__factory.connect(session.deployment.contracts.AssetRegistry, session.provider);
    const count = Number(await assets.assetCount());
    const out: { assetId: number; token: string }[] = [];
    for (let id = 1; id <= Math.min(count, 100); id++) {
      const a = await assets.asset(id);
      if (Number(a.kind) !== 1 || a.retired) continue;
      const node = await ICompliantToken__factory.connect(a.token, session.provider).ISSUER_NODE();
      if (node === issuer.id) out.push({ assetId: id, token: a.token });
    }
    return out;
  }, [issuer.id]);
  if (!tokens.data) return <p>{tokens.error ?? "Reading the native tokens…"}</p>;
  if (tokens.data.length === 0) return <p>ISSUE node #{issuer.id.toString()} has issued no registered native token.</p>;
  return (
    <>
      {tokens.data.map((t) => (
        <TokenPanel key={t.token} assetId={t.assetId} token={t.token} />
      ))}
    </>
  );
}

function TokenPanel({ assetId, token }: { assetId: number; token: string }) {
  const session = useSession();
  const tx = useTx();
  const [to, setTo] = useState("");
  const [amount, setAmount] = useState("");
  const [refusal, setRefusal] = useState<string>();
  const [ref, setRef] = useState("");
  const state = useChainData(async () => {
    const p = session.provider;
    const t = ICompliantToken__factory.connect(token, p);
    const erc = IERC20Metadata__factory.connect(token, p);
    const assets = IAssetRegistry__factory.connect(session.deployment.contracts.AssetRegistry, p);
    const deskAddress = await t.DESK();
    const desk = IMonetaryDesk__factory.connect(deskAddress, p);
    const [symbol, decimals, supply, policy, cover, redeemed, reserveAttestation, openIds] = await Promise.all([
      erc.symbol(),
      erc.decimals(),
      erc.totalSupply(),
      desk.policy(token),
      assets.reserveCover(assetId),
      t.totalRedeemed(),
      assets.attestation(assetId, 0),
      desk.openRedemptions(token, 0, 20),
    ]);
    const open = await Promise.all(openIds.map(async (id) => ({ id, r: await desk.redemption(token, id) })));
    const room = mintHeadroom({
      supply,
      supplyCap: policy.supplyCap,
      mintRate: policy.mintRate,
      mintedInWindow: policy.mintedInWindow,
      reserveRatioBps: policy.reserveRatioBps,
      reserve: cover.amount,
      redeemedSnapshot: cover.redeemedSnapshot,
      reserveValid: cover.valid,
      totalRedeemed: redeemed,
    });
    return {
      symbol,
      decimals: Number(decimals),
      supply,
      policy,
      cover,
      room,
      reserveExpiry: Number(reserveAttestation.expiry),
      desk: deskAddress,
      open,
    };
  }, [token]);
  if (!state.data) return <p>{state.error ?? "Reading the token…"}</p>;
  const s = state.data;
  const u = (v: bigint) => `${displayAmount(v, s.decimals)} ${s.symbol}`;
  const ratio = Number(s.policy.reserveRatioBps) / 100;
  const checked = amount ? checkMint(amount, s.decimals, s.symbol, s.room, (v, d) => displayAmount(v, d)) : undefined;
  const mint = () => {
    tx.reset();
    setRefusal(undefined);
    if (!checked) return;
    if (!checked.ok) {
      // Refused before anything is simulated or signed: the headroom is known here.
      setRefusal(checked.why);
      return;
    }
    const t = ICompliantToken__factory.connect(token, session.connection!.signer);
    void tx.run(
      [
        {
          what: `mint ${amount} ${s.symbol} to ${session.labels.get(to.toLowerCase()) ?? to}`,
          simulate: () => t.mint.staticCall(to, checked.amount),
          send: () => t.mint(to, checked.amount),
        },
      ],
      { action: "mint", token },
    );
  };
  const close = (id: bigint, settle: boolean) => {
    const desk = IMonetaryDesk__factory.connect(s.desk, session.connection!.signer);
    const r = reasonBytes32(ref);
    const call = settle ? desk.confirmRedemption : desk.rejectRedemption;
    void tx.run(
      [
        {
          what: `${settle ? "settle" : "reject"} redemption #${id} of ${s.symbol}`,
          simulate: () => call.staticCall(token, id, r),
          send: () => call(token, id, r),
        },
      ],
      { action: settle ? "settle a redemption" : "reject a redemption", token },
    );
  };
  return (
    <section aria-label={`Native token ${s.symbol}`}>
      <h2>
        {s.symbol} <code>{token}</code> (asset #{assetId})
      </h2>
      <dl className="facts" data-testid="token-facts">
        <dt>supply</dt>
        <dd data-testid="supply">{u(s.supply)}</dd>
        <dt>supply cap</dt>
        <dd>{u(s.policy.supplyCap)}</dd>
        <dt>attested reserve</dt>
        <dd>
          {u(s.cover.amount)}{" "}
          {s.cover.valid
            ? `(counts until ${formatWhen(storedTimeToDate(s.reserveExpiry))})`
            : "(does not count now: minting fails closed)"}
          {s.room.redeemedSince > 0n && `, ${u(s.room.redeemedSince)} redeemed since`}
        </dd>
        <dt>reserve ratio</dt>
        <dd>
          {ratio.toLocaleString(undefined, { maximumFractionDigits: 2 })}% (supply × ratio ≤ reserve); now{" "}
          {s.supply === 0n
            ? "no supply"
            : `${((Number(s.cover.amount - s.room.redeemedSince) / Number(s.supply)) * 100).toLocaleString(undefined, { maximumFractionDigits: 2 })}% covered`}
        </dd>
        <dt>mint rate</dt>
        <dd>
          {u(s.policy.mintRate)} per {formatPeriod(s.policy.mintPeriod)}; this window (from{" "}
          {formatWhen(storedTimeToDate(s.policy.windowStart))}) minted {u(s.policy.mintedInWindow)}
        </dd>
        <dt>headroom now</dt>
        <dd data-testid="headroom">
          {u(s.room.now)} (rate {u(s.room.byRate)}, cap {u(s.room.byCap)}, reserve {u(s.room.byReserve)})
        </dd>
      </dl>
      <div className="row">
        <label>
          Mint to <input aria-label="Mint to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          Amount to mint ({s.symbol}, at most {displayAmount(s.room.now, s.decimals)}){" "}
          <input
            aria-label="Amount to mint"
            aria-describedby="mint-hint"
            inputMode="decimal"
            value={amount}
            onChange={(e) => {
              setAmount(e.target.value);
              setRefusal(undefined);
            }}
          />
        </label>
        <button type="button" disabled={!to || !amount} onClick={mint}>
          Mint
        </button>
      </div>
      <p id="mint-hint" className="muted" data-testid="mint-hint">
        {checked && !checked.ok ? checked.why : `Headroom: ${u(s.room.now)}.`}
      </p>
      {refusal && (
        <div role="alert" className="tx refused" data-testid="mint-refusal">
          <strong>
            mint {amount} {s.symbol}: refused before sending (nothing was signed)
          </strong>
          <p>{refusal}</p>
          <p>
            What to do: mint at most the headroom now; more comes with a new window, a higher cap or a fresh reserve
            attestation.
          </p>
        </div>
      )}
      <h3>Open redemption requests</h3>
      {s.open.length === 0 ? (
        <p>None.</p>
      ) : (
        <>
          <label>
            Payout reference or reason{" "}
            <input
              aria-label="Redemption reference"
              maxLength={31}
              value={ref}
              onChange={(e) => setRef(e.target.value)}
            />
          </label>
          <table>
            <thead>
              <tr>
                <th scope="col">request</th>
                <th scope="col">holder</th>
                <th scope="col">amount</th>
                <th scope="col">requested</th>
                <th scope="col">act</th>
              </tr>
            </thead>
            <tbody>
              {s.open.map(({ id, r }) => (
                <tr key={id.toString()}>
                  <td>#{id.toString()}</td>
                  <td>{session.labels.get(r.holder.toLowerCase()) ?? r.holder}</td>
                  <td>{u(r.amount)}</td>
                  <td>{formatWhen(storedTimeToDate(r.requestedAt))}</td>
                  <td>
                    <button type="button" onClick={() => close(id, true)}>
                      Settle redemption #{id.toString()}
                    </button>{" "}
                    <button type="button" onClick={() => close(id, false)}>
                      Reject redemption #{id.toString()}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <TxStatus state={tx.state} />
    </section>
  );
}
