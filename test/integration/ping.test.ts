import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { bps, DEMO_CONFIG, makeWorkDir } from '../support/bps-cli.js';
import { ensureLocalSlurm } from '../support/slurm.js';
import { CTRL_MPEXEC_DIR } from '../support/standin.js';

let work: ReturnType<typeof makeWorkDir>;
before(() => {
  work = makeWorkDir('bps-ts-ping-');
});
after(() => work.cleanup());

/** A folder holding a fake `sinfo` that prints `stdout`/`stderr` and exits `code`, to put first on PATH. */
function fakeSinfo(name: string, script: { stdout?: string; stderr?: string; code: number }): string {
  const bin = join(work.dir, name);
  mkdirSync(bin, { recursive: true });
  const path = join(bin, 'sinfo');
  writeFileSync(path, `#!/bin/sh\nprintf '%s' '${script.stdout ?? ''}'\nprintf '%s\\n' '${script.stderr ?? ''}' >&2\nexit ${script.code}\n`);
  chmodSync(path, 0o755);
  return bin;
}

function withPath(bin: string): Record<string, string> {
  return { ...work.env, PATH: `${bin}:${work.env['PATH'] ?? ''}` };
}

/** A site-only config (no payload: ping needs none) pointing at the stand-in stack. */
function siteConfig(name: string, site: string): string {
  const path = join(work.dir, `${name}.yaml`);
  writeFileSync(path, `environment:\n  CTRL_MPEXEC_DIR: ${CTRL_MPEXEC_DIR}\ncomputeSite: here\nsite:\n  here: ${site}\n`);
  return path;
}

test("the demo config on the local site: the stand-in pipetask answers, exit 0", async () => {
  const result = await bps(['ping', DEMO_CONFIG], { cwd: work.dir, env: work.env });
  assert.equal(result.exitCode, 0, result.stdout + result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines[0], `Site 'local' (executor local), config ${DEMO_CONFIG}`);
  assert.match(lines[1] ?? '', /^ok {4}pipetask {2}\S+\/stack\/ctrl_mpexec\/bin\/pipetask answers \('pipetask --help' in \d+\.\d s\)$/);
  assert.equal(lines.at(-1), 'Ping successful.');
});

test('no LSST stack set up and no config: pipetask FAILs, exit 1', async () => {
  const { CTRL_MPEXEC_DIR: _unset, ...env } = work.env;
  const result = await bps(['ping'], { cwd: work.dir, env });
  assert.equal(result.exitCode, 1);
  assert.match(result.stdout, /^FAIL {2}pipetask {2}CTRL_MPEXEC_DIR is not set, so '\$\{CTRL_MPEXEC_DIR\}\/bin\/pipetask' cannot run: set up the LSST stack/m);
  assert.match(result.stdout, /^Ping failed \(1\)\.$/m);
});

test('a Slurm site whose sinfo cannot reach the controller: sinfo FAILs with its message, exit 1', async () => {
  const bin = fakeSinfo('down', { stderr: 'slurm_load_partitions: Unable to contact slurm controller (connect failure)', code: 1 });
  const result = await bps(['ping', DEMO_CONFIG, '--compute-site', 'nersc_perlmutter_cpu'], { cwd: work.dir, env: withPath(bin) });
  assert.equal(result.exitCode, 1);
  assert.match(result.stdout, /^Site 'nersc_perlmutter_cpu' \(executor slurm\)/);
  assert.match(result.stdout, /^ok {4}pipetask /m);
  assert.match(result.stdout, /^FAIL {2}sinfo {5}sinfo exited 1: slurm_load_partitions: Unable to contact slurm controller \(connect failure\)$/m);
});

test("a Slurm site whose partition and constraint the cluster lacks: each FAILs, naming what exists", async () => {
  const bin = fakeSinfo('cluster', { stdout: 'debug*|cpu|up\nregular|cpu,milan|up\n', code: 0 });
  const config = siteConfig('missing', '{executor: slurm, partition: premium, constraint: knl}');
  const result = await bps(['ping', config, '--json'], { cwd: work.dir, env: withPath(bin) });
  assert.equal(result.exitCode, 1);
  const report = JSON.parse(result.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> };
  assert.equal(report.ok, false);
  assert.deepEqual(report.checks.slice(1), [
    { name: 'sinfo', ok: true, detail: 'answers: partitions debug*, regular' },
    { name: 'partition', ok: false, detail: "partition 'premium' not found; sinfo lists debug, regular" },
    { name: 'constraint', ok: false, detail: "constraint 'knl': no node in any partition has feature 'knl'; features there: cpu, milan" },
  ]);
});

/** An up partition of the real local Slurm (test/support/slurm.ts starts it when needed; under CI it must answer). */
async function realPartition(): Promise<{ partition: string } | { skip: string }> {
  const slurm = await ensureLocalSlurm();
  if (!slurm.available) return { skip: slurm.reason };
  const result = await execa('sinfo', ['--noheader', '--format=%P|%a'], { reject: false, timeout: 20_000 });
  const up = String(result.stdout).split('\n').find((line) => line.endsWith('|up'));
  assert.ok(up, `sinfo lists an up partition: ${String(result.stdout)}${String(result.stderr)}`);
  return { partition: up.split('|')[0]?.replace(/\*$/, '') ?? '' };
}

test('a Slurm site on the real local cluster: sinfo answers and its partition exists, exit 0', async (t) => {
  const found = await realPartition();
  if ('skip' in found) {
    t.skip(found.skip);
    return;
  }
  const { partition } = found;
  const config = siteConfig('real', `{executor: slurm, partition: ${partition}}`);
  const result = await bps(['ping', config], { cwd: work.dir, env: work.env });
  assert.equal(result.exitCode, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^ok {4}sinfo {6}answers: partitions /m);
  assert.match(result.stdout, new RegExp(`^ok {4}partition {2}partition '${partition}' exists and is up$`, 'm'));
});
