import { Option, type Command } from 'commander';

/**
 * The "submission options" of ctrl_bps (acquire/cluster/transform/prepare/submit), with the config keys
 * they override. They beat every value in the YAML (ctrl_bps's `bps_cmdline` section).
 */
export const SUBMISSION_OPTIONS: ReadonlyArray<{ flags: string; key: string; description: string }> = [
  { flags: '-b, --butler-config <uri>', key: 'butlerConfig', description: 'Butler repo or config (butlerConfig)' },
  { flags: '-i, --input <collections>', key: 'inCollection', description: 'input collections, comma-separated (inCollection)' },
  { flags: '-o, --output <collection>', key: 'output', description: 'output chained collection (output)' },
  { flags: '--output-run <run>', key: 'outputRun', description: 'output run collection (outputRun)' },
  { flags: '-d, --data-query <expr>', key: 'dataQuery', description: 'data query expression (dataQuery)' },
  { flags: '-p, --pipeline <file>', key: 'pipelineYaml', description: 'pipeline YAML (pipelineYaml)' },
  { flags: '-g, --qgraph <file>', key: 'qgraphFile', description: 'an existing QuantumGraph; skips graph generation (qgraphFile)' },
  { flags: '--compute-site <name>', key: 'computeSite', description: 'where jobs run: local, or a site.<name> of the config (computeSite)' },
  { flags: '--extra-qgraph-options <opts>', key: 'extraQgraphOptions', description: 'extra options for pipetask qgraph' },
  { flags: '--extra-init-options <opts>', key: 'extraInitOptions', description: 'extra options for the pipetaskInit job' },
  { flags: '--extra-run-quantum-options <opts>', key: 'extraRunQuantumOptions', description: 'extra options for every payload job' },
];

/** Adds the submission options to a command. */
export function addSubmissionOptions(command: Command): Command {
  for (const option of SUBMISSION_OPTIONS) command.addOption(new Option(option.flags, option.description));
  return command;
}

/** Turns parsed commander options into config overrides (`--output-run` → `outputRun`). Empty values are skipped. */
export function submissionOverrides(parsed: Record<string, unknown>): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const option of SUBMISSION_OPTIONS) {
    const long = /--([a-z-]+)/.exec(option.flags)?.[1] ?? '';
    const attribute = long.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
    const value = parsed[attribute];
    if (typeof value === 'string' && value !== '') overrides[option.key] = value;
  }
  return overrides;
}

/** `--json`: print one JSON document on stdout instead of tables. */
export const jsonOption = (): Option => new Option('--json', 'print JSON on stdout instead of tables');
