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

/**
 * gen3_workflow's `parsl_config.retries` (Parsl's retries of every failed job; 0 when absent there) is
 * bps-ts's `numberOfRetries` when the user's config sets no numberOfRetries of its own at the root or in
 * payload (per-label values still win). Returns the tree, and the value taken, for a notice.
 */
export function parslRetries(merged: ConfigNode, user: ConfigNode): { tree: ConfigNode; retries?: number } {
  const block = user['parsl_config'];
  if (!isMapping(block) || typeof block['retries'] !== 'number') return { tree: merged };
  const payload = isMapping(user['payload']) ? user['payload'] : {};
  if (hasKey(user, 'numberOfRetries') || hasKey(payload, 'numberOfRetries')) return { tree: merged };
  return { tree: { ...merged, numberOfRetries: block['retries'] }, retries: block['retries'] };
}
