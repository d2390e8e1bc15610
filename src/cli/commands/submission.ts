import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { println } from '../context.js';
import { cliObserver } from '../observers.js';
import { addSubmissionOptions, jsonOption, submissionOverrides } from '../options.js';
import { printSessionEnd } from './session-end.js';

/**
 * `bps cluster|transform|prepare|submit CONFIG`: each runs the submission stages up to its own (ctrl_bps
 * meaning): cluster stops once the quanta are grouped into clusters, transform once the job DAG is built, prepare also writes what an executor needs (bps.sqlite),
 * submit runs it.
 */
export function registerSubmissionCommands(program: Command, ctx: CliContext): void {
  const descriptions = {
    cluster: 'build the QuantumGraph and group its quanta into clusters (jobs), then stop',
    transform: 'build the QuantumGraph and the job DAG, then stop',
    prepare: 'build the job DAG and write the run state, without running anything',
  };
  for (const stage of ['cluster', 'transform', 'prepare'] as const) {
    addSubmissionOptions(
      program
        .command(stage)
        .description(descriptions[stage])
        .argument('<config>', 'bps YAML config'),
    )
      .addOption(jsonOption())
      .action(async (configPath: string, options: Record<string, unknown>) => {
        const { prepareSubmission } = await import('../../app/prepare.js');
        const json = options['json'] === true;
        const observer = cliObserver(ctx, { json: false, quiet: json });
        const result = await prepareSubmission({ configPath, overrides: submissionOverrides(options), stage, observer: json ? { commandOutput: observer.commandOutput } : observer }, ctx.appContext());
        if (json) println(ctx, JSON.stringify(result.summary, null, 2));
        else {
          const { renderJobCountTable } = await import('../../report/render/job-count-table.js');
          println(ctx, renderJobCountTable(result.summary.jobCounts, result.summary.unit));
        }
      });
  }
  addSubmissionOptions(
    program
      .command('plan')
      .description('predict a submission on its site (jobs, submissions, critical path, core- and node-hours) without keeping a run folder')
      .argument('<config>', 'bps YAML config'),
  )
    .option('--like <run>', 'assume the run times of an earlier run of the same pipeline (each label\'s mean), not requestWalltime')
    .addOption(jsonOption())
    .action(async (configPath: string, options: Record<string, unknown>) => {
      const { planSubmission } = await import('../../app/plan.js');
      const json = options['json'] === true;
      const observer = cliObserver(ctx, { json: false, quiet: true });
      const like = options['like'] as string | undefined;
      const plan = await planSubmission({ configPath, overrides: submissionOverrides(options), ...(like ? { like } : {}), observer: { commandOutput: observer.commandOutput } }, ctx.appContext());
      if (json) println(ctx, JSON.stringify(plan, null, 2));
      else {
        const { renderPlan } = await import('../../report/render/plan-table.js');
        println(ctx, renderPlan(plan));
      }
    });
  addSubmissionOptions(program.command('submit').description('build the QuantumGraph and run it as a DAG of jobs').argument('<config>', 'bps YAML config'))
    .option('--detach', 'leave the driver running in the background and return')
    .addOption(new Option('--quiet', 'no progress output, only the final table'))
    .option('--json', 'one JSON object per line on stdout (submitted, progress, failure, finished) instead of tables')
    .action(async (configPath: string, options: Record<string, unknown>) => {
      const { submitRun } = await import('../../app/submit.js');
      const json = options['json'] === true;
      const observer = cliObserver(ctx, { json, quiet: options['quiet'] === true });
      const session = await submitRun({ configPath, overrides: submissionOverrides(options), detach: options['detach'] === true, observer }, ctx.appContext());
      await printSessionEnd(session, json, ctx);
    });
}
