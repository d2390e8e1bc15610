import { ConfigError } from '../errors.js';
import { hasKey, isMapping, type ConfigNode } from './config-node.js';
import { expandEnvVars, type EnvLookup } from './env-vars.js';
import type { Origins } from './origins.js';
import { findInConfig, type Hit, type Scope } from './search-order.js';
import { hasFields, replaceFields, stringifyValue } from './template.js';

/** Options of {@link ConfigResolver.search}, as ctrl_bps's `search(key, opt)`. */
/** A `{name}` that a strict search ({@link SearchOptions.undefinedVars} 'error') could not resolve. */
export class UndefinedVariableError extends ConfigError {
  constructor(
    readonly variable: string,
    message: string,
    options: { hint?: string },
  ) {
    super(message, options);
  }
}

export interface SearchOptions {
  /** Current values: `curr_pipetask`, `curr_cluster`, `curr_site`, `curr_cloud` pick subsections; any other key is a value that wins over the config (e.g. `jobName`). */
  readonly curvals?: Readonly<Record<string, unknown>>;
  /** A section searched before the search order (e.g. the `finalJob` section). */
  readonly searchobj?: ConfigNode;
  /** Throw a ConfigError when the key is not found. @default false */
  readonly required?: boolean;
  /** Returned when the key is not found (or is null). Applies to the searched key only, not to `{var}`s inside it. */
  readonly default?: unknown;
  /** Expand `${ENV}` / `$ENV` now (submit side); false keeps them for the execute side (only `${PWD}` is expanded). @default true */
  readonly expandEnv?: boolean;
  /** Replace `{var}` fields. @default true */
  readonly replaceVars?: boolean;
  /** Field names kept as `{name}` for a later stage (per-job values such as `qgraphNodeId`). */
  readonly skipNames?: readonly string[];
  /** What an undefined `{var}` does: become "" with a warning (ctrl_bps), or throw. @default 'warn' */
  readonly undefinedVars?: 'warn' | 'error';
}

/** What a resolver is built from (see load.ts). */
export interface ResolverState {
  /** The merged config tree, with `bps_cmdline` and `bps_defined`; frozen. */
  readonly data: ConfigNode;
  readonly origins: Origins;
  /** `${ENV}` lookups on the submit side: the config's `environment` map, then the process environment. */
  readonly env: EnvLookup;
  /** The process environment alone (for the values of the `environment` map itself). */
  readonly processEnv: EnvLookup;
  /** The value `${PWD}` always takes, on both sides: a run must not move when restarted elsewhere. */
  readonly pwd: string;
  /** The default `curr_site`: the effective compute site. */
  readonly siteName: string | undefined;
  /** Values fixed at load that beat the search order (submitPath, qgraphFile...); already final. */
  readonly pinned: ReadonlyMap<string, unknown>;
  /** Receives each distinct warning once. */
  readonly warn: (message: string) => void;
}

interface Lookup {
  readonly scope: Scope;
  readonly expandEnv: boolean;
  readonly replaceVars: boolean;
  readonly skip: ReadonlySet<string>;
  readonly strict: boolean;
  /** Cache key of everything but the searched key; undefined when the lookup is per job (not cached). */
  readonly signature: string | undefined;
}

const NOT_FOUND = Symbol('not found');
// Current values that only select per-label settings: lookups using nothing else are cached per label.
const PER_LABEL_CURVALS = new Set(['curr_pipetask', 'curr_cluster', 'curr_site', 'curr_cloud', 'jobLabel']);

/**
 * ctrl_bps's BpsConfig lookup over a merged config tree: `search(key)` walks the search order
 * (search-order.ts), expands `${ENV}` and replaces `{var}` recursively with the same search. An undefined
 * `{var}` becomes "" as in ctrl_bps but is reported through `warn` (ctrl_bps is silent: a common trap).
 * Resolved values are cached per key and label, so transform pays once per label, not once per job.
 */
export class ConfigResolver {
  /** The merged config tree (frozen): shipped defaults ← user file ← `bps_cmdline` / `bps_defined`. */
  readonly data: ConfigNode;
  /** The process environment the config was loaded with (without its `environment` map). */
  readonly processEnv: EnvLookup;
  protected readonly state: ResolverState;
  private readonly cache = new Map<string, unknown>();
  private readonly nodePaths = new WeakMap<object, readonly string[]>();
  private readonly nodeIds = new WeakMap<object, number>();
  private nextNodeId = 1;

  constructor(state: ResolverState) {
    this.state = state;
    this.data = state.data;
    this.processEnv = state.processEnv;
    this.indexNodes(state.data, []);
  }

  /** Looks a key up and resolves it (ctrl_bps `search`); undefined when not found and no default. */
  search(key: string, options: SearchOptions = {}): unknown {
    const value = this.resolveTop(key, options);
    if (value !== NOT_FOUND && value !== null) return value;
    if (options.default !== undefined) return options.default;
    if (options.required) {
      throw new ConfigError(`Missing required config key '${key}' (searched the command line, payload, cluster, pipetask, site and generated values, then the root).`, {
        hint: `Set ${key} in your bps config.`,
      });
    }
    return value === null ? null : undefined;
  }

  /** {@link search} as text: "" when absent, lists comma-joined. */
  text(key: string, options: SearchOptions = {}): string {
    return stringifyValue(this.search(key, options));
  }

  /** True when the key is found with a value other than null. */
  has(key: string, options: SearchOptions = {}): boolean {
    const hit = this.find(key, this.lookup(options).scope);
    return hit !== undefined && hit.value !== null;
  }

  /** The raw value and its key path under the search order, without any expansion. */
  locate(key: string, options: SearchOptions = {}): Hit | undefined {
    return this.find(key, this.lookup(options).scope);
  }

  /** Resolves a text that is not itself a config value (e.g. an `environment` entry) as if found at `key`. */
  expand(text: string, key: string, options: SearchOptions = {}): unknown {
    return this.resolveValue(text, key, [key], this.lookup(options), [key]);
  }

  /** `pipetask.isr.requestMemory in sub/a.yaml (included from main.yaml)`, for messages. */
  describe(path: readonly string[]): string {
    return this.state.origins.describe(path);
  }

  /** The key path of a section of {@link data} (e.g. `['finalJob']`), for messages. */
  pathOf(node: ConfigNode): readonly string[] {
    return this.nodePaths.get(node) ?? [];
  }

  /** Reports a warning (each distinct message once). */
  warn(message: string): void {
    this.state.warn(message);
  }

  /** A search's resolved value; per-label lookups are answered from the cache before anything is built. */
  private resolveTop(key: string, options: SearchOptions): unknown {
    const signature = this.signature(options);
    if (signature !== undefined) {
      const cached = this.cache.get(`${key}\u0002${signature}`);
      if (cached !== undefined || this.cache.has(`${key}\u0002${signature}`)) return cached;
    }
    return this.resolveKey(key, this.lookup(options, signature), [key]);
  }

  private lookup(options: SearchOptions, signature = this.signature(options)): Lookup {
    const curvals = { ...options.curvals };
    if (curvals['curr_site'] === undefined && this.state.siteName !== undefined) curvals['curr_site'] = this.state.siteName;
    const scope: Scope = { curvals, searchobj: options.searchobj, searchobjPath: options.searchobj ? this.pathOf(options.searchobj) : [] };
    const skip = new Set(options.skipNames ?? []);
    return { scope, expandEnv: options.expandEnv ?? true, replaceVars: options.replaceVars ?? true, skip, strict: options.undefinedVars === 'error', signature };
  }

  /** The cache key of a search's options (all but the key); undefined when the search is per job. */
  private signature(options: SearchOptions): string | undefined {
    const c = options.curvals ?? {};
    for (const name in c) if (!PER_LABEL_CURVALS.has(name)) return undefined;
    const searchobjId = options.searchobj ? this.nodeIds.get(options.searchobj) : 0;
    if (searchobjId === undefined) return undefined;
    const site = c['curr_site'] ?? this.state.siteName ?? '';
    const flags = `${options.expandEnv ?? true}|${options.replaceVars ?? true}|${options.skipNames?.join(',') ?? ''}|${options.undefinedVars ?? 'warn'}`;
    return `${String(c['curr_pipetask'] ?? '')}\u0001${String(c['curr_cluster'] ?? '')}\u0001${String(site)}\u0001${String(c['curr_cloud'] ?? '')}\u0001${String(c['jobLabel'] ?? '')}\u0001${searchobjId}\u0001${flags}`;
  }

  private find(key: string, scope: Scope): (Hit & { readonly final?: boolean }) | undefined {
    // gen3_workflow's outCollection is ctrl_bps's outputRun: load renamed the keys, this follows references.
    const name = key === 'outCollection' ? 'outputRun' : key;
    if (this.state.pinned.has(name) && !hasKey(scope.curvals, name)) return { value: this.state.pinned.get(name), path: ['bps_defined', name], final: true };
    return findInConfig(this.data, name, scope);
  }

  private resolveKey(key: string, lookup: Lookup, stack: readonly string[]): unknown {
    const cacheKey = lookup.signature === undefined ? undefined : `${key}\u0002${lookup.signature}`;
    if (cacheKey !== undefined && this.cache.has(cacheKey)) return this.cache.get(cacheKey);
    const hit = this.find(key, lookup.scope);
    let value: unknown = NOT_FOUND;
    if (hit) value = hit.final ? hit.value : this.resolveValue(hit.value, key, hit.path, lookup, stack);
    if (cacheKey !== undefined) this.cache.set(cacheKey, value);
    return value;
  }

  private resolveValue(value: unknown, key: string, path: readonly string[], lookup: Lookup, stack: readonly string[]): unknown {
    if (typeof value !== 'string') return value;
    const text = lookup.expandEnv ? expandEnvVars(value, this.state.env) : expandEnvVars(value, (name) => (name === 'PWD' ? this.state.pwd : undefined));
    if (!lookup.replaceVars || !hasFields(text)) return text;
    return replaceFields(text, (name) => this.fieldValue(name, key, path, lookup, stack), lookup.skip);
  }

  private fieldValue(name: string, key: string, path: readonly string[], lookup: Lookup, stack: readonly string[]): unknown {
    if (stack.includes(name)) {
      throw new ConfigError(`Variable cycle in the config: ${[...stack, name].join(' → ')}`, {
        hint: `One of these keys must not refer back to the others (${key} is at ${this.describe(path)}).`,
      });
    }
    const value = this.resolveKey(name, lookup, [...stack, name]);
    if (value !== NOT_FOUND && value !== null) return value;
    if (lookup.strict) {
      const via = stack.length > 1 ? ` (through ${stack.slice(1).join(' → ')})` : '';
      throw new UndefinedVariableError(name, `${stack[0]} needs {${name}}${via}, which is not set.`, { hint: `Set ${name} in the config, or set ${stack[0]} directly.` });
    }
    this.warn(`Config key '${key}' refers to {${name}}, which is not defined: it becomes ''. (${this.describe(path)})`);
    return '';
  }

  private indexNodes(node: ConfigNode, path: readonly string[]): void {
    this.nodePaths.set(node, path);
    this.nodeIds.set(node, this.nextNodeId++);
    for (const [key, value] of Object.entries(node)) if (isMapping(value)) this.indexNodes(value, [...path, key]);
  }
}
