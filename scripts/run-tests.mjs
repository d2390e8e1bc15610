#!/usr/bin/env node
// Runs every compiled test file under dist/test with Node's own test runner, so CI can read its
// closing summary lines. Node 20's `--test` takes no globs, hence the explicit file list.
// Usage: node scripts/run-tests.mjs [substring filter...]
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('../dist/test/', import.meta.url).pathname;
const filters = process.argv.slice(2);

function collect(dir) {
  const files = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...collect(path));
    else if (entry.endsWith('.test.js')) files.push(path);
  }
  return files;
}

// Only tests whose source still exists: a renamed or deleted test leaves its compiled file behind in dist/.
const repo = new URL('../', import.meta.url).pathname;
const sourceOf = (file) => join(repo, 'test', file.slice(root.length).replace(/\.js$/, '.ts'));
const files = collect(root)
  .filter((f) => existsSync(sourceOf(f)))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error(`no test files found under ${root}${filters.length ? ` matching ${filters.join(', ')}` : ''}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
