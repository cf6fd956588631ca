import { expect } from "chai";
import { ethers } from "hardhat";
import type { IdentityRegistry } from "../../typechain-types";
import { rebuildRegistry, successorOf, type RegistryFromLogs } from "../../lib/replay/registry";

export type { RegistryFromLogs };

/**
 * Rebuilds a registry's state from its events alone (with the audit replayer's lib/replay/registry.ts), and
 * compares it with the registry's views: it proves every stored field is derivable from the logs (identities with the
 * ranks of the decisions on them, wallets in list order, policies, nonces used by attestations and wallet consents,
 * and cancelled).
 */
export async function replayRegistry(registry: IdentityRegistry): Promise<RegistryFromLogs> {
  // Scan from the deployment block: scanning a long test chain from genesis is slow.
  const deployed = await registry.deploymentTransaction()?.wait();
  const fromBlock = deployed?.blockNumber ?? 0;
  const logs = await ethers.provider.getLogs({ address: await registry.getAddress(), fromBlock, toBlock: "latest" });
  return rebuildRegistry(registry.interface, logs);
}

/** Rebuild from events and require the result to equal every view of the registry. */
export async function expectRegistryMatchesLogs(registry: IdentityRegistry): Promise<RegistryFromLogs> {
  const state = await replayRegistry(registry);
  expect(await registry.identityCount()).to.equal(state.identityCount);
  for (const [id, fromLogs] of state.identities) {
    const view = await registry.identity(id);
    const { wallets, ...fields } = fromLogs;
    expect({
      attester: view.attester,
      root: view.root,
      expiry: view.expiry,
      jurisdiction: view.jurisdiction,
      classes: view.classes,
      status: view.status,
      frozen: view.frozen,
      frozenByDepth: view.frozenByDepth,
      profileDepth: view.profileDepth,
      revokedByDepth: view.revokedByDepth,
      evidenceHash: view.evidenceHash,
    }).to.deep.equal(fields, `identity ${id}`);
    expect(view.walletCount).to.equal(BigInt(wallets.length), `identity ${id} wallet count`);
    expect(await registry.wallets(id, 0, 100)).to.deep.equal(wallets, `identity ${id} wallets`);
  }
  for (const wallet of state.walletsSeen) {
    const owner = [...state.identities].find(([, i]) => i.wallets.includes(wallet))?.[0] ?? 0n;
    expect(await registry.identityOf(wallet)).to.equal(owner, `identityOf ${wallet}`);
  }
  for (const lost of state.successors.keys()) {
    expect(await registry.successorOf(lost)).to.equal(
      successorOf(state, lost, await registry.currentTime()),
      `successorOf ${lost}`,
    );
  }
  const succession = await ethers.getContractAt("IIdentitySuccession", await registry.getAddress());
  expect(await succession.importer()).to.equal(state.importer ?? ethers.ZeroAddress);
  expect(await registry.policyCount()).to.equal(BigInt(state.policies.size));
  for (const [id, fromLogs] of state.policies) {
    const view = await registry.policy(id);
    expect([...view.trustedRoots]).to.deep.equal(fromLogs.trustedRoots, `policy ${id} roots`);
    expect(view.allowedClasses).to.equal(fromLogs.allowedClasses, `policy ${id} classes`);
    expect([...view.barredJurisdictions]).to.deep.equal(fromLogs.barred, `policy ${id} barred`);
  }
  for (const { signer, nonce, state: nonceState } of state.nonces.values()) {
    expect(await registry.nonceState(signer, nonce)).to.equal(nonceState, `nonce ${nonce} of ${signer}`);
  }
  return state;
}
