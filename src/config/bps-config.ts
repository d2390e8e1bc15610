import type { ClusterSpec } from '../model/cluster-spec.js';
import { clusterJobSettings, type ClusterJobSettings } from './cluster-settings.js';
import { clusterSections, readClusterSpecs } from './cluster-sections.js';
import { CONFIG_KEY_NAMES } from './config-keys.js';
import { isMapping, type ConfigNode } from './config-node.js';
import { resolveEnvironment } from './environment.js';
import { finalJobSettings, type FinalJobSettings } from './final-job.js';
import { jobSettingsFor, type JobSettings } from './job-settings.js';
import { requiredPayload, type PayloadSettings } from './payload.js';
import { ConfigResolver, type ResolverState } from './resolver.js';
import type { RunNames } from './run-names.js';
import { computeSiteConfig, type SiteConfig } from './site-config.js';
import { dumpYaml } from './yaml-file.js';

/**
 * A loaded bps config (build it with `loadBpsConfig`). Its tree is frozen; lookups follow ctrl_bps's
 * search order (ConfigResolver.search) and the typed accessors below check types and name the key,
 * the label and the file of a bad value. Accessors cache their result: transform asks per label, and a
 * million jobs share a few dozen labels.
 */
export class BpsConfig extends ConfigResolver {
  /** The generated run names: timestamp, operator, outputRun, uniqProcName, submitPath, qgraph files, configDir. */
  readonly run: RunNames;
  private readonly labels = new Map<string, JobSettings>();
  private readonly memo = new Map<string, unknown>();

  /** @internal use loadBpsConfig */
  constructor(state: ResolverState, run: RunNames) {
    super(state);
    this.run = run;
  }

  /** True when the user gave qgraphFile (or -g): the graph exists, createQuantumGraph is skipped. */
  get userQgraphFile(): boolean {
    return this.run.userQgraphFile;
  }

  /** The payload keys every submission needs, checked (ctrl_bps's "Submit YAML must specify"). */
  requiredPayload(): PayloadSettings {
    return this.once('payload', () => requiredPayload(this, this.run));
  }

  /** Resources, retry policy, command and environment of the jobs of `label` (a task label or `pipetaskInit`). */
  jobSettingsFor(label: string): JobSettings {
    let settings = this.labels.get(label);
    if (!settings) {
      settings = Object.freeze(jobSettingsFor(this, label));
      this.labels.set(label, settings);
    }
    return settings;
  }

  /** The settings of a cluster label's jobs from its task labels' (ctrl_bps's MAX / SUM / identical rules). */
  clusterJobSettings(clusterLabel: string, taskLabels: readonly string[]): ClusterJobSettings {
    return this.once(`cluster\u0000${clusterLabel}\u0000${taskLabels.join(',')}`, () => clusterJobSettings(this, clusterLabel, taskLabels));
  }

  /**
   * `clusterAlgorithm` and the `cluster.<label>` sections, checked. Only dimension clustering reads the
   * sections (as in ctrl_bps); with another algorithm they are named in a warning and not read.
   */
  clustering(): { algorithm: string; specs: readonly ClusterSpec[] } {
    return this.once('clustering', () => {
      const algorithm = this.text('clusterAlgorithm').trim();
      if (/(^|\.)dimension_clustering$/.test(algorithm)) return { algorithm, specs: readClusterSpecs(this) };
      const labels = Object.keys(clusterSections(this));
      if (labels.length > 0) {
        this.warn(`cluster.${labels.join(', cluster.')} group nothing: clusterAlgorithm is ${algorithm.split('.').at(-1) ?? algorithm}, which runs one quantum per job. Set clusterAlgorithm: lsst.ctrl.bps.quantum_clustering_funcs.dimension_clustering to use them.`);
      }
      return { algorithm, specs: [] };
    });
  }

  /** The final job: whenRun, its commands and resources. */
  finalJobSettings(): FinalJobSettings {
    return this.once('finalJob', () => Object.freeze(finalJobSettings(this)));
  }

  /** The compute site jobs run on, typed and checked. */
  computeSite(): SiteConfig {
    return this.once('site', () => computeSiteConfig(this, CONFIG_KEY_NAMES));
  }

  /** The root `environment` map, resolved: the environment of commands bps-ts runs itself (createQuantumGraph). */
  environment(): Readonly<Record<string, string>> {
    return this.once('environment', () => Object.freeze(resolveEnvironment(this)));
  }

  /** The labels with a `pipetask.<label>` section (pipetaskInit included), to check their settings early. */
  pipetaskLabels(): string[] {
    const section = this.data['pipetask'];
    return isMapping(section) ? Object.keys(section).filter((label) => isMapping(section[label])) : [];
  }

  /**
   * The config as run, as YAML for `<submitPath>/<uniqProcName>_config.yaml`: every section of the merged
   * tree (defaults, user file and includes, `bps_cmdline`), with `bps_defined` holding the generated values.
   */
  toYaml(): string {
    const defined: ConfigNode = { ...(this.data['bps_defined'] as ConfigNode), outputRun: this.run.outputRun, userQgraphFile: this.run.userQgraphFile };
    if (this.run.computeSite !== undefined) defined['computeSite'] = this.run.computeSite;
    return dumpYaml({ ...this.data, bps_defined: defined });
  }

  private once<T>(key: string, make: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as T;
  }
}
