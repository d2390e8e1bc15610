/** Python logging levels plus LSST's VERBOSE (15) and TRACE (5), as `--log-level` accepts them. */
export const LEVELS: Readonly<Record<string, number>> = {
  CRITICAL: 50,
  ERROR: 40,
  WARNING: 30,
  INFO: 20,
  VERBOSE: 15,
  DEBUG: 10,
  TRACE: 5,
};

/** The level name Python prints for a level number. */
export function levelName(level: number): string {
  for (const [name, value] of Object.entries(LEVELS)) if (value === level) return name;
  return `Level ${level}`;
}

/**
 * Parses one `--log-level` value, `[LOGGER=]LEVEL` (case-insensitive level). A bare level applies to the
 * `lsst` loggers, `.=LEVEL` to the root logger, as daf_butler's CliLog does. Returns undefined if invalid.
 */
export function parseLogLevel(text: string): { logger: string; level: number } | undefined {
  const eq = text.lastIndexOf('=');
  const logger = eq === -1 ? 'lsst' : text.slice(0, eq);
  const level = LEVELS[(eq === -1 ? text : text.slice(eq + 1)).toUpperCase()];
  if (level === undefined) return undefined;
  return { logger: logger === '.' ? '' : logger, level };
}
