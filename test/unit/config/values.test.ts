import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAYLOAD, load, throwsConfig } from './support.js';

test('{var} is replaced recursively, with the same search (per label too)', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}a: "{b}/x"\nb: "{c}-{visit:06}"\nc: deep\nvisit: 42\npipetask:\n  isr:\n    c: isr-deep\n` });
  assert.equal(config.search('a'), 'deep-000042/x');
  assert.equal(config.search('a', { curvals: { curr_pipetask: 'isr' } }), 'isr-deep-000042/x');
  assert.equal(config.search('a', { curvals: { c: 'now' } }), 'now-000042/x', 'current values reach nested fields');
});

test('a {var} cycle is an error naming the chain', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}loop1: "{loop2}"\nloop2: "x{loop3}"\nloop3: "{loop1}"\nself: "{self}"\n` });
  throwsConfig(() => config.search('loop1'), /^Variable cycle in the config: loop1 → loop2 → loop3 → loop1 .*loop3 is at loop3 in main\.yaml/);
  throwsConfig(() => config.search('self'), /Variable cycle in the config: self → self/);
});

test('a cycle through outputRun is found at load time', () => {
  throwsConfig(() => load({ 'main.yaml': 'payload:\n  outputRun: "u/{a}"\na: "{b}"\nb: "{a}"\n' }), /^Variable cycle in the config: outputRun → a → b → a/);
});

test('an undefined {var} becomes "" with one warning naming the key and the variable', () => {
  const { config, warnings } = load({ 'main.yaml': `${PAYLOAD}hole: "a{notthere}b"\n` });
  assert.equal(config.search('hole'), 'ab');
  assert.equal(config.search('hole', { curvals: { curr_pipetask: 'isr' } }), 'ab');
  const mine = warnings.filter((w) => w.includes('{notthere}'));
  assert.equal(mine.length, 1, 'deduplicated');
  assert.match(mine[0] ?? '', /^Config key 'hole' refers to \{notthere\}, which is not defined: it becomes ''\. \(hole in main\.yaml\)$/);
});

test('the warn callback defaults to nothing (no throw)', async () => {
  const { loadBpsConfig } = await import('../../../src/config/load.js');
  const { writeTree } = await import('./support.js');
  const dir = writeTree({ 'main.yaml': `${PAYLOAD}hole: "{nope}"\n` });
  assert.equal(loadBpsConfig({ path: 'main.yaml', cwd: dir, env: {}, userName: () => 'x' }).text('hole'), '');
});

test('${ENV} and $ENV are expanded on the submit side; unknown names stay as written', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}where: "\${HOME_X}/a/$HOME_X/$UNSET_X/\${UNSET_X}"\n` }, { env: { HOME_X: '/h' } });
  assert.equal(config.search('where'), '/h/a//h/$UNSET_X/${UNSET_X}');
});

test('job commands keep ${ENV} for the execute side, also inside nested values; ${PWD} is the submit folder', () => {
  const yamlText = `${PAYLOAD.replace('butlerConfig: repo', 'butlerConfig: $REPO_ROOT/repo')}runQuantumCommand: "\${TOOL_DIR}/bin/pipetask run {butlerConfig} \${PWD}/x {qgraphNodeId}"\n`;
  const { config, dir } = load({ 'main.yaml': yamlText }, { env: { TOOL_DIR: '/t', REPO_ROOT: '/r' } });
  assert.equal(config.jobSettingsFor('isr').runQuantumCommand, `\${TOOL_DIR}/bin/pipetask run $REPO_ROOT/repo ${dir}/x {qgraphNodeId}`);
  assert.equal(config.text('butlerConfig'), '/r/repo', 'the submit side expands it');
});

test('the config environment map is looked up first for ${VAR} on the submit side', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}environment:\n  TOOL: "{configDir}/tool"\n  PATH: "\${PATH}:/extra"\ncmd: "\${TOOL}/bin"\n` }, { env: { PATH: '/usr/bin' } });
  assert.equal(config.text('cmd'), `${config.run.configDir}/tool/bin`);
  assert.deepEqual(config.environment(), { TOOL: `${config.run.configDir}/tool`, PATH: '/usr/bin:/extra' });
});

test('{{ and }} are literal braces; braces that are not fields stay as written', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}a: "{{c}} {c} {a,b} {0} }"\nc: x\njson: '{"k": 1}'\n` });
  assert.equal(config.search('a'), '{c} x {a,b} {0} }');
  assert.equal(config.search('json'), '{"k": 1}');
});

test('a value that is exactly one {var} keeps a number or boolean typed; text otherwise', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}mem: 4096\nflag: true\nmemRef: "{mem}"\nflagRef: "{flag}"\nmixed: "m{mem}"\nflagText: "--x={flag}"\nlist: [a, b]\nlistRef: "-i {list}"\n` });
  assert.equal(config.search('memRef'), 4096);
  assert.equal(config.search('flagRef'), true);
  assert.equal(config.search('mixed'), 'm4096');
  assert.equal(config.search('flagText'), '--x=True', 'booleans print as ctrl_bps (Python) prints them');
  assert.equal(config.search('listRef'), '-i a,b', 'lists are comma-joined');
  assert.equal(config.search('mem'), 4096, 'YAML numbers stay numbers');
});

test('skipNames keep per-job fields as written; replaceVars: false keeps every field', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}cmd: "{jobName} {qgraphNodeId:>4} {payloadName}"\n` });
  assert.equal(config.search('cmd', { skipNames: ['jobName', 'qgraphNodeId'] }), '{jobName} {qgraphNodeId:>4} pc');
  assert.equal(config.search('cmd', { replaceVars: false }), '{jobName} {qgraphNodeId:>4} {payloadName}');
});

test('Python format specs in values: {visit:06}, {x:03d}, {x:>5}, {x:.2f}', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}visit: 903342\nx: 7\npi: 3.14159\nname: ab\nout: "{visit:08}_{x:03d}_{name:>5}_{pi:.2f}"\n` });
  assert.equal(config.search('out'), '00903342_007_   ab_3.14');
});

test('a format spec that does not fit the value is an error naming the field', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}name: ab\nbad: "{name:05d}"\nweird: "{name:?}"\n` });
  throwsConfig(() => config.search('bad'), /Format spec '\{name:05d\}' needs a number, but name is "ab"/);
  throwsConfig(() => config.search('weird'), /Unsupported format spec '\{name:\?\}'/);
});

test('outCollection references resolve to outputRun', () => {
  const { config } = load({ 'main.yaml': `${PAYLOAD}where: "runs/{outCollection}"\n` }, { cliOverrides: { outputRun: 'u/cli/x' } });
  assert.equal(config.search('where'), 'runs/u/cli/x');
});
