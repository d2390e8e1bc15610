/** `bps ping` for an allocation site: the slurm checks, then the partition's time and node limits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pingAllocation } from '../../../../src/executors/allocation/ping.js';
import type { CommandProbe, ProbeResult } from '../../../../src/process/probe.js';
import { fixture } from '../../../support/slurm-records.js';

/** Answers sinfo and scontrol from canned output, recording each argv. */
function probe(scontrol: Partial<ProbeResult>): CommandProbe & { calls: string[][] } {
  const calls: string[][] = [];
  const answer = async (argv: readonly string[]) => {
    calls.push([...argv]);
    const base = { exitCode: 0, signal: undefined, spawnError: undefined, timedOut: false, stderr: '', durationMs: 5 };
    if (argv[0] === 'sinfo') return { ...base, stdout: 'debug*|(null)|up\nshort|(null)|up\n' };
    return { ...base, stdout: '', ...scontrol };
  };
  return Object.assign(answer, { calls });
}

const PARTITIONS = `${fixture('alloc-scontrol-partition.txt').trim()}\nPartitionName=short Default=NO MaxNodes=2 MaxTime=00:30:00 State=UP TotalNodes=4\n`;

test('the default partition admits the local cluster\'s 4-node request (captured scontrol output)', async () => {
  const p = probe({ stdout: PARTITIONS });
  const checks = await pingAllocation({ nodes: 4, walltime: '00:10:00' }, {}, p);
  assert.deepEqual(checks.map((c) => [c.name, c.ok]), [['sinfo', true], ['walltime', true], ['nodes', true]]);
  assert.deepEqual(p.calls.map((c) => c[0]), ['sinfo', 'scontrol']);
  assert.equal(checks[1]?.detail, "walltime 00:10:00 within partition 'debug's MaxTime UNLIMITED");
});

test("a walltime or node count the partition's limits refuse fails, saying which limit", async () => {
  const checks = await pingAllocation({ partition: 'short', nodes: 3, walltime: '01:00:00' }, {}, probe({ stdout: PARTITIONS }));
  assert.deepEqual(checks.slice(1).map((c) => [c.name, c.ok, c.detail]), [
    ['partition', true, "partition 'short' exists and is up"],
    ['walltime', false, "walltime 01:00:00 exceeds partition 'short's MaxTime 00:30:00"],
    ['nodes', false, "3 nodes exceed partition 'short's MaxNodes 2"],
  ]);
  const tooMany = await pingAllocation({ nodes: 5 }, {}, probe({ stdout: PARTITIONS }));
  assert.deepEqual(tooMany.at(-1), { name: 'nodes', ok: false, detail: "5 nodes, but partition 'debug' has 4" });
});

test('scontrol failing is one failed check', async () => {
  const checks = await pingAllocation({}, {}, probe({ exitCode: 1, stderr: 'slurm_load_partitions: Unable to contact slurm controller\n' }));
  assert.deepEqual(checks.at(-1), { name: 'limits', ok: false, detail: 'scontrol show partition failed: slurm_load_partitions: Unable to contact slurm controller' });
});
