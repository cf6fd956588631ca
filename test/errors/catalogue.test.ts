import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";
import { abiErrors, catalogueProblems, ERRORS, errorsDoc } from "../../lib/errors";
import { ErrorCatalogue } from "../../lib/cli";

/** The error catalogue (lib/errors/catalogue.ts) is complete, exact, and docs/errors.md is generated from it. */
describe("error catalogue", function () {
  const errors = abiErrors(hre.config.paths.artifacts);

  it("has an entry, with the ABI's arguments, for every custom error of the suite's contracts, and none for others", function () {
    expect(errors.length).to.be.greaterThan(150);
    expect(catalogueProblems(errors)).to.deep.equal([]);
  });

  it("reports a missing entry, an entry naming no error and arguments that differ", function () {
    const invented = {
      signature: "NoSuchError(uint256)",
      name: "NoSuchError",
      args: ["value"],
      types: ["uint256"],
      contracts: ["Exchange"],
    };
    const changed = errors.map((e) => (e.name === "ZeroWallet" ? { ...e, args: ["wallet"], types: ["address"] } : e));
    const problems = catalogueProblems([...changed.filter((e) => e.name !== "UnknownNode"), invented]);
    expect(problems.join("\n")).to.contain("NoSuchError(uint256) (Exchange) has no entry");
    expect(problems.join("\n")).to.contain(
      "UnknownNode: the catalogue names an error no contract of the suite declares",
    );
    expect(problems.join("\n")).to.contain("ZeroWallet: the entry's args [] are not the ABI's [\"wallet\"]");
  });

  it("docs/errors.md is what npm run docs:errors writes", function () {
    const file = path.join(hre.config.paths.root, "docs", "errors.md");
    const written = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    expect(written === errorsDoc(errors), "docs/errors.md is stale: run npm run docs:errors").to.equal(true);
  });

  it("is what the CLI's decoder explains a refusal with: meaning with the arguments filled in, and the remedy", async function () {
    const tree = await hre.ethers.deployContract("AuthorityTree", [(await hre.ethers.getSigners())[0].address, 1]);
    const failure = await tree.node(999).then(
      () => undefined,
      (error: unknown) => error,
    );
    const explained = ErrorCatalogue.load(hre).explain(failure);
    expect(explained).to.deep.equal({
      name: "UnknownNode",
      args: "nodeId=999",
      words: "There is no node 999.",
      remedy: ERRORS.UnknownNode.remedy,
    });
  });
});
