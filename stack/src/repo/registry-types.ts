/** A dimension record as stored in registry.yaml: key fields plus metadata (`day_obs`, `full_name` …). */
export type DimensionRecord = Readonly<Record<string, unknown>>;

/** A collection: a RUN holds datasets; CHAINED searches its children in order; CALIBRATION certifies runs. */
export type CollectionRecord =
  | { readonly type: 'RUN'; readonly registered?: string; readonly graphId?: string }
  | { readonly type: 'CHAINED'; readonly children: readonly string[] }
  | { readonly type: 'CALIBRATION'; readonly certified: readonly string[] };

/** A registered dataset type. */
export interface DatasetTypeRecord {
  readonly dimensions: readonly string[];
  readonly storageClass: string;
  readonly isCalibration?: boolean;
}

/** The registry file (`registry.db` in butler.yaml) and the runs.json overlay share this shape. */
export interface RegistryFile {
  readonly collections?: Readonly<Record<string, CollectionRecord>>;
  readonly datasetTypes?: Readonly<Record<string, DatasetTypeRecord>>;
  /**
   * Records per element: the dimensions plus the join tables `visit_definition` (exposure ↔ visit) and
   * `visit_detector_region` (which detectors saw a visit, with the `patches` [[tract, patch]…] and `htm7`
   * pixels their regions overlap — the stand-in's stored answer to the real spatial join).
   */
  readonly dimensions?: Readonly<Record<string, readonly DimensionRecord[]>>;
}
