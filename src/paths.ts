import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * Where bps-ts keeps its per-user files (the index of runs): `$BPS_HOME`, else `$XDG_STATE_HOME/bps-ts`, else
 * `~/.local/state/bps-ts`. The one definition the CLI and the library API both use, so a run started from
 * a REPL is found by the CLI.
 */
export function defaultBpsHome(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env['BPS_HOME']) return env['BPS_HOME'];
  return join(env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state'), 'bps-ts');
}

/**
 * The bps-ts package folder (the one holding package.json), found by walking up from this module: the
 * code runs both from src/ (tsx) and from dist/src/ (compiled), at different depths.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('bps-ts: cannot find its package folder (package.json)');
    dir = parent;
  }
  return (root = dir);
}

/** The package's version, from package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
