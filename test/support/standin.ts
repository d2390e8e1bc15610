/**
 * Helpers for tests that drive the stand-in LSST stack (stack/ctrl_mpexec/bin/pipetask and
 * stack/daf_butler/bin/butler) on a temporary copy of the toy DC2 repo. The bins run the compiled code in
 * dist/, so `npm run build` must have run (it has, under `npm test`).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import type { ExecutionRecord } from '../../stack/src/exec/executions-log.js';
import { copyRepoInputs } from '../../stack/src/repo/working-copy.js';

export type { ExecutionRecord } from '../../stack/src/exec/executions-log.js';

/** The bps-ts checkout: the nearest folder above this file holding package.json (works from test/ and dist/test/). */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('standin.ts: cannot find the bps-ts root (package.json)');
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRoot();
/** `CTRL_MPEXEC_DIR` of the stand-in stack. */
export const CTRL_MPEXEC_DIR = join(REPO_ROOT, 'stack', 'ctrl_mpexec');
/** `DAF_BUTLER_DIR` of the stand-in stack. */
export const DAF_BUTLER_DIR = join(REPO_ROOT, 'stack', 'daf_butler');
export const PIPETASK = join(CTRL_MPEXEC_DIR, 'bin', 'pipetask');
export const BUTLER = join(DAF_BUTLER_DIR, 'bin', 'butler');
/** The demo pipeline (13 DRP tasks with stand-in connections). */
export const DRP_PIPELINE = join(REPO_ROOT, 'examples', 'pipelines', 'DRP.yaml');
/** The pristine toy repo; copy it with {@link makeTempRepo} before writing into it. */
export const DC2_REPO = join(REPO_ROOT, 'examples', 'DC2');
/**
 * Writes stand-in fault rules (the YAML list `STANDIN_FAULTS` names: README, "The stand-in's knobs") to
 * `<dir>/<name>.yaml` and returns the path.
 */
export function writeFaults(dir: string, name: string, rules: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, rules);
  return path;
}

/** The gen3_workflow dev-dataset query: 29 quanta for 13 tasks. */
export const DEMO_QUERY = "tract=3828 AND patch=24 AND skymap='DC2'";
export const DEMO_INPUT = 'LSSTCam-imSim/defaults';

/** The environment a stack user sets (`setup lsst_distrib` stands for this). Spread it into a child's env. */
export const env: Readonly<Record<string, string>> = { CTRL_MPEXEC_DIR, DAF_BUTLER_DIR };

/**
 * `process.env` without any `STANDIN_*` setting of the caller's shell, + {@link env} + `STANDIN_TIME_SCALE=0`
 * (tasks take no time) + `extra`.
 */
export function standinEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => !k.startsWith('STANDIN_') && v !== undefined)) as Record<string, string>;
  return { ...base, ...env, STANDIN_TIME_SCALE: '0', ...extra };
}

/** Copies examples/DC2 (registry + input datastore, without outputs of earlier demo runs) to a fresh temp folder. */
export function makeTempRepo(prefix = 'bps-ts-dc2-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const repo = join(dir, 'DC2');
  copyRepoInputs(DC2_REPO, repo);
  return repo;
}

/** Removes a repo made by {@link makeTempRepo} (its temp parent folder). */
export function removeTempRepo(repo: string): void {
  rmSync(dirname(repo), { recursive: true, force: true });
}

/** Every line of a repo's executions log (`<repo>/executions.log`), parsed; [] when none. */
export function readExecutions(repo: string): ExecutionRecord[] {
  const path = join(repo, 'executions.log');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as ExecutionRecord);
}

/**
 * The ground truth for "nothing is lost, nothing is redone": every quantum of `run` completed, and none
 * succeeded twice. A quantum killed after writing its outputs but before reporting reruns as pipetask's
 * "Skipping already-successful quantum" (status `skipped`), which completes it without redoing the work,
 * as run-qbb does for real.
 */
export function assertEachQuantumOnce(repo: string, run: string, quanta = 29): void {
  const executions = readExecutions(repo).filter((e) => e.run === run && e.quantumId !== null);
  const succeeded = executions.filter((e) => e.status === 'succeeded');
  const completed = executions.filter((e) => e.status === 'succeeded' || e.status === 'skipped');
  assert.equal(new Set(completed.map((e) => e.quantumId)).size, quanta, 'every quantum completed');
  assert.equal(succeeded.length, new Set(succeeded.map((e) => e.quantumId)).size, 'no quantum succeeded twice');
}

/** How a stand-in command ended. */
export interface StandinResult {
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(bin: string, args: readonly string[], extraEnv: Readonly<Record<string, string>>, cwd?: string): Promise<StandinResult> {
  const result = await execa(bin, args, { env: standinEnv(extraEnv), reject: false, cwd, stdin: 'ignore', extendEnv: false });
  return { exitCode: result.exitCode, signal: result.signal, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Runs the stand-in `pipetask` (never throws; look at `exitCode`). */
export function pipetask(args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}, cwd?: string): Promise<StandinResult> {
  return run(PIPETASK, args, extraEnv, cwd);
}

/** Runs the stand-in `butler`. */
export function butler(args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}, cwd?: string): Promise<StandinResult> {
  return run(BUTLER, args, extraEnv, cwd);
}

/** Builds the demo graph in `repo`: writes `<repo>/../G.qg` and `G.dot`; returns their paths and the result. */
export async function buildDemoGraph(repo: string, options: { query?: string; pipeline?: string; run?: string } = {}):
  Promise<{ qgraph: string; dot: string; result: StandinResult }> {
  const qgraph = join(dirname(repo), 'G.qg');
  const dot = join(dirname(repo), 'G.dot');
  const result = await pipetask(['qgraph', '-b', repo, '-i', DEMO_INPUT, '--output-run', options.run ?? 'u/test/run',
    '-p', options.pipeline ?? DRP_PIPELINE, '-d', options.query ?? DEMO_QUERY, '-q', qgraph, '--qgraph-dot', dot]);
  return { qgraph, dot, result };
}

/** A quantum as read back from a v30 dot file. */
export interface DotQuantum {
  readonly id: string;
  readonly label: string;
  readonly dataId: Readonly<Record<string, string | number>>;
}

/** Minimal reader of the stand-in's dot export: quanta (in file order) and quantum→quantum edges. */
export function readDot(path: string): { quanta: DotQuantum[]; edges: Array<[string, string]> } {
  const quanta: DotQuantum[] = [];
  const names = new Map<string, string>();
  const producers = new Map<string, string>();
  const consumers: Array<[string, string]> = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const node = /^"([^"]+)" \[.*label=<<TABLE[^>]*><TR><TD>(.*)<\/TD><\/TR><\/TABLE>>\];$/.exec(line);
    const edge = /^"([^"]+)" -> "([^"]+)";$/.exec(line);
    if (node !== null) {
      const cells = (node[2] ?? '').split('</TD></TR><TR><TD>');
      if (/^[0-9a-f-]{36}$/.test(cells[0] ?? '')) {
        const dataId = Object.fromEntries(cells.slice(2).map((c) => {
          const [k = '', v = ''] = c.split(' = ');
          return [k, /^-?\d+$/.test(v) ? Number(v) : v];
        }));
        quanta.push({ id: cells[0] ?? '', label: cells[1] ?? '', dataId });
        names.set(node[1] ?? '', cells[0] ?? '');
      }
    } else if (edge !== null) {
      const [from = '', to = ''] = [edge[1], edge[2]];
      if (names.has(from)) producers.set(to, names.get(from) ?? '');
      else consumers.push([from, to]);
    }
  }
  const edges = new Map<string, [string, string]>();
  for (const [dataset, quantum] of consumers) {
    const producer = producers.get(dataset);
    const consumer = names.get(quantum);
    if (producer !== undefined && consumer !== undefined) edges.set(`${producer}>${consumer}`, [producer, consumer]);
  }
  return { quanta, edges: [...edges.values()] };
}
