import { resolve } from 'node:path';
import type { AppContext } from '../app/context.js';
import { createLogger, type LogLevelName } from '../log/logger.js';
import { defaultBpsHome } from '../paths.js';
import { combineObservers, IdentityLines } from '../report/identity-lines.js';
import { ProgressView } from '../report/progress-view.js';
import type { RunObserver } from '../report/run-observer.js';

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

/** The library's context: the AppContext, and where its messages and progress lines go. */
export interface ApiContext {
  readonly app: AppContext;
  readonly output: NodeJS.WritableStream;
  /** Progress as plain lines (the output is no terminal to redraw, whatever it is). */
  observer(options: { quiet: boolean }): RunObserver;
}

/**
 * The context of the library API. Config lookups, graph generation and jobs all see this process's
 * environment (as with the CLI: the local executor's jobs inherit it), so there is no `env` option.
 */
export function apiContext(options: PipelineOptions = {}): ApiContext {
  const output = options.output ?? process.stderr;
  const env = process.env;
  const app: AppContext = {
    logger: createLogger({ level: options.logLevel ?? 'INFO', terminal: output }),
    cwd: resolve(options.cwd ?? process.cwd()),
    env,
    bpsHome: defaultBpsHome(env),
    now: () => new Date(),
  };
  // Given without isTTY, whatever `output` is: the view writes plain lines and never redraws in place.
  const plain = { write: (chunk: string) => output.write(chunk) } as unknown as NodeJS.WritableStream;
  return {
    app,
    output,
    observer: ({ quiet }) => combineObservers(new IdentityLines((text) => void output.write(`${text}\n`)), new ProgressView(plain, { quiet })),
  };
}
