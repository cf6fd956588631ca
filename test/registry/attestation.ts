import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import {
  attestationDigest,
  attestationDomain,
  attestationTypeString,
  signAttestation,
  type Attestation,
  type TypedDataSigner,
} from "../../lib/attestation";
import type { ERC1271SignerMock, IdentityRegistry } from "../../typechain-types";
import {
  AttesterFault,
  ClientClass,
  type Clock,
  DAY,
  newWallet,
  nodeIdFrom,
  NonceState,
  registryFixture,
  Scope,
  setNextBlockTime,
  submitWithConsent,
  TIME_UNITS,
  YEAR,
} from "../helpers/fixtures";

const reason = ethers.encodeBytes32String("test");

async function domainOf(registry: IdentityRegistry) {
  const { chainId } = await ethers.provider.getNetwork();
  return attestationDomain(chainId, await registry.getAddress());
}

async function attestationFor(
  clock: Clock,
  attester: bigint,
  wallet: string,
  overrides: Partial<Attestation> = {},
): Promise<Attestation> {
  return {
    wallet,
    classes: ClientClass.PROFESSIONAL,
    jurisdiction: 826,
    expiry: BigInt(await clock.in(YEAR)),
    evidenceHash: ethers.id(`evidence of ${wallet}`),
    attester,
    nonce: 1n,
    deadline: BigInt(await clock.in(DAY)),
    ...overrides,
  };
}

for (const unit of TIME_UNITS) {
  describe(`IdentityRegistry: signed attestations (time unit ${unit})`, function () {
    const fixture = registryFixture(unit);

    async function signed(signer: TypedDataSigner, registry: IdentityRegistry, a: Attestation) {
      return signAttestation(signer, await domainOf(registry), a);
    }

    it("uses one EIP-712 definition on both sides: type hash and digest match the TypeScript library", async function () {
      const { registry, clock, bankNode, investor } = await loadFixture(fixture);
      expect(await registry.ATTESTATION_TYPEHASH()).to.equal(ethers.id(attestationTypeString()));
      const a = await attestationFor(clock, bankNode, investor.address, { nonce: 2n ** 200n + 7n });
      expect(await registry.attestationDigest(a)).to.equal(attestationDigest(await domainOf(registry), a));
      const domain = await registry.eip712Domain();
      expect(domain.name).to.equal("IdentityRegistry");
      expect(domain.version).to.equal("1");
    });

    it("registers the investor who submits an attestation signed by a KYC node's account", async function () {
      const { registry, clock, bank, bankNode, rootId, investor } = await loadFixture(fixture);
      const a = await attestationFor(clock, bankNode, investor.address, { nonce: 42n });
      const s = await signed(bank, registry, a);
      const tx = submitWithConsent(registry, investor, s.attestation, s.signature);
      await expect(tx)
        .to.emit(registry, "IdentityRegistered")
        .withArgs(1n, bankNode, rootId, 1, a.classes, a.jurisdiction, a.expiry, a.evidenceHash, investor.address);
      await expect(tx).to.emit(registry, "WalletAdded").withArgs(1n, investor.address, investor.address);
      await expect(tx).to.emit(registry, "AttestationUsed").withArgs(bank.address, 42n, 1n, investor.address);
      const identity = await registry.identity(1n);
      expect([identity.attester, identity.root, identity.expiry]).to.deep.equal([bankNode, rootId, a.expiry]);
      expect([identity.classes, identity.jurisdiction]).to.deep.equal([BigInt(a.classes), BigInt(a.jurisdiction)]);
      expect(identity.evidenceHash).to.equal(a.evidenceHash);
      expect(await registry.nonceState(bank.address, 42n)).to.equal(NonceState.Used);
      expect(await registry.nonceState(bank.address, 41n)).to.equal(NonceState.Unused);
    });

    it("accepts a submission relayed by someone else, for the wallet named in the attestation", async function () {
      const { registry, clock, bank, bankNode, investor, outsider } = await loadFixture(fixture);
      const s = await signed(bank, registry, await attestationFor(clock, bankNode, investor.address));
      await expect(submitWithConsent(registry, outsider, s.attestation, s.signature))
        .to.emit(registry, "AttestationUsed")
        .withArgs(bank.address, 1n, 1n, outsider.address);
      expect(await registry.identityOf(investor.address)).to.equal(1n);
      expect(await registry.identityOf(outsider.address)).to.equal(0n);
    });

    it("refuses a replay of a used attestation, and any other attestation with the same nonce", async function () {
      const { registry, clock, bank, bankNode, investor, outsider } = await loadFixture(fixture);
      const s = await signed(bank, registry, await attestationFor(clock, bankNode, investor.address, { nonce: 9n }));
      await submitWithConsent(registry, investor, s.attestation, s.signature);
      await expect(submitWithConsent(registry, investor, s.attestation, s.signature))
        .to.be.revertedWithCustomError(registry, "NonceAlreadyUsed")
        .withArgs(bank.address, 9n);
      const other = await signed(
        bank,
        registry,
        await attestationFor(clock, bankNode, outsider.address, { nonce: 9n }),
      );
      await expect(submitWithConsent(registry, outsider, other.attestation, other.signature))
        .to.be.revertedWithCustomError(registry, "NonceAlreadyUsed")
        .withArgs(bank.address, 9n);
    });

    it("accepts nonces in any order, and counts them per signer", async function () {
      const { registry, clock, bank, bankNode, subAgent, subAgentNode, rest } = await loadFixture(fixture);
      for (const [i, nonce] of [1000n, 3n, 2n ** 255n, 4n].entries()) {
        const s = await signed(bank, registry, await attestationFor(clock, bankNode, rest[i].address, { nonce }));
        await submitWithConsent(registry, undefined, s.attestation, s.signature);
      }
      // Another signer's nonce 3 is its own.
      const s = await signed(
        subAgent,
        registry,
        await attestationFor(clock, subAgentNode, rest[5].address, { nonce: 3n }),
      );
      await submitWithConsent(registry, undefined, s.attestation, s.signature);
      expect(await registry.identityCount()).to.equal(5n);
    });

    it("accepts an attestation until its deadline (seconds) and refuses it after", async function () {
      const { registry, clock, bank, bankNode, investor, outsider } = await loadFixture(fixture);
      const deadline = (await clock.now()) + 1000;
      const onTime = await signed(
        bank,
        registry,
        await attestationFor(clock, bankNode, investor.address, { deadline: BigInt(deadline), nonce: 1n }),
      );
      const late = await signed(
        bank,
        registry,
        await attestationFor(clock, bankNode, outsider.address, { deadline: BigInt(deadline), nonce: 2n }),
      );
      await setNextBlockTime(clock, deadline);
      await submitWithConsent(registry, undefined, onTime.attestation, onTime.signature);
      await setNextBlockTime(clock, deadline + 1);
      await expect(submitWithConsent(registry, undefined, late.attestation, late.signature))
        .to.be.revertedWithCustomError(registry, "AttestationExpired")
        .withArgs(deadline, deadline + 1);
      expect(await registry.nonceState(bank.address, 2n)).to.equal(NonceState.Unused);
    });

    it("refuses a signature by a suspended KYC node, and accepts it again once resumed", async function () {
      const { registry, tree, clock, bank, subAgent, subAgentNode, investor } = await loadFixture(fixture);
      const s = await signed(subAgent, registry, await attestationFor(clock, subAgentNode, investor.address));
      await tree.connect(bank).suspend(subAgentNode, reason);
      await expect(submitWithConsent(registry, undefined, s.attestation, s.signature))
        .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
        .withArgs(subAgentNode, AttesterFault.Invalid);
      await tree.connect(bank).resume(subAgentNode);
      await submitWithConsent(registry, undefined, s.attestation, s.signature);
    });

    it("refuses signatures by accounts without a valid KYC node", async function () {
      const { registry, tree, clock, governor, regulator, bankNode, subAgent, subAgentNode, provider, rootId } =
        await loadFixture(fixture);
      const [wallet1, wallet2, wallet3, wallet4] = Array.from({ length: 4 }, () => newWallet());

      // A node without KYC.
      const listNode = await nodeIdFrom(
        tree,
        tree.connect(regulator).grant(rootId, provider.address, Scope.LIST, await clock.in(YEAR)),
      );
      const s1 = await signed(provider, registry, await attestationFor(clock, listNode, wallet1));
      await expect(submitWithConsent(registry, undefined, s1.attestation, s1.signature))
        .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
        .withArgs(listNode, AttesterFault.NoKyc);

      // A node whose parent was revoked.
      const s2 = await signed(subAgent, registry, await attestationFor(clock, subAgentNode, wallet2));
      await tree.connect(regulator).revoke(bankNode, reason);
      await expect(submitWithConsent(registry, undefined, s2.attestation, s2.signature))
        .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
        .withArgs(subAgentNode, AttesterFault.Invalid);

      // A node that does not exist, and the governor (who holds no node at all) naming the root.
      const s3 = await signed(governor, registry, await attestationFor(clock, 77n, wallet3));
      await expect(submitWithConsent(registry, undefined, s3.attestation, s3.signature))
        .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
        .withArgs(77n, AttesterFault.Unknown);
      const s4 = await signed(governor, registry, await attestationFor(clock, rootId, wallet4));
      await expect(submitWithConsent(registry, undefined, s4.attestation, s4.signature))
        .to.be.revertedWithCustomError(registry, "InvalidSignature")
        .withArgs(rootId, regulator.address);
    });

    it("refuses a signature by the node's account once its lease has ended", async function () {
      const { registry, tree, clock, bank, bankNode, outsider, investor } = await loadFixture(fixture);
      const end = await clock.in(DAY);
      const node = await nodeIdFrom(tree, tree.connect(bank).grant(bankNode, outsider.address, Scope.KYC, end));
      const s = await signed(
        outsider,
        registry,
        await attestationFor(clock, node, investor.address, { deadline: BigInt(end + DAY) }),
      );
      await setNextBlockTime(clock, end);
      await expect(submitWithConsent(registry, undefined, s.attestation, s.signature))
        .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
        .withArgs(node, AttesterFault.Invalid);
    });

    it("binds an attestation to the grant: it dies with a revoked node, even if the account is re-authorised", async function () {
      const { registry, tree, clock, regulator, bank, bankNode, rootId, investor } = await loadFixture(fixture);
      const s = await signed(bank, registry, await attestationFor(clock, bankNode, investor.address));
      await tree.connect(regulator).revoke(bankNode, reason);
      const newNode = await nodeIdFrom(
        tree,
        tree.connect(regulator).grant(rootId, bank.address, Scope.KYC, await clock.in(YEAR)),
      );
      await expect(submitWithConsent(registry, undefined, s.attestation, s.signature))
        .to.be.revertedWithCustomError(registry, "AttesterNotKyc")
        .withArgs(bankNode, AttesterFault.Invalid);
      // Naming the new node does not help: the signature covers the old one.
      await expect(submitWithConsent(registry, undefined, { ...s.attestation, attester: newNode }, s.signature))
        .to.be.revertedWithCustomError(registry, "InvalidSignature")
        .withArgs(newNode, bank.address);
    });

    it("refuses forged, altered and foreign-domain signatures", async function () {
      const { registry, tree, clock, bank, bankNode, outsider, investor } = await loadFixture(fixture);
      const a = await attestationFor(clock, bankNode, investor.address);
      const byOutsider = await signed(outsider, registry, a);
      await expect(submitWithConsent(registry, undefined, a, byOutsider.signature))
        .to.be.revertedWithCustomError(registry, "InvalidSignature")
        .withArgs(bankNode, bank.address);

      const good = await signed(bank, registry, a);
      for (const altered of [
        { ...a, classes: ClientClass.INSTITUTIONAL },
        { ...a, jurisdiction: 840 },
        { ...a, expiry: a.expiry + 1n },
        { ...a, evidenceHash: ethers.id("other") },
        { ...a, wallet: outsider.address },
        { ...a, nonce: 2n },
        { ...a, deadline: a.deadline + 1n },
      ]) {
        await expect(submitWithConsent(registry, undefined, altered, good.signature))
          .to.be.revertedWithCustomError(registry, "InvalidSignature")
          .withArgs(bankNode, bank.address);
      }

      const { chainId } = await ethers.provider.getNetwork();
      const otherChain = await signAttestation(bank, attestationDomain(chainId + 1n, await registry.getAddress()), a);
      const otherContract = await signAttestation(bank, attestationDomain(chainId, await tree.getAddress()), a);
      for (const sig of [otherChain.signature, otherContract.signature, "0x1234", "0x"]) {
        await expect(submitWithConsent(registry, undefined, a, sig))
          .to.be.revertedWithCustomError(registry, "InvalidSignature")
          .withArgs(bankNode, bank.address);
      }
      // A high-s twin of a valid signature is refused (no malleability).
      const sig = ethers.Signature.from(good.signature);
      const n = BigInt("0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
      const highS = ethers.concat([sig.r, ethers.toBeHex(n - BigInt(sig.s), 32), sig.v === 27 ? "0x1c" : "0x1b"]);
      await expect(submitWithConsent(registry, undefined, a, highS))
        .to.be.revertedWithCustomError(registry, "InvalidSignature")
        .withArgs(bankNode, bank.address);
      await submitWithConsent(registry, undefined, a, good.signature);
    });

    it("validates the attested profile like a direct registration, consuming no nonce on failure", async function () {
      const { registry, clock, bank, bankNode, investor } = await loadFixture(fixture);
      const bad = await signed(bank, registry, await attestationFor(clock, bankNode, investor.address, { classes: 0 }));
      await expect(submitWithConsent(registry, undefined, bad.attestation, bad.signature))
        .to.be.revertedWithCustomError(registry, "InvalidClasses")
        .withArgs(0);
      const now = await clock.now();
      const past = await signed(
        bank,
        registry,
        await attestationFor(clock, bankNode, investor.address, { expiry: BigInt(now), nonce: 2n }),
      );
      await setNextBlockTime(clock, now + 5);
      await expect(submitWithConsent(registry, undefined, past.attestation, past.signature))
        .to.be.revertedWithCustomError(registry, "ExpiryNotInFuture")
        .withArgs(now, now + 5);
      expect(await registry.nonceState(bank.address, 1n)).to.equal(NonceState.Unused);
      expect(await registry.nonceState(bank.address, 2n)).to.equal(NonceState.Unused);
    });

    it("refuses an attestation for a wallet that already belongs to an identity", async function () {
      const { registry, clock, bank, bankNode, subAgent, subAgentNode, investor } = await loadFixture(fixture);
      const s1 = await signed(bank, registry, await attestationFor(clock, bankNode, investor.address));
      await submitWithConsent(registry, undefined, s1.attestation, s1.signature);
      const s2 = await signed(subAgent, registry, await attestationFor(clock, subAgentNode, investor.address));
      await expect(submitWithConsent(registry, undefined, s2.attestation, s2.signature))
        .to.be.revertedWithCustomError(registry, "WalletAlreadyRegistered")
        .withArgs(investor.address, 1n);
    });

    describe("cancelling", function () {
      it("lets the signer cancel an unused nonce, after which its attestation fails", async function () {
        const { registry, clock, bank, bankNode, investor } = await loadFixture(fixture);
        const s = await signed(bank, registry, await attestationFor(clock, bankNode, investor.address, { nonce: 5n }));
        await expect(registry.connect(bank).cancelNonce(5n))
          .to.emit(registry, "NonceCancelled")
          .withArgs(bank.address, 5n);
        expect(await registry.nonceState(bank.address, 5n)).to.equal(NonceState.Cancelled);
        await expect(submitWithConsent(registry, investor, s.attestation, s.signature))
          .to.be.revertedWithCustomError(registry, "NonceAlreadyCancelled")
          .withArgs(bank.address, 5n);
        await expect(registry.connect(bank).cancelNonce(5n))
          .to.be.revertedWithCustomError(registry, "NonceAlreadyCancelled")
          .withArgs(bank.address, 5n);
      });

      it("cannot cancel a used nonce, and nobody can cancel another signer's nonce", async function () {
        const { registry, clock, bank, bankNode, investor, outsider } = await loadFixture(fixture);
        const s = await signed(bank, registry, await attestationFor(clock, bankNode, investor.address, { nonce: 6n }));
        await registry.connect(outsider).cancelNonce(6n); // the outsider's own nonce 6
        expect(await registry.nonceState(outsider.address, 6n)).to.equal(NonceState.Cancelled);
        expect(await registry.nonceState(bank.address, 6n)).to.equal(NonceState.Unused);
        await submitWithConsent(registry, investor, s.attestation, s.signature);
        await expect(registry.connect(bank).cancelNonce(6n))
          .to.be.revertedWithCustomError(registry, "NonceAlreadyUsed")
          .withArgs(bank.address, 6n);
      });
    });

    describe("contract signers (ERC-1271)", function () {
      async function contractNode(fx: Awaited<ReturnType<typeof fixture>>) {
        const { tree, clock, bank, bankNode, provider } = fx;
        const account = (await ethers.deployContract("ERC1271SignerMock", [
          provider.address,
        ])) as unknown as ERC1271SignerMock;
        const node = await nodeIdFrom(
          tree,
          tree.connect(bank).grant(bankNode, await account.getAddress(), Scope.KYC, await clock.in(2 * YEAR)),
        );
        return { account, node };
      }

      it("accepts an attestation approved by a contract account holding the KYC node", async function () {
        const fx = await loadFixture(fixture);
        const { registry, clock, provider, outsider, investor } = fx;
        const { account, node } = await contractNode(fx);
        const a = await attestationFor(clock, node, investor.address);
        // The multisig's owner key approves the digest; the registry asks the contract (ERC-1271).
        const s = await signed(provider, registry, a);
        await expect(submitWithConsent(registry, investor, a, s.signature))
          .to.emit(registry, "AttestationUsed")
          .withArgs(await account.getAddress(), 1n, 1n, investor.address);
        const forged = await signed(outsider, registry, { ...a, nonce: 2n });
        await expect(submitWithConsent(registry, undefined, forged.attestation, forged.signature))
          .to.be.revertedWithCustomError(registry, "InvalidSignature")
          .withArgs(node, await account.getAddress());
      });

      it("lets a contract account cancel its own nonce", async function () {
        const fx = await loadFixture(fixture);
        const { registry, clock, provider, investor } = fx;
        const { account, node } = await contractNode(fx);
        const s = await signed(provider, registry, await attestationFor(clock, node, investor.address, { nonce: 3n }));
        await account
          .connect(provider)
          .execute(await registry.getAddress(), registry.interface.encodeFunctionData("cancelNonce", [3n]));
        await expect(submitWithConsent(registry, undefined, s.attestation, s.signature))
          .to.be.revertedWithCustomError(registry, "NonceAlreadyCancelled")
          .withArgs(await account.getAddress(), 3n);
      });
    });
  });
}
