/** A YAML mapping as loaded: the config tree is made of these, lists and scalars. */
export type ConfigNode = { [key: string]: unknown };

/** True for a mapping (not a list, not null). */
export function isMapping(value: unknown): value is ConfigNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `Object.hasOwn` for config mappings: a key holding `null` is present (it unsets a default). */
export function hasKey(node: ConfigNode, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(node, key);
}

/**
 * Deep merge of mappings as daf_butler's `Config.update`: `over` wins; mappings merge key by key, lists
 * and scalars replace. Inputs are not modified.
 */
export function deepMerge(base: ConfigNode, over: ConfigNode): ConfigNode {
  const result: ConfigNode = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = result[key];
    result[key] = isMapping(current) && isMapping(value) ? deepMerge(current, value) : value;
  }
  return result;
}

/** Freezes a config tree in place (mappings and lists), so a loaded config cannot change under a reader. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A key path for messages: `pipetask.isr.requestMemory`. */
export function keyPath(path: readonly string[]): string {
  return path.join('.');
}
