/**
 * The slice of daf_butler's default dimension universe (version 7) the DC2 toy repo needs: which
 * dimensions require or imply which, the type of each key, and the universe order.
 */
export interface DimensionSpec {
  readonly name: string;
  /** Dimensions whose keys are part of this one's primary key. */
  readonly requires: readonly string[];
  /** Dimensions this one determines (`visit` → `physical_filter`, `day_obs`). */
  readonly implies: readonly string[];
  readonly keyType: 'int' | 'string';
  /** The record field holding the key (`name` for string keys, `id` for integers). */
  readonly keyField: 'name' | 'id';
}

const SPECS: readonly DimensionSpec[] = [
  { name: 'instrument', requires: [], implies: [], keyType: 'string', keyField: 'name' },
  { name: 'band', requires: [], implies: [], keyType: 'string', keyField: 'name' },
  { name: 'physical_filter', requires: ['instrument'], implies: ['band'], keyType: 'string', keyField: 'name' },
  { name: 'day_obs', requires: ['instrument'], implies: [], keyType: 'int', keyField: 'id' },
  { name: 'group', requires: ['instrument'], implies: [], keyType: 'string', keyField: 'name' },
  { name: 'detector', requires: ['instrument'], implies: [], keyType: 'int', keyField: 'id' },
  { name: 'visit', requires: ['instrument'], implies: ['physical_filter', 'day_obs'], keyType: 'int', keyField: 'id' },
  { name: 'exposure', requires: ['instrument'], implies: ['physical_filter', 'group', 'day_obs'], keyType: 'int', keyField: 'id' },
  { name: 'skymap', requires: [], implies: [], keyType: 'string', keyField: 'name' },
  { name: 'tract', requires: ['skymap'], implies: [], keyType: 'int', keyField: 'id' },
  { name: 'patch', requires: ['skymap', 'tract'], implies: [], keyType: 'int', keyField: 'id' },
  { name: 'htm7', requires: [], implies: [], keyType: 'int', keyField: 'id' },
];

export const UNIVERSE: ReadonlyMap<string, DimensionSpec> = new Map(SPECS.map((s) => [s.name, s]));

/**
 * The universe order, computed as daf_butler's DimensionConstructionBuilder does: repeatedly take every
 * dimension whose required and implied dimensions are already placed, sorted by name to break ties.
 * Gives band, htm7, instrument, skymap, day_obs, detector, group, physical_filter, tract, exposure,
 * patch, visit — so data IDs print `instrument, detector, exposure` and `instrument, skymap, tract, patch, visit`.
 */
function universeOrder(): string[] {
  const placed: string[] = [];
  const todo = new Set(UNIVERSE.keys());
  while (todo.size > 0) {
    const wave = [...todo]
      .filter((name) => {
        const spec = UNIVERSE.get(name);
        return spec !== undefined && [...spec.requires, ...spec.implies].every((d) => !todo.has(d));
      })
      .sort();
    if (wave.length === 0) throw new Error(`dimension cycle among ${[...todo].join(', ')}`);
    for (const name of wave) {
      todo.delete(name);
      placed.push(name);
    }
  }
  return placed;
}

export const DIMENSION_ORDER: readonly string[] = universeOrder();
const RANK = new Map(DIMENSION_ORDER.map((name, i) => [name, i]));

/** Sorts dimension names into universe order. */
export function sortDimensions(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => (RANK.get(a) ?? 999) - (RANK.get(b) ?? 999));
}

export function isDimension(name: string): boolean {
  return UNIVERSE.has(name);
}

/** A set of dimensions split as daf_butler's DimensionGroup splits it. */
export interface DimensionGroup {
  /** Keys that identify a data ID, in universe order. */
  readonly required: readonly string[];
  /** Keys they determine (`band`, `physical_filter`, `day_obs`…), in universe order. */
  readonly implied: readonly string[];
}

/**
 * Expands names into a group: everything they require is required, everything they imply
 * (transitively) is implied unless also required by a required dimension's key.
 */
export function dimensionGroup(names: Iterable<string>): DimensionGroup {
  const all = new Set<string>();
  const visit = (name: string): void => {
    if (all.has(name)) return;
    const spec = UNIVERSE.get(name);
    if (spec === undefined) throw new Error(`unknown dimension '${name}'`);
    all.add(name);
    for (const d of [...spec.requires, ...spec.implies]) visit(d);
  };
  for (const name of names) visit(name);
  const implied = new Set<string>();
  const markImplied = (name: string): void => {
    for (const d of UNIVERSE.get(name)?.implies ?? []) {
      implied.add(d);
      markImplied(d);
    }
  };
  for (const name of all) markImplied(name);
  return {
    required: sortDimensions([...all].filter((d) => !implied.has(d))),
    implied: sortDimensions(implied),
  };
}
