import type { ConfigNode } from './config-node.js';
import type { ConfigResolver } from './resolver.js';
import type { SiteConfig } from './site-config.js';
import { stringifyValue } from './template.js';
import { invalid, optionalPositive, type ValueContext } from './value-checks.js';

/** Slurm's `--time` formats: minutes, M:S, H:M:S, D-H, D-H:M, D-H:M:S. */
const SLURM_TIME = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+(:\d{1,2}){0,2})$/;
const TEXT_KEYS = ['partition', 'qos', 'constraint', 'account', 'reservation'] as const;
const COUNT_KEYS = ['maxJobs', 'cores', 'nodes', 'cores_per_node'] as const;

/** Default `maxQueued`: a window of queued Slurm jobs that keeps slurmctld and fair-share happy. */
export const DEFAULT_MAX_QUEUED = 500;

/**
 * Types a site's merged settings. Text values get `${ENV}` and `{var}` resolved (e.g.
 * `account: ${NERSC_ACCOUNT}`); a value of the wrong type is a ConfigError naming `site.<name>.<key>`.
 */
export function readSiteSettings(config: ConfigResolver, name: string, raw: ConfigNode): SiteConfig {
  const value = (key: string): { value: unknown; ctx: ValueContext } => {
    const path = ['site', name, key];
    const resolved = resolveSetting(config, raw[key], `site.${name}.${key}`);
    return { value: resolved, ctx: { key: `site.${name}.${key}`, where: config.describe(path), help: `See the site keys in the README (site.${name}).` } };
  };
  const count = (key: string) => optionalPositiveInteger(value(key));
  const site: Record<string, unknown> = { name, executor: executor(value('executor')) };
  for (const key of COUNT_KEYS) site[key] = count(key);
  site['memoryMiB'] = count('memory');
  for (const key of TEXT_KEYS) site[key] = text(value(key));
  site['walltime'] = walltime(value('walltime'));
  const memPerNode = value('mem_per_node');
  site['mem_per_node'] = optionalPositive(memPerNode.value, memPerNode.ctx);
  site['maxQueued'] = count('maxQueued') ?? DEFAULT_MAX_QUEUED;
  const pollInterval = value('pollInterval');
  site['pollInterval'] = optionalPositive(pollInterval.value, pollInterval.ctx);
  site['sbatchOptions'] = words(value('sbatchOptions'));
  site['scheduler_options'] = sbatchLines(value('scheduler_options'));
  for (const key of Object.keys(site)) if (site[key] === undefined) delete site[key];
  return Object.freeze(site) as unknown as SiteConfig;
}

function resolveSetting(config: ConfigResolver, raw: unknown, key: string): unknown {
  if (typeof raw === 'string') return config.expand(raw, key);
  if (Array.isArray(raw)) return raw.map((item) => (typeof item === 'string' ? stringifyValue(config.expand(item, key)) : item));
  return raw;
}

function optionalPositiveInteger({ value: v, ctx }: { value: unknown; ctx: ValueContext }): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) throw invalid(ctx, 'a positive integer', v);
  return n;
}

function executor({ value, ctx }: { value: unknown; ctx: ValueContext }): 'local' | 'slurm' {
  if (value === undefined || value === null) return 'local';
  if (value === 'local' || value === 'slurm') return value;
  throw invalid({ ...ctx, help: 'Use executor: local (this machine) or executor: slurm.' }, "'local' or 'slurm'", value);
}

function text({ value, ctx }: { value: unknown; ctx: ValueContext }): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  // A line break would let a value write its own #SBATCH line (or shell line) into a batch script.
  if ((typeof value === 'string' && !/[\r\n]/.test(value)) || typeof value === 'number') return String(value);
  throw invalid(ctx, 'a single value on one line', value);
}

function walltime(setting: { value: unknown; ctx: ValueContext }): string | undefined {
  const value = text(setting);
  if (value === undefined || SLURM_TIME.test(value)) return value;
  throw invalid({ ...setting.ctx, help: "Write it as Slurm does: '00:30:00', '1-00:00:00' or minutes; quote it in YAML." }, 'a Slurm time', value);
}

/** A list of words, or one text split at whitespace. */
function words({ value, ctx }: { value: unknown; ctx: ValueContext }): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') return value.trim().split(/\s+/);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.map(String);
  throw invalid(ctx, 'a list of sbatch arguments', value);
}

/** ctrl_bps_parsl's scheduler_options: a text of lines or a list; a line without `#` gets `#SBATCH `. */
function sbatchLines({ value, ctx }: { value: unknown; ctx: ValueContext }): string[] {
  if (value === undefined || value === null || value === '') return [];
  const texts = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
  if (!texts) throw invalid(ctx, 'a text of #SBATCH lines or a list of them', value);
  // A list item holding several lines is several lines, each made an #SBATCH line or a comment.
  const lines = texts.flatMap((text) => text.split(/\r?\n/));
  return lines.map((line) => line.trim()).filter((line) => line !== '').map((line) => (line.startsWith('#') ? line : `#SBATCH ${line}`));
}
