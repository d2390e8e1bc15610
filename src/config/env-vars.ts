/** Looks an environment variable up; undefined when it is not set. */
export type EnvLookup = (name: string) => string | undefined;

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * `${NAME}` and `$NAME` expansion as Python's `os.path.expandvars`, which ctrl_bps uses: unknown names
 * are left as they are, so a later stage (or the job's own environment) can still supply them and a typo
 * stays visible. `$(` and `${...}` with a non-name inside are never touched.
 */
export function expandEnvVars(text: string, lookup: EnvLookup): string {
  if (!text.includes('$')) return text;
  return text.replace(ENV_REF, (whole, braced: string | undefined, bare: string | undefined) => lookup((braced ?? bare) as string) ?? whole);
}

/** The names of the `${NAME}` / `$NAME` references in a text, in order (for "X is not set" hints). */
export function envVarNames(text: string): string[] {
  return [...text.matchAll(ENV_REF)].map((match) => (match[1] ?? match[2]) as string);
}
