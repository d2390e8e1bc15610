import { readFile } from 'node:fs/promises';

/** Start time of a process in clock ticks since boot (/proc/<pid>/stat field 22), or null if it is gone. */
export async function startTicksOf(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return null;
  }
}

/** A zombie counts as gone: it has ended, only its parent has not reaped it. */
export async function isAlive(pid: number, startTicks: number | undefined): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return false;
    return startTicks === undefined || Number(fields[19]) === startTicks;
  } catch {
    return false;
  }
}
