import { SQL as initial } from './001-initial.js';
import { SQL as driverAndBulkIndexes } from './002-driver-and-bulk-indexes.js';
import { SQL as handleDetailAndSiteSettings } from './003-handle-detail-and-site-settings.js';
import { SQL as tasksAndJobSizes } from './004-tasks-and-job-sizes.js';
import { SQL as attemptUsage } from './005-attempt-usage.js';

/** One numbered schema change. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Numbered migrations, applied in order, each in its own transaction and recorded in schema_migrations.
 * Never edit one that shipped: add the next number. (TS modules rather than .sql files because tsc does
 * not copy .sql files into dist.)
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'driver-and-bulk-indexes', sql: driverAndBulkIndexes },
  { version: 3, name: 'handle-detail-and-site-settings', sql: handleDetailAndSiteSettings },
  { version: 4, name: 'tasks-and-job-sizes', sql: tasksAndJobSizes },
  { version: 5, name: 'attempt-usage', sql: attemptUsage },
];

/** The schema this code writes and understands. */
export const SCHEMA_VERSION = MIGRATIONS.length;
