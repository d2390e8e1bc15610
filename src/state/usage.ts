/**
 * What attempts used, per job label, for `bps report` (docs/ARCHITECTURE.md, "Learned resources"). Older
 * files (before schema 5) have no usage columns: they give the requests and the driver's run times only.
 */
import type { Statements } from './statements.js';
import type { LabelInfo, LabelUsageSample } from './types.js';

/** Whether the attempts table has schema 5's usage columns (a reader opens older files as they are). */
function hasUsageColumns(s: Statements): boolean {
  return s.get("SELECT 1 FROM pragma_table_info('attempts') WHERE name = 'max_rss_mib'").get() !== undefined;
}

type Row = [label: number, outcome: string, exitCode: number | null, memory: number | null, rss: number | null, cpu: number | null, runSec: number | null];

/**
 * Per label in topological order: the request, peak memory, CPU time and run time of each attempt that
 * succeeded (the payload's own run time when its executor measured it, else the driver's start to end),
 * and how many attempts ended out of memory. One pass over the attempts that ended.
 */
export function labelUsageSamples(s: Statements, labels: readonly LabelInfo[]): LabelUsageSample[] {
  const usage = hasUsageColumns(s);
  const samples = labels.map((l) => ({ label: l.label, requestedMiB: [] as number[], maxRssMiB: [] as number[], cpuSec: [] as number[], runSec: [] as number[], outOfMemory: 0 }));
  const driverSec = '(a.ended_at - a.started_at) / 1000.0';
  const columns = usage ? `a.max_rss_mib, a.cpu_sec, COALESCE(a.wall_sec, ${driverSec})` : `NULL, NULL, ${driverSec}`;
  const rows = s.get(`SELECT j.label_idx, a.outcome, a.exit_code, a.memory_mib, ${columns} FROM attempts a JOIN jobs j ON j.id = a.job_id
    WHERE a.ended_at IS NOT NULL AND (a.outcome = 'out-of-memory' OR (a.outcome = 'exited' AND a.exit_code = 0))`).raw().iterate() as Iterable<Row>;
  for (const [label, outcome, , memory, rss, cpu, runSec] of rows) {
    const sample = samples[label];
    if (!sample) continue;
    if (outcome === 'out-of-memory') {
      sample.outOfMemory += 1;
      continue;
    }
    if (memory !== null) sample.requestedMiB.push(memory);
    if (rss !== null) sample.maxRssMiB.push(rss);
    if (cpu !== null) sample.cpuSec.push(cpu);
    if (runSec !== null && runSec >= 0) sample.runSec.push(runSec);
  }
  return samples;
}
