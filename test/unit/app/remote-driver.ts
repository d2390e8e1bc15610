/** A run whose driver "runs on a compute node", for tests of status from another host (BPS_HOSTNAME decides). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StatusPublisher } from '../../../src/app/status-publisher.js';
import { silentLogger } from '../../../src/log/logger.js';
import { createRunState } from '../../../src/state/create-run.js';
import { RunDatabase } from '../../../src/state/index.js';
import { closeAfter, smallRun, tempDir } from '../state/fixtures.js';

export const COMPUTE = 'compute-node-7';

export function asHost<T>(host: string, work: () => T): T {
  const before = process.env['BPS_HOSTNAME'];
  process.env['BPS_HOSTNAME'] = host;
  try {
    return work();
  } finally {
    if (before === undefined) delete process.env['BPS_HOSTNAME'];
    else process.env['BPS_HOSTNAME'] = before;
  }
}

/** A run with a "driver" on the compute node: its lock, its open state, its publisher. */
export function remoteDriver(t: Parameters<typeof tempDir>[0]) {
  const dir = tempDir(t);
  createRunState(join(dir, 'bps.sqlite'), smallRun(dir));
  writeFileSync(join(dir, 'driver.pid'), `4242\n${JSON.stringify({ pid: 4242, host: COMPUTE, startTicks: 1, startedAt: '2026-01-01T00:00:00Z', slurmJobId: '656' })}\n`);
  const db = RunDatabase.open(join(dir, 'bps.sqlite'));
  closeAfter(t, () => db.close());
  const summary = () => ({ name: 'u/me/run', id: 'run-1', submitDir: dir, state: 'RUNNING' as const, driverAlive: true });
  const publisher = new StatusPublisher(db, summary, { host: COMPUTE, pid: 4242 }, silentLogger());
  return { dir, db, publisher };
}
