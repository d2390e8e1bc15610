/**
 * Writes the toy DC2 repo's registry (examples/DC2/registry.yaml) and its input datasets (raws, calibs,
 * refcat shards, the skyMap) from the layout in dc2-layout.ts. Run once after changing the layout:
 *   npx tsx stack/src/tools/make-dc2.ts [examples/DC2]
 * Dataset ids are name-based UUIDv5 (as daf_butler makes for ingested raws), so re-running is stable.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import yaml from 'js-yaml';
import { loadButlerConfig } from '../repo/butler-config.js';
import { Datastore } from '../repo/datastore.js';
import type { CollectionRecord, DatasetTypeRecord, DimensionRecord } from '../repo/registry-types.js';
import { dimensionGroup } from '../repo/universe.js';
import { DATASET_ID_NAMESPACE, uuid5 } from '../util/uuid.js';
import { dimensionRecords } from './dc2-records.js';
import { CALIBRATION_EXPOSURES, DETECTORS, INSTRUMENT, SKYMAP, VISITS } from './dc2-layout.js';

const RUNS = {
  raw: 'LSSTCam-imSim/raw/all',
  curated: 'LSSTCam-imSim/calib/unbounded',
  calib: 'LSSTCam-imSim/calib/20221101T000000Z',
  refcats: 'refcats/DM-28636',
  skymaps: 'skymaps',
};

const COLLECTIONS: Record<string, CollectionRecord> = {
  [RUNS.raw]: { type: 'RUN' },
  [RUNS.curated]: { type: 'RUN' },
  [RUNS.calib]: { type: 'RUN' },
  'LSSTCam-imSim/calib': { type: 'CALIBRATION', certified: [RUNS.curated, RUNS.calib] },
  [RUNS.refcats]: { type: 'RUN' },
  refcats: { type: 'CHAINED', children: [RUNS.refcats] },
  [RUNS.skymaps]: { type: 'RUN' },
  'LSSTCam-imSim/defaults': { type: 'CHAINED', children: [RUNS.raw, 'LSSTCam-imSim/calib', 'refcats', 'skymaps'] },
};

const DATASET_TYPES: Record<string, DatasetTypeRecord> = {
  raw: { dimensions: ['instrument', 'detector', 'exposure'], storageClass: 'Exposure' },
  camera: { dimensions: ['instrument'], storageClass: 'Camera', isCalibration: true },
  bias: { dimensions: ['instrument', 'detector'], storageClass: 'ExposureF', isCalibration: true },
  dark: { dimensions: ['instrument', 'detector'], storageClass: 'ExposureF', isCalibration: true },
  flat: { dimensions: ['instrument', 'detector', 'physical_filter'], storageClass: 'ExposureF', isCalibration: true },
  sky: { dimensions: ['instrument', 'detector', 'physical_filter'], storageClass: 'ExposureF', isCalibration: true },
  cal_ref_cat_2_2: { dimensions: ['htm7'], storageClass: 'SimpleCatalog' },
  skyMap: { dimensions: ['skymap'], storageClass: 'SkyMap' },
};

type Values = Record<string, string | number>;

function main(): void {
  const repo = resolve(process.argv[2] ?? 'examples/DC2');
  const config = loadButlerConfig(repo, { inPlace: true });
  const datastore = new Datastore(config);
  const records = dimensionRecords();
  const filters = (band: string) => `${band}_sim_1.4`;
  const exposures = new Map<number, DimensionRecord>(records['exposure']?.map((r) => [r['id'] as number, r]) ?? []);
  for (const run of Object.values(RUNS)) rmSync(join(config.datastoreRoot, run), { recursive: true, force: true });
  let count = 0;
  const put = (datasetType: string, run: string, values: Values): void => {
    const group = dimensionGroup(DATASET_TYPES[datasetType]?.dimensions ?? []);
    const dataId: Values = {};
    for (const d of [...group.required, ...group.implied]) if (values[d] !== undefined) dataId[d] = values[d] as string | number;
    const key = group.required.map((d) => `${d}=${dataId[d]}`).join(',');
    const id = uuid5(DATASET_ID_NAMESPACE, `${datasetType}:${key}:${run}`);
    datastore.write(datastore.relativePath(run, datasetType, dataId), {
      id, datasetType, run, dataId, storageClass: DATASET_TYPES[datasetType]?.storageClass ?? 'StructuredDataDict',
    });
    count += 1;
  };
  const exposureIds = [...VISITS.map((v) => v.id), ...CALIBRATION_EXPOSURES.map((e) => e.id)];
  for (const exposure of exposureIds) {
    const rec = exposures.get(exposure) ?? {};
    for (const detector of DETECTORS) {
      put('raw', RUNS.raw, { instrument: INSTRUMENT, detector, exposure, band: String(rec['physical_filter']).slice(0, 1),
        physical_filter: String(rec['physical_filter']), day_obs: rec['day_obs'] as number, group: String(rec['group']) });
    }
  }
  put('camera', RUNS.curated, { instrument: INSTRUMENT });
  const bands = [...new Set(VISITS.map((v) => v.band))].sort();
  for (const detector of DETECTORS) {
    put('bias', RUNS.calib, { instrument: INSTRUMENT, detector });
    put('dark', RUNS.calib, { instrument: INSTRUMENT, detector });
    for (const band of bands) {
      put('flat', RUNS.calib, { instrument: INSTRUMENT, detector, physical_filter: filters(band), band });
      put('sky', RUNS.calib, { instrument: INSTRUMENT, detector, physical_filter: filters(band), band });
    }
  }
  const pixels = new Set((records['visit_detector_region'] ?? []).flatMap((r) => r['htm7'] as number[]));
  for (const htm7 of [...pixels].sort()) put('cal_ref_cat_2_2', RUNS.refcats, { htm7 });
  put('skyMap', RUNS.skymaps, { skymap: SKYMAP });
  const header = '# Toy LSSTCam-imSim DC2 registry for the bps-ts stand-in stack. Generated by stack/src/tools/make-dc2.ts\n'
    + '# from stack/src/tools/dc2-layout.ts; edit those and re-run rather than editing this file.\n';
  const body = yaml.dump({ collections: COLLECTIONS, datasetTypes: DATASET_TYPES, dimensions: records }, { flowLevel: 3, lineWidth: 160, noRefs: true });
  writeFileSync(config.registryPath, header + body);
  process.stdout.write(`wrote ${config.registryPath} and ${count} input datasets under ${config.datastoreRoot}\n`);
}

// Only when run as a script: importing this module (e.g. from dist/) must never rewrite a repo.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
