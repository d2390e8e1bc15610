import type { JobStory } from '../job-story.js';
import { formatDataId } from './run-report.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local time to the millisecond, as a log line shows it: `2026-12-07 01:19:10.079`. */
export function localTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Whether the job is more than one quantum of its own label (a cluster), so its quanta are worth a line. */
function clustered(story: JobStory): boolean {
  const { tasks, label, quanta } = story.job;
  return quanta > 1 || tasks.length > 1 || (tasks.length === 1 && tasks[0]?.label !== label);
}

/** `bps explain`: a header, one line per event (time, event, what happened), then where the job stands now. */
export function renderJobStory(story: JobStory): string {
  const { job } = story;
  const facts = [`label ${job.label}`, ...(job.dataId === null ? [] : [`data ID ${formatDataId(job.dataId)}`]), `${job.attempts} attempt${job.attempts === 1 ? '' : 's'}`, job.state];
  const header = [`Job ${job.name} of run '${story.run.name}'`, `  ${facts.join('; ')}`];
  if (clustered(story)) header.push(`  ${job.quanta} quanta: ${job.tasks.map((t) => `${t.label} ${t.quanta}`).join(', ')}`);
  const width = Math.max(0, ...story.events.map((e) => e.event.length));
  const lines = story.events.map((e) => `${localTime(e.at)}  ${e.event.padEnd(width)}  ${e.text}`);
  return [...header, ...lines, `Now: ${story.now.text}`].join('\n');
}
