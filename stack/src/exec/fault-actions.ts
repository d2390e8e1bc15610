import { sleep } from '../util/files.js';
import type { FaultPlan } from './faults.js';

/** Allocates and touches `mib` MiB (page by page), so the process's resident memory really grows. */
export function hogMemory(mib: number): Buffer[] {
  const chunks: Buffer[] = [];
  const chunk = 16 * 1024 * 1024;
  for (let left = mib * 1024 * 1024; left > 0; left -= chunk) {
    const buffer = Buffer.allocUnsafe(Math.min(chunk, left));
    for (let i = 0; i < buffer.length; i += 4096) buffer[i] = 1;
    chunks.push(buffer);
  }
  return chunks;
}

/** Never resolves; a timer keeps the process alive until something kills it. */
export function hangForever(): Promise<never> {
  setInterval(() => undefined, 1 << 30);
  return new Promise<never>(() => undefined);
}

/** Spends the task's time plus any injected extra sleep, holding the hogged memory meanwhile. */
export async function spendTime(seconds: number, plan: FaultPlan): Promise<void> {
  const held = plan.memoryHog > 0 ? hogMemory(plan.memoryHog) : [];
  await sleep(seconds + plan.sleep);
  if (plan.hang) await hangForever();
  held.length = 0;
}

/** Kills this process with a signal name (`SIGKILL`, `SIGTERM` …), as a crashing task dies. */
export async function killSelf(signal: string): Promise<never> {
  process.kill(process.pid, signal as NodeJS.Signals);
  // The signal normally ends the process at once; should it be ignored, still end like a killed job.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  process.exit(137);
}
