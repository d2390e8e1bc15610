/**
 * Every exit code bps-ts uses, in one place (docs/ARCHITECTURE.md, "Errors and exit codes").
 * - 0: success (and `bps status --exit-code` of a SUCCEEDED run).
 * - 1: runtime failure: a run that ended with failed jobs, a bad config, a state problem.
 * - 2: usage error (unknown option, missing argument), as click-based ctrl_bps does.
 * - N: a failing `createQuantumGraph` passes its own exit code through (ctrl_bps BpsSubprocessError).
 * - 10–20: `bps status --exit-code` returns the run state's ctrl_bps WmsStates value (RUNNING 15, FAILED 19…),
 *   offset from the codes above so they cannot be confused with them.
 * - 75: a driver handed its allocation back with work left (sysexits' EX_TEMPFAIL): the run goes on in a
 *   new allocation (executor: allocation).
 * - 130: interrupted by Ctrl-C / SIGTERM (128 + SIGINT), as a shell reports it.
 */
export const ExitCode = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  HANDED_BACK: 75,
  INTERRUPTED: 130,
} as const;
