import type { JobResources, RetryPolicy } from '../model/job-spec.js';
import type { ConfigResolver, SearchOptions } from './resolver.js';
import { booleanValue, exitCodes, nonNegativeInteger, numberAtLeast, optionalPositive, type ValueContext } from '../settings/value-checks.js';

/** Why each checked key exists, for the hint of a type error. */
const HELP: Readonly<Record<string, string>> = {
  requestCpus: 'requestCpus is the number of cores a job asks for, e.g. 1.',
  requestMemory: 'requestMemory is in MiB, e.g. 4096 for 4 GiB.',
  requestWalltime: 'requestWalltime is in seconds; leave it unset for no limit.',
  requestDisk: 'requestDisk is in MiB; leave it unset when jobs need no scratch disk.',
  numberOfRetries: 'numberOfRetries is how many times a failed job is run again, e.g. 5 (0 = never).',
  retryUnlessExit: 'retryUnlessExit lists exit codes never retried, e.g. [1, 2]; null retries every failure.',
  memoryMultiplier: 'memoryMultiplier scales the memory request after an out-of-memory kill; 1 turns that off.',
  memoryLimit: 'memoryLimit caps the memory request (MiB) that memoryMultiplier grows, e.g. 491520.',
  requestMemoryMax: 'requestMemoryMax caps one label\'s memory request (MiB) as memoryMultiplier grows it; memoryLimit caps every label\'s.',
  learnResources: 'learnResources: true sizes memory requests from what the label\'s jobs used so far in the run.',
};

/** Reads one key for a label, with a ValueContext naming the key, label and where the value was set. */
export function readForLabel(config: ConfigResolver, key: string, options: SearchOptions, label: string): { value: unknown; ctx: ValueContext } {
  const hit = config.locate(key, options);
  const where = hit ? config.describe(hit.path) : 'not set';
  return { value: config.search(key, options), ctx: { key, label, where, help: HELP[key] ?? `Fix ${key}.` } };
}

/** requestCpus (whole, default 1), requestMemory (MiB, default 2048), requestWalltime (s), requestDisk (MiB). */
export function readResources(config: ConfigResolver, options: SearchOptions, label: string): JobResources {
  const read = (key: string, integer: boolean) => {
    const { value, ctx } = readForLabel(config, key, options, label);
    return optionalPositive(value, ctx, integer);
  };
  return {
    requestCpus: read('requestCpus', true) ?? 1,
    requestMemory: read('requestMemory', false) ?? 2048,
    requestWalltime: read('requestWalltime', false),
    requestDisk: read('requestDisk', false),
  };
}

/**
 * numberOfRetries (default 5), retryUnlessExit (default [1, 2]), memoryMultiplier ≥ 1 (default 2), the
 * cap of the growing memory request (MiB): the smaller of memoryLimit (default 491520, the node) and
 * ctrl_bps's per-label requestMemoryMax, and learnResources (default false).
 */
export function readRetryPolicy(config: ConfigResolver, options: SearchOptions, label: string): RetryPolicy {
  const get = (key: string) => readForLabel(config, key, options, label);
  const retries = get('numberOfRetries');
  const codes = get('retryUnlessExit');
  const multiplier = get('memoryMultiplier');
  const limit = get('memoryLimit');
  const max = get('requestMemoryMax');
  const learn = get('learnResources');
  const cap = optionalPositive(limit.value, limit.ctx) ?? 491520;
  const perLabel = optionalPositive(max.value, max.ctx);
  return {
    numberOfRetries: nonNegativeInteger(retries.value, retries.ctx, 5),
    retryUnlessExit: exitCodes(codes.value, codes.ctx, [1, 2]),
    memoryMultiplier: numberAtLeast(multiplier.value ?? undefined, 1, multiplier.ctx, 2),
    memoryLimit: perLabel === undefined ? cap : Math.min(cap, perLabel),
    learnResources: booleanValue(learn.value, learn.ctx, false),
  };
}
