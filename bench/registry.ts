import { ethers } from "hardhat";
import { attestationDomain, NO_CONSENT, randomNonce, signAttestation, signConsent } from "../lib/attestation";
import { ClientClass } from "../lib/classes";
import { Scope, scopeMask } from "../lib/scopes";
import { ReporterRole } from "../lib/tree";
import type { AuthorityTree, EligibilityProbe, IdentityRegistry } from "../typechain-types";
import type { BenchModule } from "./recorder";

const DAY = 86_400;
const YEAR = 365 * DAY;

export const registry: BenchModule = {
  title: "Qualified-client registry",
  async run(record) {
    const [governor, regulator, bank, agent, investor, ...others] = await ethers.getSigners();
    const tree = (await ethers.deployContract("AuthorityTree", [governor.address, 1])) as unknown as AuthorityTree;
    const now = Number(await tree.currentTime());
    const expiry = now + 10 * YEAR;
    await (await tree.createRoot(regulator.address, expiry, "Regulator")).wait();
    const root = await tree.nodeCount();
    await (await tree.connect(regulator).grant(root, bank.address, scopeMask("DELEGATE", "KYC"), expiry)).wait();
    const bankNode = await tree.nodeCount();
    await (await tree.connect(bank).grant(bankNode, agent.address, Scope.KYC, expiry)).wait();
    const agentNode = await tree.nodeCount(); // depth 2
    const reg = (await ethers.deployContract("IdentityRegistry", [
      await tree.getAddress(),
      1,
    ])) as unknown as IdentityRegistry;
    await (await tree.setReporter(reg, ReporterRole.Reporter)).wait();

    const profile = (wallet: string) => ({
      wallet,
      classes: ClientClass.ACCREDITED,
      jurisdiction: 756,
      expiry: now + YEAR,
      evidenceHash: ethers.id(`kyc evidence of ${wallet}`),
    });
    const { chainId } = await ethers.provider.getNetwork();
    const domain = attestationDomain(chainId, await reg.getAddress());
    // Each wallet consents once, with its own first nonce (so its nonce word is fresh: every wallet pays that once).
    const consentOf = (wallet: (typeof others)[number], attester: bigint) =>
      signConsent(wallet, domain, {
        wallet: wallet.address,
        identityId: 0n,
        attester,
        nonce: 0n,
        deadline: BigInt(now + DAY),
      });
    // The registry is in use: its identity counter is already non-zero, as it is for every registration but the first.
    await (
      await reg.connect(bank).register(bankNode, profile(others[0].address), await consentOf(others[0], bankNode))
    ).wait();

    // registry.register: a KYC node (depth 1) registers one client directly, with the wallet's signed consent.
    await record(
      "registry.register",
      reg.connect(bank).register(bankNode, profile(others[1].address), await consentOf(others[1], bankNode)),
    );

    // registry.submitAttestation: an investor submits an attestation signed by the bank, with the random nonce
    // kyc-sign uses by default (so its bitmap word is fresh: the dearer case; sequential nonces share a word). The
    // investor is the wallet, so its consent is the transaction itself.
    const attest = (wallet: string) =>
      signAttestation(bank, domain, {
        ...profile(wallet),
        expiry: BigInt(now + YEAR),
        attester: bankNode,
        nonce: randomNonce(),
        deadline: BigInt(now + DAY),
      });
    const signed = await attest(investor.address);
    await record(
      "registry.submitAttestation",
      reg.connect(investor).submitAttestation(signed.attestation, signed.signature, NO_CONSENT),
    );

    // registry.submitAttestation.relayed: the same, sent by a relayer with the wallet's signed consent.
    const relayed = await attest(others[3].address);
    await record(
      "registry.submitAttestation.relayed",
      reg.submitAttestation(relayed.attestation, relayed.signature, await consentOf(others[3], bankNode)),
    );

    // registry.eligibility: one check of a client attested at depth 2, under a policy trusting one root and barring
    // two jurisdictions, measured as a transaction to a probe that does nothing else (see EligibilityProbe).
    const client = others[2].address;
    await (await reg.connect(agent).register(agentNode, profile(client), await consentOf(others[2], agentNode))).wait();
    await (await reg.createPolicy([root], ClientClass.INSTITUTIONAL | ClientClass.ACCREDITED, [408, 840])).wait();
    const policy = await reg.policyCount();
    const probe = (await ethers.deployContract("EligibilityProbe", [
      await reg.getAddress(),
    ])) as unknown as EligibilityProbe;
    if (!(await reg.isEligible(client, policy))) throw new Error("bench client is not eligible");
    await record("registry.eligibility", probe.check.send(client, policy));
  },
};
