import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionRate, formatDuration } from '../../../src/report/eta.js';
import { estimateSeconds, runShape, type LabelWork, type RunShape } from '../../../src/report/eta-model.js';
import { progressBar } from '../../../src/report/render/progress-bar.js';

test('durations read as a person would say them', () => {
  assert.equal(formatDuration(42.4), '42s');
  assert.equal(formatDuration(425), '7m05s');
  assert.equal(formatDuration(3 * 3600 + 12 * 60 + 5), '3h12m');
});

test('the rate and ETA come from the jobs settled since this driver started, not from earlier drivers', () => {
  const rate = new CompletionRate();
  assert.equal(rate.observe(0, 100, 400).text, '', 'a restart that found 100 done has no rate yet');
  assert.equal(rate.observe(1000, 101, 400).text, '', 'too early and too few');
  const later = rate.observe(60_000, 130, 400);
  assert.equal(later.perMinute, 30);
  assert.equal(later.text, '0.5 jobs/s, ETA 9m00s');
  assert.match(rate.observe(120_000, 400, 400).text, /ETA now$/);
});

test('the bar fits the terminal and shows done/total and percent', () => {
  const bar = progressBar(12, 31, { text: '2.0 jobs/min, ETA 9m30s' }, 80);
  assert.ok(bar.length <= 80, bar);
  assert.match(bar, /^\[#+\.+\] 12\/31 \(38%\) 2\.0 jobs\/min, ETA 9m30s$/);
  assert.equal(progressBar(0, 0, { text: '' }, 80), `[${'#'.repeat(40)}] 0/0 (100%)`);
});

const work = (label: string, pending: number, runningFor: number[] = [], runningUnseen = 0): LabelWork => ({ label, pending, runningFor, runningUnseen });

test('wide work: the work left per label over the most jobs seen running at once', () => {
  // 96 isr jobs at 20 s and 4 coadds at 600 s = 4320 s of work over 4 at once = 1080 s; no DAG known.
  const seconds = estimateSeconds({ work: [work('isr', 96), work('coadd', 4)], meanSeconds: new Map([['isr', 20], ['coadd', 600]]), fallback: 30, concurrency: 4 });
  assert.equal(seconds, 1080);
});

test('a narrow tail: the critical path of labels left beats the work spread over idle slots', () => {
  // a → b → c, each one job of 10 s, and a finalJob (afterAll) of 2 s: 32 s, though 4 slots are free.
  const shape: RunShape = { labels: ['a', 'b', 'c', 'final'], parents: [[], [0], [1], []], afterAll: 3 };
  const means = new Map([['a', 10], ['b', 10], ['c', 10], ['final', 2]]);
  const input = { meanSeconds: means, fallback: 10, concurrency: 4, shape };
  assert.equal(estimateSeconds({ ...input, work: [work('a', 1), work('b', 1), work('c', 1), work('final', 1)] }), 32);
  // a has run 4 s of its 10: 6 s left on the path; an overdue b keeps a tenth of its time, never zero.
  assert.equal(estimateSeconds({ ...input, work: [work('a', 0, [4]), work('b', 1), work('c', 1), work('final', 1)] }), 28);
  assert.equal(estimateSeconds({ ...input, work: [work('a', 0), work('b', 0, [25]), work('c', 1), work('final', 1)] }), 13);
  // A running job adopted from an earlier driver (start unseen) is taken as half done.
  assert.equal(estimateSeconds({ ...input, work: [work('a', 0), work('b', 0), work('c', 0, [], 1), work('final', 1)] }), 7);
  assert.equal(estimateSeconds({ ...input, work: [work('a', 0), work('b', 0), work('c', 0), work('final', 0)] }), 0);
});

test('runShape: the label DAG from the job edges, with the ALWAYS finalJob after everything', () => {
  // init → isr0, isr1 → cal0, cal1 (each from its isr), final (no edges, whenRun ALWAYS).
  const shape = runShape({
    jobCount: 6, labels: ['init', 'isr', 'cal', 'final'].map((label) => ({ label, kind: 'payload' as const, expected: 1 })),
    labelOf: Uint16Array.from([0, 1, 1, 2, 2, 3]),
    childStart: Uint32Array.from([0, 2, 3, 4, 4, 4, 4]), childList: Uint32Array.from([1, 2, 3, 4]),
    finalJob: { index: 5, always: true },
  });
  assert.deepEqual(shape, { labels: ['init', 'isr', 'cal', 'final'], parents: [[], [0], [1], []], afterAll: 3 });
});

test('the ETA counts down while a job runs, without waiting for one to end', () => {
  const rate = new CompletionRate();
  rate.setPlan({ shape: { labels: ['a', 'b'], parents: [[], [0]] }, history: new Map() });
  rate.observe(0, 0, 3, [{ label: 'a', pending: 2, running: 0 }, { label: 'b', pending: 1, running: 0 }]);
  rate.started(0, 'a', 0);
  rate.ranFor('a', 10, 0);
  rate.started(1, 'a', 10_000);
  const first = rate.observe(12_000, 1, 3, [{ label: 'a', pending: 0, running: 1 }, { label: 'b', pending: 1, running: 0 }]);
  const later = rate.observe(15_000, 1, 3, [{ label: 'a', pending: 0, running: 1 }, { label: 'b', pending: 1, running: 0 }]);
  // a has 8 s left, then b (never seen: the mean of all, 10 s): 18 s; three seconds later 15 s.
  assert.equal(first.etaSeconds, 18);
  assert.equal(later.etaSeconds, 15);
});

test("a label not seen yet takes its earlier runs' time, scaled by how this run compares on the labels both ran", () => {
  const rate = new CompletionRate();
  rate.setPlan({ shape: { labels: ['a', 'b'], parents: [[], [0]] }, history: new Map([['a', 5], ['b', 40]]) });
  const rows = (a: number, b: number) => [{ label: 'a', pending: a, running: 0 }, { label: 'b', pending: b, running: 0 }];
  // Before any job ended the history alone: a 5 s, then b 40 s.
  assert.equal(rate.observe(0, 0, 2, rows(1, 1)).etaSeconds, 45);
  // a took 10 s here, twice its history: b is expected to take 80 s.
  rate.ranFor('a', 10, 0);
  assert.equal(rate.observe(10_000, 1, 2, rows(0, 1)).etaSeconds, 80);
  const fresh = new CompletionRate();
  fresh.ranFor('isr', 30, 0);
  // No history: a label never seen takes the mean of all jobs seen (30 s). 6 waiting jobs × 30 s, and 2
  // isr running whose start was not seen, half done: 210 s over 2 at once.
  assert.equal(fresh.observe(60_000, 2, 10, [{ label: 'isr', pending: 4, running: 2 }, { label: 'coadd', pending: 2, running: 0 }]).etaSeconds, 105);
});
