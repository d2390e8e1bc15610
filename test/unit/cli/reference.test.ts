import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReference } from '../../../src/cli/reference.js';
import { configKeys } from '../../../src/config/config-keys.js';
import { REPO_ROOT } from '../../support/standin.js';

test('docs/REFERENCE.md is what the code defines (run `npm run docs` after changing a command, option or config key)', () => {
  const committed = readFileSync(join(REPO_ROOT, 'docs', 'REFERENCE.md'), 'utf8');
  assert.equal(committed, renderReference());
});

test('the reference lists every command and every config key', () => {
  const text = renderReference();
  for (const command of ['submit', 'transform', 'prepare', 'status', 'restart', 'cancel', 'report', 'jobs', 'logs', 'graph', 'ping']) {
    assert.match(text, new RegExp(`^\\| \`bps ${command}\\b`, 'm'), command);
  }
  for (const key of configKeys) assert.ok(text.includes(`| \`${key.key}\` |`), key.key);
  assert.match(text, /\| `nersc_perlmutter_cpu` \| executor: slurm, qos: regular, constraint: cpu \|/);
});
