/**
 * What an allocation holds, from `scontrol show job -d <id>` (captured: test/fixtures/slurm/alloc-*.txt): its
 * nodes with the CPUs and memory it has on each (one `Nodes=n[1-4] CPU_IDs=0-3 Mem=1000 GRES=` line per
 * group of nodes alike), its name and time limit. `squeue -o %L` then says how much of it is left.
 */
import { parseSlurmDuration } from './duration.js';
import { countIds, expandHostlist } from './hostlist.js';

/** One node of an allocation and what the allocation holds on it. */
export interface AllocatedNode {
  readonly name: string;
  readonly cpus: number;
  /** MiB; `Mem=` of the detail line (the whole node's with `--mem=0`). */
  readonly memoryMiB: number;
}

/** An allocation as `scontrol show job -d` describes it. */
export interface AllocationDetail {
  readonly jobId: string;
  readonly name: string;
  readonly state: string;
  /** Seconds; Infinity for UNLIMITED; undefined when Slurm printed none. */
  readonly timeLimitSec: number | undefined;
  readonly nodes: readonly AllocatedNode[];
}

/** Parses the default (multi-line) or `-o` output of `scontrol show job -d` for one job. */
export function parseAllocationDetail(stdout: string): AllocationDetail {
  const field = (key: string) => new RegExp(`(?:^|\\s)${key}=(\\S*)`).exec(stdout)?.[1];
  const jobId = field('JobId');
  if (jobId === undefined) throw new Error(`scontrol show job -d printed no JobId: ${JSON.stringify(stdout.slice(0, 200))}`);
  // JobName is printed raw, blanks and all: up to its known successor UserId (as in scontrol.ts).
  const name = / JobName=(.*?) UserId=/.exec(stdout.replace(/\n\s*/g, ' '))?.[1] ?? field('JobName') ?? '';
  const limit = field('TimeLimit');
  const nodes: AllocatedNode[] = [];
  for (const match of stdout.matchAll(/(?:^|\s)Nodes=(\S+) CPU_IDs=(\S+) Mem=(\d+)/g)) {
    const [, list, ids, mem] = match as unknown as [string, string, string, string];
    for (const node of expandHostlist(list)) nodes.push({ name: node, cpus: countIds(ids), memoryMiB: Number(mem) });
  }
  return {
    jobId,
    name,
    state: field('JobState') ?? 'UNKNOWN',
    timeLimitSec: limit === undefined ? undefined : parseSlurmDuration(limit),
    nodes,
  };
}

/** `squeue -h -j <id> -o %L`: the time the job has left, in seconds (Infinity for UNLIMITED). */
export function parseTimeLeft(stdout: string): number | undefined {
  const line = stdout.split('\n').map((l) => l.trim()).find((l) => l !== '');
  return line === undefined ? undefined : parseSlurmDuration(line);
}
