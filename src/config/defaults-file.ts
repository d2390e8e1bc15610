import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The bps-ts package folder (the one holding package.json), found by walking up from this module: the
 * code runs both from src/ (tsx) and from dist/src/ (compiled), at different depths. config/ keeps its
 * own copy of this walk because it may import nothing but errors.ts.
 */
function packageFolder(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('bps-ts: cannot find its package folder (package.json) above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return (root = dir);
}

/** bps-ts's shipped defaults, `etc/bps_defaults.yaml` in the package folder. */
export function defaultsPath(): string {
  return join(packageFolder(), 'etc', 'bps_defaults.yaml');
}
