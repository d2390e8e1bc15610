/**
 * Status from another host (docs/ARCHITECTURE.md): a reader that finds the driver lock taken on another host
 * reads what that driver published (status.json, the state snapshot), never the live SQLite file.
 * `BPS_HOSTNAME` makes this process believe it is on one host or the other.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { renameSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { readPublishedStatus, STATUS_FILE } from '../../../src/app/published-status.js';
import { openRun } from '../../../src/app/run-lookup.js';
import { readStatusReport } from '../../../src/app/status.js';
import { JobState } from '../../../src/model/job-state.js';
import { closeAfter } from '../state/fixtures.js';
import { asHost, COMPUTE, remoteDriver } from './remote-driver.js';

test('a reader on another host sees the published status and snapshot, not the live state', (t) => {
  const { dir, db, publisher } = remoteDriver(t);
  publisher.start();
  db.applyRound({ transitions: [{ job: 0, state: JobState.SUCCEEDED, at: Date.now() }] }); // after the publication
  const report = asHost('login-1', () => readStatusReport(dir));
  assert.equal(report.run.driverAlive, true, 'the heartbeat is fresh');
  assert.equal(report.totals.succeeded, 0, 'what was published, not the live file');
  const view = asHost('login-1', () => openRun(dir, { readonly: true }));
  closeAfter(t, () => view.close());
  assert.match(view.path, /bps\.snapshot\.sqlite$/);
  assert.equal(view.labelCounts()[0]?.counts['SUCCEEDED'] ?? 0, 0);
  // On the driver's own host, the live file.
  const local = asHost(COMPUTE, () => readStatusReport(dir));
  assert.equal(local.totals.succeeded, 1);
  publisher.finish({ ...report, run: { ...report.run, state: 'SUCCEEDED' } });
  const final = asHost('login-1', () => readStatusReport(dir));
  assert.equal(final.run.driverAlive, false, 'its last publication says the driver ended');
  assert.equal(final.run.state, 'SUCCEEDED');
  const reopened = asHost('login-1', () => openRun(dir, { readonly: true }));
  closeAfter(t, () => reopened.close());
  assert.equal(reopened.labelCounts()[0]?.counts['SUCCEEDED'], 1, 'the final snapshot has the last round');
});

test('a driver silent for a minute counts as dead to readers elsewhere', (t) => {
  const { dir, publisher } = remoteDriver(t);
  publisher.start();
  const published = readPublishedStatus(dir);
  assert.ok(published);
  writeFileSync(join(dir, STATUS_FILE), JSON.stringify({ ...published, publishedAt: new Date(Date.now() - 61_000).toISOString() }));
  utimesSync(join(dir, STATUS_FILE), new Date(), new Date());
  assert.equal(asHost('login-1', () => readStatusReport(dir)).run.driverAlive, false);
});

test('no snapshot published yet: a view from another host says so instead of opening the live file', (t) => {
  const { dir } = remoteDriver(t);
  assert.throws(() => asHost('login-1', () => openRun(dir, { readonly: true })), /No published state at .*bps\.snapshot\.sqlite/);
});

test('a driver that took its lock a moment ago: a view from another host waits for its first snapshot', async (t) => {
  const { dir, publisher } = remoteDriver(t);
  publisher.start();
  publisher.stop();
  // The lock is fresh and the snapshot not there yet; another process puts it in place 300 ms later.
  writeFileSync(join(dir, 'driver.pid'), `4242\n${JSON.stringify({ pid: 4242, host: COMPUTE, startTicks: 1, startedAt: new Date().toISOString() })}\n`);
  renameSync(join(dir, 'bps.snapshot.sqlite'), join(dir, 'first.snapshot'));
  const mover = spawn(process.execPath, ['-e', `setTimeout(() => require('node:fs').renameSync(${JSON.stringify(join(dir, 'first.snapshot'))}, ${JSON.stringify(join(dir, 'bps.snapshot.sqlite'))}), 300)`]);
  const moved = once(mover, 'exit');
  const started = Date.now();
  const view = asHost('login-1', () => openRun(dir, { readonly: true }));
  closeAfter(t, () => view.close());
  assert.match(view.path, /bps\.snapshot\.sqlite$/);
  assert.ok(Date.now() - started >= 200, 'it waited for the snapshot');
  assert.deepEqual(await moved, [0, null]);
});
