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

/** An interactive program under a pseudo-terminal: type into it and wait for what it draws. */
export interface PtySession {
  /** Everything drawn so far (escape codes kept). */
  output(): string;
  /** Sends keys, as typed (`\r` is Enter, `\x03` is Ctrl-C). */
  type(keys: string): void;
  /** Resolves with the plain text (see {@link plainText}) drawn after `from` (an output length) once `pattern` matches it. */
  waitFor(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<string>;
  /** Ends the session (SIGKILL if it does not end by itself within a second of its input closing). */
  close(): Promise<void>;
}

/** Starts `argv` under `script`, its stdin kept open for {@link PtySession.type}. */
export function startPty(argv: readonly string[], options: { cwd: string; env: Record<string, string> }): PtySession {
  const child = execa('script', ['-q', '-e', '-c', argv.map(shellQuote).join(' '), '/dev/null'], {
    cwd: options.cwd, env: options.env, extendEnv: false, reject: false, stdin: 'pipe', buffer: false,
  });
  let drawn = '';
  child.stdout?.on('data', (chunk: Buffer) => void (drawn += chunk.toString()));
  return {
    output: () => drawn,
    type: (keys) => void child.stdin?.write(keys),
    waitFor: async (pattern, { from = 0, timeoutMs = 60_000 } = {}) => {
      const end = Date.now() + timeoutMs;
      while (!pattern.test(plainText(drawn.slice(from)))) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`no ${String(pattern)} in what the terminal drew:\n${JSON.stringify(drawn.slice(from))}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return plainText(drawn.slice(from));
    },
    close: async () => {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
      await child;
      clearTimeout(timer);
    },
  };
}

/** What a terminal keeps of `text`: escape sequences removed, `\r\n` as `\n`. */
export function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r+\n/g, '\n').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}
