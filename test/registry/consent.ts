import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import {
  attestationDomain,
  consentDigest,
  consentTypeString,
  signAttestation,
  type Attestation,
} from "../../lib/attestation";
import type { ERC1271SignerMock } from "../../typechain-types";
import {
  ClientClass,
  consentFor,
  DAY,
  identityIdFrom,
  newWallet,
  NO_CONSENT,
  nodeIdFrom,
  NonceState,
  registrationFor,
  registryInSeconds,
  Scope,
  setNextBlockTime,
  YEAR,
} from "../helpers/fixtures";
import { expectRegistryMatchesLogs } from "../helpers/registryReplay";

/** The registry world plus a rogue root that no venue trusts, with a KYC node held by `outsider`. */
async function withRogueRoot() {
  const fx = await registryInSeconds();
  const { tree, clock, governor, auditor, outsider } = fx;
  const end = await clock.in(2 * YEAR);
  const rogueRoot = await nodeIdFrom(tree, tree.connect(governor).createRoot(auditor.address, end, "Rogue"));
  const rogueNode = await nodeIdFrom(tree, tree.connect(auditor).grant(rogueRoot, outsider.address, Scope.KYC, end));
  const { chainId } = await ethers.provider.getNetwork();
  const domain = attestationDomain(chainId, await fx.registry.getAddress());
  return { ...fx, rogueRoot, rogueNode, domain };
}

describe("IdentityRegistry: wallet consent (M-2) and bounds (L-2)", function () {
  describe("consent", function () {
    it("uses one EIP-712 definition on both sides: type hash and digest match the TypeScript library", async function () {
      const { registry, domain, investor, bankNode } = await loadFixture(withRogueRoot);
      expect(await registry.CONSENT_TYPEHASH()).to.equal(ethers.id(consentTypeString()));
      const c = { wallet: investor.address, identityId: 3n, attester: bankNode, nonce: 2n ** 255n, deadline: 1234n };
      expect(await registry.consentDigest(c.wallet, c.identityId, c.attester, c.nonce, c.deadline)).to.equal(
        consentDigest(domain, c),
      );
    });

    it("PoC: a rogue root's KYC node can no longer squat a wallet it does not control", async function () {
      const { registry, clock, outsider, rogueNode, bank, bankNode, investor } = await loadFixture(withRogueRoot);
      const r = await registrationFor(clock, investor.address);
      await expect(registry.connect(outsider).register(rogueNode, r, NO_CONSENT))
        .to.be.revertedWithCustomError(registry, "InvalidConsent")
        .withArgs(investor.address, 0n, rogueNode);
      // A consent the wallet gave the real bank does not serve the rogue node.
      const toBank = await consentFor(registry, investor.address, { attester: bankNode });
      await expect(registry.connect(outsider).register(rogueNode, r, toBank))
        .to.be.revertedWithCustomError(registry, "InvalidConsent")
        .withArgs(investor.address, 0n, rogueNode);
      await expect(registry.connect(bank).register(bankNode, r, toBank))
        .to.emit(registry, "WalletConsentUsed")
        .withArgs(investor.address, toBank.nonce, 0n, bankNode, bank.address);
      expect(await registry.identityOf(investor.address)).to.equal(1n);
      expect(await registry.nonceState(investor.address, toBank.nonce)).to.equal(NonceState.Used);
    });

    it("PoC: a pending attestation cannot be front-run by a relayer, nor the wallet squatted to block it", async function () {
      const { registry, clock, bank, bankNode, outsider, rogueNode, investor } = await loadFixture(withRogueRoot);
      const { chainId } = await ethers.provider.getNetwork();
      const a: Attestation = {
        wallet: investor.address,
        classes: ClientClass.ACCREDITED,
        jurisdiction: 756,
        expiry: BigInt(await clock.in(YEAR)),
        evidenceHash: ethers.id("alice"),
        attester: bankNode,
        nonce: 1n,
        deadline: BigInt(await clock.in(DAY)),
      };
      const s = await signAttestation(bank, attestationDomain(chainId, await registry.getAddress()), a);
      // Seen in the mempool: neither relaying it without the wallet's consent nor squatting the wallet works.
      await expect(registry.connect(outsider).submitAttestation(s.attestation, s.signature, NO_CONSENT))
        .to.be.revertedWithCustomError(registry, "InvalidConsent")
        .withArgs(investor.address, 0n, bankNode);
      await expect(
        registry.connect(outsider).register(rogueNode, await registrationFor(clock, investor.address), NO_CONSENT),
      )
        .to.be.revertedWithCustomError(registry, "InvalidConsent")
        .withArgs(investor.address, 0n, rogueNode);
      // The investor's own submission is its consent.
      await expect(registry.connect(investor).submitAttestation(s.attestation, s.signature, NO_CONSENT)).to.emit(
        registry,
        "AttestationUsed",
      );
    });

    it("a relayer submits an attestation with the wallet's signed consent", async function () {
      const { registry, clock, bank, bankNode, outsider, domain } = await loadFixture(withRogueRoot);
      const wallet = newWallet();
      const a: Attestation = {
        wallet,
        classes: ClientClass.RETAIL,
        jurisdiction: 250,
        expiry: BigInt(await clock.in(YEAR)),
        evidenceHash: ethers.id("bob"),
        attester: bankNode,
        nonce: 7n,
        deadline: BigInt(await clock.in(DAY)),
      };
      const s = await signAttestation(bank, domain, a);
      const consent = await consentFor(registry, wallet, { attester: bankNode }, { nonce: 7n });
      await expect(registry.connect(outsider).submitAttestation(s.attestation, s.signature, consent))
        .to.emit(registry, "WalletConsentUsed")
        .withArgs(wallet, 7n, 0n, bankNode, outsider.address);
      // The bank's nonce 7 and the wallet's nonce 7 are different nonce spaces.
      expect(await registry.nonceState(bank.address, 7n)).to.equal(NonceState.Used);
      expect(await registry.nonceState(wallet, 7n)).to.equal(NonceState.Used);
    });

    it("a consent names one identity: it cannot add the wallet to another, and is used once", async function () {
      const { registry, clock, bank, bankNode, investor, outsider } = await loadFixture(withRogueRoot);
      const first = await identityIdFrom(
        registry,
        registry.connect(bank).register(bankNode, await registrationFor(clock, bank.address), NO_CONSENT),
      );
      const second = await identityIdFrom(
        registry,
        registry
          .connect(bank)
          .register(
            bankNode,
            await registrationFor(clock, outsider.address),
            await consentFor(registry, outsider.address, { attester: bankNode }),
          ),
      );
      const toFirst = await consentFor(registry, investor.address, { identityId: first }, { nonce: 5n });
      await expect(registry.connect(bank).addWallet(second, investor.address, toFirst))
        .to.be.revertedWithCustomError(registry, "InvalidConsent")
        .withArgs(investor.address, second, 0n);
      await expect(registry.connect(bank).addWallet(first, investor.address, toFirst))
        .to.emit(registry, "WalletConsentUsed")
        .withArgs(investor.address, 5n, first, 0n, bank.address);
      await registry.connect(bank).removeWallet(first, investor.address);
      await expect(registry.connect(bank).addWallet(first, investor.address, toFirst))
        .to.be.revertedWithCustomError(registry, "NonceAlreadyUsed")
        .withArgs(investor.address, 5n);
      // A registration's consent (identity 0) does not serve addWallet either.
      const toNew = await consentFor(registry, investor.address, { attester: bankNode });
      await expect(registry.connect(bank).addWallet(first, investor.address, toNew))
        .to.be.revertedWithCustomError(registry, "InvalidConsent")
        .withArgs(investor.address, first, 0n);
      await expectRegistryMatchesLogs(registry);
    });

    it("the wallet may cancel its consent's nonce; an expired or far-off consent is refused", async function () {
      const { registry, clock, bank, bankNode, investor } = await loadFixture(withRogueRoot);
      const r = await registrationFor(clock, investor.address);
      const cancelled = await consentFor(registry, investor.address, { attester: bankNode }, { nonce: 3n });
      await registry.connect(investor).cancelNonce(3n);
      await expect(registry.connect(bank).register(bankNode, r, cancelled))
        .to.be.revertedWithCustomError(registry, "NonceAlreadyCancelled")
        .withArgs(investor.address, 3n);

      const now = await clock.now();
      const window = 30 * DAY;
      expect(await registry.MAX_ATTESTATION_WINDOW()).to.equal(BigInt(window));
      const far = await consentFor(
        registry,
        investor.address,
        { attester: bankNode },
        { deadline: BigInt(now + window + 100) },
      );
      await setNextBlockTime(clock, now + 10);
      await expect(registry.connect(bank).register(bankNode, r, far))
        .to.be.revertedWithCustomError(registry, "DeadlineTooFar")
        .withArgs(now + window + 100, now + 10 + window);

      const short = await consentFor(
        registry,
        investor.address,
        { attester: bankNode },
        { deadline: BigInt(now + 20) },
      );
      await setNextBlockTime(clock, now + 21);
      await expect(registry.connect(bank).register(bankNode, r, short))
        .to.be.revertedWithCustomError(registry, "ConsentExpired")
        .withArgs(investor.address, now + 20, now + 21);
    });

    it("accepts a contract wallet's consent through ERC-1271", async function () {
      const { registry, clock, bank, bankNode, provider, outsider } = await loadFixture(withRogueRoot);
      const account = (await ethers.deployContract("ERC1271SignerMock", [
        provider.address,
      ])) as unknown as ERC1271SignerMock;
      const wallet = await account.getAddress();
      const r = await registrationFor(clock, wallet);
      // The contract's owner key approves the digest; the registry asks the contract.
      const good = await consentFor(registry, wallet, { attester: bankNode }, { signer: provider });
      const forged = await consentFor(registry, wallet, { attester: bankNode }, { signer: outsider });
      await expect(registry.connect(bank).register(bankNode, r, forged))
        .to.be.revertedWithCustomError(registry, "InvalidConsent")
        .withArgs(wallet, 0n, bankNode);
      await registry.connect(bank).register(bankNode, r, good);
      expect(await registry.identityOf(wallet)).to.equal(1n);
    });

    it("registerBatch needs one consent per registration", async function () {
      const { registry, clock, bank, bankNode } = await loadFixture(withRogueRoot);
      const wallets = [newWallet(), newWallet()];
      const regs = await Promise.all(wallets.map((w) => registrationFor(clock, w)));
      const consents = await Promise.all(wallets.map((w) => consentFor(registry, w, { attester: bankNode })));
      await expect(registry.connect(bank).registerBatch(bankNode, regs, consents.slice(0, 1)))
        .to.be.revertedWithCustomError(registry, "ConsentCountMismatch")
        .withArgs(2, 1);
      await expect(registry.connect(bank).registerBatch(bankNode, regs, [consents[0], consents[0]]))
        .to.be.revertedWithCustomError(registry, "InvalidConsent")
        .withArgs(wallets[1], 0n, bankNode);
      await registry.connect(bank).registerBatch(bankNode, regs, consents);
      expect(await registry.identityCount()).to.equal(2n);
    });
  });

  describe("bounds", function () {
    it("refuses an attestation whose deadline is more than MAX_ATTESTATION_WINDOW ahead", async function () {
      const { registry, clock, bank, bankNode, investor, domain } = await loadFixture(withRogueRoot);
      const now = await clock.now();
      const a: Attestation = {
        wallet: investor.address,
        classes: ClientClass.ACCREDITED,
        jurisdiction: 756,
        expiry: BigInt(now + YEAR),
        evidenceHash: ethers.id("far"),
        attester: bankNode,
        nonce: 1n,
        deadline: BigInt(now + 30 * DAY + 11),
      };
      const s = await signAttestation(bank, domain, a);
      await setNextBlockTime(clock, now + 10);
      await expect(registry.connect(investor).submitAttestation(s.attestation, s.signature, NO_CONSENT))
        .to.be.revertedWithCustomError(registry, "DeadlineTooFar")
        .withArgs(now + 30 * DAY + 11, now + 10 + 30 * DAY);
      // Usable once within the window.
      await setNextBlockTime(clock, now + 11);
      await registry.connect(investor).submitAttestation(s.attestation, s.signature, NO_CONSENT);
    });

    it("caps an expiry at MAX_KYC_VALIDITY ahead and at the attesting node's own lease", async function () {
      const { registry, tree, clock, regulator, rootId, bank, bankNode, subAgent, subAgentNode } =
        await loadFixture(withRogueRoot);
      const validity = 5 * 365 * DAY;
      expect(await registry.MAX_KYC_VALIDITY()).to.equal(BigInt(validity));
      // The root's lease is ten years: the five-year cap binds.
      const now = await clock.now();
      await setNextBlockTime(clock, now + 10);
      await expect(
        registry
          .connect(regulator)
          .register(
            rootId,
            await registrationFor(clock, regulator.address, { expiry: now + 10 + validity + 1 }),
            NO_CONSENT,
          ),
      )
        .to.be.revertedWithCustomError(registry, "ExpiryTooLate")
        .withArgs(now + 10 + validity + 1, now + 10 + validity);
      // The sub-agent's own lease (two years) binds before the cap.
      const subLease = Number((await tree.node(subAgentNode)).expiry);
      await expect(
        registry
          .connect(subAgent)
          .register(subAgentNode, await registrationFor(clock, subAgent.address, { expiry: subLease + 1 }), NO_CONSENT),
      )
        .to.be.revertedWithCustomError(registry, "ExpiryTooLate")
        .withArgs(subLease + 1, subLease);
      const id = await identityIdFrom(
        registry,
        registry
          .connect(subAgent)
          .register(subAgentNode, await registrationFor(clock, subAgent.address, { expiry: subLease }), NO_CONSENT),
      );
      // Renewal is capped by the attesting node's lease too, even for the regulator.
      await expect(registry.connect(regulator).renew(id, subLease + 1))
        .to.be.revertedWithCustomError(registry, "ExpiryTooLate")
        .withArgs(subLease + 1, subLease);
      // After a migration to the bank, the bank's lease is the cap.
      await registry.connect(bank).migrate(id, bankNode);
      await registry.connect(bank).renew(id, subLease + 1);
      expect((await registry.identity(id)).expiry).to.equal(BigInt(subLease + 1));
    });
  });
});
