import { type Command, CommanderError } from 'commander';
import { exitCodeFor, exitCodes } from '../errors/error-category.js';
import { HubvinoError } from '../errors/hubvino-error.js';
import { errorDocument, usageErrorDocument } from './error-document.js';

/** Where a command line writes: results on stdout, logs and progress on stderr. Tests pass collectors. */
export interface CommandLineOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The process's own stdout and stderr. */
export const processOutput: CommandLineOutput = Object.freeze({
  stdout: (text: string) => {
    process.stdout.write(text);
  },
  stderr: (text: string) => {
    process.stderr.write(text);
  },
});

/** What a command line's actions share with {@link runCommandLine} while one `argv` runs. */
export interface CommandLineContext {
  /** The program name, prefixed to error lines (`hubvino-convert: ...`). */
  readonly name: string;
  /** True when `--json` was given: stdout gets exactly one JSON document, also on failure. */
  json: boolean;
  /** The exit code when the action returns normally; an action sets it for a partial failure. */
  exitCode: number;
  readonly output: CommandLineOutput;
  /** Prints `value` as one JSON document on stdout. */
  printJson(value: unknown): void;
}

/** A command line: its name and a function that builds its commander program for one run. */
export interface CommandLine {
  name: string;
  build(context: CommandLineContext): Command;
  /** How a failure is told without `--json` (default: the line `<name>: <message>` on stderr). */
  reportError?(message: string): void;
  /** The message a failure is told with (default: the error's own); e.g. library option names → CLI flags. */
  formatMessage?(error: unknown): string;
  /** The exit code for an error when the category's is not right (e.g. 128 + signal for an interruption). */
  exitCodeFor?(error: unknown): number | undefined;
}

function eachCommand(command: Command, visit: (command: Command) => void): void {
  visit(command);
  for (const sub of command.commands) eachCommand(sub, visit);
}

/**
 * Runs `commandLine` with `argv` (the user's arguments, without node and the script) and resolves
 * with the exit code; it never calls `process.exit` and parses nothing before it is called.
 *
 * - `--help`/`--version`: 0. A usage mistake (unknown option, missing argument): commander's
 *   explanation on stderr and, under `--json`, {@link usageErrorDocument} on stdout; exit 2.
 * - An error thrown by an action: under `--json` {@link errorDocument} on stdout, else one line
 *   `<name>: <message>` on stderr (or {@link CommandLine.reportError}) (the stack too for non-hubvino errors when `HUBVINO_DEBUG` is set);
 *   exit {@link exitCodeFor} (the error's category).
 * - Otherwise `context.exitCode` (0 unless an action set it).
 */
export async function runCommandLine(
  commandLine: CommandLine,
  argv: readonly string[],
  output: CommandLineOutput = processOutput,
): Promise<number> {
  const context: CommandLineContext = {
    name: commandLine.name,
    json: argv.includes('--json'),
    exitCode: 0,
    output,
    printJson: (value) => output.stdout(`${JSON.stringify(value, null, 2)}\n`),
  };
  const program = commandLine.build(context);
  eachCommand(program, (command) => {
    command.exitOverride();
    command.configureOutput({ writeOut: output.stdout, writeErr: output.stderr });
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.exitCode === 0 ||
        ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)
      ) {
        return 0;
      }
      if (context.json) context.printJson(usageErrorDocument(error.message));
      return exitCodes.usage;
    }
    const message = commandLine.formatMessage
      ? commandLine.formatMessage(error)
      : error instanceof Error
        ? error.message
        : String(error);
    if (context.json) {
      const document = errorDocument(error);
      context.printJson({ error: { ...document.error, message } });
    } else {
      if (commandLine.reportError) commandLine.reportError(message);
      else output.stderr(`${commandLine.name}: ${message}\n`);
    }
    if (!HubvinoError.isInstance(error) && error instanceof Error && process.env.HUBVINO_DEBUG) {
      output.stderr(`${error.stack}\n`);
    }
    return commandLine.exitCodeFor?.(error) ?? exitCodeFor(error);
  }
}
