import { getLogger } from '../log/logging.js';
import { pyRepr } from '../util/py-repr.js';
import type { GraphFile } from './model.js';

const log = getLogger('lsst.ctrl.mpexec.cmdLineFwk', 'cmdLineFwk.py');

/** The 2021–22 summary line bps and its users grep for. */
export function logGraphSummary(graph: GraphFile): void {
  const tasks = new Set(graph.quanta.map((q) => q.label)).size;
  log.info(`QuantumGraph contains ${graph.quanta.length} quanta for ${tasks} tasks, graph ID: ${pyRepr(graph.graphId)}`, 601);
}

/** `--show workflow`: `Quantum <uuid>: <TaskClass>`, then one parent line per upstream quantum. */
export function showWorkflow(graph: GraphFile): string {
  const producer = new Map<string, string>();
  for (const q of graph.quanta) for (const id of Object.values(q.outputs).flat()) producer.set(id, q.id);
  const classes = new Map(graph.tasks.map((t) => [t.label, t.taskClass]));
  const lines: string[] = [];
  for (const q of graph.quanta) {
    lines.push(`Quantum ${q.id}: ${classes.get(q.label) ?? q.label}`);
    const parents = new Set(Object.values(q.inputs).flat().map((id) => producer.get(id)).filter((p): p is string => p !== undefined));
    for (const parent of parents) lines.push(`Parent Quantum ${parent} - Child Quantum ${q.id}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
