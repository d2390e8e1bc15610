import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bps, DEMO_CONFIG, useDemoWorkspace } from '../support/bps-cli.js';
import { schemaErrors, type SchemaName } from '../support/json-schema.js';
import { writeFaults } from '../support/standin.js';

const workspace = useDemoWorkspace();
const OK_RUN = 'u/test/schema-ok';
const FAILED_RUN = 'u/test/schema-failed';

/** Runs `bps ARGS` (which must print JSON) and returns the parsed document. */
async function json(args: readonly string[], exitCode = 0): Promise<unknown> {
  const result = await bps(args, { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(result.exitCode, exitCode, result.stderr);
  return JSON.parse(result.stdout) as unknown;
}

function assertValid(schema: SchemaName, data: unknown): void {
  assert.deepEqual(schemaErrors(schema, data), [], `${schema}: ${JSON.stringify(data).slice(0, 300)}`);
}

test('two runs to report on: one succeeded, one with a failed job (and the jobs it pruned)', async () => {
  const faults = writeFaults(workspace.work.dir, 'faults', '- {label: calibrate, dataId: {detector: 94}, exitCode: 1}\n');
  const ok = await bps(['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', OK_RUN], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(ok.exitCode, 0, ok.stderr);
  const failed = await bps(['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', FAILED_RUN], { cwd: workspace.work.dir, env: { ...workspace.work.env, STANDIN_FAULTS: faults } });
  assert.equal(failed.exitCode, 1, failed.stderr);
});

test('bps status --json validates against schemas/status.schema.json', async () => {
  for (const run of [OK_RUN, FAILED_RUN]) assertValid('status', await json(['status', run, '--json']));
});

test('bps report --json (every run) and bps report --id RUN --json validate against schemas/report.schema.json', async () => {
  const runs = await json(['report', '--json']);
  assert.ok(Array.isArray(runs) && runs.length === 2);
  assertValid('report', runs);
  for (const run of [OK_RUN, FAILED_RUN]) assertValid('report', await json(['report', '--id', run, '--json']));
  const failed = (await json(['report', '--id', FAILED_RUN, '--json'])) as { failedJobs: Array<{ dataId: unknown; exitCode: number }> };
  assert.equal(failed.failedJobs.length, 1, 'the schema saw a failed job, data ID and all');
  assert.deepEqual([typeof failed.failedJobs[0]?.dataId, failed.failedJobs[0]?.exitCode], ['object', 1]);
  const ok = (await json(['report', '--id', OK_RUN, '--json'])) as { resources: Array<{ label: string; succeeded: number; maxRssMiB: unknown }> };
  assert.equal(ok.resources.length, 15, 'one row per job label');
  assert.ok(ok.resources.every((r) => r.succeeded > 0 && r.maxRssMiB !== null), 'the schema saw measured figures');
});

test('bps jobs --json (every job, one label, one state) validates against schemas/jobs.schema.json', async () => {
  for (const run of [OK_RUN, FAILED_RUN]) {
    const all = (await json(['jobs', run, '--json'])) as { jobs: unknown[] };
    assert.equal(all.jobs.length, 31);
    assertValid('jobs', all);
  }
  const failed = (await json(['jobs', FAILED_RUN, 'calibrate', '--state', 'FAILED', '--json'])) as { jobs: Array<{ exitCode: number; log: string }> };
  assert.equal(failed.jobs.length, 1);
  assertValid('jobs', failed);
  const pruned = await json(['jobs', FAILED_RUN, '--state', 'PRUNED', '--json']);
  assertValid('jobs', pruned);
  assert.ok((pruned as { jobs: Array<{ log: unknown }> }).jobs.every((j) => j.log === null), 'a pruned job never ran: no log');
  const { attempts, ...job } = (failed.jobs[0] ?? {}) as Record<string, unknown>;
  assert.notDeepEqual(schemaErrors('jobs', { ...failed, jobs: [{ ...job, attempt: attempts }] }), []);
});

test('bps explain --json (succeeded, failed, pruned and final jobs) validates against schemas/explain.schema.json', async () => {
  for (const job of [['pipetaskInit'], ['isr_94'], ['finalJob']]) assertValid('explain', await json(['explain', OK_RUN, ...job, '--json']));
  for (const job of [['calibrate', 'detector=94'], ['makeWarp'], ['finalJob']]) assertValid('explain', await json(['explain', FAILED_RUN, ...job, '--json']));
  const pruned = (await json(['explain', FAILED_RUN, 'makeWarp', '--json'])) as { events: Array<Record<string, unknown>> };
  assert.equal(pruned.events.at(-1)?.['event'], 'pruned', 'the schema saw the pruned line, with its ancestor');
  const renamed = pruned.events.map(({ event, ...line }) => ({ ...line, kind: event }));
  assert.notDeepEqual(schemaErrors('explain', { ...pruned, events: renamed }), []);
  assert.notDeepEqual(schemaErrors('explain', { ...pruned, events: [{ ...pruned.events[0], event: 'exploded' }] }), []);
});

test('bps ping --json validates against schemas/ping.schema.json, passing or failing', async () => {
  assertValid('ping', await json(['ping', DEMO_CONFIG, '--json']));
  const { CTRL_MPEXEC_DIR: _unset, ...noStack } = workspace.work.env;
  const result = await bps(['ping', '--json'], { cwd: workspace.work.dir, env: noStack });
  assert.equal(result.exitCode, 1);
  assertValid('ping', JSON.parse(result.stdout));
});

test('the schemas catch a renamed or missing field, not only a wrong type', async () => {
  const status = (await json(['status', OK_RUN, '--json'])) as { run: Record<string, unknown>; totals: Record<string, unknown> };
  const { driverAlive, ...run } = status.run;
  assert.notDeepEqual(schemaErrors('status', { ...status, run: { ...run, driverRunning: driverAlive } }), []);
  const { succeeded, ...totals } = status.totals;
  assert.notDeepEqual(schemaErrors('status', { ...status, totals: { ...totals, success: succeeded } }), []);

  const detailed = (await json(['report', '--id', FAILED_RUN, '--json'])) as { failedJobs: Array<Record<string, unknown>> };
  const { exitCode, ...job } = detailed.failedJobs[0] ?? {};
  assert.notDeepEqual(schemaErrors('report', { ...detailed, failedJobs: [{ ...job, exit_code: exitCode }] }), []);
  const withResources = (await json(['report', '--id', OK_RUN, '--json'])) as { resources: Array<Record<string, unknown>> };
  const { maxRssMiB, ...row } = withResources.resources[0] ?? {};
  assert.notDeepEqual(schemaErrors('report', { ...withResources, resources: [{ ...row, maxRss: maxRssMiB }] }), []);
  const summaries = (await json(['report', '--json'])) as Array<Record<string, unknown>>;
  const { percentSucceeded, ...summary } = summaries[0] ?? {};
  assert.notDeepEqual(schemaErrors('report', [{ ...summary, pctSucceeded: percentSucceeded }]), []);

  const ping = (await json(['ping', DEMO_CONFIG, '--json'])) as { checks: Array<Record<string, unknown>> };
  assert.notDeepEqual(schemaErrors('ping', { ...ping, checks: ping.checks.map(({ detail, ...c }) => ({ ...c, details: detail })) }), []);
});
