import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DEMO_INPUT, DEMO_QUERY, DRP_PIPELINE, butler, makeTempRepo, pipetask, readDot, readExecutions, removeTempRepo, type DotQuantum,
} from '../../support/standin.js';

/** Quanta in an order where producers come first (Kahn's algorithm over the dot's edges, file order for ties). */
function topologicalOrder(quanta: readonly DotQuantum[], edges: ReadonlyArray<readonly [string, string]>): DotQuantum[] {
  const done = new Set<string>();
  const order: DotQuantum[] = [];
  while (order.length < quanta.length) {
    const next = quanta.find((q) => !done.has(q.id) && edges.every(([from, to]) => to !== q.id || done.has(from)));
    assert.ok(next !== undefined, 'the dot graph is acyclic');
    done.add(next.id);
    order.push(next);
  }
  return order;
}

describe('executing the demo graph with pre-exec-init-qbb, run-qbb and aggregate-graph', () => {
  let repo = '';
  let qgraph = '';
  let quanta: DotQuantum[] = [];
  let edges: Array<[string, string]> = [];

  before(async () => {
    repo = makeTempRepo();
    qgraph = join(repo, '..', 'G.qg');
    const dot = join(repo, '..', 'G.dot');
    const result = await pipetask(['qgraph', '-b', repo, '-i', DEMO_INPUT, '-o', 'u/test', '--output-run', 'u/test/run',
      '-p', DRP_PIPELINE, '-d', DEMO_QUERY, '-q', qgraph, '--qgraph-dot', dot, '--qgraph-datastore-records']);
    assert.equal(result.exitCode, 0, result.stderr);
    ({ quanta, edges } = readDot(dot));
  });
  after(() => removeTempRepo(repo));

  it('refuses a quantum whose inputs do not exist yet: exit 1, the real failure wording, no outputs', async () => {
    const calibrate = quanta.find((q) => q.label === 'calibrate');
    assert.ok(calibrate);
    const result = await pipetask(['--long-log', 'run-qbb', repo, qgraph, '--qgraph-node-id', calibrate.id]);
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /^ERROR \S+ lsst\.pipe\.base\.single_quantum_executor \(calibrate:\{instrument: 'LSSTCam-imSim', detector: \d+, visit: 159471, .*\}\)\(single_quantum_executor\.py:\d+\) - Execution of task 'calibrate' on quantum \{instrument: 'LSSTCam-imSim', .*\} failed\. Exception FileNotFoundError: Dataset \w+@\{.*\} \(id=[0-9a-f-]{36}\) not found in datastore: /m);
    assert.match(result.stderr, /Executed 0 quanta successfully, 1 failed and 0 remain out of total 1 quanta\./);
    assert.equal(result.stderr.trimEnd().split('\n').at(-1), 'lsst.pipe.base.mp_graph_executor.MPGraphExecutorError: One or more tasks failed during execution.');
    assert.equal(existsSync(join(repo, 'datastore', 'u', 'test', 'run', 'calexp')), false);
    const lines = readExecutions(repo);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.quantumId, calibrate.id);
    assert.equal(lines[0]?.status, 'failed');
    assert.equal(lines[0]?.exitCode, 1);
  });

  it('runs all 29 quanta in topological order after pre-exec-init-qbb, one executions-log line each', async () => {
    const init = await pipetask(['pre-exec-init-qbb', repo, qgraph]);
    assert.equal(init.exitCode, 0, init.stderr);
    const order = topologicalOrder(quanta, edges);
    for (const q of order) {
      const result = await pipetask(['--long-log', '--log-level=VERBOSE', 'run-qbb', repo, qgraph, '--qgraph-node-id', q.id]);
      assert.equal(result.exitCode, 0, `${q.label}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`^INFO \\S+ lsst\\.pipe\\.base\\.single_quantum_executor \\(${q.label}:\\{.*\\}\\)\\(single_quantum_executor\\.py:\\d+\\) - Preparing execution of quantum for label=${q.label} dataId=\\{`, 'm'));
      assert.match(result.stderr, new RegExp(`Execution of task '${q.label}' on quantum \\{.*\\} took \\d+\\.\\d{3} seconds$`, 'm'));
      assert.match(result.stderr, /lsst\.pipe\.base\.mp_graph_executor \(\)\(mp_graph_executor\.py:\d+\) - Executed 1 quanta successfully, 0 failed and 0 remain out of total 1 quanta\.$/m);
    }
    const lines = readExecutions(repo);
    const succeeded = lines.filter((l) => l.status === 'succeeded' && l.quantumId !== null);
    assert.equal(succeeded.length, 29);
    assert.equal(new Set(succeeded.map((l) => l.quantumId)).size, 29, 'each quantum exactly once');
    assert.deepEqual(lines.filter((l) => l.label === 'pipetaskInit').map((l) => [l.status, l.quantumId]), [['succeeded', null]]);
    const byId = new Map(succeeded.map((l) => [l.quantumId, l]));
    for (const [from, to] of edges) {
      assert.ok((byId.get(from)?.end ?? '') <= (byId.get(to)?.start ?? ''), 'a producer ends before its consumer starts');
    }
    assert.ok(succeeded.every((l) => l.host.length > 0 && l.pid > 0 && l.exitCode === 0 && l.run === 'u/test/run' && l.command === 'run-qbb'));
    const retried = succeeded.find((l) => l.quantumId === lines[0]?.quantumId);
    assert.equal(retried?.attempt, 2, 'the earlier failed execution was attempt 1');
  });

  it('re-running a finished quantum is a skip: exit 0, logged as skipped', async () => {
    const isr = quanta[0];
    assert.ok(isr);
    const result = await pipetask(['run-qbb', repo, qgraph, '--qgraph-node-id', isr.id]);
    assert.equal(result.exitCode, 0);
    assert.match(result.stderr, /Skipping already-successful quantum for label=isr dataId=\{/);
    const last = readExecutions(repo).at(-1);
    assert.equal(last?.status, 'skipped');
    assert.equal(last?.quantumId, isr.id);
  });

  it('butler aggregate-graph needs --register-dataset-types in a repo that lacks them', async () => {
    const result = await butler(['aggregate-graph', qgraph, repo]);
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /^lsst\.daf\.butler\.MissingDatasetTypeError: Dataset types not registered/m);
  });

  it('butler aggregate-graph registers the run and output chain; a later graph reads the outputs from there', async () => {
    const result = await butler(['--long-log', 'aggregate-graph', qgraph, repo, '-j', '2', '--register-dataset-types', '--update-output-chain']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stderr, /29 of 29 quanta succeeded/);
    const final = readExecutions(repo).filter((l) => l.label === 'finalJob');
    assert.deepEqual(final.map((l) => [l.status, l.quantumId, l.command]), [['failed', null, 'aggregate-graph'], ['succeeded', null, 'aggregate-graph']]);
    const runs = JSON.parse(readFileSync(join(repo, 'runs.json'), 'utf8')) as { collections: Record<string, { type: string; children?: string[] }> };
    assert.equal(runs.collections['u/test/run']?.type, 'RUN');
    assert.deepEqual(runs.collections['u/test']?.children, ['u/test/run', DEMO_INPUT]);
    const dot = join(repo, '..', 'step2.dot');
    const step2 = await pipetask(['qgraph', '-b', repo, '-i', 'u/test', '--output-run', 'u/test/step2', '-p', `${DRP_PIPELINE}#makeWarp,assembleCoadd`,
      '-d', DEMO_QUERY, '--qgraph-dot', dot]);
    assert.equal(step2.exitCode, 0, step2.stderr);
    assert.match(step2.stderr, /QuantumGraph contains 2 quanta for 2 tasks/);
    assert.match(readFileSync(dot, 'utf8'), /<TD>calexp<\/TD><\/TR><TR><TD>run: 'u\/test\/run'<\/TD>/);
    const again = await pipetask(['qgraph', '-b', repo, '-i', DEMO_INPUT, '--output-run', 'u/test/run', '-p', DRP_PIPELINE, '-d', DEMO_QUERY]);
    assert.equal(again.exitCode, 1);
    assert.match(again.stderr, /^ValueError: Output run 'u\/test\/run' already exists, but --extend-run was not given\.$/m);
  });
});

describe('a multi-quantum job (a bps cluster) with --summary', () => {
  let repo = '';
  after(() => removeTempRepo(repo));

  it('runs the named quanta in graph order whatever their order on the command line, and reports each', async () => {
    repo = makeTempRepo();
    const qgraph = join(repo, '..', 'M.qg');
    const dot = join(repo, '..', 'M.dot');
    const summary = join(repo, '..', 'summary.json');
    const built = await pipetask(['qgraph', '-b', repo, '-i', DEMO_INPUT, '--output-run', 'u/test/multi', '-p', `${DRP_PIPELINE}#processCcd`,
      '-d', 'visit = 159471 AND detector IN (94, 95)', '-q', qgraph, '--qgraph-dot', dot]);
    assert.equal(built.exitCode, 0, built.stderr);
    const ids = readDot(dot).quanta.map((q) => q.id);
    assert.equal(ids.length, 6);
    assert.equal((await pipetask(['pre-exec-init-qbb', repo, qgraph])).exitCode, 0);
    const reversed = [...ids].reverse();
    const result = await pipetask(['run-qbb', repo, qgraph, '--qgraph-node-id', reversed.slice(0, 3).join(','), '--qgraph-node-id', reversed.slice(3).join(','), '--summary', summary]);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stderr, /Executed 6 quanta successfully, 0 failed and 0 remain out of total 6 quanta\./);
    assert.deepEqual(readExecutions(repo).filter((l) => l.quantumId !== null).map((l) => l.quantumId), ids);
    const report = JSON.parse(readFileSync(summary, 'utf8')) as {
      status: string; qgraphSummary: { outputRun: string; qgraphTaskSummaries: Record<string, { numQuanta: number }> };
      quantaReports: Array<{ status: string; taskLabel: string; dataId: Record<string, unknown>; quantumId: string }>;
    };
    assert.equal(report.status, 'success');
    assert.equal(report.qgraphSummary.outputRun, 'u/test/multi');
    assert.equal(report.qgraphSummary.qgraphTaskSummaries['isr']?.numQuanta, 2);
    assert.deepEqual(report.quantaReports.map((r) => r.status), Array(6).fill('success'));
    assert.deepEqual(report.quantaReports[0]?.dataId, { instrument: 'LSSTCam-imSim', detector: 94, exposure: 159471 });
  });

  it('spends the configured run time times STANDIN_TIME_SCALE', async () => {
    const qgraph = join(repo, '..', 'M.qg');
    const dot = readDot(join(repo, '..', 'M.dot'));
    const isr = dot.quanta[0];
    assert.ok(isr);
    const rerun = await pipetask(['run-qbb', repo, qgraph, '--qgraph-node-id', isr.id], { STANDIN_TIME_SCALE: '3' });
    assert.match(rerun.stderr, /Skipping already-successful quantum/);
    const fresh = join(repo, '..', 'T.qg');
    await pipetask(['qgraph', '-b', repo, '-i', DEMO_INPUT, '--output-run', 'u/test/timed', '-p', `${DRP_PIPELINE}#isr`, '-d', 'exposure = 159471 AND detector = 94', '-q', fresh]);
    const graph = JSON.parse(readFileSync(fresh, 'utf8')) as { quanta: Array<{ id: string }> };
    const timed = await pipetask(['run-qbb', repo, fresh, '--qgraph-node-id', graph.quanta[0]?.id ?? ''], { STANDIN_TIME_SCALE: '3' });
    assert.equal(timed.exitCode, 0, timed.stderr);
    const took = Number(/took (\d+\.\d+) seconds/.exec(timed.stderr)?.[1]);
    assert.ok(took >= 0.21 && took < 2, `isr runTime 0.07 s × 3, took ${took}`);
  });
});
