import { expect } from "chai";
import { waitCaughtUp, type CatchUpProbe } from "../bin/indexer";

/**
 * A Ponder as the launcher sees it (GET /ready, GET /status) over a chain whose head is `head`: it backfills to
 * `finalized`, turns /ready to 200, then indexes one block per /status read up to the head. `stale`: a restart over a
 * database indexed to the head before, whose /status keeps reporting that old head until the backfill ends (crash
 * recovery has reverted the rows after the finalized block meanwhile). The backfill ends just after the first /status
 * read, the moment that matters.
 */
function ponder(options: { head: number; finalized: number; stale?: number }) {
  let backfilled = false;
  let indexed: number | undefined; // what the database really holds, as far as /status is concerned
  let reads = 0;
  const probe: CatchUpProbe = {
    backfilled: async () => backfilled,
    indexed: async () => {
      reads += 1;
      if (!backfilled) {
        const answer = options.stale; // undefined on a fresh database: no checkpoint yet
        backfilled = true; // the backfill ends right after this read
        indexed = options.finalized;
        return answer;
      }
      const answer = indexed!;
      indexed = Math.min(indexed! + 1, options.head);
      return answer;
    },
    head: async () => options.head,
  };
  return { probe, truly: () => indexed, reads: () => reads };
}

const hooks = { exited: () => undefined, progress: () => undefined, pause: async () => undefined };

describe("indexer: the launcher waits until Ponder has indexed the head", function () {
  it("19 CI: a restart's stale /status (the old head, rows reverted) is not taken for caught up", async function () {
    const p = ponder({ head: 408, finalized: 378, stale: 408 });
    const reached = await waitCaughtUp(p.probe, hooks);
    expect(reached).to.equal(408);
    // Every block up to the head indexed again when the launcher says so, not just the finalized ones.
    expect(p.truly()).to.equal(408);
    expect(p.reads()).to.be.greaterThan(30);
  });

  it("18: a fresh database: /status without a checkpoint, then the backfill, then the last blocks live", async function () {
    const p = ponder({ head: 126, finalized: 96 });
    expect(await waitCaughtUp(p.probe, hooks)).to.equal(126);
    expect(p.truly()).to.equal(126);
  });

  it("18: stops waiting, with the reason, when Ponder exits first", async function () {
    const p = ponder({ head: 126, finalized: 96 });
    let polls = 0;
    const exiting = {
      ...hooks,
      exited: () => (polls++ > 3 ? "Ponder exited (1) before it caught up" : undefined),
    };
    await waitCaughtUp(p.probe, exiting).then(
      () => expect.fail("resolved"),
      (e: Error) => expect(e.message).to.equal("Ponder exited (1) before it caught up"),
    );
  });
});
