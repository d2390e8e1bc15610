/** `bps ping` for a Slurm-based site (executor slurm or allocation): sinfo, the partition, the constraint. */
import type { PingCheck } from '../model/ping-check.js';
import { lastLine, type CommandProbe } from '../process/probe.js';
import { constraintFeatures, parseSinfoPartitions, SINFO_ARGS, type SlurmPartition } from './sinfo.js';

/** The Slurm checks of `bps ping`: sinfo answers, and the site's partition and constraint exist. */
export async function pingSlurm(
  site: { readonly partition?: string; readonly constraint?: string },
  env: Readonly<Record<string, string>>,
  probe: CommandProbe,
): Promise<PingCheck[]> {
  const result = await probe(['sinfo', ...SINFO_ARGS], { env, timeoutMs: 30_000 });
  if (result.exitCode !== 0) return [{ name: 'sinfo', ok: false, detail: sinfoFailure(result) }];
  const partitions = parseSinfoPartitions(result.stdout);
  if (partitions.length === 0) return [{ name: 'sinfo', ok: false, detail: 'sinfo answered but lists no partition you can use' }];
  const checks: PingCheck[] = [{ name: 'sinfo', ok: true, detail: `answers: partitions ${partitions.map(describePartition).join(', ')}` }];
  let scope = partitions;
  if (site.partition !== undefined) {
    const found = partitions.find((p) => p.name === site.partition);
    checks.push(partitionCheck(site.partition, found, partitions));
    if (found) scope = [found];
  }
  if (site.constraint !== undefined) checks.push(constraintCheck(site.constraint, scope, site.partition));
  return checks;
}

function describePartition(p: SlurmPartition): string {
  const state = p.availability.length === 1 && p.availability[0] === 'up' ? '' : ` (${p.availability.join('/') || 'state unknown'})`;
  return `${p.name}${p.isDefault ? '*' : ''}${state}`;
}

function partitionCheck(name: string, found: SlurmPartition | undefined, all: readonly SlurmPartition[]): PingCheck {
  if (!found) return { name: 'partition', ok: false, detail: `partition '${name}' not found; sinfo lists ${all.map((p) => p.name).join(', ')}` };
  // A partition that is not up accepts jobs but never starts them: worth failing before a submit.
  const up = found.availability.includes('up');
  return { name: 'partition', ok: up, detail: `partition '${name}' ${up ? 'exists and is up' : `exists but is ${found.availability.join('/') || 'not up'}`}` };
}

function constraintCheck(expression: string, scope: readonly SlurmPartition[], partition: string | undefined): PingCheck {
  const where = partition !== undefined && scope.length === 1 ? `partition '${partition}'` : 'any partition';
  const available = new Set(scope.flatMap((p) => [...p.features]));
  const { names, any } = constraintFeatures(expression);
  const missing = names.filter((n) => !available.has(n));
  const ok = names.length > 0 && (any ? missing.length < names.length : missing.length === 0);
  const features = available.size === 0 ? 'none' : [...available].sort().join(', ');
  if (ok) return { name: 'constraint', ok, detail: `constraint '${expression}': node feature${names.length > 1 ? 's' : ''} found in ${where}` };
  return { name: 'constraint', ok, detail: `constraint '${expression}': no node in ${where} has feature ${missing.map((n) => `'${n}'`).join(any ? ' or ' : ', ')}; features there: ${features}` };
}

function sinfoFailure(result: Awaited<ReturnType<CommandProbe>>): string {
  if (result.spawnError !== undefined) return `sinfo ${result.spawnError} on PATH: is this a Slurm login node (module load slurm)?`;
  if (result.timedOut) return `sinfo gave no answer within ${Math.round(result.durationMs / 1000)} s: slurmctld is down or overloaded`;
  const said = lastLine(result.stderr) || lastLine(result.stdout);
  return `sinfo ${result.signal !== undefined ? `was killed by ${result.signal}` : `exited ${result.exitCode ?? '?'}`}${said ? `: ${said}` : ''}`;
}
