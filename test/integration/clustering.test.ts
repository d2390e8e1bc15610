import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bps, useDemoWorkspace } from '../support/bps-cli.js';
import { REPO_ROOT, writeFaults } from '../support/standin.js';
import { selectJobs } from '../../src/app/job-selection.js';
import { assertEachQuantumOnce, readExecutions } from '../support/standin.js';

const workspace = useDemoWorkspace();
const CLUSTERED = join(REPO_ROOT, 'examples', 'bps_DRP_clustered.yaml');

interface Row { label: string; pending: number; running: number; succeeded: number; failed: number; pruned: number; total: number }
interface Status { rows: string; labels: Row[]; totals: Omit<Row, 'label'> }

async function status(run: string, ...extra: string[]): Promise<Status> {
  const result = await bps(['status', run, '--json', ...extra], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(result.exitCode, 0, result.stderr);
  return JSON.parse(result.stdout) as Status;
}

function withFaults(name: string, rules: string): Record<string, string> {
  return { ...workspace.work.env, STANDIN_FAULTS: writeFaults(workspace.work.dir, name, rules) };
}

test('bps cluster: drp_pipe-style clusters of the demo, counted per cluster label, and nothing else made', async () => {
  const result = await bps(['cluster', CLUSTERED, '-b', workspace.repo, '--output-run', 'u/test/cluster-only'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stderr, /ClusteredQuantumGraph contains 18 cluster\(s\)/);
  assert.doesNotMatch(result.stderr, /GenericWorkflow/);
  assert.match(result.stdout, /^label\s+clusters\s+quanta\s+tasks$/m);
  assert.match(result.stdout, /^visit_detector\s+5\s+15\s+isr, characterizeImage, calibrate$/m);
  assert.match(result.stdout, /^coadd\s+1\s+2\s+assembleCoadd, detection$/m);
  assert.match(result.stdout, /^skyCorrectionTask\s+5\s+5\s+skyCorrectionTask$/m);
  assert.match(result.stdout, /^total\s+18\s+29$/m);
});

test('a clustered submit: fewer jobs, every quantum once and after its parents, the status still per task label', async () => {
  const run = 'u/test/clustered';
  const submit = await bps(['submit', CLUSTERED, '-b', workspace.repo, '--output-run', run, '--quiet'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(submit.exitCode, 0, submit.stderr);
  assert.match(submit.stderr, /GenericWorkflow contains 20 job\(s\) \(including final\)/);
  assertEachQuantumOnce(workspace.repo, run);

  // Parents first: every quantum ran after the quanta whose outputs it read (the stand-in logs start and end).
  const executions = readExecutions(workspace.repo).filter((e) => e.run === run && e.quantumId !== null);
  const ended = new Map(executions.map((e) => [e.label, 0]));
  for (const e of executions) ended.set(e.label, Math.max(ended.get(e.label) ?? 0, Date.parse(e.end)));
  const started = (label: string) => Math.min(...executions.filter((e) => e.label === label).map((e) => Date.parse(e.start)));
  assert.ok(started('assembleCoadd') >= (ended.get('makeWarp') ?? Infinity), 'the coadd cluster ran after makeWarp');
  assert.ok(started('makeWarp') >= (ended.get('calibrate') ?? Infinity), 'makeWarp after every visit_detector cluster');
  // One process per job: inside a cluster, isr, then characterizeImage, then calibrate of one detector.
  const byJob = new Map<number, string[]>();
  for (const e of executions) byJob.set(e.pid, [...(byJob.get(e.pid) ?? []), e.label]);
  const visitDetector = [...byJob.values()].filter((labels) => labels.includes('isr'));
  assert.equal(visitDetector.length, 5);
  for (const labels of visitDetector) assert.deepEqual(labels, ['isr', 'characterizeImage', 'calibrate']);

  const byTask = await status(run);
  assert.equal(byTask.rows, 'quanta');
  const taskLabels = byTask.labels.filter((r) => r.label !== 'pipetaskInit' && r.label !== 'finalJob');
  assert.equal(taskLabels.length, 13);
  assert.equal(taskLabels.reduce((n, r) => n + r.succeeded, 0), 29);
  assert.deepEqual(byTask.labels.find((r) => r.label === 'characterizeImage'), { label: 'characterizeImage', pending: 0, running: 0, succeeded: 5, failed: 0, pruned: 0, total: 5, held: 0 });

  const byCluster = await status(run, '--clusters');
  assert.equal(byCluster.rows, 'jobs');
  assert.deepEqual(byCluster.labels.map((r) => `${r.label}:${r.total}`), [
    'pipetaskInit:1', 'visit_detector:5', 'skyCorrectionTask:5', 'consolidateVisitSummary:1', 'makeWarp:1', 'coadd:1',
    'mergeDetections:1', 'deblend:1', 'measure:1', 'mergeMeasurements:1', 'forcedPhotCoadd:1', 'finalJob:1',
  ]);
  const table = await bps(['status', run, '--clusters'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.match(table.stdout, /^job label\s+pending/m);

  // bps jobs and bps logs take a task label inside clusters, or the cluster label and its data ID.
  const jobs = await bps(['jobs', run, 'isr', '--json'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(jobs.exitCode, 0, jobs.stderr);
  const listing = JSON.parse(jobs.stdout) as { jobs: Array<{ label: string; dataId: Record<string, unknown> }> };
  assert.deepEqual(listing.jobs.map((j) => j.label), new Array(5).fill('visit_detector'));
  const logs = await bps(['logs', run, 'visit_detector', 'detector=94'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(logs.exitCode, 0, logs.stderr);
  assert.match(logs.stdout, /^== \S*94\S* \(visit_detector, SUCCEEDED\), attempt 1$/m);
});

test('a failure inside a cluster: the job FAILED, its descendants PRUNED; restart --retry-failed reruns it and no quantum succeeds twice', async () => {
  const run = 'u/test/cluster-fail';
  const env = withFaults('cluster-fail', '- {label: calibrate, dataId: {detector: 94}, exitCode: 1}\n');
  const submit = await bps(['submit', CLUSTERED, '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env });
  assert.equal(submit.exitCode, 1, submit.stderr);
  assert.match(submit.stderr, /Job visit_detector_\S+_94 \(visit_detector\) failed: exit code 1/);

  const clusters = await status(run, '--clusters');
  const row = (s: Status, label: string) => s.labels.find((r) => r.label === label);
  assert.equal(row(clusters, 'visit_detector')?.failed, 1);
  assert.equal(row(clusters, 'visit_detector')?.succeeded, 4);
  assert.equal(row(clusters, 'makeWarp')?.pruned, 1);
  assert.equal(row(clusters, 'coadd')?.pruned, 1);
  // Per task label, the failed cluster's three quanta count as failed (the job's state).
  const tasks = await status(run);
  assert.equal(row(tasks, 'isr')?.failed, 1);
  assert.equal(row(tasks, 'calibrate')?.failed, 1);
  assert.equal(row(tasks, 'assembleCoadd')?.pruned, 1);
  assert.equal(row(tasks, 'detection')?.pruned, 1);

  // The REPL's getJobs: a task label inside clusters finds the jobs that hold it; a cluster label its jobs.
  const submitDir = join(workspace.work.dir, 'submit', run);
  assert.deepEqual(selectJobs(submitDir, 'calibrate', { status: 'failed' }), selectJobs(submitDir, 'visit_detector', { status: 'failed' }));
  assert.match(selectJobs(submitDir, 'characterizeImage', { status: 'failed', query: 'detector == 94' })[0] ?? '', /^visit_detector_\d+_94$/);
  assert.equal(selectJobs(submitDir, 'isr').length, 5);
  assert.throws(() => selectJobs(submitDir, 'isrr'), /has no task or cluster label 'isrr'/);

  const failedFirst = readExecutions(workspace.repo).filter((e) => e.run === run && e.dataId['detector'] === 94 && e.quantumId !== null);
  assert.deepEqual(failedFirst.map((e) => `${e.label}:${e.status}`), ['isr:succeeded', 'characterizeImage:succeeded', 'calibrate:failed']);

  const fixed = withFaults('cluster-fixed', '[]\n');
  const restart = await bps(['restart', run, '--retry-failed', '--quiet'], { cwd: workspace.work.dir, env: fixed });
  assert.equal(restart.exitCode, 0, restart.stderr);
  assertEachQuantumOnce(workspace.repo, run);
  const inCluster = new Set(['isr', 'characterizeImage', 'calibrate']);
  const detector94 = readExecutions(workspace.repo).filter((e) => e.run === run && e.dataId['detector'] === 94 && inCluster.has(e.label));
  assert.deepEqual(detector94.map((e) => `${e.label}:${e.status}`), [
    'isr:succeeded', 'characterizeImage:succeeded', 'calibrate:failed',
    'isr:skipped', 'characterizeImage:skipped', 'calibrate:succeeded',
  ], 'the rerun cluster skips the quanta whose outputs exist');
  const after = await status(run);
  assert.equal(after.totals.succeeded, after.totals.total);
});

test('with pipetask --summary in the cluster command, bps status counts a failed cluster\'s quanta one by one', async () => {
  const run = 'u/test/cluster-summary';
  const env = withFaults('cluster-summary', '- {label: calibrate, dataId: {detector: 94}, exitCode: 1}\n');
  const summary = ['--extra-run-quantum-options', '--summary {submitPath}/logging/{jobName}.summary.json'];
  const submit = await bps(['submit', CLUSTERED, '-b', workspace.repo, '--output-run', run, '--quiet', ...summary], { cwd: workspace.work.dir, env });
  assert.equal(submit.exitCode, 1, submit.stderr);
  const tasks = await status(run);
  const row = (label: string) => tasks.labels.find((r) => r.label === label);
  // isr and characterizeImage of detector 94 ran fine before calibrate failed in the same job.
  assert.deepEqual([row('isr')?.succeeded, row('isr')?.failed], [5, 0]);
  assert.deepEqual([row('characterizeImage')?.succeeded, row('characterizeImage')?.failed], [5, 0]);
  assert.deepEqual([row('calibrate')?.succeeded, row('calibrate')?.failed], [4, 1]);
  assert.equal(tasks.totals.failed, 1);
  // Per cluster label, the job is what failed.
  const clusters = await status(run, '--clusters');
  assert.equal(clusters.labels.find((r) => r.label === 'visit_detector')?.failed, 1);
});
