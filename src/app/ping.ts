import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { defaultsPath, loadBpsConfig, type BpsConfig } from '../config/index.js';
import { envVarNames } from '../config/env-vars.js';
import { splitCommandLine } from '../process/argv.js';
import { executorPlugin } from '../executors/registry.js';
import type { PingCheck } from '../model/ping-check.js';
import { lastLine, probeCommand, type CommandProbe } from '../process/probe.js';
import type { PingReport } from '../report/ping.js';
import { definedEnv, type AppContext } from './context.js';

/** What `bps ping` checks: a config (or the built-in defaults) and a site of it. */
export interface PingRequest {
  /** The bps config whose sites, environment and createQuantumGraph are checked; the shipped defaults when absent. */
  readonly configPath?: string;
  /** Beats the config's computeSite (and parslConfig). */
  readonly computeSite?: string;
}

/** The real pipetask is a Python program importing the LSST stack: from a cold Lustre cache that can take a while. */
const PIPETASK_TIMEOUT_MS = 120_000;

/**
 * `bps ping`: before a submit, checks that the commands a run depends on answer here: the `pipetask`
 * that createQuantumGraph runs (found as a submit finds it: the config's `environment`, then the
 * process's, then PATH), and what the site's executor checks (for a Slurm site: `sinfo` answers and the
 * site's partition and constraint exist). Every problem is a failed check in the report, not a throw; only a bad config throws.
 */
export async function pingSite(request: PingRequest, ctx: AppContext, probe: CommandProbe = probeCommand): Promise<PingReport> {
  const configPath = request.configPath === undefined ? null : resolve(ctx.cwd, request.configPath);
  const bps = loadBpsConfig({
    path: configPath ?? defaultsPath(),
    // Ping creates no run: a fixed outputRun lets a config without payload names (a site-only file) load.
    cliOverrides: { outputRun: 'bps-ping', ...(request.computeSite === undefined ? {} : { computeSite: request.computeSite }) },
    env: ctx.env,
    cwd: ctx.cwd,
    now: ctx.now(),
    warn: (message) => ctx.logger.debug(message),
  });
  const site = bps.computeSite();
  const env = { ...definedEnv(ctx.env), ...bps.environment() };
  const checks = [await pingPipetask(pipetaskProgram(bps), env, probe)];
  const plugin = executorPlugin(site.executor);
  if (plugin.ping) checks.push(...(await plugin.ping(site.settings, { env, probe })));
  return { site: site.name, executor: site.executor, config: configPath, ok: checks.every((c) => c.ok), checks };
}

/** The program createQuantumGraph starts, with `${ENV}` expanded as a submit expands it. */
function pipetaskProgram(bps: BpsConfig): string {
  const raw = splitCommandLine(bps.text('createQuantumGraph', { replaceVars: false }))[0] ?? '';
  // Only a program word built from {vars} needs them resolved; the rest of the line may name keys ping never needs.
  return raw.includes('{') ? (splitCommandLine(bps.text('createQuantumGraph'))[0] ?? '') : raw;
}

async function pingPipetask(program: string, env: Readonly<Record<string, string>>, probe: CommandProbe): Promise<PingCheck> {
  const unset = envVarNames(program);
  if (program === '' || unset.length > 0) {
    const onPath = findOnPath('pipetask', env['PATH']);
    return {
      name: 'pipetask',
      ok: false,
      detail: `${unset.join(', ') || 'createQuantumGraph'} is not set, so '${program}' cannot run: set up the LSST stack (setup lsst_distrib)${onPath ? ` (the pipetask on PATH, ${onPath}, is not the one createQuantumGraph runs)` : ''}`,
    };
  }
  const result = await probe([program, '--help'], { env, timeoutMs: PIPETASK_TIMEOUT_MS });
  const shown = program.includes('/') ? program : `${program} (${findOnPath(program, env['PATH']) ?? 'on PATH'})`;
  if (result.exitCode === 0) return { name: 'pipetask', ok: true, detail: `${shown} answers ('pipetask --help' in ${seconds(result.durationMs)})` };
  if (result.spawnError !== undefined) {
    const hint = env['CTRL_MPEXEC_DIR'] ? `CTRL_MPEXEC_DIR=${env['CTRL_MPEXEC_DIR']}` : 'CTRL_MPEXEC_DIR is not set';
    return { name: 'pipetask', ok: false, detail: `${shown}: ${result.spawnError} (${hint}; is the LSST stack set up?)` };
  }
  if (result.timedOut) return { name: 'pipetask', ok: false, detail: `${shown} gave no answer to --help within ${seconds(result.durationMs)}` };
  const said = lastLine(result.stderr) || lastLine(result.stdout);
  const how = result.signal !== undefined ? `was killed by ${result.signal}` : `exited ${result.exitCode ?? '?'}`;
  return { name: 'pipetask', ok: false, detail: `'${program} --help' ${how}${said ? `: ${said}` : ''}` };
}

/** Where a bare program name would be found on PATH (as execa finds it), or undefined. */
function findOnPath(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
