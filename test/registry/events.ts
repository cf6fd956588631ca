import { loadFixture } from "../helpers/world";
import { ethers } from "hardhat";
import { attestationDomain, signAttestation } from "../../lib/attestation";
import {
  addWalletWithConsent,
  ClientClass,
  DAY,
  identityIdFrom,
  nodeIdFrom,
  registerBatchWithConsent,
  registerWithConsent,
  registrationFor,
  registryInSeconds,
  Scope,
  submitWithConsent,
  YEAR,
} from "../helpers/fixtures";
import { expectRegistryMatchesLogs } from "../helpers/registryReplay";
import { expect } from "chai";

const reason = ethers.encodeBytes32String("r");

describe("IdentityRegistry: events rebuild the registry", function () {
  it("every stored field, wallet order, policy and nonce follows from the logs alone", async function () {
    const {
      registry,
      tree,
      clock,
      governor,
      regulator,
      bank,
      bankNode,
      subAgent,
      subAgentNode,
      rootId,
      investor,
      rest,
    } = await loadFixture(registryInSeconds);
    const w = rest.map((s) => s.address);

    // Direct, batch and attested registrations; a cancelled nonce.
    const a = await identityIdFrom(
      registry,
      registerWithConsent(registry, bank, bankNode, await registrationFor(clock, w[0])),
    );
    await registerBatchWithConsent(registry, subAgent, subAgentNode, [
      await registrationFor(clock, w[1], { classes: ClientClass.RETAIL }),
      await registrationFor(clock, w[2], { jurisdiction: 840 }),
    ]);
    const { chainId } = await ethers.provider.getNetwork();
    const domain = attestationDomain(chainId, await registry.getAddress());
    const signed = await signAttestation(bank, domain, {
      wallet: investor.address,
      classes: ClientClass.INSTITUTIONAL,
      jurisdiction: 250,
      expiry: BigInt(await clock.in(YEAR)),
      evidenceHash: ethers.id("attested"),
      attester: bankNode,
      nonce: 12345n,
      deadline: BigInt(await clock.in(DAY)),
    });
    const attested = await identityIdFrom(
      registry,
      submitWithConsent(registry, undefined, signed.attestation, signed.signature),
    );
    await registry.connect(bank).cancelNonce(7n);
    await registry.connect(subAgent).cancelNonce(2n ** 255n);

    // Wallets added and removed out of order, so that swap-and-pop moves some.
    for (const wallet of w.slice(3, 7)) await addWalletWithConsent(registry, bank, a, wallet);
    await registry.connect(bank).removeWallet(a, w[4]);
    await registry.connect(bank).removeWallet(a, w[0]);
    await addWalletWithConsent(registry, regulator, a, w[4]);

    // Profile changes and renewals at several ranks, freezes (one taken over from above), a migration, revocations
    // and a reclaimed wallet: every depth the registry stores must follow from the events.
    await registry.connect(bank).update(a, ClientClass.PROFESSIONAL | ClientClass.ACCREDITED, 276, ethers.id("v2"));
    await registry.connect(bank).freeze(attested, reason);
    await registry.connect(regulator).freeze(attested, reason);
    await registry.connect(regulator).renew(attested, await clock.in(2 * YEAR));
    await registry.connect(bank).renew(attested, await clock.in(YEAR));
    await registry.connect(bank).freeze(a, reason);
    await registry.connect(bank).unfreeze(a);
    await registry.connect(bank).migrate(a, subAgentNode);
    await registry.connect(subAgent).renew(a + 2n, await clock.in(DAY));
    await registry.connect(subAgent).revoke(a + 2n, reason);
    await registry.connect(bank).revoke(a + 1n, reason);
    const successor = await nodeIdFrom(
      tree,
      tree.connect(regulator).grant(rootId, governor.address, Scope.KYC, await clock.in(2 * YEAR)),
    );
    await registerWithConsent(registry, governor, successor, await registrationFor(clock, w[1]));

    // Policies.
    await registry.createPolicy([rootId], 15, [840, 4, 999, 256]);
    await registry.createPolicy([rootId], ClientClass.RETAIL, []);

    const state = await expectRegistryMatchesLogs(registry);
    // The scenario really exercised what it claims to.
    expect(state.identities.size).to.equal(5);
    const attestedState = state.identities.get(attested)!;
    expect([attestedState.frozenByDepth, attestedState.profileDepth]).to.deep.equal([0n, 0n]);
    expect(state.identities.get(a + 1n)!.revokedByDepth).to.equal(1n);
    expect(state.identities.get(a + 2n)!.revokedByDepth).to.equal(2n);
    expect(state.identities.get(a + 1n)!.wallets).to.deep.equal([]);
    expect(state.identities.get(a)!.wallets.length).to.equal(4);
    // One attestation, two cancelled nonces, and ten wallet consents (one per binding above).
    expect(state.nonces.size).to.equal(13);
    expect(state.policies.size).to.equal(2);
  });
});
