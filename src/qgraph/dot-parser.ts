import { GraphError } from '../errors.js';
import { assembleGraph } from './assemble.js';
import { DotCollector } from './dot-collector.js';
import { forEachLine } from './line-reader.js';
import type { QuantumGraph } from './types.js';

/**
 * Reads a QuantumGraph from pipetask's `--qgraph-dot` export (all three generations) without ever
 * holding the whole file: a million-quantum dot is gigabytes (docs/ARCHITECTURE.md). Dataset nodes are
 * collapsed into quantum→quantum edges (producer → each consumer). The file is read as bytes; the v30
 * lines that make up nearly all of a big file are recognized without making strings (dot-bytes.ts),
 * everything else goes through the general line parser.
 */
export async function readQuantumGraphDot(path: string): Promise<QuantumGraph> {
  const collector = new DotCollector(path);
  let read: { lines: number; tail: string };
  try {
    read = await forEachLine(path, (bytes, start, end, lineNo) => collector.line(bytes, start, end, lineNo));
  } catch (error) {
    if (error instanceof GraphError) throw error;
    throw new GraphError(`Cannot read the QuantumGraph dot file ${path}: ${(error as Error).message}`, { cause: error });
  }
  const { lines, tail } = read;
  if (tail.trim() !== '') {
    if (tail.trim() === '}') collector.text(tail, lines + 1);
    else throw collector.error(lines + 1, 'the file ends in the middle of a line (truncated?)');
  }
  if (!collector.sawHeader) throw new GraphError(`${path}: the dot file is empty.`);
  if (!collector.sawClose) throw collector.error(lines, 'no closing } at the end of the file (truncated?)');
  if (collector.quanta.count === 0) throw new GraphError(`${path}: the QuantumGraph contains no quanta.`, { hint: 'Check the data query and input collections.' });
  collector.settle();
  return assembleGraph(collector.quanta, collector.pairFrom.view(), collector.pairTo.view(), path);
}
