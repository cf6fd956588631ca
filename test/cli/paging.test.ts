import { expect } from "chai";
import hre, { deployments, ethers } from "hardhat";
import { explainFailure, logRange, suiteErrorInterface, writeLabelRecord } from "../../lib/cli";
import { Eligibility } from "../../lib/registry";
import { DEFAULT_PAGE, pages, queryEvents } from "../../lib/replay/fetch";
import { useClock } from "../helpers/fixtures";

/** Blocks a refusing node answers in one eth_getLogs request at most (as public RPCs cap the range). */
const CAP = 3;

type LogFilter = { fromBlock?: unknown; toBlock?: unknown };

/**
 * Make the in-process provider refuse any log read spanning more than CAP blocks, as a public RPC does; returns what
 * undoes it and the ranges asked for.
 */
function refuseWideLogReads(): { restore: () => void; ranges: [number, number][] } {
  const provider = hre.ethers.provider as unknown as { getLogs: (filter: LogFilter) => Promise<unknown[]> };
  const original = provider.getLogs.bind(provider);
  const ranges: [number, number][] = [];
  provider.getLogs = async (filter: LogFilter) => {
    const head = await hre.ethers.provider.getBlockNumber();
    const block = (b: unknown, fallback: number) =>
      b === undefined || b === null || b === "latest" ? fallback : b === "earliest" ? 0 : Number(b);
    const from = block(filter.fromBlock, 0);
    const to = block(filter.toBlock, head);
    if (to - from + 1 > CAP) throw new Error(`query exceeds the maximum block range (${CAP})`);
    ranges.push([from, to]);
    return original(filter);
  };
  return { restore: () => delete (provider as { getLogs?: unknown }).getLogs, ranges };
}

/** Issue 21: whole-chain log reads go through one paged reader, from the suite's deployment block. */
describe("CLI: past logs are read in pages a public RPC accepts", function () {
  let quiet: typeof console.log;
  const page = process.env.LOG_PAGE;

  before(async function () {
    await useClock(1);
    await deployments.fixture();
    quiet = console.log;
    console.log = () => {};
  });

  after(function () {
    console.log = quiet;
    if (page === undefined) delete process.env.LOG_PAGE;
    else process.env.LOG_PAGE = page;
    writeLabelRecord(hre, {});
  });

  it("pages cover a block range exactly, in pages of at most the given size", function () {
    expect([...pages(1, 10, 3)]).to.deep.equal([
      [1, 3],
      [4, 6],
      [7, 9],
      [10, 10],
    ]);
    expect([...pages(5, 5, 3)]).to.deep.equal([[5, 5]]);
    expect([...pages(6, 5, 3)]).to.deep.equal([]);
    expect(() => [...pages(1, 2, 0)]).to.throw(/page size/);
    expect(DEFAULT_PAGE).to.equal(2_000);
  });

  it("21: RootCreated labels, whois's clients and a refusal's cause are read in pages from the suite's deployment block", async function () {
    const s = await ethers.getSigners();
    await hre.run("authority:create-root", { account: s[1].address, expires: "3650d", label: "Regulator X" });
    await hre.run("authority:grant", { parent: "1", account: "2", scopes: "KYC", expires: "365d", from: "1" });
    for (const wallet of ["5", "6"]) {
      await hre.run("kyc:register", {
        attester: "2",
        wallet,
        classes: "RETAIL",
        jurisdiction: "756",
        evidenceHash: ethers.id(wallet),
        expires: "90d",
        from: "2",
      });
    }
    await hre.run("authority:suspend", { node: "2", reason: "inspection", from: "1" });
    // Blocks the deployment did not touch: a read from genesis would ask for more than it needs.
    await ethers.provider.send("hardhat_mine", ["0x10"]);

    const tree = await deployments.get("AuthorityTree");
    const range = await logRange(hre);
    expect(range.fromBlock, "from the suite's deployment block").to.equal(tree.receipt!.blockNumber);
    expect(range.page).to.equal(DEFAULT_PAGE);
    process.env.LOG_PAGE = String(CAP);
    expect((await logRange(hre)).page).to.equal(CAP);

    const refusing = refuseWideLogReads();
    try {
      // One request from genesis is refused by such a node.
      const contract = await ethers.getContractAt("AuthorityTree", tree.address);
      await expect(contract.queryFilter(contract.filters.RootCreated())).to.be.rejectedWith(/maximum block range/);

      const view = await hre.run("authority:tree", { root: "1", json: true });
      expect(view[0].label).to.equal("Regulator X");
      const whois = await hre.run("authority:whois", { account: "2", json: true });
      expect(whois.nodes[0]).to.include({ rootLabel: "Regulator X" });
      expect(whois.nodes[0].clients).to.deep.equal([1n, 2n]);

      const errors = suiteErrorInterface(hre);
      const data = errors.encodeErrorResult("NotEligible(address,uint8)", [s[5].address, Eligibility.AttesterInvalid]);
      const refusal = await explainFailure(hre, { data });
      expect(refusal?.cause, refusal?.cause).to.match(
        /node #2, is cut off: it was suspended by Regulator X \(0x\w{4}…\w{4}\) on \d{4}-\d\d-\d\dT/,
      );

      expect(refusing.ranges.length).to.be.greaterThan(3);
      for (const [from, to] of refusing.ranges) {
        expect(to - from + 1).to.be.at.most(CAP);
        expect(from, "nothing before the suite's deployment is read").to.be.at.least(range.fromBlock!);
      }
    } finally {
      refusing.restore();
    }
  });

  it("queryEvents reads any log query in pages up to the latest block", async function () {
    const head = await ethers.provider.getBlockNumber();
    const asked: [number, number][] = [];
    const got = await queryEvents(
      ethers.provider,
      async (from, to) => {
        asked.push([from, to]);
        return [from];
      },
      { fromBlock: head - 9, page: 4 },
    );
    expect(asked).to.deep.equal([
      [head - 9, head - 6],
      [head - 5, head - 2],
      [head - 1, head],
    ]);
    expect(got).to.deep.equal([head - 9, head - 5, head - 1]);
  });
});
