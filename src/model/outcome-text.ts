import type { JobOutcome } from './outcome.js';

/** A short human description of an outcome, for events and reports. */
export function describeOutcome(outcome: JobOutcome): string {
  switch (outcome.kind) {
    case 'exited':
      return `exit code ${outcome.exitCode}`;
    case 'signaled':
      return `killed by ${outcome.signal}`;
    case 'timeout':
      return 'wall time exceeded';
    case 'out-of-memory':
      return 'out of memory';
    case 'lost':
      return `lost (${outcome.reason})`;
    case 'cancelled':
      return `cancelled (${outcome.reason})`;
  }
}
