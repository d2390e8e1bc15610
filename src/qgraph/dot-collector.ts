import { GraphError } from '../errors.js';
import { CELL_SEPARATOR, EDGE_TARGET_HEX, isEdgeLine, matchNodeLine, NodeLineMatch } from './dot-bytes.js';
import { parseDotLine, quantumIdOf, unescapeHtml } from './dot-line.js';
import { GrowableUint32 } from './growable.js';
import { readUuid, readUuidText } from './hex.js';
import { NO_PRODUCER, NodeTable, QUANTUM_BASE, UNDEFINED } from './node-table.js';
import { parseDataIdCells, QuantumStore } from './quantum-store.js';
import { RecentPairs } from './recent-pairs.js';

const SEPARATOR_TEXT = String.fromCharCode(...CELL_SEPARATOR);

/**
 * What the line reader feeds: nodes by name (quanta into a QuantumStore, datasets as one Int32 of
 * producer each) and quantum→quantum pairs, resolved as the edges stream by.
 *
 * An edge `Q → D` records Q as D's producer; `D → Q2` then yields the pair (producer, Q2) at once. v30
 * lists all edges after all nodes, grouped by source in node order, so producers are known by the time
 * their datasets' consumer edges come; only edges from datasets with no producer (yet) are kept (8 bytes
 * each), to be settled at the end. Edges naming a node not defined yet (older, streamed layouts) wait in
 * `early`. Nothing else of an edge is kept.
 */
export class DotCollector {
  readonly nodes = new NodeTable();
  readonly quanta = new QuantumStore();
  readonly pairFrom = new GrowableUint32();
  readonly pairTo = new GrowableUint32();
  sawHeader = false;
  sawClose = false;
  private readonly recent = new RecentPairs();
  private readonly waitingDataset = new GrowableUint32();
  private readonly waitingConsumer = new GrowableUint32();
  private readonly early = { from: new GrowableUint32(), to: new GrowableUint32(), line: new GrowableUint32() };
  private readonly match = new NodeLineMatch();
  private readonly words = new Uint32Array(4);
  /** The last edge's source (v30 groups edges by source): its 32 hex digits and node. */
  private readonly lastSource = new Uint8Array(32);
  private lastSourceNode = -1;
  private lastLabel: Buffer = Buffer.alloc(0);
  private lastLabelIndex = -1;

  constructor(readonly path: string) {}

  /** One line of the file, as bytes. */
  line(bytes: Buffer, start: number, end: number, lineNo: number): void {
    if (bytes[start] === 34 /* " */ && !this.sawClose) {
      if (isEdgeLine(bytes, start, end) && this.fastEdge(bytes, start, lineNo)) return;
      if (matchNodeLine(bytes, start, end, this.match) && this.fastNode(bytes, start, lineNo)) return;
    }
    this.text(bytes.toString('utf8', start, end), lineNo);
  }

  /** One line of the file, as text: every form the byte path does not take. */
  text(text: string, lineNo: number): void {
    if (this.sawClose && text.trim() !== '') throw this.error(lineNo, 'text after the closing }');
    const parsed = parseDotLine(text);
    if (parsed.kind === 'edge') this.edge(this.nodes.nameNode(parsed.from), this.nodes.nameNode(parsed.to), lineNo);
    else if (parsed.kind === 'node') this.textNode(parsed.name, parsed.cells, lineNo);
    else if (parsed.kind === 'bad') throw this.error(lineNo, `cannot parse line: ${text.slice(0, 120)}`);
    else this.other(text, lineNo);
  }

  private fastEdge(bytes: Buffer, start: number, lineNo: number): boolean {
    let from = this.lastSourceNode;
    if (from < 0 || !sameBytes(bytes, start + 2, this.lastSource)) {
      from = this.nodes.hexNode(bytes, start + 2);
      if (from < 0) return false;
      bytes.copy(this.lastSource, 0, start + 2, start + 34);
      this.lastSourceNode = from;
    }
    const to = this.nodes.hexNode(bytes, start + EDGE_TARGET_HEX);
    if (to < 0) return false;
    this.edge(from, to, lineNo);
    return true;
  }

  private fastNode(bytes: Buffer, start: number, lineNo: number): boolean {
    const node = this.nodes.hexNode(bytes, start + 2);
    if (node < 0) return false;
    const m = this.match;
    if (!m.quantum) {
      this.defineDataset(node);
      return true;
    }
    readUuid(bytes, m.uuidAt, this.words, 0);
    const label = m.labelEnd < 0 ? -1 : this.labelIndexAt(bytes, m.labelStart, m.labelEnd);
    if (label < 0) throw this.unlabeled(bytes.toString('latin1', m.uuidAt, m.uuidAt + 36), lineNo);
    const raw = bytes.toString('utf8', m.dataStart, m.dataEnd);
    const record = this.quanta.record(raw, () => (raw === '' ? [] : parseDataIdCells(raw.split(SEPARATOR_TEXT).map(unescapeHtml))));
    if (record < 0) throw this.badDataId(bytes.toString('latin1', m.uuidAt, m.uuidAt + 36), this.quanta.labels[label] as string, lineNo);
    this.defineQuantum(node, this.words, null, label, record, lineNo);
    return true;
  }

  /**
   * The index of the task label at bytes[from…to), -1 when it is empty. Quanta come grouped by task,
   * so the previous quantum's label is compared byte for byte before a string is made.
   */
  private labelIndexAt(bytes: Buffer, from: number, to: number): number {
    if (to === from) return -1;
    const last = this.lastLabel;
    if (this.lastLabelIndex >= 0 && to - from === last.length && bytes.compare(last, 0, last.length, from, to) === 0) return this.lastLabelIndex;
    this.lastLabel = Buffer.from(bytes.subarray(from, to));
    this.lastLabelIndex = this.quanta.label(unescapeHtml(bytes.toString('utf8', from, to)));
    return this.lastLabelIndex;
  }

  private textNode(name: string, cells: readonly string[] | null, lineNo: number): void {
    const node = this.nodes.nameNode(name);
    const quantumId = quantumIdOf(cells?.[0]);
    if (quantumId === null) return this.defineDataset(node);
    const label = cells?.[1];
    if (!label) throw this.unlabeled(quantumId, lineNo);
    const dataCells = (cells as readonly string[]).slice(2);
    // The \u0002 keeps these keys apart from the raw HTML ones of the byte path.
    const record = this.quanta.record(`\u0002${dataCells.join('\u0001')}`, () => parseDataIdCells(dataCells));
    if (record < 0) throw this.badDataId(quantumId, label, lineNo);
    const isUuid = readUuidText(quantumId, this.words, 0);
    this.defineQuantum(node, isUuid ? this.words : null, isUuid ? null : quantumId, this.quanta.label(label), record, lineNo);
  }

  private defineQuantum(node: number, words: Uint32Array | null, otherId: string | null, label: number, record: number, lineNo: number): void {
    const state = this.nodes.state[node] as number;
    if (state <= QUANTUM_BASE) throw this.error(lineNo, `quantum node "${this.nodes.nameOf(node)}" is defined twice`);
    const q = this.quanta.add(words, 0, otherId, label, record);
    // A dataset named like this quantum earlier (impossible in pipetask's output) is overwritten, as before.
    this.nodes.state[node] = QUANTUM_BASE - q;
  }

  private defineDataset(node: number): void {
    // Only a first definition counts: a repeated one must not forget a producer already recorded.
    if (this.nodes.state[node] === UNDEFINED) this.nodes.state[node] = NO_PRODUCER;
  }

  private edge(from: number, to: number, lineNo: number): void {
    const state = this.nodes.state;
    if (state[from] === UNDEFINED || state[to] === UNDEFINED) {
      this.early.from.push(from);
      this.early.to.push(to);
      this.early.line.push(lineNo);
    } else this.resolve(from, to);
  }

  /** One edge between defined nodes: a producer, a pair, or a consumer waiting for its dataset's producer. */
  private resolve(from: number, to: number): void {
    const state = this.nodes.state;
    const a = state[from] as number;
    const b = state[to] as number;
    if (a <= QUANTUM_BASE) {
      if (b <= QUANTUM_BASE) this.pair(QUANTUM_BASE - a, QUANTUM_BASE - b);
      else state[to] = QUANTUM_BASE - a;
    } else if (b <= QUANTUM_BASE) {
      if (a >= 0) this.pair(a, QUANTUM_BASE - b);
      else {
        this.waitingDataset.push(from);
        this.waitingConsumer.push(QUANTUM_BASE - b);
      }
    }
  }

  private pair(producer: number, consumer: number): void {
    if (this.recent.seen(producer, consumer)) return;
    this.pairFrom.push(producer);
    this.pairTo.push(consumer);
  }

  /** After the last line: every edge must name defined nodes; then the edges that had to wait are settled. */
  settle(): void {
    const { from, to, line } = this.early;
    const state = this.nodes.state;
    for (let e = 0; e < from.length; e += 1) {
      for (const node of [from.at(e), to.at(e)]) {
        if (state[node] === UNDEFINED) throw this.error(line.at(e), `edge names node "${this.nodes.nameOf(node)}", which is never defined`);
      }
    }
    this.nodes.releaseNames();
    for (let e = 0; e < from.length; e += 1) this.resolve(from.at(e), to.at(e));
    for (let k = 0; k < this.waitingDataset.length; k += 1) {
      const producer = state[this.waitingDataset.at(k)] as number;
      if (producer >= 0) this.pair(producer, this.waitingConsumer.at(k));
    }
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

  private unlabeled(quantumId: string, lineNo: number): GraphError {
    return this.error(lineNo, `quantum ${quantumId} has no task label`);
  }

  private badDataId(quantumId: string, label: string, lineNo: number): GraphError {
    return this.error(lineNo, `quantum ${quantumId} (${label}) has a data ID cell that is not 'key = value'`);
  }

  error(lineNo: number, message: string): GraphError {
    return new GraphError(`${this.path}:${lineNo}: ${message}`, { hint: 'Re-create the dot file with pipetask qgraph --qgraph-dot, or check that it was not cut short.' });
  }
}

function sameBytes(bytes: Uint8Array, at: number, other: Uint8Array): boolean {
  for (let i = 0; i < other.length; i += 1) if (bytes[at + i] !== other[i]) return false;
  return true;
}

