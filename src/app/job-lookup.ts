/**
 * Finding one job from what a user types (`bps logs RUN JOB`). Job names carry a quantum's UUID, which
 * nobody types, so a job may be named by:
 * - its full name;
 * - a label: that label's first failed job, else its first job;
 * - the end of its name: `isr_94`, `calibrate_159471_94` (any suffix that only one job has);
 * - its label and data ID: `calibrate detector=94`, `calibrate visit=159471 detector=94` (one argument
 *   or several; values are compared as `getJobs` queries compare them).
 * No match, or several, is a UsageError that names close matches or the candidates.
 */
import { UsageError } from '../errors.js';
import type { DataId } from '../model/data-id.js';
import { closeMatches, editDistance, orList } from '../model/close-match.js';
import { shortName } from '../model/job-name.js';
import type { JobDetails, RunDatabase } from '../state/index.js';
import { filterJobs, labelPicker } from './job-selection.js';

export { shortName } from '../model/job-name.js';

/** How many candidates an ambiguity error lists. */
const SHOWN = 5;
/** Up to how many job names a typo is compared with (about a second's work). */
const MAX_COMPARED = 100_000;

/** The job `words` name in the run of `db`. */
export function findJob(db: RunDatabase, words: readonly string[]): JobDetails {
  const tokens = words.flatMap((w) => w.split(/[\s,]+/)).filter((t) => t !== '');
  const [only] = tokens;
  if (only === undefined) throw new UsageError('No job given.', { hint: `Give a job name, its end (isr_94), a label, or a label and data ID ('calibrate detector=94').` });
  if (tokens.length === 1 && !only.includes('=')) return byName(db, only);
  return byDataId(db, tokens);
}

/** A full name, a label, or the end of one job's name. */
function byName(db: RunDatabase, text: string): JobDetails {
  const direct = db.findJobs(text)[0];
  if (direct) return direct;
  if (db.tasks().includes(text)) return firstFailedElseFirst(db, text);
  const matches = db.jobsBySuffix(text, SHOWN + 1);
  const [first] = matches;
  if (first && matches.length === 1) return first;
  const run = db.runInfo().name;
  if (first) {
    throw new UsageError(`'${text}' ends the names of ${matches.length > SHOWN ? `more than ${SHOWN}` : matches.length} jobs of run '${run}': ${matches.slice(0, SHOWN).map((j) => shortName(j.name)).join(', ')}.`, {
      hint: `Give more of the name, or the label and data ID ('${first.label}${dataIdWords(first.dataId)}').`,
    });
  }
  // Job names are compared only in runs small enough for it to be quick: this is an error path.
  const names = db.labels().reduce((n, l) => n + l.expected, 0) <= MAX_COMPARED ? db.jobNames().map((j) => shortName(j.name)) : [];
  const close = closeMatches(text, [...db.labels().map((l) => l.label), ...db.tasks(), ...names], { distance: tailDistance });
  throw new UsageError(`Run '${run}' has no job, label or job name ending in '${text}'.`, {
    hint: close.length > 0 ? `Did you mean ${orList(close)}?` : `List its jobs with 'bps jobs ${run}', or name one by label and data ID ('calibrate detector=94').`,
  });
}

/** `LABEL key=value…`: the one job of that label with that data ID. */
function byDataId(db: RunDatabase, tokens: readonly string[]): JobDetails {
  const labels = tokens.filter((t) => !t.includes('='));
  const pairs = tokens.filter((t) => t.includes('='));
  const [label] = labels;
  if (label === undefined || labels.length > 1 || pairs.length === 0) {
    throw new UsageError(`Cannot read the job '${tokens.join(' ')}'.`, { hint: "Name it by one label and its data ID, such as 'calibrate detector=94' or 'calibrate visit=159471 detector=94'." });
  }
  const jobs = filterJobs(db, label, { query: pairs.map(clause).join(' and ') });
  const [first] = jobs;
  if (first && jobs.length === 1) return first;
  const what = `${label} ${pairs.join(' ')}`;
  const run = db.runInfo().name;
  if (first) {
    throw new UsageError(`'${what}' matches ${jobs.length} jobs of run '${run}': ${jobs.slice(0, SHOWN).map((j) => shortName(j.name)).join(', ')}${jobs.length > SHOWN ? ', …' : ''}.`, {
      hint: `Add a dimension, as in '${label}${dataIdWords(first.dataId)}'.`,
    });
  }
  const dimension = (pairs[0] ?? '').split('=')[0] ?? '';
  const values = [...new Set(labelPicker(db, label)({}).map((j) => j.dataId?.[dimension]).filter((v) => v !== undefined))];
  throw new UsageError(`No ${label} job of run '${run}' has ${pairs.join(' ')}.`, {
    hint: values.length > 0 && values.length <= 20 ? `Its ${dimension} values: ${values.join(', ')}.` : `List them with 'bps jobs ${run} ${label}'.`,
  });
}

function firstFailedElseFirst(db: RunDatabase, label: string): JobDetails {
  const pick = labelPicker(db, label);
  const job = pick({ states: ['FAILED'], limit: 1 })[0] ?? pick({ limit: 1 })[0];
  if (!job) throw new UsageError(`Label '${label}' of run '${db.runInfo().name}' has no jobs.`);
  return job;
}

/** `key=value` as a `getJobs` query clause: numbers bare, text quoted. */
function clause(pair: string): string {
  const [key = '', ...rest] = pair.split('=');
  const value = rest.join('=');
  if (key === '' || value === '') throw new UsageError(`Cannot read '${pair}' as a data-ID value.`, { hint: "Write it as dimension=value, such as 'detector=94' or 'band=i'." });
  return /^-?\d+(\.\d+)?$/.test(value) ? `${key} == ${value}` : `${key} == ${value.includes("'") ? `"${value}"` : `'${value}'`}`;
}

/** ` visit=159471 detector=94`: a data ID as `bps logs` takes it. */
function dataIdWords(dataId: DataId | null): string {
  return Object.entries(dataId ?? {}).filter(([key]) => key !== 'instrument' && key !== 'skymap').map(([key, value]) => ` ${key}=${value}`).join('');
}


/** How far `text` is from the end of `candidate`: the least edit distance to any `_`-separated tail. */
function tailDistance(text: string, candidate: string): number {
  let best = editDistance(text, candidate);
  for (let at = candidate.indexOf('_'); at >= 0; at = candidate.indexOf('_', at + 1)) best = Math.min(best, editDistance(text, candidate.slice(at + 1)));
  return best;
}
