import { ConfigError } from '../errors.js';
import type { DataId, DataIdValue, QuantumGraph } from '../qgraph/types.js';
import type { ClusterSpec } from './types.js';

/**
 * The values a quantum has for a cluster's dimensions (then its partition dimensions), as ctrl_bps's
 * get_cluster_name_from_info finds them: the quantum's own value, else, for an `equalDimensions` pair
 * (a, b) with a wanted, b's value (and the other way round).
 *
 * Two differences from ctrl_bps, both forced or harmless:
 * - The dot export holds each quantum's REQUIRED dimensions only. ctrl_bps looks in the full data ID,
 *   implied dimensions included (DM-39949), so it finds `band` for a visit-level quantum; here that
 *   quantum lacks it. Cluster on required dimensions, or pair them with equalDimensions.
 * - A quantum that has both dimensions of a pair keeps its own value; ctrl_bps overwrites it with the
 *   partner's and then fails on a KeyError, which no pipeline relies on.
 */
export class DimensionValues {
  /** The cluster's `dimensions` then its `partitionDimensions` (ctrl_bps's cluster_dims + partition_dims). */
  readonly names: readonly string[];
  private readonly pairs: ReadonlyArray<readonly [number, string, number, string]>;

  constructor(
    private readonly graph: QuantumGraph,
    private readonly spec: ClusterSpec,
  ) {
    this.names = [...(spec.dimensions ?? []), ...(spec.partitionDimensions ?? [])];
    // Each pair as (index of a among names or -1, b, index of b or -1, a), resolved once.
    this.pairs = (spec.equalDimensions ?? []).map(([a, b]) => [this.names.indexOf(a), b, this.names.indexOf(b), a] as const);
  }

  /** Fills `out[i]` with quantum q's value for `names[i]`; a dimension found nowhere is a ConfigError. */
  resolve(q: number, out: DataIdValue[]): void {
    const names = this.names;
    let missing = false;
    for (let i = 0; i < names.length; i += 1) {
      const value = this.graph.value(q, names[i] as string);
      if (value === undefined) missing = true;
      out[i] = value as DataIdValue;
    }
    if (!missing) return;
    for (const [aAt, b, bAt, a] of this.pairs) {
      const bValue = aAt >= 0 ? this.graph.value(q, b) : undefined;
      if (bValue !== undefined) {
        this.fill(out, a, bValue);
        continue;
      }
      const aValue = bAt >= 0 ? this.graph.value(q, a) : undefined;
      if (aValue !== undefined) this.fill(out, b, aValue);
    }
    const absent = [...new Set(names.filter((_, i) => out[i] === undefined))];
    if (absent.length > 0) throw this.missing(q, absent);
  }

  /** The tags of a cluster whose first quantum is q: its `dimensions` values. */
  tags(q: number): DataId {
    const values: DataIdValue[] = [];
    this.resolve(q, values);
    const tags: Record<string, DataIdValue> = {};
    (this.spec.dimensions ?? []).forEach((name, i) => (tags[name] = values[i] as DataIdValue));
    return tags;
  }

  /** Sets every still-empty slot of dimension `name` (it may be both a cluster and a partition dimension). */
  private fill(out: DataIdValue[], name: string, value: DataIdValue): void {
    this.names.forEach((n, i) => {
      if (n === name && out[i] === undefined) out[i] = value;
    });
  }

  private missing(q: number, absent: readonly string[]): ConfigError {
    return new ConfigError(`Quantum ${this.graph.id(q)} (${pythonRepr(this.graph.dataId(q))}) missing dimensions: ${absent.join(',')}; required for cluster ${this.spec.label}`, {
      hint: `Only a quantum's required dimensions are in the QuantumGraph's dot export (not implied ones such as band for a visit); cluster ${this.spec.label} on dimensions its pipetasks' quanta all have, or map one onto another with equalDimensions (e.g. visit:exposure).`,
    });
  }
}

/** A data ID as Python prints a dict, as in ctrl_bps's message: `{'instrument': 'HSC', 'visit': 903342}`. */
export function pythonRepr(dataId: DataId): string {
  return `{${Object.entries(dataId).map(([k, v]) => `'${k}': ${typeof v === 'number' ? v : `'${v}'`}`).join(', ')}}`;
}
