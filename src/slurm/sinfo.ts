/** `sinfo`: the partitions a user can submit to, and the node features a `--constraint` may name. */

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
