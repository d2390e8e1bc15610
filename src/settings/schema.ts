/** A settings schema: the fields of one executor's `site.<name>` block, parsed together. */
import type { SettingField } from './fields.js';
import type { ValueContext } from './value-checks.js';

/** The fields of a settings type `T`, one per key (every key optional in `T`). */
export type SettingsSchema<T> = { readonly [K in keyof T]-?: SettingField<NonNullable<T[K]>> };

/** Where the values come from, for messages: `site.<name>.<key>` and the file it was set in. */
export interface SettingsSource {
  /** `site.perlmutter`, or `the stored site of run X`. */
  readonly prefix: string;
  /** Where a key's value was set (`site.x.qos in bps.yaml`), for the error message. */
  readonly where: (key: string) => string;
  readonly help?: string;
}

/** The keys a schema knows, in declaration order. */
export function schemaKeys<T>(schema: SettingsSchema<T>): string[] {
  return Object.keys(schema);
}

/**
 * Parses `raw` against `schema`: every known key through its field (absent ones are left out), keys the
 * schema does not know are ignored here (the config layer refuses them before, naming them).
 */
export function parseSettings<T>(schema: SettingsSchema<T>, raw: Readonly<Record<string, unknown>>, source: SettingsSource): T {
  const parsed: Record<string, unknown> = {};
  for (const key of schemaKeys(schema)) {
    const field = (schema as Record<string, SettingField<unknown>>)[key] as SettingField<unknown>;
    const ctx: ValueContext = { key: `${source.prefix}.${key}`, where: source.where(key), help: source.help ?? `${key}: ${field.meaning}.` };
    const value = field.parse(raw[key], ctx);
    if (value !== undefined) parsed[key] = value;
  }
  return Object.freeze(parsed) as T;
}
