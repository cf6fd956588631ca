import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ethers } from "hardhat";
import { attestationDomain, signAttestation } from "../../scripts/lib/attestation";
import {
  ClientClass,
  DAY,
  identityIdFrom,
  nodeIdFrom,
  registrationFor,
  registryInSeconds,
  Scope,
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
      registry.connect(bank).register(bankNode, await registrationFor(clock, w[0])),
    );
    await registry
      .connect(subAgent)
      .registerBatch(subAgentNode, [
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
    const attested = await identityIdFrom(registry, registry.submitAttestation(signed.attestation, signed.signature));
    await registry.connect(bank).cancelNonce(7n);
    await registry.connect(subAgent).cancelNonce(2n ** 255n);

    // Wallets added and removed out of order, so that swap-and-pop moves some.
    for (const wallet of w.slice(3, 7)) await registry.connect(bank).addWallet(a, wallet);
    await registry.connect(bank).removeWallet(a, w[4]);
    await registry.connect(bank).removeWallet(a, w[0]);
    await registry.connect(regulator).addWallet(a, w[4]);

    // Profile changes, freezes, renewals, a migration, a revocation and a reclaimed wallet.
    await registry.connect(bank).update(a, ClientClass.PROFESSIONAL | ClientClass.ACCREDITED, 276, ethers.id("v2"));
    await registry.connect(bank).freeze(attested, reason);
    await registry.connect(bank).renew(attested, await clock.in(2 * YEAR));
    await registry.connect(bank).freeze(a, reason);
    await registry.connect(bank).unfreeze(a);
    await registry.connect(bank).migrate(a, subAgentNode);
    await registry.connect(regulator).revoke(a + 1n, reason);
    const successor = await nodeIdFrom(
      tree,
      tree.connect(regulator).grant(rootId, governor.address, Scope.KYC, await clock.in(YEAR)),
    );
    await registry.connect(governor).register(successor, await registrationFor(clock, w[1]));

    // Policies.
    await registry.createPolicy([rootId], 15, [840, 4, 999, 256]);
    await registry.createPolicy([rootId], ClientClass.RETAIL, []);

    const state = await expectRegistryMatchesLogs(registry);
    // The scenario really exercised what it claims to.
    expect(state.identities.size).to.equal(5);
    expect(state.identities.get(a + 1n)!.wallets).to.deep.equal([]);
    expect(state.identities.get(a)!.wallets.length).to.equal(4);
    expect(state.nonces.size).to.equal(3);
    expect(state.policies.size).to.equal(2);
  });
});
