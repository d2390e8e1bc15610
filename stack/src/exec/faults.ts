import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StandinError } from '../errors.js';
import { loadYaml } from '../util/yaml.js';

/**
 * One fault-injection rule. Selectors: `label` (a task label, `pipetaskInit` or `finalJob`) and an
 * optional `dataId` subset. Conditions, all of which must hold for the rule to fire: `failFirst: N`
 * (attempts 1..N only) and `probability: p` with `seed` (reproducible per label+dataId+attempt).
 * Actions when it fires: `sleep` (extra seconds, not scaled), `memoryHog` (MiB allocated and touched),
 * `hang`, `signal` (kill itself), and failing with `exitCode` (default 1) — a rule with no other action,
 * or with `fail: true` or an `exitCode`, fails.
 */
export interface FaultRule {
  readonly label: string;
  readonly dataId?: Readonly<Record<string, string | number>>;
  readonly fail?: boolean;
  readonly exitCode?: number;
  readonly failFirst?: number;
  readonly probability?: number;
  readonly seed?: string | number;
  readonly hang?: boolean;
  readonly memoryHog?: number;
  readonly signal?: string;
  readonly sleep?: number;
  /** Exception message logged on failure. */
  readonly message?: string;
}

/** What to do to one execution, combined from every rule that fired. */
export interface FaultPlan {
  readonly sleep: number;
  readonly memoryHog: number;
  readonly hang: boolean;
  readonly signal: string | undefined;
  readonly fail: { readonly exitCode: number; readonly message: string } | undefined;
}

export const NO_FAULT: FaultPlan = { sleep: 0, memoryHog: 0, hang: false, signal: undefined, fail: undefined };

const KEYS = new Set(['label', 'dataId', 'fail', 'exitCode', 'failFirst', 'probability', 'seed', 'hang', 'memoryHog', 'signal', 'sleep', 'message']);

function checkRule(raw: unknown, source: string, index: number): FaultRule {
  const where = `${source}: fault rule ${index + 1}`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new StandinError('ValueError', `${where} must be a mapping.`);
  const rule = raw as Record<string, unknown>;
  const unknown = Object.keys(rule).filter((k) => !KEYS.has(k));
  if (unknown.length > 0) throw new StandinError('ValueError', `${where} has unknown key(s): ${unknown.join(', ')}.`);
  if (typeof rule['label'] !== 'string') throw new StandinError('ValueError', `${where} needs a 'label'.`);
  const p = rule['probability'];
  if (p !== undefined && (typeof p !== 'number' || p < 0 || p > 1)) throw new StandinError('ValueError', `${where}: probability must be in [0, 1].`);
  if (p !== undefined && rule['seed'] === undefined) throw new StandinError('ValueError', `${where}: probability needs a seed.`);
  return rule as unknown as FaultRule;
}

/**
 * Loads the fault rules: the file named by `$STANDIN_FAULTS`, else `<repo>/faults.yaml` if present (for
 * the working copy of the shipped toy repo, its own, else the shipped folder's: `examples/DC2/faults.yaml`
 * in a checkout), else none. The file is YAML or JSON: a list of rules, or `{faults: [...]}`.
 */
export function loadFaults(repoRoot: string, shippedRoot?: string): FaultRule[] {
  const own = join(repoRoot, 'faults.yaml');
  const path = process.env['STANDIN_FAULTS'] || (shippedRoot === undefined || existsSync(own) ? own : join(shippedRoot, 'faults.yaml'));
  if (!existsSync(path)) {
    if (process.env['STANDIN_FAULTS']) throw new StandinError('FileNotFoundError', `STANDIN_FAULTS names a missing file: ${path}`);
    return [];
  }
  const doc = loadYaml(readFileSync(path, 'utf8'), path);
  const list = Array.isArray(doc) ? doc : (doc as { faults?: unknown } | null)?.faults;
  if (!Array.isArray(list)) throw new StandinError('ValueError', `${path}: expected a list of fault rules or {faults: [...]}.`);
  return list.map((r, i) => checkRule(r, path, i));
}

/** The data ID as `k=v` pairs sorted by key: a stable identity across graphs (quantum UUIDs are not). */
function canonical(dataId: Readonly<Record<string, string | number>>): string {
  return Object.keys(dataId).sort().map((k) => `${k}=${dataId[k]}`).join(',');
}

/** A uniform draw in [0, 1) from SHA-256 of seed, label, data ID and attempt: same inputs, same draw. */
export function seededUniform(seed: string | number, label: string, dataId: Readonly<Record<string, string | number>>, attempt: number): number {
  const digest = createHash('sha256').update(`${seed}\u0000${label}\u0000${canonical(dataId)}\u0000${attempt}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

function fires(rule: FaultRule, label: string, dataId: Readonly<Record<string, string | number>>, attempt: number): boolean {
  if (rule.label !== label) return false;
  for (const [k, v] of Object.entries(rule.dataId ?? {})) if (String(dataId[k]) !== String(v)) return false;
  if (rule.failFirst !== undefined && attempt > rule.failFirst) return false;
  if (rule.probability !== undefined && seededUniform(rule.seed ?? 0, label, dataId, attempt) >= rule.probability) return false;
  return true;
}

function failsWhenFired(rule: FaultRule): boolean {
  if (rule.fail !== undefined) return rule.fail;
  if (rule.exitCode !== undefined) return true;
  return !rule.hang && !rule.signal && rule.sleep === undefined && rule.memoryHog === undefined;
}

/** Combines every rule that fires for this execution into one plan. */
export function planFaults(rules: readonly FaultRule[], label: string, dataId: Readonly<Record<string, string | number>>, attempt: number): FaultPlan {
  let plan: FaultPlan = NO_FAULT;
  for (const rule of rules) {
    if (!fires(rule, label, dataId, attempt)) continue;
    const fail = failsWhenFired(rule)
      ? { exitCode: rule.exitCode ?? 1, message: rule.message ?? `Injected failure (attempt ${attempt}) from the stand-in fault rules.` }
      : undefined;
    plan = {
      sleep: plan.sleep + (rule.sleep ?? 0),
      memoryHog: Math.max(plan.memoryHog, rule.memoryHog ?? 0),
      hang: plan.hang || rule.hang === true,
      signal: plan.signal ?? rule.signal,
      fail: plan.fail ?? fail,
    };
  }
  return plan;
}
