import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAYLOAD, TS, fixtures, loadIn, writeTree } from './support.js';

const ENV = { CTRL_MPEXEC_DIR: '/stack/ctrl_mpexec', DAF_BUTLER_DIR: '/stack/daf_butler', GEN3_WORKFLOW_DIR: '/gw' };

/** Loads a seed fixture from a scratch working directory (so ${PWD} is predictable). */
function seed(name: string) {
  const cwd = writeTree({ 'keep.yaml': PAYLOAD });
  copyFileSync(fixtures('seed', name), join(cwd, name));
  return loadIn(cwd, name, { env: ENV });
}

test('the gen3_workflow seed config: outputRun from outCollection, a local site with 4 slots', () => {
  const { config, notices } = seed('bps_DRP.yaml');
  assert.equal(config.run.outputRun, `shared/parsl_patch_test_${TS}`);
  assert.equal(config.run.uniqProcName, `shared_parsl_patch_test_${TS}`);
  const site = config.computeSite();
  assert.deepEqual([site.name, site.executor, site.settings['maxJobs']], ['local', 'local', 4]);
  assert.equal(notices.filter((w) => w.includes('outCollection')).length, 1);
  assert.equal(config.jobSettingsFor('assembleCoadd').resources.requestMemory, 8192);
  assert.equal(config.jobSettingsFor('isr').resources.requestMemory, 2048);
  assert.equal(config.text('templateDataId', { replaceVars: false }), '{tract}_{patch}_{band}_{visit}_{detector}');
});

test('the seed config: fully resolved default createQuantumGraph and runQuantumCommand', () => {
  const { config, dir } = seed('bps_DRP.yaml');
  const submit = `${dir}/submit/shared/parsl_patch_test_${TS}`;
  const qg = `${submit}/shared_parsl_patch_test_${TS}.qg`;
  assert.equal(config.run.submitPath, submit);
  assert.equal(
    config.text('createQuantumGraph').trim(),
    `/stack/ctrl_mpexec/bin/pipetask --long-log --log-level=VERBOSE qgraph --butler-config ${dir}/gen3-repo -i LSSTCam-imSim/defaults -o u/jdoe/DC2_dev_dataset --output-run shared/parsl_patch_test_${TS} --pipeline /gw/pipelines/DRP.yaml --save-qgraph ${qg} --qgraph-dot ${submit}/shared_parsl_patch_test_${TS}.dot -d "tract=3828 AND patch=24 AND skymap='DC2'"`,
  );
  assert.equal(config.jobSettingsFor('isr').runQuantumCommand, `\${CTRL_MPEXEC_DIR}/bin/pipetask --long-log --log-level=VERBOSE run-qbb ${dir}/gen3-repo ${qg} --qgraph-node-id {qgraphNodeId}`);
  assert.equal(config.jobSettingsFor('pipetaskInit').runQuantumCommand, `\${CTRL_MPEXEC_DIR}/bin/pipetask --long-log --log-level=VERBOSE pre-exec-init-qbb ${dir}/gen3-repo ${qg}`);
  assert.deepEqual(config.finalJobSettings().commands, [`\${DAF_BUTLER_DIR}/bin/butler --long-log --log-level=VERBOSE aggregate-graph ${qg} ${dir}/gen3-repo -j 1 --register-dataset-types --update-output-chain`]);
  assert.equal(config.requiredPayload().dataQuery, "tract=3828 AND patch=24 AND skymap='DC2'");
});

test('the 2021 gen3_workflow example loads: its own commands read; computeSite ncsapool and its per-job-graph command refused by name', () => {
  const { config, dir } = seed('bps_DRP_2021.yaml');
  assert.throws(() => config.computeSite(), /Unknown computeSite 'ncsapool'/);
  assert.equal(config.run.operator, 'jchiang');
  assert.equal(config.run.submitPath, `${dir}/submit/shared/parsl_patch_test_${TS}`);
  const qg = `${dir}/submit/shared/parsl_patch_test_${TS}/shared_parsl_patch_test_${TS}.qg`;
  assert.equal(
    config.jobSettingsFor('pipetaskInit').runQuantumCommand,
    `\${CTRL_MPEXEC_DIR}/bin/pipetask --long-log run -b ${dir}/gen3-repo -i LSSTCam-imSim/defaults --output-run shared/parsl_patch_test_${TS} --init-only --skip-existing --register-dataset-types --qgraph ${qg} --no-versions`,
  );
  assert.match(config.text('createQuantumGraph'), new RegExp(`-q ${qg} --qgraph-dot ${qg}\\.dot$`));
  // Its payload command relied on per-job graph files: here every job would run the whole graph.
  assert.throws(() => config.jobSettingsFor('isr'), /The payload jobs' command \(runQuantumCommand in bps_DRP_2021\.yaml\) has no \{qgraphNodeId\}/);
});
