/**
 * Finding jobs through the real CLI (issue 15, item 5): `bps jobs` lists them, `bps logs` takes a job by
 * the end of its name or by label and data ID, and typos get close matches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bps, DEMO_CONFIG, useDemoWorkspace } from '../support/bps-cli.js';
import type { JobListing } from '../../src/report/job-list.js';
import { writeFaults } from '../support/standin.js';

const workspace = useDemoWorkspace();
const RUN = 'u/test/jobs';
const cli = (args: readonly string[]) => bps(args, { cwd: workspace.work.dir, env: workspace.work.env });

test('a run with a failed calibrate (detector 94) and the jobs it pruned', async () => {
  const faults = writeFaults(workspace.work.dir, 'calibrate-94', '- {label: calibrate, dataId: {detector: 94}, exitCode: 1}\n');
  const submit = await bps(['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', RUN, '--quiet'], { cwd: workspace.work.dir, env: { ...workspace.work.env, STANDIN_FAULTS: faults } });
  assert.equal(submit.exitCode, 1, submit.stderr);
});

test('bps jobs lists every job with name, label, state, attempts, data ID, exit code and log; a label and --state narrow it', async () => {
  const all = await cli(['jobs', RUN]);
  assert.equal(all.exitCode, 0, all.stderr);
  const [header, rule, ...rows] = all.stdout.trimEnd().split('\n');
  assert.match(header ?? '', /^name\s+label\s+state\s+attempts\s+data ID\s+exit code\s+log$/);
  assert.match(rule ?? '', /^-+( -+){6}$/);
  assert.equal(rows.length, 31);
  assert.match(rows[0] ?? '', /^pipetaskInit\s+pipetaskInit\s+SUCCEEDED\s+1\s+0 \/\S+\/logging\/pipetaskInit\.1\.err$/);
  const failed = rows.find((r) => r.includes('_calibrate_159471_94 ')) ?? '';
  assert.match(failed, /^\S+_calibrate_159471_94\s+calibrate\s+FAILED\s+1 instrument=LSSTCam-imSim, detector=94, visit=159471\s+1 \S+_calibrate_159471_94\.1\.err$/);
  assert.ok(rows.filter((r) => /\sPRUNED\s/.test(r)).every((r) => /PRUNED\s+0\s/.test(r) && !r.includes('.err')), 'pruned jobs never ran');

  const json = await cli(['jobs', RUN, 'calibrate', '--state', 'failed,PRUNED', '--json']);
  assert.equal(json.exitCode, 0, json.stderr);
  const listing = JSON.parse(json.stdout) as JobListing;
  assert.equal(listing.label, 'calibrate');
  assert.deepEqual(listing.states, ['FAILED', 'DELETED', 'PRUNED']);
  assert.deepEqual(listing.jobs.map((j) => [j.state, j.dataId?.['detector'], j.exitCode]), [['FAILED', 94, 1]]);
  assert.ok(existsSync(listing.jobs[0]?.log ?? ''), 'the log path is the real file');

  const none = await cli(['jobs', RUN, 'isr', '--state', 'FAILED']);
  assert.equal(none.exitCode, 0, none.stderr);
  assert.equal(none.stdout, `No isr jobs in state FAILED in run '${RUN}'.`);
});

test('bps logs takes the end of a job name or a label and data ID; ambiguous ends list the candidates', async () => {
  for (const args of [['isr_94'], ['calibrate_159471_94'], ['calibrate', 'detector=94'], ['calibrate detector=94'], ['calibrate', 'visit=159471,detector=94']]) {
    const logs = await cli(['logs', RUN, ...args]);
    assert.equal(logs.exitCode, 0, `${args.join(' ')}: ${logs.stderr}`);
    const label = args[0]?.startsWith('isr') ? 'isr' : 'calibrate';
    assert.match(logs.stdout, new RegExp(`^== \\S+_${label}_\\S*94 \\(${label}, (SUCCEEDED|FAILED)\\), attempt 1$`, 'm'), args.join(' '));
  }
  const ambiguous = await cli(['logs', RUN, '94']);
  assert.equal(ambiguous.exitCode, 2);
  assert.equal(ambiguous.stderr, `Error: '94' ends the names of 4 jobs of run '${RUN}': isr_94, characterizeImage_159471_94, calibrate_159471_94, skyCorrectionTask_159471_94. Give more of the name, or the label and data ID ('isr detector=94 exposure=159471').`);
  const several = await cli(['logs', RUN, 'isr', 'exposure=159471']);
  assert.equal(several.exitCode, 2);
  assert.match(several.stderr, /^Error: 'isr exposure=159471' matches 5 jobs .* Add a dimension, as in 'isr detector=91 exposure=159471'\.$/);
  const missing = await cli(['logs', RUN, 'calibrate', 'detector=99']);
  assert.match(missing.stderr, /^Error: No calibrate job of run '\S+' has detector=99\. Its detector values: 91, 93, 94, 95, 97\.$/);
});

test('typos of labels and job names get close matches, in bps logs and bps jobs', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['logs', RUN, 'calibrat'], /has no job, label or job name ending in 'calibrat'\. Did you mean 'calibrate'\?$/],
    [['logs', RUN, 'isr_99'], /has no job, label or job name ending in 'isr_99'\. Did you mean 'isr_91', 'isr_93' or 'isr_94'\?$/],
    [['logs', RUN, 'calibrat', 'detector=94'], /has no task or cluster label 'calibrat'\. Did you mean 'calibrate'\?$/],
    [['jobs', RUN, 'calibrat'], /has no task or cluster label 'calibrat'\. Did you mean 'calibrate'\?$/],
    [['jobs', RUN, '--state', 'DONE'], /^Error: Unknown job status 'DONE'\. Use a state/],
  ];
  for (const [args, pattern] of cases) {
    const result = await cli(args);
    assert.equal(result.exitCode, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.equal(result.stderr.split('\n').length, 1, 'one line');
    assert.match(result.stderr, pattern, args.join(' '));
  }
});
