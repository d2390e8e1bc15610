import { splitCommandLine } from '../process/argv.js';

/**
 * A job's argv from its command line(s). One command runs without a shell, split as a shell would split
 * it (bps-ts's default). Several commands (ctrl_bps's finalJob command1, command2 … in its
 * final_job.bash) or a gen3_workflow `commandPrepend` (`time`, a container wrapper: shell text, which
 * gen3_workflow ran through bash) run as one `bash -c` script that stops at the first failure.
 * Every command is split first, so an unbalanced quote is refused whatever runs it.
 */
export function jobArgv(commands: readonly string[], prepend: string | undefined): string[] {
  for (const command of commands) splitCommandLine(command);
  const [only] = commands;
  if (commands.length === 1 && only !== undefined && !prepend) return splitCommandLine(only);
  const lines = commands.map((command) => (prepend ? `${prepend} ${command}` : command));
  return ['bash', '-c', ['set -e', ...lines].join('\n')];
}
