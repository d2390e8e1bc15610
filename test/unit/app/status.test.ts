import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasEnded, watchReports } from '../../../src/app/status.js';
import { buildStatusReport, type StatusReport } from '../../../src/report/status.js';
import type { JobStateName } from '../../../src/model/job-state.js';

function report(state: JobStateName, driverAlive: boolean, succeeded = 0): StatusReport {
  return buildStatusReport({ name: 'u/me/run', id: 'id', submitDir: '/s', state, driverAlive }, [{ label: 'isr', counts: { SUCCEEDED: succeeded, PENDING: 3 - succeeded } }]);
}

describe('watchReports', () => {
  it('reads until no driver is alive and hands every report on, the last included', async () => {
    const sequence = [report('RUNNING', true, 0), report('RUNNING', true, 1), report('SUCCEEDED', true, 3), report('SUCCEEDED', false, 3)];
    const seen: StatusReport[] = [];
    let reads = 0;
    const result = await watchReports(() => sequence[Math.min(reads++, sequence.length - 1)] as StatusReport, { intervalMs: 1, onReport: (r) => seen.push(r) });
    assert.equal(result.interrupted, false);
    assert.deepEqual(seen, sequence);
    assert.equal(result.report.run.state, 'SUCCEEDED');
  });

  it('ends at once for a run nobody drives (finished, or interrupted and left RUNNING)', async () => {
    for (const state of ['SUCCEEDED', 'RUNNING'] as const) {
      let reads = 0;
      await watchReports(() => (reads++, report(state, false)), { intervalMs: 10_000, onReport: () => undefined });
      assert.equal(reads, 1, state);
    }
  });

  it('an abort ends the wait between two reads and says so', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const result = await watchReports(() => report('RUNNING', true), { intervalMs: 60_000, signal: controller.signal, onReport: () => undefined });
    assert.equal(result.interrupted, true);
    assert.ok(Date.now() - started < 5_000);
  });
});

describe('hasEnded', () => {
  it('follows the driver, not the state: a restart holds the lock before it sets a FAILED run back to RUNNING', () => {
    assert.equal(hasEnded(report('FAILED', true)), false);
    assert.equal(hasEnded(report('RUNNING', false)), true);
  });
});
