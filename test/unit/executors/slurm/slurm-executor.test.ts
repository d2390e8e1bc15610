import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JobEvent, JobLaunch } from '../../../../src/executors/contract.js';
import { SlurmExecutor } from '../../../../src/executors/slurm/slurm-executor.js';
import { SQUEUE_FORMAT } from '../../../../src/slurm/args.js';
import { SlurmClient, type SlurmCallResult, type SlurmCommand } from '../../../../src/slurm/client.js';

interface FakeJob {
  id: string;
  /** The array's own id for a task, else the job's id (squeue's %F). */
  master: string;
  name: string;
  state: string;
  reason: string;
  exitCode: string;
  /** sacct's MaxRSS of its batch step (e.g. `204800K`), ElapsedRaw and TotalCPU; empty: not recorded. */
  maxRss?: string;
  elapsed?: string;
  totalCpu?: string;
}

/**
 * A Slurm controller in memory behind the real client class: the executor's own logic (window, one
 * squeue per round, history lookups, adoption by name, lost answers) runs unchanged.
 */
class FakeSlurm extends SlurmClient {
  readonly jobs = new Map<string, FakeJob>();
  /** Jobs the controller purged from squeue but accounting still knows. */
  readonly purged = new Set<string>();
  accountingDisabled = false;
  /** Fail the next sbatch calls with a timeout; `queueAnyway` queues the job first (the answer is lost). */
  sbatchTimeouts = 0;
  queueAnyway = false;
  readonly sbatchScripts: string[] = [];
  private nextId = 100;

  constructor() {
    super({ backoffMs: 1, maxBackoffMs: 2 });
  }

  override async once(command: SlurmCommand, args: readonly string[]): Promise<SlurmCallResult> {
    this.calls.set(command, (this.calls.get(command) ?? 0) + 1);
    const ok = (stdout: string): SlurmCallResult => ({ exitCode: 0, stdout, stderr: '' });
    switch (command) {
      case 'sbatch': {
        const script = readFileSync(args[args.length - 1] as string, 'utf8');
        const name = /^#SBATCH --job-name=(\S+)$/m.exec(script)?.[1] ?? '';
        const tasks = Number(/^#SBATCH --array=0-(\d+)$/m.exec(script)?.[1] ?? -1) + 1;
        this.sbatchScripts.push(script);
        if (this.sbatchTimeouts > 0) {
          this.sbatchTimeouts -= 1;
          if (this.queueAnyway) this.add(name, tasks);
          return { exitCode: 1, stdout: '', stderr: 'sbatch: error: Batch job submission failed: Socket timed out on send/recv operation\n' };
        }
        return ok(`${this.add(name, tasks)}\n`);
      }
      case 'squeue': {
        const nameIndex = args.indexOf('-n');
        const wanted = nameIndex >= 0 ? args[nameIndex + 1] : undefined;
        const visible = [...this.jobs.values()].filter((job) => !this.purged.has(job.id) && (wanted === undefined || job.name === wanted));
        if (wanted !== undefined) return ok([...new Set(visible.map((job) => job.master))].map((id) => `${id}\n`).join(''));
        return ok(visible.map((job) => formatSqueue(job)).join(''));
      }
      case 'sacct': {
        if (this.accountingDisabled) return { exitCode: 1, stdout: '', stderr: 'Slurm accounting storage is disabled\n' };
        const ids = new Set((args[args.indexOf('-j') + 1] ?? '').split(','));
        // sacctArgs' fields, a job row and its batch step's (where MaxRSS is), as Slurm 22.05 prints them.
        return ok([...this.jobs.values()].filter((job) => ids.has(job.id)).map((job) => {
          const [elapsed, cpu] = [job.elapsed ?? '0', job.totalCpu ?? '00:00:00'];
          return `${job.id}|${job.id}|${job.state}|${job.exitCode}|${job.reason}||${elapsed}|${cpu}|${job.name}\n${job.id}.batch|${job.id}.batch|${job.state}|${job.exitCode}||${job.maxRss ?? ''}|${elapsed}|${cpu}|batch\n`;
        }).join(''));
      }
      case 'scontrol':
        return ok([...this.jobs.values()].map((job) => `JobId=${job.id} JobName=${job.name} UserId=root(0) JobState=${job.state} Reason=${job.reason} ExitCode=${job.exitCode} RunTime=00:00:01\n`).join(''));
      case 'scancel':
        for (const id of args) {
          const job = this.jobs.get(id);
          if (job) Object.assign(job, { state: 'CANCELLED', reason: 'None', exitCode: '0:15' });
        }
        return ok('');
      default:
        return ok('');
    }
  }

  /** Queues a job, or an array of `tasks` tasks (ids `<id>_<i>`); returns what sbatch --parsable prints. */
  add(name: string, tasks = 0): string {
    const id = String(this.nextId++);
    if (tasks <= 0) this.jobs.set(id, { id, master: id, name, state: 'PENDING', reason: 'Priority', exitCode: '0:0' });
    for (let i = 0; i < tasks; i += 1) this.jobs.set(`${id}_${i}`, { id: `${id}_${i}`, master: id, name, state: 'PENDING', reason: 'Priority', exitCode: '0:0' });
    return id;
  }

  set(id: string, state: string, reason = 'None', exitCode = '0:0'): void {
    Object.assign(this.jobs.get(id) as FakeJob, { state, reason, exitCode });
  }
}

function formatSqueue(job: FakeJob): string {
  return `${SQUEUE_FORMAT.replace('%i', job.id).replace('%T', job.state).replace('%r', job.reason).replace('%j', job.name)}\n`;
}

function setup(options: { maxQueued?: number; usageWaitMs?: number; usageAskEveryMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bps-slurm-exec-'));
  const slurm = new FakeSlurm();
  const executor = new SlurmExecutor({
    siteName: 'test', runId: 'R1', submitDir: dir, settings: {}, maxQueued: options.maxQueued ?? 500,
    pace: { minMs: 1, maxMs: 4 }, client: slurm, user: 'tester', lostAfterMs: 0, ...(options.usageWaitMs === undefined ? {} : { usageWaitMs: options.usageWaitMs }),
    ...(options.usageAskEveryMs === undefined ? {} : { usageAskEveryMs: options.usageAskEveryMs }),
  });
  const launch = (jobId: number, attempt = 1): JobLaunch => ({
    jobId, name: `job${jobId}`, label: 'isr', attempt, argv: ['/bin/true'], env: {}, cpus: 1, memoryMiB: 100, walltimeSec: undefined,
    stdoutPath: join(dir, `job${jobId}.${attempt}.out`), stderrPath: join(dir, `job${jobId}.${attempt}.err`), exitPath: join(dir, `job${jobId}.${attempt}.exit`),
  });
  return { dir, slurm, executor, launch, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const finished = (events: JobEvent[]) =>
  events.filter((e) => e.type === 'finished').map((e) => [e.handle.jobId, e.type === 'finished' ? e.outcome : undefined]).sort((a, b) => (a[0] as number) - (b[0] as number));

test('the window: never more than maxQueued jobs held by Slurm', async () => {
  const { executor, launch, cleanup } = setup({ maxQueued: 3 });
  try {
    assert.equal(executor.freeSlots(), 3);
    const results = await executor.submit([launch(1), launch(2)]);
    assert.ok(results.every((r) => r.ok));
    assert.equal(executor.freeSlots(), 1);
  } finally {
    cleanup();
  }
});

test('one squeue per poll whatever the number of jobs; queued, running and ended jobs become events', async () => {
  const { slurm, executor, launch, cleanup } = setup();
  try {
    const results = await executor.submit(Array.from({ length: 200 }, (_, i) => launch(i + 1)));
    const ids = results.map((r) => (r.ok ? r.handle.externalId : ''));
    assert.equal(slurm.calls.get('sbatch'), 1, 'jobs with the same request go as ONE job array');
    assert.deepEqual(ids.slice(0, 3), ['100_0', '100_1', '100_2']);
    assert.match(slurm.sbatchScripts[0] ?? '', /^#SBATCH --array=0-199$/m);
    slurm.set(ids[0] as string, 'PENDING', 'Resources');
    slurm.set(ids[1] as string, 'PENDING', 'JobHeldUser');
    slurm.set(ids[2] as string, 'RUNNING');
    slurm.set(ids[3] as string, 'FAILED', 'NonZeroExitCode', '3:0');
    slurm.set(ids[4] as string, 'TIMEOUT', 'TimeLimit', '0:15');
    const squeueBefore = slurm.calls.get('squeue') ?? 0;
    const before = slurm.callCount();
    const events = await executor.poll();
    assert.equal((slurm.calls.get('squeue') ?? 0) - squeueBefore, 1, 'one squeue call for 200 jobs');
    assert.equal(slurm.callCount() - before, 2, "and one sacct for the FAILED job's exit code, which squeue does not print");
    const waiting = events.filter((e) => e.type === 'waiting').map((e) => (e.type === 'waiting' ? [e.handle.jobId, e.reason, e.held] : []));
    assert.deepEqual(waiting.slice(0, 2), [[1, 'Resources', false], [2, 'JobHeldUser', true]]);
    assert.deepEqual(events.filter((e) => e.type === 'started').map((e) => e.handle.jobId), [3]);
    assert.deepEqual(finished(events), [[4, { kind: 'exited', exitCode: 3 }], [5, { kind: 'timeout' }]]);
    assert.equal(executor.freeSlots(), 500 - 198);
  } finally {
    cleanup();
  }
});

test("the job's exit-status file decides; jobs gone from squeue are settled by ONE sacct, else by scontrol", async () => {
  const { slurm, executor, launch, dir, cleanup } = setup();
  try {
    const ids = (await executor.submit([launch(1), launch(2), launch(3), launch(4)])).map((r) => (r.ok ? r.handle.externalId : ''));
    slurm.set(ids[0] as string, 'COMPLETED');
    writeFileSync(join(dir, 'job1.1.exit'), 'exit 7 1700000000\n'); // the payload's code, whatever Slurm says
    slurm.set(ids[1] as string, 'FAILED', 'NonZeroExitCode', '2:0');
    slurm.set(ids[2] as string, 'OUT_OF_MEMORY', 'OutOfMemory', '0:125');
    for (const id of ids.slice(1, 3)) slurm.purged.add(id as string);
    const before = slurm.callCount();
    const events = await executor.poll();
    assert.equal(slurm.callCount() - before, 2, 'squeue + one sacct');
    assert.deepEqual(finished(events), [[1, { kind: 'exited', exitCode: 7 }], [2, { kind: 'exited', exitCode: 2 }], [3, { kind: 'out-of-memory' }]]);

    slurm.accountingDisabled = true;
    slurm.set(ids[3] as string, 'NODE_FAIL', 'NodeDown', '0:0');
    slurm.purged.add(ids[3] as string);
    const more = await executor.poll();
    assert.deepEqual(finished(more).map(([id, outcome]) => [id, (outcome as { kind: string }).kind]), [[4, 'lost']]);
    assert.ok(executor.pollStats.maxCallsPerRound <= 3, `calls per round: ${executor.pollStats.maxCallsPerRound}`);
  } finally {
    cleanup();
  }
});

test('a job no client command knows, with no exit file, is lost after a few polls (and reruns)', async () => {
  const { slurm, executor, launch, cleanup } = setup();
  try {
    const [result] = await executor.submit([launch(1)]);
    slurm.jobs.delete(result?.ok ? result.handle.externalId : '');
    const before = slurm.callCount();
    assert.deepEqual(await executor.poll(), []);
    assert.equal(slurm.callCount() - before, 3, 'squeue, sacct, and scontrol for what sacct does not know (yet)');
    assert.deepEqual(await executor.poll(), []);
    const events = await executor.poll();
    assert.equal(events.length, 1);
    assert.match(JSON.stringify(events[0]), /"kind":"lost".*vanished/);
  } finally {
    cleanup();
  }
});

test('an sbatch answer lost to a timeout: the job is found by name, never submitted twice', async () => {
  const { slurm, executor, launch, cleanup } = setup();
  try {
    slurm.sbatchTimeouts = 1;
    slurm.queueAnyway = true;
    const [result] = await executor.submit([launch(1)]);
    assert.ok(result?.ok);
    assert.equal(slurm.jobs.size, 1, 'one Slurm job');
    assert.equal(result.handle.externalId, [...slurm.jobs.keys()][0]);
    assert.equal(slurm.calls.get('sbatch'), 1);

    slurm.sbatchTimeouts = 2;
    slurm.queueAnyway = false;
    const [second] = await executor.submit([launch(2)]);
    assert.ok(second?.ok, 'timeouts before queueing are retried');
    assert.equal(slurm.jobs.size, 2);
  } finally {
    cleanup();
  }
});

test('a permanent sbatch error fails the submit with its message', async () => {
  const { slurm, executor, launch, cleanup } = setup();
  try {
    slurm.once = async () => ({ exitCode: 1, stdout: '', stderr: 'sbatch: error: Batch job submission failed: Invalid partition name specified\n' });
    const [result] = await executor.submit([launch(1)]);
    assert.deepEqual(result, { ok: false, jobId: 1, attempt: 1, error: 'sbatch: error: Batch job submission failed: Invalid partition name specified' });
  } finally {
    cleanup();
  }
});

test('restart: jobs are adopted by id or, when the sbatch answer never got recorded, by name; finished ones settle; unknown ones are gone', async () => {
  const { slurm, executor, dir, cleanup } = setup();
  try {
    const running = slurm.add('bps.R1.1.1.isr');
    slurm.set(running, 'RUNNING');
    slurm.add('bps.R1.2.1.isr'); // submitted, but the driver died before recording the id
    const done = slurm.add('bps.R1.3.1.isr');
    slurm.set(done, 'COMPLETED');
    writeFileSync(join(dir, 'job3.1.exit'), 'exit 0 1700000000\n');
    slurm.add('bps.OTHER.4.1.isr'); // another run's job with the same job id: not ours
    const handle = (jobId: number, externalId: string) => ({ jobId, attempt: 1, externalId, exitPath: join(dir, `job${jobId}.1.exit`) });
    const results = await executor.adopt([handle(1, running), handle(2, ''), handle(3, done), handle(4, '')]);
    assert.deepEqual(results.map((r) => [r.handle.jobId, r.status]), [[1, 'alive'], [2, 'alive'], [3, 'finished'], [4, 'gone']]);
    assert.equal(results[1]?.handle.externalId, '101', 'found by its name');
    await executor.cancel(results.filter((r) => r.status === 'alive').map((r) => r.handle));
    assert.equal(slurm.calls.get('scancel'), 1, 'one scancel for the whole run');
    assert.deepEqual([...slurm.jobs.values()].filter((j) => j.state === 'CANCELLED').map((j) => j.name), ['bps.R1.1.1.isr', 'bps.R1.2.1.isr']);
  } finally {
    cleanup();
  }
});

test('a controller that stays unreachable: the batch is handed back for a later round, not failed', async () => {
  const { slurm, executor, launch, cleanup } = setup();
  try {
    slurm.sbatchTimeouts = 1000;
    const results = await executor.submit([launch(1), launch(2), launch(3)]);
    assert.ok(results.every((r) => !r.ok && r.retryLater === true), JSON.stringify(results));
    assert.ok((slurm.calls.get('sbatch') ?? 0) <= 6 * 4, 'the rest of the batch did not each retry');
    assert.equal(slurm.jobs.size, 0);
    assert.equal(executor.freeSlots(), 500);
  } finally {
    cleanup();
  }
});

test('jobs with different requests go as separate arrays; a restarted driver finds array tasks by the array name', async () => {
  const { slurm, executor, launch, dir, cleanup } = setup();
  try {
    const big = (jobId: number) => ({ ...launch(jobId), memoryMiB: 8192 });
    const results = await executor.submit([launch(1), big(2), launch(3), big(4), { ...launch(5), cpus: 4 }]);
    assert.equal(slurm.calls.get('sbatch'), 3, 'two arrays and one plain job');
    assert.deepEqual(results.map((r) => (r.ok ? r.handle.externalId : '')), ['100_0', '101_0', '100_1', '101_1', '102']);
    slurm.set('101_1', 'RUNNING');
    // A new driver whose store never learnt the ids (the sbatch answers were lost with the old driver).
    const restarted = new SlurmExecutor({
      siteName: 'test', runId: 'R1', submitDir: dir, settings: {}, maxQueued: 500, pace: { minMs: 1, maxMs: 4 }, client: slurm, user: 'tester',
    });
    const adopted = await restarted.adopt([2, 3, 4].map((jobId) => ({ jobId, attempt: 1, externalId: '', exitPath: join(dir, `job${jobId}.1.exit`) })));
    assert.deepEqual(adopted.map((r) => [r.handle.jobId, r.status, r.handle.externalId]), [[2, 'alive', '101_0'], [3, 'alive', '100_1'], [4, 'alive', '101_1']]);
  } finally {
    cleanup();
  }
});

test('a job missing from every record only for a moment (sacct lags) is not declared lost', async () => {
  const { slurm, launch, dir, cleanup } = setup();
  try {
    const patient = new SlurmExecutor({
      siteName: 'test', runId: 'R1', submitDir: dir, settings: {}, maxQueued: 500, pace: { minMs: 1, maxMs: 4 }, client: slurm, user: 'tester', lostAfterMs: 60_000,
    });
    const [result] = await patient.submit([launch(1)]);
    slurm.jobs.delete(result?.ok ? result.handle.externalId : '');
    for (let i = 0; i < 5; i += 1) assert.deepEqual(await patient.poll(), []);
    assert.equal(patient.freeSlots(), 499, 'still watched');
  } finally {
    cleanup();
  }
});

test('usage: a job settled by sacct carries it; one settled from its exit file gets it as a later event, from the same one sacct', async () => {
  const { slurm, executor, launch, dir, cleanup } = setup({ usageWaitMs: 200 });
  try {
    const ids = (await executor.submit([launch(1), launch(2), launch(3)])).map((r) => (r.ok ? r.handle.externalId : ''));
    const [a, b, c] = ids as [string, string, string];
    Object.assign(slurm.jobs.get(a) as FakeJob, { maxRss: '512000K', elapsed: '42', totalCpu: '00:40.500' });
    slurm.set(a, 'COMPLETED');
    writeFileSync(join(dir, 'job1.1.exit'), 'exit 0 1700000000\n');
    slurm.purged.add(a);
    Object.assign(slurm.jobs.get(b) as FakeJob, { maxRss: '4G', elapsed: '61', totalCpu: '00:58.100' });
    slurm.set(b, 'OUT_OF_MEMORY', 'OutOfMemory', '0:125');
    slurm.purged.add(b);
    let before = slurm.callCount();
    const first = await executor.poll();
    assert.equal(slurm.callCount() - before, 2, 'squeue + ONE sacct: job 2\'s end, job 1\'s usage');
    assert.deepEqual(first.filter((e) => e.type !== 'waiting').map((e) => (e.type === 'finished' ? [e.type, e.handle.jobId, e.outcome.kind, e.usage] : e.type === 'usage' ? [e.type, e.handle.jobId, e.usage] : [e.type])), [
      ['finished', 1, 'exited', undefined],
      ['finished', 2, 'out-of-memory', { maxRssMiB: 4096, wallSec: 61, cpuSec: 58.1 }],
      ['usage', 1, { maxRssMiB: 500, wallSec: 42, cpuSec: 40.5 }],
    ]);
    // Accounting lags: job 3 left squeue and wrote its exit file, sacct still says RUNNING: asked for usageWaitMs.
    slurm.set(c, 'RUNNING');
    slurm.purged.add(c);
    writeFileSync(join(dir, 'job3.1.exit'), 'exit 0 1700000000\n');
    const asks: number[] = [];
    for (const pause of [0, 0, 300, 0]) {
      await sleep(pause);
      before = slurm.callCount();
      const events = await executor.poll();
      assert.ok(!events.some((e) => e.type === 'usage'));
      asks.push(slurm.callCount() - before);
    }
    assert.deepEqual(asks, [2, 2, 2, 0], 'a sacct each round until usageWaitMs has passed, then nothing is watched: no call');
  } finally {
    cleanup();
  }
});

test('usage alone is asked at most every usageAskEveryMs while jobs still run, and at once when nothing is left in Slurm', async () => {
  const { slurm, executor, launch, dir, cleanup } = setup({ usageAskEveryMs: 300 });
  try {
    const ids = (await executor.submit([launch(1), launch(2), launch(3)])).map((r) => (r.ok ? r.handle.externalId : ''));
    const [a, b, c] = ids as [string, string, string];
    for (const id of ids) slurm.set(id, 'RUNNING');
    const settle = (id: string, job: number) => {
      slurm.set(id, 'COMPLETED');
      slurm.purged.add(id);
      writeFileSync(join(dir, `job${job}.1.exit`), 'exit 0 1700000000\n');
    };
    const round = async () => {
      const before = slurm.calls.get('sacct') ?? 0;
      const events = await executor.poll();
      return { sacct: (slurm.calls.get('sacct') ?? 0) - before, usage: events.filter((e) => e.type === 'usage').map((e) => e.handle.jobId) };
    };
    settle(a, 1);
    assert.deepEqual(await round(), { sacct: 1, usage: [1] }, 'the first usage is asked at once');
    settle(b, 2);
    assert.deepEqual(await round(), { sacct: 0, usage: [] }, 'job 3 still runs: job 2 waits for the next ask');
    assert.deepEqual(await round(), { sacct: 0, usage: [] });
    await sleep(350);
    assert.deepEqual(await round(), { sacct: 1, usage: [2] }, 'usageAskEveryMs passed: one sacct');
    settle(c, 3);
    assert.deepEqual(await round(), { sacct: 1, usage: [3] }, 'nothing left in Slurm: asked at once');
  } finally {
    cleanup();
  }
});
