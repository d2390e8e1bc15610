/**
 * What Slurm's records say about jobs squeue no longer lists: one `sacct` for all of them; for ids sacct
 * does not know yet (its records lag a few seconds on a busy system, docs/SLURM.md) or when accounting is
 * disabled, one `scontrol show job` listing, which keeps finished jobs until MinJobAge. At most two calls.
 * The same `sacct` also asks what jobs settled from their exit files used (docs/SLURM.md, "Usage").
 */
import { sacctArgs } from '../../slurm/args.js';
import type { SlurmClient } from '../../slurm/client.js';
import type { SlurmJobRecord } from '../../slurm/record.js';
import { parseSacct, type SacctRecord } from '../../slurm/sacct.js';
import { parseScontrolShowJob } from '../../slurm/scontrol.js';

export class HistoryReader {
  private sacctDisabled = false;

  constructor(private readonly client: SlurmClient) {}

  /** Whether sacct answers (false once it said accounting is disabled): without it no usage is known. */
  get accounting(): boolean {
    return !this.sacctDisabled;
  }

  /**
   * Records by raw id and by array-task id (`<array>_<i>`, the form handles hold for array tasks); sacct's
   * carry usage. `usageOf`: more ids asked of sacct only, for what they used.
   */
  async lookup(ids: readonly string[], usageOf: readonly string[] = []): Promise<Map<string, SlurmJobRecord & SacctRecord>> {
    const known = new Map<string, SlurmJobRecord & SacctRecord>();
    const add = (record: SlurmJobRecord) => known.set(record.id, record).set(record.arrayId ?? record.id, record);
    if (ids.length + usageOf.length === 0) return known;
    if (!this.sacctDisabled) {
      const result = await this.client.call('sacct', sacctArgs([...new Set([...ids, ...usageOf])]));
      if (result.exitCode === 0) parseSacct(result.stdout).forEach(add);
      else if (/accounting storage is disabled/i.test(result.stderr)) this.sacctDisabled = true;
    }
    const missing = new Set(ids.filter((id) => !known.has(id)));
    if (missing.size === 0) return known;
    const result = await this.client.call('scontrol', ['-o', 'show', 'job']);
    if (result.exitCode === 0) {
      for (const record of parseScontrolShowJob(result.stdout)) if (missing.has(record.id) || missing.has(record.arrayId ?? '')) add(record);
    }
    return known;
  }
}
