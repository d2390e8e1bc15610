import type { PingCheck } from '../model/ping-check.js';

export type { PingCheck } from '../model/ping-check.js';

/** What `bps ping` returns; the text lines and `--json` both render this object. */
export interface PingReport {
  /** The compute site checked (`--compute-site`, else the config's choice, else `local`). */
  readonly site: string;
  /** The site's executor (`local`, `slurm`, …). */
  readonly executor: string;
  /** The config file read (absolute), or null when only the built-in defaults were used. */
  readonly config: string | null;
  /** True when every check passed. */
  readonly ok: boolean;
  readonly checks: readonly PingCheck[];
}
