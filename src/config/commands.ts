/**
 * Job commands as the config gives them (docs/CONFIG.md, "The payload and the commands"): every `{var}`
 * resolved now except the values bps-ts fills later, ctrl_bps's `<ENV:NAME>` and `<FILE:key>`
 * placeholders resolved, and anything left unresolved refused by name, so no job ever receives a
 * literal `{name}` or `<FILE:…>` as a word.
 */
import { ConfigError } from '../errors.js';
import type { ConfigResolver, SearchOptions } from './resolver.js';
import { UndefinedVariableError } from './resolver.js';
import { stringifyValue } from './template.js';

/** What kind of job a command is for: only payload jobs have quanta, so only they get {qgraphNodeId}. */
export type CommandKind = 'payload' | 'init' | 'final';

/**
 * Values filled after the config is read: per job at launch (`qgraphNodeId`, `jobName`), and once the
 * graph is built (`qgraphId`, the graph ID pipetask prints, for pre-QBB commands with `--qgraph-id`).
 */
export const LATER_VALUES: Readonly<Record<CommandKind, readonly string[]>> = {
  payload: ['qgraphNodeId', 'jobName', 'qgraphId'],
  init: ['jobName', 'qgraphId'],
  final: ['jobName', 'qgraphId'],
};

/**
 * A job command for the execute side: `{var}`s resolved, `${ENV}` kept (only `${PWD}` is expanded),
 * `<ENV:NAME>` made `${NAME}` (expanded where the job runs, as ctrl_bps's plugins do), `<FILE:key>` made
 * the file's path, the values of {@link LATER_VALUES} kept as `{name}`. An empty or non-text command, a
 * `{name}` that is not set, and `{qgraphNodeId}` in a job without quanta are errors naming the key.
 */
export function readCommand(config: ConfigResolver, key: string, options: SearchOptions, label: string, kind: CommandKind): string {
  const hit = config.locate(key, options);
  const where = hit ? config.describe(hit.path) : key;
  let command: unknown;
  try {
    command = config.search(key, { ...options, expandEnv: false, skipNames: LATER_VALUES[kind], undefinedVars: 'error' });
  } catch (error) {
    if (!(error instanceof UndefinedVariableError)) throw error;
    if (error.variable === 'qgraphNodeId') {
      throw new ConfigError(`The ${label} job's command (${where}) has {qgraphNodeId}, but that job runs no quanta.`, {
        hint: `Remove --qgraph-node-id {qgraphNodeId} from it (ctrl_bps's defaults: pre-exec-init-qbb for pipetaskInit, butler aggregate-graph for finalJob).`,
        cause: error,
      });
    }
    throw new ConfigError(`The ${label} job's command (${where}) refers to {${error.variable}}, which is not set.`, {
      hint: `Set ${error.variable} in the config, or remove it from the command; bps-ts never passes a literal {${error.variable}} to a job.`,
      cause: error,
    });
  }
  if (typeof command !== 'string' || command.trim() === '') {
    throw new ConfigError(`No usable ${key} for label '${label}'${hit ? ` (${where})` : ''}: got ${JSON.stringify(command ?? null)}.`, {
      hint: `Set ${key} (or pipetask.${label}.${key}) to the command line a job runs.`,
    });
  }
  if (command.includes('bpsEval(')) {
    throw new ConfigError(`The ${label} job's command (${where}) holds a bpsEval(…) value, which bps-ts cannot evaluate (it is Python).`, { hint: 'Write the value itself in the config.' });
  }
  return resolvePlaceholders(command.trim(), config, where);
}

const ENV_PLACEHOLDER = /<ENV:([A-Za-z_][A-Za-z0-9_]*)>/g;
const FILE_PLACEHOLDER = /<FILE:([^<>]+)>/g;

/**
 * ctrl_bps's placeholders: `<ENV:NAME>` → `${NAME}`; `<FILE:key>` → the value of `key` (`runQgraphFile`
 * is the run's QuantumGraph, as ctrl_bps's transform names it), itself resolved again, so a file path
 * may hold `<ENV:…>` or another `<FILE:…>`. A key that is not set, or a loop, is an error.
 */
export function resolvePlaceholders(command: string, config: ConfigResolver, where: string): string {
  let text = command;
  for (let round = 0; round < 10; round += 1) {
    const before = text;
    text = text.replace(ENV_PLACEHOLDER, (_match, name: string) => `\${${name}}`);
    text = text.replace(FILE_PLACEHOLDER, (_match, key: string) => filePath(key.trim(), config, where));
    if (text === before) break;
    if (round === 9) throw new ConfigError(`The <FILE:…> placeholders of ${where} refer to each other without end.`, { hint: 'Make one of those keys a plain path.' });
  }
  const left = /<(ENV|FILE):[^>]*>?/.exec(text);
  if (left) throw new ConfigError(`${where} has a malformed placeholder '${left[0]}'.`, { hint: 'Write <ENV:NAME> or <FILE:key>.' });
  return text;
}

function filePath(key: string, config: ConfigResolver, where: string): string {
  const name = key === 'runQgraphFile' ? 'qgraphFile' : key;
  const value = config.search(name, { expandEnv: false });
  if (value === undefined || value === null || value === '') {
    throw new ConfigError(`${where} refers to <FILE:${key}>, but no ${name} is set.`, { hint: `Set ${name} to the file's path, or write the path in the command.` });
  }
  return stringifyValue(value);
}
