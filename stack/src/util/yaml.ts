import yaml from 'js-yaml';
import { StandinError } from '../errors.js';

/** Parses YAML (JSON is YAML too); a syntax error names the file, as a one-line error. */
export function loadYaml(text: string, source: string): unknown {
  try {
    return yaml.load(text, { filename: source });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new StandinError('yaml.YAMLError', `${source}: ${reason}`, { cause: error });
  }
}

/** YAML text of a value (for `--save-pipeline`). */
export function dumpYaml(value: unknown): string {
  return yaml.dump(value, { lineWidth: 120, noRefs: true });
}
