import type { ResourceUsage } from '../model/outcome.js';
import { SACCT_FIELDS } from './args.js';
import { makeRecord, splitRows, type SlurmJobRecord } from './record.js';

/** A job's record from sacct, with what accounting says it used once it has ended. */
export interface SacctRecord extends SlurmJobRecord {
  readonly usage?: ResourceUsage;
}

/**
 * Parses `sacct` output printed with {@link sacctArgs} (or with `fields`, named as in `-o`; JobName last).
 * One record per job, from its own row; step rows (`123.batch`, `123.extern`, `123.0`) only add their MaxRSS
 * to the job's usage. With `-D` a requeued job has one row per attempt, oldest first: the last one wins
 * (captured: NODE_FAIL, then `CANCELLED by 0` for the requeued attempt).
 */
export function parseSacct(stdout: string, fields: readonly string[] = SACCT_FIELDS): SacctRecord[] {
  const at = (name: string) => fields.indexOf(name);
  const [idAt, jobIdAt, stateAt, exitAt, reasonAt, rssAt, elapsedAt, cpuAt] = ['JobIDRaw', 'JobID', 'State', 'ExitCode', 'Reason', 'MaxRSS', 'ElapsedRaw', 'TotalCPU'].map(at) as number[];
  const rows = splitRows(stdout, fields.length, 'sacct output');
  const cell = (row: readonly string[], index: number | undefined) => (index === undefined || index < 0 ? '' : (row[index] ?? '').trim());
  const stepPeak = new Map<string, number>();
  for (const row of rows) {
    const [job, step] = cell(row, idAt).split('.');
    const kib = parseSlurmSize(cell(row, rssAt));
    if (step !== undefined && job !== undefined && kib !== undefined) stepPeak.set(job, Math.max(stepPeak.get(job) ?? 0, kib));
  }
  const byId = new Map<string, SacctRecord>();
  for (const row of rows) {
    const id = cell(row, idAt);
    if (id.includes('.')) continue;
    const jobId = cell(row, jobIdAt);
    const record = makeRecord({ id, arrayId: jobId.includes('_') ? jobId : undefined, name: row[fields.length - 1] ?? '', state: cell(row, stateAt), reason: cell(row, reasonAt), exitCode: cell(row, exitAt) });
    const usage = usageOf(stepPeak.get(id), cell(row, elapsedAt), cell(row, cpuAt));
    byId.delete(id); // keep the order of the rows that win
    byId.set(id, usage ? { ...record, usage } : record);
  }
  return [...byId.values()];
}

/** One step of an allocation as sacct lists it (`<job>.<n>`), with what it used once it ended. */
export interface SacctStep {
  readonly id: string;
  /** The step's name: `srun --job-name`. */
  readonly name: string;
  /** The base state word, as {@link SlurmJobRecord.state}. */
  readonly state: string;
  readonly usage?: ResourceUsage;
}

/** The numbered steps in `sacct -j <allocation>` output printed with {@link sacctArgs} (not `.batch`, `.extern`). */
export function parseSacctSteps(stdout: string, fields: readonly string[] = SACCT_FIELDS): SacctStep[] {
  const at = (name: string) => fields.indexOf(name);
  const steps: SacctStep[] = [];
  for (const row of splitRows(stdout, fields.length, 'sacct output')) {
    const cell = (name: string) => (at(name) < 0 ? '' : (row[at(name)] ?? '').trim());
    const id = cell('JobIDRaw');
    if (!/^\d+\.\d+$/.test(id)) continue;
    const { state } = makeRecord({ id, name: '', state: cell('State') });
    const usage = usageOf(parseSlurmSize(cell('MaxRSS')), cell('ElapsedRaw'), cell('TotalCPU'));
    steps.push({ id, name: row[fields.length - 1] ?? '', state, ...(usage ? { usage } : {}) });
  }
  return steps;
}

/**
 * What accounting recorded. Without jobacct_gather (the test cluster's jobacct_gather/none) MaxRSS is empty
 * and TotalCPU a flat 00:00:00 however busy the job was (captured: sacct-usage.txt): both are unknown then,
 * and only ElapsedRaw is a measure.
 */
function usageOf(peakKiB: number | undefined, elapsed: string, totalCpu: string): ResourceUsage | undefined {
  const usage: { maxRssMiB?: number; wallSec?: number; cpuSec?: number } = {};
  if (peakKiB !== undefined) usage.maxRssMiB = peakKiB / 1024;
  if (/^\d+$/.test(elapsed)) usage.wallSec = Number(elapsed);
  const cpu = parseSacctTime(totalCpu);
  if (cpu !== undefined && (cpu > 0 || peakKiB !== undefined)) usage.cpuSec = cpu;
  return Object.keys(usage).length > 0 ? usage : undefined;
}

const UNITS: Readonly<Record<string, number>> = { '': 1 / 1024, K: 1, M: 1024, G: 1024 ** 2, T: 1024 ** 3, P: 1024 ** 4 };

/** KiB of a sacct size (`123456K`, `1.50G`, `0`; no suffix: bytes); undefined for an empty cell. */
export function parseSlurmSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([KMGTP]?)$/i.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * (UNITS[(match[2] ?? '').toUpperCase()] ?? 1);
}

/** Seconds of sacct's CPU times: `[D-][HH:]MM:SS[.mmm]` (`00:01.234`, `01:02:03`, `1-02:03:04`). */
export function parseSacctTime(text: string): number | undefined {
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86_400 + Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
}
