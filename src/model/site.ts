/** A compute site as stored with a run, so a restart needs no config (docs/ARCHITECTURE.md, "Executors"). */
export interface StoredSite {
  /** The site's name (`computeSite`). */
  readonly name: string;
  /** The registered executor that runs its jobs (`local`, `slurm`, …). */
  readonly executor: string;
  /** The executor's own settings, as its settings module parsed them; parsed again when read back. */
  readonly settings: Readonly<Record<string, unknown>>;
}
