/** Finding runs: by submit dir, run id, run name or uniqProcName, through the user-level index of runs. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RunNotFoundError, StateError } from '../errors.js';
import { defaultBpsHome } from '../paths.js';
import { RUN_STATE_FILE, runDirOfPath, RunIndex, type IndexedRun } from './run-index-file.js';

export { RUN_INDEX_FILE, RUN_STATE_FILE, RunIndex, type IndexedRun } from './run-index-file.js';

/** A run found from what the user typed. */
export interface ResolvedRun {
  readonly submitDir: string;
  /** `<submitDir>/bps.sqlite`. */
  readonly statePath: string;
  /** The index entry, when the run was found through the index. */
  readonly indexed: IndexedRun | undefined;
  /** Index entries skipped or pruned on the way, one sentence each, for the user to see. */
  readonly notes: string[];
}

/** Runs for `bps report` without --id, and what was skipped or pruned. */
export interface RunListing {
  readonly runs: IndexedRun[];
  readonly notes: string[];
}

type Availability = 'ok' | 'vanished' | 'unfinished';

function availability(run: IndexedRun): Availability {
  if (!existsSync(run.submitDir)) return 'vanished';
  return existsSync(join(run.submitDir, RUN_STATE_FILE)) ? 'ok' : 'unfinished';
}

/**
 * Keeps the entries whose folder holds a state file. Entries whose folder is gone are removed from the
 * index; those whose folder has no bps.sqlite yet are skipped but kept (a submit registers the run just
 * before it writes the state file). Each skipped entry gets a note.
 */
function usable(index: RunIndex, runs: readonly IndexedRun[], notes: string[]): IndexedRun[] {
  const kept: IndexedRun[] = [];
  for (const run of runs) {
    const status = availability(run);
    if (status === 'ok') kept.push(run);
    else if (status === 'unfinished') notes.push(`Run ${run.name} (${run.runId}): ${run.submitDir} has no ${RUN_STATE_FILE} (its creation did not finish); skipped.`);
    else {
      notes.push(`Run ${run.name} (${run.runId}): ${run.submitDir} is gone; removed from the index of runs.`);
      index.remove(run.runId);
    }
  }
  return kept;
}

/**
 * Finds the run a user means. The query may be a submit dir (absolute or relative to `cwd`; any folder
 * holding bps.sqlite works, indexed or not), a run id, a run name (outputRun) or a uniqProcName.
 * No match, or several, is a StateError that says what to give instead.
 */
export function resolveRun(query: string, options: { cwd: string; bpsHome?: string }): ResolvedRun {
  const dir = runDirOfPath(query, options.cwd);
  if (dir) return { submitDir: dir, statePath: join(dir, RUN_STATE_FILE), indexed: undefined, notes: [] };
  const index = RunIndex.open(options.bpsHome ?? defaultBpsHome());
  try {
    const notes: string[] = [];
    const absolute = resolve(options.cwd, query);
    const matches = usable(index, index.matching(query, absolute), notes);
    if (matches.length === 0 && existsSync(absolute)) notes.push(`${absolute} exists but holds no ${RUN_STATE_FILE}.`);
    const [only] = matches;
    if (only && matches.length === 1) return { submitDir: only.submitDir, statePath: join(only.submitDir, RUN_STATE_FILE), indexed: only, notes };
    if (matches.length === 0) {
      throw new RunNotFoundError([`No run matches '${query}'.`, ...notes].join(' '), {
        hint: 'Give a submit dir, run name, uniqProcName or run id; `bps report` lists runs.',
      });
    }
    const list = matches.map((m) => `  ${m.submitDir}  (run id ${m.runId}, created ${m.createdAt})`).join('\n');
    throw new StateError(`'${query}' matches ${matches.length} runs:\n${list}`, { hint: 'Give the submit dir or the run id instead.' });
  } finally {
    index.close();
  }
}

/** Every indexed run whose folder still holds its state, newest first; vanished folders are pruned. */
export function listRuns(options: { bpsHome?: string } = {}): RunListing {
  const index = RunIndex.open(options.bpsHome ?? defaultBpsHome());
  try {
    const notes: string[] = [];
    return { runs: usable(index, index.entries(), notes), notes };
  } finally {
    index.close();
  }
}

/** Adds a run to the index in `bpsHome`. */
export function registerRun(run: IndexedRun, options: { bpsHome?: string } = {}): void {
  const index = RunIndex.open(options.bpsHome ?? defaultBpsHome());
  try {
    index.register(run);
  } finally {
    index.close();
  }
}
