import { expect } from "chai";
import hre from "hardhat";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { notDeployedAdvice } from "../../lib/cli";

/**
 * Issue 21 point 5, the advice a task gives when nothing is deployed, for each case (lib/cli.ts, notDeployedAdvice).
 * The CLI's own output, on the in-process network with a real node answering, is checked end to end by "CLI against a
 * node" (test/cli/node.test.ts).
 */
describe("CLI: the advice when nothing is deployed", function () {
  let server: http.Server;
  let url: string;

  before(async function () {
    // Something that answers JSON-RPC as a node does, on a port of its own.
    server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        const { id } = JSON.parse(body) as { id: number };
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ jsonrpc: "2.0", id, result: "0x7a69" }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(function () {
    server.close();
  });

  it("21.5: on the in-process network with a node answering, names --network localhost, not a deployment", async function () {
    // A minute's patience: the answer must not depend on how loaded the machine is (the CLI gives half a second).
    const advice = await notDeployedAdvice(hre, "No AuthorityTree is deployed", url, 60_000);
    expect(advice).to.contain('No AuthorityTree is deployed on the in-process network "hardhat"');
    expect(advice).to.contain(`A node answers at ${url}: add --network localhost to the command.`);
    expect(advice).to.not.contain("npx hardhat deploy");
  });

  it("21.5: on the in-process network with no node, says how to start one", async function () {
    server.close();
    await new Promise((resolve) => server.once("close", resolve));
    const advice = await notDeployedAdvice(hre, "No venue is recorded", url, 60_000);
    expect(advice).to.contain("Start a node (npx hardhat node), which deploys the suite, and add --network localhost");
    expect(advice).to.not.contain("A node answers");
  });

  it("21.5: on a named network, says to deploy there", async function () {
    const platon = { network: { name: "platon" } } as unknown as HardhatRuntimeEnvironment;
    expect(await notDeployedAdvice(platon, "No Exchange is deployed")).to.equal(
      'No Exchange is deployed on network "platon". Deploy the suite first: npx hardhat deploy --network platon',
    );
  });
});
