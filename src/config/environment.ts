import { ConfigError } from '../errors.js';
import type { BpsConfig } from './bps-config.js';
import { isMapping } from './yaml-file.js';

/**
 * The config's root `environment` map with `{var}`s resolved. ctrl_bps sets it for jobs; bps-ts sets it
 * for every command it starts (graph generation too) and looks `${VAR}` up in it first.
 */
export function resolveEnvironment(config: BpsConfig): Record<string, string> {
  const raw = config.data['environment'];
  if (raw === undefined || raw === null) return {};
  if (!isMapping(raw)) throw new ConfigError("'environment' must be a mapping of variable names to values.");
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) resolved[name] = config.resolve(String(value), `environment.${name}`, {}, [`environment.${name}`]);
  return resolved;
}
