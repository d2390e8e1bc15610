/**
 * Parsers of what an allocation looks like from inside it (slurm/allocation.ts, hostlist.ts, duration.ts,
 * partition.ts), on output captured by test/fixtures/slurm/capture-allocation.sh.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllocationDetail, parseTimeLeft } from '../../../src/slurm/allocation.js';
import { formatSlurmDuration, parseSlurmDuration } from '../../../src/slurm/duration.js';
import { countIds, expandHostlist } from '../../../src/slurm/hostlist.js';
import { parsePartitions } from '../../../src/slurm/partition.js';
import { SACCT_STATE_FIELDS } from '../../../src/slurm/args.js';
import { makeRecord, splitRows } from '../../../src/slurm/record.js';
import { fixture } from '../../support/slurm-records.js';

test('host lists expand as scontrol show hostnames does (captured)', () => {
  const oracle = fixture('alloc-hostnames.txt').trim().split('\n');
  assert.deepEqual([...expandHostlist('n[1-4]'), ...expandHostlist('nid[001-003,010],login1,r[1-2]n[7-8]')], oracle);
  assert.deepEqual(expandHostlist('a1, b2'), ['a1', 'b2']);
  assert.throws(() => expandHostlist('n[1-'), /not a Slurm host list/);
  assert.equal(countIds('0-3'), 4);
  assert.equal(countIds('0,2-3,7'), 4);
});

test('Slurm durations: --time forms, squeue %L/%l output and UNLIMITED', () => {
  const cases: ReadonlyArray<readonly [string, number | undefined]> = [
    ['10', 600], ['2:00', 120], ['1:58', 118], ['00:30:00', 1800], ['23:59:59', 86_399], ['1-00:00:00', 86_400],
    ['2-12', 216_000], ['1-2:30', 95_400], ['UNLIMITED', Number.POSITIVE_INFINITY], ['INFINITE', Number.POSITIVE_INFINITY],
    ['NOT_SET', undefined], ['N/A', undefined], ['', undefined],
  ];
  for (const [text, seconds] of cases) assert.equal(parseSlurmDuration(text), seconds, text);
  assert.equal(formatSlurmDuration(1800), '00:30:00');
  assert.equal(formatSlurmDuration(90_061.2), '1-01:01:02');
  assert.equal(parseSlurmDuration(formatSlurmDuration(123_456)), 123_456);
});

test('an allocation\'s nodes, CPUs and memory per node, name and time limit (captured scontrol show job -d)', () => {
  const detail = parseAllocationDetail(fixture('alloc-scontrol-detail.txt'));
  assert.equal(detail.name, 'bps.capture.alloc');
  assert.equal(detail.state, 'RUNNING');
  assert.equal(detail.timeLimitSec, 120);
  assert.deepEqual(detail.nodes, ['n1', 'n2', 'n3', 'n4'].map((name) => ({ name, cpus: 4, memoryMiB: 1000 })));
  const [mem0, exclusive] = fixture('alloc-scontrol-detail-mem0-exclusive.txt').split(/\n(?=JobId=)/).map(parseAllocationDetail);
  // --mem=0: the node's whole memory; --exclusive without --mem: every CPU, DefMemPerCPU each.
  assert.deepEqual(mem0?.nodes, [{ name: 'n1', cpus: 3, memoryMiB: 24105 }, { name: 'n2', cpus: 3, memoryMiB: 24105 }]);
  assert.equal(mem0?.timeLimitSec, 86_400);
  assert.deepEqual(exclusive?.nodes, [{ name: 'n3', cpus: 4, memoryMiB: 400 }, { name: 'n4', cpus: 4, memoryMiB: 400 }]);
  assert.equal(exclusive?.timeLimitSec, Number.POSITIVE_INFINITY);
  assert.throws(() => parseAllocationDetail('nothing here'), /printed no JobId/);
});

test('time left (captured squeue -o %L): running, a day, UNLIMITED, and a singleton job pending on Dependency', () => {
  const rows = fixture('alloc-squeue-time-left.txt').trim().split('\n').map((line) => line.split('|'));
  const byName = new Map(rows.map((r) => [r[6], r]));
  assert.equal(parseTimeLeft(`${byName.get('cap-mem0')?.[1]}\n`), 86_399);
  assert.equal(parseTimeLeft(byName.get('cap-exclusive')?.[1] ?? ''), Number.POSITIVE_INFINITY);
  const ours = rows.filter((r) => r[6] === 'bps.capture.alloc');
  const running = ours.find((r) => r[4] === 'RUNNING');
  const pending = ours.find((r) => r[4] === 'PENDING');
  assert.equal(pending?.[5], 'Dependency', 'the second job of one name waits with --dependency=singleton');
  assert.ok((parseTimeLeft(running?.[1] ?? '') ?? 0) <= 120);
  assert.equal(parseTimeLeft(''), undefined);
});

test('partition limits (captured scontrol -o show partition)', () => {
  assert.deepEqual(parsePartitions(fixture('alloc-scontrol-partition.txt')), [
    { name: 'debug', isDefault: true, state: 'UP', maxTimeSec: Number.POSITIVE_INFINITY, maxNodes: Number.POSITIVE_INFINITY, totalNodes: 4 },
  ]);
  assert.deepEqual(parsePartitions('PartitionName=short Default=NO MaxNodes=2 MaxTime=00:30:00 State=UP TotalNodes=8\n'), [
    { name: 'short', isDefault: false, state: 'UP', maxTimeSec: 1800, maxNodes: 2, totalNodes: 8 },
  ]);
});

test('step rows of sacct (captured, read with the shared record parser): completed, exit 3, kill -9, scancel, the step time limit and the allocation end', () => {
  // What docs/SLURM.md says of steps; bps-ts itself settles steps from their files, not from accounting.
  const rows = splitRows(fixture('alloc-sacct-steps.txt'), SACCT_STATE_FIELDS.length, 'sacct output');
  const steps = new Map(rows.filter(([id]) => /^\d+\.\d+$/.test(id ?? '')).map(([id, , state, exitCode, reason, name]) =>
    [(id as string).split('.')[1], makeRecord({ id: id as string, name: name as string, state: state as string, reason: reason as string, exitCode: exitCode as string })]));
  assert.equal(steps.get('0')?.state, 'COMPLETED');
  assert.deepEqual([steps.get('1')?.state, steps.get('1')?.exitCode], ['FAILED', 3]);
  assert.deepEqual([steps.get('2')?.state, steps.get('2')?.signal], ['CANCELLED', 9]);
  assert.deepEqual([steps.get('8')?.state, steps.get('8')?.cancelledBy], ['CANCELLED', '0']);
  assert.deepEqual([steps.get('10')?.state, steps.get('10')?.signal], ['TIMEOUT', 15], 'srun -t 1 ran out');
  assert.deepEqual([steps.get('9')?.state, steps.get('9')?.signal], ['CANCELLED', 15], "killed by the allocation's end");
  assert.ok(!steps.has('batch') && [...steps.keys()].every((k) => /^\d+$/.test(k)), 'only numbered steps');
});
