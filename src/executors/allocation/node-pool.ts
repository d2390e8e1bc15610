/**
 * The driver's own account of the free cores and memory on each node of its allocation (docs/SLURM.md,
 * "Packing"): a step is started with `srun -w <node>` only where what it asks for is free, so srun never
 * waits blindly for room ("step creation temporarily disabled": captured), and the scheduler keeps the
 * jobs that do not fit now READY instead.
 */
import type { AllocatedNode } from '../../slurm/allocation.js';

interface NodeRoom {
  readonly name: string;
  readonly cpus: number;
  readonly memoryMiB: number;
  freeCpus: number;
  freeMemoryMiB: number;
}

/** Where a job was placed: release it there when it ends. */
export interface Placement {
  readonly node: string;
  readonly cpus: number;
  readonly memoryMiB: number;
}

/** Free cores and memory per node of one allocation, as the driver accounts them. */
export class NodePool {
  private readonly nodes: NodeRoom[];

  constructor(nodes: readonly AllocatedNode[]) {
    this.nodes = nodes.map((n) => ({ name: n.name, cpus: n.cpus, memoryMiB: n.memoryMiB, freeCpus: n.cpus, freeMemoryMiB: n.memoryMiB }));
  }

  /** Whether some node could hold the request when idle. */
  fitsEver(cpus: number, memoryMiB: number): boolean {
    return this.nodes.some((n) => n.cpus >= cpus && n.memoryMiB >= memoryMiB);
  }

  /**
   * Reserves room for a job on the least loaded node that has it (most cores free, then most memory):
   * jobs spread over the nodes, each getting as much of a node's memory bandwidth and local disk as the
   * load allows. Undefined when no node has room now. A job asking for more cores than any node has free
   * waits while smaller ones fill what is free (docs/SLURM.md, "Packing").
   */
  place(cpus: number, memoryMiB: number): Placement | undefined {
    let best: NodeRoom | undefined;
    for (const node of this.nodes) {
      if (node.freeCpus < cpus || node.freeMemoryMiB < memoryMiB) continue;
      if (!best || node.freeCpus > best.freeCpus || (node.freeCpus === best.freeCpus && node.freeMemoryMiB > best.freeMemoryMiB)) best = node;
    }
    if (!best) return undefined;
    best.freeCpus -= cpus;
    best.freeMemoryMiB -= memoryMiB;
    return { node: best.name, cpus, memoryMiB };
  }

  /**
   * Takes room a step already holds (one adopted after a restart) on a known node. Returns false when the
   * node is not in this allocation; the account may then run short, never over.
   */
  occupy(placement: Placement): boolean {
    const node = this.nodes.find((n) => n.name === placement.node);
    if (!node) return false;
    node.freeCpus -= placement.cpus;
    node.freeMemoryMiB -= placement.memoryMiB;
    return true;
  }

  release(placement: Placement): void {
    const node = this.nodes.find((n) => n.name === placement.node);
    if (!node) return;
    node.freeCpus = Math.min(node.cpus, node.freeCpus + placement.cpus);
    node.freeMemoryMiB = Math.min(node.memoryMiB, node.freeMemoryMiB + placement.memoryMiB);
  }

  /** Cores free over all nodes (an upper bound of the jobs that could start now). */
  freeCpus(): number {
    return this.nodes.reduce((sum, n) => sum + Math.max(0, n.freeCpus), 0);
  }

  totalCpus(): number {
    return this.nodes.reduce((sum, n) => sum + n.cpus, 0);
  }

  describe(): string {
    return this.nodes.map((n) => `${n.name} ${n.cpus} CPUs ${n.memoryMiB} MiB`).join(', ');
  }
}
