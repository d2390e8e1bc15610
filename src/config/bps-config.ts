import { ConfigError } from '../errors.js';
import { expandEnvVars } from './env-vars.js';
import { formatWithSpec } from './format-spec.js';
import { isMapping, type ConfigNode } from './yaml-file.js';

/** ctrl_bps's BPS_SEARCH_ORDER: sections searched before the root, most specific first. */
export const SEARCH_ORDER = ['bps_cmdline', 'payload', 'cluster', 'pipetask', 'site', 'cloud', 'bps_defined'] as const;

export interface SearchOptions {
  /** Current values: `curr_pipetask`, `curr_site`, `curr_cluster` select subsections; other keys are direct hits. */
  readonly curvals?: Readonly<Record<string, unknown>>;
  /** A sub-mapping searched before the sections (e.g. the `finalJob` section). */
  readonly searchobj?: ConfigNode;
  readonly required?: boolean;
  readonly default?: unknown;
  /** Expand `${ENV}` now (submit side), or keep it for the execute side (job commands). @default true */
  readonly expandEnv?: boolean;
  /** Replace `{var}`. @default true */
  readonly replaceVars?: boolean;
  /** Names left as `{name}` for a later stage (per-job values). */
  readonly skipNames?: readonly string[];
}

const VAR = /(\$?)\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^{}]*))?\}/g;

/**
 * A resolved bps config with ctrl_bps's lookup rules (reference/ctrl_bps.md §2): `search(key)` walks
 * command line > payload > cluster.<l> > pipetask.<l> > site.<s> > cloud > bps-generated > root, then
 * expands `${ENV}` and replaces `{var}` recursively with the same search. An undefined `{var}` becomes ""
 * as in ctrl_bps, but is reported through `warn` (ctrl_bps is silent: a common trap).
 */
export class BpsConfig {
  private readonly warned = new Set<string>();

  constructor(
    readonly data: ConfigNode,
    private readonly env: (name: string) => string | undefined,
    private readonly warn: (message: string) => void,
  ) {}

  /** The raw value of a key under the search order, without any expansion; undefined if absent. */
  raw(key: string, options: SearchOptions = {}): unknown {
    const curvals = options.curvals ?? {};
    if (key in curvals && !key.startsWith('curr_')) return curvals[key];
    if (options.searchobj && key in options.searchobj) return options.searchobj[key];
    for (const section of SEARCH_ORDER) {
      const node = this.data[section];
      if (!isMapping(node)) continue;
      const current = curvals[`curr_${section}`] ?? (section === 'site' ? this.data['computeSite'] : undefined);
      const scope = typeof current === 'string' && isMapping(node[current]) ? (node[current] as ConfigNode) : ['bps_cmdline', 'payload', 'bps_defined'].includes(section) ? node : undefined;
      if (scope && key in scope && !isMapping(scope[key])) return scope[key];
    }
    return this.data[key];
  }

  /** Looks a key up and resolves it (ctrl_bps `search`). */
  search(key: string, options: SearchOptions = {}): unknown {
    const value = this.raw(key, options);
    if (value === undefined || value === null) {
      if (options.default !== undefined) return options.default;
      if (options.required) throw new ConfigError(`Missing required config key '${key}'.`, { hint: `Set ${key} in your bps config.` });
      return value ?? undefined;
    }
    return typeof value === 'string' ? this.resolve(value, key, options, [key]) : value;
  }

  /** A string value (`""` when absent). */
  text(key: string, options: SearchOptions = {}): string {
    const value = this.search(key, options);
    return value === undefined || value === null ? '' : String(value);
  }

  /** Expands `${ENV}` (or keeps it) and replaces `{var}` recursively; a cycle is an error. */
  resolve(text: string, key: string, options: SearchOptions, stack: readonly string[]): string {
    let result = options.expandEnv === false ? this.expandPwdOnly(text) : expandEnvVars(text, this.env);
    if (options.replaceVars === false || !result.includes('{')) return result;
    result = result.replace(/\{\{/g, '\u0000').replace(/\}\}/g, '\u0001');
    result = result.replace(VAR, (whole, dollar: string, name: string, spec: string | undefined) => {
      if (dollar) return whole; // ${ENV} kept for the execute side
      if (options.skipNames?.includes(name)) return whole;
      if (stack.includes(name)) throw new ConfigError(`Variable cycle in the config: ${[...stack, name].join(' → ')}`, { hint: 'One of these keys must not refer back to the others.' });
      const raw = this.raw(name, options);
      if (raw === undefined || raw === null) {
        this.warnOnce(`Config key '${key}' refers to {${name}}, which is not defined: it becomes ''.`);
        return '';
      }
      const value = typeof raw === 'string' ? this.resolve(raw, name, options, [...stack, name]) : raw;
      return spec === undefined ? stringify(value) : formatWithSpec(value, spec, name);
    });
    return result.replace(/\u0000/g, '{').replace(/\u0001/g, '}');
  }

  /** `${PWD}` is the submit-time folder even on the execute side: a restart from elsewhere must not move the run. */
  private expandPwdOnly(text: string): string {
    return text.replace(/\$\{PWD\}|\$PWD\b/g, () => this.env('PWD') ?? '$PWD');
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warn(message);
  }
}

function stringify(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}
