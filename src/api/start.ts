import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { configView } from '../app/config-view.js';
import { prepareSubmission } from '../app/prepare.js';
import { loadRunConfigCopy } from '../app/run-config-copy.js';
import { findRunDir, openRun } from '../app/run-lookup.js';
import { RunNotFoundError, StateError } from '../errors.js';
import { apiContext, type ApiContext, type PipelineOptions } from './context.js';
import { Pipeline } from './pipeline.js';
import { readSavedPipeline } from './saved-pipeline.js';

/** Options of {@link startPipeline}. */
export interface StartOptions extends PipelineOptions {
  /**
   * Config values that beat the file's, by key, as the CLI's options set them (`bps submit -b REPO
   * --output-run RUN` is `{butlerConfig: REPO, outputRun: RUN}`). @default {}
   */
  readonly overrides?: Readonly<Record<string, string>>;
}

/**
 * gen3_workflow's `start_pipeline(config)`: resolves the config, makes the run folder, builds the
 * QuantumGraph (logging `QuantumGraph contains N quanta for M tasks`) and the job DAG, and writes the
 * run's bps.sqlite — `bps prepare` — then returns the pipeline without launching anything. Start it with
 * `await pipeline.run()`; `bps status` and `bps restart` see the run from then on.
 */
export async function startPipeline(configPath: string, options: StartOptions = {}): Promise<Pipeline> {
  const ctx = apiContext(options);
  const observer = ctx.observer();
  const prepared = await prepareSubmission({ configPath, overrides: options.overrides ?? {}, stage: 'prepare', observer }, ctx.app);
  const run = readRun(prepared.submitDir);
  observer.submitted?.({ submitDir: run.submitDir, runId: run.id, runName: run.name });
  return new Pipeline(ctx, prepared.submitDir, run.id, run.name, () => configView(prepared.config.bps));
}

/**
 * gen3_workflow's `ParslGraph.restore(config_file)`, in any process: reopens a run from a file written by
 * `pipeline.saveConfig(path)`, or from the run itself (its submit dir, run name, uniqProcName or run
 * id, as `bps restart` takes it). Jobs and their states come from the run's bps.sqlite; `config` is the
 * resolved config saved in the run folder at submission.
 */
export async function restorePipeline(savedOrRun: string, options: PipelineOptions = {}): Promise<Pipeline> {
  const ctx = apiContext(options);
  const path = resolve(ctx.app.cwd, savedOrRun);
  const saved = isFile(path) ? readSavedPipeline(path) : undefined;
  const submitDir = saved?.submitDir ?? findRunOrFile(savedOrRun, path, ctx);
  const run = readRun(submitDir);
  if (saved && saved.runId !== run.id) {
    throw new StateError(`${path} names run ${saved.runId}, but ${submitDir} now holds run ${run.id} ('${run.name}').`, {
      hint: 'The run folder was reused or replaced; restore that run by its name or submit dir instead.',
    });
  }
  ctx.app.logger.info(`Restored run '${run.name}' (id ${run.id}) from ${submitDir}`);
  const configCwd = saved?.cwd ?? ctx.app.cwd;
  return new Pipeline(ctx, submitDir, run.id, run.name, () => loadRunConfigCopy(submitDir, run.uniqProcName, configCwd, ctx.app.env));
}

/** The run a non-file argument names; when none, an error that says every place that was looked at. */
function findRunOrFile(query: string, path: string, ctx: ApiContext): string {
  try {
    return findRunDir(query, ctx.app);
  } catch (error) {
    if (!(error instanceof RunNotFoundError)) throw error;
    throw new StateError(`Cannot restore '${query}': there is no saved pipeline file ${path}, and no run in the index at ${ctx.app.bpsHome} has it as its submit dir, run name, uniqProcName or run id.`, {
      cause: error,
      hint: "Give the file pipeline.saveConfig(path) wrote, or a run as 'bps report' lists it.",
    });
  }
}

function readRun(submitDir: string): { id: string; name: string; submitDir: string; uniqProcName: string } {
  const db = openRun(submitDir, { readonly: true });
  try {
    return db.runInfo();
  } finally {
    db.close();
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
