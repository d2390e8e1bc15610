import Table from 'cli-table3';
import type { PlanReport } from '../plan.js';

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' ',
};

/** `bps plan`'s table per job label, then what the site would do with the run. */
export function renderPlan(plan: PlanReport): string {
  const width = Math.max(9, ...plan.labels.map((row) => row.label.length));
  const table = new Table({
    chars: BORDERLESS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colWidths: [width, 8, 8, 6, 10, 12, 10, 17],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    head: ['label', 'jobs', 'quanta', 'cores', 'memory', 's/job', 'core-h', '  run time from'],
  });
  for (const row of plan.labels) {
    table.push([row.label, String(row.jobs), String(row.quanta), String(row.cpus), `${row.memoryMiB}`, seconds(row.secondsPerJob), hours(row.coreHours), `  ${row.source}`]);
  }
  table.push(['total', String(plan.jobs), String(plan.quanta), '', '', '', hours(plan.coreHours), '']);
  const lines = [
    table.toString().split('\n').map((line) => line.trimEnd()).join('\n'),
    '',
    `Site ${plan.site.name} (executor ${plan.site.executor})${plan.like ? `, run times from run ${plan.like}` : ''}:`,
    ...plan.submissions.map((s) => `  ${s.what}: ${s.count}${s.max !== undefined ? ` (at most ${s.max})` : ''}${s.note ? ` — ${s.note}` : ''}`),
    `  jobs at once, at the peak: ${plan.peakJobs}`,
    `  critical path: ${plan.criticalPath.jobs} jobs, ${duration(plan.criticalPath.seconds)}`,
    `  whole run: ${duration(plan.makespanSeconds)}, ${hours(plan.coreHours)} core-hours`,
  ];
  if (plan.allocations) {
    const a = plan.allocations;
    lines.push(`  allocations: ${a.count} of ${a.nodes} node(s)${a.seconds === null ? '' : `, ${duration(a.seconds)} each at most`}, ${hours(a.nodeHours)} node-hours charged`);
  }
  if (plan.coreHours === null) lines.push('', 'Run times unknown for some labels: give them requestWalltime, or plan with --like <an earlier run of the pipeline>.');
  return lines.join('\n');
}

function seconds(value: number | null): string {
  return value === null ? '?' : value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function hours(value: number | null): string {
  return value === null ? '?' : value >= 10 ? value.toFixed(1) : value.toFixed(3);
}

function duration(value: number | null): string {
  if (value === null) return '?';
  const total = Math.round(value);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}
