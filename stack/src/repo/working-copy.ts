/**
 * The toy repo shipped in the bps-ts package (examples/DC2) is never written, so the demo works from a
 * read-only or shared install: the first command that uses it copies its inputs to a working copy, and
 * every command reads and writes there (outputs, executions.log, runs.json, attempt counters). The copy
 * is `$BPS_HOME/demo/<repo folder name>`, with bps-ts's own default for BPS_HOME
 * (`$XDG_STATE_HOME/bps-ts`, else `~/.local/state/bps-ts`), so it sits next to the user's index of runs
 * and a test with its own BPS_HOME gets its own copy. A repo anywhere else (a copy of the toy repo
 * included) is used in place, as a real Butler repo is.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadYaml } from '../util/yaml.js';

/** Files of the shipped folder that are outputs of earlier runs in a checkout, never inputs. */
const NOT_INPUTS = new Set(['executions.log', 'runs.json', '.standin', 'faults.yaml']);

/** Where the stand-in works on a repo: its working copy for the shipped one, else the repo itself. */
export function workingRoot(root: string): { root: string; shipped: string | undefined } {
  const real = realpathSync(root);
  const inside = relative(join(packageRoot(), 'examples'), real);
  if (inside.startsWith('..') || isAbsolute(inside)) return { root, shipped: undefined };
  const copy = join(demoHome(), 'demo', real.split('/').pop() ?? 'repo');
  if (!existsSync(join(copy, 'butler.yaml'))) makeCopy(real, copy);
  return { root: copy, shipped: real };
}

/**
 * Copies the inputs (butler.yaml, the registry and the datastore's input runs) into a temp folder beside
 * `copy`, then renames it into place: two commands starting at once never see half a copy, and the
 * second's rename simply loses to the first's.
 */
function makeCopy(shipped: string, copy: string): void {
  mkdirSync(dirname(copy), { recursive: true });
  const temp = `${copy}.tmp-${process.pid}-${Date.now()}`;
  copyRepoInputs(shipped, temp);
  try {
    renameSync(temp, copy);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(join(copy, 'butler.yaml'))) throw error;
  }
}

/**
 * Copies a toy repo without what earlier runs wrote into it: butler.yaml, the registry and the datastore's
 * input runs only (outputs of demo runs made in a checkout stay behind).
 */
export function copyRepoInputs(repo: string, to: string): void {
  const inputs = inputRunFolders(repo);
  cpSync(repo, to, {
    recursive: true,
    filter: (src) => {
      const [top, second] = relative(repo, src).split('/');
      if (NOT_INPUTS.has(top ?? '')) return false;
      return !(top === 'datastore' && second !== undefined && !inputs.has(second));
    },
  });
}

/** The datastore's top folders of the registry's RUN collections (`{run:/}` puts a run's files there). */
function inputRunFolders(shipped: string): Set<string> {
  const path = join(shipped, 'registry.yaml');
  const registry = (loadYaml(readFileSync(path, 'utf8'), path) ?? {}) as { collections?: Record<string, { type?: string }> };
  return new Set(Object.entries(registry.collections ?? {}).filter(([, c]) => c.type === 'RUN').map(([name]) => name.split('/')[0] ?? name));
}

/** bps-ts's BPS_HOME (its paths.ts), restated: the stand-in is a separate program and imports nothing of bps-ts. */
function demoHome(): string {
  if (process.env['BPS_HOME']) return process.env['BPS_HOME'];
  return join(process.env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state'), 'bps-ts');
}

/** The package folder the stand-in is part of (the nearest one above this module holding package.json). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return realpathSync(dir);
}
