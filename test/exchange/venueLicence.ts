import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";
import { FUNDS, exchangeSeconds } from "../helpers/exchange";
import { DAY } from "../helpers/fixtures";

const why = ethers.encodeBytes32String("licence test");
/** IEligibility.Eligibility values the venue reports for a deposit refused. */
const Eligibility = { IdentityRevoked: 3, Frozen: 4, Expired: 5 } as const;

describe("Exchange venue: who may bring funds in (issue 15)", () => {
  it("15.10: a deposit needs a wallet whose identity is valid now: frozen, revoked or expired are refused with the reason; withdrawals keep working", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, registry, subAgent, identities, traders, usd, clock } = f;
    const [alice, bob, carol] = traders;
    await (await usd.mint(alice, 3n)).wait();
    await (await usd.connect(alice).approve(exchange, 3n)).wait();
    await (await registry.connect(subAgent).freeze(identities[0], why)).wait();
    await expect(exchange.connect(alice).deposit(usd, 1n))
      .to.be.revertedWithCustomError(exchange, "IdentityNotValid")
      .withArgs(alice.address, Eligibility.Frozen);
    await exchange.connect(alice).withdraw(usd, 1n);
    await (await registry.connect(subAgent).unfreeze(identities[0])).wait();
    await exchange.connect(alice).deposit(usd, 1n);

    await (await registry.connect(subAgent).revoke(identities[1], why)).wait();
    await expect(exchange.connect(bob).deposit(usd, 1n))
      .to.be.revertedWithCustomError(exchange, "IdentityNotValid")
      .withArgs(bob.address, Eligibility.IdentityRevoked);
    await exchange.connect(bob).withdraw(usd, FUNDS);

    await (await registry.connect(subAgent).renew(identities[2], await clock.in(DAY))).wait();
    await clock.advance(2 * DAY);
    await expect(exchange.connect(carol).deposit(usd, 1n))
      .to.be.revertedWithCustomError(exchange, "IdentityNotValid")
      .withArgs(carol.address, Eligibility.Expired);
    await exchange.connect(carol).withdraw(usd, 5n);
  });
});
