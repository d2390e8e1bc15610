import type { CommandSpec, ParsedArgs } from './parse-args.js';

/** How the tool was invoked, for graph metadata and summaries. */
export interface Invocation {
  /** `pipetask` or `butler`. */
  readonly tool: string;
  /** The whole command line after the program name. */
  readonly argv: readonly string[];
}

/** One subcommand: its declared interface and what it does; returns the exit code. */
export interface Command {
  readonly spec: CommandSpec;
  run(parsed: ParsedArgs, invocation: Invocation): Promise<number>;
}

/** The command line as one string (for graph metadata `full_command`). */
export function commandLine(invocation: Invocation): string {
  return [invocation.tool, ...invocation.argv].map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`)).join(' ');
}
