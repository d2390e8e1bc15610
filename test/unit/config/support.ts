import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../../src/errors.js';
import type { BpsConfig } from '../../../src/config/bps-config.js';
import { loadBpsConfig, type LoadOptions } from '../../../src/config/load.js';

/** The submission time of ctrl_bps's documented example. */
export const NOW = new Date('2021-11-17T15:50:08Z');
export const TS = '20211117T155008Z';

/** A minimal valid payload, as YAML. */
export const PAYLOAD = ['payload:', '  payloadName: pc', '  butlerConfig: repo', '  inCollection: in', '  dataQuery: x', '  outputRun: u/me/pc/{timestamp}', ''].join('\n');

/** The repo's test/fixtures/config folder (tests run from src via tsx and from dist compiled). */
export function fixtures(...parts: string[]): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return join(dir, 'test', 'fixtures', 'config', ...parts);
}

const made: string[] = [];
// Each test file is its own process: its scratch folders go when it ends.
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Writes files into a fresh folder (removed when the test process ends); returns it. */
export function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bps-config-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export interface Loaded {
  readonly config: BpsConfig;
  readonly warnings: string[];
  /** What needs no action (an old key name still honoured), shown at INFO. */
  readonly notices: string[];
  readonly dir: string;
}

/** Writes `files` and loads `main.yaml` from their folder (cwd), with a fixed clock and login name. */
export function load(files: Record<string, string>, options: Partial<LoadOptions> = {}): Loaded {
  const dir = writeTree(files);
  return loadIn(dir, 'main.yaml', options);
}

/** Loads `path` with `dir` as the working directory. */
export function loadIn(dir: string, path: string, options: Partial<LoadOptions> = {}): Loaded {
  const warnings: string[] = [];
  const notices: string[] = [];
  const config = loadBpsConfig({ path, cwd: dir, env: {}, now: NOW, userName: () => 'jdoe', warn: (m) => warnings.push(m), notice: (m) => notices.push(m), ...options });
  return { config, warnings, notices, dir };
}

/** Asserts that `fn` throws a ConfigError whose message (with its hint) matches `pattern`. */
export function throwsConfig(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    const text = `${error.message} ${error.hint ?? ''}`;
    assert.match(text, pattern);
    return true;
  });
}
