/** Job names as people read them. */

/** A job name without the quantum UUID a single-quantum job's name starts with: `isr_94`. */
export function shortName(name: string): string {
  return name.replace(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}_/, '');
}
