import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalExecutor, type LocalExecutorOptions } from '../../../../src/executors/local/local-executor.js';
import { isProcessAlive } from '../../../../src/process/proc-stat.js';
import type { JobEvent, JobLaunch, JobOutcome } from '../../../../src/executors/contract.js';

const createExecutor = (options: LocalExecutorOptions = {}): LocalExecutor => new LocalExecutor(options);

const dir = () => mkdtempSync(join(tmpdir(), 'bps-local-'));

function launch(folder: string, jobId: number, argv: string[], extra: Partial<JobLaunch> = {}): JobLaunch {
  const stem = join(folder, `job${jobId}.1`);
  return { jobId, name: `job${jobId}`, label: 'test', attempt: 1, argv, env: {}, cpus: 1, memoryMiB: 100, walltimeSec: undefined, stdoutPath: `${stem}.out`, stderrPath: `${stem}.err`, exitPath: `${stem}.exit`, ...extra };
}

/** Polls until every job has finished; returns the outcomes by job id and all events. */
async function drain(executor: LocalExecutor, count: number, timeoutMs = 20_000): Promise<{ outcomes: Map<number, JobOutcome>; events: JobEvent[] }> {
  const outcomes = new Map<number, JobOutcome>();
  const events: JobEvent[] = [];
  const end = Date.now() + timeoutMs;
  while (outcomes.size < count) {
    if (Date.now() > end) throw new Error(`only ${outcomes.size}/${count} jobs finished`);
    await executor.waitForActivity(200);
    for (const event of await executor.poll()) {
      events.push(event);
      if (event.type === 'finished') outcomes.set(event.handle.jobId, event.outcome);
    }
  }
  return { outcomes, events };
}

test('exit codes, signals, logs and exit files; argv reaches the program literally; env is passed', async () => {
  const folder = dir();
  const executor = createExecutor({ slots: 4 });
  try {
    await executor.submit([
      launch(folder, 1, ['/bin/sh', '-c', 'echo out; echo err >&2; exit 3']),
      launch(folder, 2, ['/bin/sh', '-c', 'kill -9 $$']),
      launch(folder, 3, ['/usr/bin/printf', '%s|', '; touch /tmp/x', '$(id)', '`id`']),
      launch(folder, 4, ['/bin/sh', '-c', 'echo "$BPS_TEST_VALUE"'], { env: { BPS_TEST_VALUE: 'hello world' } }),
      launch(folder, 5, ['/no/such/program']),
    ]);
    const { outcomes } = await drain(executor, 5);
    assert.deepEqual(outcomes.get(1), { kind: 'exited', exitCode: 3 });
    assert.deepEqual(outcomes.get(2), { kind: 'signaled', signal: 'SIGKILL' });
    assert.equal(readFileSync(join(folder, 'job1.1.out'), 'utf8'), 'out\n');
    assert.equal(readFileSync(join(folder, 'job1.1.err'), 'utf8'), 'err\n');
    assert.match(readFileSync(join(folder, 'job1.1.exit'), 'utf8'), /^exit 3 \d+/);
    assert.equal(readFileSync(join(folder, 'job3.1.out'), 'utf8'), '; touch /tmp/x|$(id)|`id`|');
    assert.equal(readFileSync(join(folder, 'job4.1.out'), 'utf8'), 'hello world\n');
    assert.deepEqual(outcomes.get(5), { kind: 'exited', exitCode: 127 });
  } finally {
    await executor.close();
  }
});

test('never more jobs at once than slots, and memory admission keeps big jobs apart', async () => {
  const folder = dir();
  const executor = createExecutor({ slots: 2, cores: 2, memoryMiB: 1000 });
  try {
    const span = (i: number, mem: number) => launch(folder, i, ['/bin/sh', '-c', `date +%s.%N; sleep 0.3; date +%s.%N`], { memoryMiB: mem });
    assert.equal(executor.freeSlots(), 2);
    await executor.submit([span(1, 100), span(2, 100)]);
    assert.equal(executor.freeSlots(), 0);
    await drain(executor, 2);
    await executor.submit([span(3, 600), span(4, 600)]);
    await drain(executor, 2);
    const [s3, e3] = readFileSync(join(folder, 'job3.1.out'), 'utf8').trim().split('\n').map(Number);
    const [s4, e4] = readFileSync(join(folder, 'job4.1.out'), 'utf8').trim().split('\n').map(Number);
    assert.ok((e3 as number) <= (s4 as number) || (e4 as number) <= (s3 as number), 'two 600 MiB jobs on a 1000 MiB site never overlap');
    assert.equal(executor.fits(1, 2000), false);
    assert.equal(executor.fits(3, 100), false);
  } finally {
    await executor.close();
  }
});

test('cancel stops the whole process group and reports cancelled', async () => {
  const folder = dir();
  const executor = createExecutor({ slots: 1, graceSec: 1 });
  try {
    const [result] = await executor.submit([launch(folder, 1, ['/bin/sh', '-c', `sleep 60 & echo $! > ${join(folder, 'child.pid')}; wait`], {})]);
    assert.ok(result?.ok);
    let started: JobEvent | undefined;
    while (!started) {
      await executor.waitForActivity(100);
      started = (await executor.poll()).find((e) => e.type === 'started');
    }
    await sleep(200);
    await executor.cancel([started.handle]);
    const { outcomes } = await drain(executor, 1);
    assert.equal(outcomes.get(1)?.kind, 'cancelled');
    const child = Number(readFileSync(join(folder, 'child.pid'), 'utf8'));
    await sleep(100);
    assert.equal(isProcessAlive(child), false, "the job's own child died with it (a zombie counts as dead)");
  } finally {
    await executor.close();
  }
});

test('a job outlives its executor and is adopted by the next one; finished and vanished jobs are told apart', async () => {
  const folder = dir();
  const first = createExecutor({ slots: 2 });
  await first.submit([launch(folder, 1, ['/bin/sh', '-c', 'sleep 1; exit 4']), launch(folder, 2, ['/bin/true'])]);
  const handles = [];
  while (handles.length < 2) {
    await first.waitForActivity(100);
    for (const event of await first.poll()) if (event.type === 'started') handles.push(event.handle);
  }
  await sleep(300);
  await first.close(); // the driver goes away without cancelling
  const second = createExecutor({ slots: 2 });
  try {
    const adopted = await second.adopt([...handles, { jobId: 3, attempt: 1, externalId: '999999', detail: '1', exitPath: join(folder, 'none.exit') }]);
    const status = Object.fromEntries(adopted.map((r) => [r.handle.jobId, r.status]));
    assert.deepEqual(status, { 1: 'alive', 2: 'finished', 3: 'gone' });
    const { outcomes } = await drain(second, 1);
    assert.deepEqual(outcomes.get(1), { kind: 'exited', exitCode: 4 });
    assert.ok(existsSync(join(folder, 'job1.1.exit')));
    const reused = await second.adopt([{ ...handles[0]!, jobId: 9, detail: String(Number(handles[0]!.detail ?? 0) + 1), exitPath: join(folder, 'other.exit') }]);
    assert.equal(reused[0]?.status, 'gone', 'a pid with another start time is not our job');
  } finally {
    await second.close();
  }
});

test('a job whose pid the driver never recorded is found through its pid file, not started twice', async () => {
  const folder = dir();
  const first = createExecutor({ slots: 1 });
  await first.submit([launch(folder, 7, ['/bin/sh', '-c', 'sleep 1; exit 0'])]);
  while (!existsSync(join(folder, 'job7.1.pid'))) await sleep(20);
  await first.close();
  const second = createExecutor({ slots: 1 });
  try {
    const [adopted] = await second.adopt([{ jobId: 7, attempt: 1, externalId: '', exitPath: join(folder, 'job7.1.exit') }]);
    assert.equal(adopted?.status, 'alive');
    const { outcomes } = await drain(second, 1);
    assert.deepEqual(outcomes.get(7), { kind: 'exited', exitCode: 0 });
  } finally {
    await second.close();
  }
});

/** A program holding `mib` MiB (touched, so resident) for `ms` milliseconds. */
function hog(mib: number, ms: number): string[] {
  const code = `const b=[];for(let i=0;i<${mib};i+=16){const x=Buffer.allocUnsafe(16<<20);for(let j=0;j<x.length;j+=4096)x[j]=1;b.push(x)};setTimeout(()=>{},${ms})`;
  return [process.execPath, '-e', code];
}

test('usage: the wrapper reports peak memory, CPU and run time; with enforceMemory a job over its request is killed out of memory', async () => {
  const folder = dir();
  const executor = createExecutor({ slots: 3, enforceMemory: true, memoryMiB: 4096 });
  try {
    await executor.submit([
      launch(folder, 1, hog(160, 300), { memoryMiB: 1000 }),
      launch(folder, 2, hog(320, 5000), { memoryMiB: 200 }),
      launch(folder, 3, ['/bin/sh', '-c', 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done'], { memoryMiB: 1000 }),
    ]);
    const { outcomes, events } = await drain(executor, 3);
    const usage = new Map(events.flatMap((e) => (e.type === 'finished' && e.usage ? [[e.handle.jobId, e.usage] as const] : [])));
    assert.deepEqual(outcomes.get(1), { kind: 'exited', exitCode: 0 });
    assert.ok((usage.get(1)?.maxRssMiB ?? 0) >= 160 && (usage.get(1)?.maxRssMiB ?? 0) < 160 + 100, `peak ${usage.get(1)?.maxRssMiB}`);
    assert.ok((usage.get(1)?.wallSec ?? 0) >= 0.3, 'the run time includes its 300 ms wait');
    assert.deepEqual(outcomes.get(2), { kind: 'out-of-memory' });
    assert.ok((usage.get(2)?.maxRssMiB ?? 0) >= 320, 'killed after it reached its whole need: the peak it showed says so');
    assert.ok((usage.get(2)?.wallSec ?? 99) < 4.5, 'killed within two samples of going over, long before its end');
    assert.match(readFileSync(join(folder, 'job2.1.exit'), 'utf8'), /^memory 9 \d+ cpu=[\d.]+ wall=[\d.]+ rss=\d+\n$/);
    assert.ok((usage.get(3)?.cpuSec ?? 0) > 0.05, `a busy shell loop uses CPU: ${usage.get(3)?.cpuSec}`);
  } finally {
    await executor.close();
  }
});
