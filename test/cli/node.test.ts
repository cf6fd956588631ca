import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { DevNode, type CliSession } from "./devNode";

/**
 * Issue 21 points 3, 5 and 10 against a real `hardhat node` (port 8611) with the CLI run as a user runs it, with
 * CI=true: a refused command is simulated and stops before anything is mined, its refusal is decoded with no stack
 * trace, --force sends anyway, and the in-process network's advice names --network localhost. Where the process is
 * what is checked (exit status, no stack trace) the command runs in a child process of its own; the other command
 * lines run in one CLI session (test/cli/readmeRunner.ts: Hardhat's own parser and the same tasks, one start-up).
 */
describe("CLI against a node", function () {
  this.timeout(600_000);
  const node = new DevNode(8611);
  let session: CliSession;

  // CI runs the main job (its own `hardhat node` on 8545, deployments/localhost) beside these tests: a test's node
  // must leave that deployment alone. A marker file stands for it.
  const localhost = path.join(__dirname, "..", "..", "deployments", "localhost");
  const marker = path.join(localhost, `.test-marker-${process.pid}`);
  let createdLocalhost = false;

  before(async function () {
    createdLocalhost = !fs.existsSync(localhost);
    fs.mkdirSync(localhost, { recursive: true });
    fs.writeFileSync(marker, "a test's node must not delete another node's deployments\n");
    await node.start();
    session = node.session();
    const deployed = await session.run(["deploy"]);
    expect(deployed.status, deployed.output).to.equal(0);
  });

  after(function () {
    session?.stop();
    node.stop();
    fs.rmSync(marker, { force: true });
    if (createdLocalhost && fs.existsSync(localhost) && fs.readdirSync(localhost).length === 0) fs.rmdirSync(localhost);
  });

  it("a test's node leaves deployments/localhost (CI's main job, a developer's node) alone", function () {
    expect(fs.existsSync(marker), "deployments/localhost was deleted by the test's node").to.equal(true);
  });

  it("21.3, 21.10: a refused command costs nothing: simulated, decoded, no block mined, no stack trace; --force sends", async function () {
    const before = await node.blockNumber();
    // Account 5 holds no node: the governor's tree refuses it (no root #1 exists yet either).
    const refusedLine = ["authority:grant", "--parent", "1", "--account", "2", "--scopes", "KYC", "--expires", "30d"];
    refusedLine.push("--from", "5");
    const refused = node.cli(refusedLine);
    expect(refused.status).to.equal(1);
    expect(refused.output).to.contain("grant refused by node #1: UnknownNode");
    expect(refused.output).to.contain("There is no node #1.");
    expect(refused.output, "no stack trace").to.not.match(/\n\s+at |HardhatPluginError|CliError/);
    expect(await node.blockNumber(), "nothing was mined").to.equal(before);

    // The same line in the session fails alike (the session prints as the CLI does), and --force sends it.
    const again = await session.run(refusedLine);
    expect(again.status).to.equal(1);
    expect(again.output).to.contain("grant refused by node #1: UnknownNode");
    expect(again.output, "no stack trace").to.not.match(/\n\s+at |HardhatPluginError|CliError/);
    expect(await node.blockNumber(), "nothing was mined").to.equal(before);

    const forced = await session.run([
      "authority:grant",
      "--parent",
      "1",
      "--account",
      "2",
      "--scopes",
      "KYC",
      "--expires",
      "30d",
      "--from",
      "5",
      "--force",
    ]);
    expect(forced.status).to.equal(1);
    expect(forced.output).to.contain("UnknownNode");
    expect(await node.blockNumber(), "--force mined the failing transaction").to.equal(before + 1);
  });

  it("21.5: on the empty in-process network, the advice names --network localhost when a node answers there", function () {
    const run = node.cli(["authority:tree", "--root", "1", "--network", "hardhat"], { LOCALHOST_URL: node.url });
    expect(run.status).to.equal(1);
    expect(run.output).to.contain('the in-process network "hardhat", which starts empty on every command');
    expect(run.output).to.contain(`A node answers at ${node.url}: add --network localhost to the command.`);
    expect(run.output).to.not.contain("npx hardhat deploy --network hardhat");
    // With no node answering, the advice says how to start one: test/cli/advice.test.ts, in process (a second
    // Hardhat start-up here cost about 14 CPU-s of CI).
  });

  it("a CLI session runs a line only with the session's own global options: another --network is refused, not run", async function () {
    const before = await node.blockNumber();
    const other = await session.run(["authority:tree", "--root", "1", "--network", "hardhat"]);
    expect(other.status).to.equal(1);
    expect(other.output).to.contain("this session runs with --network devnode, the line asks for hardhat");
    const unknown = await session.run(["authority:tree", "--root", "1", "--no-such-option"]);
    expect(unknown.status).to.equal(1);
    expect(unknown.output).to.contain("HH305"); // Hardhat's own parser: unrecognized param
    expect(await node.blockNumber()).to.equal(before);
  });

  it("21.12: after the demo, every task finds its venue, tokens, pairs and actors by name; its refusals read in words", async function () {
    const demo = await session.run(["run", "scripts/demo.ts"]);
    expect(demo.status, demo.output).to.equal(0);
    expect(demo.output).to.contain('recorded as deployment "Exchange" on devnode');
    expect(demo.output, "no numeric reason codes, no 77-digit nonces").to.not.match(/for \d\b|\d{30,}/);
    // A new terminal: the next commands read the demo's deployments from disk, as every new command does (a session's
    // hardhat-deploy keeps the deployments it loaded first).
    session.stop();
    session = node.session();
    const reads = [
      await session.run(["venue:book", "--pair", "BOND/USD"]),
      await session.run(["wallet:balances", "--wallet", "Dave"]),
      await session.run(["venue:trades", "--pair", "BOND/USD", "--wallet", "Alice"]),
      await session.run(["authority:whois", "Bank Y"]),
    ];
    for (const read of reads) expect(read.status, read.output).to.equal(0);
    expect(reads[0].output).to.contain("pair #1 BOND/USD");
    expect(reads[1].output).to.match(/holdings of 0x\w{40} \(Dave\)/);
    expect(reads[2].output).to.match(/Alice \(0x\w{40}\)/);
    expect(reads[3].output).to.contain("revoked, NOT valid");
    // Alice's BOND stays in the venue: her bank was revoked. Refused in words, simulated, nothing mined.
    const before = await node.blockNumber();
    const refused = await session.run(["venue:withdraw", "--token", "BOND", "--amount", "all", "--from", "Alice"]);
    expect(refused.status).to.equal(1);
    expect(refused.output).to.contain("refused by token BOND's holder policy: NotEligible: AttesterInvalid");
    expect(refused.output).to.contain("node #2 (Bank Y), is cut off: it was revoked by Regulator X");
    expect(refused.output).to.contain("Your BOND stay yours in the venue");
    expect(await node.blockNumber(), "nothing was mined").to.equal(before);
  });
});
