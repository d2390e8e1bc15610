/** A DAG to draw: node ids, their text, and the label they belong to. */
export interface JobDag {
  readonly nodes: ReadonlyArray<{ readonly id: string; readonly text: string; readonly group: string }>;
  readonly edges: ReadonlyArray<readonly [string, string]>;
  /**
   * Where a finalJob of whenRun ALWAYS waits: no DAG edges (it runs whatever its would-be parents did),
   * so drawn dashed from the jobs it waits for. @default none
   */
  readonly afterAll?: ReadonlyArray<readonly [string, string]>;
}

const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** GraphViz dot, one box per node, for `dot -Tsvg`. */
export function renderDot(dag: JobDag): string {
  return [
    'digraph bps {',
    '  node [shape=box, fontname="Monospace"];',
    ...dag.nodes.map((n) => `  ${n.id} [label=${quote(n.text)}];`),
    ...dag.edges.map(([a, b]) => `  ${a} -> ${b};`),
    ...(dag.afterAll ?? []).map(([a, b]) => `  ${a} -> ${b} [style=dashed];`),
    '}',
  ].join('\n');
}

/** A Mermaid flowchart (GitHub and many editors render it). */
export function renderMermaid(dag: JobDag): string {
  const text = (t: string) => `"${t.replace(/"/g, '#quot;')}"`;
  return [
    'flowchart TD',
    ...dag.nodes.map((n) => `  ${n.id}[${text(n.text)}]`),
    ...dag.edges.map(([a, b]) => `  ${a} --> ${b}`),
    ...(dag.afterAll ?? []).map(([a, b]) => `  ${a} -.-> ${b}`),
  ].join('\n');
}
