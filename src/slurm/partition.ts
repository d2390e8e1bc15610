/**
 * A partition's limits from `scontrol -o show partition` (one line per partition; captured:
 * test/fixtures/slurm/alloc-scontrol-partition.txt): what `bps ping` checks an allocation's request against.
 */
import { parseSlurmDuration } from './duration.js';

/** `scontrol -o show partition` argv (every partition: the default one is marked `Default=YES`). */
export const SHOW_PARTITIONS_ARGS = ['-o', 'show', 'partition'] as const;

export interface PartitionLimits {
  readonly name: string;
  readonly isDefault: boolean;
  readonly state: string;
  /** Seconds; Infinity for UNLIMITED. */
  readonly maxTimeSec: number;
  /** Infinity for UNLIMITED. */
  readonly maxNodes: number;
  readonly totalNodes: number;
}

function count(text: string | undefined): number {
  if (text === undefined || /^UNLIMITED$/i.test(text)) return Number.POSITIVE_INFINITY;
  const n = Number(text);
  return Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
}

/** Parses `scontrol -o show partition`; lines without a PartitionName are skipped. */
export function parsePartitions(stdout: string): PartitionLimits[] {
  const partitions: PartitionLimits[] = [];
  for (const line of stdout.split('\n')) {
    const fields = new Map<string, string>();
    for (const token of line.trim().split(/\s+/)) {
      const eq = token.indexOf('=');
      if (eq > 0) fields.set(token.slice(0, eq), token.slice(eq + 1));
    }
    const name = fields.get('PartitionName');
    if (name === undefined) continue;
    partitions.push({
      name,
      isDefault: fields.get('Default') === 'YES',
      state: fields.get('State') ?? 'UNKNOWN',
      maxTimeSec: parseSlurmDuration(fields.get('MaxTime') ?? 'UNLIMITED') ?? Number.POSITIVE_INFINITY,
      maxNodes: count(fields.get('MaxNodes')),
      totalNodes: count(fields.get('TotalNodes')),
    });
  }
  return partitions;
}
