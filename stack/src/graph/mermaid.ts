import { formatDataIdRows } from './label-rows.js';
import type { GraphFile } from './model.js';
import { nodeName } from './dot.js';

/** `--qgraph-mermaid`: the same nodes and edges as the dot export, as a Mermaid `flowchart TD`. */
export function renderMermaid(graph: GraphFile): string {
  const lines = ['flowchart TD'];
  const taskDims = new Map(graph.tasks.map((t) => [t.label, t.dimensions]));
  for (const q of graph.quanta) {
    const rows = formatDataIdRows(q.dataId, taskDims.get(q.label) ?? []).map((r) => r.replace(' = ', '='));
    lines.push(`${nodeName(q.id)}["${[`**${q.label}**`, `ID: ${q.id}`, ...rows].join('<br>')}"]`);
  }
  for (const d of graph.datasets) {
    const rows = formatDataIdRows(d.dataId, graph.datasetTypes[d.datasetType]?.dimensions ?? []).map((r) => r.replace(' = ', '='));
    lines.push(`${nodeName(d.id)}["${[`**${d.datasetType}**`, `ID: ${d.id}`, `run: ${d.run}`, ...rows].join('<br>')}"]`);
  }
  for (const q of graph.quanta) for (const id of Object.values(q.outputs).flat()) lines.push(`${nodeName(q.id)} --> ${nodeName(id)}`);
  for (const d of graph.datasets) {
    for (const q of graph.quanta) {
      if ([...Object.values(q.inputs), ...Object.values(q.prerequisites)].some((ids) => ids.includes(d.id))) {
        lines.push(`${nodeName(d.id)} --> ${nodeName(q.id)}`);
      }
    }
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}
