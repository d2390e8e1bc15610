/**
 * The ETA against a run of known durations (issue 15, item 10): the demo with the stand-in's
 * STANDIN_TIME_SCALE (each task sleeps its DRP.yaml runTime × the scale), its `--json` progress events
 * compared with the time that actually remained, measured in the same run, so a loaded machine slows the
 * truth and the estimate alike.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bps, DEMO_CONFIG, useDemoWorkspace } from '../support/bps-cli.js';

const workspace = useDemoWorkspace();
// Each task sleeps 1 to 6 s at this scale, so the share of a job's time that a loaded machine stretches
// (starting the stand-in's Node process) stays small; at 5, load that came and went mid-run put samples
// 35% off. Two runs of about 45 s.
const SCALE = '20';

interface Event {
  readonly event: string;
  readonly at: string;
  readonly totals?: { succeeded: number; failed: number; pruned: number; total: number };
  readonly etaSeconds?: number;
}

async function submit(run: string): Promise<Event[]> {
  const result = await bps(['submit', DEMO_CONFIG, '-b', workspace.repo, '--output-run', run, '--json'], {
    cwd: workspace.work.dir, env: { ...workspace.work.env, STANDIN_TIME_SCALE: SCALE },
  });
  assert.equal(result.exitCode, 0, result.stderr);
  return result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Event);
}

test('the ETA is within ±30% of the time that remained, from 20% done on (a second run of the pipeline)', async (t) => {
  // The first run of a pipeline learns each label's run time as its first job ends; the second starts
  // from the first's times (scaled by how it compares), which is what makes 20% done meaningful here:
  // at 20% only pipetaskInit and isr have run, and the slow labels (skyCorrectionTask, deblend) come last.
  const first = await submit('u/test/eta-first');
  assert.ok(first.some((e) => e.etaSeconds !== undefined), 'the first run has an ETA too');

  const events = await submit('u/test/eta');
  const end = Date.parse(events.at(-1)?.at ?? '');
  assert.equal(events.at(-1)?.event, 'finished');
  const samples = events.filter((e) => e.event === 'progress' && e.totals !== undefined && e.etaSeconds !== undefined).map((e) => {
    const { succeeded, failed, pruned, total } = e.totals as NonNullable<Event['totals']>;
    return { done: (succeeded + failed + pruned) / total, eta: e.etaSeconds as number, actual: (end - Date.parse(e.at)) / 1000 };
  }).filter((s) => s.done >= 0.2 && s.done < 1);
  assert.ok(samples.length >= 5, `enough samples: ${JSON.stringify(samples)}`);
  // The last jobs (mergeMeasurements, finalJob) are short and mostly the start of a Node process, which
  // a loaded machine stretches by up to a second from one job to the next: below 3.3 s remaining, 1 s of
  // error is allowed instead of 30%.
  const worst = Math.max(...samples.filter((s) => s.actual >= 1 / 0.3).map((s) => Math.abs(s.eta - s.actual) / s.actual));
  t.diagnostic(`${samples.length} samples, worst error ${Math.round(worst * 100)}% while more than 3.3 s remained`);
  const off = samples.filter((s) => Math.abs(s.eta - s.actual) > Math.max(0.3 * s.actual, 1));
  assert.deepEqual(off, [], `every sample: ${samples.map((s) => `${Math.round(s.done * 100)}% eta ${s.eta} actual ${s.actual.toFixed(1)}`).join('; ')}`);
});
