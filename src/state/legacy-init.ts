/**
 * The creation input app/run-state.ts and bench/child.ts still pass (a job accessor by index, label
 * indices, labels carrying their spec), converted to {@link RunStateInit}. Remove once they build a
 * RunStateInit themselves.
 */
import type { LabelSpec } from '../workflow/types.js';
import type { JobInit, RunStateInit, SiteSettings, StateCode } from './types.js';

/** The earlier input of createRunState. @deprecated build a {@link RunStateInit}. */
export interface RunInit {
  readonly runId: string;
  readonly name: string;
  readonly uniqProcName: string;
  readonly submitDir: string;
  readonly operator: string;
  readonly project: string;
  readonly campaign: string;
  readonly payloadName: string;
  readonly site: SiteSettings;
  /** Job labels in pipeline order with their settings and job counts. */
  readonly labels: ReadonlyArray<{ readonly spec: LabelSpec; readonly expected: number }>;
  readonly jobCount: number;
  /** Job by index: name, label index, quanta (comma-joined UUIDs), data ID, initial state, memory (MiB). */
  readonly job: (index: number) => { name: string; labelIndex: number; quanta: string; dataId: unknown; state: number; memoryMiB: number };
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  readonly now: Date;
}

/** Whether `init` is the earlier input shape. */
export function isLegacyInit(init: RunStateInit | RunInit): init is RunInit {
  return 'jobCount' in init;
}

/** The same run as a {@link RunStateInit}; jobs are produced lazily, one at a time. */
export function fromLegacyInit(init: RunInit): RunStateInit {
  const names = init.labels.map((l) => l.spec.label);
  function* jobs(): Generator<JobInit> {
    for (let index = 0; index < init.jobCount; index += 1) {
      const row = init.job(index);
      yield {
        name: row.name,
        label: names[row.labelIndex] ?? `#${row.labelIndex}`,
        quanta: row.quanta,
        dataId: (row.dataId ?? null) as JobInit['dataId'],
        memoryMiB: row.memoryMiB,
        state: row.state as StateCode,
      };
    }
  }
  return {
    run: {
      runId: init.runId, name: init.name, uniqProcName: init.uniqProcName, submitDir: init.submitDir, operator: init.operator,
      project: init.project, campaign: init.campaign, payloadName: init.payloadName, site: init.site, createdAt: init.now,
    },
    labels: init.labels.map(({ spec, expected }) => ({ label: spec.label, kind: spec.kind, count: expected, spec })),
    jobs: jobs(),
    edges: { from: init.edgeFrom, to: init.edgeTo },
  };
}
