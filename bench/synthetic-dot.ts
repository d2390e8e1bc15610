import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { GrowableUint32 } from '../src/qgraph/growable.js';
import {
  bandsOfPatch, detectorCalib, detectorsOfVisit, detectorsOfWarp, flatOfDet, one, patchOfPatchBand, same, shardOfDet,
  visitOfWarp, warpsOfPatchBand, World, BANDS, PATCHES, type Level, type Selector, type WorldSize,
} from './synthetic-world.js';

/** One task of the synthetic pipeline: its level, its inputs (dataset type, which ones) and outputs. */
interface Task {
  readonly label: string;
  readonly level: Level;
  /** isr's data ID has `exposure` where the others have `visit`. */
  readonly exposure?: boolean;
  readonly inputs: ReadonlyArray<readonly [string, Selector]>;
  /** Output dataset types at the task's level, or [type, level, selector] for another level. */
  readonly outputs: ReadonlyArray<string | readonly [string, Level, Selector]>;
}

const TASKS: readonly Task[] = [
  { label: 'isr', level: 'det', exposure: true, inputs: [['raw', same], ['bias', detectorCalib], ['dark', detectorCalib], ['flat', flatOfDet], ['camera', one]], outputs: ['postISRCCD'] },
  { label: 'characterizeImage', level: 'det', inputs: [['postISRCCD', same]], outputs: ['icExp', 'icExpBackground', 'icSrc'] },
  { label: 'calibrate', level: 'det', inputs: [['icExp', same], ['icExpBackground', same], ['icSrc', same], ['gaia_dr2_20200414', shardOfDet], ['ps1_pv3_3pi_20170110', shardOfDet]], outputs: ['calexp', 'calexpBackground', 'src'] },
  { label: 'writeSourceTable', level: 'det', inputs: [['src', same]], outputs: ['source'] },
  { label: 'transformSourceTable', level: 'det', inputs: [['source', same]], outputs: ['sourceTable'] },
  { label: 'consolidateVisitSummary', level: 'visit', inputs: [['calexp', detectorsOfVisit]], outputs: ['visitSummary'] },
  { label: 'consolidateSourceTable', level: 'visit', inputs: [['sourceTable', detectorsOfVisit]], outputs: ['sourceTable_visit'] },
  { label: 'skyCorrection', level: 'visit', inputs: [['calexpBackground', detectorsOfVisit]], outputs: [['skyCorr', 'det', detectorsOfVisit]] },
  { label: 'makeWarp', level: 'warp', inputs: [['calexp', detectorsOfWarp], ['visitSummary', visitOfWarp], ['skyMap', one]], outputs: ['deepCoadd_directWarp', 'deepCoadd_psfMatchedWarp'] },
  { label: 'assembleCoadd', level: 'patchBand', inputs: [['deepCoadd_directWarp', warpsOfPatchBand], ['deepCoadd_psfMatchedWarp', warpsOfPatchBand], ['skyMap', one]], outputs: ['deepCoadd', 'deepCoadd_nImage'] },
  { label: 'detection', level: 'patchBand', inputs: [['deepCoadd', same]], outputs: ['deepCoadd_calexp', 'deepCoadd_det'] },
  { label: 'mergeDetections', level: 'patch', inputs: [['deepCoadd_det', bandsOfPatch]], outputs: ['deepCoadd_mergeDet'] },
  { label: 'deblend', level: 'patch', inputs: [['deepCoadd_mergeDet', same], ['deepCoadd_calexp', bandsOfPatch]], outputs: ['deepCoadd_deblendedCatalog'] },
  { label: 'measure', level: 'patchBand', inputs: [['deepCoadd_calexp', same], ['deepCoadd_deblendedCatalog', patchOfPatchBand], ['deepCoadd_mergeDet', patchOfPatchBand], ['skyMap', one]], outputs: ['deepCoadd_meas'] },
  { label: 'mergeMeasurements', level: 'patch', inputs: [['deepCoadd_meas', bandsOfPatch]], outputs: ['deepCoadd_ref'] },
  { label: 'forcedPhotCoadd', level: 'patchBand', inputs: [['deepCoadd_ref', patchOfPatchBand], ['deepCoadd_calexp', same], ['deepCoadd_meas', same], ['skyMap', one]], outputs: ['deepCoadd_forced_src'] },
  { label: 'writeObjectTable', level: 'patch', inputs: [['deepCoadd_forced_src', bandsOfPatch], ['deepCoadd_meas', bandsOfPatch], ['deepCoadd_ref', same]], outputs: ['objectTable'] },
  { label: 'transformObjectTable', level: 'patch', inputs: [['objectTable', same]], outputs: ['objectTable_parq'] },
];

/** Input dataset types nothing in the graph produces: their level, run, and whether they use `exposure`. */
const EXTERNAL: Readonly<Record<string, readonly [Level, string, boolean?]>> = {
  raw: ['det', 'LSSTCam-imSim/raw/all', true], bias: ['detCalib', 'LSSTCam-imSim/calib/bias'], dark: ['detCalib', 'LSSTCam-imSim/calib/dark'],
  flat: ['flat', 'LSSTCam-imSim/calib/flat'], camera: ['global', 'LSSTCam-imSim/calib/unbounded'], skyMap: ['skymap', 'skymaps'],
  gaia_dr2_20200414: ['shard', 'refcats/gen2'], ps1_pv3_3pi_20170110: ['shard', 'refcats/gen2'],
};

interface DatasetType {
  readonly name: string;
  readonly level: Level;
  readonly run: string;
  readonly exposure: boolean;
  /** The first dataset id of this type; its datasets are base … base + count − 1. */
  base: number;
}

const RUN = "'u/bench/run'";
const hex12 = (n: number) => n.toString(16).padStart(12, '0');
const uuid = (kind: number, n: number) => `0199f0a1-b2c3-7${kind.toString(16).padStart(3, '0')}-8000-${hex12(n)}`;
const nodeName = (id: string) => `"u${id.replaceAll('-', '')}"`;
const html = (cells: readonly string[]) => `<<TABLE BORDER="0" CELLPADDING="5"><TR><TD>${cells.join('</TD></TR><TR><TD>')}</TD></TR></TABLE>>`;
const quantumName = (q: number) => nodeName(uuid(1, q));
const datasetName = (d: number) => nodeName(uuid(2, d));

/** The world for about `quanta` quanta: 189 detectors, 45 of a tract's 49 patches per visit, up to 12 visits per band and tract. */
export function worldFor(quanta: number): World {
  const [detectors, patchesPerVisit] = [189, 45];
  const perVisit = 5 * detectors + 3 + patchesPerVisit;
  const perTractFixed = 4 * PATCHES * BANDS.length + 5 * PATCHES;
  const tracts = Math.max(1, Math.ceil(quanta / (BANDS.length * 12 * perVisit + perTractFixed)));
  const visits = Math.max(1, Math.round((quanta / tracts - perTractFixed) / (BANDS.length * perVisit)));
  return new World({ tracts, visits, detectors, patchesPerVisit } satisfies WorldSize);
}

/** The dataset types in order of first appearance (inputs, then outputs, task by task), with their id ranges. */
function datasetTypes(world: World): Map<string, DatasetType> {
  const types = new Map<string, DatasetType>();
  let base = 0;
  const add = (name: string, level: Level, run: string, exposure: boolean) => {
    if (types.has(name)) return;
    types.set(name, { name, level, run, exposure, base });
    base += world.count(level);
  };
  for (const task of TASKS) {
    for (const [name] of task.inputs) {
      const external = EXTERNAL[name];
      if (external) add(name, external[0], `'${external[1]}'`, external[2] ?? false);
    }
    for (const output of task.outputs) {
      if (typeof output === 'string') add(output, task.level, RUN, task.exposure ?? false);
      else add(output[0], output[1], RUN, false);
    }
    add(`${task.label}_metadata`, task.level, RUN, task.exposure ?? false);
    add(`${task.label}_log`, task.level, RUN, task.exposure ?? false);
  }
  return types;
}

/** Streams lines to a file in 1 MiB pieces, waiting for the stream to drain. */
function lineWriter(path: string) {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let buffer = '';
  let bytes = 0;
  return {
    async line(text: string): Promise<void> {
      buffer += `${text}\n`;
      if (buffer.length < 1 << 20) return;
      bytes += buffer.length;
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    },
    async close(): Promise<number> {
      bytes += buffer.length;
      out.end(buffer);
      await once(out, 'close');
      return bytes;
    },
  };
}

/** What {@link writeSyntheticDot} wrote. */
export interface SyntheticDotResult {
  readonly quanta: number;
  readonly tasks: number;
  readonly datasets: number;
  readonly bytes: number;
  /** Distinct quantum→quantum dependencies (what the parser keeps). */
  readonly quantumEdges: number;
}

/**
 * Writes a synthetic QuantumGraph dot file in pipetask's v30 layout (docs/ARCHITECTURE.md, "Reading the QuantumGraph") shaped
 * like a DC2 DRP graph (synthetic-world.ts): 18 tasks from isr to transformObjectTable; every quantum
 * writes its outputs plus `<label>_metadata` and `<label>_log`; calibrations (bias, dark, flat, camera),
 * reference-catalog shards, raws and the skymap are input dataset nodes with edges to their consumers;
 * visit-level tasks read all of a visit's detectors and makeWarp reads every detector's calexp of its
 * visit. About 2.9 kB of dot and 9.8 quantum→quantum edges per quantum, as real v30 graphs (a
 * 240k-quantum one is ~680 MB, ~2.8 kB per quantum). Streamed to disk with backpressure: a million quanta is GBs.
 */
export async function writeSyntheticDot(path: string, options: { quanta: number }): Promise<SyntheticDotResult> {
  const world = worldFor(options.quanta);
  const types = datasetTypes(world);
  const taskBase: number[] = [];
  let quanta = 0;
  for (const task of TASKS) (taskBase.push(quanta), (quanta += world.count(task.level)));
  const out = lineWriter(path);
  await out.line('digraph QuantumGraph {');
  await out.line('graph [splines="ortho", nodesep="0.5", ranksep="0.75", pad="0.5"];');
  await out.line('node [shape="box", fontname="Monospace", fontsize="14", margin="0.2,0.1", penwidth="3"];');
  await out.line('edge [color="black", arrowsize="1.5", penwidth="1.5"];');
  for (const [t, task] of TASKS.entries()) {
    for (let i = 0; i < world.count(task.level); i += 1) {
      const q = (taskBase[t] as number) + i;
      await out.line(`${quantumName(q)} [style="filled", color="black", fillcolor="#B1F2EF", label=${html([uuid(1, q), task.label, ...world.cells(task.level, i, task.exposure)])}];`);
    }
  }
  let datasets = 0;
  for (const type of types.values()) {
    for (let i = 0; i < world.count(type.level); i += 1) {
      await out.line(`${datasetName(type.base + i)} [style="rounded,filled,bold", color="#00BABC", fillcolor="#F5F5F5", label=${html([type.name, `run: ${type.run}`, ...world.cells(type.level, i, type.exposure)])}];`);
    }
    datasets += world.count(type.level);
  }
  await writeProducerEdges(world, types, taskBase, out.line);
  const quantumEdges = await writeConsumerEdges(world, types, taskBase, datasets, out.line);
  await out.line('}');
  return { quanta, tasks: TASKS.length, datasets, bytes: await out.close(), quantumEdges };
}

/** `quantum -> dataset` for every output, quantum by quantum (v30 lists edges by source in node order). */
async function writeProducerEdges(world: World, types: Map<string, DatasetType>, taskBase: number[], line: (text: string) => Promise<void>): Promise<void> {
  for (const [t, task] of TASKS.entries()) {
    const outputs = [...task.outputs, `${task.label}_metadata`, `${task.label}_log`].map((o) => (typeof o === 'string' ? ([o, same] as const) : ([o[0], o[2]] as const)));
    for (let i = 0; i < world.count(task.level); i += 1) {
      const q = quantumName((taskBase[t] as number) + i);
      for (const [name, select] of outputs) for (const local of select(world, i)) await line(`${q} -> ${datasetName((types.get(name) as DatasetType).base + local)};`);
    }
  }
}

/**
 * `dataset -> quantum` for every input, dataset by dataset: the pairs are gathered per consumer, then
 * put in dataset order with a counting sort. Returns the distinct quantum→quantum pairs they make.
 */
async function writeConsumerEdges(world: World, types: Map<string, DatasetType>, taskBase: number[], datasets: number, line: (text: string) => Promise<void>): Promise<number> {
  const [dataset, consumer] = [new GrowableUint32(1 << 20), new GrowableUint32(1 << 20)];
  for (const [t, task] of TASKS.entries()) {
    for (let i = 0; i < world.count(task.level); i += 1) {
      for (const [name, select] of task.inputs) {
        const type = types.get(name) as DatasetType;
        for (const local of select(world, i)) (dataset.push(type.base + local), consumer.push((taskBase[t] as number) + i));
      }
    }
  }
  const start = new Uint32Array(datasets + 1);
  for (let e = 0; e < dataset.length; e += 1) start[dataset.at(e) + 1] += 1;
  for (let d = 0; d < datasets; d += 1) start[d + 1] += start[d] as number;
  const fill = start.slice(0, datasets);
  const sorted = new Uint32Array(dataset.length);
  for (let e = 0; e < dataset.length; e += 1) sorted[fill[dataset.at(e)]++] = consumer.at(e);
  for (let d = 0; d < datasets; d += 1) {
    const name = datasetName(d);
    for (let k = start[d] as number; k < (start[d + 1] as number); k += 1) await line(`${name} -> ${quantumName(sorted[k] as number)};`);
  }
  return countQuantumEdges(world, types, taskBase, start, sorted);
}

/** Distinct (producer, consumer) quantum pairs: each produced dataset's producer to each of its consumers. */
function countQuantumEdges(world: World, types: Map<string, DatasetType>, taskBase: number[], start: Uint32Array, consumers: Uint32Array): number {
  const pairs = new Set<number>();
  let total = 0;
  let producerSeen = -1;
  for (const [t, task] of TASKS.entries()) {
    const outputs = task.outputs.map((o) => (typeof o === 'string' ? ([o, same] as const) : ([o[0], o[2]] as const)));
    for (let i = 0; i < world.count(task.level); i += 1) {
      const producer = (taskBase[t] as number) + i;
      if (producer !== producerSeen) (total += pairs.size, pairs.clear(), (producerSeen = producer));
      for (const [name, select] of outputs) {
        for (const local of select(world, i)) {
          const d = (types.get(name) as DatasetType).base + local;
          for (let k = start[d] as number; k < (start[d + 1] as number); k += 1) pairs.add(consumers[k] as number);
        }
      }
    }
  }
  return total + pairs.size;
}

if (process.argv[1]?.endsWith('synthetic-dot.js')) {
  const [path, n] = process.argv.slice(2);
  if (!path || !n) {
    console.error('usage: node dist/bench/synthetic-dot.js OUT.dot QUANTA');
    process.exit(2);
  }
  writeSyntheticDot(path, { quanta: Number(n) }).then((r) => console.log(JSON.stringify({ ...r, bytesPerQuantum: r.bytes / r.quanta, edgesPerQuantum: r.quantumEdges / r.quanta })));
}
