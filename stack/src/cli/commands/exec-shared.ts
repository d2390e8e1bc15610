import { StandinError } from '../../errors.js';
import { makeExecContext, type ExecContext } from '../../exec/context.js';
import { loadFaults } from '../../exec/faults.js';
import { TaskFailure } from '../../exec/quantum-io.js';
import type { GraphFile } from '../../graph/model.js';
import { loadButlerConfig, type ButlerConfig } from '../../repo/butler-config.js';
import { Datastore } from '../../repo/datastore.js';

/** The repo, datastore and execution context for a graph being executed against `repo`. */
export function execSetup(repo: string, graph: GraphFile, command: string): { config: ButlerConfig; ctx: ExecContext } {
  const config = loadButlerConfig(repo);
  const ctx = makeExecContext(graph, new Datastore(config), config.root, loadFaults(config.root, config.shipped), command);
  return { config, ctx };
}

/** A failed init or final step, reported like the exception the real command would end with. */
export function asStandinError(error: unknown): unknown {
  if (error instanceof TaskFailure) return new StandinError(error.className, error.message, { exitCode: error.exitCode });
  return error;
}

/** What a job with failed quanta ends with (run-qbb has no catch_and_exit: the exception ends the process). */
export function executorError(exitCode: number): StandinError {
  return new StandinError('lsst.pipe.base.mp_graph_executor.MPGraphExecutorError', 'One or more tasks failed during execution.', { exitCode });
}
