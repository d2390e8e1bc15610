import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readQuantumGraphDot } from '../../../src/qgraph/dot-parser.js';
import type { QuantumGraph } from '../../../src/qgraph/types.js';

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Node { readonly name: string; readonly uuid: string; readonly line: string; readonly quantum: boolean }

/**
 * A random bipartite graph in pipeline shape: 5 labels of 4–9 quanta; each quantum writes 1–3 datasets
 * and reads a few datasets of earlier labels and a few never-produced inputs. Returns its nodes, its
 * edges (as node indices) and the quantum→quantum pairs a parser must find.
 */
function randomGraph(seed: number) {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const uuid = (n: number) => `${(0x0199f0a1 + seed).toString(16).padStart(8, '0')}-b2c3-7d4e-8f00-${n.toString(16).padStart(12, '0')}`;
  const html = (cells: string[]) => `<<TABLE BORDER="0" CELLPADDING="5"><TR><TD>${cells.join('</TD></TR><TR><TD>')}</TD></TR></TABLE>>`;
  const nodes: Node[] = [];
  const add = (quantum: boolean, cells: string[]) => {
    const id = uuid(nodes.length + 1);
    nodes.push({ name: `u${id.replaceAll('-', '')}`, uuid: id, quantum, line: `[style="filled", color="black", fillcolor="#B1F2EF", label=${html(quantum ? [id, ...cells] : cells)}];` });
    return nodes.length - 1;
  };
  const edges: Array<[number, number]> = [];
  const expected = new Set<string>();
  const produced: Array<{ node: number; producer: number }> = [];
  const inputs = Array.from({ length: 3 }, (_, i) => add(false, ['bias', "run: 'calib'", `detector = ${i}`]));
  for (let l = 0; l < 5; l += 1) {
    const mine: typeof produced = [];
    for (let k = 0, count = 4 + Math.floor(rnd() * 6); k < count; k += 1) {
      const q = add(true, [`task${l}`, 'instrument = LSSTCam', `detector = ${k}`, l % 2 ? `visit = ${1000 + l}` : `exposure = ${1000 + l}`]);
      for (let r = 0; r < 3 && produced.length > 0; r += 1) {
        const input = pick(produced);
        edges.push([input.node, q]);
        expected.add(`${nodes[input.producer]?.uuid} ${nodes[q]?.uuid}`);
      }
      if (rnd() < 0.7) edges.push([pick(inputs), q]);
      for (let o = 0, outputs = 1 + Math.floor(rnd() * 3); o < outputs; o += 1) {
        const d = add(false, [`out${l}_${o}`, "run: 'u/me/run'", `detector = ${k}`]);
        edges.push([q, d]);
        mine.push({ node: d, producer: q });
      }
    }
    produced.push(...mine);
  }
  return { nodes, edges, expected: [...expected].sort() };
}

type Layout = (g: ReturnType<typeof randomGraph>, rnd: () => number) => string[];

const shuffle = <T>(items: T[], rnd: () => number): T[] => {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rnd() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
};
const nodeLine = (n: Node, name = n.name) => `"${name}" ${n.line}`;
const edgeLine = (g: ReturnType<typeof randomGraph>, [a, b]: [number, number], names?: string[]) => `"${names?.[a] ?? g.nodes[a]?.name}" -> "${names?.[b] ?? g.nodes[b]?.name}";`;
const bySourceIn = (order: number[]) => (x: [number, number], y: [number, number]) => order.indexOf(x[0]) - order.indexOf(y[0]);

const LAYOUTS: Record<string, Layout> = {
  // pipetask v30 building the graph: quanta first, then datasets, then edges by source in node order.
  v30: (g) => {
    const order = [...g.nodes.keys()].sort((a, b) => Number(g.nodes[b]?.quantum) - Number(g.nodes[a]?.quantum));
    return [...order.map((i) => nodeLine(g.nodes[i] as Node)), ...[...g.edges].sort(bySourceIn(order)).map((e) => edgeLine(g, e))];
  },
  // v30 re-reading a saved graph (-g): quanta and datasets interleaved, so a dataset's consumers may come before its producer.
  'v30 -g': (g, rnd) => {
    const order = shuffle([...g.nodes.keys()], rnd);
    return [...order.map((i) => nodeLine(g.nodes[i] as Node)), ...[...g.edges].sort(bySourceIn(order)).map((e) => edgeLine(g, e))];
  },
  // Anything goes: edges before the nodes they name, in any order.
  shuffled: (g, rnd) => shuffle([...g.nodes.map((n) => nodeLine(n)), ...g.edges.map((e) => edgeLine(g, e))], rnd),
  // v26–v29 names (task_i_j, dsref_N), streamed: each node followed by its edges.
  v26: (g) => {
    const names = g.nodes.map((n, i) => (n.quantum ? `task_0_${i}` : `dsref_${i}`));
    return g.nodes.flatMap((n, i) => [nodeLine(n, names[i]), ...g.edges.filter(([a, b]) => Math.max(a, b) === i).map((e) => edgeLine(g, e, names))]);
  },
};

function summary(graph: QuantumGraph) {
  const edges = [...graph.edgeFrom].map((f, e) => `${graph.id(f)} ${graph.id(graph.edgeTo[e] as number)}`).sort();
  const quanta = Array.from({ length: graph.size }, (_, q) => `${graph.id(q)} ${graph.labels[graph.labelOf[q] as number]} ${JSON.stringify(graph.dataId(q))}`).sort();
  return { edges, quanta, labels: graph.labels };
}

test('every layout of random graphs parses to the same quanta, labels and quantum edges', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bps-dot-layouts-'));
  for (let seed = 1; seed <= 12; seed += 1) {
    const g = randomGraph(seed);
    let reference: ReturnType<typeof summary> | undefined;
    for (const [name, layout] of Object.entries(LAYOUTS)) {
      const path = join(dir, `${seed}-${name.replace(/\W/g, '')}.dot`);
      writeFileSync(path, ['digraph QuantumGraph {', ...layout(g, random(seed * 7)), '}', ''].join('\n'));
      const parsed = summary(await readQuantumGraphDot(path));
      assert.deepEqual(parsed.edges, g.expected, `seed ${seed}, ${name}`);
      assert.deepEqual(parsed.labels, ['task0', 'task1', 'task2', 'task3', 'task4'], `seed ${seed}, ${name}`);
      if (reference) assert.deepEqual(parsed, reference, `seed ${seed}, ${name}`);
      reference ??= parsed;
    }
  }
});

test('lines the byte path does not take (odd spacing, HTML entities, plain labels) give the same result', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bps-dot-odd-'));
  const q = (n: number) => `0199f0a1-b2c3-7d4e-8f00-00000000000${n}`;
  const name = (n: number) => `"u${q(n).replaceAll('-', '')}"`;
  const cell = (cells: string[]) => `label=<<TABLE BORDER="0" CELLPADDING="5"><TR><TD>${cells.join('</TD></TR><TR><TD>')}</TD></TR></TABLE>>`;
  const lines = [
    'digraph QuantumGraph {',
    `${name(1)} [style="filled", ${cell([q(1), 'isr', 'instrument = A&amp;B', 'detector = 1'])}];`,
    `${name(2)} [${cell([q(2), 'calibrate', 'instrument = A&amp;B', 'detector = 1'])}, style="filled"];`,
    `${name(3)} [style="rounded", ${cell(['postISRCCD', "run: 'r'", 'detector = 1'])}];`,
    `${name(4)} [shape="box", label="${q(4)}\\nmakeWarp\\nvisit = 7"];`,
    `${name(1)} -> ${name(3)};`,
    `${name(3)}  ->  ${name(2)};`,
    `${name(2)} -> ${name(4)};`,
    '}',
    '',
  ];
  const path = join(dir, 'odd.dot');
  writeFileSync(path, lines.join('\n'));
  const graph = await readQuantumGraphDot(path).catch((error: Error) => error);
  // `"a"  ->  "b"` is not dot as pipetask writes it: the general parser refuses it, naming the line, as before.
  assert.ok(graph instanceof Error && /odd\.dot:7: cannot parse line/.test(graph.message), String(graph));
  writeFileSync(path, lines.map((l) => l.replace('  ->  ', ' -> ')).join('\n'));
  const parsed = summary(await readQuantumGraphDot(path));
  assert.deepEqual(parsed.edges, [`${q(1)} ${q(2)}`, `${q(2)} ${q(4)}`]);
  assert.deepEqual(parsed.quanta, [
    `${q(1)} isr {"instrument":"A&B","detector":1}`, `${q(2)} calibrate {"instrument":"A&B","detector":1}`, `${q(4)} makeWarp {"visit":7}`,
  ]);
});

test('a quantum defined twice is an error; a dataset defined twice is not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bps-dot-twice-'));
  const id = '0199f0a1-b2c3-7d4e-8f00-000000000001';
  const quantum = `"u${id.replaceAll('-', '')}" [label=<<TABLE BORDER="0" CELLPADDING="5"><TR><TD>${id}</TD></TR><TR><TD>isr</TD></TR></TABLE>>];`;
  const dataset = '"u0199f0a1b2c37d4e8f000000000000ff" [label=<<TABLE BORDER="0" CELLPADDING="5"><TR><TD>raw</TD></TR></TABLE>>];';
  const path = join(dir, 'twice.dot');
  writeFileSync(path, ['digraph QuantumGraph {', quantum, dataset, dataset, '}', ''].join('\n'));
  assert.deepEqual((await readQuantumGraphDot(path)).dataId(0), {});
  writeFileSync(path, ['digraph QuantumGraph {', quantum, quantum, '}', ''].join('\n'));
  await assert.rejects(readQuantumGraphDot(path), { name: 'GraphError', message: /twice\.dot:3: quantum node "u0199f0a1b2c37d4e8f00000000000001" is defined twice/ });
});
