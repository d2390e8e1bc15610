import { ConfigError } from '../errors.js';
import type { ConfigResolver } from './resolver.js';
import { booleanValue } from '../settings/value-checks.js';

/** What the payload is: the data, the pipeline (or a graph built earlier) and the output collections. */
export interface PayloadSettings {
  readonly payloadName: string;
  readonly butlerConfig: string;
  readonly inCollection: string;
  /** "" when a qgraphFile was given without one. */
  readonly dataQuery: string;
  /** "" when a qgraphFile was given without one. */
  readonly pipelineYaml: string;
  readonly output: string;
  readonly outputRun: string;
  /** Absolute path of the graph: the user's (see `userQgraphFile`) or the one bps-ts will build. */
  readonly qgraphFile: string;
  /** True when the user gave qgraphFile (or -g): the graph exists and createQuantumGraph is skipped. */
  readonly userQgraphFile: boolean;
  /** Run the pipetaskInit job first. @default true */
  readonly runInit: boolean;
}

/** How each required key is given on the command line, for hints. */
const CLI: Readonly<Record<string, string>> = { butlerConfig: '-b', inCollection: '-i', dataQuery: '-d', pipelineYaml: '-p' };

/**
 * ctrl_bps's "Submit YAML must specify" list, checked up front (ctrl_bps leaves a hole in the command
 * line and pipetask fails later, after a long wait): pipelineYaml or qgraphFile, butlerConfig,
 * inCollection, dataQuery (not needed with a qgraphFile), outputRun and payloadName.
 */
export function requiredPayload(config: ConfigResolver, run: { readonly qgraphFile: string; readonly userQgraphFile: boolean; readonly outputRun: string }): PayloadSettings {
  const section = config.data['payload'];
  if (section !== undefined && section !== null && (typeof section !== 'object' || Array.isArray(section))) {
    // Otherwise every payload key would be reported missing, which sends the user looking in the wrong place.
    throw new ConfigError(`'payload' must be a mapping of payload settings, not ${JSON.stringify(section)} (${config.describe(['payload'])}).`, {
      hint: 'Write payload: {payloadName: …, butlerConfig: …, inCollection: …, dataQuery: …}.',
    });
  }
  const need = (key: string, why: string): string => {
    const value = config.text(key);
    if (value.trim() !== '') return value;
    const flag = CLI[key] ? ` or pass ${CLI[key]}` : '';
    throw new ConfigError(`Missing '${key}' in the config: ${why}.`, { hint: `Set ${key} (usually under payload:)${flag}.` });
  };
  const user = run.userQgraphFile;
  const pipelineYaml = user ? config.text('pipelineYaml') : need('pipelineYaml', 'give pipelineYaml (or qgraphFile / -g for a graph built earlier)');
  const butlerConfig = need('butlerConfig', 'it is required');
  const inCollection = need('inCollection', 'it is required');
  const payloadName = need('payloadName', 'it is required');
  const dataQuery = user ? config.text('dataQuery') : need('dataQuery', 'it selects the data to process');
  const hit = config.locate('runInit');
  const runInit = booleanValue(config.search('runInit'), { key: 'runInit', where: hit ? config.describe(hit.path) : 'runInit' }, true);
  return { payloadName, butlerConfig, inCollection, dataQuery, pipelineYaml, output: config.text('output'), outputRun: run.outputRun, qgraphFile: run.qgraphFile, userQgraphFile: user, runInit };
}
