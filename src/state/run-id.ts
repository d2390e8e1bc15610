import { randomBytes } from 'node:crypto';

/**
 * A short, unique, sortable run id: the UTC creation time to the second and 24 random bits,
 * e.g. `20261125T061358Z-a3f9c2`. Sorting ids sorts runs by creation.
 */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
