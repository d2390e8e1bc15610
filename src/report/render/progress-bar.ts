/** The progress bar under the live table. */

/** `[########............] 12/31 (39%) 2.1 jobs/min, ETA 4m10s`, fitted to the terminal's width. */
export function progressBar(done: number, total: number, eta: { text: string }, columns: number | undefined): string {
  const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
  const tail = ` ${done}/${total} (${percent}%)${eta.text ? ` ${eta.text}` : ''}`;
  const width = Math.max(10, Math.min(40, (columns ?? 80) - tail.length - 3));
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${tail}`;
}
