import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { execa } from 'execa';
import {
  DEMO_INPUT, DRP_PIPELINE, PIPETASK, makeTempRepo, pipetask, readDot, readExecutions, removeTempRepo, standinEnv, type DotQuantum,
} from '../../support/standin.js';

/** A fresh repo with a small graph: `#processCcd` (or another subset) on a data query. */
async function setUp(query: string, labels = 'processCcd'): Promise<{ repo: string; qgraph: string; quanta: DotQuantum[] }> {
  const repo = makeTempRepo();
  const qgraph = join(repo, '..', 'F.qg');
  const dot = join(repo, '..', 'F.dot');
  const result = await pipetask(['qgraph', '-b', repo, '-i', DEMO_INPUT, '--output-run', 'u/faults/run', '-p', `${DRP_PIPELINE}#${labels}`,
    '-d', query, '-q', qgraph, '--qgraph-dot', dot]);
  assert.equal(result.exitCode, 0, result.stderr);
  return { repo, qgraph, quanta: readDot(dot).quanta };
}

function faultFile(repo: string, content: string): string {
  const path = join(repo, '..', 'faults.yaml');
  writeFileSync(path, content);
  return path;
}

describe('fault injection', () => {
  const repos: string[] = [];
  after(() => repos.forEach(removeTempRepo));

  it('fails a configured label (and data ID) with the chosen exit code, writing no outputs', async () => {
    const { repo, qgraph, quanta } = await setUp('visit = 159471 AND detector IN (94, 95)');
    repos.push(repo);
    const faults = faultFile(repo, 'faults:\n  - {label: characterizeImage, dataId: {detector: 95}, exitCode: 3, message: "PSF determination failed"}\n');
    const env = { STANDIN_FAULTS: faults };
    assert.equal((await pipetask(['pre-exec-init-qbb', repo, qgraph], env)).exitCode, 0);
    const run = (q: DotQuantum | undefined) => pipetask(['run-qbb', repo, qgraph, '--qgraph-node-id', q?.id ?? ''], env);
    const [isr94, isr95] = quanta.filter((q) => q.label === 'isr');
    const [char94, char95] = quanta.filter((q) => q.label === 'characterizeImage');
    assert.equal((await run(isr94)).exitCode, 0);
    assert.equal((await run(isr95)).exitCode, 0);
    assert.equal((await run(char94)).exitCode, 0, 'detector 94 is not selected by the rule');
    const failed = await run(char95);
    assert.equal(failed.exitCode, 3);
    assert.match(failed.stderr, /Execution of task 'characterizeImage' on quantum \{instrument: 'LSSTCam-imSim', detector: 95, .*\} failed\. Exception RuntimeError: PSF determination failed$/m);
    const last = readExecutions(repo).at(-1);
    assert.deepEqual([last?.label, last?.status, last?.exitCode, last?.dataId], ['characterizeImage', 'failed', 3, { instrument: 'LSSTCam-imSim', detector: 95, visit: 159471 }]);
    const written = readFileSync(join(repo, 'executions.log'), 'utf8');
    assert.equal(written.split('\n').filter((l) => l.includes(char95?.id ?? '?')).length, 1);
    const calibrate95 = quanta.filter((q) => q.label === 'calibrate')[1];
    assert.equal((await run(calibrate95)).exitCode, 1, 'its outputs were never written, so downstream cannot run');
  });

  it('"failFirst: N" fails the first N attempts, then succeeds (counted across processes, from <repo>/faults.yaml)', async () => {
    const { repo, qgraph, quanta } = await setUp('exposure = 159471 AND detector = 94', 'isr');
    repos.push(repo);
    writeFileSync(join(repo, 'faults.yaml'), '- label: isr\n  failFirst: 2\n  exitCode: 1\n');
    const id = quanta[0]?.id ?? '';
    const codes: Array<number | undefined> = [];
    for (let i = 0; i < 3; i += 1) codes.push((await pipetask(['run-qbb', repo, qgraph, '--qgraph-node-id', id])).exitCode);
    assert.deepEqual(codes, [1, 1, 0]);
    assert.deepEqual(readExecutions(repo).map((l) => [l.attempt, l.status]), [[1, 'failed'], [2, 'failed'], [3, 'succeeded']]);
  });

  it('a seeded failure probability is reproducible: same seed, same failing quanta in two fresh repos', async () => {
    const failing = async (seed: number): Promise<string[]> => {
      const { repo, qgraph, quanta } = await setUp("exposure.observation_type = 'science'", 'isr');
      repos.push(repo);
      const faults = faultFile(repo, `[{label: isr, probability: 0.5, seed: ${seed}}]\n`);
      const result = await pipetask(['run-qbb', repo, qgraph, '--qgraph-node-id', quanta.map((q) => q.id).join(',')], { STANDIN_FAULTS: faults });
      const failed = readExecutions(repo).filter((l) => l.status === 'failed').map((l) => JSON.stringify(l.dataId)).sort();
      assert.equal(result.exitCode, failed.length > 0 ? 1 : 0);
      assert.equal(readExecutions(repo).length, 60);
      return failed;
    };
    const first = await failing(42);
    const second = await failing(42);
    assert.ok(first.length > 5 && first.length < 55, `about half fail (${first.length})`);
    assert.deepEqual(second, first);
    assert.notDeepEqual(await failing(43), first);
  });

  it('init and final steps can fail too (labels pipetaskInit, finalJob)', async () => {
    const { repo, qgraph } = await setUp('exposure = 159471 AND detector = 94', 'isr');
    repos.push(repo);
    const env = { STANDIN_FAULTS: faultFile(repo, '- {label: pipetaskInit, failFirst: 1, exitCode: 5}\n') };
    const first = await pipetask(['pre-exec-init-qbb', repo, qgraph], env);
    assert.equal(first.exitCode, 5);
    assert.equal(first.stderr.trim(), 'RuntimeError: Injected failure (attempt 1) from the stand-in fault rules.');
    assert.equal((await pipetask(['pre-exec-init-qbb', repo, qgraph], env)).exitCode, 0);
    assert.deepEqual(readExecutions(repo).map((l) => [l.label, l.status, l.exitCode]), [['pipetaskInit', 'failed', 5], ['pipetaskInit', 'succeeded', 0]]);
  });

  it('a signal fault kills the job with that signal; a hang runs until killed', async () => {
    const { repo, qgraph, quanta } = await setUp('visit = 159471 AND detector = 94');
    repos.push(repo);
    const faults = faultFile(repo, '- {label: isr, signal: SIGKILL}\n- {label: characterizeImage, hang: true}\n');
    const [isr, char] = quanta;
    const killed = await pipetask(['run-qbb', repo, qgraph, '--qgraph-node-id', isr?.id ?? ''], { STANDIN_FAULTS: faults });
    assert.equal(killed.signal, 'SIGKILL');
    assert.deepEqual(readExecutions(repo).map((l) => [l.status, l.signal, l.exitCode]), [['failed', 'SIGKILL', null]]);
    writeFileSync(faults, '- {label: characterizeImage, hang: true}\n');
    assert.equal((await pipetask(['run-qbb', repo, qgraph, '--qgraph-node-id', isr?.id ?? ''], { STANDIN_FAULTS: faults })).exitCode, 0);
    const started = Date.now();
    const hung = await execa(PIPETASK, ['run-qbb', repo, qgraph, '--qgraph-node-id', char?.id ?? ''],
      { env: standinEnv({ STANDIN_FAULTS: faults }), extendEnv: false, reject: false, timeout: 1500 });
    assert.equal(hung.signal, 'SIGTERM');
    assert.ok(Date.now() - started >= 1400);
    assert.equal(readExecutions(repo).length, 3 - 1, 'a killed hang leaves no line');
  });

  it('a memory hog really grows the resident set', { skip: process.platform !== 'linux' }, async () => {
    const { repo, qgraph, quanta } = await setUp('exposure = 159471 AND detector = 94', 'isr');
    repos.push(repo);
    const faults = faultFile(repo, '- {label: isr, memoryHog: 256, sleep: 0.8}\n');
    const child = execa(PIPETASK, ['run-qbb', repo, qgraph, '--qgraph-node-id', quanta[0]?.id ?? ''],
      { env: standinEnv({ STANDIN_FAULTS: faults }), extendEnv: false, reject: false });
    let peakKiB = 0;
    const poll = setInterval(() => {
      try {
        const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peakKiB = Math.max(peakKiB, kib);
      } catch { /* exited */ }
    }, 50);
    const result = await child;
    clearInterval(poll);
    assert.equal(result.exitCode, 0);
    assert.ok(peakKiB > 240 * 1024, `peak RSS ${peakKiB} KiB`);
  });
});
