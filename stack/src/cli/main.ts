import { writeSync } from 'node:fs';
import { ClickError, StandinError, UsageError } from '../errors.js';
import { configureLogging } from '../log/logging.js';
import type { Command, Invocation } from './command.js';
import { LOG_OPTIONS, logConfigFrom } from './global-options.js';
import { formatHelp, parseArgs, usageArgs, type CommandSpec } from './parse-args.js';

/** A click group: its name, its own (logging) options and lazily loaded subcommands. */
export interface ToolSpec {
  readonly name: string;
  readonly summary: string;
  /** Subcommand name → loader, so a job only loads the code of the command it runs. */
  readonly commands: Readonly<Record<string, () => Promise<Command>>>;
}

function groupSpec(tool: ToolSpec): CommandSpec {
  return { name: tool.name, summary: tool.summary, options: LOG_OPTIONS, arguments: [] };
}

function printErr(text: string): void {
  writeSync(2, text.endsWith('\n') ? text : `${text}\n`);
}

function groupHelp(tool: ToolSpec): string {
  const commands = Object.keys(tool.commands).map((c) => `  ${c}`).join('\n');
  return `${formatHelp(tool.name, groupSpec(tool), ' COMMAND [ARGS]...')}\nCommands:\n${commands}\n`;
}

/** click's usage-error block: usage line, hint, blank line, `Error: …`. */
function reportUsage(error: UsageError): number {
  printErr(`Usage: ${error.commandPath} ${error.usageArgs}\nTry '${error.commandPath} -h' for help.\n\nError: ${error.message}`);
  return 2;
}

/** Parses the group's options, then the subcommand's, then runs it. */
async function dispatch(tool: ToolSpec, argv: readonly string[]): Promise<number> {
  const group = parseArgs(groupSpec(tool), argv, { stopAtPositional: true });
  if (group.helpRequested) {
    writeSync(1, groupHelp(tool));
    return 0;
  }
  configureLogging(logConfigFrom(group));
  const [name, ...rest] = group.rest;
  if (name === undefined) throw new UsageError('Missing command.');
  const load = tool.commands[name];
  if (load === undefined) throw new UsageError(`No such command '${name}'.`);
  const command = await load();
  const path = `${tool.name} ${name}`;
  try {
    const parsed = parseArgs(command.spec, rest);
    if (parsed.helpRequested) {
      writeSync(1, formatHelp(path, command.spec));
      return 0;
    }
    const invocation: Invocation = { tool: tool.name, argv };
    return await command.run(parsed, invocation);
  } catch (error) {
    if (error instanceof UsageError && error.commandPath === '') {
      error.commandPath = path;
      error.usageArgs = usageArgs(command.spec);
    }
    throw error;
  }
}

/**
 * Runs a stand-in tool and returns its exit code: 0 success; 2 click usage error; 1 (or a chosen code)
 * for a failure, reported as the one line a Python traceback ends with (`Class: message`), never a stack.
 */
export async function runTool(tool: ToolSpec, argv: readonly string[]): Promise<number> {
  try {
    return await dispatch(tool, argv);
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.commandPath === '') error.commandPath = tool.name;
      if (error.commandPath === tool.name) error.usageArgs = '[OPTIONS] COMMAND [ARGS]...';
      return reportUsage(error);
    }
    if (error instanceof ClickError) {
      printErr(`Error: ${error.message}`);
      return 1;
    }
    if (error instanceof StandinError) {
      printErr(`${error.pythonClass}: ${error.message}`);
      return error.exitCode;
    }
    printErr(`Internal error in the bps-ts stand-in ${tool.name} (a bug, please report it):`);
    printErr(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}
