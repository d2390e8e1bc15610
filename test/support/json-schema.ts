/**
 * Validates `--json` output against the schemas kept in schemas/ (draft 2020-12), with ajv in strict
 * mode so a typo in a schema keyword fails loudly instead of silently allowing anything.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { REPO_ROOT } from './standin.js';

export type SchemaName = 'status' | 'report' | 'ping' | 'jobs' | 'plan' | 'explain';

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
const compiled = new Map<SchemaName, ValidateFunction>();

/** The schema file of a `--json` output, parsed. */
export function loadSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', `${name}.schema.json`), 'utf8')) as Record<string, unknown>;
}

/** The schema's complaints about `data` as readable lines; [] when it validates. */
export function schemaErrors(name: SchemaName, data: unknown): string[] {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile(loadSchema(name));
    compiled.set(name, validate);
  }
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? e.keyword}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
