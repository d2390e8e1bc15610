import { hasKey, isMapping, type ConfigNode } from './config-node.js';
import type { Origins } from './origins.js';

/**
 * gen3_workflow configs say `outCollection` where ctrl_bps now says `outputRun` (ctrl_bps refuses the
 * old name). bps-ts renames it, in `payload` and at the root, unless `outputRun` is set at the same
 * level; `{outCollection}` references are followed to `outputRun` by the resolver. Returns a renamed
 * copy, and whether the old name was seen (for one deprecation warning).
 */
export function renameOutCollection(user: ConfigNode, origins: Origins): { tree: ConfigNode; renamed: boolean } {
  let renamed = false;
  const rename = (node: ConfigNode, prefix: readonly string[]): ConfigNode => {
    if (!hasKey(node, 'outCollection')) return node;
    renamed = true;
    const { outCollection, ...rest } = node;
    if (hasKey(rest, 'outputRun')) return rest;
    const origin = origins.get([...prefix, 'outCollection']);
    if (origin) origins.record([...prefix, 'outputRun'], origin);
    return { ...rest, outputRun: outCollection };
  };
  const root = rename(user, []);
  const payload = root['payload'];
  const tree = isMapping(payload) ? { ...root, payload: rename(payload, ['payload']) } : root;
  return { tree, renamed };
}

/**
 * The shipped defaults keep `output`, `outputRun` and `runInit` under `payload`, which the search order
 * reads before the root: under ctrl_bps's rules a user's root-level `outputRun` silently loses to the
 * default `payload.outputRun`. bps-ts drops such a default, so a value the user wrote always beats one
 * they did not.
 */
export function dropShadowedPayloadDefaults(merged: ConfigNode, defaults: ConfigNode, user: ConfigNode): ConfigNode {
  const defaultPayload = defaults['payload'];
  const mergedPayload = merged['payload'];
  if (!isMapping(defaultPayload) || !isMapping(mergedPayload)) return merged;
  const userPayload = isMapping(user['payload']) ? user['payload'] : {};
  const payload = { ...mergedPayload };
  for (const key of Object.keys(defaultPayload)) {
    if (hasKey(user, key) && !hasKey(userPayload, key)) delete payload[key];
  }
  return { ...merged, payload };
}
