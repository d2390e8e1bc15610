/**
 * Typed setting fields for the settings modules of executors (`executors/<name>/settings.ts`): each field
 * parses one value of a `site.<name>` block (already `{var}`/`${ENV}`-resolved by the config layer) and
 * names the key and where it was set when the value is wrong. Parsing is idempotent, so the settings
 * stored with a run are parsed again, by the same fields, when a driver reads them back.
 */
import { invalid, optionalPositive, type ValueContext } from './value-checks.js';

/** One setting: what it means and defaults to (for docs/REFERENCE.md), and how its value is read. */
export interface SettingField<T> {
  readonly meaning: string;
  /** The documented default; undefined when unset means "not used". */
  readonly default?: string | number;
  /** The parsed value; undefined when the value is absent (undefined, null or ""). */
  parse(value: unknown, ctx: ValueContext): T | undefined;
}

const absent = (value: unknown) => value === undefined || value === null || value === '';

/** One line of text (numbers taken as text): a line break could write its own line into a batch script. */
export function text(meaning: string): SettingField<string> {
  return {
    meaning,
    parse(value, ctx) {
      if (absent(value)) return undefined;
      if ((typeof value === 'string' && !/[\r\n]/.test(value)) || typeof value === 'number') return String(value);
      throw invalid(ctx, 'a single value on one line', value);
    },
  };
}

/** A whole number > 0 (also given as text). */
export function count(meaning: string, defaultValue?: string | number): SettingField<number> {
  return {
    meaning,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    parse(value, ctx) {
      if (absent(value)) return undefined;
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) throw invalid(ctx, 'a positive integer', value);
      return n;
    },
  };
}

/** A number > 0 (also given as text). */
export function positive(meaning: string, defaultValue?: string | number): SettingField<number> {
  return { meaning, ...(defaultValue === undefined ? {} : { default: defaultValue }), parse: (value, ctx) => optionalPositive(value, ctx) };
}

/** Slurm's `--time` formats: minutes, M:S, H:M:S, D-H, D-H:M, D-H:M:S. */
const SLURM_TIME = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+(:\d{1,2}){0,2})$/;

/** A time in Slurm's `--time` format. */
export function slurmTime(meaning: string): SettingField<string> {
  const line = text(meaning);
  return {
    meaning,
    parse(value, ctx) {
      const parsed = line.parse(value, ctx);
      if (parsed === undefined || SLURM_TIME.test(parsed)) return parsed;
      throw invalid({ ...ctx, help: "Write it as Slurm does: '00:30:00', '1-00:00:00' or minutes; quote it in YAML." }, 'a Slurm time', value);
    },
  };
}

/** A list of words, or one text split at whitespace; `expected` names them in errors. */
export function words(meaning: string, expected = 'a list of words'): SettingField<readonly string[]> {
  return {
    meaning,
    parse(value, ctx) {
      if (absent(value)) return undefined;
      if (typeof value === 'string') return value.trim().split(/\s+/);
      if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.map(String);
      throw invalid(ctx, expected, value);
    },
  };
}

/** ctrl_bps_parsl's scheduler_options: a text of lines or a list; a line without `#` gets `#SBATCH `. */
export function sbatchLines(meaning: string): SettingField<readonly string[]> {
  return {
    meaning,
    parse(value, ctx) {
      if (absent(value)) return undefined;
      const texts = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
      if (!texts) throw invalid(ctx, 'a text of #SBATCH lines or a list of them', value);
      // A list item holding several lines is several lines, each made an #SBATCH line or a comment.
      const lines = texts.flatMap((t) => t.split(/\r?\n/)).map((l) => l.trim()).filter((l) => l !== '');
      return lines.map((l) => (l.startsWith('#') ? l : `#SBATCH ${l}`));
    },
  };
}

/** true/false, also as text. */
export function flag(meaning: string, defaultValue: boolean): SettingField<boolean> {
  return {
    meaning,
    default: String(defaultValue),
    parse(value, ctx) {
      if (absent(value)) return undefined;
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      throw invalid(ctx, 'true or false', value);
    },
  };
}
