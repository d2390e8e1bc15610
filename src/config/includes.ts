import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { deepMerge, hasKey, isMapping, keyPath, type ConfigNode } from './config-node.js';
import { envVarNames, expandEnvVars, type EnvLookup } from './env-vars.js';
import type { Origins } from './origins.js';
import { readYamlMapping } from './yaml-file.js';

/** What loading a file with its includes needs. */
export interface IncludeContext {
  readonly env: EnvLookup;
  readonly cwd: string;
  /** Receives where every leaf value came from. */
  readonly origins: Origins;
}

/**
 * Loads a config file with its `includeConfigs`, daf_butler `Config` style: the key may appear at any
 * level and holds a file name or a list of them (`${ENV}` expanded, relative names looked up next to the
 * including file, then in the working directory). Included files are merged first, in list order (a
 * later one wins), then the including node's own keys win over them. `chain` is the files that led here.
 */
export function loadConfigFile(path: string, ctx: IncludeContext, chain: readonly string[] = [], prefix: readonly string[] = []): ConfigNode {
  const real = realPath(path);
  if (chain.some((file) => realPath(file) === real)) {
    throw new ConfigError(`Include cycle: ${[...chain, path].map((file) => ctx.origins.show(file)).join(' → ')}`, {
      hint: 'Remove one of these includeConfigs.',
    });
  }
  const files = [...chain, path];
  const node = readYamlMapping(path, ctx.origins.show(path), ctx.origins.includedFrom(files));
  return expandNode(node, files, prefix, ctx);
}

function expandNode(node: ConfigNode, files: readonly string[], prefix: readonly string[], ctx: IncludeContext): ConfigNode {
  let included: ConfigNode = {};
  if (hasKey(node, 'includeConfigs')) {
    for (const name of includeNames(node['includeConfigs'], files, prefix, ctx)) {
      included = deepMerge(included, loadConfigFile(locate(name, files, ctx), ctx, files, prefix));
    }
  }
  const own: ConfigNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'includeConfigs') continue;
    const path = [...prefix, key];
    if (isMapping(value)) own[key] = expandNode(value, files, path, ctx);
    else {
      own[key] = ownFolder(value, files[files.length - 1] as string);
      ctx.origins.record(path, { files });
    }
  }
  return deepMerge(included, own);
}

/**
 * `{configDir}` in an included file is that file's own folder (as a relative include name is), so an
 * example keeps pointing at its own neighbours when another folder's config includes it.
 */
function ownFolder(value: unknown, file: string): unknown {
  if (typeof value === 'string') return value.includes('{configDir}') ? value.replaceAll('{configDir}', dirname(resolve(file))) : value;
  if (Array.isArray(value)) return value.map((item) => ownFolder(item, file));
  return value;
}

function includeNames(value: unknown, files: readonly string[], prefix: readonly string[], ctx: IncludeContext): string[] {
  const names = typeof value === 'string' ? [value] : value === null ? [] : value;
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string' || name === '')) {
    const at = prefix.length > 0 ? ` (under ${keyPath(prefix)})` : '';
    throw new ConfigError(`includeConfigs in ${ctx.origins.describeFiles(files)}${at} must be a file name or a list of file names, not ${JSON.stringify(value)}.`, {
      hint: 'Write includeConfigs: other.yaml or includeConfigs: [a.yaml, b.yaml].',
    });
  }
  return names as string[];
}

/** The including file's folder first, then the working directory (both as daf_butler looks). */
function locate(name: string, files: readonly string[], ctx: IncludeContext): string {
  const expanded = expandEnvVars(name, ctx.env);
  const from = files[files.length - 1] as string;
  const candidates = isAbsolute(expanded) ? [expanded] : [resolve(dirname(from), expanded), resolve(ctx.cwd, expanded)];
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  if (found) return found;
  const unset = envVarNames(expanded).map((v) => `$${v} is not set`);
  const looked = [...new Set(candidates)].join(', ');
  throw new ConfigError(`${files.map((file) => ctx.origins.show(file)).join(' → ')}: include '${name}' not found (looked for ${looked}${unset.length > 0 ? `; ${unset.join(', ')}` : ''}).`, {
    hint: 'Fix the name in includeConfigs; relative names are looked up next to the including file, then in the working directory.',
  });
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
