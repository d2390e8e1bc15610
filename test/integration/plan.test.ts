import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bps, DEMO_CONFIG, useDemoWorkspace } from '../support/bps-cli.js';
import { schemaErrors } from '../support/json-schema.js';
import { REPO_ROOT } from '../support/standin.js';
import { openReadOnly } from '../../src/state/run-db.js';
import type { PlanReport } from '../../src/report/plan.js';

const workspace = useDemoWorkspace();

async function plan(args: readonly string[], env = workspace.work.env): Promise<PlanReport> {
  const result = await bps(['plan', ...args, '-b', workspace.repo, '--json'], { cwd: workspace.work.dir, env });
  assert.equal(result.exitCode, 0, result.stderr);
  const report = JSON.parse(result.stdout) as PlanReport;
  assert.deepEqual(schemaErrors('plan', report), []);
  return report;
}

test('bps plan builds the job DAG and keeps no run folder: 31 jobs for 29 quanta locally, 20 clustered', async () => {
  const local = await plan([DEMO_CONFIG, '--output-run', 'u/plan/demo']);
  assert.deepEqual([local.jobs, local.quanta, local.clusters, local.site.executor], [31, 29, 29, 'local']);
  assert.equal(local.criticalPath.jobs, 14, 'init, isr, characterizeImage, calibrate, skyCorrection, makeWarp … forcedPhotCoadd, final');
  assert.equal(local.coreHours, null, 'no run times: the demo sets no requestWalltime');
  assert.ok(!existsSync(join(workspace.work.dir, 'submit', 'u', 'plan', 'demo')), 'no run folder');
  const runs = await bps(['report', '--json'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.deepEqual(JSON.parse(runs.stdout), [], 'no run registered');
  const clustered = await plan([join(REPO_ROOT, 'examples', 'bps_DRP_clustered.yaml'), '--output-run', 'u/plan/clustered']);
  assert.deepEqual([clustered.jobs, clustered.clusters], [20, 18]);
  assert.equal(clustered.labels.find((l) => l.label === 'visit_detector')?.quanta, 15);
  // requestWalltime is a run time too: 600 s per quantum, so a cluster of three asks 1800 s.
  const config = join(workspace.work.dir, 'timed.yaml');
  writeFileSync(config, `includeConfigs: [${JSON.stringify(join(REPO_ROOT, 'examples', 'bps_DRP_clustered.yaml'))}]\nrequestWalltime: 600\n`);
  const timed = await plan([config, '--output-run', 'u/plan/timed']);
  assert.ok(timed.labels.every((l) => l.source === 'requestWalltime'));
  assert.equal(timed.labels.find((l) => l.label === 'visit_detector')?.secondsPerJob, 1800);
  assert.equal(timed.labels.find((l) => l.label === 'makeWarp')?.secondsPerJob, 600);
  // init 600 + visit_detector 5 × 1800 + skyCorrectionTask 5 × 600 + coadd 1200 + eight single jobs 600 (final included).
  assert.ok(Math.abs((timed.coreHours ?? 0) * 3600 - (600 + 5 * 1800 + 5 * 600 + 1200 + 8 * 600)) < 1e-6, String(timed.coreHours));
  assert.ok(timed.criticalPath.seconds !== null && timed.criticalPath.seconds >= 600 * 12, 'the longest chain holds at least 12 jobs of 600 s or more');
});

test('bps plan --like an earlier run predicts the core-hours of the next run within 20%', async () => {
  // Jobs long enough (1-7 s) that a loaded machine's slower process starts do not swamp them.
  const env = { ...workspace.work.env, STANDIN_TIME_SCALE: '15' };
  const first = await bps(['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', 'u/plan/first', '--quiet'], { cwd: workspace.work.dir, env });
  assert.equal(first.exitCode, 0, first.stderr);
  const predicted = await plan([DEMO_CONFIG, '--output-run', 'u/plan/next', '--like', 'u/plan/first'], env);
  assert.ok(predicted.labels.every((l) => l.source === 'history'), JSON.stringify(predicted.labels));
  assert.ok(predicted.coreHours !== null && predicted.makespanSeconds !== null && predicted.criticalPath.seconds !== null);
  // Clustering the same pipeline: a cluster label the earlier run did not have sums its tasks' means.
  const clustered = await plan([join(REPO_ROOT, 'examples', 'bps_DRP_clustered.yaml'), '--output-run', 'u/plan/clustered-next', '--like', 'u/plan/first'], env);
  assert.ok(clustered.labels.every((l) => l.source === 'history'), JSON.stringify(clustered.labels));
  const perJob = (report: PlanReport, label: string) => report.labels.find((l) => l.label === label)?.secondsPerJob ?? Number.NaN;
  const visitDetector = perJob(predicted, 'isr') + perJob(predicted, 'characterizeImage') + perJob(predicted, 'calibrate');
  assert.ok(Math.abs(perJob(clustered, 'visit_detector') - visitDetector) < 1e-6, `${perJob(clustered, 'visit_detector')} against ${visitDetector}`);
  assert.ok(Math.abs((clustered.coreHours ?? 0) - predicted.coreHours) < 1e-9, 'the same quanta, the same core-hours');
  const next = await bps(['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', 'u/plan/next', '--quiet'], { cwd: workspace.work.dir, env });
  assert.equal(next.exitCode, 0, next.stderr);
  const db = openReadOnly(join(workspace.work.dir, 'submit', 'u', 'plan', 'next', 'bps.sqlite'));
  const actualCoreSeconds = [...db.succeededRunTimes().values()].reduce((sum, t) => sum + t.total, 0); // every job asks one core
  db.close();
  const error = Math.abs(predicted.coreHours * 3600 - actualCoreSeconds) / actualCoreSeconds;
  assert.ok(error <= 0.2, `predicted ${(predicted.coreHours * 3600).toFixed(1)} core-s, used ${actualCoreSeconds.toFixed(1)} (${(error * 100).toFixed(0)}% off)`);
});
