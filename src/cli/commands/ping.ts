import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { println } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { jsonOption } from '../options.js';

/** `bps ping [CONFIG]`: do the commands a run needs answer here? Exit 0 when every check passes, 1 otherwise. */
export function registerPingCommand(program: Command, ctx: CliContext): void {
  program
    .command('ping')
    .description('check that pipetask and, for a Slurm site, sinfo answer and the partition/constraint exist')
    .argument('[config]', "bps YAML config whose sites and environment to use (default: bps-ts's built-in ones)")
    .addOption(new Option('--compute-site <name>', 'the site to check (beats the config\'s computeSite)'))
    .addOption(jsonOption())
    .action(async (configPath: string | undefined, options: Record<string, unknown>) => {
      const { pingSite } = await import('../../app/ping.js');
      const site = options['computeSite'] as string | undefined;
      const report = await pingSite({ ...(configPath === undefined ? {} : { configPath }), ...(site === undefined ? {} : { computeSite: site }) }, ctx.appContext());
      if (options['json']) println(ctx, JSON.stringify(report, null, 2));
      else {
        const { renderPingReport } = await import('../../report/render/ping.js');
        println(ctx, renderPingReport(report));
      }
      ctx.exitCode = report.ok ? ExitCode.OK : ExitCode.FAILURE;
    });
}
