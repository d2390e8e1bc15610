/**
 * Runs a command under a pseudo-terminal with util-linux `script`, so the program sees a TTY on stdout
 * and stderr as in an interactive shell, and returns everything it drew (escape codes included).
 */
import { execa } from 'execa';

export interface PtyResult {
  readonly exitCode: number | undefined;
  /** stdout and stderr as the terminal received them (`\r\n` line ends, escape codes kept). */
  readonly output: string;
}

/** Single-quotes a word for the `sh -c` line `script` runs. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** `script -q -e -c 'argv…' /dev/null`: `-e` passes the command's exit code through; nothing is logged to a file. */
export async function runInPty(argv: readonly string[], options: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<PtyResult> {
  const result = await execa('script', ['-q', '-e', '-c', argv.map(shellQuote).join(' '), '/dev/null'], {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: options.timeoutMs ?? 120_000,
  });
  return { exitCode: result.exitCode, output: String(result.stdout) };
}

/** ESC: every cursor movement and clear sequence starts with it. */
export const ESC = '\x1b';

/** Cursor-up sequences (`ESC [ n A`), the redraw-in-place move. */
export function cursorUps(text: string): string[] {
  return text.match(/\x1b\[\d+A/g) ?? [];
}
