/**
 * The toy DC2 footprint: which visits exist and where they point. Everything else of the toy repo
 * (records, overlaps, input files) is derived from this table by make-dc2.ts.
 *
 * Each visit covers a 3×3 block of patches around a centre patch with the 9 CCDs of raft R22
 * (detectors 90–98): the centre CCD covers the centre patch, an edge CCD the centre and the patch on its
 * side, a corner CCD only the diagonal patch — so the centre patch is seen by exactly 5 CCDs. CCD 177
 * (R42_S20) of every visit lands on tract 3829 patch 48. Only visit 159471 is centred on tract 3828
 * patch 24: the demo query `tract=3828 AND patch=24 AND skymap='DC2'` selects 1 visit × 5 detectors.
 */
export interface VisitLayout {
  readonly id: number;
  readonly band: string;
  readonly dayObs: number;
  readonly tract: number;
  /** Centre patch cell (x, y) in the tract's 7×7 grid; patch id = y * 7 + x. */
  readonly center: readonly [number, number];
}

export const VISITS: readonly VisitLayout[] = [
  { id: 159471, band: 'i', dayObs: 20221102, tract: 3828, center: [3, 3] },
  { id: 183794, band: 'i', dayObs: 20221124, tract: 3828, center: [1, 1] },
  { id: 192357, band: 'r', dayObs: 20221203, tract: 3828, center: [5, 1] },
  { id: 211139, band: 'r', dayObs: 20221222, tract: 3828, center: [3, 5] },
  { id: 397165, band: 'g', dayObs: 20230907, tract: 3828, center: [1, 5] },
  { id: 430234, band: 'g', dayObs: 20231013, tract: 3829, center: [3, 3] },
];

/** Calibration exposures (raws without a visit): excluded by any query that needs a visit. */
export const CALIBRATION_EXPOSURES = [
  { id: 159100, type: 'bias', band: 'i', dayObs: 20221101 },
  { id: 159101, type: 'flat', band: 'i', dayObs: 20221101 },
] as const;

export const INSTRUMENT = 'LSSTCam-imSim';
export const SKYMAP = 'DC2';
export const TRACTS = [3828, 3829] as const;
export const PATCH_GRID = 7;
export const BANDS = ['u', 'g', 'r', 'i', 'z', 'y'] as const;
/** Raft R22 (90–98) and R42_S20 (177). */
export const DETECTORS = [90, 91, 92, 93, 94, 95, 96, 97, 98, 177] as const;
export const FAR_DETECTOR = 177;
export const FAR_PATCH: readonly [number, number] = [3829, 48];

/** LSSTCam science rafts in detector-number order (detector = raft index × 9 + sensor index). */
const RAFTS = ['R01', 'R02', 'R03', 'R10', 'R11', 'R12', 'R13', 'R14', 'R20', 'R21', 'R22', 'R23', 'R24',
  'R30', 'R31', 'R32', 'R33', 'R34', 'R41', 'R42', 'R43'];
const SENSORS = ['S00', 'S01', 'S02', 'S10', 'S11', 'S12', 'S20', 'S21', 'S22'];

export function detectorName(id: number): { raft: string; sensor: string } {
  return { raft: RAFTS[Math.floor(id / 9)] ?? 'R??', sensor: SENSORS[id % 9] ?? 'S??' };
}

/** The (tract, patch) pairs a visit's detector overlaps. */
export function detectorPatches(visit: VisitLayout, detector: number): Array<[number, number]> {
  if (detector === FAR_DETECTOR) return [[FAR_PATCH[0], FAR_PATCH[1]]];
  const s = detector - 90;
  const dx = (s % 3) - 1;
  const dy = Math.floor(s / 3) - 1;
  const [cx, cy] = visit.center;
  const cells: Array<[number, number]> = [];
  if (dx === 0 || dy === 0) cells.push([cx, cy]);
  if (dx !== 0 || dy !== 0) cells.push([cx + dx, cy + dy]);
  return cells
    .filter(([x, y]) => x >= 0 && y >= 0 && x < PATCH_GRID && y < PATCH_GRID)
    .map(([x, y]) => [visit.tract, y * PATCH_GRID + x]);
}

/** The htm7 pixel standing for a tract's patch row (the refcat shard covering it). */
export function htm7For(tract: number, patch: number): number {
  return 147400 + (tract - 3828) * 8 + Math.floor(patch / PATCH_GRID);
}
