import type { Logger } from '../log/logger.js';

/** What every use case gets from its caller (the CLI, the library API, a test). */
export interface AppContext {
  readonly logger: Logger;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Where the user-level index of runs lives (paths.ts defaultBpsHome). */
  readonly bpsHome: string;
  readonly now: () => Date;
}
