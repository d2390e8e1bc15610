import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { AppContext } from '../app/context.js';
import { createLogger, type LogLevelName } from '../log/logger.js';
import { defaultBpsHome } from '../state/index.js';

/** Options of `startPipeline` and `restorePipeline`. */
export interface PipelineOptions {
  /** The folder relative paths and `${PWD}` are taken from. @default process.cwd() */
  readonly cwd?: string;
  /** Threshold of the log lines (`bps INFO: QuantumGraph contains …`). @default 'INFO' */
  readonly logLevel?: LogLevelName;
  /**
   * Where log lines, `Submit dir:`-style messages and run progress go. Progress is plain periodic lines,
   * never a table redrawn in place, which would scribble over the REPL prompt. @default process.stderr
   */
  readonly output?: NodeJS.WritableStream;
}

/**
 * The AppContext of the library API. Config lookups, graph generation and jobs all see this process's
 * environment (as with the CLI: the local executor's jobs inherit it), so there is no `env` option.
 */
export function apiContext(options: PipelineOptions = {}): AppContext {
  const output = options.output ?? process.stderr;
  const env = process.env;
  return {
    logger: createLogger({ level: options.logLevel ?? 'INFO', terminal: output }),
    cwd: resolve(options.cwd ?? process.cwd()),
    env,
    out: (line) => void output.write(`${line}\n`),
    // Without isTTY the progress reporter writes plain lines instead of redrawing a table.
    progress: new Writable({
      write(chunk: Buffer, _encoding, done) {
        output.write(chunk);
        done();
      },
    }),
    bpsHome: defaultBpsHome(env),
    now: () => new Date(),
  };
}
