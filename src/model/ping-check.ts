/** One check of `bps ping`: a program that must answer, or something a site names that must exist. */
export interface PingCheck {
  /** What was checked: `pipetask`, `sinfo`, `partition`, `constraint`. */
  readonly name: string;
  readonly ok: boolean;
  /** What was found (a path, the partitions, the features) or why the check failed; one line. */
  readonly detail: string;
}
