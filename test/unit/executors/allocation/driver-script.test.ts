/** The allocation a login node queues to run the driver (driver-script.ts, batch-driver.ts). */
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { batchEnv } from '../../../../src/executors/allocation/batch-driver.js';
import { renderDriverScript } from '../../../../src/executors/allocation/driver-script.js';

const request = { name: 'bps.R1.alloc', outputPath: '/s/logging/allocation.%j.out', command: ['/usr/bin/node', '/opt/bps-ts/bin/bps', 'restart', '/s', '--quiet'], cwd: '/home/me/work dir' };

test("ctrl_bps_parsl's keys become the allocation's request; singleton chains the run's allocations", () => {
  const { script, sbatchArgs } = renderDriverScript({ nodes: 4, cores_per_node: 128, mem_per_node: 480, walltime: '10:00:00', qos: 'regular', constraint: 'cpu', account: 'm1727' }, request);
  const lines = script.split('\n');
  assert.equal(lines[0], '#!/bin/bash');
  assert.deepEqual(lines.filter((l) => l.startsWith('#SBATCH')), [
    '#SBATCH --job-name=bps.R1.alloc', '#SBATCH --dependency=singleton', '#SBATCH --output=/s/logging/allocation.%j.out', '#SBATCH --nodes=4',
    '#SBATCH --ntasks-per-node=1', '#SBATCH --cpus-per-task=128', '#SBATCH --mem=491520M', '#SBATCH --time=10:00:00', '#SBATCH --qos=regular',
    '#SBATCH --constraint=cpu', '#SBATCH --account=m1727', '#SBATCH --no-requeue',
  ]);
  assert.deepEqual(sbatchArgs, []);
  assert.ok(lines.includes("cd '/home/me/work dir' || exit 1"));
  assert.ok(lines.includes('/usr/bin/node /opt/bps-ts/bin/bps restart /s --quiet &'));
});

test('the batch script outlives the time limit\'s SIGTERM until the driver ends, and a hand-back (75) is a success', () => {
  const { script } = renderDriverScript({}, { ...request, command: ['/bin/sh', '-c', 'trap "exit 75" TERM; kill -TERM $PPID; sleep 0.2; kill -TERM $$; sleep 5'], cwd: '/tmp' });
  const result = spawnSync('/bin/bash', ['-c', script], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(result.status, 0, result.stderr);
  const failed = spawnSync('/bin/bash', ['-c', renderDriverScript({}, { ...request, command: ['/bin/sh', '-c', 'exit 3'], cwd: '/tmp' }).script]);
  assert.equal(failed.status, 3);
});

test('without cores or memory per node the allocation takes whole nodes; extra lines and options pass through', () => {
  const { script, sbatchArgs } = renderDriverScript({ scheduler_options: ['#SBATCH --licenses=cfs', '--time-min=2:00:00'], sbatchOptions: ['--mail-type=FAIL'], reservation: 'my resv' }, request);
  assert.match(script, /^#SBATCH --nodes=1$/m);
  assert.match(script, /^#SBATCH --exclusive$/m);
  assert.match(script, /^#SBATCH --mem=0$/m);
  assert.doesNotMatch(script, /--time=/);
  assert.match(script, /^#SBATCH --licenses=cfs\n#SBATCH --time-min=2:00:00$/m);
  assert.deepEqual(sbatchArgs, ['--reservation=my resv', '--mail-type=FAIL'], 'a value with blanks goes on the command line');
});

test("an allocation queued from inside another does not inherit that one's SLURM_* variables", () => {
  assert.deepEqual(batchEnv({ PATH: '/bin', SLURM_JOB_ID: '5', SLURM_MEM_PER_NODE: '1000', SLURM_CONF: '/etc/slurm/x.conf', SBATCH_ACCOUNT: 'm1' }), { PATH: '/bin', SLURM_CONF: '/etc/slurm/x.conf', SBATCH_ACCOUNT: 'm1' });
});
