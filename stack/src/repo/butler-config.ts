import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StandinError } from '../errors.js';
import { loadYaml } from '../util/yaml.js';
import { workingRoot } from './working-copy.js';

/** What the stand-in reads from a repo's `butler.yaml`. */
export interface ButlerConfig {
  /** The folder holding butler.yaml (`<butlerRoot>`). */
  readonly root: string;
  /** Absolute datastore root (`datastore.root`). */
  readonly datastoreRoot: string;
  /** `datastore.templates.default`, the file template of every dataset. */
  readonly template: string;
  /** Absolute path of the registry file (`registry.db`). */
  readonly registryPath: string;
  /** Absolute path of the mutable registry overlay, `runs.json` beside the registry. */
  readonly runsPath: string;
  /** The shipped toy repo this is the working copy of (repo/working-copy.ts); undefined for any other repo. */
  readonly shipped: string | undefined;
}

interface RawConfig {
  datastore?: { root?: string; templates?: { default?: string } };
  registry?: { db?: string };
}

function substituteRoot(value: string, root: string): string {
  return resolve(root, value.replace(/<butlerRoot>/g, root).replace(/^file:\/\//, ''));
}

/**
 * Reads the butler config named by `-b` / the REPO argument: a repo folder or a path to its butler.yaml,
 * like `Butler(config)`. A missing repo is the error the real Butler raises. The toy repo shipped in the
 * package is swapped for its working copy, unless `inPlace` (the tool that writes the toy repo).
 */
export function loadButlerConfig(location: string, options: { inPlace?: boolean } = {}): ButlerConfig {
  const given = existsSync(location) && statSync(location).isDirectory() ? join(location, 'butler.yaml') : location;
  if (!existsSync(given)) {
    throw new StandinError('FileNotFoundError', `Butler configuration file not found: ${resolve(given)}`);
  }
  const working = options.inPlace ? { root: dirname(resolve(given)), shipped: undefined } : workingRoot(dirname(resolve(given)));
  const path = working.shipped === undefined ? given : join(working.root, 'butler.yaml');
  const root = working.root;
  const raw = (loadYaml(readFileSync(path, 'utf8'), path) ?? {}) as RawConfig;
  const template = raw.datastore?.templates?.default;
  const db = raw.registry?.db;
  if (template === undefined || db === undefined) {
    throw new StandinError('ValueError', `${path}: the stand-in needs datastore.templates.default and registry.db.`);
  }
  const registryPath = substituteRoot(db, root);
  return {
    root,
    datastoreRoot: substituteRoot(raw.datastore?.root ?? '<butlerRoot>', root),
    template,
    registryPath,
    runsPath: join(dirname(registryPath), 'runs.json'),
    shipped: working.shipped,
  };
}
