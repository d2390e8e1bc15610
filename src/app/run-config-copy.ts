import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StateError } from '../errors.js';
import { isMapping, loadBpsConfig, type ConfigNode } from '../config/index.js';
import { readYamlMapping } from '../config/yaml-file.js';
import { configView, type ConfigView } from './config-view.js';

/**
 * The config a run was submitted with, from the resolved copy prepare wrote into its run folder
 * (`<uniqProcName>_config.yaml`: the merged tree with `bps_cmdline` and `bps_defined`). Loading it fresh
 * would mint a new timestamp, configDir and submitPath, so the generated values it holds are fed back:
 * the submission time as `now`, and the run's names and configDir as command-line values.
 */
export function loadRunConfigCopy(submitDir: string, uniqProcName: string, cwd: string, env: NodeJS.ProcessEnv): ConfigView {
  const path = join(submitDir, `${uniqProcName}_config.yaml`);
  if (!existsSync(path)) throw new StateError(`The run's resolved config ${path} is missing.`, { hint: 'It is written by bps prepare/submit; was the run folder copied without it?' });
  const tree = readYamlMapping(path);
  const cmdline = section(tree, 'bps_cmdline');
  const defined = section(tree, 'bps_defined');
  const pinned: Record<string, string> = {};
  for (const key of ['outputRun', 'uniqProcName', 'submitPath', 'configDir', ...(defined['userQgraphFile'] === true ? ['qgraphFile'] : [])]) {
    if (typeof defined[key] === 'string') pinned[key] = defined[key];
  }
  const overrides = Object.fromEntries(Object.entries(cmdline).map(([k, v]) => [k, String(v)]));
  const now = parseTimestamp(defined['timestamp']);
  const operator = typeof defined['operator'] === 'string' ? defined['operator'] : undefined;
  return configView(loadBpsConfig({
    path, cwd, env, cliOverrides: { ...overrides, ...pinned },
    ...(now ? { now } : {}),
    ...(operator ? { userName: () => operator } : {}),
    // Shown once at submission; here they would only repeat that, plus notes about the copy's own sections.
    warn: () => undefined,
  }));
}

function section(tree: ConfigNode, key: string): ConfigNode {
  const node = tree[key];
  return isMapping(node) ? node : {};
}

/** `YYYYMMDDTHHMMSSZ` (config/run-names.ts collectionTimestamp) back to a Date. */
function parseTimestamp(value: unknown): Date | undefined {
  const m = typeof value === 'string' ? /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(value) : null;
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}
