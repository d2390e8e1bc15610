import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { deepMerge, isMapping, readYamlMapping, type ConfigNode } from './yaml-file.js';
import { expandEnvVars } from './env-vars.js';

/**
 * Loads a config file with its `includeConfigs` (a string or a list, at any level, `${ENV}` expanded in
 * the names, relative to the including file's folder or else the working directory): includes are
 * merged first, in order, and the including node's own keys win (daf_butler Config semantics).
 */
export function loadWithIncludes(path: string, options: { env: (name: string) => string | undefined; cwd: string }, chain: readonly string[] = []): ConfigNode {
  if (chain.includes(path)) throw new ConfigError(`Include cycle: ${[...chain, path].join(' → ')}`, { hint: 'Remove one of these includeConfigs.' });
  const node = readYamlMapping(path, chain);
  return expandIncludes(node, path, options, [...chain, path]);
}

function expandIncludes(node: ConfigNode, path: string, options: { env: (name: string) => string | undefined; cwd: string }, chain: readonly string[]): ConfigNode {
  let base: ConfigNode = {};
  const own: ConfigNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'includeConfigs') {
      for (const name of includeNames(value, path)) {
        base = deepMerge(base, loadWithIncludes(locate(name, path, options, chain), options, chain));
      }
    } else own[key] = isMapping(value) ? expandIncludes(value, path, options, chain) : value;
  }
  return deepMerge(base, own);
}

function includeNames(value: unknown, path: string): string[] {
  const names = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
    throw new ConfigError(`includeConfigs in ${path} must be a file name or a list of file names.`);
  }
  return names as string[];
}

function locate(name: string, from: string, options: { env: (name: string) => string | undefined; cwd: string }, chain: readonly string[]): string {
  const expanded = expandEnvVars(name, options.env);
  const candidates = isAbsolute(expanded) ? [expanded] : [resolve(dirname(from), expanded), resolve(options.cwd, expanded)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new ConfigError(`${[...chain].join(' → ')}: include '${name}' not found (looked for ${candidates.join(', ')}).`, { hint: 'Check the includeConfigs names.' });
  }
  return found;
}
