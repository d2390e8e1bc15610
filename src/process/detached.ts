/** Starting a process that outlives this one (a background driver). */
import { openSync, closeSync } from 'node:fs';
import { spawn } from 'node:child_process';

/** A started detached process, with a way to tell whether it already exited. */
export interface DetachedProcess {
  readonly pid: number | undefined;
  /** Its exit code once it ended, else null. */
  exitCode(): number | null;
}

/**
 * Starts `argv` in its own session (setsid: it survives the terminal and the login session), with stdin
 * from /dev/null and stdout and stderr appended to `logPath`.
 */
export function spawnDetached(argv: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; logPath: string }): DetachedProcess {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('spawnDetached: empty argv');
  const out = openSync(options.logPath, 'a');
  try {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', out, out] });
    child.unref();
    child.on('error', () => undefined);
    return { pid: child.pid, exitCode: () => child.exitCode };
  } finally {
    closeSync(out);
  }
}
