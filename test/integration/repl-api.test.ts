/**
 * The library API through gen3_workflow's interactive sequence (issue 7, item 6), each session a separate
 * Node process that imports the built package as a REPL user would: start, status, run, status while
 * running, save, SIGKILL, restore elsewhere, status, run to the end; and getJobs + run({jobs}).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { bps, DEMO_CONFIG, useDemoWorkspace } from '../support/bps-cli.js';
import { plainText, startPty } from '../support/pty.js';
import { assertEachQuantumOnce, readExecutions, REPO_ROOT, writeFaults } from '../support/standin.js';
import type { StatusReport } from '../../src/report/status.js';

const workspace = useDemoWorkspace();
const INDEX = pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'index.js')).href;

/** What every session script starts with: the package, and one JSON line per step on stdout. */
const PRELUDE = `
const { startPipeline, restorePipeline } = await import(${JSON.stringify(INDEX)});
const emit = (step, data = {}) => process.stdout.write(JSON.stringify({ step, ...data }) + '\\n');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
`;

interface Step {
  readonly step: string;
  readonly [key: string]: unknown;
}

/**
 * A session: `node --input-type=module -e SCRIPT` in the work dir, its steps collected as they arrive.
 * Should the test fail half-way, the session is killed and the run cancelled, so no job outlives it.
 */
function session(t: TestContext, run: string, script: string, extraEnv: Record<string, string> = {}): Session {
  const child = execa(process.execPath, ['--input-type=module', '-e', PRELUDE + script], {
    cwd: workspace.work.dir, env: { ...workspace.work.env, ...extraEnv }, extendEnv: false, reject: false, stdin: 'ignore', buffer: false,
  });
  const steps: Step[] = [];
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const lines = out.split('\n');
    out = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') steps.push(JSON.parse(line) as Step);
  });
  child.stderr?.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  t.after(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await child;
    await bps(['cancel', run], { cwd: workspace.work.dir, env: workspace.work.env });
  });
  return { child, steps, stderr: () => err };
}

interface Session {
  readonly child: ResultPromise;
  readonly steps: Step[];
  stderr(): string;
}

async function stepOf(s: Session, name: string, timeoutMs = 90_000): Promise<Step> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = s.steps.find((step) => step.step === name);
    if (found) return found;
    const failed = s.steps.find((step) => step.step === 'error');
    if (failed) throw new Error(`session failed: ${String(failed['message'])}\n${s.stderr()}`);
    if (Date.now() > end) throw new Error(`timed out waiting for step '${name}'\n${s.stderr()}`);
    if (s.child.exitCode !== null) {
      await sleep(50); // the last lines may still be in the pipe
      const last = s.steps.find((step) => step.step === name);
      if (last) return last;
      throw new Error(`session exited (${s.child.exitCode}) before step '${name}'\n${s.stderr()}`);
    }
    await sleep(20);
  }
}

const statusOf = (step: Step) => step['status'] as StatusReport;

/** The seed's columns of a totals row (the report may carry more, e.g. held). */
const columns = ({ pending, running, succeeded, failed, pruned, total }: StatusReport['totals']) => ({ pending, running, succeeded, failed, pruned, total });

test("the seed's sequence: start, status, run, status while running, save, kill, restore in a new process, status, run to the end", async (t) => {
  const run = 'u/test/repl';
  const overrides = { butlerConfig: workspace.repo, outputRun: run };
  const first = session(t, run, `
    const p = await startPipeline(${JSON.stringify(DEMO_CONFIG)}, { overrides: ${JSON.stringify(overrides)} });
    emit('started', { runId: p.runId, submitDir: p.submitDir, dataQuery: p.config.get('dataQuery'), status: p.status(), table: String(p.status()) });
    const done = p.run();
    done.then((r) => emit('ended', { ended: r.ended }), (e) => emit('error', { message: e.message }));
    let s = p.status();
    while (!(s.totals.succeeded >= 3 && s.totals.running >= 1)) { await sleep(25); s = p.status(); }
    emit('running', { status: s });
    emit('saved', { path: p.saveConfig('pipeline.json'), status: p.status() });
    await done;
  `, { STANDIN_TIME_SCALE: '4' });
  const started = await stepOf(first, 'started');
  assert.match(first.stderr(), /^bps INFO: QuantumGraph contains 29 quanta for 13 tasks$/m);
  assert.equal(started['dataQuery'], "tract=3828 AND patch=24 AND skymap='DC2'");
  const pending = statusOf(started);
  assert.deepEqual(columns(pending.totals), { pending: 31, running: 0, succeeded: 0, failed: 0, pruned: 0, total: 31 }, 'nothing launched by start');
  assert.match(String(started['table']), /^task type\s+pending\s+running\s+succeeded\s+failed\s+total$/m);
  assert.match(String(started['table']), /^total\s+31\s+0\s+0\s+0\s+31$/m);

  const running = statusOf(await stepOf(first, 'running'));
  assert.equal(running.run.driverAlive, true);
  assert.equal(running.run.state, 'RUNNING');
  const saved = await stepOf(first, 'saved');
  const submitDir = String(started['submitDir']);
  first.child.kill('SIGKILL');
  await first.child;
  assert.equal(first.steps.some((s) => s.step === 'ended'), false, 'killed before the run ended');
  const left = await bps(['status', submitDir, '--json'], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(left.exitCode, 0, left.stderr);
  const leftStatus = JSON.parse(left.stdout) as StatusReport;
  assert.ok(leftStatus.totals.succeeded >= statusOf(saved).totals.succeeded && leftStatus.totals.succeeded < 31);

  const restored = session(t, run, `
    const p = await restorePipeline('pipeline.json');
    emit('restored', { runId: p.runId, dataQuery: p.config.get('dataQuery'), outputRun: p.config.get('outputRun'), submitPath: p.config.get('submitPath'), status: p.status() });
    const r = await p.run();
    emit('ended', { ended: r.ended, status: r.status, after: p.status() });
  `);
  const back = await stepOf(restored, 'restored');
  assert.equal(back['runId'], started['runId']);
  assert.equal(back['dataQuery'], started['dataQuery']);
  assert.equal(back['outputRun'], run);
  assert.equal(back['submitPath'], submitDir);
  const reflected = statusOf(back);
  assert.deepEqual(reflected.labels, leftStatus.labels, 'the restored status is the state the killed session left');
  assert.equal(reflected.run.driverAlive, false);
  assert.equal(reflected.run.state, 'RUNNING');

  const ended = await stepOf(restored, 'ended');
  await restored.child;
  assert.equal(ended['ended'], 'finished');
  assert.deepEqual(columns(statusOf(ended).totals), { pending: 0, running: 0, succeeded: 31, failed: 0, pruned: 0, total: 31 });
  assert.equal((ended['after'] as StatusReport).run.state, 'SUCCEEDED');
  assertEachQuantumOnce(workspace.repo, run);
});

/** The README's REPL example's getJobs call: its label and its filter, as JavaScript source. */
function readmeGetJobs(): { label: string; filter: string } {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const call = /^> const bad = q\.getJobs\('(\w+)', (\{.*\})\)$/m.exec(readme);
  assert.ok(call, "the README's REPL example has a getJobs line");
  return { label: call[1] ?? '', filter: call[2] ?? '' };
}

test('getJobs selects failed characterizeImage jobs by data ID (the README\'s query too), and run({jobs}) reruns just those', async (t) => {
  const run = 'u/test/repl-subset';
  const readme = readmeGetJobs();
  const faults = writeFaults(workspace.work.dir, 'characterize-once', [93, 94].map((d) => `- {label: characterizeImage, dataId: {detector: ${d}}, failFirst: 1, exitCode: 1}\n`).join(''));
  const log = join(workspace.repo, 'executions.log');
  const s = session(t, run, `
    const { readFileSync, existsSync } = await import('node:fs');
    const executed = () => existsSync(${JSON.stringify(log)}) ? readFileSync(${JSON.stringify(log)}, 'utf8').split('\\n').filter(Boolean).length : 0;
    try {
      const p = await startPipeline(${JSON.stringify(DEMO_CONFIG)}, { overrides: ${JSON.stringify({ butlerConfig: workspace.repo, outputRun: run })}, logLevel: 'WARNING' });
      const first = await p.run({ quiet: true });
      emit('first', { status: first.status, executed: executed() });
      const jobs = p.getJobs('characterizeImage', { status: 'FAILED', query: 'visit == 159471 and detector in (93, 94)' });
      emit('selected', {
        jobs,
        column: p.getJobs('characterizeImage', { status: 'failed' }),
        one: p.getJobs('characterizeImage', { status: 'FAILED', query: 'detector == 93' }),
        notFailed: p.getJobs('characterizeImage', { query: 'detector != 93 and detector != 94' }),
        none: p.getJobs('characterizeImage', { status: 'FAILED', query: 'visit == 1' }),
        readme: p.getJobs(${JSON.stringify(readme.label)}, ${readme.filter}),
      });
      const refused = (f) => { try { f(); return 'accepted'; } catch (error) { return error.message; } };
      emit('mistakes', {
        label: refused(() => p.getJobs('characterizeImag')),
        dimension: refused(() => p.getJobs('characterizeImage', { query: 'tract == 3828' })),
        status: refused(() => p.getJobs('characterizeImage', { status: 'DONE' })),
        job: await p.run({ jobs: ['nope'] }).then(() => 'accepted', (error) => error.message),
      });
      const second = await p.run({ jobs, quiet: true });
      emit('second', { status: second.status, executed: executed(), calibrate: p.getJobs('calibrate', { status: 'READY' }) });
      const third = await p.run({ quiet: true });
      emit('third', { status: third.status, executed: executed() });
    } catch (error) {
      emit('error', { message: error.message });
    }
  `, { STANDIN_FAULTS: faults });
  const first = await stepOf(s, 'first');
  const firstStatus = statusOf(first);
  assert.equal(firstStatus.run.state, 'FAILED');
  const characterize = firstStatus.labels.find((l) => l.label === 'characterizeImage');
  assert.deepEqual(characterize && [characterize.succeeded, characterize.failed], [3, 2]);
  assert.ok(firstStatus.totals.pruned > 0);

  const selected = await stepOf(s, 'selected');
  const jobs = selected['jobs'] as string[];
  assert.equal(jobs.length, 2);
  assert.ok(jobs.every((name) => /_characterizeImage_159471_9[34]$/.test(name)), jobs.join(' '));
  assert.deepEqual(selected['column'], jobs);
  assert.deepEqual(selected['one'], jobs.filter((name) => name.endsWith('_93')));
  assert.equal((selected['notFailed'] as string[]).length, 3);
  assert.deepEqual(selected['none'], []);
  assert.deepEqual(selected['readme'], jobs, "the README's example selects the demo's two failed jobs");

  const mistakes = await stepOf(s, 'mistakes');
  assert.match(String(mistakes['label']), /has no task or cluster label 'characterizeImag'/);
  assert.match(String(mistakes['dimension']), /The jobs of 'characterizeImage' have no data-ID dimension 'tract'/);
  assert.match(String(mistakes['status']), /Unknown job status 'DONE'/);
  assert.match(String(mistakes['job']), /has no job named 'nope'/);

  const second = await stepOf(s, 'second');
  const rerun = readExecutions(workspace.repo).slice(first['executed'] as number, second['executed'] as number);
  assert.deepEqual(rerun.map((e) => `${e.label}:${e.dataId['detector']}:${e.status}`).sort(), ['characterizeImage:93:succeeded', 'characterizeImage:94:succeeded'], 'only the selected jobs ran');
  const secondStatus = statusOf(second);
  assert.equal(secondStatus.run.state, 'RUNNING', 'jobs are left to run');
  assert.deepEqual(secondStatus.labels.find((l) => l.label === 'characterizeImage')?.succeeded, 5);
  assert.deepEqual((second['calibrate'] as string[]).map((n) => n.slice(-2)).sort(), ['93', '94'], 'the jobs they had pruned wait again');

  const third = await stepOf(s, 'third');
  await s.child;
  assert.deepEqual(columns(statusOf(third).totals), { pending: 0, running: 0, succeeded: 31, failed: 0, pruned: 0, total: 31 });
  assert.equal(statusOf(third).run.state, 'SUCCEEDED');
  assertEachQuantumOnce(workspace.repo, run);
});

test('a run() holds the driver lock against bps restart; bps cancel stops it; the session lives on and a later run() resumes', async (t) => {
  const run = 'u/test/repl-cancel';
  // A slow first pipetaskInit keeps the run going until it is cancelled, however slow the machine.
  const faults = writeFaults(workspace.work.dir, 'slow-init-once', '- {label: pipetaskInit, sleep: 60, failFirst: 1}\n');
  const resume = join(workspace.work.dir, 'resume');
  const s = session(t, run, `
    const { existsSync } = await import('node:fs');
    const p = await startPipeline(${JSON.stringify(DEMO_CONFIG)}, { overrides: ${JSON.stringify({ butlerConfig: workspace.repo, outputRun: run })}, logLevel: 'WARNING' });
    const done = p.run({ quiet: true });
    while (p.status().totals.running < 1) await sleep(25);
    emit('running');
    const stopped = await done;
    emit('stopped', { ended: stopped.ended, status: p.status() });
    // Not before bps cancel has seen the lock released: a new run() takes it again at once.
    while (!existsSync(${JSON.stringify(resume)})) await sleep(25);
    const resumed = await p.run({ quiet: true });
    emit('resumed', { ended: resumed.ended, status: resumed.status });
  `, { STANDIN_FAULTS: faults });
  await stepOf(s, 'running');
  const second = await bps(['restart', run], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(second.exitCode, 1);
  assert.match(second.stderr, new RegExp(`^Error: Run 'u/test/repl-cancel' is already being driven by pid ${s.child.pid ?? 0} `, 'm'));
  const cancel = await bps(['cancel', run], { cwd: workspace.work.dir, env: workspace.work.env });
  assert.equal(cancel.exitCode, 0, cancel.stderr);
  const stopped = await stepOf(s, 'stopped');
  assert.equal(stopped['ended'], 'cancelled');
  assert.equal(statusOf(stopped).run.state, 'DELETED');
  assert.equal(statusOf(stopped).labels[0]?.failed, 1, 'the stopped pipetaskInit is recorded DELETED');
  writeFileSync(resume, '');
  const resumed = await stepOf(s, 'resumed');
  await s.child;
  assert.equal(resumed['ended'], 'finished');
  assert.deepEqual(columns(statusOf(resumed).totals), { pending: 0, running: 0, succeeded: 31, failed: 0, pruned: 0, total: 31 });
  assertEachQuantumOnce(workspace.repo, run);
});

test('the package exports the API by its name; restorePipeline refuses what is not a saved pipeline, and says where it looked for a missing one', async () => {
  const name = 'bps-ts';
  const api = (await import(name)) as typeof import('../../src/index.js');
  assert.equal(typeof api.startPipeline, 'function');
  assert.equal(typeof api.restorePipeline, 'function');
  const bogus = join(workspace.work.dir, 'not-a-pipeline.json');
  writeFileSync(bogus, '{"hello": 1}\n');
  await assert.rejects(api.restorePipeline(bogus), /is not a pipeline saved by bps-ts/);
  // A missing file may be a mistyped file name or a run name: the error names every place looked at.
  const missing = join(workspace.work.dir, 'pipeline.jsn');
  await assert.rejects(api.restorePipeline(missing), (error: Error & { hint?: string }) => {
    assert.match(error.message, /^Cannot restore '.*pipeline\.jsn': there is no saved pipeline file .*pipeline\.jsn, and no run in the index at \S+ has it as its submit dir, run name, uniqProcName or run id\.$/);
    assert.match(error.hint ?? '', /pipeline\.saveConfig\(path\)/);
    return true;
  });
});

test('with XDG_STATE_HOME set (and no BPS_HOME), a run started by startPipeline is found by name by bps status', async () => {
  const run = 'u/tester/xdg-state-home';
  const { BPS_HOME: _unset, ...base } = workspace.work.env;
  const env = { ...base, XDG_STATE_HOME: join(workspace.work.dir, 'xdg-state') };
  // startPipeline prepares only (bps prepare): nothing runs, so nothing is left to clean up.
  const child = execa(process.execPath, ['--input-type=module', '-e', `${PRELUDE}
    const p = await startPipeline(${JSON.stringify(DEMO_CONFIG)}, { overrides: ${JSON.stringify({ butlerConfig: workspace.repo, outputRun: run })}, logLevel: 'WARNING' });
    emit('started', { submitDir: p.submitDir });`], { cwd: workspace.work.dir, env, extendEnv: false, reject: false, stdin: 'ignore' });
  const done = await child;
  assert.equal(done.exitCode, 0, String(done.stderr));
  const started = JSON.parse(String(done.stdout).trim().split('\n').pop() ?? '{}') as { submitDir: string };
  const status = await bps(['status', run, '--json'], { cwd: workspace.work.dir, env });
  assert.equal(status.exitCode, 0, status.stderr);
  const report = JSON.parse(status.stdout) as StatusReport;
  assert.equal(report.run.name, run);
  assert.equal(report.run.submitDir, started.submitDir);
  assert.ok(existsSync(join(workspace.work.dir, 'xdg-state', 'bps-ts', 'runs.sqlite')), 'the index lives under $XDG_STATE_HOME/bps-ts');
});

test('in the node REPL, a run() writes nothing over the prompt; watch() is the live view, and Ctrl-C ends it, not the run', async (t) => {
  const run = 'u/test/repl-prompt';
  // A retried isr failure: before, its "will be retried" line landed on the prompt as soon as it happened.
  const faults = writeFaults(workspace.work.dir, 'isr-retry', '- {label: isr, dataId: {detector: 91}, failFirst: 1, exitCode: 3}\n');
  const env = { ...workspace.work.env, STANDIN_TIME_SCALE: '5', STANDIN_FAULTS: faults };
  const repl = startPty([process.execPath], { cwd: workspace.work.dir, env });
  t.after(async () => {
    await repl.close();
    await bps(['cancel', run], { cwd: workspace.work.dir, env: workspace.work.env });
  });
  const enter = async (line: string, until: RegExp, timeoutMs?: number) => {
    const from = repl.output().length;
    repl.type(`${line}\r`);
    return repl.waitFor(until, { from, ...(timeoutMs ? { timeoutMs } : {}) });
  };
  await repl.waitFor(/> $/);
  await enter(`const { startPipeline } = await import(${JSON.stringify(INDEX)})`, /\n> $/);
  await enter(`const p = await startPipeline(${JSON.stringify(DEMO_CONFIG)}, { overrides: ${JSON.stringify({ butlerConfig: workspace.repo, outputRun: run })} })`, /Run Name: .*\n[^]*> $/, 90_000);

  const launched = repl.output().length;
  await enter('const done = p.run()', /\n> $/);
  // Wait, prompt up, until the retried isr has run again and every isr succeeded.
  for (;;) {
    const status = JSON.parse((await bps(['status', run, '--json'], { cwd: workspace.work.dir, env: workspace.work.env })).stdout) as StatusReport;
    if ((status.labels.find((l) => l.label === 'isr')?.succeeded ?? 0) === 5) break;
    await sleep(200);
  }
  const echo = await enter('1 + 1', /\n2\n> $/);
  assert.match(echo, /1 \+ 1\n2\n> $/);
  const quiet = plainText(repl.output().slice(launched));
  assert.doesNotMatch(quiet, /retried|succeeded|bps INFO/, `nothing but the REPL's own lines while the run went:\n${quiet}`);

  // The live view; Ctrl-C ends it with the status table, the run goes on.
  const watching = repl.output().length;
  repl.type('await p.watch()\r');
  await repl.waitFor(/task type[^]*\[[#.]+\] \d+\/31/, { from: watching });
  repl.type('\x03');
  const stopped = await repl.waitFor(/total\s+\d+[^]*\n> $/, { from: watching });
  assert.doesNotMatch(stopped, /Uncaught|interrupted/);
  assert.match(await enter('p.status().run.driverAlive', /\n(true|false)\n> $/), /\ntrue\n> $/, 'the run still goes');

  // Watched to its end: the REPL prints the final status table when watch() resolves.
  const end = await enter('await p.watch()', /\ntotal\s+0\s+0\s+31\s+0\s+31\n> $/, 90_000);
  assert.match(repl.output().slice(watching), /\x1b\[\d+A/, 'the live table is redrawn in place');
  assert.match(end, /^finalJob\s+0\s+0\s+1\s+0\s+1$/m);
  assert.match(await enter('(await done).ended', /'finished'\n> $/), /'finished'/);
  repl.type('.exit\r');
  assertEachQuantumOnce(workspace.repo, run);
});
