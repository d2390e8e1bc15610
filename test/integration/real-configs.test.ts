import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bps, useDemoWorkspace } from '../support/bps-cli.js';
import { REAL_CONFIG_CASES, type RealConfigCase } from '../support/real-config-cases.js';
import { REPO_ROOT } from '../support/standin.js';

const workspace = useDemoWorkspace();
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'real-configs');
/** The demo's data, as the corpus README says: the command line beats each file's site-specific values. */
const DEMO = ['-p', join(REPO_ROOT, 'examples', 'pipelines', 'DRP.yaml'), '-i', 'LSSTCam-imSim/defaults', '-d', "tract=3828 AND patch=24 AND skymap='DC2'"];

/** The config a user submits for a case: the file itself, or a wrapper giving it a payloadName. */
function configFor(c: RealConfigCase, dir: string): string {
  if (!c.wrap) return join(FIXTURES, c.file);
  const config = join(dir, 'wrapper.yaml');
  writeFileSync(config, `includeConfigs:\n  - ${join(FIXTURES, c.file)}\npayload:\n  payloadName: corpus_test\n`);
  return config;
}

/** The include trees' variables, as the corpus README says. */
function envFor(c: RealConfigCase): Record<string, string> {
  return {
    ...workspace.work.env,
    GEN3_WORKFLOW_DIR: join(FIXTURES, `gen3_workflow@${c.gen3 ?? '2025-07-30'}`),
    DRP_PIPE_DIR: join(FIXTURES, 'drp_pipe@2026-05-13'),
    AP_PIPE_DIR: join(FIXTURES, 'ap_pipe@2026-08-19'),
    CTRL_BPS_PANDA_DIR: join(FIXTURES, 'ctrl_bps_panda@2026-06-09'),
  };
}

/** Runs `bps transform` on a corpus file as a user would, from a fresh folder. */
async function transformRealConfig(c: RealConfigCase): Promise<{ exitCode: number | undefined; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(workspace.work.dir, `${c.id}-`));
  return bps(['transform', configFor(c, dir), '-b', workspace.repo, ...DEMO, ...(c.args ?? [])], { cwd: dir, env: envFor(c) });
}

test('the corpus covers at least 15 real configs, of every origin', () => {
  assert.ok(REAL_CONFIG_CASES.length >= 15, `${REAL_CONFIG_CASES.length} cases`);
  for (const origin of ['G', 'B', 'N', 'D', 'A']) assert.ok(REAL_CONFIG_CASES.some((c) => c.id.startsWith(origin)), origin);
});

for (const c of REAL_CONFIG_CASES) {
  test(`real config ${c.id} (${c.file}): ${c.error ? 'refused by name' : `${c.jobs} jobs`}, every unused key named`, async () => {
    const result = await transformRealConfig(c);
    const lines = result.stderr.split('\n');
    if (c.error) {
      assert.equal(result.exitCode, 1, result.stderr);
      const last = lines.filter((line) => line.trim() !== '').at(-1) ?? '';
      assert.ok(last.startsWith('Error: '), result.stderr);
      assert.match(last, c.error);
    } else {
      assert.equal(result.exitCode, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^total\\s+${c.jobs}\\s+29$`, 'm'));
    }
    for (const warning of c.warnings ?? []) assert.ok(lines.some((line) => line.startsWith('bps WARNING: ') && warning.test(line)), `no warning ${warning}:\n${result.stderr}`);
    for (const note of c.notes ?? []) assert.ok(lines.some((line) => line.startsWith('bps INFO: ') && note.test(line)), `no note ${note}:\n${result.stderr}`);
    assert.doesNotMatch(result.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
  });
}

test('real configs run: gen3_workflow\'s current example (commandPrepend, parsl_config) and drp_pipe\'s DC2 clustering; each quantum once', async () => {
  const { assertEachQuantumOnce } = await import('../support/standin.js');
  for (const c of REAL_CONFIG_CASES.filter((x) => x.id === 'G10' || x.id === 'D2')) {
    const dir = mkdtempSync(join(workspace.work.dir, `${c.id}-run-`));
    const run = `u/corpus/${c.id}`;
    const result = await bps(['submit', configFor(c, dir), '-b', workspace.repo, ...DEMO, '--output-run', run, '--quiet'], { cwd: dir, env: envFor(c) });
    assert.equal(result.exitCode, 0, result.stderr);
    assertEachQuantumOnce(workspace.repo, run);
  }
});
