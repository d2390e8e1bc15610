/**
 * The layer rules (scripts/layer-rules.cjs, run on src/ by `npm test` through .dependency-cruiser.cjs)
 * applied to a fixture tree of deliberately bad imports: each rule must report exactly its violation, and
 * the allowed import in the same tree must pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise, type IReporterOutput } from 'dependency-cruiser';
import { REPO_ROOT } from '../support/standin.js';

const require = createRequire(import.meta.url);
const rules = require(join(REPO_ROOT, 'scripts', 'layer-rules.cjs')) as { config(root: string): { forbidden: unknown[]; options: Record<string, unknown> } };

test('every layer rule bites on the fixture tree, and only where it should', async () => {
  const root = 'test/fixtures/layers/src';
  const { forbidden, options } = rules.config(root);
  const cwd = process.cwd();
  process.chdir(REPO_ROOT);
  let result: IReporterOutput;
  try {
    result = await cruise([root], { ...options, ruleSet: { forbidden }, validate: true } as never);
  } finally {
    process.chdir(cwd);
  }
  const output = result.output as { summary: { violations: Array<{ from: string; to: string; rule: { name: string } }> } };
  const found = output.summary.violations.map((v) => `${v.rule.name}: ${v.from.slice(root.length + 1)} → ${v.to.replace(`${root}/`, '')}`).sort();
  // The scheduler may import executors (a lower layer), but only their contract: the narrow rule catches it.
  assert.deepEqual(found, [
    'layer-cli: cli/main.ts → state/index.ts',
    'layer-config: config/job-settings.ts → workflow/types.ts',
    'layer-state: state/types.ts → scheduler/driver.ts',
    'narrow-scheduler-executors: scheduler/dispatch.ts → executors/local/local-executor.ts',
    'no-circular: model/p.ts → model/q.ts',
    'executors-apart: executors/slurm/slurm-executor.ts → executors/local/exit-file.ts',
    'only-process-imports-child_process: app/detach.ts → child_process',
    'only-report-render-imports-cli-table3: app/submit.ts → node_modules/cli-table3/index.js',
  ].sort());
});
