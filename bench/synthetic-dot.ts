import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Writes a synthetic QuantumGraph dot file in pipetask's v30 layout (docs/ARCHITECTURE.md, "Reading the QuantumGraph") with a
 * realistic DRP shape (§5): per patch, 10 visits × 10 detectors of isr → characterizeImage → calibrate,
 * per visit consolidateVisitSummary and makeWarp (fan-in over detectors), then per patch assembleCoadd
 * (fan-in over visits), detection, mergeDetections, deblend, measure, mergeMeasurements and
 * forcedPhotCoadd: 327 quanta per patch, each with its outputs, `_metadata` and `_log` dataset nodes.
 * Streamed to disk with backpressure: a million quanta is gigabytes.
 */
const VISITS = 10;
const DETECTORS = 10;
const PER_PATCH = 3 * VISITS * DETECTORS + 2 * VISITS + 7;

interface Task {
  readonly label: string;
  readonly level: 'detector' | 'visit' | 'patch';
  /** Output dataset type (besides metadata and log). */
  readonly output: string;
  /** Inputs: (producer label, how many: 'same' | 'all-detectors' | 'all-visits') */
  readonly inputs: ReadonlyArray<readonly [string, 'same' | 'detectors' | 'visits']>;
}

const TASKS: readonly Task[] = [
  { label: 'isr', level: 'detector', output: 'postISRCCD', inputs: [['raw', 'same']] },
  { label: 'characterizeImage', level: 'detector', output: 'icExp', inputs: [['isr', 'same']] },
  { label: 'calibrate', level: 'detector', output: 'calexp', inputs: [['characterizeImage', 'same']] },
  { label: 'consolidateVisitSummary', level: 'visit', output: 'visitSummary', inputs: [['calibrate', 'detectors']] },
  { label: 'makeWarp', level: 'visit', output: 'deepCoadd_directWarp', inputs: [['calibrate', 'detectors'], ['consolidateVisitSummary', 'same']] },
  { label: 'assembleCoadd', level: 'patch', output: 'deepCoadd', inputs: [['makeWarp', 'visits']] },
  { label: 'detection', level: 'patch', output: 'deepCoadd_det', inputs: [['assembleCoadd', 'same']] },
  { label: 'mergeDetections', level: 'patch', output: 'deepCoadd_mergeDet', inputs: [['detection', 'same']] },
  { label: 'deblend', level: 'patch', output: 'deepCoadd_deblendedFlux', inputs: [['mergeDetections', 'same'], ['detection', 'same']] },
  { label: 'measure', level: 'patch', output: 'deepCoadd_meas', inputs: [['deblend', 'same'], ['detection', 'same']] },
  { label: 'mergeMeasurements', level: 'patch', output: 'deepCoadd_ref', inputs: [['measure', 'same']] },
  { label: 'forcedPhotCoadd', level: 'patch', output: 'deepCoadd_forced_src', inputs: [['mergeMeasurements', 'same'], ['detection', 'same']] },
];

const hex12 = (n: number) => n.toString(16).padStart(12, '0');
const uuid = (kind: number, n: number) => `0199f0a1-${kind.toString(16).padStart(4, '0')}-7000-8000-${hex12(n)}`;
const nodeName = (id: string) => `u${id.replaceAll('-', '')}`;
const html = (cells: string[]) => `<<TABLE BORDER="0" CELLPADDING="5"><TR><TD>${cells.join('</TD></TR><TR><TD>')}</TD></TR></TABLE>>`;

/** Index of a quantum of task `t` for patch p, visit v, detector d, in the whole graph's quantum numbering. */
function units(level: Task['level']): number {
  return level === 'detector' ? VISITS * DETECTORS : level === 'visit' ? VISITS : 1;
}
function unitOf(level: Task['level'], v: number, d: number): number {
  return level === 'detector' ? v * DETECTORS + d : level === 'visit' ? v : 0;
}

function dataId(task: Task, p: number, v: number, d: number): string[] {
  const visit = 100000 + p * VISITS + v;
  const tract = 3828 + Math.floor(p / 49);
  const patch = p % 49;
  if (task.level === 'detector') return ['instrument = LSSTCam-imSim', `detector = ${d}`, `${task.label === 'isr' ? 'exposure' : 'visit'} = ${visit}`];
  if (task.level === 'visit') return task.label === 'makeWarp'
    ? ['instrument = LSSTCam-imSim', `skymap = DC2`, `tract = ${tract}`, `patch = ${patch}`, `visit = ${visit}`]
    : ['instrument = LSSTCam-imSim', `visit = ${visit}`];
  return ['band = i', 'skymap = DC2', `tract = ${tract}`, `patch = ${patch}`];
}

export async function writeSyntheticDot(path: string, options: { quanta: number }): Promise<{ quanta: number; tasks: number; bytes: number }> {
  const patches = Math.max(1, Math.round(options.quanta / PER_PATCH));
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  let buffer = '';
  const write = async (line: string) => {
    buffer += `${line}\n`;
    if (buffer.length < 1 << 20) return;
    bytes += buffer.length;
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  // Quantum and dataset numbering: quantum of task t, patch p, unit u → t * patches * 100 + ...
  const q = (t: number, p: number, u: number) => (t * patches + p) * 100 + u;
  const ds = (t: number, p: number, u: number, which: number) => q(t, p, u) * 4 + which; // 0 output, 1 metadata, 2 log, 3 raw input
  await write('digraph QuantumGraph {');
  await write('graph [splines="ortho", nodesep="0.5", ranksep="0.75", pad="0.5"];');
  await write('node [shape="box", fontname="Monospace", fontsize="14", margin="0.2,0.1", penwidth="3"];');
  await write('edge [color="black", arrowsize="1.5", penwidth="1.5"];');
  const each = async (fn: (t: number, task: Task, p: number, v: number, d: number, u: number) => Promise<void>) => {
    for (const [t, task] of TASKS.entries()) for (let p = 0; p < patches; p += 1) for (let u = 0; u < units(task.level); u += 1) {
      const v = task.level === 'detector' ? Math.floor(u / DETECTORS) : u;
      await fn(t, task, p, v, task.level === 'detector' ? u % DETECTORS : 0, u);
    }
  };
  await each(async (t, task, p, v, d, u) => {
    const id = uuid(1, q(t, p, u));
    await write(`"${nodeName(id)}" [style="filled", color="black", fillcolor="#B1F2EF", label=${html([id, task.label, ...dataId(task, p, v, d)])}];`);
  });
  const run = "run: 'u/bench/run'";
  await each(async (t, task, p, v, d, u) => {
    if (t === 0) await write(`"${nodeName(uuid(2, ds(t, p, u, 3)))}" [style="rounded,filled,bold", color="#00BABC", fillcolor="#F5F5F5", label=${html(['raw', "run: 'LSSTCam-imSim/raw/all'", ...dataId(task, p, v, d)])}];`);
    for (const [which, type] of [task.output, `${task.label}_metadata`, `${task.label}_log`].entries()) {
      await write(`"${nodeName(uuid(2, ds(t, p, u, which)))}" [style="rounded,filled,bold", color="#00BABC", fillcolor="#F5F5F5", label=${html([type, run, ...dataId(task, p, v, d)])}];`);
    }
  });
  await each(async (t, _task, p, _v, _d, u) => {
    for (let which = 0; which < 3; which += 1) await write(`"${nodeName(uuid(1, q(t, p, u)))}" -> "${nodeName(uuid(2, ds(t, p, u, which)))}";`);
  });
  // Dataset → consumer edges, per producing dataset in node order.
  await each(async (t, task, p, v, d, u) => {
    if (t === 0) await write(`"${nodeName(uuid(2, ds(t, p, u, 3)))}" -> "${nodeName(uuid(1, q(t, p, u)))}";`);
    for (const [c, consumer] of TASKS.entries()) {
      for (const [producer, mode] of consumer.inputs) {
        if (producer !== task.label) continue;
        const target = consumerUnit(task, consumer, mode, v, d);
        if (target !== undefined) await write(`"${nodeName(uuid(2, ds(t, p, u, 0)))}" -> "${nodeName(uuid(1, q(c, p, target)))}";`);
      }
    }
  });
  await write('}');
  bytes += buffer.length;
  out.end(buffer);
  await once(out, 'close');
  return { quanta: patches * PER_PATCH, tasks: TASKS.length, bytes };
}

/** Which quantum (unit) of `consumer` reads the output of the producer quantum at (v, d). */
function consumerUnit(producer: Task, consumer: Task, mode: 'same' | 'detectors' | 'visits', v: number, d: number): number | undefined {
  if (mode === 'same') return unitOf(consumer.level, v, d);
  if (mode === 'detectors') return v; // a visit-level consumer of every detector
  return 0; // a patch-level consumer of every visit
}

if (process.argv[1]?.endsWith('synthetic-dot.js')) {
  const [path, n] = process.argv.slice(2);
  if (!path || !n) {
    console.error('usage: node dist/bench/synthetic-dot.js OUT.dot QUANTA');
    process.exit(2);
  }
  writeSyntheticDot(path, { quanta: Number(n) }).then((r) => console.log(JSON.stringify(r)));
}
