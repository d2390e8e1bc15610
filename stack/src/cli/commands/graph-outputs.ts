import { writeFileSync } from 'node:fs';
import { StandinError } from '../../errors.js';
import { renderDot } from '../../graph/dot.js';
import { saveGraph } from '../../graph/graph-file.js';
import { renderMermaid } from '../../graph/mermaid.js';
import type { GraphFile } from '../../graph/model.js';
import { showWorkflow } from '../../graph/summary-line.js';
import { writeSummary } from '../../exec/summary-report.js';
import { dumpYaml } from '../../util/yaml.js';
import { writeFileAtomic } from '../../util/files.js';
import { getLogger } from '../../log/logging.js';
import { list, str } from './options.js';

const log = getLogger('lsst.ctrl.mpexec.cmdLineFwk', 'cmdLineFwk.py');

/** Writes what `qgraph`/`run` were asked to write about a graph: -q, --qgraph-dot, --qgraph-mermaid, --summary, --show. */
export function writeGraphOutputs(graph: GraphFile, options: Readonly<Record<string, unknown>>): void {
  const save = str(options, 'saveQgraph');
  if (save !== undefined) {
    saveGraph(save, graph);
    log.verbose(`Writing QuantumGraph to '${save}'.`, 622);
  }
  const dot = str(options, 'qgraphDot');
  if (dot !== undefined) writeFileAtomic(dot, renderDot(graph));
  const mermaid = str(options, 'qgraphMermaid');
  if (mermaid !== undefined) writeFileAtomic(mermaid, renderMermaid(graph));
  const summary = str(options, 'summary');
  if (summary !== undefined) writeSummary(summary, graph, graph.quanta, undefined);
  for (const item of list(options, 'show')) {
    if (item !== 'workflow') throw new StandinError('NotImplementedError', `--show ${item} is not supported by the stand-in (only "workflow").`);
    writeFileSync(1, showWorkflow(graph));
  }
}

/** `-s/--save-pipeline`: the pipeline document as read (with its stand-in sections). */
export function savePipeline(path: string | undefined, document: unknown): void {
  if (path !== undefined) writeFileAtomic(path, dumpYaml(document));
}
