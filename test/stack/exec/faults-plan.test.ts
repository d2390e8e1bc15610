import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planFaults, seededUniform, type FaultRule } from '../../../stack/src/exec/faults.js';

const DATA_ID = { instrument: 'LSSTCam-imSim', detector: 94, visit: 159471 };

describe('fault plans', () => {
  it('fails a selected label with the chosen exit code, others untouched', () => {
    const rules: FaultRule[] = [{ label: 'calibrate', exitCode: 3 }];
    assert.equal(planFaults(rules, 'calibrate', DATA_ID, 1).fail?.exitCode, 3);
    assert.equal(planFaults(rules, 'isr', DATA_ID, 1).fail, undefined);
  });

  it('matches a data-ID subset', () => {
    const rules: FaultRule[] = [{ label: 'calibrate', dataId: { detector: 94 } }];
    assert.equal(planFaults(rules, 'calibrate', DATA_ID, 1).fail?.exitCode, 1);
    assert.equal(planFaults(rules, 'calibrate', { ...DATA_ID, detector: 95 }, 1).fail, undefined);
  });

  it('failFirst fails attempts 1..N only', () => {
    const rules: FaultRule[] = [{ label: 'isr', failFirst: 2 }];
    assert.deepEqual([1, 2, 3].map((a) => planFaults(rules, 'isr', DATA_ID, a).fail !== undefined), [true, true, false]);
  });

  it('probability draws are reproducible and roughly uniform', () => {
    const draws = Array.from({ length: 2000 }, (_, i) => seededUniform(7, 'isr', { detector: i }, 1));
    assert.deepEqual(draws.slice(0, 5), Array.from({ length: 5 }, (_, i) => seededUniform(7, 'isr', { detector: i }, 1)));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
    assert.notEqual(seededUniform(7, 'isr', DATA_ID, 1), seededUniform(8, 'isr', DATA_ID, 1));
  });

  it('non-failing actions combine; hang/sleep rules do not fail unless asked', () => {
    const rules: FaultRule[] = [{ label: 'isr', sleep: 2 }, { label: 'isr', sleep: 1, memoryHog: 64 }, { label: 'isr', hang: true, failFirst: 1 }];
    const first = planFaults(rules, 'isr', DATA_ID, 1);
    assert.deepEqual({ ...first, fail: first.fail }, { sleep: 3, memoryHog: 64, hang: true, signal: undefined, fail: undefined });
    assert.equal(planFaults(rules, 'isr', DATA_ID, 2).hang, false);
  });
});
