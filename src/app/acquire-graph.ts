import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GraphError, SubprocessError } from '../errors.js';
import { splitCommandLine } from '../process/argv.js';
import { runLoggedCommand } from '../process/run-logged.js';
import { readQuantumGraphDot } from '../qgraph/dot-parser.js';
import type { QuantumGraph } from '../qgraph/types.js';
import type { AppContext } from './context.js';
import type { RunConfig } from './run-config.js';

/** The graph and its ID, when pipetask said it (`QuantumGraph contains N quanta for M tasks, graph ID: '<id>'`). */
export interface AcquiredGraph {
  readonly graph: QuantumGraph;
  readonly graphId: string | undefined;
}

const GRAPH_ID_LINE = /QuantumGraph contains \d+ quanta for \d+ tasks, graph ID: '([^']+)'/;

/**
 * Gets the QuantumGraph of a submission: runs `createQuantumGraph` (unless the user gave `qgraphFile`),
 * re-makes the dot export with `pipetask qgraph -g` when it is missing (or when a command needs the
 * graph ID and no pipetask has said it yet), and stream-parses the dot file. The commands run without a
 * shell; their merged output goes to quantumGraphGeneration.out and stderr.
 */
export async function acquireQuantumGraph(config: RunConfig, submitDir: string, ctx: AppContext, echo: (line: string) => void): Promise<AcquiredGraph> {
  let graphId: string | undefined;
  const watch = (line: string) => {
    graphId = GRAPH_ID_LINE.exec(line)?.[1] ?? graphId;
    echo(line);
  };
  if (!config.userQgraphFile) {
    ctx.logger.info('Creating quantum graph');
    await runGraphCommand(config.createQuantumGraph, join(submitDir, 'quantumGraphGeneration.out'), 'Generating quantum graph', config, ctx, watch);
  }
  if (!existsSync(config.qgraphDotFile) || (config.usesGraphId && graphId === undefined)) {
    if (!existsSync(config.qgraphFile)) {
      throw new GraphError(`The QuantumGraph file '${config.qgraphFile}' does not exist.`, {
        hint: config.userQgraphFile ? 'Check qgraphFile (or -g) in your config.' : 'createQuantumGraph exited 0 but wrote no graph; check its --save-qgraph option.',
      });
    }
    ctx.logger.info(`Writing the graph's dot export ${config.qgraphDotFile}`);
    await runGraphCommand(config.qgraphDotCommand, join(submitDir, 'quantumGraphDot.out'), 'Exporting the quantum graph to dot', config, ctx, watch);
    if (!existsSync(config.qgraphDotFile)) {
      throw new GraphError(`pipetask wrote no dot file at '${config.qgraphDotFile}'.`, {
        hint: 'bps-ts reads the graph from pipetask --qgraph-dot; make createQuantumGraph write it there, or set qgraphDotFile.',
      });
    }
  }
  const graph = await readQuantumGraphDot(config.qgraphDotFile);
  ctx.logger.info(`QuantumGraph contains ${graph.size} quanta for ${graph.labels.length} tasks`);
  return { graph, graphId };
}

async function runGraphCommand(command: string, logPath: string, what: string, config: RunConfig, ctx: AppContext, echo: (line: string) => void): Promise<void> {
  const argv = splitCommandLine(command);
  const result = await runLoggedCommand(argv, {
    logPath,
    env: config.commandEnv,
    cwd: ctx.cwd,
    echo,
  });
  if (result.spawnError !== undefined) {
    throw new SubprocessError(`${what} failed: cannot run '${argv[0] ?? ''}': ${result.spawnError}`, {
      command: argv,
      exitCode: 127,
      logPath,
      hint: 'Is the LSST stack set up (CTRL_MPEXEC_DIR)? Check the command in your config.',
    });
  }
  if (result.exitCode !== 0) {
    const code = result.exitCode ?? 1;
    throw new SubprocessError(`${what} failed with non-zero exit code (${result.exitCode ?? result.signal ?? 'unknown'})`, {
      command: argv,
      exitCode: code,
      ...(result.signal === undefined ? {} : { signal: result.signal }),
      logPath,
      hint: `Check ${logPath} for more details.`,
    });
  }
}
