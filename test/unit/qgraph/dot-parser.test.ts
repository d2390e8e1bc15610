import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readQuantumGraphDot } from '../../../src/qgraph/dot-parser.js';
import type { Quantum, QuantumGraph } from '../../../src/qgraph/types.js';
import { REPO_ROOT } from '../../support/standin.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'qgraph');

/** The graph's quanta spelled out, in index order. */
function quanta(graph: QuantumGraph): Quantum[] {
  return Array.from({ length: graph.size }, (_, q) => ({ id: graph.id(q), label: graph.labels[graph.labelOf[q] as number] as string, dataId: graph.dataId(q) }));
}

function edgeSet(graph: QuantumGraph): string[] {
  return [...graph.edgeFrom].map((f, e) => `${graph.id(f)} -> ${graph.id(graph.edgeTo[e] as number)}`).sort();
}

function byId(graph: QuantumGraph) {
  return Object.fromEntries(quanta(graph).map((q) => [q.id, { label: q.label, dataId: q.dataId }]));
}

test('the three dot generations (v30, v26–v29, v23–v25) parse to the same graph', async () => {
  const [v30, v26, v23] = await Promise.all(['v30', 'v26', 'v23'].map((g) => readQuantumGraphDot(join(FIXTURES, `${g}.dot`))));
  for (const graph of [v30, v26, v23] as QuantumGraph[]) {
    assert.equal(graph.size, 5);
    assert.deepEqual(graph.labels, ['isr', 'calibrate', 'makeWarp']);
    assert.deepEqual(byId(graph), byId(v30 as QuantumGraph));
    assert.deepEqual(edgeSet(graph), edgeSet(v30 as QuantumGraph));
  }
  assert.deepEqual(edgeSet(v30 as QuantumGraph), [
    '0199f0a1-b2c3-7d4e-8f00-000000000001 -> 0199f0a1-b2c3-7d4e-8f00-000000000003',
    '0199f0a1-b2c3-7d4e-8f00-000000000002 -> 0199f0a1-b2c3-7d4e-8f00-000000000004',
    '0199f0a1-b2c3-7d4e-8f00-000000000003 -> 0199f0a1-b2c3-7d4e-8f00-000000000005',
    '0199f0a1-b2c3-7d4e-8f00-000000000004 -> 0199f0a1-b2c3-7d4e-8f00-000000000005',
  ]);
});

test('data ID values: all-digit values are numbers, the rest strings', async () => {
  const graph = await readQuantumGraphDot(join(FIXTURES, 'v30.dot'));
  assert.deepEqual(graph.dataId(0), { instrument: 'LSSTCam-imSim', detector: 94, exposure: 919515 });
  assert.deepEqual(graph.dataId(4), { instrument: 'LSSTCam-imSim', skymap: 'DC2', tract: 3828, patch: 24, visit: 919515 });
});

/** Writes a variant of the v30 fixture and expects a GraphError matching `pattern`. */
async function rejects(transform: (lines: string[]) => string[], pattern: RegExp): Promise<void> {
  const lines = readFileSync(join(FIXTURES, 'v30.dot'), 'utf8').split('\n');
  const path = join(mkdtempSync(join(tmpdir(), 'bps-dot-')), 'bad.dot');
  writeFileSync(path, transform(lines).join('\n'));
  await assert.rejects(readQuantumGraphDot(path), (error: Error) => error.name === 'GraphError' && pattern.test(error.message));
}

test('bad dot files are clear errors naming the line', async () => {
  const q = (n: number) => `"u0199f0a1b2c37d4e8f0000000000000${n}"`;
  await rejects((l) => [...l.slice(0, -2), `${q(5)} -> ${q(1)};`, '}', ''], /cycle through/);
  await rejects((l) => [...l.slice(0, -2), `${q(5)} -> "u-nowhere";`, '}', ''], /:32: edge names node "u-nowhere", which is never defined/);
  await rejects((l) => l.map((line, i) => (i === 4 ? line.replace('<TR><TD>isr</TD></TR>', '<TR><TD></TD></TR>') : line)), /:5: quantum 0199f0a1-b2c3-7d4e-8f00-000000000001 has no task label/);
  await rejects((l) => [...l.slice(0, 20), ''], /no closing \} at the end of the file \(truncated\?\)/);
  await rejects((l) => [...l.slice(0, 20), '"u0199f0a1b2c37d4e8f0'], /:21: the file ends in the middle of a line/);
  await rejects((l) => [...l.slice(0, 20), '"u0199f0a1b2c37d4e8f0', ''], /:21: cannot parse line/);
  await rejects(() => ['digraph QuantumGraph {', '}', ''], /contains no quanta/);
  await rejects((l) => [...l.slice(0, 6), 'this is not dot', ...l.slice(6)], /:7: cannot parse line: this is not dot/);
  await rejects(() => [''], /empty/);
});

test('the demo graph from the stand-in: 29 quanta, 13 labels, and the expected dependencies', async () => {
  const { buildDemoGraph, makeTempRepo, removeTempRepo } = await import('../../support/standin.js');
  const repo = makeTempRepo();
  try {
    const built = await buildDemoGraph(repo);
    const graph = await readQuantumGraphDot(built.dot);
    const all = quanta(graph);
    assert.equal(graph.size, 29);
    assert.equal(graph.labels.length, 13);
    const parents = (label: string) => new Set(all.flatMap((q, i) => (q.label === label ? [...graph.edgeTo].flatMap((t, e) => (t === i ? [all[graph.edgeFrom[e] as number]?.label] : [])) : [])));
    assert.ok(parents('calibrate').has('characterizeImage'));
    assert.ok(parents('assembleCoadd').has('makeWarp'));
    for (const [i, q] of all.entries()) {
      if (q.label !== 'calibrate') continue;
      const charParents = [...graph.edgeTo].flatMap((t, e) => (t === i ? [all[graph.edgeFrom[e] as number]] : [])).filter((p) => p?.label === 'characterizeImage');
      assert.equal(charParents.length, 1);
      assert.equal(charParents[0]?.dataId['detector'], q.dataId['detector']);
    }
  } finally {
    removeTempRepo(repo);
  }
});
