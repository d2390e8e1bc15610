/** What the scheduler loads at start and restart: typed arrays by job index and the edges as CSR. */
import { endianness } from 'node:os';
import { buildCsr, type Csr } from '../model/csr.js';
import type { Statements } from './statements.js';
import type { LabelInfo, SchedulingState } from './types.js';

/** The per-job columns as typed arrays: one pass over the jobs, ~1 s per million here. */
function loadJobColumns(s: Statements, jobCount: number) {
  const columns = {
    labelOf: new Uint16Array(jobCount), state: new Uint8Array(jobCount), attempt: new Uint16Array(jobCount),
    retriesUsed: new Uint16Array(jobCount), memoryMiB: new Uint32Array(jobCount),
  };
  const rows = s.get('SELECT id, label_idx, state, attempt, retries_used, memory_mib FROM jobs').raw().iterate() as Iterable<number[]>;
  for (const r of rows) {
    const i = (r[0] as number) - 1;
    columns.labelOf[i] = r[1] as number;
    columns.state[i] = r[2] as number;
    columns.attempt[i] = r[3] as number;
    columns.retriesUsed[i] = r[4] as number;
    columns.memoryMiB[i] = r[5] as number;
  }
  return columns;
}

function copyUint32(blob: Buffer): Uint32Array {
  // A copy: the blob's bytes need not be 4-byte aligned inside Node's buffer pool.
  return new Uint32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/** The stored CSR blobs when present and consistent (schema 2, little-endian host), else undefined. */
function storedCsr(s: Statements, jobCount: number): Csr | undefined {
  if (endianness() !== 'LE') return undefined;
  const hasTable = s.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'dag_csr'").get();
  if (!hasTable) return undefined;
  const blobs = new Map((s.get('SELECT name, data FROM dag_csr').raw().all() as Array<[string, Buffer]>));
  const [start, list] = [blobs.get('childStart'), blobs.get('childList')];
  if (!start || !list) return undefined;
  const csr = { start: copyUint32(start), list: copyUint32(list) };
  const ok = csr.start.length === jobCount + 1 && csr.start[jobCount] === csr.list.length;
  return ok ? csr : undefined;
}

/** The edges read row by row (files without CSR blobs). */
function csrFromEdges(s: Statements, jobCount: number): Csr {
  const count = s.get('SELECT COUNT(*) FROM edges').pluck().get() as number;
  const [from, to] = [new Uint32Array(count), new Uint32Array(count)];
  let e = 0;
  for (const r of s.get('SELECT parent, child FROM edges').raw().iterate() as Iterable<[number, number]>) {
    from[e] = r[0] - 1;
    to[e] = r[1] - 1;
    e += 1;
  }
  return buildCsr(jobCount, from, to);
}

/** Everything the scheduler keeps in memory; job names, quanta and data IDs stay on disk. */
export function loadSchedulingState(s: Statements, labels: readonly LabelInfo[]): SchedulingState {
  const jobCount = s.get('SELECT COUNT(*) FROM jobs').pluck().get() as number;
  const columns = loadJobColumns(s, jobCount);
  const csr = storedCsr(s, jobCount) ?? csrFromEdges(s, jobCount);
  const parentCount = new Uint32Array(jobCount);
  for (let k = 0; k < csr.list.length; k += 1) parentCount[csr.list[k] as number] += 1;
  const finalLabel = labels.findIndex((l) => l.kind === 'final');
  const finalIndex = finalLabel < 0 ? -1 : columns.labelOf.indexOf(finalLabel);
  return {
    jobCount, labels, ...columns, childStart: csr.start, childList: csr.list, parentCount,
    finalJob: finalIndex < 0 ? undefined : { index: finalIndex, always: parentCount[finalIndex] === 0 },
  };
}
