import type { PingReport } from '../ping.js';

/**
 * `bps ping` as text: which site was checked, one `ok`/`FAIL` line per check, then ctrl_bps's closing
 * words (`Ping successful.` / `Ping failed (N).`, N being the number of failed checks).
 */
export function renderPingReport(report: PingReport): string {
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const lines = [`Site '${report.site}' (executor ${report.executor}), ${report.config === null ? 'built-in defaults' : `config ${report.config}`}`];
  for (const check of report.checks) lines.push(`${(check.ok ? 'ok' : 'FAIL').padEnd(4)}  ${check.name.padEnd(width)}  ${check.detail}`);
  const failed = report.checks.filter((c) => !c.ok).length;
  lines.push(failed === 0 ? 'Ping successful.' : `Ping failed (${failed}).`);
  return lines.join('\n');
}
