import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { configKeys } from '../../../src/config/config-keys.js';
import { defaultsPath } from '../../../src/config/defaults-file.js';

const defaults = yaml.load(readFileSync(defaultsPath(), 'utf8')) as Record<string, unknown>;

/** Every leaf key path of the defaults file: `payload.outputRun`, `finalJob.command1`, … */
function leaves(node: Record<string, unknown>, prefix: string[] = []): string[] {
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? leaves(value as Record<string, unknown>, [...prefix, key]) : [[...prefix, key].join('.')],
  );
}

/** The table's name of a defaults-file key: payload keys are documented without the section. */
function documentedAs(path: string): string {
  return path.startsWith('payload.') ? path.slice('payload.'.length) : path;
}

function valueAt(path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], defaults);
}

test('every key of etc/bps_defaults.yaml is in the configKeys table, with the same default', () => {
  const byKey = new Map(configKeys.map((entry) => [entry.key, entry]));
  for (const path of leaves(defaults)) {
    const entry = byKey.get(documentedAs(path));
    assert.ok(entry, `${path} is not documented in src/config/config-keys.ts`);
    assert.equal(entry.defaultFrom, 'defaults file', path);
    // Folded YAML (>-) joins lines with single spaces, as the table writes them.
    assert.deepEqual(entry.default, valueAt(path), `${path}: the table's default differs from etc/bps_defaults.yaml`);
  }
});

test('table entries that claim the defaults file as their source are in it', () => {
  for (const entry of configKeys.filter((e) => e.defaultFrom === 'defaults file')) {
    const path = valueAt(entry.key) !== undefined ? entry.key : `payload.${entry.key}`;
    assert.notEqual(valueAt(path), undefined, `${entry.key} says its default is in the defaults file`);
  }
});

test('the table has no duplicates and every entry says what it means', () => {
  const keys = configKeys.map((entry) => entry.key);
  assert.equal(new Set(keys).size, keys.length);
  for (const entry of configKeys) assert.ok(entry.meaning.length > 5, entry.key);
});
