import { availableParallelism } from 'node:os';
import type { PlanModel } from '../../model/plan.js';
import type { LocalSettings } from './settings.js';

/** The local pool for `bps plan`: as many cores as it hands out; nothing is submitted anywhere. */
export function localPlan(settings: LocalSettings): PlanModel {
  const cores = settings.cores ?? settings.maxJobs ?? availableParallelism();
  return { capacity: { cores }, submissions: () => ({ lines: [{ what: 'processes on this machine, at most at once', count: Math.min(cores, settings.maxJobs ?? cores) }] }) };
}
