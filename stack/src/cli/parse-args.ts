import { UsageError } from '../errors.js';

/**
 * How an option consumes the command line, following click:
 * - `flag`: no value; `negations` spell the off switch (`--log-tty/--no-log-tty`);
 * - `value`: one value, the last occurrence wins;
 * - `multiple`: repeatable, values collected in order;
 * - `csv`: repeatable and each value split on commas (daf_butler's `split_commas` callback).
 */
export type OptionKind = 'flag' | 'value' | 'multiple' | 'csv';

/** One option of a command, declared the way click declares it. */
export interface OptionSpec {
  /** Every spelling, short first: `['-b', '--butler-config']`. */
  readonly names: readonly string[];
  /** Key of the parsed value in {@link ParsedArgs.options}. */
  readonly key: string;
  readonly kind: OptionKind;
  /** Off switches of a `flag`, e.g. `['--no-log-tty']`. */
  readonly negations?: readonly string[];
  /** Values are checked as integers (click `type=int`). */
  readonly integer?: boolean;
  readonly metavar?: string;
  /** Fails with click's "Missing option" when absent. */
  readonly required?: boolean;
  readonly help: string;
}

/** A positional argument (click `@click.argument`), all required. */
export interface ArgumentSpec {
  readonly name: string;
}

/** A (sub)command's declared interface. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  readonly arguments: readonly ArgumentSpec[];
}

export type OptionValue = string | number | boolean | string[];

export interface ParsedArgs {
  readonly options: Readonly<Record<string, OptionValue | undefined>>;
  readonly args: readonly string[];
  /** With `stopAtPositional`: everything from the first positional on (a group's subcommand and its args). */
  readonly rest: readonly string[];
  readonly helpRequested: boolean;
}

const HELP_NAMES = new Set(['-h', '--help']);

/** click's `'-b' / '--butler-config'` naming of an option in messages. */
export function optionDisplayName(spec: OptionSpec): string {
  return spec.names.map((n) => `'${n}'`).join(' / ');
}

function findSpec(specs: readonly OptionSpec[], name: string): { spec: OptionSpec; on: boolean } | undefined {
  for (const spec of specs) {
    if (spec.names.includes(name)) return { spec, on: true };
    if (spec.negations?.includes(name)) return { spec, on: false };
  }
  return undefined;
}

function convert(spec: OptionSpec, raw: string): string | number {
  if (!spec.integer) return raw;
  if (!/^[+-]?\d+$/.test(raw.trim())) {
    throw new UsageError(`Invalid value for ${optionDisplayName(spec)}: '${raw}' is not a valid integer.`);
  }
  return Number.parseInt(raw, 10);
}

function store(values: Record<string, OptionValue | undefined>, spec: OptionSpec, raw: string): void {
  const value = convert(spec, raw);
  if (spec.kind === 'value') {
    values[spec.key] = value;
    return;
  }
  const list = (values[spec.key] as string[] | undefined) ?? [];
  const parts = spec.kind === 'csv' ? String(value).split(',').map((p) => p.trim()).filter((p) => p !== '') : [String(value)];
  values[spec.key] = [...list, ...parts];
}

/** State of one left-to-right scan of argv. */
interface Scan {
  readonly argv: readonly string[];
  index: number;
  readonly values: Record<string, OptionValue | undefined>;
}

/** Takes the value of a value-taking option: inline (`--x=v`, `-jN`) or the next word. */
function takeValue(scan: Scan, name: string, inline: string | undefined): string {
  if (inline !== undefined) return inline;
  const next = scan.argv[scan.index + 1];
  if (next === undefined) throw new UsageError(`Option '${name}' requires an argument.`);
  scan.index += 1;
  return next;
}

function parseLong(scan: Scan, specs: readonly OptionSpec[], word: string): void {
  const eq = word.indexOf('=');
  const name = eq === -1 ? word : word.slice(0, eq);
  const inline = eq === -1 ? undefined : word.slice(eq + 1);
  const found = findSpec(specs, name);
  if (found === undefined) throw new UsageError(`No such option: ${name}`);
  if (found.spec.kind === 'flag') {
    if (inline !== undefined) throw new UsageError(`Option '${name}' does not take a value.`);
    scan.values[found.spec.key] = found.on;
    return;
  }
  store(scan.values, found.spec, takeValue(scan, name, inline));
}

/** `-j4`, `-b REPO`, and clusters of short flags such as `-vq`. */
function parseShort(scan: Scan, specs: readonly OptionSpec[], word: string): void {
  for (let i = 1; i < word.length; i += 1) {
    const name = `-${word[i]}`;
    const found = findSpec(specs, name);
    if (found === undefined) throw new UsageError(`No such option: ${name}`);
    if (found.spec.kind === 'flag') {
      scan.values[found.spec.key] = found.on;
      continue;
    }
    const rest = word.slice(i + 1);
    store(scan.values, found.spec, takeValue(scan, name, rest === '' ? undefined : rest));
    return;
  }
}

/**
 * Parses argv against a command's options like click: options and positionals may interleave (unless
 * `stopAtPositional`, used for a group's own options), `--` ends the options, `-h/--help` is always known.
 * Throws {@link UsageError} with click's wording.
 */
export function parseArgs(spec: CommandSpec, argv: readonly string[], opts: { stopAtPositional?: boolean } = {}): ParsedArgs {
  const scan: Scan = { argv, index: 0, values: {} };
  const positionals: string[] = [];
  let helpRequested = false;
  let rest: string[] = [];
  for (; scan.index < argv.length; scan.index += 1) {
    const word = argv[scan.index] ?? '';
    if (word === '--') {
      positionals.push(...argv.slice(scan.index + 1));
      break;
    }
    if (HELP_NAMES.has(word)) helpRequested = true;
    else if (word.startsWith('--')) parseLong(scan, spec.options, word);
    else if (word.startsWith('-') && word.length > 1) parseShort(scan, spec.options, word);
    else if (opts.stopAtPositional) {
      rest = argv.slice(scan.index);
      break;
    } else positionals.push(word);
  }
  if (!helpRequested && !opts.stopAtPositional) checkComplete(spec, scan.values, positionals);
  return { options: scan.values, args: positionals, rest, helpRequested };
}

function checkComplete(spec: CommandSpec, values: Record<string, OptionValue | undefined>, positionals: string[]): void {
  const missing = spec.arguments[positionals.length];
  if (missing !== undefined) throw new UsageError(`Missing argument '${missing.name}'.`);
  const extra = positionals.slice(spec.arguments.length);
  if (extra.length === 1) throw new UsageError(`Got unexpected extra argument (${extra[0]})`);
  if (extra.length > 1) throw new UsageError(`Got unexpected extra arguments (${extra.join(' ')})`);
  for (const option of spec.options) {
    if (option.required && values[option.key] === undefined) {
      throw new UsageError(`Missing option ${optionDisplayName(option)}.`);
    }
  }
}

/** The text after the command path on click's usage line: `[OPTIONS] REPO QGRAPH`. */
export function usageArgs(spec: CommandSpec): string {
  return ['[OPTIONS]', ...spec.arguments.map((a) => a.name)].join(' ');
}

/** click-style help for `-h/--help`. */
export function formatHelp(commandPath: string, spec: CommandSpec, extra = ''): string {
  const lines = [`Usage: ${commandPath} ${usageArgs(spec)}${extra}`, '', `  ${spec.summary}`, '', 'Options:'];
  const rows = spec.options.map((o) => {
    const names = [...o.names, ...(o.negations ?? [])].join(', ');
    return [o.kind === 'flag' ? names : `${names} ${o.metavar ?? 'TEXT'}`, o.help] as const;
  });
  rows.push(['-h, --help', 'Show this message and exit.']);
  const width = Math.min(34, Math.max(...rows.map(([n]) => n.length)) + 2);
  for (const [names, help] of rows) lines.push(`  ${names.padEnd(width)}${help}`);
  return `${lines.join('\n')}\n`;
}
