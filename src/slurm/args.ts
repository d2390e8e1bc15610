/**
 * The argv of Slurm's query commands, built once here (pure: nothing here spawns a process). The name
 * column goes last in every format so a '|' in a job name cannot shift the other columns.
 */
/**
 * squeue output format, used with -h. The name goes last so that a '|' in it cannot shift the other
 * columns (the capture has a job named `cap spaced | name`). squeue prints no exit code (docs/SLURM.md).
 */
export const SQUEUE_FORMAT = '%i|%T|%r|%j';

/**
 * sacct fields, JobName last for the same reason as in {@link SQUEUE_FORMAT}: the job's state and what it
 * used (MaxRSS of each step, the job's ElapsedRaw seconds and TotalCPU), docs/SLURM.md "Usage".
 */
export const SACCT_FIELDS: readonly string[] = ['JobIDRaw', 'JobID', 'State', 'ExitCode', 'Reason', 'MaxRSS', 'ElapsedRaw', 'TotalCPU', 'JobName'];

/** The fields of the sacct fixtures captured before usage was read (test/fixtures/slurm/sacct-*.txt): states only. */
export const SACCT_STATE_FIELDS: readonly string[] = ['JobIDRaw', 'JobID', 'State', 'ExitCode', 'Reason', 'JobName'];

function idList(ids: readonly string[], caller: string): string {
  // An empty `-j ''` is an error to squeue, and leaving -j out would list every job on the cluster.
  if (ids.length === 0) throw new Error(`${caller}: no job ids given`);
  return ids.join(',');
}

/**
 * argv after `squeue`. `-t all` keeps finished jobs (until MinJobAge purges them), `-r` prints one line per
 * array task. NB (captured): with a single unknown id squeue fails with "Invalid job id specified", but with
 * several ids it silently leaves the unknown ones out and exits 0 — a missing job is not a finished one.
 */
export function squeueArgs(options: { user?: string; ids?: readonly string[]; activeOnly?: boolean }): string[] {
  // activeOnly: queued and running jobs only. Listing the finished ones MinJobAge retains costs slurmctld
  // and squeue more than everything else a poll does (0.7 s for 1,700 retained jobs on the test machine).
  const args = options.activeOnly ? ['-h', '-r', '-o', SQUEUE_FORMAT] : ['-h', '-t', 'all', '-r', '-o', SQUEUE_FORMAT];
  if (options.user !== undefined) args.push('-u', options.user);
  if (options.ids !== undefined) args.push('-j', idList(options.ids, 'squeueArgs'));
  return args;
}

/**
 * argv after `sacct`: no header (-n), '|'-separated (-P), sizes as recorded (--noconvert: MaxRSS in K). Step
 * rows are kept (no -X): a job's MaxRSS is only on its steps' rows (`<id>.batch`, `<id>.0`). sacct answers an
 * unknown id with nothing (rc 0), and lists jobs that never started only when asked by id (docs/SLURM.md).
 */
export function sacctArgs(ids: readonly string[]): string[] {
  return ['-n', '-P', '--noconvert', '-j', idList(ids, 'sacctArgs'), '-o', SACCT_FIELDS.join(',')];
}
