import { describe, expect, it } from "vitest";
import { layoutTree, withParents } from "../src/core/treeLayout";

// Root 1 -> (2 -> (4, 5), 3); then root 6 alone: a depth-first listing as lib/tree.ts's collectTree gives it.
const nodes = [
  { id: 1n, depth: 0 },
  { id: 2n, depth: 1 },
  { id: 4n, depth: 2 },
  { id: 5n, depth: 2 },
  { id: 3n, depth: 1 },
];

describe("tree layout", () => {
  it("finds each node's parent from the depth-first listing", () => {
    expect(withParents(nodes).map((n) => [n.id, n.parent])).toEqual([
      [1n, undefined],
      [2n, 1n],
      [4n, 2n],
      [5n, 2n],
      [3n, 1n],
    ]);
  });
  it("puts leaves in consecutive columns, parents centred over their children, depth as the row", () => {
    const placed = new Map(layoutTree(nodes, 10, 100).map((n) => [n.id, [n.x, n.y]]));
    expect(placed.get(4n)).toEqual([0, 200]);
    expect(placed.get(5n)).toEqual([10, 200]);
    expect(placed.get(3n)).toEqual([20, 100]);
    expect(placed.get(2n)).toEqual([5, 100]);
    expect(placed.get(1n)).toEqual([12.5, 0]);
  });
  it("lays out a subtree listed from a node below the root, its depth as the top row", () => {
    const sub = layoutTree([
      { id: 2n, depth: 1 },
      { id: 4n, depth: 2 },
    ]);
    expect(sub.map((n) => [n.id, n.x, n.y])).toEqual([
      [2n, 0, 0],
      [4n, 0, 110],
    ]);
  });
  it("never overlaps two nodes", () => {
    const wide = [{ id: 1n, depth: 0 }, ...Array.from({ length: 30 }, (_, i) => ({ id: BigInt(i + 2), depth: 1 }))];
    const spots = layoutTree(wide).map((n) => `${n.x},${n.y}`);
    expect(new Set(spots).size).toBe(spots.length);
  });
});
