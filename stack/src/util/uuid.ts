import { createHash, randomBytes } from 'node:crypto';

/** Formats 16 bytes as the 8-4-4-4-12 hex UUID string. */
function format(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A random UUIDv7 (48-bit Unix milliseconds, then random bits), which pipe_base uses for quanta and
 * predicted outputs since ~w.2025.41; time-ordered ids also keep a graph's ids sortable by creation.
 */
export function uuid7(nowMs: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(nowMs, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return format(bytes);
}

/**
 * A name-based UUIDv5 (SHA-1), as daf_butler makes for ingested raws (DATAID_TYPE_RUN mode): the same
 * dataset type, data ID and run always give the same id.
 */
export function uuid5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const digest = createHash('sha1').update(ns).update(name).digest().subarray(0, 16);
  digest[6] = ((digest[6] ?? 0) & 0x0f) | 0x50;
  digest[8] = ((digest[8] ?? 0) & 0x3f) | 0x80;
  return format(Buffer.from(digest));
}

/** daf_butler's namespace UUID for dataset ids (DatasetIdFactory.NS_UUID). */
export const DATASET_ID_NAMESPACE = '840b31d9-05cd-5161-b2c8-00d32b280d0f';

/** True for an 8-4-4-4-12 hex string. */
export function isUuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}
