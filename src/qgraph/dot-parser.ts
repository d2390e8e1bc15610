import { createReadStream } from 'node:fs';
import { GraphError } from '../errors.js';
import { parseDataIdCells, parseDotLine, quantumIdOf } from './dot-line.js';
import { GrowableUint32 } from './growable.js';
import { orderLabels, quantumEdges } from './graph-builder.js';
import type { Quantum, QuantumGraph } from './types.js';

const NOT_A_QUANTUM = 0xffffffff;

/** What the line reader collects: quanta, node names → ids, and raw edges between node ids. */
class DotCollector {
  readonly quanta: Quantum[] = [];
  readonly nodeIds = new Map<string, number>();
  /** Per node id: quantum index + 1, NOT_A_QUANTUM for a dataset, 0 while the node is not defined yet. */
  readonly nodeKind = new GrowableUint32();
  readonly edgeFrom = new GrowableUint32();
  readonly edgeTo = new GrowableUint32();
  readonly edgeLine = new GrowableUint32();
  sawHeader = false;
  sawClose = false;

  constructor(readonly path: string) {}

  idOf(name: string): number {
    let id = this.nodeIds.get(name);
    if (id === undefined) {
      id = this.nodeIds.size;
      this.nodeIds.set(detach(name), id);
      this.nodeKind.push(0);
    }
    return id;
  }

  line(text: string, lineNo: number): void {
    if (this.sawClose && text.trim() !== '') throw this.error(lineNo, 'text after the closing }');
    const parsed = parseDotLine(text);
    if (parsed.kind === 'edge') {
      this.edgeFrom.push(this.idOf(parsed.from));
      this.edgeTo.push(this.idOf(parsed.to));
      this.edgeLine.push(lineNo);
    } else if (parsed.kind === 'node') this.node(parsed.name, parsed.cells, lineNo);
    else if (parsed.kind === 'bad') throw this.error(lineNo, `cannot parse line: ${text.slice(0, 120)}`);
    else this.other(text, lineNo);
  }

  private node(name: string, cells: readonly string[] | null, lineNo: number): void {
    const id = this.idOf(name);
    const quantumId = quantumIdOf(cells?.[0]);
    if (quantumId === null) {
      this.nodeKind.set(id, NOT_A_QUANTUM);
      return;
    }
    const label = cells?.[1];
    if (!label) throw this.error(lineNo, `quantum ${quantumId} has no task label`);
    const dataId = parseDataIdCells((cells as readonly string[]).slice(2));
    if (dataId === null) throw this.error(lineNo, `quantum ${quantumId} (${label}) has a data ID cell that is not 'key = value'`);
    this.nodeKind.set(id, this.quanta.length + 1);
    this.quanta.push({ id: detach(quantumId), label: this.intern(label), dataId: detachValues(dataId) });
  }

  private other(text: string, lineNo: number): void {
    const trimmed = text.trim();
    if (trimmed === '') return;
    if (!this.sawHeader) {
      if (!/^(strict\s+)?digraph\b/.test(trimmed)) throw this.error(lineNo, 'not a GraphViz digraph (pipetask --qgraph-dot output expected)');
      this.sawHeader = true;
    } else if (trimmed === '}') this.sawClose = true;
    else if (!/^(graph|node|edge)\s*\[.*\];?$/.test(trimmed) && !trimmed.startsWith('//')) {
      throw this.error(lineNo, `cannot parse line: ${trimmed.slice(0, 120)}`);
    }
  }

  private readonly labels = new Map<string, string>();

  private intern(label: string): string {
    let interned = this.labels.get(label);
    if (interned === undefined) this.labels.set((interned = detach(label)), interned);
    return interned;
  }

  error(lineNo: number, message: string): GraphError {
    return new GraphError(`${this.path}:${lineNo}: ${message}`, { hint: 'Re-create the dot file with pipetask qgraph --qgraph-dot, or check that it was not cut short.' });
  }
}

/**
 * A copy of a string that does not point into the 1 MiB chunk it was sliced from. V8 keeps slices of 13
 * or more characters as views on their parent, so every kept node name would pin a whole chunk: for a
 * million quanta that is most of the file (measured: 2.5 GiB peak RSS before, see README).
 */
function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

function detachValues(dataId: Record<string, string | number>): Record<string, string | number> {
  for (const key of Object.keys(dataId)) {
    const value = dataId[key];
    if (typeof value === 'string') dataId[key] = detach(value);
  }
  return dataId;
}

/**
 * Reads a QuantumGraph from pipetask's `--qgraph-dot` export (all three generations) without ever
 * holding the whole file: a million-quantum dot is gigabytes (docs/ARCHITECTURE.md). Dataset nodes are
 * collapsed into quantum→quantum edges (producer → each consumer).
 */
export async function readQuantumGraphDot(path: string): Promise<QuantumGraph> {
  const collector = new DotCollector(path);
  let lineNo = 0;
  let tail = '';
  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const text = tail + (chunk as string);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        lineNo += 1;
        collector.line(text.slice(start, nl), lineNo);
        start = nl + 1;
      }
      tail = text.slice(start);
    }
  } catch (error) {
    if (error instanceof GraphError) throw error;
    throw new GraphError(`Cannot read the QuantumGraph dot file ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (tail.trim() !== '') {
    if (tail.trim() === '}') collector.line(tail, lineNo + 1);
    else throw collector.error(lineNo + 1, 'the file ends in the middle of a line (truncated?)');
  }
  if (!collector.sawHeader) throw new GraphError(`${path}: the dot file is empty.`);
  if (!collector.sawClose) throw collector.error(lineNo, 'no closing } at the end of the file (truncated?)');
  if (collector.quanta.length === 0) throw new GraphError(`${path}: the QuantumGraph contains no quanta.`, { hint: 'Check the data query and input collections.' });
  return finish(collector);
}

function finish(collector: DotCollector): QuantumGraph {
  const kind = collector.nodeKind.toArray();
  for (let e = 0; e < collector.edgeFrom.length; e += 1) {
    for (const node of [collector.edgeFrom.at(e), collector.edgeTo.at(e)]) {
      if (kind[node] === 0) {
        const name = [...collector.nodeIds].find(([, id]) => id === node)?.[0] ?? '?';
        throw collector.error(collector.edgeLine.at(e), `edge names node "${name}", which is never defined`);
      }
    }
  }
  const quantumOf = (node: number) => (kind[node] === NOT_A_QUANTUM ? -1 : (kind[node] as number) - 1);
  const { edgeFrom, edgeTo } = quantumEdges(kind.length, collector.edgeFrom.toArray(), collector.edgeTo.toArray(), quantumOf, collector.quanta.length);
  collector.nodeIds.clear();
  const labels = orderLabels(collector.quanta, edgeFrom, edgeTo, collector.path);
  return { quanta: collector.quanta, labels, edgeFrom, edgeTo };
}
