import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditKeys } from '../../../src/config/key-audit.js';

const describe = (path: readonly string[]) => `${path.join('.')} in main.yaml`;

test('keys of other systems and missing ctrl_bps features are named, grouped by what happens instead', () => {
  const user = {
    saveDot: true, queue: 'big', whenSaveJobQgraph: 'NEVER', ordering: { o: { labels: 'a' } },
    executionButler: { whenCreate: 'SUBMIT', command1: 'x' }, finalJob: { concurrencyLimit: 'db', whenSetup: 'x' },
    payload: { runnerCommand: 'sh x' }, wmsServiceClass: 'lsst.ctrl.bps.panda.PanDAService',
  };
  const { notes, warnings } = auditKeys(user, user, describe);
  assert.deepEqual(notes, ['wmsServiceClass lsst.ctrl.bps.panda.PanDAService is not loaded: bps-ts runs the workflow itself, with the compute site\'s executor.']);
  assert.ok(warnings.includes('saveDot has no effect: bps-ts writes no such debug files (bps graph RUN draws the job DAG).'), warnings.join('\n'));
  assert.ok(warnings.some((w) => /^queue, payload\.runnerCommand, finalJob\.concurrencyLimit have no effect: HTCondor, PanDA and Parsl settings do nothing here/.test(w)), warnings.join('\n'));
  assert.ok(warnings.some((w) => w.startsWith('ordering has no effect')));
  assert.ok(warnings.some((w) => w.startsWith('executionButler has no effect')));
  assert.ok(!warnings.some((w) => w.includes('whenSaveJobQgraph') || w.includes('whenSetup')), 'NEVER is what bps-ts does; whenSetup does nothing in ctrl_bps either');
});

test('typos get a did-you-mean; unknown keys nothing refers to are named once; user variables referred to are fine', () => {
  const user = {
    requestMemroy: 4096, payload: { dataQuerry: 'x', myVisits: '1..3', dataQuery: 'visit IN ({myVisits})' },
    pipetask: { isr: { numberOfRetrys: 2, myNote: 'x' } }, cluster: { vd: { pipetasks: 'isr', dimension: 'visit' } },
    executionButler: { whenCreate: 'NEVER' }, LSST_VERSION: 'w_2026_01',
  };
  const { warnings } = auditKeys(user, user, describe);
  assert.ok(warnings.includes("requestMemroy in main.yaml is not a bps setting. Did you mean 'requestMemory'? It has no effect."), warnings.join('\n'));
  assert.ok(warnings.includes("payload.dataQuerry in main.yaml is not a bps setting. Did you mean 'dataQuery'? It has no effect."));
  assert.ok(warnings.includes("pipetask.isr.numberOfRetrys in main.yaml is not a bps setting. Did you mean 'numberOfRetries'? It has no effect."));
  assert.ok(warnings.includes("cluster.vd.dimension in main.yaml is not a bps setting. Did you mean 'dimensions'? It has no effect."));
  assert.ok(warnings.some((w) => /^LSST_VERSION, pipetask\.isr\.myNote \(in main\.yaml …\): not bps settings, and nothing refers to them as a \{name\}; ignored\.$/.test(w)), warnings.join('\n'));
  assert.ok(!warnings.some((w) => w.includes('myVisits')), 'a variable used as {myVisits} is fine');
  assert.ok(!warnings.some((w) => w.includes('executionButler')), 'whenCreate: NEVER alone is harmless');
});

test('a config bps-ts reads in full gives no warning', () => {
  const user = { payload: { payloadName: 'p', butlerConfig: 'r', inCollection: 'i', dataQuery: 'd' }, requestMemory: 2048, pipetask: { isr: { requestCpus: 2 } }, computeSite: 'local', clusterAlgorithm: 'x', site: { local: { cores: 2 } }, environment: { A: 'b' } };
  assert.deepEqual(auditKeys(user, user, describe), { notes: [], warnings: [] });
});
