import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { dimensionClustering } from '../../../src/cluster/dimension-clustering.js';
import type { ClusterSpec } from '../../../src/cluster/types.js';
import { readQuantumGraphDot } from '../../../src/qgraph/dot-parser.js';
import { REPO_ROOT } from '../../support/standin.js';

/** The stand-in's demo graph (29 quanta, 13 labels: one visit of 5 detectors, one patch in band i), as pipetask wrote it. */
const DEMO = join(REPO_ROOT, 'test', 'fixtures', 'qgraph', 'demo.dot');
const NAMING = { templateDataId: '{tract}_{patch}_{band}_{visit}_{exposure}_{detector}', formatValue: String };

/** drp_pipe's DC2 clustering (bps/clustering/LSSTCam-imSim/DRP-DC2-clustering.yaml), cut to the demo's tasks; the absent ones stay listed. */
const DRP_SPECS: ClusterSpec[] = [
  { label: 'visit_detector', pipetasks: ['isr', 'characterizeImage', 'calibrate'], dimensions: ['visit', 'detector'], equalDimensions: [['visit', 'exposure']] },
  { label: 'coadd', pipetasks: ['assembleCoadd', 'assembleCellCoadd', 'injectCoadd', 'templateGen', 'detection'], dimensions: ['tract', 'patch', 'band'] },
];

test('drp_pipe-style clustering of the demo graph: isr+characterizeImage+calibrate by visit,detector (visit:exposure), coadds by tract,patch,band', async () => {
  const graph = await readQuantumGraphDot(DEMO);
  const cqg = dimensionClustering(graph, DRP_SPECS, NAMING);
  assert.deepEqual(cqg.labels, ['visit_detector', 'skyCorrectionTask', 'consolidateVisitSummary', 'makeWarp', 'coadd', 'mergeDetections', 'deblend', 'measure', 'mergeMeasurements', 'forcedPhotCoadd']);
  assert.equal(cqg.size, 18);
  const detectors = [91, 93, 94, 95, 97];
  assert.deepEqual(cqg.names.slice(0, 5), detectors.map((d) => `visit_detector_159471_${d}`));
  detectors.forEach((detector, c) => {
    assert.deepEqual(cqg.tags(c), { visit: 159471, detector });
    const members = [...cqg.quantaOf(c)].map((q) => `${graph.labels[graph.labelOf[q] as number]} ${JSON.stringify(graph.dataId(q))}`);
    assert.deepEqual(members, [
      `isr {"instrument":"LSSTCam-imSim","detector":${detector},"exposure":159471}`,
      `characterizeImage {"instrument":"LSSTCam-imSim","detector":${detector},"visit":159471}`,
      `calibrate {"instrument":"LSSTCam-imSim","detector":${detector},"visit":159471}`,
    ]);
  });
  const coadd = cqg.names.indexOf('coadd_3828_24_i');
  assert.deepEqual(Object.fromEntries(cqg.quantaCounts(coadd)), { assembleCoadd: 1, detection: 1 });
  assert.deepEqual(cqg.labelInfo[cqg.labels.indexOf('coadd')], { label: 'coadd', taskLabels: ['assembleCoadd', 'detection'], quantaCounts: [1, 1], dimensions: ['tract', 'patch', 'band'], singleQuantum: false });
  // The rest are single-quantum clusters named <uuid>_<label>_<templateDataId values> (ctrl_bps keeps the trailing _).
  const singles = cqg.names.slice(5).filter((n) => n !== 'coadd_3828_24_i').map((n) => n.replace(/^[0-9a-f-]{36}_/, ''));
  assert.deepEqual(singles, [
    ...detectors.map((d) => `skyCorrectionTask_159471_${d}`), 'consolidateVisitSummary_159471_', 'makeWarp_3828_24_159471_',
    'mergeDetections_3828_24_', 'deblend_3828_24_', 'measure_3828_24_i_', 'mergeMeasurements_3828_24_', 'forcedPhotCoadd_3828_24_i_',
  ]);
  const label = (c: number) => cqg.labels[cqg.labelOf[c] as number];
  const labelEdges = new Set([...cqg.edgeFrom].map((f, e) => `${label(f)} -> ${label(cqg.edgeTo[e] as number)}`));
  assert.deepEqual([...labelEdges].sort(), [
    'coadd -> deblend', 'coadd -> forcedPhotCoadd', 'coadd -> measure', 'coadd -> mergeDetections', 'consolidateVisitSummary -> makeWarp', 'deblend -> measure',
    'makeWarp -> coadd', 'measure -> mergeMeasurements', 'mergeDetections -> deblend', 'mergeMeasurements -> forcedPhotCoadd', 'skyCorrectionTask -> makeWarp',
    'visit_detector -> consolidateVisitSummary', 'visit_detector -> makeWarp', 'visit_detector -> measure', 'visit_detector -> skyCorrectionTask',
  ]);
  // Each detector's cluster feeds its own skyCorrectionTask quantum only.
  for (const [c, detector] of detectors.entries()) {
    const sky = [...cqg.edgeFrom].flatMap((f, e) => (f === c && label(cqg.edgeTo[e] as number) === 'skyCorrectionTask' ? [cqg.edgeTo[e] as number] : []));
    assert.deepEqual(sky.map((s) => cqg.tags(s)['detector']), [detector]);
  }
});

test('measure in the coadd cluster would need deblend both before and after it: the cycle is named', async () => {
  const graph = await readQuantumGraphDot(DEMO);
  const specs = [DRP_SPECS[0] as ClusterSpec, { ...(DRP_SPECS[1] as ClusterSpec), pipetasks: ['assembleCoadd', 'detection', 'measure'] }];
  assert.throws(() => dimensionClustering(graph, specs, NAMING), { name: 'ConfigError', message: 'Cluster pipetasks do not create a DAG: coadd -> mergeDetections -> deblend -> coadd.' });
});

test('band is implied, not required, for a visit: clustering makeWarp by band fails with the hint', async () => {
  const graph = await readQuantumGraphDot(DEMO);
  assert.throws(() => dimensionClustering(graph, [{ label: 'warps', pipetasks: ['makeWarp'], dimensions: ['tract', 'patch', 'band'] }], NAMING), {
    name: 'ConfigError', message: /^Quantum [0-9a-f-]{36} \(\{'instrument': 'LSSTCam-imSim', 'skymap': 'DC2', 'tract': 3828, 'patch': 24, 'visit': 159471\}\) missing dimensions: band; required for cluster warps$/,
  });
});
