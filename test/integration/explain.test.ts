/**
 * `bps explain RUN JOB` through the real CLI (issue 16, item 3): the story it tells of a pruned, a
 * retried, an adopted, a waiting and a cancelled job, checked against what really happened (the
 * stand-in's executions log, the killed driver's pid, the states `bps jobs` reports), plain and clustered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { JobStory } from '../../src/report/job-story.js';
import { BPS, bps, DEMO_CONFIG, useDemoWorkspace } from '../support/bps-cli.js';
import { schemaErrors } from '../support/json-schema.js';
import { assertEachQuantumOnce, readExecutions, REPO_ROOT, writeFaults } from '../support/standin.js';

const workspace = useDemoWorkspace();
const CLUSTERED = join(REPO_ROOT, 'examples', 'bps_DRP_clustered.yaml');

function withFaults(name: string, rules: string): Record<string, string> {
  return { ...workspace.work.env, STANDIN_FAULTS: writeFaults(workspace.work.dir, name, rules) };
}

async function cli(args: readonly string[], env = workspace.work.env) {
  return bps(args, { cwd: workspace.work.dir, env });
}

/** `bps explain RUN JOB… --json`, checked against schemas/explain.schema.json. */
async function explain(run: string, ...job: string[]): Promise<JobStory> {
  const result = await cli(['explain', run, ...job, '--json']);
  assert.equal(result.exitCode, 0, result.stderr);
  const story = JSON.parse(result.stdout) as JobStory;
  assert.deepEqual(schemaErrors('explain', story), [], job.join(' '));
  return story;
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const events = (story: JobStory) => story.events.map((e) => e.event);

test('a failed run: the pruned job names its failed ancestor and exit code; retried jobs say after what and with which memory', async () => {
  const run = 'u/test/explain-failures';
  const env = withFaults('failures', [
    '- {label: calibrate, dataId: {detector: 94}, exitCode: 1}',
    '- {label: characterizeImage, dataId: {detector: 93}, failFirst: 1, signal: SIGKILL}',
    '- {label: isr, dataId: {detector: 91}, failFirst: 1, exitCode: 3}',
    '',
  ].join('\n'));
  const submit = await cli(['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', run, '--quiet'], env);
  assert.equal(submit.exitCode, 1, submit.stderr);
  const mine = readExecutions(workspace.repo).filter((e) => e.run === run);

  const pruned = await explain(run, 'makeWarp');
  assert.deepEqual(events(pruned), ['created', 'pruned']);
  const failed = JSON.parse((await cli(['jobs', run, '--state', 'FAILED', '--json'])).stdout) as { jobs: Array<{ name: string; exitCode: number }> };
  assert.equal(failed.jobs.length, 1);
  const prune = pruned.events[1];
  assert.deepEqual([prune?.job?.name, prune?.job?.label, prune?.job?.state, prune?.exitCode], [failed.jobs[0]?.name, 'calibrate', 'FAILED', 1]);
  assert.equal(prune?.text, 'pruned: its ancestor calibrate_159471_94 (calibrate) failed: exit code 1, which is never retried (retryUnlessExit)');
  assert.equal(pruned.now.state, 'PRUNED');
  const text = await cli(['explain', run, 'makeWarp']);
  assert.match(text.stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}  pruned   pruned: its ancestor calibrate_159471_94 \(calibrate\) failed: exit code 1/m);
  assert.match(text.stdout, /^Now: pruned, never run: its ancestor calibrate_159471_94 failed; 'bps restart u\/test\/explain-failures --retry-failed'/m);

  const failure = await explain(run, 'calibrate', 'detector=94');
  assert.deepEqual(events(failure), ['created', 'ready', 'submitted', 'started', 'failed']);
  assert.deepEqual([failure.events[4]?.exitCode, failure.events[4]?.text], [1, 'attempt 1 failed for good: exit code 1, which is never retried (retryUnlessExit)']);
  assert.equal(mine.filter((e) => e.label === 'calibrate' && e.dataId['detector'] === 94).length, 1, 'it ran once, as told');

  // Killed by a signal: retried with its memory doubled (memoryMultiplier), then succeeded.
  const killed = await explain(run, 'characterizeImage', 'detector=93');
  assert.deepEqual(events(killed), ['created', 'ready', 'submitted', 'started', 'retried', 'submitted', 'started', 'succeeded']);
  const [first, retried, second] = [killed.events[2], killed.events[4], killed.events[5]];
  assert.deepEqual([retried?.signal, retried?.attempt, retried?.memoryMiB], ['SIGKILL', 1, (first?.memoryMiB ?? 0) * 2]);
  assert.equal(second?.memoryMiB, retried?.memoryMiB, 'the next attempt asked what the retry said');
  assert.match(retried?.text ?? '', /^attempt 1 ended \(killed by SIGKILL\): retry 1 of \d+ \(numberOfRetries\), with 4096 MiB instead of 2048 MiB \(memoryMultiplier\)$/);
  const truth = mine.filter((e) => e.label === 'characterizeImage' && e.dataId['detector'] === 93);
  assert.deepEqual(truth.map((e) => [e.status, e.signal ?? null]), [['failed', 'SIGKILL'], ['succeeded', null]]);

  // An exit code that is retried: the same memory again.
  const exit3 = await explain(run, 'isr_91');
  assert.deepEqual(events(exit3), ['created', 'ready', 'submitted', 'started', 'retried', 'submitted', 'started', 'succeeded']);
  assert.match(exit3.events[4]?.text ?? '', /^attempt 1 ended \(exit code 3\): retry 1 of \d+ \(numberOfRetries\), with 2048 MiB again$/);
  assert.equal(exit3.events[4]?.exitCode, 3);
  assert.equal(exit3.now.text, 'succeeded on attempt 2');

  const unknown = await cli(['explain', run, 'calibrat']);
  assert.equal(unknown.exitCode, 2);
  assert.match(unknown.stderr, /^Error: Run 'u\/test\/explain-failures' has no job, label or job name ending in 'calibrat'\. Did you mean 'calibrate'\?$/);
  assert.equal(unknown.stderr.split('\n').length, 1, 'one line');
});

test('a driver SIGKILLed while jobs run: waiting jobs name their running parents; after the restart, the job tells which driver adopted it after which one died', async () => {
  const run = 'u/test/explain-adopted';
  const env = { ...withFaults('slow', '- {label: calibrate, sleep: 4}\n'), STANDIN_TIME_SCALE: '1' };
  const child = execa(BPS, ['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', run, '--quiet'], { cwd: workspace.work.dir, env, extendEnv: false, reject: false });
  const submitDir = join(workspace.work.dir, 'submit', run);
  const logging = join(submitDir, 'logging');
  await waitFor(() => existsSync(logging) && readdirSync(logging).filter((f) => /_calibrate_.*\.1\.out$/.test(f)).length >= 2, 'calibrate jobs to run');
  const killed = Number(readFileSync(join(submitDir, 'driver.pid'), 'utf8').split('\n')[0]);
  child.kill('SIGKILL');
  await child;

  // The state as the dead driver left it: which calibrate jobs run, and what makeWarp waits for.
  const listing = JSON.parse((await cli(['jobs', run, 'calibrate', '--json'])).stdout) as { jobs: Array<{ name: string; state: string }> };
  const running = listing.jobs.filter((j) => j.state === 'RUNNING');
  assert.ok(running.length >= 1, JSON.stringify(listing.jobs));
  const waiting = await explain(run, 'makeWarp');
  assert.deepEqual(events(waiting), ['created'], 'it never could run: nothing else is its story');
  assert.equal(waiting.now.state, 'UNREADY');
  const states = new Map(listing.jobs.map((j) => [j.name, j.state]));
  const waitedCalibrates = waiting.now.parents.waitingFor.filter((p) => p.label === 'calibrate');
  assert.ok(waitedCalibrates.length >= running.length);
  for (const parent of waitedCalibrates) assert.equal(parent.state, states.get(parent.name), `${parent.name} as bps jobs says`);
  assert.ok(waiting.now.parents.waitingFor.every((p) => p.state !== 'SUCCEEDED'));
  assert.equal(waiting.now.parents.waiting, waiting.now.parents.total - waiting.now.parents.succeeded);
  assert.match(waiting.now.text, new RegExp(`^waiting for ${waiting.now.parents.waiting} of its ${waiting.now.parents.total} parents: .*calibrate_159471_\\d+ \\(RUNNING\\).*; no driver is running: 'bps restart u/test/explain-adopted' resumes the run$`));

  const [target] = running;
  const restart = await cli(['restart', run, '--quiet'], env);
  assert.equal(restart.exitCode, 0, restart.stderr);
  assertEachQuantumOnce(workspace.repo, run);
  const adopted = await explain(run, target?.name ?? '');
  assert.deepEqual(events(adopted), ['created', 'ready', 'submitted', 'started', 'driver-started', 'adopted', 'succeeded']);
  const [started, adoption] = [adopted.events[4], adopted.events[5]];
  assert.equal(started?.previousDriver?.pid, killed, 'the new driver names the one that was killed');
  assert.equal(adoption?.previousDriver?.pid, killed);
  assert.equal(adoption?.driver?.pid, started?.driver?.pid);
  assert.notEqual(adoption?.driver?.pid, killed);
  assert.match(adoption?.text ?? '', new RegExp(`^attempt 1 (was still running after driver pid ${killed} on \\S+ died: adopted by driver pid \\d+ on \\S+, not started again|had ended while no driver ran \\(driver pid ${killed} on \\S+ died\\): settled from its exit file by driver pid \\d+ on \\S+)$`));
  assert.equal(adopted.job.attempts, 1, 'adopted, never started twice');
});

test('a cancelled run: the running job was stopped by bps cancel, the waiting one says what it waited for', async () => {
  const run = 'u/test/explain-cancel';
  const env = withFaults('hang', '- {label: calibrate, dataId: {detector: 94}, hang: true}\n');
  const detached = await cli(['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', run, '--detach'], env);
  assert.equal(detached.exitCode, 0, detached.stderr);
  await waitFor(async () => (await explain(run, 'calibrate', 'detector=94')).job.state === 'RUNNING', 'calibrate 94 to run');
  const live = await explain(run, 'makeWarp');
  assert.equal(live.run.driverAlive, true);
  assert.ok(live.now.parents.waitingFor.some((p) => /_calibrate_159471_94$/.test(p.name) && p.state === 'RUNNING'), JSON.stringify(live.now));
  assert.doesNotMatch(live.now.text, /no driver is running/);
  const cancel = await cli(['cancel', run]);
  assert.equal(cancel.exitCode, 0, cancel.stderr);
  const stopped = await explain(run, 'calibrate', 'detector=94');
  assert.equal(stopped.job.state, 'DELETED');
  assert.deepEqual(events(stopped).slice(-2), ['started', 'cancelled']);
  assert.equal(stopped.events.at(-1)?.text, 'attempt 1 stopped: cancelled by bps cancel');
  assert.equal(stopped.now.text, "cancelled by bps cancel; 'bps restart u/test/explain-cancel' resumes the run");
});

test('a clustered run: a task label and data ID find the cluster, whose quanta and task labels are shown; its failure prunes the next clusters', async () => {
  const run = 'u/test/explain-clustered';
  const env = withFaults('cluster-fail', '- {label: calibrate, dataId: {detector: 94}, exitCode: 1}\n');
  const submit = await cli(['submit', CLUSTERED, '-b', workspace.repo, '--output-run', run, '--quiet'], env);
  assert.equal(submit.exitCode, 1, submit.stderr);
  const cluster = await explain(run, 'calibrate', 'detector=94');
  assert.match(cluster.job.name, /^visit_detector_\d+_94$/);
  assert.deepEqual([cluster.job.label, cluster.job.quanta, cluster.job.tasks], ['visit_detector', 3, [{ label: 'isr', quanta: 1 }, { label: 'characterizeImage', quanta: 1 }, { label: 'calibrate', quanta: 1 }]]);
  assert.equal(cluster.events.at(-1)?.event, 'failed');
  const text = await cli(['explain', run, 'calibrate', 'detector=94']);
  assert.match(text.stdout, /^  3 quanta: isr 1, characterizeImage 1, calibrate 1$/m);
  const coadd = await explain(run, 'coadd');
  assert.deepEqual([coadd.job.quanta, coadd.job.tasks.map((t) => t.label)], [2, ['assembleCoadd', 'detection']]);
  assert.equal(coadd.events.at(-1)?.event, 'pruned');
  assert.equal(coadd.events.at(-1)?.job?.name, cluster.job.name, 'pruned by the failed cluster');
  assert.match(coadd.events.at(-1)?.text ?? '', /^pruned: its ancestor visit_detector_\d+_94 \(visit_detector\) failed: exit code 1/);
});
