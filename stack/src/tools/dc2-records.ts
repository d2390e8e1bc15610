import type { DimensionRecord } from '../repo/registry-types.js';
import {
  BANDS, CALIBRATION_EXPOSURES, DETECTORS, INSTRUMENT, PATCH_GRID, SKYMAP, TRACTS, VISITS,
  detectorName, detectorPatches, htm7For,
} from './dc2-layout.js';

const filter = (band: string): string => `${band}_sim_1.4`;

function observationRecords(): Record<string, DimensionRecord[]> {
  const visit = VISITS.map((v, i) => ({
    instrument: INSTRUMENT, id: v.id, name: String(v.id), physical_filter: filter(v.band), day_obs: v.dayObs,
    seq_num: i + 1, exposure_time: 30.0, target_name: 'WFD', observation_reason: 'science', science_program: 'Run2.2i',
    zenith_angle: 20 + 3 * i,
  }));
  const science = VISITS.map((v, i) => ({ id: v.id, type: 'science', band: v.band, dayObs: v.dayObs, seq: i + 1 }));
  const calib = CALIBRATION_EXPOSURES.map((e, i) => ({ id: e.id, type: e.type, band: e.band, dayObs: e.dayObs, seq: 100 + i }));
  const exposure = [...science, ...calib].map((e) => ({
    instrument: INSTRUMENT, id: e.id, obs_id: `IM_P_${e.dayObs}_${String(e.id).padStart(6, '0')}`, physical_filter: filter(e.band),
    group: String(e.id), day_obs: e.dayObs, seq_num: e.seq, observation_type: e.type,
    observation_reason: e.type === 'science' ? 'science' : 'calibration', exposure_time: e.type === 'bias' ? 0.0 : 30.0,
    dark_time: 30.0, science_program: 'Run2.2i',
  }));
  const dayObs = [...new Set(exposure.map((e) => e.day_obs))].sort().map((id) => ({ instrument: INSTRUMENT, id }));
  const group = exposure.map((e) => ({ instrument: INSTRUMENT, name: e.group }));
  const definition = VISITS.map((v) => ({ instrument: INSTRUMENT, exposure: v.id, visit: v.id }));
  const regions = VISITS.flatMap((v) => DETECTORS.map((detector) => {
    const patches = detectorPatches(v, detector);
    const htm7 = [...new Set(patches.map(([t, p]) => htm7For(t, p)))].sort();
    return { instrument: INSTRUMENT, visit: v.id, detector, skymap: SKYMAP, patches, htm7 };
  }));
  return { day_obs: dayObs, group, visit, exposure, visit_definition: definition, visit_detector_region: regions };
}

function skyRecords(): Record<string, DimensionRecord[]> {
  const tract = TRACTS.map((id) => ({ skymap: SKYMAP, id }));
  const patch = TRACTS.flatMap((t) => Array.from({ length: PATCH_GRID * PATCH_GRID }, (_, id) => ({
    skymap: SKYMAP, tract: t, id, cell_x: id % PATCH_GRID, cell_y: Math.floor(id / PATCH_GRID),
  })));
  return {
    skymap: [{ name: SKYMAP, hash: 'standin-dc2-rings-v1', tract_max: 18938, patch_nx_max: PATCH_GRID, patch_ny_max: PATCH_GRID }],
    tract,
    patch,
  };
}

/** Every dimension record of the toy repo, by element, in the order registry.yaml lists them. */
export function dimensionRecords(): Record<string, DimensionRecord[]> {
  const detector = DETECTORS.map((id) => {
    const { raft, sensor } = detectorName(id);
    return { instrument: INSTRUMENT, id, full_name: `${raft}_${sensor}`, raft, name_in_raft: sensor, purpose: 'SCIENCE' };
  });
  return {
    instrument: [{ name: INSTRUMENT, class_name: 'lsst.obs.lsst.LsstCamImSim', detector_max: 189, visit_max: 7050000, exposure_max: 7050000, visit_system: 0 }],
    band: BANDS.map((name) => ({ name })),
    physical_filter: BANDS.map((band) => ({ instrument: INSTRUMENT, name: filter(band), band })),
    detector,
    ...observationRecords(),
    ...skyRecords(),
  };
}
