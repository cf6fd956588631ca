import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { Scope, assetsFixture } from "../helpers/fixtures";

const reason = ethers.encodeBytes32String("licence withdrawn");

describe("VenueRegistry", () => {
  const fixture = assetsFixture(1);

  async function withVenue() {
    const f = await loadFixture(fixture);
    // A venue contract operated (owned) by the exchange operator, and a vault owned by the custodian.
    const venue = await ethers.deployContract("TestVenue", [f.actors.exchangeOp.address]);
    const vault = await ethers.deployContract("TestVenue", [f.actors.custodian.address]);
    return { ...f, venue, vault, venueAddress: await venue.getAddress() };
  }

  it("licenses EXCHANGE and CUSTODY holders themselves, under their root only", async () => {
    const { venues, actors, nodes, outsider } = await loadFixture(fixture);
    expect(await venues.isLicensed(actors.exchangeOp.address, nodes.r1)).to.equal(true);
    expect(await venues.isLicensed(actors.custodian.address, nodes.r1)).to.equal(true);
    expect(await venues.isLicensed(actors.exchangeOp.address, nodes.r2)).to.equal(false);
    expect(await venues.isLicensed(actors.lister.address, nodes.r1)).to.equal(false);
    expect(await venues.isLicensed(outsider.address, nodes.r1)).to.equal(false);
  });

  it("registers a contract by an EXCHANGE holder and licenses it while the operator's node is valid", async () => {
    const { venues, tree, actors, nodes, regulator, venue, venueAddress } = await withVenue();
    expect(await venues.isLicensed(venueAddress, nodes.r1)).to.equal(false);
    await expect(venues.connect(actors.exchangeOp).registerVenue(venue, nodes.r1, Scope.EXCHANGE))
      .to.emit(venues, "VenueRegistered")
      .withArgs(venueAddress, nodes.r1, nodes.exchangeOp, Scope.EXCHANGE, actors.exchangeOp.address);
    expect(await venues.registration(venue, nodes.r1)).to.deep.equal([nodes.exchangeOp, BigInt(Scope.EXCHANGE)]);
    expect(await venues.isLicensed(venueAddress, nodes.r1)).to.equal(true);
    expect(await venues.isLicensed(venueAddress, nodes.r2)).to.equal(false);
    await tree.connect(regulator).suspend(nodes.exchangeOp, reason);
    expect(await venues.isLicensed(venueAddress, nodes.r1)).to.equal(false);
    await tree.connect(regulator).resume(nodes.exchangeOp);
    expect(await venues.isLicensed(venueAddress, nodes.r1)).to.equal(true);
    await tree.connect(regulator).revoke(nodes.exchangeOp, reason);
    expect(await venues.isLicensed(venueAddress, nodes.r1)).to.equal(false);
  });

  it("registers custody contracts by CUSTODY holders", async () => {
    const { venues, actors, nodes, vault } = await withVenue();
    await expect(venues.connect(actors.custodian).registerVenue(vault, nodes.r1, Scope.CUSTODY))
      .to.emit(venues, "VenueRegistered")
      .withArgs(await vault.getAddress(), nodes.r1, nodes.custodian, Scope.CUSTODY, actors.custodian.address);
    expect(await venues.isLicensed(await vault.getAddress(), nodes.r1)).to.equal(true);
  });

  it("refuses other scopes, unlicensed callers and non-contracts", async () => {
    const { venues, actors, nodes, outsider, venue } = await withVenue();
    await expect(venues.connect(actors.exchangeOp).registerVenue(venue, nodes.r1, Scope.LIST))
      .to.be.revertedWithCustomError(venues, "InvalidVenueScope")
      .withArgs(Scope.LIST);
    await expect(venues.connect(actors.exchangeOp).registerVenue(venue, nodes.r1, Scope.EXCHANGE | Scope.CUSTODY))
      .to.be.revertedWithCustomError(venues, "InvalidVenueScope")
      .withArgs(Scope.EXCHANGE | Scope.CUSTODY);
    // An EXCHANGE holder may not register as a custodian, and vice versa.
    await expect(venues.connect(actors.exchangeOp).registerVenue(venue, nodes.r1, Scope.CUSTODY))
      .to.be.revertedWithCustomError(venues, "NotOperator")
      .withArgs(actors.exchangeOp.address, nodes.r1, Scope.CUSTODY);
    await expect(venues.connect(outsider).registerVenue(venue, nodes.r1, Scope.EXCHANGE))
      .to.be.revertedWithCustomError(venues, "NotOperator")
      .withArgs(outsider.address, nodes.r1, Scope.EXCHANGE);
    await expect(venues.connect(actors.exchangeOp).registerVenue(outsider.address, nodes.r1, Scope.EXCHANGE))
      .to.be.revertedWithCustomError(venues, "VenueNotAContract")
      .withArgs(outsider.address);
  });

  it("never replaces a registration, which its operator or an ancestor removes", async () => {
    const { venues, actors, nodes, regulator, outsider, venue, venueAddress } = await withVenue();
    await venues.connect(actors.exchangeOp).registerVenue(venue, nodes.r1, Scope.EXCHANGE);
    await expect(venues.connect(regulator).registerVenue(venue, nodes.r1, Scope.CUSTODY))
      .to.be.revertedWithCustomError(venues, "VenueConsentMissing")
      .withArgs(venueAddress, actors.exchangeOp.address, regulator.address);
    await expect(venues.connect(actors.exchangeOp).registerVenue(venue, nodes.r1, Scope.EXCHANGE))
      .to.be.revertedWithCustomError(venues, "VenueAlreadyRegistered")
      .withArgs(venueAddress, nodes.r1, nodes.exchangeOp);
    await expect(venues.connect(outsider).deregisterVenue(venue, nodes.r1))
      .to.be.revertedWithCustomError(venues, "NotVenueManager")
      .withArgs(outsider.address, nodes.exchangeOp);
    await expect(venues.connect(actors.custodian).deregisterVenue(venue, nodes.r1))
      .to.be.revertedWithCustomError(venues, "NotVenueManager")
      .withArgs(actors.custodian.address, nodes.exchangeOp);
    // The operator removes its own venue: barred at its own rank only, so it may register it again.
    await expect(venues.connect(actors.exchangeOp).deregisterVenue(venue, nodes.r1))
      .to.emit(venues, "VenueDeregistered")
      .withArgs(venueAddress, nodes.r1, actors.exchangeOp.address, 1);
    expect(await venues.deregistrationBar(venue, nodes.r1)).to.deep.equal([true, 1n]);
    await venues.connect(actors.exchangeOp).registerVenue(venue, nodes.r1, Scope.EXCHANGE);
    expect(await venues.deregistrationBar(venue, nodes.r1)).to.deep.equal([false, 0n]);
    await expect(venues.connect(regulator).deregisterVenue(venue, nodes.r1))
      .to.emit(venues, "VenueDeregistered")
      .withArgs(venueAddress, nodes.r1, regulator.address, 0);
    expect(await venues.isLicensed(venueAddress, nodes.r1)).to.equal(false);
    expect(await venues.registration(venue, nodes.r1)).to.deep.equal([0n, 0n]);
    await expect(venues.connect(regulator).deregisterVenue(venue, nodes.r1))
      .to.be.revertedWithCustomError(venues, "VenueNotRegistered")
      .withArgs(venueAddress, nodes.r1);
  });

  it("M1: an operator cannot re-register a venue the regulator removed", async () => {
    const { venues, tree, actors, nodes, regulator, expiry, venue, venueAddress } = await withVenue();
    await venues.connect(actors.exchangeOp).registerVenue(venue, nodes.r1, Scope.EXCHANGE);
    await venues.connect(regulator).deregisterVenue(venue, nodes.r1);
    expect(await venues.deregistrationBar(venue, nodes.r1)).to.deep.equal([true, 0n]);
    await expect(venues.connect(actors.exchangeOp).registerVenue(venue, nodes.r1, Scope.EXCHANGE))
      .to.be.revertedWithCustomError(venues, "VenueBarredByHigherAuthority")
      .withArgs(venueAddress, nodes.r1, 0, 1);
    // The bar is per root: under another root the venue is another matter.
    await tree.connect(actors.regulator2).grant(nodes.r2, actors.exchangeOp.address, Scope.EXCHANGE, expiry);
    await venues.connect(actors.exchangeOp).registerVenue(venue, nodes.r2, Scope.EXCHANGE);
    expect(await venues.isLicensed(venueAddress, nodes.r2)).to.equal(true);
    expect(await venues.isLicensed(venueAddress, nodes.r1)).to.equal(false);
  });

  it("22.6d: records the registering owner; a venue whose owner() moved elsewhere is not licensed", async () => {
    const { venues, actors, nodes, outsider, regulator, tree, expiry } = await withVenue();
    const movable = await ethers.deployContract("TestMovableVenue", [actors.exchangeOp.address]);
    const at = await movable.getAddress();
    await venues.connect(actors.exchangeOp).registerVenue(movable, nodes.r1, Scope.EXCHANGE);
    expect(await venues.registeredOwner(movable, nodes.r1)).to.equal(actors.exchangeOp.address);
    expect(await venues.isLicensed(at, nodes.r1)).to.equal(true);
    await movable.moveOwner(outsider.address);
    expect(await venues.isLicensed(at, nodes.r1)).to.equal(false);
    // Even to another licensed operator: it is the registering one the licence was given to.
    await movable.moveOwner(regulator.address);
    expect(await venues.isLicensed(at, nodes.r1)).to.equal(false);
    await movable.moveOwner(ethers.ZeroAddress);
    expect(await venues.isLicensed(at, nodes.r1)).to.equal(true);
    // A new owner with its own licence takes over through a fresh registration, once the old one is removed.
    await tree.connect(regulator).grant(nodes.r1, outsider.address, Scope.EXCHANGE, expiry);
    await movable.moveOwner(outsider.address);
    await expect(venues.connect(outsider).registerVenue(movable, nodes.r1, Scope.EXCHANGE))
      .to.be.revertedWithCustomError(venues, "VenueAlreadyRegistered")
      .withArgs(at, nodes.r1, nodes.exchangeOp);
    await venues.connect(actors.exchangeOp).deregisterVenue(movable, nodes.r1);
    await venues.connect(outsider).registerVenue(movable, nodes.r1, Scope.EXCHANGE);
    expect(await venues.registeredOwner(movable, nodes.r1)).to.equal(outsider.address);
    expect(await venues.isLicensed(at, nodes.r1)).to.equal(true);
  });

  it("22.2: remembers that a venue was registered, after its deregistration too, per root", async () => {
    const { venues, actors, nodes, venue } = await withVenue();
    expect(await venues.wasRegistered(venue, nodes.r1)).to.equal(false);
    await venues.connect(actors.exchangeOp).registerVenue(venue, nodes.r1, Scope.EXCHANGE);
    expect(await venues.wasRegistered(venue, nodes.r1)).to.equal(true);
    await venues.connect(actors.exchangeOp).deregisterVenue(venue, nodes.r1);
    expect(await venues.wasRegistered(venue, nodes.r1)).to.equal(true);
    expect(await venues.registeredOwner(venue, nodes.r1)).to.equal(ethers.ZeroAddress);
    expect(await venues.wasRegistered(venue, nodes.r2)).to.equal(false);
  });

  it("M1: registers a contract only with its consent (its owner() is the caller)", async () => {
    const { venues, actors, nodes, venue, vault, venueAddress } = await withVenue();
    await expect(venues.connect(actors.exchangeOp).registerVenue(vault, nodes.r1, Scope.EXCHANGE))
      .to.be.revertedWithCustomError(venues, "VenueConsentMissing")
      .withArgs(await vault.getAddress(), actors.custodian.address, actors.exchangeOp.address);
    // A contract without owner() cannot consent.
    const plain = await ethers.deployContract("TestToken", ["Plain", "PLN"]);
    await expect(venues.connect(actors.exchangeOp).registerVenue(plain, nodes.r1, Scope.EXCHANGE))
      .to.be.revertedWithCustomError(venues, "VenueConsentMissing")
      .withArgs(await plain.getAddress(), ethers.ZeroAddress, actors.exchangeOp.address);
    await expect(venues.connect(actors.exchangeOp).registerVenue(venue, nodes.r1, Scope.EXCHANGE))
      .to.emit(venues, "VenueRegistered")
      .withArgs(venueAddress, nodes.r1, nodes.exchangeOp, Scope.EXCHANGE, actors.exchangeOp.address);
  });
});
