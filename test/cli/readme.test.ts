import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DevNode, splitCommand, type CliSession } from "./devNode";

/** The `npx hardhat` command lines of README's per-role quick starts, in order (continuations joined). */
export function quickStartCommands(readme: string): string[][] {
  const section = readme.slice(readme.indexOf("## Quick start by role"), readme.indexOf("## Documentation"));
  const commands: string[][] = [];
  for (const block of section.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const lines = block[1].replace(/\\\n\s*/g, " ").split("\n");
    for (const line of lines) {
      for (const part of line.split(/\s&&\s/)) {
        const words = splitCommand(part.trim());
        if (words[0] === "npx" && words[1] === "hardhat") commands.push(words.slice(2));
      }
    }
  }
  return commands;
}

/**
 * Issue 21 point 4: README's per-role quick starts run as written against a node of the test's own (port 8612, the
 * suite deployed as `npx hardhat node` deploys it), with HARDHAT_NETWORK pointing at it as README's export does. The
 * lines run one by one in a CLI session (test/cli/readmeRunner.ts: each parsed by Hardhat's own parser, its global
 * options checked against the session's, run by the same task code; one Hardhat start-up for all of them).
 */
describe("README's quick starts run as written", function () {
  this.timeout(600_000);
  const node = new DevNode(8612);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-"));
  let session: CliSession;

  before(async function () {
    await node.start();
    session = node.session();
    const deployed = await session.run(["deploy"]);
    expect(deployed.status, deployed.output).to.equal(0);
  });

  after(function () {
    session?.stop();
    node.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("21.4: every quick-start command succeeds, in order, on a fresh deployment", async function () {
    const root = path.join(__dirname, "..", "..");
    const commands = quickStartCommands(fs.readFileSync(path.join(root, "README.md"), "utf8"));
    expect(commands.length).to.be.greaterThan(30);
    let output = "";
    for (const words of commands) {
      // Files the commands write (consents) go to a temporary folder, as a user's working folder.
      const run = await session.run(words, dir);
      output += run.output;
      expect(run.status, `npx hardhat ${words.join(" ")}\n${run.output}`).to.equal(0);
    }
    expect(output).to.contain("filled"); // Bob's buy took 4 of Alice's 10 BOND
    expect(output).to.match(/withdraw 405\.797 USD: done/);
    expect(
      fs.existsSync(path.join(dir, "alice-consent.json")),
      "the consent was written in the working folder",
    ).to.equal(true);
  });
});
