/** The executors' wake-up signal (executors/common/activity.ts), on mocked timers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Activity } from '../../../../src/executors/common/activity.js';

/** Whether `promise` has settled, after the microtasks queued so far ran. */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

test('a wait ends at its timeout, or at once on a signal', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const activity = new Activity();
  const quiet = activity.wait(2_000);
  t.mock.timers.tick(1_999);
  assert.equal(await settled(quiet), false);
  t.mock.timers.tick(1);
  assert.equal(await settled(quiet), true);
  const woken = activity.wait(2_000);
  activity.signal();
  assert.equal(await settled(woken), true);
});

test('signalWithin ends a long wait after its delay, or sooner with a signal; without a wait it does nothing', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const activity = new Activity();
  activity.signalWithin(200); // nobody waits: nothing is armed for the next wait
  const wait = activity.wait(2_000);
  t.mock.timers.tick(300);
  assert.equal(await settled(wait), false, 'no news armed before the wait shortens it');
  activity.signalWithin(200);
  activity.signalWithin(200); // a second piece of news in the same wait does not push the wake-up back
  t.mock.timers.tick(199);
  assert.equal(await settled(wait), false);
  t.mock.timers.tick(1);
  assert.equal(await settled(wait), true, 'told 200 ms after the news, not at the 2 s timeout');
  const next = activity.wait(2_000);
  activity.signalWithin(200);
  activity.signal();
  assert.equal(await settled(next), true, 'a signal does not wait for the delay');
  const after = activity.wait(2_000);
  t.mock.timers.tick(250);
  assert.equal(await settled(after), false, 'the earlier delay was cleared with the wait it belonged to');
});
