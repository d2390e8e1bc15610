/**
 * `${NAME}` and `$NAME` expansion (not `$(`, not `$$`). Unknown names are left as they are, so a later
 * stage (or the job's own environment) can still supply them and a typo stays visible.
 */
export function expandEnvVars(text: string, lookup: (name: string) => string | undefined): string {
  if (!text.includes('$')) return text;
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced: string | undefined, bare: string | undefined) => lookup((braced ?? bare) as string) ?? whole);
}
