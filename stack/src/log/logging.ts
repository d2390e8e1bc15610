import { appendFileSync, writeSync } from 'node:fs';
import { levelName } from './levels.js';
import { isoLocalTime } from './time.js';

/** The logging setup the global options (`--long-log`, `--log-level`, `--log-file`, …) ask for. */
export interface LogConfig {
  /** `--long-log`: `{levelname} {asctime} {name} ({MDC[LABEL]})({filename}:{lineno}) - {message}`. */
  readonly longLog: boolean;
  /** Logger-name prefix → level ('' = root). Defaults: root WARNING, `lsst` INFO, as daf_butler's CLI. */
  readonly levels: ReadonlyMap<string, number>;
  /** `--log-tty/--no-log-tty`: whether records go to stderr. */
  readonly tty: boolean;
  /** `--log-file` paths; a `.json` path gets one JSON record per line. */
  readonly files: readonly string[];
  /** `--log-label KEY=VALUE` pairs, added to every record's MDC. */
  readonly labels: Readonly<Record<string, string>>;
}

export const DEFAULT_LOG_CONFIG: LogConfig = {
  longLog: false,
  levels: new Map([['', 30], ['lsst', 20]]),
  tty: true,
  files: [],
  labels: {},
};

/** One formatted record, also kept for a quantum's `<label>_log` dataset. */
export interface LogRecord {
  readonly name: string;
  readonly levelno: number;
  readonly levelname: string;
  readonly asctime: string;
  readonly message: string;
  readonly filename: string;
  readonly lineno: number;
  readonly MDC: Readonly<Record<string, string>>;
}

let config: LogConfig = DEFAULT_LOG_CONFIG;
/** The MDC `LABEL`, `<label>:<dataId>` while a quantum executes (pipe_base log_capture), else ''. */
let mdcLabel = '';
let capture: LogRecord[] | undefined;

export function configureLogging(next: LogConfig): void {
  config = next;
}

export function setMdcLabel(label: string): void {
  mdcLabel = label;
}

/** Starts collecting records (for a quantum's `_log` output); returns a function that stops and returns them. */
export function startCapture(): () => LogRecord[] {
  const records: LogRecord[] = [];
  capture = records;
  return () => {
    capture = undefined;
    return records;
  };
}

function effectiveLevel(name: string): number {
  let best = -1;
  let level = 30;
  for (const [prefix, value] of config.levels) {
    const matches = prefix === '' || name === prefix || name.startsWith(`${prefix}.`);
    if (matches && prefix.length > best) {
      best = prefix.length;
      level = value;
    }
  }
  return level;
}

function format(record: LogRecord): string {
  if (!config.longLog) return `${record.name} ${record.levelname}: ${record.message}`;
  const where = `(${record.MDC['LABEL'] ?? ''})(${record.filename}:${record.lineno})`;
  return `${record.levelname} ${record.asctime} ${record.name} ${where} - ${record.message}`;
}

function toJson(record: LogRecord): string {
  return JSON.stringify({
    name: record.name, asctime: record.asctime, message: record.message, levelno: record.levelno,
    levelname: record.levelname, filename: record.filename, pathname: record.filename, lineno: record.lineno,
    funcName: '', process: process.pid, processName: 'MainProcess', exc_info: null, MDC: record.MDC,
  });
}

/**
 * A named logger, as Python's `logging.getLogger(name)`, bound to the source file the real stack logs
 * from so `--long-log` lines show a familiar `(file.py:line)`. Writes are synchronous so that no line is
 * lost when a quantum exits or is killed right after logging.
 */
export class Logger {
  constructor(readonly name: string, readonly filename: string) {}

  log(level: number, message: string, lineno = 0): void {
    if (level < effectiveLevel(this.name)) return;
    const mdc = mdcLabel === '' ? { ...config.labels } : { ...config.labels, LABEL: mdcLabel };
    const record: LogRecord = {
      name: this.name, levelno: level, levelname: levelName(level), asctime: isoLocalTime(),
      message, filename: this.filename, lineno, MDC: mdc,
    };
    capture?.push(record);
    if (config.tty) writeSync(2, `${format(record)}\n`);
    for (const file of config.files) {
      appendFileSync(file, `${file.endsWith('.json') ? toJson(record) : format(record)}\n`);
    }
  }

  error(message: string, lineno = 0): void { this.log(40, message, lineno); }
  warning(message: string, lineno = 0): void { this.log(30, message, lineno); }
  info(message: string, lineno = 0): void { this.log(20, message, lineno); }
  verbose(message: string, lineno = 0): void { this.log(15, message, lineno); }
  debug(message: string, lineno = 0): void { this.log(10, message, lineno); }
}

/** A logger by name and the real source file it stands for. */
export function getLogger(name: string, filename: string): Logger {
  return new Logger(name, filename);
}
