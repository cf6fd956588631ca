import { expect } from "chai";
import { DevNode } from "./devNode";

/**
 * Issue 21 points 3, 5 and 10 against a real `hardhat node` (port 8611) with the CLI run as a user runs it, in a child
 * process with CI=true: a refused command is simulated and stops before anything is mined, its refusal is decoded
 * with no stack trace, --force sends anyway, and the in-process network's advice names --network localhost.
 */
describe("CLI against a node", function () {
  this.timeout(600_000);
  const node = new DevNode(8611);

  before(async function () {
    await node.start();
    const deployed = node.cli(["deploy"]);
    expect(deployed.status, deployed.output).to.equal(0);
  });

  after(function () {
    node.stop();
  });

  it("21.3, 21.10: a refused command costs nothing: simulated, decoded, no block mined, no stack trace; --force sends", async function () {
    const before = await node.blockNumber();
    // Account 5 holds no node: the governor's tree refuses it (no root #1 exists yet either).
    const refused = node.cli([
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
    ]);
    expect(refused.status).to.equal(1);
    expect(refused.output).to.contain("grant refused by node #1: UnknownNode");
    expect(refused.output).to.contain("There is no node #1.");
    expect(refused.output, "no stack trace").to.not.match(/\n\s+at |HardhatPluginError|CliError/);
    expect(await node.blockNumber(), "nothing was mined").to.equal(before);

    const forced = node.cli([
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
    const none = node.cli(["authority:tree", "--root", "1", "--network", "hardhat"], {
      LOCALHOST_URL: "http://127.0.0.1:8699",
    });
    expect(none.output).to.contain("Start a node (npx hardhat node)");
  });

  it("21.12: after the demo, every task finds its venue, tokens, pairs and actors by name; its refusals read in words", async function () {
    const demo = node.cli(["run", "scripts/demo.ts"]);
    expect(demo.status, demo.output).to.equal(0);
    expect(demo.output).to.contain('recorded as deployment "Exchange" on devnode');
    expect(demo.output, "no numeric reason codes, no 77-digit nonces").to.not.match(/for \d\b|\d{30,}/);
    const runner = require.resolve("./readmeRunner");
    const reads = node.cli(["run", runner], {
      HARDHAT_NETWORK: "devnode",
      README_COMMANDS: JSON.stringify([
        ["venue:book", "--pair", "BOND/USD"],
        ["wallet:balances", "--wallet", "Dave"],
        ["venue:trades", "--pair", "BOND/USD", "--wallet", "Alice"],
        ["authority:whois", "Bank Y"],
      ]),
    });
    expect(reads.status, reads.output).to.equal(0);
    expect(reads.output).to.contain("pair #1 BOND/USD");
    expect(reads.output).to.match(/holdings of 0x\w{40} \(Dave\)/);
    expect(reads.output).to.match(/Alice \(0x\w{40}\)/);
    expect(reads.output).to.contain("revoked, NOT valid");
    // Alice's BOND stays in the venue: her bank was revoked. Refused in words, simulated, nothing mined.
    const before = await node.blockNumber();
    const refused = node.cli(["venue:withdraw", "--token", "BOND", "--amount", "all", "--from", "Alice"]);
    expect(refused.status).to.equal(1);
    expect(refused.output).to.contain("refused by token BOND's holder policy: NotEligible: AttesterInvalid");
    expect(refused.output).to.contain("node #2 (Bank Y), is cut off: it was revoked by Regulator X");
    expect(refused.output).to.contain("Your BOND stay yours in the venue");
    expect(await node.blockNumber(), "nothing was mined").to.equal(before);
  });
});
