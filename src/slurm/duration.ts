/**
 * Slurm's durations, in seconds. One grammar serves `--time` values and what `squeue %L`/`%l` and
 * `scontrol` print: `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S` (so `2:00` is two minutes, `10` ten
 * minutes), and `UNLIMITED`/`INFINITE` for no limit.
 */

/** Seconds, `Infinity` for no limit, or undefined for text that is not a Slurm duration (`NOT_SET`, `N/A`). */
export function parseSlurmDuration(text: string): number | undefined {
  const value = text.trim();
  if (/^(UNLIMITED|INFINITE)$/i.test(value)) return Number.POSITIVE_INFINITY;
  const match = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(value);
  if (!match) return undefined;
  const [, days, a, b, c] = match;
  const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
  if (days !== undefined) {
    // D-H, D-H:M, D-H:M:S
    return n(days) * 86_400 + n(a) * 3600 + n(b) * 60 + n(c);
  }
  if (c !== undefined) return n(a) * 3600 + n(b) * 60 + n(c); // H:M:S
  if (b !== undefined) return n(a) * 60 + n(b); // M:S
  return n(a) * 60; // M
}

/** Seconds as a `--time` value Slurm reads the same way: `D-HH:MM:SS`, whole seconds rounded up. */
export function formatSlurmDuration(seconds: number): string {
  const total = Math.max(0, Math.ceil(seconds));
  const days = Math.floor(total / 86_400);
  const rest = total % 86_400;
  const hms = [Math.floor(rest / 3600), Math.floor((rest % 3600) / 60), rest % 60].map((v) => String(v).padStart(2, '0')).join(':');
  return days > 0 ? `${days}-${hms}` : hms;
}
