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

/** The context's environment without unset names, as child processes and `{ENV}` lookups take it. */
export function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
