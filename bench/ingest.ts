/**
 * `node dist/bench/child.js ingest DOT [--single]`: what a submit does with a QuantumGraph before the run
 * state, each step timed in this fresh process: parse the dot, cluster it (drp_pipe-style dimension
 * clustering, or single-quantum clustering with --single), transform the clusters into the job DAG.
 * Prints one JSON line; peak RSS is the process's maxRSS after each step (it only grows).
 */
import { dimensionClustering } from '../src/cluster/dimension-clustering.js';
import { singleQuantumClustering } from '../src/cluster/single-quantum.js';
import type { ClusterSpec } from '../src/cluster/types.js';
import { readQuantumGraphDot } from '../src/qgraph/dot-parser.js';
import { splitCommandLine } from '../src/process/argv.js';
import { buildWorkflowFromClusters } from '../src/workflow/build-clusters.js';
import type { LabelSpec } from '../src/model/job-spec.js';

/** drp_pipe's DC2 clustering (bps/clustering/LSSTCam-imSim/DRP-DC2-clustering.yaml) on the synthetic pipeline's labels, plus LSSTCam's per-visit and per-tract/visit warp clusters. */
export const DRP_STYLE_SPECS: readonly ClusterSpec[] = [
  { label: 'visit_detector', pipetasks: ['isr', 'injectExposure', 'characterizeImage', 'calibrate', 'calibrateImage', 'writeSourceTable', 'transformSourceTable'], dimensions: ['visit', 'detector'], equalDimensions: [['visit', 'exposure']] },
  { label: 'step1b_visits', pipetasks: ['consolidateVisitSummary', 'consolidateSourceTable'], dimensions: ['visit'] },
  { label: 'makeWarpTract', pipetasks: ['makeWarp', 'makeDirectWarp', 'makePsfMatchedWarp'], dimensions: ['tract', 'visit'] },
  { label: 'coadd', pipetasks: ['assembleCoadd', 'assembleCellCoadd', 'injectCoadd', 'templateGen', 'detection'], dimensions: ['tract', 'patch', 'band'] },
  { label: 'objectTable', pipetasks: ['computeObjectEpochs', 'writeObjectTable', 'transformObjectTable'], dimensions: ['tract', 'patch'] },
];

const RUN_CLUSTER = '${CTRL_MPEXEC_DIR}/bin/pipetask --long-log --log-level=VERBOSE run-qbb /repo /submit/u_bench.qg --qgraph-node-id {qgraphNodeId}';

function spec(label: string, command: string, kind: LabelSpec['kind'] = 'payload'): LabelSpec {
  return {
    label, kind, command: splitCommandLine(command), environment: {},
    resources: { requestCpus: 1, requestMemory: 2048, requestWalltime: undefined, requestDisk: undefined },
    retry: { numberOfRetries: 5, retryUnlessExit: [1, 2], memoryMultiplier: 2, memoryLimit: 491520 },
  };
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const peakMiB = () => process.resourceUsage().maxRSS / 1024;

export async function ingestMode(path: string, single: boolean): Promise<void> {
  let start = process.hrtime.bigint();
  const graph = await readQuantumGraphDot(path);
  const parseSeconds = seconds(start);
  const parsePeakMiB = peakMiB();
  start = process.hrtime.bigint();
  const naming = { templateDataId: '{tract}_{patch}_{band}_{visit}_{exposure}_{detector}', formatValue: (v: string | number) => String(v) };
  const clusters = single ? singleQuantumClustering(graph, naming) : dimensionClustering(graph, DRP_STYLE_SPECS, naming);
  const clusterSeconds = seconds(start);
  const clusterPeakMiB = peakMiB();
  start = process.hrtime.bigint();
  const workflow = buildWorkflowFromClusters(clusters, {
    name: 'u_bench_run',
    labelSpec: (label) => spec(label, RUN_CLUSTER),
    init: spec('pipetaskInit', 'pipetask pre-exec-init-qbb /repo g.qg', 'init'),
    finalJob: { whenRun: 'ALWAYS', spec: spec('finalJob', 'butler aggregate-graph g.qg /repo', 'final') },
  });
  const transformSeconds = seconds(start);
  console.log(JSON.stringify({
    quanta: graph.size, quantumEdges: graph.edgeFrom.length, clusters: clusters.size, clusterEdges: clusters.edgeFrom.length, jobs: workflow.jobs.length,
    parseSeconds, clusterSeconds, transformSeconds, parsePeakMiB, clusterPeakMiB, peakRssMiB: peakMiB(), cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  }));
}
