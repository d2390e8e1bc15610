import { dirname, resolve } from 'node:path';
import { BpsConfig } from './bps-config.js';
import { deepFreeze, deepMerge, hasKey, type ConfigNode } from './config-node.js';
import { defaultsPath } from './defaults-file.js';
import { resolveEnvironment } from './environment.js';
import type { EnvLookup } from './env-vars.js';
import { loadConfigFile } from './includes.js';
import { auditKeys, type KeyAudit } from './key-audit.js';
import { dropShadowedPayloadDefaults, parslRetries, renameOutCollection } from './merge-rules.js';
import { Origins } from './origins.js';
import { ConfigResolver, type ResolverState } from './resolver.js';
import { collectionTimestamp, loginName, resolveOutputRun, resolvePath, resolveQgraphFile, resolveUniqProcName, type RunNames } from './run-names.js';
import { findInConfig } from './search-order.js';
import { findSiteChoice } from './site-config.js';

/** Everything {@link loadBpsConfig} reads; all but `path` are injectable for tests. */
export interface LoadOptions {
  /** The user's config file; relative to `cwd`. */
  readonly path: string;
  /** Command-line values by config key (ctrl_bps's `bps_cmdline`): they beat every value in the YAML. @default {} */
  readonly cliOverrides?: Readonly<Record<string, string>>;
  /** The environment `${ENV}` is expanded from on the submit side. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The working directory: relative paths, includes and `${PWD}` are taken from it. @default process.cwd() */
  readonly cwd?: string;
  /** The submission time; `timestamp` is fixed from it once. @default new Date() */
  readonly now?: Date;
  /** Receives each distinct warning (undefined `{var}`s, ignored sections) once. @default ignore */
  readonly warn?: (message: string) => void;
  /**
   * Receives notices that need no action: an old spelling still honoured (`outCollection`). Shown at INFO
   * once per submission, since the seed's own example uses it and a warning on every command is noise.
   * @default ignore
   */
  readonly notice?: (message: string) => void;
  /** The login name `operator` defaults to. @default os.userInfo().username */
  readonly userName?: () => string;
  /** bps-ts's shipped defaults. @default etc/bps_defaults.yaml of the package */
  readonly defaultsFile?: string;
  /** Receives what the user's config says that bps-ts will not act on (a submission's once-only report). @default not audited */
  readonly audit?: (audit: KeyAudit) => void;
}

/**
 * Loads a bps config the ctrl_bps way (docs/CONFIG.md): shipped defaults ← the user's file with its
 * includes ← command-line values, plus the generated values (timestamp, operator, uniqProcName,
 * submitPath, qgraphFile, qgraphDotFile, configDir). The run names are resolved and checked here, so a
 * bad config fails before anything is created.
 */
export function loadBpsConfig(options: LoadOptions): BpsConfig {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  // ${PWD} is the folder bps was started from, on both sides (see ResolverState.pwd).
  const processEnv: EnvLookup = (name) => (name === 'PWD' ? cwd : env[name]);
  const warn = onceEach(options.warn ?? (() => undefined));
  const defaultsFile = options.defaultsFile ?? defaultsPath();
  const origins = new Origins(cwd, defaultsFile);
  const path = resolve(cwd, options.path);
  const defaults = loadConfigFile(defaultsFile, { env: processEnv, cwd, origins });
  const { tree: user, renamed } = renameOutCollection(loadConfigFile(path, { env: processEnv, cwd, origins }), origins);
  if (renamed) options.notice?.("'outCollection' is gen3_workflow's name for 'outputRun': bps-ts reads it as 'outputRun' (rename it to drop this notice).");
  for (const section of ['bps_cmdline', 'bps_defined']) if (hasKey(user, section)) warn(`The '${section}' section of ${origins.show(path)} is ignored: bps-ts fills it itself.`);
  // parsl_config is gen3_workflow's last say, used only when neither parslConfig nor computeSite chose the site.
  const parslDecides = !hasKey(user, 'parslConfig') && !hasKey(user, 'computeSite') && options.cliOverrides?.['computeSite'] === undefined;
  const shadowed = dropShadowedPayloadDefaults(deepMerge(defaults, user), defaults, user);
  const retried = parslDecides ? parslRetries(shadowed, user) : { tree: shadowed, retries: undefined };
  const merged = retried.tree;
  if (retried.retries !== undefined) options.notice?.(`parsl_config.retries ${retried.retries} is numberOfRetries ${retried.retries} here (a failed job runs again that many times).`);
  options.audit?.(auditKeys(user, merged, (keyPath) => origins.describe(keyPath)));
  const cli = { ...options.cliOverrides };
  for (const key of Object.keys(cli)) origins.record(['bps_cmdline', key], { source: 'command line' });
  const defined: ConfigNode = { timestamp: collectionTimestamp(options.now ?? new Date()), configDir: dirname(path) };
  const base = { ...merged, bps_cmdline: cli, bps_defined: defined };
  const operator = findInConfig(base, 'operator', { curvals: {}, searchobj: undefined, searchobjPath: [] });
  if (operator === undefined || operator.value === null) defined['operator'] = (options.userName ?? (() => loginName(processEnv)))();
  origins.recordTree(defined, ['bps_defined'], { source: 'generated' });
  return finish(base, { origins, processEnv, pwd: cwd, warn }, cwd);
}

/** Resolves the environment, the compute site and the run names in order, each with what came before. */
function finish(data: ConfigNode, base: Pick<ResolverState, 'origins' | 'processEnv' | 'pwd' | 'warn'>, cwd: string): BpsConfig {
  const resolver = (env: EnvLookup, siteName: string | undefined, pinned: ReadonlyMap<string, unknown>, tree = data) =>
    new ConfigResolver({ ...base, data: tree, env, siteName, pinned: new Map(pinned) });
  const environment = resolveEnvironment(resolver(base.processEnv, undefined, new Map()));
  const env: EnvLookup = (name) => environment[name] ?? base.processEnv(name);
  const choice = findSiteChoice(resolver(env, undefined, new Map()));
  const pinned = new Map<string, unknown>();
  const step = () => resolver(env, choice?.name, pinned);
  const outputRun = pin(pinned, 'outputRun', resolveOutputRun(step()));
  const uniqProcName = pin(pinned, 'uniqProcName', resolveUniqProcName(step(), outputRun));
  const submitPath = pin(pinned, 'submitPath', resolvePath(step(), 'submitPath', cwd));
  const graph = resolveQgraphFile(step(), submitPath, cwd);
  pin(pinned, 'qgraphFile', graph.qgraphFile);
  const qgraphDotFile = pin(pinned, 'qgraphDotFile', resolvePath(step(), 'qgraphDotFile', cwd));
  const defined = data['bps_defined'] as ConfigNode;
  const finalData = deepFreeze({ ...data, bps_defined: { ...defined, uniqProcName, submitPath, qgraphFile: graph.qgraphFile, qgraphDotFile } });
  const run: RunNames = {
    timestamp: defined['timestamp'] as string,
    operator: resolver(env, choice?.name, pinned, finalData).text('operator'),
    outputRun, uniqProcName, submitPath, ...graph, qgraphDotFile,
    configDir: defined['configDir'] as string,
    computeSite: choice?.name,
  };
  return new BpsConfig({ ...base, data: finalData, env, siteName: choice?.name, pinned }, Object.freeze(run));
}

function pin<T>(pinned: Map<string, unknown>, key: string, value: T): T {
  pinned.set(key, value);
  return value;
}

/** Passes each distinct message on once: a million jobs may hit the same undefined {var}. */
function onceEach(warn: (message: string) => void): (message: string) => void {
  const seen = new Set<string>();
  return (message) => {
    if (seen.has(message)) return;
    seen.add(message);
    warn(message);
  };
}
