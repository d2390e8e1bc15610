#!/usr/bin/env node
// Rewrites docs/REFERENCE.md from the compiled code (npm run docs builds first).
import { writeFileSync } from 'node:fs';
import { renderReference } from '../dist/src/cli/reference.js';

writeFileSync(new URL('../docs/REFERENCE.md', import.meta.url), renderReference());
console.log('wrote docs/REFERENCE.md');
