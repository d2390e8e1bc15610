import { join } from 'node:path';
import { packageRoot } from '../paths.js';

/** bps-ts's shipped defaults, `etc/bps_defaults.yaml` in the package folder. */
export function defaultsPath(): string {
  return join(packageRoot(), 'etc', 'bps_defaults.yaml');
}
