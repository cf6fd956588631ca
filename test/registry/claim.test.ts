/**
 * Issue 17 review H1, end to end with the REAL client registry and the REAL venue (no WalletSuccessionMock): a
 * wallet replacement moves a venue account (claimWallet) only once its notice has passed uncontested.
 */
import { setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { IIdentitySuccession } from "../../typechain-types";
import { exchangeSeconds } from "../helpers/exchange";
import { consentFor, newWallet, NO_CONSENT, rememberWallet } from "../helpers/fixtures";
import { expectRegistryMatchesLogs } from "../helpers/registryReplay";

const reason = ethers.id("lost phone");
/** IIdentitySuccession.REPLACEMENT_NOTICE: 7 days. */
const NOTICE = 7 * 24 * 3600;

async function withVenue() {
  const f = await exchangeSeconds();
  const s = (await ethers.getContractAt(
    "IIdentitySuccession",
    await f.registry.getAddress(),
  )) as unknown as IIdentitySuccession;
  return { ...f, s };
}

/** The next block's time, pinned: `seconds` after the latest block. */
async function pinIn(seconds: number): Promise<number> {
  const at = (await time.latest()) + seconds;
  await time.setNextBlockTimestamp(at);
  return at;
}

describe("IdentityRegistry + Exchange: a lost wallet's venue account (issue 17 review H1)", function () {
  it("17 review H1: no claim before the notice; the client contests and keeps its account; a claim after an uncontested notice moves it", async function () {
    const { exchange, registry, s, traders, identities, usd, subAgent, outsider } = await loadFixture(withVenue);
    const [alice] = traders;
    const id = identities[0];
    const [aliceUsd] = await exchange.balanceOf(alice, usd);
    expect(aliceUsd).to.be.gt(0n);
    // The KYC agent (depth 2) replaces alice's live wallet by one of its choosing, with only that wallet's consent.
    const fresh = newWallet();
    const at = await pinIn(10);
    await s
      .connect(subAgent)
      .replaceWallet(id, alice, fresh, reason, await consentFor(registry, fresh, { identityId: id }));
    expect((await s.replacementNotice(alice))[2]).to.equal(BigInt(at + NOTICE));
    // Nobody can move the account during the notice.
    await time.setNextBlockTimestamp(at + NOTICE - 2);
    await expect(exchange.connect(outsider).claimWallet(alice))
      .to.be.revertedWithCustomError(exchange, "NoWalletSuccessor")
      .withArgs(alice.address);
    // Alice, who holds her key, contests: the replacement is void and she is back in her identity.
    await pinIn(1);
    await expect(s.connect(alice).contestReplacement(alice, ethers.id("I still hold it"))).to.emit(
      s,
      "ReplacementContested",
    );
    expect(await registry.identityOf(alice)).to.equal(id);
    await time.increase(NOTICE);
    await expect(exchange.connect(outsider).claimWallet(alice)).to.be.revertedWithCustomError(
      exchange,
      "NoWalletSuccessor",
    );
    expect((await exchange.balanceOf(alice, usd))[0]).to.equal(aliceUsd);

    // A real loss, uncontested: the wallet already in the identity succeeds; after the notice anyone claims.
    const at2 = await pinIn(10);
    await s.connect(subAgent).replaceWallet(id, alice, fresh, reason, NO_CONSENT);
    await time.setNextBlockTimestamp(at2 + NOTICE - 1);
    await expect(exchange.connect(outsider).claimWallet(alice)).to.be.revertedWithCustomError(
      exchange,
      "NoWalletSuccessor",
    );
    await time.setNextBlockTimestamp(at2 + NOTICE);
    await expect(exchange.connect(outsider).claimWallet(alice)).to.emit(exchange, "WalletClaimed");
    expect((await exchange.balanceOf(fresh, usd))[0]).to.equal(aliceUsd);
    expect((await exchange.balanceOf(alice, usd))[0]).to.equal(0n);
    await expectRegistryMatchesLogs(registry);
  });

  it("17 review H1: a manager ranked above the KYC agent contests its replacement; the account stays", async function () {
    const { exchange, registry, s, traders, identities, usd, subAgent, bank, outsider } = await loadFixture(withVenue);
    const [alice] = traders;
    const id = identities[0];
    const thief = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
    await setBalance(thief.address, ethers.parseEther("1"));
    const [aliceUsd] = await exchange.balanceOf(alice, usd);
    await s
      .connect(subAgent)
      .replaceWallet(id, alice, thief.address, reason, await consentFor(registry, thief.address, { identityId: id }));
    await expect(s.connect(subAgent).contestReplacement(alice, reason)).to.be.revertedWithCustomError(
      s,
      "NotContester",
    );
    await expect(s.connect(bank).contestReplacement(alice, ethers.id("agent gone rogue"))).to.emit(
      s,
      "ReplacementContested",
    );
    await time.increase(NOTICE);
    await expect(exchange.connect(outsider).claimWallet(alice)).to.be.revertedWithCustomError(
      exchange,
      "NoWalletSuccessor",
    );
    expect((await exchange.balanceOf(alice, usd))[0]).to.equal(aliceUsd);
    expect((await exchange.balanceOf(thief.address, usd))[0]).to.equal(0n);
  });
});
