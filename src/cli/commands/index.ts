import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerSubmissionCommands } from './submission.js';
import { registerRunCommands } from './runs.js';
import { registerPingCommand } from './ping.js';
import { registerExplainCommand } from './explain.js';

/** Adds every `bps` subcommand to the program. */
export function registerCommands(program: Command, ctx: CliContext): void {
  registerSubmissionCommands(program, ctx);
  registerRunCommands(program, ctx);
  registerExplainCommand(program, ctx);
  registerPingCommand(program, ctx);
}
