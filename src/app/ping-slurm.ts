import type { CommandProbe } from '../process/probe.js';
import type { PingCheck } from '../report/ping.js';

/** What `sinfo` says about one partition, merged over its node groups. */
export interface SlurmPartition {
  readonly name: string;
  /** Slurm's default partition (`sinfo` marks it with a `*`). */
  readonly isDefault: boolean;
  /** Availability as sinfo prints it (`up`, `down`, `drain`, `inact`), one per node group. */
  readonly availability: readonly string[];
  /** Node features (`--constraint` names) of any node in the partition. */
  readonly features: ReadonlySet<string>;
}

/** `%P|%f|%a`: partition (with `*` for the default), available node features, partition availability. */
export const SINFO_ARGS = ['--noheader', '--format=%P|%f|%a'] as const;

/** Parses `sinfo --noheader --format=%P|%f|%a`; sinfo prints one line per node group, so a partition may repeat. */
export function parseSinfoPartitions(stdout: string): SlurmPartition[] {
  const byName = new Map<string, { isDefault: boolean; availability: Set<string>; features: Set<string> }>();
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const [rawName = '', rawFeatures = '', availability = ''] = line.trim().split('|');
    const isDefault = rawName.endsWith('*');
    const name = isDefault ? rawName.slice(0, -1) : rawName;
    const entry = byName.get(name) ?? { isDefault: false, availability: new Set<string>(), features: new Set<string>() };
    entry.isDefault ||= isDefault;
    if (availability !== '') entry.availability.add(availability);
    // Nodes without features print "(null)".
    for (const feature of rawFeatures.split(',')) if (feature !== '' && feature !== '(null)') entry.features.add(feature);
    byName.set(name, entry);
  }
  return [...byName].map(([name, e]) => ({ name, isDefault: e.isDefault, availability: [...e.availability], features: e.features }));
}

/**
 * The feature names of a `--constraint` expression and whether any one of them is enough. Slurm's
 * syntax: `a&b` (all), `a|b` and `[a|b]` (any), `a*2` (a node count), parentheses. A mixed expression
 * is treated as "any" when it holds a `|`: ping only says whether the names exist, Slurm decides the rest.
 */
export function constraintFeatures(expression: string): { names: string[]; any: boolean } {
  const names = expression
    .split(/[&|,()[\]]/)
    .map((word) => word.replace(/\*\d+$/, '').trim())
    .filter((word) => word !== '');
  return { names: [...new Set(names)], any: expression.includes('|') };
}

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

/** The last non-empty line of a program's output: where Slurm's client commands put their error. */
export function lastLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '').pop() ?? '';
}
