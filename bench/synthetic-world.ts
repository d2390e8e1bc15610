/**
 * The synthetic DRP world that synthetic-dot.ts writes: tracts of 7×7 patches, each observed in six
 * bands by `visits` visits per band, each visit read out by `detectors` detectors and overlapping
 * `patchesPerVisit` of its tract's patches. Datasets and quanta are numbered arithmetically per level,
 * so nothing is looked up while writing. Data IDs hold each task's required dimensions in
 * dimension-universe order.
 */

export const BANDS = ['u', 'g', 'r', 'i', 'z', 'y'] as const;
export const PATCHES = 49;
/** Reference-catalog shards (htm7) a tract's calibrate quanta share. */
const SHARDS = 16;

/** How big the world is. */
export interface WorldSize {
  readonly tracts: number;
  readonly visits: number;
  readonly detectors: number;
  readonly patchesPerVisit: number;
}

/** The granularity of a quantum or dataset, and how many there are of it. */
export type Level = 'det' | 'visit' | 'warp' | 'patchBand' | 'patch' | 'detCalib' | 'flat' | 'global' | 'skymap' | 'shard';

/** The world's sizes, and where each quantum or dataset of a level sits in it. */
export class World {
  constructor(readonly size: WorldSize) {}

  get visitCount(): number {
    return this.size.tracts * BANDS.length * this.size.visits;
  }

  count(level: Level): number {
    const { tracts, detectors, patchesPerVisit } = this.size;
    switch (level) {
      case 'det': return this.visitCount * detectors;
      case 'visit': return this.visitCount;
      case 'warp': return this.visitCount * patchesPerVisit;
      case 'patchBand': return tracts * PATCHES * BANDS.length;
      case 'patch': return tracts * PATCHES;
      case 'detCalib': return detectors;
      case 'flat': return detectors * BANDS.length;
      case 'global': case 'skymap': return 1;
      case 'shard': return tracts * SHARDS;
    }
  }

  /** A visit's tract and band (visits are numbered tract-major, then band). */
  visitPlace(vg: number): { tract: number; band: number; visit: number } {
    const perTract = BANDS.length * this.size.visits;
    return { tract: Math.floor(vg / perTract), band: Math.floor((vg % perTract) / this.size.visits), visit: vg % this.size.visits };
  }

  /** The k-th patch a visit overlaps: a window sliding by 3 patches from one visit to the next. */
  warpPatch(vg: number, k: number): number {
    return (this.visitPlace(vg).visit * 3 + k) % PATCHES;
  }

  /** Warps (global warp indices) of band b that overlap patch p of tract t: what assembleCoadd reads. */
  *warpsOfPatch(t: number, p: number, b: number): Generator<number> {
    const { visits, patchesPerVisit } = this.size;
    for (let v = 0; v < visits; v += 1) {
      const k = (((p - v * 3) % PATCHES) + PATCHES) % PATCHES;
      if (k < patchesPerVisit) yield ((t * BANDS.length + b) * visits + v) * patchesPerVisit + k;
    }
  }

  /** Data-ID cells of item `i` of a level; `exposure` names det/visit items by exposure instead of visit. */
  cells(level: Level, i: number, exposure = false): string[] {
    const { detectors, patchesPerVisit } = this.size;
    const inst = 'instrument = LSSTCam-imSim';
    const visitCell = (vg: number) => `${exposure ? 'exposure' : 'visit'} = ${visitNumber(vg)}`;
    switch (level) {
      case 'det': return [inst, visitCell(Math.floor(i / detectors)), `detector = ${i % detectors}`];
      case 'visit': return [inst, visitCell(i)];
      case 'warp': {
        const vg = Math.floor(i / patchesPerVisit);
        const { tract } = this.visitPlace(vg);
        return [inst, 'skymap = DC2', `tract = ${3828 + tract}`, `patch = ${this.warpPatch(vg, i % patchesPerVisit)}`, `visit = ${visitNumber(vg)}`];
      }
      case 'patchBand': {
        const patch = Math.floor(i / BANDS.length);
        return ['skymap = DC2', `tract = ${3828 + Math.floor(patch / PATCHES)}`, `patch = ${patch % PATCHES}`, `band = ${BANDS[i % BANDS.length]}`];
      }
      case 'patch': return ['skymap = DC2', `tract = ${3828 + Math.floor(i / PATCHES)}`, `patch = ${i % PATCHES}`];
      case 'detCalib': return [inst, `detector = ${i}`];
      case 'flat': return [inst, `physical_filter = ${BANDS[i % BANDS.length]}_sim_1.4`, `detector = ${Math.floor(i / BANDS.length)}`];
      case 'global': return [inst];
      case 'skymap': return ['skymap = DC2'];
      case 'shard': return [`htm7 = ${131072 + i * 7}`];
    }
  }
}

const visitNumber = (vg: number) => 200000 + vg * 3;

/** Where a consumer's inputs of one dataset type are, as local indices of that type's level. */
export type Selector = (world: World, local: number) => Iterable<number>;

export const same: Selector = (_w, i) => [i];
/** The detector-level items of a visit. */
export const detectorsOfVisit: Selector = (w, vg) => range(vg * w.size.detectors, w.size.detectors);
/** The detector-level items of a warp's visit. */
export const detectorsOfWarp: Selector = (w, i) => detectorsOfVisit(w, Math.floor(i / w.size.patchesPerVisit));
export const visitOfWarp: Selector = (w, i) => [Math.floor(i / w.size.patchesPerVisit)];
export const visitOfDet: Selector = (w, i) => [Math.floor(i / w.size.detectors)];
export const detectorCalib: Selector = (w, i) => [i % w.size.detectors];
export const flatOfDet: Selector = (w, i) => [(i % w.size.detectors) * BANDS.length + w.visitPlace(Math.floor(i / w.size.detectors)).band];
export const one: Selector = () => [0];
/** The shard of the tract's reference catalogs a detector falls in. */
export const shardOfDet: Selector = (w, i) => [w.visitPlace(Math.floor(i / w.size.detectors)).tract * SHARDS + (i % SHARDS)];
export const bandsOfPatch: Selector = (_w, p) => range(p * BANDS.length, BANDS.length);
export const patchOfPatchBand: Selector = (_w, i) => [Math.floor(i / BANDS.length)];
export const warpsOfPatchBand: Selector = (w, i) => w.warpsOfPatch(Math.floor(i / BANDS.length / PATCHES), Math.floor(i / BANDS.length) % PATCHES, i % BANDS.length);

function* range(start: number, count: number): Generator<number> {
  for (let k = 0; k < count; k += 1) yield start + k;
}
