import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionRate, formatDuration } from '../../../src/report/eta.js';
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

test("the ETA weighs the work left by each label's observed run time, spread over the jobs seen running at once", () => {
  const rate = new CompletionRate();
  const labels = (isr: number, coadd: number, running: number) => [
    { label: 'isr', pending: isr, running },
    { label: 'coadd', pending: coadd, running: 0 },
  ];
  rate.observe(0, 0, 104, labels(100, 4, 4));
  rate.ranFor('isr', 10);
  rate.ranFor('isr', 30);
  rate.ranFor('coadd', 600);
  // 96 isr jobs left at 20 s and 4 coadds at 600 s = 4320 s of work over 4 at once = 1080 s.
  assert.equal(rate.observe(60_000, 4, 104, labels(92, 4, 4)).text, '4.0 jobs/min, ETA 18m00s');
  const fresh = new CompletionRate();
  fresh.observe(0, 0, 10, labels(10, 0, 2));
  fresh.ranFor('isr', 30);
  // coadd never seen: it takes the mean of all (30 s): (6 isr + 2 coadd) × 30 s over 2 at once = 120 s.
  assert.match(fresh.observe(60_000, 2, 10, [{ label: 'isr', pending: 4, running: 2 }, { label: 'coadd', pending: 2, running: 0 }]).text, /ETA 2m00s$/);
});
