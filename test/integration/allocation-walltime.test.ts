import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bps, useDemoWorkspace } from '../support/bps-cli.js';
import { allocationConfig, cancelLeftovers, loginEnv, runIdIn, sacctByName } from '../support/allocation.js';
import { ensureLocalSlurm } from '../support/slurm.js';
import { DRP_PIPELINE, readExecutions, writeFaults } from '../support/standin.js';

/**
 * Walltime awareness over several allocations, against the real Slurm (about 2 minutes: allocations last at
 * least one minute). 1-minute allocations, jobs of 25 s that declare requestWalltime 30: a job starts only
 * when it can end in what is left; an allocation with nothing left that fits is handed back, and the next
 * one (queued behind it with --dependency=singleton) goes on. No job is killed by an allocation's end and
 * nothing runs twice.
 */
const workspace = useDemoWorkspace();
let skip: string | undefined;

before(async () => {
  const slurm = await ensureLocalSlurm();
  if (!slurm.available) skip = slurm.reason;
});

test('1-minute allocations and 25-second jobs: the run completes over several allocations, none killed, nothing twice', async (t) => {
  if (skip) return t.skip(skip);
  const run = 'u/walltime/chain';
  const submitDir = join(workspace.work.dir, 'submit', run);
  t.after(async () => cancelLeftovers(await runIdIn(submitDir)));
  // processCcd (isr → characterizeImage → calibrate) for two detectors: three waves of two 25-s jobs.
  const faults = writeFaults(workspace.work.dir, 'faults-walltime', ['isr', 'characterizeImage', 'calibrate'].map((label) => `- {label: ${label}, sleep: 25}`).join('\n'));
  const config = allocationConfig(workspace.work.dir, 'walltime', {
    walltime: '1',
    // 10 s kept before the end: after a wave (~28 s in), 30 + 10 no longer fit, so each wave gets its own
    // allocation and the chain is three long (the default margin, 3 s here, lets two waves share one).
    site: 'walltimeMargin: 10',
    root: ['pipetask:', ...['isr', 'characterizeImage', 'calibrate'].map((label) => `  ${label}: {requestWalltime: 30}`)].join('\n'),
  });
  const env = loginEnv(workspace.work.env, { STANDIN_FAULTS: faults });
  const query = "tract=3828 AND patch=24 AND skymap='DC2' AND visit=159471 AND detector IN (94, 95)";
  const started = Date.now();
  const submit = await bps(['submit', config, '-b', workspace.repo, '--output-run', run, '-p', `${DRP_PIPELINE}#processCcd`, '-d', query], { cwd: workspace.work.dir, env, timeoutMs: 600_000 });
  assert.equal(submit.exitCode, 0, submit.stderr);
  assert.match(submit.stdout, /^total\s+0\s+0\s+8\s+0\s+8$/m);
  const runId = await runIdIn(submitDir);
  const rows = await sacctByName(`bps.${runId}.alloc`);
  const allocations = rows.filter((r) => r.name === `bps.${runId}.alloc`);
  const ran = allocations.filter((r) => r.state === 'COMPLETED');
  assert.ok(ran.length >= 3, `several allocations ran: ${allocations.map((r) => `${r.id} ${r.state}`).join(', ')}`);
  assert.ok(allocations.every((r) => r.state === 'COMPLETED' || (/^CANCELLED/.test(r.state) && r === allocations.at(-1))), 'each handed back before its time limit (none TIMEOUT); only the last queued one cancelled');
  const steps = rows.filter((r) => /^\d+\.\d+$/.test(r.id) && r.name.startsWith(`bps.${runId}.`));
  assert.equal(steps.length, 8, 'one step per job: none rerun');
  assert.ok(steps.every((s) => s.state === 'COMPLETED'), `no step killed: ${steps.map((s) => `${s.name} ${s.state}`).join(', ')}`);
  const executions = readExecutions(workspace.repo).filter((e) => e.run === run && e.quantumId !== null);
  assert.equal(executions.length, 6, 'six quanta, each run once');
  assert.equal(new Set(executions.map((e) => e.quantumId)).size, 6);
  assert.ok(executions.every((e) => e.status === 'succeeded'));
  // bps plan saw the same: three waves of 30 s that do not share a 1-minute allocation with its 10-s margin
  // (init and final, without requestWalltime, count as instant there; on the cluster they may take a fourth).
  const planned = await bps(['plan', config, '-b', workspace.repo, '--output-run', `${run}-plan`, '-p', `${DRP_PIPELINE}#processCcd`, '-d', query, '--json'], { cwd: workspace.work.dir, env });
  assert.equal(planned.exitCode, 0, planned.stderr);
  const predicted = (JSON.parse(planned.stdout) as { allocations: { count: number } }).allocations.count;
  assert.equal(predicted, 3);
  assert.ok(ran.length >= predicted && ran.length <= predicted + 1, `${ran.length} allocations ran, ${predicted} planned`);
  t.diagnostic(`${ran.length} allocations (${predicted} planned), ${Math.round((Date.now() - started) / 1000)} s`);

  // bps explain tells why a characterizeImage job did not start in the allocation that ran its isr parent.
  const explained = await bps(['explain', run, 'characterizeImage', 'detector=94', '--json'], { cwd: workspace.work.dir, env });
  assert.equal(explained.exitCode, 0, explained.stderr);
  const story = JSON.parse(explained.stdout) as { events: Array<{ event: string; text: string; driver?: { slurmJobId?: string } }> };
  const kinds = story.events.map((e) => e.event);
  const [deferred, handedBack] = [story.events.find((e) => e.event === 'deferred'), story.events.find((e) => e.event === 'handed-back')];
  assert.ok(kinds.indexOf('ready') < kinds.indexOf('deferred') && kinds.indexOf('deferred') < kinds.indexOf('handed-back') && kinds.indexOf('handed-back') < kinds.indexOf('submitted'), kinds.join(' '));
  assert.match(deferred?.text ?? '', /^not started by driver pid \d+ on \S+ \(allocation \d+\): \d+ s left in the allocation, less than its expected 30 s and the margin \(40 s\); it waits for a later allocation/);
  assert.equal(handedBack?.driver?.slurmJobId, deferred?.driver?.slurmJobId, 'the allocation that deferred it handed itself back');
  const next = story.events.slice(kinds.indexOf('handed-back')).find((e) => e.event === 'driver-started');
  assert.ok(next?.driver?.slurmJobId !== undefined && next.driver.slurmJobId !== deferred?.driver?.slurmJobId, 'it ran in the next allocation');
  assert.equal(kinds.at(-1), 'succeeded');
});
