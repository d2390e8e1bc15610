/** One check of `bps ping`: a program that must answer, or something a Slurm site names that must exist. */
export interface PingCheck {
  /** What was checked: `pipetask`, `sinfo`, `partition`, `constraint`. */
  readonly name: string;
  readonly ok: boolean;
  /** What was found (a path, the partitions, the features) or why the check failed; one line. */
  readonly detail: string;
}

/** What `bps ping` returns; the text lines and `--json` both render this object. */
export interface PingReport {
  /** The compute site checked (`--compute-site`, else the config's choice, else `local`). */
  readonly site: string;
  readonly executor: 'local' | 'slurm';
  /** The config file read (absolute), or null when only the built-in defaults were used. */
  readonly config: string | null;
  /** True when every check passed. */
  readonly ok: boolean;
  readonly checks: readonly PingCheck[];
}
