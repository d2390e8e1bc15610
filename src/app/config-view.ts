/** A read-only view of a run's resolved config, for the library API (`pipeline.config`). */
import type { BpsConfig, SearchOptions } from '../config/index.js';

export type { SearchOptions } from '../config/index.js';

/** A run's resolved config, read-only (ctrl_bps's search order; `{var}` and `${ENV}` expanded). */
export interface ConfigView {
  /** The value of `key` (e.g. `'dataQuery'`), or undefined when the config has none. */
  get(key: string, options?: SearchOptions): unknown;
  /** {@link ConfigView.get} as text: "" when absent. */
  text(key: string, options?: SearchOptions): string;
  has(key: string, options?: SearchOptions): boolean;
  /** The whole merged config as YAML, as written to `<submitDir>/<uniqProcName>_config.yaml`. */
  toYaml(): string;
}

export function configView(bps: BpsConfig): ConfigView {
  return Object.freeze({
    get: (key: string, options?: SearchOptions) => bps.search(key, options),
    text: (key: string, options?: SearchOptions) => bps.text(key, options),
    has: (key: string, options?: SearchOptions) => bps.has(key, options),
    toYaml: () => bps.toYaml(),
  });
}
