// The layer rules of bps-ts (docs/ARCHITECTURE.md, "Layers"), as dependency-cruiser rules for a source
// root. `.dependency-cruiser.cjs` applies them to src/; test/unit/layers.test.ts applies them to a fixture
// tree of deliberately bad imports, to prove each rule bites.
'use strict';

/** Folders (or top-level files) per layer, top to bottom. A module may import its own layer's and lower ones. */
const LAYERS = [
  { name: 'front ends', parts: ['cli', 'api', 'index.ts'] },
  { name: 'use cases', parts: ['app'] },
  { name: 'domain', parts: ['config', 'qgraph', 'cluster', 'workflow', 'scheduler', 'report', 'plan'] },
  { name: 'adapters', parts: ['state', 'executors', 'slurm', 'process', 'log', 'terminal'] },
  { name: 'base', parts: ['model', 'settings', 'errors.ts', 'paths.ts'] },
];

/** What each part may import besides itself. Anything not listed is forbidden (one rule per part). */
const ALLOWED = {
  cli: ['app', 'report', 'terminal', 'log', 'model', 'errors.ts', 'paths.ts'],
  api: ['app', 'report', 'log', 'model', 'errors.ts', 'paths.ts'],
  'index.ts': ['api', 'app', 'report', 'model', 'errors.ts'],
  app: ['config', 'qgraph', 'cluster', 'workflow', 'scheduler', 'report', 'plan', 'state', 'executors', 'slurm', 'process', 'log', 'model', 'settings', 'errors.ts', 'paths.ts'],
  config: ['executors', 'settings', 'model', 'errors.ts', 'paths.ts'],
  qgraph: ['model', 'errors.ts'],
  cluster: ['qgraph', 'model', 'errors.ts'],
  workflow: ['qgraph', 'cluster', 'model', 'errors.ts'],
  scheduler: ['executors', 'model', 'errors.ts'],
  report: ['terminal', 'model', 'errors.ts'],
  plan: ['model', 'errors.ts'],
  state: ['process', 'model', 'errors.ts', 'paths.ts'],
  executors: ['slurm', 'process', 'log', 'settings', 'model', 'errors.ts'],
  slurm: ['process', 'model', 'errors.ts'],
  process: ['errors.ts'],
  log: [],
  terminal: [],
  model: [],
  settings: ['errors.ts'],
  'errors.ts': [],
  'paths.ts': [],
};

/** Narrower rules inside the allowed imports: which files of a part another part may use. */
const NARROW = [
  { from: 'scheduler', to: 'executors', only: 'executors/contract\\.ts$', why: 'the scheduler sees executors through their contract only' },
  { from: 'config', to: 'executors', only: 'executors/(registry|plugin)\\.ts$', why: 'config hands site blocks to the executor registry, nothing else' },
  { from: 'app', to: 'executors', only: 'executors/(registry|plugin|contract|common/run-files)\\.ts$', why: 'app makes executors through the registry; their insides are theirs' },
];

/** npm packages (and Node built-ins) only one part may import. */
const PACKAGES = [
  { module: 'commander', part: 'cli' },
  { module: 'cli-table3', part: 'report/render' },
  { module: 'better-sqlite3', part: 'state' },
  { module: 'p-queue', part: 'executors/local' },
  { module: 'pino', part: 'log' },
  { module: 'js-yaml', part: 'config' },
  { module: 'execa', part: 'process' },
  { module: 'child_process', part: 'process' },
];

const esc = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function config(root) {
  const at = (part) => `^${esc(root)}/${esc(part)}${part.endsWith('.ts') ? '$' : '/'}`;
  const parts = Object.keys(ALLOWED);
  const layerOf = (part) => LAYERS.findIndex((layer) => layer.parts.includes(part));
  const forbidden = [];
  for (const part of parts) {
    const allowed = new Set([part, ...ALLOWED[part]]);
    for (const other of ALLOWED[part]) {
      if (layerOf(other) < layerOf(part)) throw new Error(`layer-rules: ${part} may not be allowed to import ${other}, a higher layer`);
    }
    const banned = parts.filter((p) => !allowed.has(p));
    if (banned.length === 0) continue;
    forbidden.push({
      name: `layer-${part.replace(/\.ts$/, '')}`,
      comment: `${part} (${LAYERS[layerOf(part)].name}) may import only ${[...allowed].join(', ')}`,
      severity: 'error',
      from: { path: at(part) },
      to: { path: banned.map(at) },
    });
  }
  for (const rule of NARROW) {
    forbidden.push({
      name: `narrow-${rule.from}-${rule.to}`, comment: rule.why, severity: 'error',
      from: { path: at(rule.from) }, to: { path: at(rule.to), pathNot: `^${esc(root)}/${rule.only}` },
    });
  }
  forbidden.push({
    name: 'executors-apart', comment: 'an executor folder imports no other executor folder (shared code lives in executors/common, slurm/, process/)',
    severity: 'error', from: { path: `^${esc(root)}/executors/([^/]+)/` }, to: { path: `^${esc(root)}/executors/([^/]+)/`, pathNot: [`^${esc(root)}/executors/$1/`, `^${esc(root)}/executors/common/`] },
  });
  for (const { module, part } of PACKAGES) {
    forbidden.push({
      name: `only-${part.replace(/\//g, '-')}-imports-${module}`, comment: `only ${part} imports ${module}`, severity: 'error',
      from: { pathNot: `^${esc(root)}/${esc(part)}/` }, to: { path: `(^|/)node_modules/${esc(module)}/|^(node:)?${esc(module)}$`, dependencyTypesNot: ['type-only'] },
    });
  }
  forbidden.push({ name: 'no-circular', comment: 'modules form no import cycle', severity: 'error', from: { path: `^${esc(root)}/` }, to: { circular: true } });
  return {
    forbidden,
    options: {
      doNotFollow: { path: 'node_modules' },
      tsPreCompilationDeps: true,
      tsConfig: { fileName: 'tsconfig.json' },
    },
  };
}

module.exports = { config, LAYERS, ALLOWED };
