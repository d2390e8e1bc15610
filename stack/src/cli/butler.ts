import { runTool, type ToolSpec } from './main.js';

/** The stand-in `butler`: only the final-job commands bps runs. */
export const BUTLER: ToolSpec = {
  name: 'butler',
  summary: 'The bps-ts stand-in for daf_butler\'s butler command (toy LSST stack).',
  commands: {
    'aggregate-graph': async () => (await import('./commands/aggregate-graph.js')).aggregateGraphCommand,
    'transfer-from-graph': async () => (await import('./commands/aggregate-graph.js')).transferFromGraphCommand,
  },
};

/** Entry point of `stack/daf_butler/bin/butler`; returns the exit code. */
export function main(argv: readonly string[]): Promise<number> {
  return runTool(BUTLER, argv);
}
