import { pyRepr } from '../util/py-repr.js';
import { formatDataIdRows } from './label-rows.js';
import type { GraphFile } from './model.js';

/** Node styles of pipe_base's QuantumGraphDotVisualizer (v30), attribute order as written there. */
const QUANTUM_STYLE = 'style="filled", color="black", fillcolor="#B1F2EF"';
const DATASET_STYLE = 'style="rounded,filled,bold", color="#00BABC", fillcolor="#F5F5F5"';

const HEADER = [
  'digraph QuantumGraph {',
  'graph [splines="ortho", nodesep="0.5", ranksep="0.75", pad="0.5"];',
  'node [shape="box", fontname="Monospace", fontsize="14", margin="0.2,0.1", penwidth="3"];',
  'edge [color="black", arrowsize="1.5", penwidth="1.5"];',
];

/** Python's `html.escape(s, quote=True)`. */
export function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}

/** `u` + the UUID's 32 hex digits: the v30 node name of a quantum or dataset. */
export function nodeName(id: string): string {
  return `u${id.replace(/-/g, '')}`;
}

function node(id: string, style: string, cells: readonly string[]): string {
  const label = `<<TABLE BORDER="0" CELLPADDING="5"><TR><TD>${cells.join('</TD></TR><TR><TD>')}</TD></TR></TABLE>>`;
  return `"${nodeName(id)}" [${style}, label=${label}];`;
}

/**
 * The bipartite GraphViz export of reference §2.1 (pipe_base ≥ w.2025.40): header, every quantum (by
 * task in pipeline order), every dataset (first encounter), then the edges per source node in node
 * order — `quantum -> output`, `input -> quantum` — and `}`. Init-inputs/outputs are not drawn.
 */
export function renderDot(graph: GraphFile): string {
  const lines = [...HEADER];
  const typeDims = (name: string) => graph.datasetTypes[name]?.dimensions ?? [];
  const taskDims = new Map(graph.tasks.map((t) => [t.label, t.dimensions]));
  for (const q of graph.quanta) {
    lines.push(node(q.id, QUANTUM_STYLE, [q.id, htmlEscape(q.label), ...formatDataIdRows(q.dataId, taskDims.get(q.label) ?? [])]));
  }
  for (const d of graph.datasets) {
    lines.push(node(d.id, DATASET_STYLE, [htmlEscape(d.datasetType), `run: ${pyRepr(d.run)}`, ...formatDataIdRows(d.dataId, typeDims(d.datasetType))]));
  }
  const consumers = new Map<string, string[]>();
  for (const q of graph.quanta) {
    for (const ids of [...Object.values(q.inputs), ...Object.values(q.prerequisites)]) {
      for (const id of ids) {
        const list = consumers.get(id);
        if (list === undefined) consumers.set(id, [q.id]);
        else list.push(q.id);
      }
    }
  }
  for (const q of graph.quanta) {
    for (const id of Object.values(q.outputs).flat()) lines.push(`"${nodeName(q.id)}" -> "${nodeName(id)}";`);
  }
  for (const d of graph.datasets) {
    for (const qid of new Set(consumers.get(d.id) ?? [])) lines.push(`"${nodeName(d.id)}" -> "${nodeName(qid)}";`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

