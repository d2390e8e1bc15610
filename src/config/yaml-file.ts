import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { ConfigError } from '../errors.js';

/** A YAML mapping as loaded. */
export type ConfigNode = { [key: string]: unknown };

export function isMapping(value: unknown): value is ConfigNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a YAML config file; syntax errors become one-line ConfigErrors with file:line:column. */
export function readYamlMapping(path: string, chain: readonly string[] = []): ConfigNode {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const via = chain.length > 0 ? ` (included from ${chain.join(' → ')})` : '';
    throw new ConfigError(`Cannot read config file '${path}'${via}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  let loaded: unknown;
  try {
    loaded = yaml.load(text, { filename: path });
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    const where = mark ? `${path}:${mark.line + 1}:${mark.column + 1}` : path;
    throw new ConfigError(`YAML syntax error in ${where}: ${reason}`, { hint: 'Fix the YAML at that position.', cause: error });
  }
  if (loaded === undefined || loaded === null) return {};
  if (!isMapping(loaded)) throw new ConfigError(`Config file '${path}' must hold a mapping of keys to values at its top level, not ${Array.isArray(loaded) ? 'a list' : typeof loaded}.`);
  return loaded;
}

/** Deep merge of mappings: `over` wins; lists and scalars replace. Inputs are not modified. */
export function deepMerge(base: ConfigNode, over: ConfigNode): ConfigNode {
  const result: ConfigNode = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = result[key];
    result[key] = isMapping(current) && isMapping(value) ? deepMerge(current, value) : value;
  }
  return result;
}

/** YAML text of a config (for `<uniqProcName>_config.yaml`). */
export function dumpYaml(node: ConfigNode): string {
  return yaml.dump(node, { lineWidth: 120, noRefs: true, sortKeys: false });
}
