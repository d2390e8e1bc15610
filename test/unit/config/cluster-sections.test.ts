import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAYLOAD, load, throwsConfig } from './support.js';

const DIMENSION = 'clusterAlgorithm: lsst.ctrl.bps.quantum_clustering_funcs.dimension_clustering\n';

test('cluster sections: comma lists with spaces, YAML lists, equalDimensions pairs, template, method, partition', () => {
  const { config } = load({
    'main.yaml': `${PAYLOAD}${DIMENSION}cluster:
  visit_detector:
    pipetasks: isr, characterizeImage,calibrate
    dimensions: visit, detector
    equalDimensions: visit:exposure
    findDependencyMethod: sink
  coadd:
    pipetasks: [assembleCoadd, detection]
    dimensions: [tract, patch, band]
    clusterTemplate: "co_{tract}_{patch}"
    partitionDimensions: band
    partitionMaxClusters: 3
`,
  });
  const { algorithm, specs } = config.clustering();
  assert.equal(algorithm, 'lsst.ctrl.bps.quantum_clustering_funcs.dimension_clustering');
  assert.deepEqual(specs, [
    { label: 'visit_detector', pipetasks: ['isr', 'characterizeImage', 'calibrate'], dimensions: ['visit', 'detector'], equalDimensions: [['visit', 'exposure']], findDependencyMethod: 'sink' },
    { label: 'coadd', pipetasks: ['assembleCoadd', 'detection'], dimensions: ['tract', 'patch', 'band'], clusterTemplate: 'co_{tract}_{patch}', partitionDimensions: ['band'], partitionMaxClusters: 3 },
  ]);
});

test('no cluster section: single-quantum clustering, the default algorithm', () => {
  const { config } = load({ 'main.yaml': PAYLOAD });
  assert.deepEqual(config.clustering(), { algorithm: 'lsst.ctrl.bps.quantum_clustering_funcs.single_quantum_clustering', specs: [] });
});

const BAD: ReadonlyArray<readonly [string, string, RegExp]> = [
  ['a task in two clusters', 'cluster:\n  a: {pipetasks: "isr, calibrate"}\n  b: {pipetasks: calibrate}\n', /^Task label calibrate appears in more than one cluster definition \(cluster\.a and cluster\.b\)\./],
  ['no pipetasks', 'cluster:\n  a: {dimensions: visit}\n', /^cluster\.a has no pipetasks/],
  ['a bad method', 'cluster:\n  a: {pipetasks: isr, findDependencyMethod: up}\n', /cluster\.a\.findDependencyMethod .*'source' or 'sink'/],
  ['a bad pair', 'cluster:\n  a: {pipetasks: isr, equalDimensions: visit}\n', /cluster\.a\.equalDimensions .*visit:exposure/],
  ['both partition maxima', 'cluster:\n  a: {pipetasks: isr, partitionDimensions: band, partitionMaxClusters: 2, partitionMaxSize: 2}\n', /exactly one of partitionMaxClusters and partitionMaxSize/],
  ['no partition maximum', 'cluster:\n  a: {pipetasks: isr, partitionDimensions: band}\n', /exactly one of partitionMaxClusters and partitionMaxSize/],
  ['a section that is not a mapping', 'cluster:\n  a: isr\n', /^cluster\.a must be a mapping of settings/],
  ['a negative maximum', 'cluster:\n  a: {pipetasks: isr, partitionDimensions: band, partitionMaxSize: -1}\n', /cluster\.a\.partitionMaxSize .*whole number/],
];

for (const [what, yaml, pattern] of BAD) {
  test(`cluster sections: ${what} is a ConfigError naming the key`, () => {
    const { config } = load({ 'main.yaml': `${PAYLOAD}${DIMENSION}${yaml}` });
    throwsConfig(() => config.clustering(), pattern);
  });
}

test('cluster job settings: MAX of cpus, memory, retries; the section itself beats its tasks; identical commands required', () => {
  const { config } = load({
    'main.yaml': `${PAYLOAD}${DIMENSION}cluster:
  vd:
    pipetasks: isr, calibrate
    numberOfRetries: 1
pipetask:
  isr: {requestMemory: 4096, requestCpus: 2, requestWalltime: 600}
  calibrate: {requestMemory: 3000, requestCpus: 1, requestWalltime: 300, numberOfRetries: 7, memoryMultiplier: 3}
`,
  });
  const cluster = config.clusterJobSettings('vd', ['isr', 'calibrate']);
  assert.equal(cluster.settings.resources.requestCpus, 2);
  assert.equal(cluster.settings.resources.requestMemory, 4096);
  assert.equal(cluster.settings.resources.requestWalltime, undefined, 'a wall time is summed per job, not per label');
  // cluster.vd.numberOfRetries comes before pipetask.<task> in the search order (curr_cluster), for every task.
  assert.equal(cluster.settings.retry.numberOfRetries, 1);
  assert.equal(cluster.settings.retry.memoryMultiplier, 3);
  assert.deepEqual(cluster.perTask.get('isr'), { requestMemory: 4096, requestWalltime: 600, requestDisk: undefined });
});

test('cluster job settings: different runQuantumCommands in one cluster are ctrl_bps\'s "Inconsistent value" error', () => {
  const { config } = load({
    'main.yaml': `${PAYLOAD}${DIMENSION}cluster:
  vd: {pipetasks: "isr, calibrate"}
pipetask:
  isr: {extraRunQuantumOptions: "--fast"}
`,
  });
  throwsConfig(() => config.clusterJobSettings('vd', ['isr', 'calibrate']), /^Inconsistent value for runQuantumCommand in cluster vd: task isr has .*--fast.*, task calibrate has /);
  // Set once for the cluster, it is the same for both.
  const fixed = load({
    'main.yaml': `${PAYLOAD}${DIMENSION}cluster:
  vd: {pipetasks: "isr, calibrate", extraRunQuantumOptions: "--fast"}
pipetask:
  isr: {extraRunQuantumOptions: "--slow"}
`,
  });
  assert.match(fixed.config.clusterJobSettings('vd', ['isr', 'calibrate']).settings.runQuantumCommand, /--fast$/);
});
