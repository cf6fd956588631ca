import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { rememberWallet } from "../helpers/fixtures";
import { ACCREDITED, LimitKind, limitsWorld } from "./fixture";

describe("AML limits: a native token's holding cap (issue 16)", () => {
  async function capped() {
    const w = await limitsWorld();
    await (await w.token.connect(w.actors.issuer).setLimits(w.aml, w.policy)).wait();
    await (await w.aml.connect(w.regulator).setLimit(w.policy, w.token, ACCREDITED, LimitKind.Holding, 150n)).wait();
    return w;
  }

  it("16.limits: the holding cap counts every wallet of the identity; the venue's balance is excluded", async () => {
    const { token, aml, exchange, traders, identities, clients, actors } = await loadFixture(capped);
    const [alice, bob] = traders;
    // alice's FUNDS are all in the venue: her wallets hold nothing, the venue's pool is no holder.
    expect(await token.balanceOf(alice)).to.equal(0n);
    await (await exchange.connect(alice).withdraw(token, 100n)).wait();
    const second = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
    await (await alice.sendTransaction({ to: second.address, value: ethers.parseEther("1") })).wait();
    await clients.addWallet(identities[0], second.address);
    await (await token.connect(actors.issuer).mint(second.address, 50n)).wait(); // 150 together: at the cap
    await expect(token.connect(actors.issuer).mint(second.address, 1n))
      .to.be.revertedWithCustomError(aml, "HoldingCapExceeded")
      .withArgs(identities[0], await token.getAddress(), 1n, 0n, 0);
    // A withdrawal from the venue into a wallet of the identity is a receipt like any other.
    await expect(exchange.connect(alice).withdraw(token, 10n))
      .to.be.revertedWithCustomError(aml, "HoldingCapExceeded")
      .withArgs(identities[0], await token.getAddress(), 10n, 0n, 0);
    // Moving between the identity's own wallets changes nothing; depositing into the venue frees room.
    await (await token.connect(second).transfer(alice, 50n)).wait();
    await (await token.connect(alice).approve(exchange, 30n)).wait();
    await (await exchange.connect(alice).deposit(token, 30n)).wait();
    await (await exchange.connect(bob).withdraw(token, 150n)).wait();
    await expect(token.connect(bob).transfer(alice, 31n))
      .to.be.revertedWithCustomError(aml, "HoldingCapExceeded")
      .withArgs(identities[0], await token.getAddress(), 31n, 30n, 0);
    await expect(token.connect(bob).transfer(alice, 30n)).to.emit(token, "Transfer");
  });

  it("16.limits: a token's limits follow rank discipline: a higher rank's detachment binds the issuer (cleared-by)", async () => {
    const { token, aml, policy, regulator, actors } = await loadFixture(capped);
    expect(await token.limitsAttachment()).to.deep.equal([await aml.getAddress(), policy, 1n, true]);
    await expect(token.connect(actors.alice).setLimits(ethers.ZeroAddress, 0)).to.be.revertedWithCustomError(
      token,
      "NotComplianceAuthority",
    );
    await expect(token.connect(regulator).setLimits(ethers.ZeroAddress, 0))
      .to.emit(token, "LimitsAttached")
      .withArgs(ethers.ZeroAddress, 0, regulator.address, 0);
    await expect(token.connect(actors.issuer).setLimits(aml, policy))
      .to.be.revertedWithCustomError(token, "LimitsSetByHigherAuthority")
      .withArgs(0, 1);
    await expect(token.connect(regulator).setLimits(aml, 7))
      .to.be.revertedWithCustomError(token, "InvalidLimits")
      .withArgs(await aml.getAddress(), 7);
    // Detached: no cap applies any more.
    await expect(token.connect(actors.issuer).mint(actors.alice.address, 1000n)).to.emit(token, "Transfer");
  });
});
