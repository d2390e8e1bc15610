/** What a failed Slurm client call means: worth retrying (the controller was busy) or not (the request is wrong). */

/** Refusals that say something about the request itself: retrying the same request cannot help. */
const PERMANENT_ERRORS: readonly RegExp[] = [
  /invalid job id specified/i,
  /invalid account/i,
  /invalid qos/i,
  /invalid partition/i,
  /more processors requested than permitted/i,
  /requested node configuration is not available/i,
  /memory specification can not be satisfied/i,
  /access\/permission denied/i,
];

/** The controller or slurmdbd was unreachable, slow or busy (texts captured in test/fixtures/slurm/stderr-*). */
const TRANSIENT_ERRORS: readonly RegExp[] = [
  /socket timed out/i,
  /unable to contact slurm controller/i,
  /slurm temporarily unable to accept job/i,
  /resource temporarily unavailable/i,
  /transport endpoint is not connected/i,
  /zero bytes were transmitted or received/i,
  /communication connection failure/i,
  /connection refused/i,
  /connection reset by peer/i,
  /problem talking to the database/i,
  /database is busy/i,
  /unable to connect to database/i,
  /persistent connection/i,
  /slurmdbd.*(?:not responding|unavailable|connect)/i,
];

/**
 * Whether a failed client call is worth retrying: the controller or slurmdbd could not be reached or was busy.
 * A refusal of the request itself (bad partition, unknown job id, too many CPUs) is never transient, even in a
 * stderr that also mentions a transient condition.
 */
export function isTransientSlurmError(stderr: string): boolean {
  if (PERMANENT_ERRORS.some((re) => re.test(stderr))) return false;
  return TRANSIENT_ERRORS.some((re) => re.test(stderr));
}

/** "Invalid job id specified" from squeue/scontrol for an unknown or purged id (only when it was the sole id). */
export function isInvalidJobIdError(stderr: string): boolean {
  return /invalid job id specified/i.test(stderr);
}
