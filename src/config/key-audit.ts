/**
 * Nothing is dropped silently (docs/CONFIG.md, "Keys bps-ts does not use"): after loading, every key of
 * the user's config that bps-ts will not act on is named in a warning saying what happens instead: keys of
 * other workflow systems and ctrl_bps features bps-ts lacks (foreign-keys.ts), likely typos
 * ("did you mean"), and keys that are neither settings nor used as a `{name}` anywhere.
 */
import { isMapping, type ConfigNode } from './config-node.js';
import { configKeys } from './config-keys.js';
import { CLUSTERING_KEYS } from './cluster-sections.js';
import { FOREIGN_KEY_GROUPS, foreignKeyGroup } from './foreign-keys.js';

const FOREIGN_KEYS = FOREIGN_KEY_GROUPS.flatMap((group) => group.keys.filter((key) => !key.includes('.')));
import { LATER_VALUES } from './commands.js';
import { didYouMean } from './suggest.js';

/** What a config says that bps-ts does not do, one message per line. */
export interface KeyAudit {
  /** Said at INFO: a choice bps-ts replaces by its own (wmsServiceClass). */
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

/** Sections whose keys are audited, and what else they hold. */
const SECTIONS = ['payload', 'pipetask', 'cluster', 'finalJob', 'site', 'environment', 'bps_cmdline', 'bps_defined', 'parsl_config'] as const;

/** Keys bps-ts itself reads or generates, by their name at the level they are written. */
function knownKeys(): { root: Set<string>; perLabel: Set<string>; finalJob: Set<string> } {
  const root = new Set<string>([...SECTIONS, 'includeConfigs', 'operator', 'timestamp', 'uniqProcName', 'submitPath', 'qgraphFile', 'qgraphDotFile', 'configDir', 'outputRun', 'jobLabel', ...LATER_VALUES.payload, 'userQgraphFile', 'computeSite', 'wmsServiceClass']);
  const perLabel = new Set<string>(['runQuantumCommand', 'useNodeIdInClusterName', 'templateDataId', 'environment', 'requestMemoryMax', 'jobLabel', ...LATER_VALUES.payload]);
  const finalJob = new Set<string>(['whenSetup', 'implementation']);
  for (const entry of configKeys) {
    const [first, second] = entry.key.split('.') as [string, string | undefined];
    if (first === 'finalJob' && second !== undefined) finalJob.add(second);
    else if (first !== 'site' && first !== 'cluster' && !first.includes('<')) root.add(first);
    if (entry.perLabel) perLabel.add(first);
  }
  return { root, perLabel, finalJob };
}

/**
 * Audits `user` (the user's files merged, without bps-ts's defaults) against what bps-ts reads. `data` is
 * the whole merged config, searched for `{name}` references; `describe` names where a key was set.
 */
export function auditKeys(user: ConfigNode, data: ConfigNode, describe: (path: readonly string[]) => string): KeyAudit {
  const known = knownKeys();
  const referenced = referencedNames(data);
  const foreign = new Map<string, string[]>();
  const typos: string[] = [];
  const unused: Array<{ key: string; where: string }> = [];
  const notes: string[] = [];
  const visit = (path: readonly string[], node: ConfigNode, allowed: ReadonlySet<string>) => {
    for (const [key, value] of Object.entries(node)) {
      const full = [...path, key];
      const dotted = full.join('.');
      const group = foreignKeyGroup(dotted);
      if (group) {
        if (group.harmlessValue !== undefined && value === group.harmlessValue) continue;
        if (key === 'executionButler' && isMapping(value) && Object.keys(value).every((k) => k === 'whenCreate') && value['whenCreate'] === 'NEVER') continue;
        foreign.set(group.instead, [...(foreign.get(group.instead) ?? []), dotted]);
        continue;
      }
      if (allowed.has(key) || known.root.has(key) || referenced.has(key)) continue;
      const suggestion = didYouMean(key, [...allowed, ...known.root, ...FOREIGN_KEYS]);
      const where = whereSet(full, value, describe);
      if (suggestion) typos.push(`${where} is not a bps setting.${suggestion}`);
      else unused.push({ key: dotted, where });
    }
  };
  const sectionOf = (name: string): ConfigNode => (isMapping(user[name]) ? (user[name] as ConfigNode) : {});
  visit([], omit(user, SECTIONS), known.root);
  visit(['payload'], sectionOf('payload'), known.root);
  for (const [label, body] of Object.entries(sectionOf('pipetask'))) if (isMapping(body)) visit(['pipetask', label], body, known.perLabel);
  for (const [label, body] of Object.entries(sectionOf('cluster'))) if (isMapping(body)) visit(['cluster', label], body, new Set([...known.perLabel, ...CLUSTERING_KEYS]));
  visit(['finalJob'], omitCommands(sectionOf('finalJob')), new Set([...known.finalJob, ...known.perLabel]));
  const wms = user['wmsServiceClass'] ?? sectionOf('payload')['wmsServiceClass'];
  if (typeof wms === 'string' && wms.trim() !== '') notes.push(`wmsServiceClass ${wms} is not loaded: bps-ts runs the workflow itself, with the compute site's executor.`);
  const warnings = [
    ...[...foreign].map(([instead, keys]) => `${list(keys)} ${keys.length === 1 ? 'has' : 'have'} no effect: ${instead}.`),
    ...typos.map((text) => `${text} It has no effect.`),
    ...(unused.length > 0 ? [`${list(unused.map((u) => u.key))} (in ${fileOf(unused[0]?.where ?? '')}${unused.length > 1 ? ' …' : ''}): ${unused.length === 1 ? 'not a bps setting, and nothing refers to it' : 'not bps settings, and nothing refers to them'} as a {name}; ignored.`] : []),
  ];
  return { notes, warnings };
}

/** `pipetasks in b7.yaml`: where a key was set; for a section, where its first value was. */
function whereSet(path: readonly string[], value: unknown, describe: (path: readonly string[]) => string): string {
  let leaf = path;
  let node = value;
  while (isMapping(node) && Object.keys(node).length > 0) {
    const [first] = Object.keys(node) as [string];
    leaf = [...leaf, first];
    node = node[first];
  }
  return describe(leaf).replace(leaf.join('.'), path.join('.'));
}

/** Every `{name}` / `{name:spec}` field in the config's text values (a user variable is one that is referred to). */
function referencedNames(node: unknown, into = new Set<string>()): Set<string> {
  if (typeof node === 'string') for (const match of node.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)(?::[^{}]*)?\}/g)) into.add(match[1] as string);
  else if (Array.isArray(node)) for (const item of node) referencedNames(item, into);
  else if (isMapping(node)) for (const value of Object.values(node)) referencedNames(value, into);
  return into;
}

/** `sub.yaml (included from main.yaml)` of `key in sub.yaml (included from main.yaml)`. */
function fileOf(where: string): string {
  return where.replace(/^\S+ in /, '');
}

function omit(node: ConfigNode, keys: readonly string[]): ConfigNode {
  return Object.fromEntries(Object.entries(node).filter(([key]) => !keys.includes(key)));
}

function omitCommands(node: ConfigNode): ConfigNode {
  return Object.fromEntries(Object.entries(node).filter(([key]) => !/^command\d+$/.test(key)));
}

function list(items: readonly string[]): string {
  return items.length <= 6 ? items.join(', ') : `${items.slice(0, 6).join(', ')} and ${items.length - 6} more`;
}

