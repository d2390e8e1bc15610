import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { buildDemoGraph, makeTempRepo, pipetask, readDot, removeTempRepo, type StandinResult } from '../../support/standin.js';

const EXPECTED_COUNTS: Record<string, number> = {
  isr: 5, characterizeImage: 5, calibrate: 5, skyCorrectionTask: 5, consolidateVisitSummary: 1, makeWarp: 1, assembleCoadd: 1,
  detection: 1, mergeDetections: 1, deblend: 1, measure: 1, mergeMeasurements: 1, forcedPhotCoadd: 1,
};
const PIPELINE_ORDER = Object.keys(EXPECTED_COUNTS);

const HEADER = [
  'digraph QuantumGraph {',
  'graph [splines="ortho", nodesep="0.5", ranksep="0.75", pad="0.5"];',
  'node [shape="box", fontname="Monospace", fontsize="14", margin="0.2,0.1", penwidth="3"];',
  'edge [color="black", arrowsize="1.5", penwidth="1.5"];',
];
const QUANTUM_NODE = /^"u([0-9a-f]{32})" \[style="filled", color="black", fillcolor="#B1F2EF", label=<<TABLE BORDER="0" CELLPADDING="5"><TR><TD>(.*)<\/TD><\/TR><\/TABLE>>\];$/;
const DATASET_NODE = /^"u([0-9a-f]{32})" \[style="rounded,filled,bold", color="#00BABC", fillcolor="#F5F5F5", label=<<TABLE BORDER="0" CELLPADDING="5"><TR><TD>(.*)<\/TD><\/TR><\/TABLE>>\];$/;
const EDGE = /^"u([0-9a-f]{32})" -> "u([0-9a-f]{32})";$/;
const UNIVERSE = ['band', 'htm7', 'instrument', 'skymap', 'day_obs', 'detector', 'group', 'physical_filter', 'tract', 'exposure', 'patch', 'visit'];

describe('pipetask qgraph on the DC2 demo (tract 3828, patch 24)', () => {
  let repo = '';
  let dotLines: string[] = [];
  let result: StandinResult;
  let dotPath = '';

  before(async () => {
    repo = makeTempRepo();
    const built = await buildDemoGraph(repo);
    result = built.result;
    dotPath = built.dot;
    dotLines = readFileSync(built.dot, 'utf8').split('\n');
  });
  after(() => removeTempRepo(repo));

  it('logs the 2021–22 summary line: 29 quanta for 13 tasks', () => {
    assert.equal(result.exitCode, 0, result.stderr);
    const ids = [...result.stderr.matchAll(/^lsst\.ctrl\.mpexec\.cmdLineFwk INFO: QuantumGraph contains 29 quanta for 13 tasks, graph ID: '(\d+\.\d+)-(\d+)'$/gm)];
    assert.equal(ids.length, 1, result.stderr);
    const [, seconds = '0'] = ids[0] ?? [];
    assert.ok(Math.abs(Number(seconds) - Date.now() / 1000) < 600, 'graph ID starts with the build time in epoch seconds');
  });

  it('writes exactly 29 quanta for 13 tasks, with the gen3_workflow per-label counts', () => {
    const { quanta } = readDot(dotPath);
    const counts: Record<string, number> = {};
    for (const q of quanta) counts[q.label] = (counts[q.label] ?? 0) + 1;
    assert.equal(quanta.length, 29);
    assert.deepEqual(counts, EXPECTED_COUNTS);
    const isr = quanta.filter((q) => q.label === 'isr').map((q) => q.dataId);
    assert.deepEqual(isr.map((d) => d['detector']), [91, 93, 94, 95, 97]);
    assert.ok(isr.every((d) => d['exposure'] === 159471 && d['instrument'] === 'LSSTCam-imSim'));
    assert.deepEqual(quanta.find((q) => q.label === 'makeWarp')?.dataId, { instrument: 'LSSTCam-imSim', skymap: 'DC2', tract: 3828, patch: 24, visit: 159471 });
    assert.deepEqual(quanta.find((q) => q.label === 'assembleCoadd')?.dataId, { band: 'i', skymap: 'DC2', tract: 3828, patch: 24 });
  });

  it('has the v30 layout: header, quantum nodes, dataset nodes, edges, closing brace — one per line', () => {
    assert.deepEqual(dotLines.slice(0, 4), HEADER);
    assert.equal(dotLines.at(-1), '', 'file ends with a newline');
    assert.equal(dotLines.at(-2), '}');
    const body = dotLines.slice(4, -2);
    const kinds = body.map((l) => (QUANTUM_NODE.test(l) ? 'q' : DATASET_NODE.test(l) ? 'd' : EDGE.test(l) ? 'e' : `?${l}`));
    assert.deepEqual(kinds.filter((k) => k.startsWith('?')), [], 'every line is a node or an edge');
    assert.match(kinds.join(''), /^q{29}d+e+$/, 'quanta, then datasets, then edges');
  });

  it('names nodes u<32 hex> after their UUIDs and prints labels as in pipe_base', () => {
    const labels: string[] = [];
    for (const line of dotLines) {
      const m = QUANTUM_NODE.exec(line);
      if (m === null) continue;
      const cells = (m[2] ?? '').split('</TD></TR><TR><TD>');
      assert.equal(cells[0]?.replace(/-/g, ''), m[1], 'node name = u + UUID hex');
      assert.match(cells[0] ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'UUIDv7');
      labels.push(cells[1] ?? '');
      const keys = cells.slice(2).map((c) => /^(\w+) = [^'"]+$/.exec(c)?.[1] ?? `bad:${c}`);
      assert.deepEqual(keys, [...keys].sort((a, b) => UNIVERSE.indexOf(a) - UNIVERSE.indexOf(b)), 'dimension-universe order');
    }
    const firstSeen = labels.filter((l, i) => labels.indexOf(l) === i);
    assert.deepEqual(firstSeen, PIPELINE_ORDER, 'quanta grouped by task in pipeline order');
    for (const line of dotLines) {
      const m = DATASET_NODE.exec(line);
      if (m === null) continue;
      const cells = (m[2] ?? '').split('</TD></TR><TR><TD>');
      assert.match(cells[1] ?? '', /^run: '[^']+'$/);
      for (const cell of cells.slice(2)) assert.match(cell, /^\w+ = [^'"]+$/);
    }
    assert.ok(dotLines.some((l) => l.includes('<TD>raw</TD></TR><TR><TD>run: \'LSSTCam-imSim/raw/all\'</TD></TR><TR><TD>instrument = LSSTCam-imSim</TD></TR><TR><TD>detector = 94</TD></TR><TR><TD>exposure = 159471</TD>')));
  });

  it('edges follow the data flow, reference declared nodes, are grouped by source in node order', () => {
    const order = new Map<string, number>();
    const kind = new Map<string, string>();
    const typeOf = new Map<string, string>();
    dotLines.forEach((line, i) => {
      const q = QUANTUM_NODE.exec(line);
      const d = DATASET_NODE.exec(line);
      if (q) { order.set(q[1] ?? '', i); kind.set(q[1] ?? '', 'q'); }
      if (d) { order.set(d[1] ?? '', i); kind.set(d[1] ?? '', 'd'); typeOf.set(d[1] ?? '', (d[2] ?? '').split('</TD>')[0] ?? ''); }
    });
    const edges = dotLines.map((l) => EDGE.exec(l)).filter((m): m is RegExpExecArray => m !== null).map((m) => [m[1] ?? '', m[2] ?? ''] as const);
    assert.ok(edges.length > 0);
    const sources = edges.map(([a]) => order.get(a) ?? -1);
    assert.deepEqual(sources, [...sources].sort((a, b) => a - b), 'edges listed per source node, in node order');
    for (const [a, b] of edges) {
      assert.ok(kind.has(a) && kind.has(b), 'edge endpoints are declared nodes');
      assert.notEqual(kind.get(a), kind.get(b), 'bipartite: quantum <-> dataset');
    }
    const outputsOf = new Map<string, string[]>();
    for (const [a, b] of edges) if (kind.get(a) === 'q') outputsOf.set(a, [...(outputsOf.get(a) ?? []), typeOf.get(b) ?? '']);
    const isrOutputs = [...outputsOf.entries()].find(([, types]) => types.includes('postISRCCD'))?.[1];
    assert.deepEqual(isrOutputs, ['postISRCCD', 'isr_metadata', 'isr_log'], 'quantum -> outputs, incl. metadata and log');
    assert.ok(![...typeOf.values()].some((t) => t.endsWith('_config') || t.endsWith('_schema') || t === 'packages'), 'init datasets are not drawn');
    const { edges: qq } = readDot(dotPath);
    assert.ok(qq.length >= 28, 'every quantum but the sources has a producer upstream');
  });

  it('re-makes the same dot from the saved graph with -g', async () => {
    const again = `${dotPath}.again`;
    const saved = dotPath.replace(/G\.dot$/, 'G.qg');
    const rerun = await pipetask(['qgraph', '-g', saved, '--qgraph-dot', again]);
    assert.equal(rerun.exitCode, 0, rerun.stderr);
    assert.equal(readFileSync(again, 'utf8'), dotLines.join('\n'));
    assert.match(rerun.stderr, /QuantumGraph contains 29 quanta for 13 tasks/);
  });
});
