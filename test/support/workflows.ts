import { quantumGraphFromQuanta } from '../../src/qgraph/assemble.js';
import type { QuantumGraph, Quantum } from '../../src/qgraph/types.js';
import { buildWorkflow } from '../../src/workflow/build.js';
import type { LabelSpec, RetryPolicy } from '../../src/model/job-spec.js';
import type { Workflow } from '../../src/workflow/types.js';

export const DEFAULT_POLICY: RetryPolicy = { numberOfRetries: 5, retryUnlessExit: [1, 2], memoryMultiplier: 2, memoryLimit: 491520 };

/** A label spec with the given command (default `/bin/true`). */
export function makeLabelSpec(label: string, overrides: Partial<LabelSpec> = {}): LabelSpec {
  return {
    label,
    kind: 'payload',
    command: ['/bin/true', '{qgraphNodeId}'],
    resources: { requestCpus: 1, requestMemory: 2048, requestWalltime: undefined, requestDisk: undefined },
    retry: DEFAULT_POLICY,
    environment: {},
    ...overrides,
  };
}

/**
 * A three-label graph: `detectors` isr quanta → as many calibrate quanta → one coadd quantum fed by all
 * calibrates. Quantum ids are fake UUIDs in order.
 */
export function makeThreeLabelGraph(detectors = 3): QuantumGraph {
  const quanta: Quantum[] = [];
  const uuid = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
  for (let d = 0; d < detectors; d += 1) quanta.push({ id: uuid(quanta.length), label: 'isr', dataId: { instrument: 'LSSTCam-imSim', detector: d, exposure: 100 } });
  for (let d = 0; d < detectors; d += 1) quanta.push({ id: uuid(quanta.length), label: 'calibrate', dataId: { instrument: 'LSSTCam-imSim', detector: d, visit: 100 } });
  quanta.push({ id: uuid(quanta.length), label: 'coadd', dataId: { skymap: 'DC2', tract: 3828, patch: 24, band: 'i' } });
  const from: number[] = [];
  const to: number[] = [];
  for (let d = 0; d < detectors; d += 1) {
    from.push(d, detectors + d);
    to.push(detectors + d, 2 * detectors);
  }
  return quantumGraphFromQuanta({ quanta, labels: ['isr', 'calibrate', 'coadd'], edgeFrom: from, edgeTo: to });
}

/**
 * {@link makeThreeLabelGraph} as a job DAG: pipetaskInit → isr → calibrate → coadd, and a finalJob
 * (ALWAYS by default, no edges), every job running `/bin/true`.
 */
export function makeThreeLabelWorkflow(options: { detectors?: number; whenRun?: 'ALWAYS' | 'SUCCESS' | 'NEVER' } = {}): { graph: QuantumGraph; workflow: Workflow } {
  const graph = makeThreeLabelGraph(options.detectors ?? 3);
  const workflow = buildWorkflow(graph, {
    name: 'u_test_run',
    templateDataId: '{tract}_{patch}_{band}_{visit}_{exposure}_{detector}',
    formatValue: (v) => String(v),
    labelSpec: (label) => makeLabelSpec(label),
    init: makeLabelSpec('pipetaskInit', { kind: 'init' }),
    finalJob: { whenRun: options.whenRun ?? 'ALWAYS', spec: makeLabelSpec('finalJob', { kind: 'final' }) },
  });
  return { graph, workflow };
}
