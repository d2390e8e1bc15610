/**
 * Hands out cores and memory to jobs in arrival order, so a job only starts when what it asked for is
 * free and big jobs cannot OOM the node (Parsl's thread pool ignores requests; docs/ARCHITECTURE.md). Strict
 * FIFO: a big job at the head waits for room and smaller ones queue behind it, so it is never starved;
 * the queue is short anyway (the scheduler hands over no more jobs than there are slots).
 */
export class ResourceGate {
  private cores: number;
  private memory: number;
  private readonly waiters: Array<{ cores: number; memory: number; grant: () => void }> = [];

  constructor(readonly totalCores: number, readonly totalMemoryMiB: number) {
    this.cores = totalCores;
    this.memory = totalMemoryMiB;
  }

  fits(cores: number, memoryMiB: number): boolean {
    return cores <= this.totalCores && memoryMiB <= this.totalMemoryMiB;
  }

  acquire(cores: number, memoryMiB: number): Promise<void> {
    return new Promise((grant) => {
      this.waiters.push({ cores, memory: memoryMiB, grant });
      this.drain();
    });
  }

  release(cores: number, memoryMiB: number): void {
    this.cores += cores;
    this.memory += memoryMiB;
    this.drain();
  }

  private drain(): void {
    while (this.waiters.length > 0) {
      const head = this.waiters[0] as (typeof this.waiters)[number];
      if (head.cores > this.cores || head.memory > this.memory) return;
      this.waiters.shift();
      this.cores -= head.cores;
      this.memory -= head.memory;
      head.grant();
    }
  }
}
