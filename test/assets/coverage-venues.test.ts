import { impersonateAccount, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { exchangeSeconds as sharedExchange } from "../helpers/exchange";
import { Scope } from "../helpers/fixtures";

// This file's own fixture function: loadFixture keys snapshots by function.
const exchangeSeconds = () => sharedExchange();

/** The venue itself as the caller: only a venue makes its own registration follow its operator (review L1). */
async function asVenue(address: string) {
  await impersonateAccount(address);
  await setBalance(address, ethers.parseEther("1"));
  return ethers.getSigner(address);
}

describe("Venue registry: following the venue's operator", () => {
  it("a venue never registered under the root has no operator to follow (VenueNotRegistered)", async () => {
    const { venues, nodes, exchange } = await loadFixture(exchangeSeconds);
    const stranger = ethers.Wallet.createRandom().address;
    await expect(venues.connect(await asVenue(stranger)).followOperator(stranger, nodes.r1))
      .to.be.revertedWithCustomError(venues, "VenueNotRegistered")
      .withArgs(stranger, nodes.r1);
    // Registered under R1 only: under R2 it is not.
    await expect(venues.connect(await asVenue(await exchange.getAddress())).followOperator(exchange, nodes.r2))
      .to.be.revertedWithCustomError(venues, "VenueNotRegistered")
      .withArgs(await exchange.getAddress(), nodes.r2);
  });

  it("an owner whose node lost the registered scope is not followed (NotOperator)", async () => {
    const { venues, tree, nodes, exchange, actors, regulator } = await loadFixture(exchangeSeconds);
    await (await tree.connect(regulator).revoke(nodes.exchangeOp, ethers.encodeBytes32String("licence ended"))).wait();
    await expect(venues.connect(await asVenue(await exchange.getAddress())).followOperator(exchange, nodes.r1))
      .to.be.revertedWithCustomError(venues, "NotOperator")
      .withArgs(actors.exchangeOp.address, nodes.r1, Scope.EXCHANGE);
  });

  it("following an operator still on the same node records it and reports no restriction", async () => {
    const { venues, tree, nodes, exchange, actors } = await loadFixture(exchangeSeconds);
    const epoch = await tree.restrictionEpoch(nodes.r1);
    await expect(venues.connect(await asVenue(await exchange.getAddress())).followOperator(exchange, nodes.r1))
      .to.emit(venues, "VenueOperatorFollowed")
      .withArgs(await exchange.getAddress(), nodes.r1, nodes.exchangeOp, actors.exchangeOp.address)
      .and.not.to.emit(tree, "RestrictionReported");
    expect(await tree.restrictionEpoch(nodes.r1)).to.equal(epoch);
  });
});
