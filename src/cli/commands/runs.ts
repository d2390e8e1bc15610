import { InvalidArgumentError, Option, type Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { StatusReport } from '../../report/status.js';
import type { CliContext } from '../context.js';
import { println } from '../context.js';
import { cliObserver } from '../observers.js';
import { jsonOption } from '../options.js';
import { printSessionEnd } from './session-end.js';

/** The run argument: positional (`bps status RUN`) or ctrl_bps's `--id RUN`. */
function runArgument(positional: string | undefined, options: Record<string, unknown>, verb: string): string {
  const run = positional ?? (options['id'] as string | undefined);
  if (!run) throw new UsageError(`Missing the run: 'bps ${verb} RUN' (a submit dir, run name, uniqProcName or run id).`);
  return run;
}

/** `--interval`: seconds, fractions allowed; reading bps.sqlite is cheap, but a floor keeps a typo from spinning. */
function parseInterval(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0.1) throw new InvalidArgumentError('Give the number of seconds between refreshes, 0.1 or more');
  return seconds;
}

const idOption = () => new Option('--id <run>', 'the run (same as the RUN argument; ctrl_bps spelling)');

/** `bps status`, `bps restart`: the verbs that act on an existing run. */
export function registerRunCommands(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('per-task job counts of a run, from its state file')
    .argument('[run]', 'submit dir, run name, uniqProcName or run id')
    .addOption(idOption())
    .addOption(jsonOption())
    .option('--clusters', 'one row per job label (cluster label) counting jobs, instead of per task label counting quanta')
    .option('--exit-code', "exit with the run's state code (ctrl_bps WmsStates: SUCCEEDED 0, RUNNING 15, FAILED 19 …)")
    .option('--watch', "refresh until no driver is left; then exit with the run's state code (Ctrl-C stops watching, not the run)")
    .addOption(new Option('--interval <seconds>', 'seconds between refreshes with --watch (default 2)').argParser(parseInterval))
    .action(async (run: string | undefined, options: Record<string, unknown>) => {
      const query = runArgument(run, options, 'status');
      const interval = options['interval'] as number | undefined;
      if (interval !== undefined && !options['watch']) throw new UsageError('--interval only applies with --watch.');
      let report: StatusReport | undefined;
      if (options['watch']) {
        const { watchRunStatus } = await import('./status-watch.js');
        report = await watchRunStatus(query, { json: options['json'] === true, intervalMs: (interval ?? 2) * 1000, clusters: options['clusters'] === true }, ctx);
        if (report === undefined) return;
      } else {
        const { showStatus } = await import('../../app/status.js');
        report = showStatus(query, ctx.appContext(), { clusters: options['clusters'] === true });
        if (options['json']) println(ctx, JSON.stringify(report, null, 2));
        else {
          const { renderStatusTable } = await import('../../report/render/status-table.js');
          println(ctx, renderStatusTable(report));
        }
      }
      const { JobState } = await import('../../model/job-state.js');
      const { name, state, driverAlive } = report.run;
      if (options['watch']) {
        // The watch ended because no driver is left: how the run stands is the answer, as a code and in words.
        ctx.exitCode = JobState[state];
        if (state === 'RUNNING') ctx.stderr.write(`The driver of '${name}' is gone with the run unfinished (RUNNING): exit ${ctx.exitCode}. Resume it with 'bps restart ${name}'.\n`);
        else if (state !== 'SUCCEEDED') ctx.stderr.write(`Run '${name}' ended ${state}: exit ${ctx.exitCode}.\n`);
        return;
      }
      if (!options['json'] && !driverAlive && state === 'RUNNING') {
        ctx.stderr.write(`No driver is running for '${name}': resume it with 'bps restart ${name}'.\n`);
      }
      if (options['exitCode']) ctx.exitCode = JobState[state];
    });

  program
    .command('restart')
    .description('resume a run whose driver stopped: finished jobs are never run again')
    .argument('[run]', 'submit dir, run name, uniqProcName or run id')
    .addOption(idOption())
    .option('--detach', 'drive the run in the background and return')
    .option('--retry-failed', 'run failed jobs (and the jobs they pruned) again, with fresh retries')
    .option('--quiet', 'no progress output, only the final table')
    .option('--json', 'one JSON object per line on stdout (submitted, progress, failure, finished) instead of tables')
    .action(async (run: string | undefined, options: Record<string, unknown>) => {
      const { restartRun } = await import('../../app/restart.js');
      const json = options['json'] === true;
      const observer = cliObserver(ctx, { json, quiet: options['quiet'] === true });
      const session = await restartRun({ run: runArgument(run, options, 'restart'), detach: options['detach'] === true, retryFailed: options['retryFailed'] === true, observer }, ctx.appContext());
      await printSessionEnd(session, json, ctx);
    });

  program
    .command('cancel')
    .description('stop the driver and every running job of a run (recorded as DELETED)')
    .argument('[run]', 'submit dir, run name, uniqProcName or run id')
    .addOption(idOption())
    .action(async (run: string | undefined, options: Record<string, unknown>) => {
      const { cancelRun } = await import('../../app/cancel.js');
      const result = await cancelRun(runArgument(run, options, 'cancel'), ctx.appContext());
      if (result.alreadyEnded) println(ctx, `Run '${result.run}' had already ended (${result.state}): nothing to cancel.`);
      else if (result.viaDriver && result.state !== 'DELETED') println(ctx, `Run '${result.run}' ended ${result.state} before the cancel took effect.`);
      else if (result.viaDriver) println(ctx, `Cancelled run '${result.run}': its driver stopped every running job (run state ${result.state}).`);
      else println(ctx, `Cancelled run '${result.run}': ${result.stoppedJobs} running job(s) stopped (run state ${result.state}).`);
    });

  program
    .command('report')
    .description("ctrl_bps's run summary; with a run (or --id), the per-label state table and the failed jobs")
    .argument('[run]', 'submit dir, run name, uniqProcName or run id (without: every run)')
    .addOption(idOption())
    .addOption(jsonOption())
    .action(async (run: string | undefined, options: Record<string, unknown>) => {
      const app = await import('../../app/report.js');
      const render = await import('../../report/render/run-report.js');
      const id = run ?? (options['id'] as string | undefined);
      const data = id ? app.reportRun(id, ctx.appContext()) : app.reportRuns(ctx.appContext());
      if (options['json']) println(ctx, JSON.stringify(data, null, 2));
      else println(ctx, Array.isArray(data) ? render.renderRunSummaries(data) : render.renderDetailedReport(data as Exclude<typeof data, unknown[]>));
    });

  program
    .command('jobs')
    .description('the jobs of a run (or of one label): name, label, state, attempts, data ID, exit code and log file')
    .argument('<run>', 'submit dir, run name, uniqProcName or run id')
    .argument('[label]', 'a task label or a cluster label (default: every job)')
    .option('--state <states>', "only jobs in these states, comma-separated: a state (FAILED, RUNNING …) or a status column (failed, pending …)")
    .addOption(jsonOption())
    .action(async (run: string, label: string | undefined, options: Record<string, unknown>) => {
      const { listJobs } = await import('../../app/jobs.js');
      const state = options['state'] as string | undefined;
      const states = state?.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const listing = listJobs({ run, ...(label === undefined ? {} : { label }), ...(states === undefined ? {} : { states }) }, ctx.appContext());
      if (options['json']) println(ctx, JSON.stringify(listing, null, 2));
      else println(ctx, (await import('../../report/render/jobs-table.js')).renderJobsTable(listing));
    });

  program
    .command('logs')
    .description("print a job's output; JOB is its name, the end of it (isr_94), a label (its first failed job) or a label and data ID (calibrate detector=94)")
    .argument('<run>', 'submit dir, run name, uniqProcName or run id')
    .argument('<job...>', 'a job name or its end, a label, or a label followed by dimension=value pairs')
    .option('--attempt <n>', 'which attempt (default: the latest)', (v: string) => Number.parseInt(v, 10))
    .action(async (run: string, job: string[], options: Record<string, unknown>) => {
      const { jobLog } = await import('../../app/logs.js');
      const attempt = options['attempt'] as number | undefined;
      const log = jobLog({ run, job, ...(attempt === undefined ? {} : { attempt }) }, ctx.appContext());
      println(ctx, `== ${log.job} (${log.label}, ${log.state}), attempt ${log.attempt}`);
      println(ctx, `== stderr: ${log.stderrPath}`);
      ctx.stdout.write(log.stderr.endsWith('\n') || log.stderr === '' ? log.stderr : `${log.stderr}\n`);
      println(ctx, `== stdout: ${log.stdoutPath}`);
      ctx.stdout.write(log.stdout.endsWith('\n') || log.stdout === '' ? log.stdout : `${log.stdout}\n`);
    });

  program
    .command('graph')
    .description('the job DAG (or, with --labels, the label-level DAG) as GraphViz dot or Mermaid')
    .argument('<run>', 'submit dir, run name, uniqProcName or run id')
    .addOption(new Option('--format <format>', 'output format').choices(['dot', 'mermaid']).default('dot'))
    .option('--labels', 'one node per label instead of one per job')
    .action(async (run: string, options: Record<string, unknown>) => {
      const { runGraph } = await import('../../app/graph.js');
      const { renderDot, renderMermaid } = await import('../../report/render/graph.js');
      const dag = runGraph({ run, labels: options['labels'] === true }, ctx.appContext());
      println(ctx, options['format'] === 'mermaid' ? renderMermaid(dag) : renderDot(dag));
    });
}
