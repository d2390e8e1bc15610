import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { println } from '../context.js';
import { jsonOption } from '../options.js';

/** `bps explain RUN JOB`: a job's story from the run's log, one line per event, and where it stands now. */
export function registerExplainCommand(program: Command, ctx: CliContext): void {
  program
    .command('explain')
    .description('why a job is where it is: its story from the run\'s log (attempts, retries, pruning, adoption, deferrals), one line per event, then what it waits for; JOB as bps logs takes it')
    .argument('<run>', 'submit dir, run name, uniqProcName or run id')
    .argument('<job...>', 'a job name or its end, a label, or a label followed by dimension=value pairs')
    .addOption(jsonOption())
    .action(async (run: string, job: string[], options: Record<string, unknown>) => {
      const { explainJob } = await import('../../app/explain.js');
      const story = explainJob({ run, job }, ctx.appContext());
      if (options['json']) println(ctx, JSON.stringify(story, null, 2));
      else println(ctx, (await import('../../report/render/job-story.js')).renderJobStory(story));
    });
}
