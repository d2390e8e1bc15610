import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pingSlurm } from '../../../src/slurm/ping.js';
import type { CommandProbe, ProbeResult } from '../../../src/process/probe.js';
import { SINFO_ARGS } from '../../../src/slurm/sinfo.js';

/** A probe that answers every call with `result` and records the argv it was given. */
function fakeProbe(result: Partial<ProbeResult>): CommandProbe & { calls: string[][] } {
  const calls: string[][] = [];
  const probe = async (argv: readonly string[]) => {
    calls.push([...argv]);
    return { exitCode: 0, signal: undefined, spawnError: undefined, timedOut: false, stdout: '', stderr: '', durationMs: 5, ...result };
  };
  return Object.assign(probe, { calls });
}

// What a Perlmutter-like cluster prints: one line per node group, the default partition starred.
const PERLMUTTER = ['regular*|cpu,milan|up', 'regular*|gpu,a100|up', 'debug|cpu|up', 'shared|cpu|drain', 'old|(null)|down', ''].join('\n');

describe('pingSlurm', () => {
  it('runs one sinfo call and passes when the partition is up and has the feature', async () => {
    const probe = fakeProbe({ stdout: PERLMUTTER });
    const checks = await pingSlurm({ partition: 'debug', constraint: 'cpu' }, {}, probe);
    assert.deepEqual(probe.calls, [['sinfo', ...SINFO_ARGS]]);
    assert.deepEqual(checks.map((c) => [c.name, c.ok]), [['sinfo', true], ['partition', true], ['constraint', true]]);
    assert.match(checks[0]?.detail ?? '', /partitions regular\*, debug, shared \(drain\), old \(down\)/);
  });

  it('fails a partition that does not exist, naming the ones that do', async () => {
    const checks = await pingSlurm({ partition: 'premium' }, {}, fakeProbe({ stdout: PERLMUTTER }));
    assert.deepEqual(checks[1], { name: 'partition', ok: false, detail: "partition 'premium' not found; sinfo lists regular, debug, shared, old" });
  });

  it('fails a partition that is not up', async () => {
    const checks = await pingSlurm({ partition: 'shared' }, {}, fakeProbe({ stdout: PERLMUTTER }));
    assert.deepEqual(checks[1], { name: 'partition', ok: false, detail: "partition 'shared' exists but is drain" });
  });

  it('looks the constraint up in the site partition only, and lists what is there', async () => {
    const checks = await pingSlurm({ partition: 'debug', constraint: 'gpu' }, {}, fakeProbe({ stdout: PERLMUTTER }));
    assert.deepEqual(checks[2], { name: 'constraint', ok: false, detail: "constraint 'gpu': no node in partition 'debug' has feature 'gpu'; features there: cpu" });
  });

  it('without a partition, any partition may hold the feature; an OR needs one of them', async () => {
    const probe = fakeProbe({ stdout: PERLMUTTER });
    assert.equal((await pingSlurm({ constraint: 'gpu' }, {}, probe))[1]?.ok, true);
    assert.equal((await pingSlurm({ constraint: 'knl|cpu' }, {}, probe))[1]?.ok, true);
    assert.equal((await pingSlurm({ constraint: 'knl&cpu' }, {}, probe))[1]?.ok, false);
  });

  it('reports a failing sinfo with its error line, and checks nothing else', async () => {
    const checks = await pingSlurm({ partition: 'debug', constraint: 'cpu' }, {}, fakeProbe({
      exitCode: 1, stderr: 'sinfo: error: some warning\nslurm_load_partitions: Unable to contact slurm controller (connect failure)\n',
    }));
    assert.deepEqual(checks, [{ name: 'sinfo', ok: false, detail: 'sinfo exited 1: slurm_load_partitions: Unable to contact slurm controller (connect failure)' }]);
  });

  it('says when sinfo is missing or hangs', async () => {
    const missing = await pingSlurm({}, {}, fakeProbe({ exitCode: undefined, spawnError: 'not found' }));
    assert.match(missing[0]?.detail ?? '', /^sinfo not found on PATH/);
    const slow = await pingSlurm({}, {}, fakeProbe({ exitCode: undefined, timedOut: true, durationMs: 30_000 }));
    assert.match(slow[0]?.detail ?? '', /no answer within 30 s/);
  });
});
