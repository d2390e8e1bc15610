import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandRunner } from '../../../src/process/command-runner.js';

test('runs a command without a shell and returns its exit code, stdout and stderr, byte for byte', async () => {
  const runner = new CommandRunner();
  try {
    const hostile = "$(echo no) `echo no` ; 'quoted' \n second line ü";
    const result = await runner.run(['/bin/sh', '-c', 'printf "%s" "$1"; printf err >&2; exit 3', 'sh', hostile], { timeoutMs: 10_000 });
    assert.deepEqual(result, { exitCode: 3, stdout: hostile, stderr: 'err', timedOut: false, notFound: false, runnerLost: false });
  } finally {
    runner.close();
  }
});

test('stdin, large output, signals, timeouts and missing commands', async () => {
  const runner = new CommandRunner();
  try {
    assert.equal((await runner.run(['/bin/cat'], { input: 'to stdin', timeoutMs: 10_000 })).stdout, 'to stdin');
    const big = await runner.run(['/bin/sh', '-c', 'head -c 300000 /dev/zero | tr "\\0" x; head -c 100000 /dev/zero | tr "\\0" y >&2'], { timeoutMs: 10_000 });
    assert.equal(big.stdout.length, 300_000, 'both pipes drained: no deadlock on a full pipe');
    assert.equal(big.stderr.length, 100_000);
    assert.equal((await runner.run(['/bin/sh', '-c', 'kill -9 $$'], { timeoutMs: 10_000 })).exitCode, 137);
    const slow = await runner.run(['/bin/sleep', '30'], { timeoutMs: 1000 });
    assert.equal(slow.timedOut, true);
    assert.equal(slow.exitCode, 124);
    const missing = await runner.run(['/no/such/command'], { timeoutMs: 10_000 });
    assert.equal(missing.notFound, true);
    assert.equal(missing.exitCode, 127);
  } finally {
    runner.close();
  }
});

test('calls queue up and are answered in order', async () => {
  const runner = new CommandRunner();
  try {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => runner.run(['/bin/echo', String(i)], { timeoutMs: 10_000 })));
    assert.deepEqual(results.map((r) => r.stdout.trim()), Array.from({ length: 20 }, (_, i) => String(i)));
  } finally {
    runner.close();
  }
});
