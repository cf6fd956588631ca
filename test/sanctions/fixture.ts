import { ethers } from "hardhat";
import { exchangeSeconds } from "../helpers/exchange";
import { Scope, YEAR, nodeIdFrom, rememberWallet } from "../helpers/fixtures";

/**
 * The venue world (exchangeSeconds) plus two sanctions officers under R1: `officer` holding SANCTIONS and DELEGATE at
 * depth 1 (granted by the regulator), and `deputy` holding SANCTIONS at depth 2 (granted by the officer), each a
 * funded fresh wallet, their leases a year long.
 */
export async function sanctionsWorld() {
  const f = await exchangeSeconds();
  const funder = (await ethers.getSigners())[0];
  const fresh = async () => {
    const w = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
    await (await funder.sendTransaction({ to: w.address, value: ethers.parseEther("10") })).wait();
    return w;
  };
  const [officer, deputy] = [await fresh(), await fresh()];
  const expiry = (await f.clock.now()) + YEAR;
  const officerNode = await nodeIdFrom(
    f.tree,
    f.tree.connect(f.regulator).grant(f.nodes.r1, officer.address, Scope.SANCTIONS | Scope.DELEGATE, expiry),
  );
  const deputyNode = await nodeIdFrom(
    f.tree,
    f.tree.connect(officer).grant(officerNode, deputy.address, Scope.SANCTIONS, expiry),
  );
  return { ...f, officer, officerNode, deputy, deputyNode, registryAddress: await f.registry.getAddress() };
}
