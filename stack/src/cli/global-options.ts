import { UsageError } from '../errors.js';
import { parseLogLevel } from '../log/levels.js';
import { DEFAULT_LOG_CONFIG, type LogConfig } from '../log/logging.js';
import type { OptionSpec, ParsedArgs } from './parse-args.js';

/** daf_butler's logging options, shared by the `pipetask` and `butler` groups (before the subcommand). */
export const LOG_OPTIONS: readonly OptionSpec[] = [
  { names: ['--log-level'], key: 'logLevel', kind: 'multiple', metavar: 'LEVEL|COMPONENT=LEVEL',
    help: 'The logging level. Without an explicit logger name, applies to the lsst loggers; ".=LEVEL" sets the root.' },
  { names: ['--long-log'], key: 'longLog', kind: 'flag', help: 'Make log messages appear in long format.' },
  { names: ['--log-file'], key: 'logFile', kind: 'multiple', metavar: 'FILE',
    help: 'File(s) to write log messages. A .json file gets JSON records, one per line.' },
  { names: ['--log-tty'], negations: ['--no-log-tty'], key: 'logTty', kind: 'flag',
    help: 'Log to terminal (default). --no-log-tty disables it, e.g. when --log-file is used.' },
  { names: ['--log-label'], key: 'logLabel', kind: 'csv', metavar: 'TEXT',
    help: 'Keyword=value pairs to add to MDC of log records.' },
];

/** Builds the logging configuration from the parsed group options; bad values are click usage errors. */
export function logConfigFrom(parsed: ParsedArgs): LogConfig {
  const levels = new Map(DEFAULT_LOG_CONFIG.levels);
  for (const text of (parsed.options['logLevel'] as string[] | undefined) ?? []) {
    const level = parseLogLevel(text);
    if (level === undefined) {
      throw new UsageError(`Invalid value for '--log-level': '${text}' is not a valid log level `
        + '(CRITICAL, ERROR, WARNING, INFO, VERBOSE, DEBUG, TRACE).');
    }
    levels.set(level.logger, level.level);
  }
  const labels: Record<string, string> = {};
  for (const pair of (parsed.options['logLabel'] as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`Invalid value for '--log-label': '${pair}' is not KEY=VALUE.`);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return {
    longLog: parsed.options['longLog'] === true,
    levels,
    tty: parsed.options['logTty'] !== false,
    files: (parsed.options['logFile'] as string[] | undefined) ?? [],
    labels,
  };
}
