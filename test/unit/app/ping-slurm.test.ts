import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constraintFeatures, parseSinfoPartitions, pingSlurm, SINFO_ARGS } from '../../../src/app/ping-slurm.js';
import type { CommandProbe, ProbeResult } from '../../../src/process/probe.js';

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

describe('parseSinfoPartitions', () => {
  it('merges node groups of one partition, keeps the default mark and the availability', () => {
    const parts = parseSinfoPartitions(PERLMUTTER);
    assert.deepEqual(parts.map((p) => p.name), ['regular', 'debug', 'shared', 'old']);
    const regular = parts[0];
    assert.equal(regular?.isDefault, true);
    assert.deepEqual([...(regular?.features ?? [])].sort(), ['a100', 'cpu', 'gpu', 'milan']);
    assert.deepEqual(parts[3]?.features.size, 0, '(null) means no feature');
    assert.deepEqual(parts[2]?.availability, ['drain']);
  });
});

describe('constraintFeatures', () => {
  const cases: Array<[string, string[], boolean]> = [
    ['cpu', ['cpu'], false],
    ['haswell&quad', ['haswell', 'quad'], false],
    ['knl|haswell', ['knl', 'haswell'], true],
    ['[rack1*2&rack2*4]', ['rack1', 'rack2'], false],
    ['(a|b)&c', ['a', 'b', 'c'], true],
  ];
  for (const [expression, names, any] of cases) {
    it(expression, () => assert.deepEqual(constraintFeatures(expression), { names, any }));
  }
});

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
