import { resolve } from 'node:path';
import type { AppContext } from '../app/context.js';
import { createLogger, LOG_LEVELS, type LogLevelName } from '../log/logger.js';
import { defaultBpsHome } from '../paths.js';
import { RateTracker, type CompletionRate } from '../report/eta.js';
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
   * Where log lines, `Submit dir:`-style messages, progress lines (`run({progress: true})`) and the live
   * view of `watch()` go. @default process.stderr
   */
  readonly output?: NodeJS.WritableStream;
}

/** The library's context: the AppContext, and where its messages and progress lines go. */
export interface ApiContext {
  readonly app: AppContext;
  readonly output: NodeJS.WritableStream;
  /** What startPipeline shows: `Submit dir:`-style lines and graph generation's output. */
  observer(): RunObserver;
  /**
   * What a `run()` shows: plain progress lines and failures when asked, else nothing; either way its
   * jobs' run times go to `rate`, for a `watch()` of the same run.
   */
  runObserver(options: { progress: boolean; rate: CompletionRate }): RunObserver;
  /** The AppContext of a `run()`: unless progress was asked, its logger shows warnings and errors only. */
  runApp(options: { progress: boolean }): AppContext;
}

/**
 * The context of the library API. Config lookups, graph generation and jobs all see this process's
 * environment (as with the CLI: the local executor's jobs inherit it), so there is no `env` option.
 */
export function apiContext(options: PipelineOptions = {}): ApiContext {
  const output = options.output ?? process.stderr;
  const env = process.env;
  const level = options.logLevel ?? 'INFO';
  const app: AppContext = {
    logger: createLogger({ level, terminal: output }),
    cwd: resolve(options.cwd ?? process.cwd()),
    env,
    bpsHome: defaultBpsHome(env),
    now: () => new Date(),
  };
  // `const done = p.run()` gives the REPL prompt back at once: a line written while the run goes would
  // land on the prompt and what the user types. So a run is quiet unless asked, and `watch()` is the live
  // view; warnings still show.
  const quietLevel = LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf('WARNING') ? level : 'WARNING';
  let quietApp: AppContext | undefined;
  // Given without isTTY, whatever `output` is: progress lines are plain and never redrawn in place.
  const plain = { write: (chunk: string) => output.write(chunk) } as unknown as NodeJS.WritableStream;
  return {
    app,
    output,
    observer: () => combineObservers(new IdentityLines((text) => void output.write(`${text}\n`)), new ProgressView(plain)),
    runObserver: ({ progress, rate }) => (progress ? new ProgressView(plain, {}, rate) : new RateTracker(rate)),
    runApp: ({ progress }) => (progress ? app : (quietApp ??= { ...app, logger: createLogger({ level: quietLevel, terminal: output }) })),
  };
}
