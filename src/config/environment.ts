import { ConfigError } from '../errors.js';
import { isMapping } from './config-node.js';
import { expandEnvVars } from './env-vars.js';
import type { ConfigResolver, SearchOptions } from './resolver.js';
import { stringifyValue } from './template.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The `environment` map (ctrl_bps: a root-level map whose values may use `{var}` and `${ENV}`), found
 * under the search order for the given label (so `pipetask.<label>.environment` replaces it for that
 * label), with its values resolved on the submit side. `${VAR}` inside these values is looked up in the
 * process environment only, so `PATH: ${PATH}:/extra` extends the real PATH. bps-ts sets the result for
 * every command it starts, and looks `${VAR}` up in it first everywhere else in the config.
 */
export function resolveEnvironment(config: ConfigResolver, options: SearchOptions = {}): Record<string, string> {
  const hit = config.locate('environment', options);
  if (!hit || hit.value === null || hit.value === undefined) return {};
  if (!isMapping(hit.value)) {
    throw new ConfigError(`'environment' must be a mapping of variable names to values, not ${Array.isArray(hit.value) ? 'a list' : JSON.stringify(hit.value)} (${config.describe(hit.path)}).`, {
      hint: 'Write it as environment: {NAME: value, ...}.',
    });
  }
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(hit.value)) {
    const where = config.describe([...hit.path, name]);
    if (!NAME.test(name)) throw new ConfigError(`'${name}' is not a valid environment variable name (${where}).`, { hint: 'Use letters, digits and _ only, not starting with a digit.' });
    if (isMapping(value) || Array.isArray(value)) throw new ConfigError(`environment.${name} must be a single value, not ${JSON.stringify(value)} (${where}).`);
    const text = stringifyValue(config.expand(stringifyValue(value), `environment.${name}`, { ...options, expandEnv: false }));
    resolved[name] = expandEnvVars(text, config.processEnv);
  }
  return resolved;
}
