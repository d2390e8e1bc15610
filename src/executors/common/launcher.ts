import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ExecutorError } from '../../errors.js';
import { spawnPerlHelper } from '../../process/helper-process.js';
import { LAUNCHER_SCRIPT } from './launcher-script.js';

/** A launch request to the Perl launcher. */
export interface LaunchRequest {
  readonly key: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly stdoutPath: string;
  readonly stderrPath: string;
  /** Where the wrapper writes how the command ended (`exit N` / `signal N`). */
  readonly verdictPath: string;
  /** Where the launcher writes the wrapper's `<pid> <startTicks>` as soon as it forked. */
  readonly pidPath: string;
  /** Seconds between SIGTERM and SIGKILL when the job is stopped. */
  readonly graceSec: number;
  /**
   * Kill the job when its processes' resident memory is over this (MiB) at two samples in a row, a second
   * apart (launcher-script.ts); undefined: never.
   */
  readonly memoryLimitMiB?: number;
}

export type LauncherMessage =
  | { readonly type: 'started'; readonly key: string; readonly pid: number; readonly startTicks: number }
  | { readonly type: 'failed'; readonly key: string; readonly error: string }
  | { readonly type: 'ended'; readonly key: string };

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

/** The long-lived launcher process (see launcher-script.ts for why it exists and its protocol). */
export class Launcher {
  private readonly child: ChildProcessWithoutNullStreams;
  private exited = false;

  constructor(onMessage: (message: LauncherMessage) => void, onExit: (reason: string) => void) {
    this.child = spawnPerlHelper(LAUNCHER_SCRIPT);
    this.child.on('error', (error) => onExit(`cannot start perl: ${error.message}`));
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      onExit(`launcher exited (${signal ?? code})`);
    });
    let stderr = '';
    this.child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const [type, key = '', a = '', b = ''] = line.split(' ');
      if (type === 'S') onMessage({ type: 'started', key, pid: Number(a), startTicks: Number(b) });
      else if (type === 'F') onMessage({ type: 'failed', key, error: Buffer.from(a, 'hex').toString('utf8') });
      else if (type === 'E') onMessage({ type: 'ended', key });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  launch(request: LaunchRequest): void {
    if (this.exited) throw new ExecutorError('The job launcher is not running.');
    const env = Object.entries(request.env).flatMap(([k, v]) => [hex(k), hex(v)]);
    const fields = [request.key, hex(request.verdictPath), hex(request.pidPath), hex(request.stdoutPath), hex(request.stderrPath), hex(String(request.graceSec)), hex(String(Math.round((request.memoryLimitMiB ?? 0) * 1024))), hex(String(Object.keys(request.env).length)), ...env, ...request.argv.map(hex)];
    this.child.stdin.write(`L ${fields.join(' ')}\n`);
  }

  /** Closes the launcher's input; it exits and leaves the running wrappers alone. */
  close(): void {
    if (!this.exited) this.child.stdin.end();
  }
}
