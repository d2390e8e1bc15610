import { existsSync, readFileSync } from 'node:fs';
import { StandinError } from '../errors.js';
import { writeFileAtomic } from '../util/files.js';
import type { GraphFile } from './model.js';

/** Writes the graph (`--save-qgraph`), whatever the extension: JSON, written atomically. */
export function saveGraph(path: string, graph: GraphFile): void {
  writeFileAtomic(path, `${JSON.stringify(graph)}\n`);
}

/** Reads a graph written by {@link saveGraph}; anything else is the error the real loader gives. */
export function loadGraph(path: string): GraphFile {
  if (!existsSync(path)) throw new StandinError('FileNotFoundError', `No such file or directory: '${path}'`);
  let graph: GraphFile;
  try {
    graph = JSON.parse(readFileSync(path, 'utf8')) as GraphFile;
  } catch (error) {
    throw new StandinError('ValueError', `'${path}' is not a quantum graph written by the stand-in pipetask.`, { cause: error });
  }
  if (graph?.format !== 'bps-ts-standin-qgraph' || graph.version !== 1) {
    throw new StandinError('ValueError', `'${path}' is not a quantum graph written by the stand-in pipetask (format ${String(graph?.format)}).`);
  }
  return graph;
}

/** `--qgraph-id`: the graph must be the one the caller expects. */
export function checkGraphId(graph: GraphFile, expected: string | undefined, path: string): void {
  if (expected !== undefined && expected !== graph.graphId) {
    throw new StandinError('ValueError', `Quantum graph file ${path} has build ID '${graph.graphId}', not the expected '${expected}'.`);
  }
}

/**
 * The quanta named by `--qgraph-node-id`, in graph (topological) order; all quanta without ids.
 * An unknown id is the real loader's error.
 */
export function selectQuanta(graph: GraphFile, nodeIds: readonly string[] | undefined): GraphFile['quanta'] {
  if (nodeIds === undefined || nodeIds.length === 0) return graph.quanta;
  const wanted = new Set(nodeIds.map((id) => id.toLowerCase()));
  const selected = graph.quanta.filter((q) => wanted.has(q.id));
  if (selected.length !== wanted.size) {
    const known = new Set(graph.quanta.map((q) => q.id));
    const missing = [...wanted].filter((id) => !known.has(id));
    throw new StandinError('ValueError', `Quantum node IDs not found in the graph: ${missing.join(', ')}`);
  }
  return selected;
}
