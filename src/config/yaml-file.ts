import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { ConfigError } from '../errors.js';
import { isMapping, type ConfigNode } from './config-node.js';

/**
 * Reads one YAML config file. A syntax error becomes a one-line ConfigError with `file:line:column` and
 * js-yaml's reason; a top level that is not a mapping is refused. `shown` is how the file is named in
 * messages, `via` its include chain (` (included from main.yaml)`) when it was included.
 */
export function readYamlMapping(path: string, shown: string = path, via = ''): ConfigNode {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`Cannot read config file ${shown}${via}: ${code}`, { hint: 'Check the path and its permissions.', cause: error });
  }
  return parseYamlMapping(text, path, shown, via);
}

/** Parses YAML text that must hold a mapping (see {@link readYamlMapping}). */
export function parseYamlMapping(text: string, path: string, shown: string = path, via = ''): ConfigNode {
  let loaded: unknown;
  try {
    loaded = yaml.load(text, { filename: path });
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    const where = mark ? `${shown}:${mark.line + 1}:${mark.column + 1}` : shown;
    throw new ConfigError(`YAML syntax error in ${where}${via}: ${reason}`, { hint: 'Fix the YAML at that position.', cause: error });
  }
  if (loaded === undefined || loaded === null) return {};
  if (!isMapping(loaded)) {
    const got = Array.isArray(loaded) ? 'a list' : `a ${typeof loaded}`;
    throw new ConfigError(`Config file ${shown}${via} must hold a mapping of keys to values at its top level, not ${got}.`, {
      hint: 'Write it as `key: value` lines.',
    });
  }
  return loaded;
}

/** YAML text of a config tree (for `<uniqProcName>_config.yaml`); keys keep their order. */
export function dumpYaml(node: ConfigNode): string {
  return yaml.dump(node, { lineWidth: 120, noRefs: true, sortKeys: false });
}
