import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { registryInSeconds } from "../helpers/fixtures";

describe("IdentityRegistry: reading identities", function () {
  it("refuses to describe an identity it never registered (UnknownIdentity), id 0 included", async function () {
    const { registry } = await loadFixture(registryInSeconds);
    for (const id of [0n, 1n, 2n ** 64n - 1n]) {
      await expect(registry.identity(id)).to.be.revertedWithCustomError(registry, "UnknownIdentity").withArgs(id);
    }
  });
});
