/**
 * `bps ping` for an allocation site: what the slurm executor checks (sinfo answers, the partition and the
 * constraint exist), then whether the partition's limits admit the allocation asked for: its time limit
 * (MaxTime) the site's walltime, its node limit (MaxNodes, and the nodes it has) the site's nodes.
 */
import type { PingCheck } from '../../model/ping-check.js';
import { lastLine, type CommandProbe } from '../../process/probe.js';
import { formatSlurmDuration, parseSlurmDuration } from '../../slurm/duration.js';
import { parsePartitions, SHOW_PARTITIONS_ARGS, type PartitionLimits } from '../../slurm/partition.js';
import { pingSlurm } from '../../slurm/ping.js';
import { DEFAULT_NODES, type AllocationSettings } from './settings.js';

const limit = (n: number, format: (n: number) => string = String) => (Number.isFinite(n) ? format(n) : 'UNLIMITED');

/** The checks of `bps ping` for an allocation site: pingSlurm's, then the partition's walltime and node limits. */
export async function pingAllocation(settings: AllocationSettings, env: Readonly<Record<string, string>>, probe: CommandProbe): Promise<PingCheck[]> {
  const checks = await pingSlurm(settings, env, probe);
  if (!checks.every((c) => c.ok)) return checks;
  const shown = await probe(['scontrol', ...SHOW_PARTITIONS_ARGS], { env, timeoutMs: 30_000 });
  if (shown.exitCode !== 0) return [...checks, { name: 'limits', ok: false, detail: `scontrol show partition failed: ${lastLine(shown.stderr) || `exit ${shown.exitCode ?? shown.signal ?? '?'}`}` }];
  const partitions = parsePartitions(shown.stdout);
  const target = settings.partition !== undefined ? partitions.find((p) => p.name === settings.partition) : partitions.find((p) => p.isDefault);
  if (!target) return [...checks, { name: 'limits', ok: false, detail: settings.partition ? `scontrol does not show partition '${settings.partition}'` : 'no default partition: set the site\'s partition' }];
  return [...checks, walltimeCheck(settings.walltime, target), nodesCheck(settings.nodes ?? DEFAULT_NODES, target)];
}

function walltimeCheck(walltime: string | undefined, p: PartitionLimits): PingCheck {
  const max = limit(p.maxTimeSec, formatSlurmDuration);
  if (walltime === undefined) return { name: 'walltime', ok: true, detail: `no walltime set: allocations get partition '${p.name}'s default (MaxTime ${max})` };
  const seconds = parseSlurmDuration(walltime) ?? Number.NaN;
  const ok = seconds <= p.maxTimeSec;
  return { name: 'walltime', ok, detail: `walltime ${walltime} ${ok ? 'within' : 'exceeds'} partition '${p.name}'s MaxTime ${max}` };
}

function nodesCheck(nodes: number, p: PartitionLimits): PingCheck {
  if (nodes > p.maxNodes) return { name: 'nodes', ok: false, detail: `${nodes} nodes exceed partition '${p.name}'s MaxNodes ${limit(p.maxNodes)}` };
  if (nodes > p.totalNodes) return { name: 'nodes', ok: false, detail: `${nodes} nodes, but partition '${p.name}' has ${limit(p.totalNodes)}` };
  return { name: 'nodes', ok: true, detail: `${nodes} node${nodes === 1 ? '' : 's'} within partition '${p.name}'s limits (MaxNodes ${limit(p.maxNodes)}, ${limit(p.totalNodes)} nodes)` };
}
