import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { bps, demoConfigLines, useDemoWorkspace } from '../support/bps-cli.js';
import { assertEachQuantumOnce, DRP_PIPELINE, readExecutions, writeFaults } from '../support/standin.js';

/**
 * Learned resources (docs/ARCHITECTURE.md, "Learned resources") through the real CLI on the local
 * executor: what each attempt used is recorded and `bps report` shows it against the stand-in's own
 * settings; with `learnResources: true` and a site that enforces memory, a label that uses more than it
 * asks for is killed once and retried at the need it showed.
 *
 * The stand-in's memory: a `memoryHog` fault allocates and touches that many MiB at the start of the
 * quantum (stack/src/exec/fault-actions.ts), on top of what the Node process itself holds (about 50 MiB
 * here: the runtime and the graph). Its run time: `standin.runTime` of the pipeline × STANDIN_TIME_SCALE.
 */
const workspace = useDemoWorkspace();

/** Tolerances: what the payload's process adds to the stand-in's configured figures. */
const MEMORY_OVERHEAD_MIB = { min: 15, max: 130 };
const RUN_TIME_OVERHEAD_SEC = { min: -0.05, max: 1.5 };
const TIME_SCALE = 10;

/** MiB hogged per label: a spread of sizes, and labels with none. */
const HOGS: Readonly<Record<string, number>> = { isr: 100, calibrate: 200, skyCorrectionTask: 150, assembleCoadd: 250 };

interface Spread { median: number; max: number }
interface Resources {
  label: string; succeeded: number; requestMemoryMiB: Spread | null; maxRssMiB: Spread | null; runSec: Spread | null; cpuSec: Spread | null;
  killedForMemory: number; overRequested: boolean;
}

/** Seconds per quantum of each task, as the stand-in's pipeline configures them. */
function configuredRunTimes(): Map<string, number> {
  const doc = yaml.load(readFileSync(DRP_PIPELINE, 'utf8')) as { tasks: Record<string, { standin: { runTime: number } }> };
  return new Map(Object.entries(doc.tasks).map(([label, task]) => [label, task.standin.runTime]));
}

/** The demo with `extra` YAML lines, on a local site of 2 slots with `siteExtra` settings. */
function config(name: string, extra: readonly string[], siteExtra: readonly string[] = []): string {
  const path = join(workspace.work.dir, `${name}.yaml`);
  writeFileSync(path, [
    ...demoConfigLines(),
    'computeSite: here',
    'site:',
    '  here:',
    '    executor: local',
    '    maxJobs: 2',
    ...siteExtra.map((line) => `    ${line}`),
    ...extra,
    '',
  ].join('\n'));
  return path;
}

async function report(run: string): Promise<Resources[]> {
  const result = await bps(['report', '--id', run, '--json'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(result.exitCode, 0, result.stderr);
  return (JSON.parse(result.stdout) as { resources: Resources[] }).resources;
}

test("bps report: each label's peak memory and run time match the stand-in's configured hog and runTime", async () => {
  const run = 'u/test/learn-figures';
  const rules = Object.entries(HOGS).map(([label, mib]) => `- {label: ${label}, memoryHog: ${mib}}`).join('\n');
  const env = { ...workspace.work.env, STANDIN_TIME_SCALE: String(TIME_SCALE), STANDIN_FAULTS: writeFaults(workspace.work.dir, 'figures-faults', `${rules}\n`) };
  const submit = await bps(['submit', config('figures', []), '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env, timeoutMs: 300_000 });
  assert.equal(submit.exitCode, 0, submit.stderr);
  assertEachQuantumOnce(workspace.repo, run);

  const runTimes = configuredRunTimes();
  const rows = await report(run);
  const text = await bps(['report', '--id', run], { cwd: workspace.work.dir, env: workspace.work.env });
  for (const [label, runTime] of runTimes) {
    const row = rows.find((r) => r.label === label);
    assert.ok(row?.maxRssMiB && row.runSec && row.cpuSec, `${label}: usage recorded\n${text.stdout}`);
    const extra = row.maxRssMiB.max - (HOGS[label] ?? 0);
    assert.ok(extra >= MEMORY_OVERHEAD_MIB.min && extra <= MEMORY_OVERHEAD_MIB.max, `${label}: peak ${row.maxRssMiB.max} MiB for a hog of ${HOGS[label] ?? 0}\n${text.stdout}`);
    const late = row.runSec.median - runTime * TIME_SCALE;
    assert.ok(late >= RUN_TIME_OVERHEAD_SEC.min && late <= RUN_TIME_OVERHEAD_SEC.max, `${label}: ran ${row.runSec.median} s for ${runTime * TIME_SCALE} s configured\n${text.stdout}`);
    assert.ok(row.cpuSec.max < row.runSec.max, `${label}: the stand-in sleeps, so it used less CPU than time`);
    assert.equal(row.killedForMemory, 0);
  }
  // 2048 MiB asked for jobs that use 50 to 300: every label asks for 4x more than it uses but assembleCoadd's.
  assert.equal(rows.find((r) => r.label === 'isr')?.overRequested, true);
  assert.match(text.stdout, /^isr +5 2048\/2048 +\d+\/\d+ .* asks [\d.]+x the most it used/m);
});

test('learnResources: requests follow what each label used; a label over its request is killed once and retried at its need', async () => {
  const run = 'u/test/learn-oom';
  // deblend asks for 150 MiB and uses about 350 (a 300 MiB hog): doubling (300) would be killed again.
  const env = { ...workspace.work.env, STANDIN_TIME_SCALE: '5', STANDIN_FAULTS: writeFaults(workspace.work.dir, 'oom-faults', '- {label: deblend, memoryHog: 300, sleep: 3}\n') };
  const path = config('oom', ['learnResources: true', 'pipetask:', '  deblend:', '    requestMemory: 150'], ['enforceMemory: true']);
  const submit = await bps(['submit', path, '-b', workspace.repo, '--output-run', run], { cwd: workspace.work.dir, env, timeoutMs: 300_000 });
  assert.equal(submit.exitCode, 0, submit.stderr);
  assert.match(submit.stderr, /\(deblend\) will be retried: out of memory/);
  assertEachQuantumOnce(workspace.repo, run);

  // The executions log: deblend ran once to the end, as its second execution (the first was killed
  // before it could log anything); no other quantum ran twice.
  const executions = readExecutions(workspace.repo).filter((e) => e.run === run);
  const deblend = executions.filter((e) => e.label === 'deblend');
  assert.deepEqual(deblend.map((e) => [e.status, e.attempt]), [['succeeded', 2]]);
  assert.ok(executions.filter((e) => e.label !== 'deblend').every((e) => e.status === 'succeeded' && e.attempt === 1), 'nothing else was killed');

  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(workspace.work.dir, 'submit', run, 'bps.sqlite'), { readonly: true });
  try {
    const attempts = db.prepare(`SELECT a.attempt, a.outcome, a.memory_mib AS memory, a.max_rss_mib AS rss FROM attempts a JOIN jobs j ON j.id = a.job_id
      JOIN labels l ON l.idx = j.label_idx WHERE l.label = 'deblend' ORDER BY a.attempt`).all() as Array<{ attempt: number; outcome: string; memory: number; rss: number }>;
    assert.deepEqual(attempts.map((a) => [a.attempt, a.outcome]), [[1, 'out-of-memory'], [2, 'exited']]);
    const [killed, retry] = attempts as [(typeof attempts)[0], (typeof attempts)[0]];
    assert.equal(killed.memory, 150);
    assert.ok(killed.rss >= 300 + MEMORY_OVERHEAD_MIB.min, `the peak before the kill, ${killed.rss} MiB, is its need`);
    assert.equal(retry.memory, Math.ceil(killed.rss * 1.2), 'the retry asks for the peak it showed plus 20%, not 2 x 150');
    // isr's later jobs ask for what the first ones used plus 20%, far below the 2048 configured.
    const isr = db.prepare(`SELECT a.memory_mib AS memory FROM attempts a JOIN jobs j ON j.id = a.job_id JOIN labels l ON l.idx = j.label_idx
      WHERE l.label = 'isr' ORDER BY a.submitted_at, a.job_id`).pluck().all() as number[];
    assert.deepEqual(isr.slice(0, 2), [2048, 2048], 'the first two start before any isr job reported its peak');
    assert.ok(isr.slice(2).every((m) => m < 200), `learnt requests: ${isr.join(', ')}`);
  } finally {
    db.close();
  }
  const rows = await report(run);
  assert.equal(rows.find((r) => r.label === 'deblend')?.killedForMemory, 1);
  assert.equal(rows.find((r) => r.label === 'isr')?.overRequested, false, 'the median request is the learnt one');
});
