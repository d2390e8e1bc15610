/**
 * Compressed sparse rows: the neighbours of node i are `list[start[i] .. start[i + 1])`. The one builder of
 * adjacency for every DAG in bps-ts (graph checks, the stored run, the scheduler): two passes over the edge
 * arrays, no per-node objects, so millions of edges cost a few typed arrays.
 */
export interface Csr {
  /** Length `nodes + 1`. */
  readonly start: Uint32Array;
  readonly list: Uint32Array;
}

/** Adjacency from parallel edge arrays, `from[e] → to[e]`, in edge order within each node. */
export function buildCsr(nodes: number, from: ArrayLike<number>, to: ArrayLike<number>): Csr {
  const start = new Uint32Array(nodes + 1);
  for (let e = 0; e < from.length; e += 1) start[(from[e] as number) + 1] += 1;
  for (let i = 0; i < nodes; i += 1) start[i + 1] += start[i] as number;
  const next = start.slice(0, nodes);
  const list = new Uint32Array(from.length);
  for (let e = 0; e < from.length; e += 1) list[next[from[e] as number]++] = to[e] as number;
  return { start, list };
}

/** The reverse adjacency of a CSR (children → parents), in one pass. */
export function reverseCsr(csr: Csr): Csr {
  const nodes = csr.start.length - 1;
  const from = new Uint32Array(csr.list.length);
  for (let i = 0; i < nodes; i += 1) from.fill(i, csr.start[i], csr.start[i + 1]);
  return buildCsr(nodes, csr.list, from);
}
