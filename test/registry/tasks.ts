import { time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { deployments, ethers } from "hardhat";
import type { AuthorityTree, IdentityRegistry } from "../../typechain-types";
import { refusal, run, withDeployedSuite } from "../cli/inProcess";
import {
  identityIdFrom,
  nodeIdFrom,
  registerWithConsent,
  registrationFor,
  ReporterRole,
  scopeMask,
  YEAR,
  Clock,
  newWallet,
} from "../helpers/fixtures";

/** The registry tasks of issue 17, in process on the suite the deploy scripts build (the governor is account 0). */
describe("registry tasks: identity:replace-wallet and registry:import (issue 17)", function () {
  withDeployedSuite({ tags: ["AuthorityTree", "IdentityRegistry"] });

  let made: Awaited<ReturnType<typeof makeWorld>> | undefined;
  const world = async () => (made ??= await makeWorld());

  async function makeWorld() {
    const [governor, regulator, bank, client, fresh, stranger] = await ethers.getSigners();
    const tree = (await ethers.getContractAt(
      "AuthorityTree",
      (await deployments.get("AuthorityTree")).address,
    )) as unknown as AuthorityTree;
    const registry = (await ethers.getContractAt(
      "IdentityRegistry",
      (await deployments.get("IdentityRegistry")).address,
    )) as unknown as IdentityRegistry;
    const clock = new Clock(1, tree);
    await (await tree.connect(governor).setReporter(registry, ReporterRole.Reporter)).wait();
    const root = await nodeIdFrom(tree, tree.connect(governor).createRoot(regulator, await clock.in(10 * YEAR), "R"));
    const bankNode = await nodeIdFrom(
      tree,
      tree.connect(regulator).grant(root, bank, scopeMask("DELEGATE", "KYC"), await clock.in(5 * YEAR)),
    );
    return { governor, regulator, bank, client, fresh, stranger, tree, registry, clock, bankNode };
  }

  it("17 tasks: identity:replace-wallet replaces a lost wallet, and explains a refusal in words", async function () {
    const { bank, client, fresh, stranger, registry, clock, bankNode } = await world();
    const id = await identityIdFrom(
      registry,
      registerWithConsent(registry, bank, bankNode, await registrationFor(clock, client.address)),
    );
    const refused = await refusal("identity:replace-wallet", {
      lost: client.address,
      successor: fresh.address,
      from: stranger.address,
    });
    expect(refused).to.match(/NotManager/);
    expect(refused).to.include("attesting node");
    const result = await run("identity:replace-wallet", {
      lost: client.address,
      successor: fresh.address,
      reason: "lost phone",
      from: bank.address,
    });
    expect(result).to.deep.include({ identityId: id });
    // Venues see it only after the notice (review H1).
    expect(await registry.successorOf(client.address)).to.equal(ethers.ZeroAddress);
    expect(result.claimableAt).to.equal(BigInt((await time.latest()) + 7 * 24 * 3600));
    expect(
      await refusal("identity:replace-wallet", {
        lost: client.address,
        successor: stranger.address,
        from: bank.address,
      }),
    ).to.include("was replaced already");
  });

  it("17 review H1 tasks: identity:contest-replacement voids a replacement from a rank above the replacer", async function () {
    const { regulator, bank, stranger, registry, clock, bankNode } = await world();
    const [, , , , , , lost, next] = await ethers.getSigners();
    const id = await identityIdFrom(
      registry,
      registerWithConsent(registry, bank, bankNode, await registrationFor(clock, lost.address)),
    );
    await run("identity:replace-wallet", { lost: lost.address, successor: next.address, from: bank.address });
    expect(await refusal("identity:contest-replacement", { lost: lost.address, from: stranger.address })).to.match(
      /NotContester/,
    );
    const result = await run("identity:contest-replacement", { lost: lost.address, from: regulator.address });
    expect(result).to.deep.include({ identityId: id });
    expect(await registry.identityOf(lost.address)).to.equal(id);
  });

  it("17 tasks: registry:import names the importer, imports in batches and resumes without re-sending", async function () {
    const { governor, bank, stranger, tree, registry, clock, bankNode } = await world();
    for (let i = 0; i < 3; i++) {
      await registerWithConsent(registry, bank, bankNode, await registrationFor(clock, newWallet()));
    }
    const next = await ethers.deployContract("IdentityRegistry", [await tree.getAddress(), 1]);
    await (await tree.connect(governor).setReporter(next, ReporterRole.Reporter)).wait();
    const base = { predecessor: await registry.getAddress(), successor: await next.getAddress() };
    // A stranger cannot name the importer: the refusal is decoded.
    expect(
      await refusal("registry:import", { ...base, nameImporter: true, batch: 2, from: stranger.address }),
    ).to.match(/NotTreeGovernor/);
    const first = await run("registry:import", {
      ...base,
      nameImporter: true,
      batch: 2,
      ids: "1,2",
      from: governor.address,
    });
    expect(first.imported).to.equal(2);
    // 17 review M5: a wide margin above the predecessor's ids, so its later ids never meet the successor's own.
    expect(await next.identityCount()).to.equal((await registry.identityCount()) + 2n ** 32n);
    const rest = await run("registry:import", { ...base, batch: 2, from: governor.address });
    expect(rest.imported).to.equal(Number(await registry.identityCount()) - 2);
    const again = await run("registry:import", { ...base, batch: 2, from: governor.address });
    expect(again.imported).to.equal(0);
    for (let id = 1n; id <= (await registry.identityCount()); id++) {
      expect(await next.identity(id)).to.deep.equal(await registry.identity(id));
    }
  });
});
