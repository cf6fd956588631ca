import { expect } from "chai";
import { ethers } from "hardhat";
import type { IdentityRegistry } from "../../typechain-types";

/**
 * Rebuilds a registry's state from its events alone, and compares it with the registry's views. This is the test's
 * own small replayer: it proves every stored field is derivable from the logs (identities with the ranks of the
 * decisions on them, wallets in list order, policies, nonces used by attestations and wallet consents, and cancelled).
 */
interface IdentityFromLogs {
  attester: bigint;
  root: bigint;
  expiry: bigint;
  jurisdiction: bigint;
  classes: bigint;
  status: bigint; // 1 Active, 2 Revoked
  frozen: boolean;
  frozenByDepth: bigint; // while frozen: the freezer's depth, else 0
  profileDepth: bigint; // the smallest depth that set the profile or the expiry
  revokedByDepth: bigint; // once revoked: the revoker's depth, else 0
  evidenceHash: string;
  wallets: string[];
}

export interface RegistryFromLogs {
  identities: Map<bigint, IdentityFromLogs>;
  walletsSeen: Set<string>;
  policies: Map<bigint, { trustedRoots: bigint[]; allowedClasses: bigint; barred: bigint[] }>;
  nonces: Map<string, { signer: string; nonce: bigint; state: bigint }>; // state 1 Used, 2 Cancelled
}

export async function replayRegistry(registry: IdentityRegistry): Promise<RegistryFromLogs> {
  // Scan from the deployment block: scanning a long test chain from genesis is slow.
  const deployed = await registry.deploymentTransaction()?.wait();
  const fromBlock = deployed?.blockNumber ?? 0;
  const logs = await ethers.provider.getLogs({ address: await registry.getAddress(), fromBlock, toBlock: "latest" });
  const state: RegistryFromLogs = {
    identities: new Map(),
    walletsSeen: new Set(),
    policies: new Map(),
    nonces: new Map(),
  };
  const identity = (id: bigint) => {
    const found = state.identities.get(id);
    if (!found) throw new Error(`event for identity ${id} before its IdentityRegistered`);
    return found;
  };
  for (const log of logs) {
    const parsed = registry.interface.parseLog(log);
    if (!parsed) continue;
    const a = parsed.args;
    switch (parsed.name) {
      case "IdentityRegistered":
        state.identities.set(a.identityId, {
          attester: a.attester,
          root: a.root,
          expiry: a.expiry,
          jurisdiction: a.jurisdiction,
          classes: a.classes,
          status: 1n,
          frozen: false,
          frozenByDepth: 0n,
          profileDepth: a.attesterDepth,
          revokedByDepth: 0n,
          evidenceHash: a.evidenceHash,
          wallets: [],
        });
        break;
      case "WalletAdded":
        identity(a.identityId).wallets.push(a.wallet);
        state.walletsSeen.add(a.wallet);
        break;
      case "WalletRemoved": {
        // The registry keeps the list by swap-and-pop: the last wallet moves into the freed place.
        const list = identity(a.identityId).wallets;
        const index = list.indexOf(a.wallet);
        if (index < 0) throw new Error(`WalletRemoved of a wallet not in identity ${a.identityId}`);
        const last = list.pop()!;
        if (index < list.length) list[index] = last;
        break;
      }
      case "IdentityUpdated":
        Object.assign(identity(a.identityId), {
          profileDepth: a.byDepth,
          classes: a.classes,
          jurisdiction: a.jurisdiction,
          evidenceHash: a.evidenceHash,
        });
        break;
      case "IdentityRenewed": {
        const i = identity(a.identityId);
        i.expiry = a.expiry;
        if (a.byDepth < i.profileDepth) i.profileDepth = a.byDepth;
        break;
      }
      case "IdentityFrozen":
        Object.assign(identity(a.identityId), { frozen: true, frozenByDepth: a.byDepth });
        break;
      case "IdentityUnfrozen":
        Object.assign(identity(a.identityId), { frozen: false, frozenByDepth: 0n });
        break;
      case "IdentityRevoked":
        Object.assign(identity(a.identityId), { status: 2n, revokedByDepth: a.byDepth });
        break;
      case "IdentityMigrated":
        identity(a.identityId).attester = a.toAttester;
        break;
      case "AttestationUsed":
        state.nonces.set(`${a.signer}:${a.nonce}`, { signer: a.signer, nonce: a.nonce, state: 1n });
        break;
      case "WalletConsentUsed":
        state.nonces.set(`${a.wallet}:${a.nonce}`, { signer: a.wallet, nonce: a.nonce, state: 1n });
        break;
      case "NonceCancelled":
        state.nonces.set(`${a.signer}:${a.nonce}`, { signer: a.signer, nonce: a.nonce, state: 2n });
        break;
      case "PolicyCreated":
        state.policies.set(BigInt(a.policyId), {
          trustedRoots: [...a.trustedRoots],
          allowedClasses: a.allowedClasses,
          barred: [...a.barredJurisdictions].sort((x: bigint, y: bigint) => (x < y ? -1 : x > y ? 1 : 0)),
        });
        break;
      case "ClockConfigured":
        break; // the registry stores no time of its own derivation: expiries and deadlines are given in seconds
      default:
        throw new Error(`replayer does not know event ${parsed.name}`);
    }
  }
  return state;
}

/** Rebuild from events and require the result to equal every view of the registry. */
export async function expectRegistryMatchesLogs(registry: IdentityRegistry): Promise<RegistryFromLogs> {
  const state = await replayRegistry(registry);
  expect(await registry.identityCount()).to.equal(BigInt(state.identities.size));
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
