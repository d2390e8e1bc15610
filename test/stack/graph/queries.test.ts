import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import yaml from 'js-yaml';
import { DC2_REPO, DEMO_INPUT, DRP_PIPELINE, makeTempRepo, pipetask, readDot, removeTempRepo } from '../../support/standin.js';

/** One overlap of the registry: a (visit, detector) region touching a (tract, patch), with the visit's band. */
interface Overlap { visit: number; detector: number; tract: number; patch: number; band: string; dayObs: number }

/** The overlap table read straight from registry.yaml, independently of the stand-in's own code. */
function overlaps(): Overlap[] {
  const registry = yaml.load(readFileSync(join(DC2_REPO, 'registry.yaml'), 'utf8')) as { dimensions: Record<string, Array<Record<string, unknown>>> };
  const visits = new Map((registry.dimensions['visit'] ?? []).map((v) => [v['id'] as number, v]));
  const rows: Overlap[] = [];
  for (const r of registry.dimensions['visit_detector_region'] ?? []) {
    const visit = visits.get(r['visit'] as number) ?? {};
    for (const [tract, patch] of r['patches'] as Array<[number, number]>) {
      rows.push({ visit: r['visit'] as number, detector: r['detector'] as number, tract, patch,
        band: String(visit['physical_filter']).slice(0, 1), dayObs: visit['day_obs'] as number });
    }
  }
  return rows;
}

function distinct(rows: Overlap[], key: (r: Overlap) => string): number {
  return new Set(rows.map(key)).size;
}

/** Quanta per label the DRP pipeline must give for the rows a query selects. */
function expectedCounts(rows: Overlap[]): Record<string, number> {
  const detector = distinct(rows, (r) => `${r.visit}/${r.detector}`);
  const visits = distinct(rows, (r) => `${r.visit}`);
  const warps = distinct(rows, (r) => `${r.visit}/${r.tract}/${r.patch}`);
  const coadds = distinct(rows, (r) => `${r.tract}/${r.patch}/${r.band}`);
  const patches = distinct(rows, (r) => `${r.tract}/${r.patch}`);
  return {
    isr: detector, characterizeImage: detector, calibrate: detector, skyCorrectionTask: detector, consolidateVisitSummary: visits,
    makeWarp: warps, assembleCoadd: coadds, detection: coadds, mergeDetections: patches, deblend: patches, measure: coadds,
    mergeMeasurements: patches, forcedPhotCoadd: coadds,
  };
}

describe('data queries select the right quanta', () => {
  let repo = '';
  const all = overlaps();
  before(() => {
    repo = makeTempRepo();
  });
  after(() => removeTempRepo(repo));

  async function counts(query: string, pipeline = DRP_PIPELINE): Promise<Record<string, number>> {
    const dot = join(repo, '..', 'Q.dot');
    const result = await pipetask(['qgraph', '-b', repo, '-i', DEMO_INPUT, '--output-run', 'u/q/run', '-p', pipeline, '-d', query, '--qgraph-dot', dot]);
    assert.equal(result.exitCode, 0, result.stderr);
    const found: Record<string, number> = {};
    for (const q of readDot(dot).quanta) found[q.label] = (found[q.label] ?? 0) + 1;
    return found;
  }

  const cases: Array<[string, (r: Overlap) => boolean]> = [
    ['tract = 3828 AND patch IN (16, 24)', (r) => r.tract === 3828 && [16, 24].includes(r.patch)],
    ['visit IN (159471..211139) AND tract = 3828 AND patch = 31', (r) => r.visit >= 159471 && r.visit <= 211139 && r.tract === 3828 && r.patch === 31],
    ['tract = 3829 OR (tract = 3828 AND patch = 31)', (r) => r.tract === 3829 || (r.tract === 3828 && r.patch === 31)],
    ["NOT (band = 'i') AND tract = 3828 AND patch IN (30..32)", (r) => r.band !== 'i' && r.tract === 3828 && r.patch >= 30 && r.patch <= 32],
    ['(patch = 16 OR patch = 8) AND NOT visit = 183794 AND tract = 3828', (r) => (r.patch === 16 || r.patch === 8) && r.visit !== 183794 && r.tract === 3828],
    ["detector IN (90..98:4) AND tract = 3828 AND skymap = 'DC2'", (r) => [90, 94, 98].includes(r.detector) && r.tract === 3828],
    ['visit.day_obs >= 20221203 and tract = 3828 and patch in (12, 38)', (r) => r.dayObs >= 20221203 && r.tract === 3828 && [12, 38].includes(r.patch)],
  ];
  for (const [query, predicate] of cases) {
    it(query, async () => {
      const rows = all.filter(predicate);
      assert.ok(rows.length > 0, 'the case selects something');
      const expected = Object.fromEntries(Object.entries(expectedCounts(rows)).filter(([, n]) => n > 0));
      assert.deepEqual(await counts(query), expected);
    });
  }

  it('record fields of exposures: only science exposures, for an isr-only subset', async () => {
    assert.deepEqual(await counts("exposure.observation_type = 'science'", `${DRP_PIPELINE}#isr`), { isr: 60 });
    assert.deepEqual(await counts('', `${DRP_PIPELINE}#isr`), { isr: 80 }, 'bias and flat exposures too without a visit join');
    assert.deepEqual(await counts("visit = 430234 AND detector = 177", `${DRP_PIPELINE}#processCcd`), { isr: 1, characterizeImage: 1, calibrate: 1 });
  });

  const errors: Array<[string, RegExp]> = [
    ['tract = 3828 AND', /^lsst\.daf\.butler\.registry\.UserExpressionSyntaxError: Failed to parse user expression "tract = 3828 AND": syntax error at or near end of input/],
    ['tract = = 3828', /syntax error at or near '='/],
    ["(patch = 24 OR band = 'i'", /syntax error at or near end of input/],
    ['frobnitz = 3', /^lsst\.daf\.butler\.registry\.UserExpressionError: Unknown dimension 'frobnitz' in user expression "frobnitz = 3"\.$/],
    ['visit.colour = 3', /Unknown field 'colour' of dimension 'visit'/],
  ];
  for (const [query, message] of errors) {
    it(`fails in one line, exit 1, no stack trace: ${query}`, async () => {
      const result = await pipetask(['qgraph', '-b', repo, '-i', DEMO_INPUT, '--output-run', 'u/q/run', '-p', DRP_PIPELINE, '-d', query]);
      assert.equal(result.exitCode, 1);
      const lines = result.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0] ?? '', message);
      assert.doesNotMatch(result.stderr, /^\s+at /m);
    });
  }

  it('a query selecting nothing is the real empty-graph error', async () => {
    const result = await pipetask(['qgraph', '-b', repo, '-i', DEMO_INPUT, '--output-run', 'u/q/run', '-p', DRP_PIPELINE, '-d', 'tract = 3828 AND patch = 47']);
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /ERROR: Initial data ID query returned no rows, so QuantumGraph will be empty\.\n/);
    assert.equal(result.stderr.trimEnd().split('\n').at(-1), 'Error: QuantumGraph was empty; ERROR logs above should provide details.');
  });
});
