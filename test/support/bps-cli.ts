import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { after, before } from 'node:test';
import { CTRL_MPEXEC_DIR, DAF_BUTLER_DIR, DRP_PIPELINE, makeTempRepo, removeTempRepo, REPO_ROOT, standinEnv } from './standin.js';

/** The real CLI binary, as users run it. */
export const BPS = join(REPO_ROOT, 'bin', 'bps');
export const DEMO_CONFIG = join(REPO_ROOT, 'examples', 'bps_DRP.yaml');

/**
 * The first lines of a config that runs the demo from a test's own folder: `{configDir}` would be that
 * folder, not the demo's, so the stand-in stack and the pipeline are named directly.
 */
export function demoConfigLines(): string[] {
  return [
    `includeConfigs: [${JSON.stringify(DEMO_CONFIG)}]`,
    `environment: {CTRL_MPEXEC_DIR: ${JSON.stringify(CTRL_MPEXEC_DIR)}, DAF_BUTLER_DIR: ${JSON.stringify(DAF_BUTLER_DIR)}}`,
    `pipelineYaml: ${JSON.stringify(DRP_PIPELINE)}`,
  ];
}

export interface BpsResult {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/** A scratch working folder with its own BPS_HOME, so tests never see each other's runs. */
export function makeWorkDir(prefix = 'bps-ts-work-'): { dir: string; env: Record<string, string>; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = standinEnv({ BPS_HOME: join(dir, 'bps-home'), PWD: dir });
  return { dir, env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `bin/bps` with the stand-in stack's environment; never throws. */
export async function bps(args: readonly string[], options: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<BpsResult> {
  const result = await execa(BPS, [...args], {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    reject: false,
    timeout: options.timeoutMs ?? 120_000,
    stdin: 'ignore',
  });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/**
 * For a test file: a scratch working folder (own BPS_HOME) and a fresh copy of the toy DC2 repo, made
 * before the tests and removed after them. Read `.work` and `.repo` inside tests.
 */
export function useDemoWorkspace(): { readonly work: ReturnType<typeof makeWorkDir>; readonly repo: string } {
  let work: ReturnType<typeof makeWorkDir> | undefined;
  let repo: string | undefined;
  before(() => {
    work = makeWorkDir();
    repo = makeTempRepo();
  });
  after(() => {
    work?.cleanup();
    if (repo) removeTempRepo(repo);
  });
  return {
    get work() {
      if (!work) throw new Error('useDemoWorkspace: used outside a test');
      return work;
    },
    get repo() {
      if (!repo) throw new Error('useDemoWorkspace: used outside a test');
      return repo;
    },
  };
}
