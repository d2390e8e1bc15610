/**
 * The bps-ts library API: gen3_workflow's interactive workflow from a Node REPL or a script.
 *
 * ```js
 * const { startPipeline, restorePipeline } = await import('bps-ts');
 * const pipeline = await startPipeline('bps_DRP.yaml');   // builds the graph, launches nothing
 * pipeline.status();                                      // the `bps status` table
 * const done = pipeline.run();                            // launches; await it, or go on looking
 * await pipeline.watch();                                 // the live table until the run ends (Ctrl-C: stop looking)
 * pipeline.saveConfig('pipeline.json');                   // restorePipeline('pipeline.json') elsewhere
 * ```
 */
export { restorePipeline, startPipeline, type StartOptions } from './api/start.js';
export type { PipelineOptions } from './api/context.js';
export type { WatchOptions } from './api/watch.js';
export type { Pipeline, PipelineConfig, PipelineStatus, RunOptions, RunOutcome } from './api/pipeline.js';
export type { JobFilter, StatusColumn } from './app/job-selection.js';
export type { LabelStatus, RunSummary, StatusReport } from './report/status.js';
export type { JobStateName } from './model/job-state.js';
export { BpsError, ConfigError, StateError, UsageError } from './errors.js';
