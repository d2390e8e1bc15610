import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import yaml from 'js-yaml';
import { DEMO_INPUT, DRP_PIPELINE, makeTempRepo, pipetask, readDot, readExecutions, removeTempRepo } from '../../support/standin.js';

describe('pipetask run (pre-QBB) and the other qgraph outputs', () => {
  let repo = '';
  let qgraph = '';
  before(() => {
    repo = makeTempRepo();
    qgraph = join(repo, '..', 'L.qg');
  });
  after(() => removeTempRepo(repo));

  it('builds and executes a graph in one go, registering the run and its chain', async () => {
    const result = await pipetask(['run', '-b', join(repo, 'butler.yaml'), '-i', DEMO_INPUT, '-o', 'u/legacy', '--output-run', 'u/legacy/run',
      '-p', `${DRP_PIPELINE}#processCcd`, '-d', 'visit = 159471 AND detector IN (94, 95)', '-q', qgraph, '--register-dataset-types']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stderr, /QuantumGraph contains 6 quanta for 3 tasks/);
    assert.match(result.stderr, /Executed 6 quanta successfully, 0 failed and 0 remain out of total 6 quanta\./);
    const lines = readExecutions(repo);
    assert.deepEqual(lines.map((l) => l.label), ['pipetaskInit', 'isr', 'isr', 'characterizeImage', 'characterizeImage', 'calibrate', 'calibrate']);
    assert.ok(lines.every((l) => l.command === 'run' && l.status === 'succeeded'));
    const runs = JSON.parse(readFileSync(join(repo, 'runs.json'), 'utf8')) as { collections: Record<string, { children?: string[] }> };
    assert.deepEqual(runs.collections['u/legacy']?.children, ['u/legacy/run', DEMO_INPUT]);
  });

  it('runs single quanta of a saved graph the 2021 way (--qgraph … --skip-init-writes --clobber-partial-outputs)', async () => {
    const graph = JSON.parse(readFileSync(qgraph, 'utf8')) as { quanta: Array<{ id: string }> };
    const before = readExecutions(repo).length;
    const result = await pipetask(['--long-log', 'run', '-b', repo, '-i', DEMO_INPUT, '--output-run', 'u/legacy/run', '--extend-run', '--skip-init-writes',
      '--qgraph', qgraph, '--qgraph-node-id', graph.quanta[0]?.id ?? '', '--no-versions', '--clobber-partial-outputs']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stderr, /Skipping already-successful quantum for label=isr/);
    const init = await pipetask(['run', '-b', repo, '-g', qgraph, '--init-only', '--skip-existing', '--register-dataset-types', '--no-versions']);
    assert.equal(init.exitCode, 0, init.stderr);
    assert.deepEqual(readExecutions(repo).slice(before).map((l) => [l.label, l.status]), [['isr', 'skipped'], ['pipetaskInit', 'succeeded']]);
    const elsewhere = join(repo, '..', 'elsewhere.log');
    await pipetask(['run', '-b', repo, '-g', qgraph, '--init-only'], { STANDIN_EXECUTIONS_LOG: elsewhere });
    assert.equal(readFileSync(elsewhere, 'utf8').trim().split('\n').length, 1, 'STANDIN_EXECUTIONS_LOG moves the log');
  });

  it('writes mermaid, --show workflow, a qgraph summary and the pipeline (-s) as asked', async () => {
    const dir = join(repo, '..');
    const result = await pipetask(['qgraph', '-b', repo, '-i', DEMO_INPUT, '--output-run', 'u/legacy/other', '-p', `${DRP_PIPELINE}#isr,characterizeImage`,
      '-d', 'visit = 159471 AND detector = 94', '--qgraph-mermaid', join(dir, 'G.mmd'), '--summary', join(dir, 'S.json'),
      '-s', join(dir, 'P.yaml'), '--show', 'workflow', '--qgraph-dot', join(dir, 'G.dot')]);
    assert.equal(result.exitCode, 0, result.stderr);
    const [isr, char] = readDot(join(dir, 'G.dot')).quanta;
    assert.equal(`${result.stdout}\n`, `Quantum ${isr?.id}: lsst.ip.isr.IsrTask\nQuantum ${char?.id}: lsst.pipe.tasks.characterizeImage.CharacterizeImageTask\n`
      + `Parent Quantum ${isr?.id} - Child Quantum ${char?.id}\n`);
    const mermaid = readFileSync(join(dir, 'G.mmd'), 'utf8');
    assert.match(mermaid, /^flowchart TD\n/);
    assert.ok(mermaid.includes(`u${isr?.id.replace(/-/g, '')}["**isr**<br>ID: ${isr?.id}<br>instrument=LSSTCam-imSim<br>detector=94<br>exposure=159471"]`));
    const summary = JSON.parse(readFileSync(join(dir, 'S.json'), 'utf8')) as { qgraphSummary: { qgraphTaskSummaries: Record<string, { numQuanta: number; numOutputs: Record<string, number> }> } };
    assert.deepEqual(summary.qgraphSummary.qgraphTaskSummaries['isr']?.numOutputs, { postISRCCD: 1, isr_metadata: 1, isr_log: 1 });
    const pipeline = yaml.load(readFileSync(join(dir, 'P.yaml'), 'utf8')) as { instrument: string };
    assert.equal(pipeline.instrument, 'lsst.obs.lsst.LsstCamImSim');
  });

  it('applies -c connection overrides and reports unknown labels and files in one line', async () => {
    const override = await pipetask(['qgraph', '-b', repo, '-i', DEMO_INPUT, '--output-run', 'u/legacy/c', '-p', `${DRP_PIPELINE}#isr`,
      '-d', 'exposure = 159471 AND detector = 94', '-c', 'isr:connections.outputExposure=myPostIsr', '--qgraph-dot', join(repo, '..', 'C.dot')]);
    assert.equal(override.exitCode, 0, override.stderr);
    assert.match(readFileSync(join(repo, '..', 'C.dot'), 'utf8'), /<TD>myPostIsr<\/TD>/);
    const badLabel = await pipetask(['qgraph', '-b', repo, '-i', DEMO_INPUT, '--output-run', 'u/x', '-p', `${DRP_PIPELINE}#isr,nope`]);
    assert.equal(badLabel.exitCode, 1);
    assert.equal(badLabel.stderr.trim(), "lsst.pipe.base.PipelineDefinitionError: Labels {'nope'} were not found in the declared pipeline");
    const badCollection = await pipetask(['qgraph', '-b', repo, '-i', 'no/such', '--output-run', 'u/x', '-p', DRP_PIPELINE]);
    assert.equal(badCollection.stderr.trim(), "lsst.daf.butler.registry.MissingCollectionError: Collection 'no/such' not found.");
    const badGraph = await pipetask(['run-qbb', repo, join(repo, 'butler.yaml')]);
    assert.equal(badGraph.exitCode, 1);
    assert.match(badGraph.stderr.trim(), /^ValueError: '.*butler\.yaml' is not a quantum graph written by the stand-in pipetask\.$/);
    assert.equal(existsSync(join(repo, 'datastore', 'u', 'x')), false);
  });
});
