import type { Logger } from '../log/logger.js';

/** What every use case gets from its caller (the CLI, the library API, a test). */
export interface AppContext {
  readonly logger: Logger;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Human-facing output on stdout (`Submit dir: …`, tables). */
  readonly out: (line: string) => void;
  /** Progress output (a live table on a TTY, plain lines otherwise) goes here: stderr. */
  readonly progress: NodeJS.WritableStream & { isTTY?: boolean };
  /** `$BPS_HOME`: where the user-level index of runs lives. */
  readonly bpsHome: string;
  readonly now: () => Date;
}
