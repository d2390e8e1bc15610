import { ConfigError } from '../errors.js';

/** Names a value in messages: the key, the label it was read for, and where it was set. */
export interface ValueContext {
  readonly key: string;
  /** The job label (task label, `pipetaskInit`, `finalJob`); undefined for run-wide values. */
  readonly label?: string;
  /** Key path and file the value came from (`pipetask.isr.requestMemory in main.yaml`). */
  readonly where: string;
  /** One sentence on what the value means, for the hint (units...). */
  readonly help?: string;
}

/** A number from YAML or from text (command-line values and quoted YAML numbers are strings). */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Absent (undefined, null or "") → undefined; else a number > 0. */
export function optionalPositive(value: unknown, ctx: ValueContext, integer = false): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = toNumber(value);
  if (n === undefined || n <= 0 || (integer && !Number.isInteger(n))) throw invalid(ctx, integer ? 'a positive whole number' : 'a positive number', value);
  return n;
}

/** A whole number ≥ 0 (absent → `fallback`). */
export function nonNegativeInteger(value: unknown, ctx: ValueContext, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = toNumber(value);
  if (n === undefined || n < 0 || !Number.isInteger(n)) throw invalid(ctx, 'a whole number ≥ 0', value);
  return n;
}

/** A number ≥ `min` (absent → `fallback`). */
export function numberAtLeast(value: unknown, min: number, ctx: ValueContext, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = toNumber(value);
  if (n === undefined || n < min) throw invalid(ctx, `a number ≥ ${min}`, value);
  return n;
}

/** An exit code, a list of them, or null (= none); as ctrl_bps's retryUnlessExit. */
export function exitCodes(value: unknown, ctx: ValueContext, fallback: readonly number[]): number[] {
  if (value === undefined) return [...fallback];
  if (value === null || value === '') return [];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
  const codes = list.map((item) => (typeof item === 'string' && item.trim() !== '' ? Number(item) : item));
  if (codes.some((code) => typeof code !== 'number' || !Number.isInteger(code) || code < 0 || code > 255)) {
    throw invalid(ctx, 'an exit code or a list of exit codes (whole numbers 0-255)', value);
  }
  return codes as number[];
}

/** true/false, also as text (`True` from a ctrl_bps habit, or a command-line string). */
export function booleanValue(value: unknown, ctx: ValueContext, fallback: boolean): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalid(ctx, 'true or false', value);
}

/** The ConfigError for a value of the wrong type or range. */
export function invalid(ctx: ValueContext, expected: string, got: unknown): ConfigError {
  const forLabel = ctx.label === undefined ? '' : ` for label '${ctx.label}'`;
  return new ConfigError(`${ctx.key}${forLabel} must be ${expected}, not ${JSON.stringify(got)} (${ctx.where}).`, {
    hint: ctx.help ?? `Fix ${ctx.key} there.`,
  });
}
