import { Writable } from 'node:stream';
import pino from 'pino';

/** The levels a user can pick with `--log-level` (ctrl_bps names; VERBOSE maps to debug). */
export const LOG_LEVELS = ['CRITICAL', 'ERROR', 'WARNING', 'INFO', 'VERBOSE', 'DEBUG', 'TRACE'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

const PINO_LEVEL: Record<LogLevelName, pino.Level> = {
  CRITICAL: 'fatal',
  ERROR: 'error',
  WARNING: 'warn',
  INFO: 'info',
  VERBOSE: 'debug',
  DEBUG: 'debug',
  TRACE: 'trace',
};

const LEVEL_LABEL: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARNING', 50: 'ERROR', 60: 'CRITICAL' };

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** Threshold for the terminal. @default 'INFO' */
  readonly level?: LogLevelName;
  /** Where terminal lines go. @default process.stderr */
  readonly terminal?: NodeJS.WritableStream;
  /** `--long-log`: ISO time and logger name on every terminal line, as daf_butler's long format. */
  readonly longLog?: boolean;
}

/**
 * The bps-ts logger: human lines on stderr (`bps INFO: message`, the daf_butler default format), and,
 * once a run folder exists, JSON records in `<submit>/driver.log` (see {@link attachRunLog}), which keeps
 * everything at debug level so a failed run can be diagnosed after the fact.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const terminal = options.terminal ?? process.stderr;
  const streams: pino.StreamEntry[] = [
    { level: PINO_LEVEL[options.level ?? 'INFO'], stream: terminalStream(terminal, options.longLog ?? false) },
  ];
  const multi = pino.multistream(streams, { dedupe: false });
  const logger = pino({ level: 'trace', base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, multi);
  (logger as unknown as { [MULTI]: pino.MultiStreamRes })[MULTI] = multi;
  return logger;
}

const MULTI = Symbol('bps.multistream');

/** Adds the run's `driver.log` (JSON lines, everything from debug up) to a logger made by {@link createLogger}. */
export function attachRunLog(logger: Logger, path: string): void {
  const multi = (logger as unknown as { [MULTI]?: pino.MultiStreamRes })[MULTI];
  if (!multi) return;
  multi.add({ level: 'debug', stream: pino.destination({ dest: path, append: true, sync: true, mkdir: false }) });
}

function terminalStream(out: NodeJS.WritableStream, longLog: boolean): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        const record = JSON.parse(chunk.toString('utf8')) as { level: number; msg?: string; time?: string; name?: string };
        const label = LEVEL_LABEL[record.level] ?? 'INFO';
        const name = record.name ?? 'bps';
        out.write(longLog ? `${label} ${record.time ?? ''} ${name} - ${record.msg ?? ''}\n` : `${name} ${label}: ${record.msg ?? ''}\n`);
      } catch {
        out.write(chunk);
      }
      done();
    },
  });
}

/** A logger that discards everything (library use and tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
