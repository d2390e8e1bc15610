import { resolve } from 'node:path';
import { inspect } from 'node:util';
import type { ConfigView } from '../app/config-view.js';
import { driveRun } from '../app/drive.js';
import { jobIndices, selectJobs, type JobFilter } from '../app/job-selection.js';
import { openRun } from '../app/run-lookup.js';
import { readStatusReport } from '../app/status.js';
import { renderStatusTable } from '../report/render/status-table.js';
import type { StatusReport } from '../report/status.js';
import { CompletionRate } from '../report/eta.js';
import type { ApiContext } from './context.js';
import { watchRun, type WatchOptions } from './watch.js';
import { writeSavedPipeline } from './saved-pipeline.js';

/** A run's resolved config, read-only: `pipeline.config.get('dataQuery')`. */
export type PipelineConfig = ConfigView;

/**
 * What `status()` returns: the `bps status` report (plain data; `JSON.stringify` gives `bps status --json`).
 * Printed in the REPL, with `console.log` or `String()`, it shows as the `bps status` table.
 */
export type PipelineStatus = StatusReport & { toString(): string };

/** Options of `pipeline.run()`. */
export interface RunOptions {
  /**
   * Run only these jobs (names from `getJobs`) and the ancestors they still need, as gen3_workflow's
   * `run(jobs=[…])`. Failed, pruned or cancelled ones among them run again with fresh retries, and jobs
   * they had pruned wait again (a later `run()` runs them). Succeeded jobs never run again; every other
   * job keeps its state; an empty list runs nothing. @default every job
   */
  readonly jobs?: readonly string[];
  /** Run every failed job (and what it pruned) again with fresh retries: `bps restart --retry-failed`. @default false */
  readonly retryFailed?: boolean;
  /**
   * Progress lines (the totals every 10 s, each failure) and info log lines while the run goes. Off by
   * default: `const done = p.run()` returns to the REPL prompt at once, and lines written then would land
   * on the prompt and on what you type. `await p.watch()` is the live view. @default false
   */
  readonly progress?: boolean;
  /** Nothing but warnings and errors while the run goes (the default unless `progress` is set). @default true */
  readonly quiet?: boolean;
}

/** How `run()` ended, and the run's status then. */
export interface RunOutcome {
  /** finished: nothing (selected) is left to run; interrupted: SIGINT/SIGTERM; cancelled: `bps cancel`. */
  readonly ended: 'finished' | 'interrupted' | 'cancelled';
  readonly status: PipelineStatus;
}

/**
 * One run, driven from a Node REPL or a script: gen3_workflow's ParslGraph, over the run's bps.sqlite.
 * It holds no job state of its own: every call reads or drives the run's state file, under the same
 * rules and the same driver lock as `bps status` and `bps restart`, so the CLI and the REPL can take
 * turns on one run. Made by `startPipeline` or `restorePipeline`.
 */
export class Pipeline {
  private loadedConfig: PipelineConfig | undefined;
  /** The ETA of a `run()` of this pipeline going on in this process, for `watch()`. */
  private liveRate: CompletionRate | undefined;

  /** @internal */
  constructor(
    private readonly ctx: ApiContext,
    /** The run folder (`submitPath`). */
    readonly submitDir: string,
    /** The run id (as `bps report` shows it). */
    readonly runId: string,
    /** The run name (`outputRun`). */
    readonly runName: string,
    private readonly loadConfig: () => ConfigView,
  ) {}

  /** The run's resolved config: `pipeline.config.get('dataQuery')`. */
  get config(): PipelineConfig {
    this.loadedConfig ??= this.loadConfig();
    return this.loadedConfig;
  }

  /** The per-task table of `bps status`, from the state file (instant, whether or not a driver runs). */
  status(): PipelineStatus {
    return asTable(readStatusReport(this.submitDir));
  }

  /**
   * Names of the jobs of a task label, optionally only those in a state and with matching data IDs:
   * `getJobs('characterizeImage', {status: 'FAILED', query: 'visit == 192355'})`.
   */
  getJobs(label: string, filter: JobFilter = {}): string[] {
    return selectJobs(this.submitDir, label, filter);
  }

  /**
   * Launches the run, or resumes it (jobs an earlier driver left running are adopted, not started again),
   * and resolves when nothing (selected) is left to run. Refused while another driver, a `bps restart` or
   * another `run()`, holds the run.
   */
  async run(options: RunOptions = {}): Promise<RunOutcome> {
    const only = options.jobs === undefined ? undefined : jobIndices(this.submitDir, options.jobs);
    if (only?.size === 0) {
      this.ctx.app.logger.info('No jobs selected: nothing to run');
      return { ended: 'finished', status: this.status() };
    }
    const db = openRun(this.submitDir);
    const progress = options.progress === true && options.quiet !== true;
    const rate = new CompletionRate();
    this.liveRate = rate;
    try {
      const observer = this.ctx.runObserver({ progress, rate });
      const { result, report } = await driveRun(db, this.ctx.runApp({ progress }), { observer, retryFailed: options.retryFailed ?? false, ...(only ? { only } : {}) });
      const ended = result.kind === 'finished' ? 'finished' : result.mode === 'cancel' ? 'cancelled' : 'interrupted';
      return { ended, status: asTable(report) };
    } finally {
      if (this.liveRate === rate) this.liveRate = undefined;
      db.close();
    }
  }

  /**
   * The live view: the status table and a progress bar with the ETA (redrawn in place on a terminal),
   * until the run has no driver left (it ended, or was stopped) or until Ctrl-C, which ends the view and
   * leaves the run going. Resolves with the last status: `const done = p.run(); await p.watch()`. A run
   * driven by `bps submit` or another process is watched too, without an ETA.
   */
  async watch(options: WatchOptions = {}): Promise<PipelineStatus> {
    return asTable(await watchRun(this.submitDir, this.ctx.output, this.liveRate, options));
  }

  /**
   * Saves where this run lives to `path` (a small JSON file), for `restorePipeline(path)` in another
   * process. The run's state itself is always in its bps.sqlite; there is nothing else to save.
   * @returns the absolute path written.
   */
  saveConfig(path: string): string {
    const target = resolve(this.ctx.app.cwd, path);
    writeSavedPipeline(target, { submitDir: this.submitDir, runId: this.runId, runName: this.runName, cwd: this.ctx.app.cwd, savedAt: new Date().toISOString() });
    this.ctx.app.logger.info(`Saved pipeline of run '${this.runName}' to ${target}`);
    return target;
  }

  /** Shown in the REPL as what it is, not as its private fields. */
  [inspect.custom](): string {
    return `Pipeline { run: '${this.runName}', id: '${this.runId}', submitDir: '${this.submitDir}' }`;
  }
}

function asTable(report: StatusReport): PipelineStatus {
  const table = () => renderStatusTable(report);
  // Not enumerable: JSON.stringify and deepEqual see the plain report.
  return Object.defineProperties({ ...report }, {
    toString: { value: table },
    [inspect.custom]: { value: table },
  }) as PipelineStatus;
}
