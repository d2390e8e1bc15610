import { OVER_REQUEST_FACTOR, type LabelResources, type Spread } from '../resource-usage.js';
import { renderAstropyTable } from './astropy-table.js';

const HEADERS = ['', 'OK', 'MEM ASKED', 'MEM USED', 'TIME', 'WALLTIME', 'CPU', 'OOM', 'NOTE'];

/** `median/max`, with `digits` decimals; '-' when nothing was measured. */
function cell(value: Spread | null, digits: number): string {
  return value === null ? '-' : `${value.median.toFixed(digits)}/${value.max.toFixed(digits)}`;
}

function note(row: LabelResources): string {
  const notes: string[] = [];
  if (row.overRequested) notes.push(`asks ${row.requestOverUse}x the most it used (≥ ${OVER_REQUEST_FACTOR}x)`);
  if (row.killedForMemory > 0) notes.push(`killed for memory ${row.killedForMemory}x`);
  return notes.join('; ');
}

/**
 * `bps report --id RUN`'s resource table: per label, the attempts that succeeded (OK) with memory asked for
 * and used (MiB) and run and CPU time (s) as median/max, the requestWalltime, the attempts that ran out of
 * memory, and what stands out.
 */
export function renderResources(rows: readonly LabelResources[]): string {
  const body = rows.map((r) => [
    r.label, String(r.succeeded), cell(r.requestMemoryMiB, 0), cell(r.maxRssMiB, 0), cell(r.runSec, 1),
    r.requestWalltimeSec === null ? '-' : String(r.requestWalltimeSec), cell(r.cpuSec, 1), String(r.killedForMemory), note(r),
  ]);
  const legend = 'Resources of succeeded attempts (median/max; memory in MiB, times in s):';
  return `${legend}\n${renderAstropyTable(HEADERS, body, { leftColumns: [0, HEADERS.length - 1] })}`;
}
