import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { StateError } from '../errors.js';

/**
 * What `pipeline.saveConfig(path)` writes: where the run lives, not the run itself. The state stays in
 * `<submitDir>/bps.sqlite` (gen3_workflow pickled its config and restored the graph from a second
 * pickle; here the run's own database is the restart point, shared with `bps restart`).
 */
export interface SavedPipeline {
  readonly format: typeof FORMAT;
  readonly submitDir: string;
  readonly runId: string;
  readonly runName: string;
  /** The folder the pipeline was started from: `${PWD}` in config values resolves to it again. */
  readonly cwd: string;
  /** ISO 8601. */
  readonly savedAt: string;
}

const FORMAT = 'bps-ts pipeline v1';

/** Writes the file whole or not at all (temp file + rename): a kill mid-save must not leave half of it. */
export function writeSavedPipeline(path: string, saved: Omit<SavedPipeline, 'format'>): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ format: FORMAT, ...saved }, null, 2)}\n`, { mode: 0o644 });
  renameSync(temp, path);
}

/** Reads a file written by {@link writeSavedPipeline} (JSON, hence also YAML). */
export function readSavedPipeline(path: string): SavedPipeline {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new StateError(`Cannot read the saved pipeline ${path}: ${(error as Error).message}`, { cause: error, hint: 'Give a file written by pipeline.saveConfig(path), or the run itself (its submit dir, name or id).' });
  }
  const saved = data as Partial<SavedPipeline> | null;
  if (saved?.format !== FORMAT || typeof saved.submitDir !== 'string' || typeof saved.runId !== 'string') {
    throw new StateError(`${path} is not a pipeline saved by bps-ts (expected "format": "${FORMAT}" with submitDir and runId).`, {
      hint: 'Give a file written by pipeline.saveConfig(path), or the run itself (its submit dir, name or id).',
    });
  }
  return saved as SavedPipeline;
}
