import { runTool, type ToolSpec } from './main.js';

/** The stand-in `pipetask`: ctrl_mpexec's command group. Commands load on demand to keep job start-up fast. */
export const PIPETASK: ToolSpec = {
  name: 'pipetask',
  summary: 'The bps-ts stand-in for ctrl_mpexec\'s pipetask (toy LSST stack).',
  commands: {
    qgraph: async () => (await import('./commands/qgraph.js')).qgraphCommand,
    run: async () => (await import('./commands/run.js')).runCommand,
    'pre-exec-init-qbb': async () => (await import('./commands/pre-exec-init-qbb.js')).preExecInitQbbCommand,
    'run-qbb': async () => (await import('./commands/run-qbb.js')).runQbbCommand,
  },
};

/** Entry point of `stack/ctrl_mpexec/bin/pipetask`; returns the exit code. */
export function main(argv: readonly string[]): Promise<number> {
  return runTool(PIPETASK, argv);
}
