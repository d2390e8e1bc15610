import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive, processStartTicks } from '../../../src/process/proc-stat.js';

test('a running process is alive with its own start ticks, and not with another start time (a reused pid)', () => {
  const ticks = processStartTicks(process.pid);
  assert.ok(ticks !== null && ticks > 0);
  assert.equal(isProcessAlive(process.pid), true);
  assert.equal(isProcessAlive(process.pid, ticks), true);
  assert.equal(isProcessAlive(process.pid, (ticks ?? 0) + 1), false);
  assert.equal(isProcessAlive(0), false);
});

test('a zombie (ended, not yet reaped by its parent: a SIGKILLed driver under PID 1) is not alive', async () => {
  // `sleep 0.1 &` ends while its parent, exec'd into `sleep 5`, never reaps it: a zombie for ~5 s.
  const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const [chunk] = (await once(parent.stdout, 'data')) as [Buffer];
  const zombie = Number(chunk.toString().trim());
  try {
    for (let i = 0; i < 50 && processStartTicks(zombie) !== null && isProcessAlive(zombie); i += 1) await sleep(50);
    assert.notEqual(processStartTicks(zombie), null, 'its /proc entry is still there');
    assert.equal(isProcessAlive(zombie), false);
  } finally {
    parent.kill('SIGKILL');
  }
});
