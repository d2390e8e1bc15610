import { hasKey, isMapping, type ConfigNode } from './config-node.js';

/**
 * ctrl_bps's `BPS_SEARCH_ORDER`: the sections searched before the root, most specific first.
 * `bps_cmdline` holds the command-line values, `bps_defined` the generated ones.
 */
export const SEARCH_ORDER = ['bps_cmdline', 'payload', 'cluster', 'pipetask', 'site', 'cloud', 'bps_defined'] as const;

/** A value found by the search, with the key path it was found at. */
export interface Hit {
  readonly value: unknown;
  readonly path: readonly string[];
}

/** Where to look: current values (`curr_<section>` and direct values) and an optional section searched first. */
export interface Scope {
  readonly curvals: Readonly<Record<string, unknown>>;
  readonly searchobj: ConfigNode | undefined;
  /** The key path of `searchobj`, for messages. */
  readonly searchobjPath: readonly string[];
}

/**
 * ctrl_bps's `BpsConfig.search` lookup, without any expansion:
 * 1. a current value (`curvals[key]`) wins;
 * 2. then `searchobj` (e.g. the `finalJob` section);
 * 3. then each section of {@link SEARCH_ORDER}: when `curr_<section>` names a subsection that exists,
 *    only `<section>.<current>` is searched, else the section's own top level (so `payload`,
 *    `bps_cmdline` and `bps_defined` are searched at their top level, and `pipetask.requestMemory`
 *    would count when no `pipetask.<label>` section exists for the current label);
 * 4. then the root.
 * A key holding `null` is found (it unsets a default from a lower level).
 */
export function findInConfig(data: ConfigNode, key: string, scope: Scope): Hit | undefined {
  if (hasKey(scope.curvals, key)) return { value: scope.curvals[key], path: ['(current values)', key] };
  if (scope.searchobj && hasKey(scope.searchobj, key)) return { value: scope.searchobj[key], path: [...scope.searchobjPath, key] };
  for (const section of SEARCH_ORDER) {
    const node = data[section];
    if (!isMapping(node)) continue;
    const current = scope.curvals[`curr_${section}`];
    const sub = typeof current === 'string' ? node[current] : undefined;
    if (isMapping(sub)) {
      if (hasKey(sub, key)) return { value: sub[key], path: [section, current as string, key] };
    } else if (hasKey(node, key)) return { value: node[key], path: [section, key] };
  }
  return hasKey(data, key) ? { value: data[key], path: [key] } : undefined;
}
