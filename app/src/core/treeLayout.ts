/**
 * The authority tree as a picture: lib/tree.ts's collectTree lists the nodes depth first (each node followed by its
 * subtree, children in grant order); this places them for drawing. Leaves take consecutive columns, a parent sits
 * centred over its first and last child, rows are depths. Pure, for the Regulator's workspace and its test.
 */
export type TreeItem = { id: bigint; depth: number };
export type Placed<T> = T & { parent?: bigint; x: number; y: number };

/** Each node's parent, from a depth-first listing (the nearest earlier node one level up). */
export function withParents<T extends TreeItem>(nodes: readonly T[]): (T & { parent?: bigint })[] {
  const path: T[] = [];
  return nodes.map((n) => {
    path.length = Math.max(0, n.depth - (nodes[0]?.depth ?? 0));
    const parent = path[path.length - 1];
    path.push(n);
    return { ...n, parent: parent?.id };
  });
}

/** Positions in units of `dx` columns and `dy` rows. */
export function layoutTree<T extends TreeItem>(nodes: readonly T[], dx = 200, dy = 110): Placed<T>[] {
  const linked = withParents(nodes);
  const children = new Map<bigint | undefined, bigint[]>();
  for (const n of linked) children.set(n.parent, [...(children.get(n.parent) ?? []), n.id]);
  const column = new Map<bigint, number>();
  let next = 0;
  const place = (id: bigint): number => {
    const kids = children.get(id) ?? [];
    const c =
      kids.length === 0
        ? next++
        : (() => {
            const cols = kids.map(place);
            return (cols[0] + cols[cols.length - 1]) / 2;
          })();
    column.set(id, c);
    return c;
  };
  for (const root of children.get(undefined) ?? []) place(root);
  const top = nodes[0]?.depth ?? 0;
  return linked.map((n) => ({ ...n, x: column.get(n.id)! * dx, y: (n.depth - top) * dy }));
}
