import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors/argument-error.js';
import { exitCodeDescriptions, exitCodes } from '../errors/error-category.js';
import { ToolchainError } from '../errors/toolchain-error.js';
import { errorDocument } from './error-document.js';
import { exitCodeHelp } from './exit-code-help.js';
import { type CommandLine, runCommandLine } from './run-command-line.js';

function collector() {
  const written = { stdout: '', stderr: '' };
  return {
    written,
    output: {
      stdout: (text: string) => {
        written.stdout += text;
      },
      stderr: (text: string) => {
        written.stderr += text;
      },
    },
  };
}

/** A small command line: `check <value> [--json]` fails the way `value` says. */
const sample: CommandLine = {
  name: 'sample',
  build(context) {
    const program = new Command('sample').addHelpText('after', exitCodeHelp({ categories: ['usage', 'toolchain'] }));
    program
      .command('check')
      .argument('<value>')
      .option('--json')
      .action((value: string) => {
        if (value === 'bad') throw new ArgumentError("'value' must not be bad", { argument: 'value' });
        if (value === 'missing')
          throw new ToolchainError('OpenVINO is not provisioned', { code: 'ERR_OPENVINO_NOT_FOUND' });
        if (value === 'bug') throw new TypeError('undefined is not a function');
        if (value === 'partial') context.exitCode = exitCodes.usage;
        if (context.json) context.printJson({ value });
        else context.output.stdout(`${value}\n`);
      });
    return program;
  },
};

describe('runCommandLine', () => {
  it("returns 0 and the action's output on success; an action's context.exitCode is the exit code", async () => {
    const ok = collector();
    expect(await runCommandLine(sample, ['check', 'fine'], ok.output)).toBe(0);
    expect(ok.written.stdout).toBe('fine\n');
    const partial = collector();
    expect(await runCommandLine(sample, ['check', 'partial', '--json'], partial.output)).toBe(2);
    expect(JSON.parse(partial.written.stdout)).toEqual({ value: 'partial' });
  });

  it("maps a thrown error to its category's exit code: one JSON document with --json, one stderr line without", async () => {
    const json = collector();
    expect(await runCommandLine(sample, ['check', 'missing', '--json'], json.output)).toBe(exitCodes.toolchain);
    expect(JSON.parse(json.written.stdout)).toEqual({
      error: { code: 'ERR_OPENVINO_NOT_FOUND', message: 'OpenVINO is not provisioned', category: 'toolchain' },
    });
    const text = collector();
    expect(await runCommandLine(sample, ['check', 'bad'], text.output)).toBe(exitCodes.usage);
    expect(text.written.stdout).toBe('');
    expect(text.written.stderr).toBe("sample: 'value' must not be bad\n");
    const bug = collector();
    expect(await runCommandLine(sample, ['check', 'bug', '--json'], bug.output)).toBe(exitCodes.internal);
    expect(JSON.parse(bug.written.stdout)).toEqual({
      error: { code: 'ERR_INTERNAL', message: 'undefined is not a function' },
    });
  });

  it('answers a usage mistake with exit 2, commander on stderr, and under --json one ERR_USAGE document', async () => {
    const result = collector();
    expect(await runCommandLine(sample, ['check', 'x', '--json', '--bogus'], result.output)).toBe(2);
    expect(JSON.parse(result.written.stdout)).toEqual({
      error: { code: 'ERR_USAGE', message: "unknown option '--bogus'" },
    });
    expect(result.written.stderr).toMatch(/unknown option '--bogus'/);
    const missing = collector();
    expect(await runCommandLine(sample, ['check'], missing.output)).toBe(2);
    expect(missing.written.stdout).toBe('');
  });

  it('prints --help on stdout with the exit codes from the one table and returns 0', async () => {
    const help = collector();
    expect(await runCommandLine(sample, ['--help'], help.output)).toBe(0);
    expect(help.written.stdout).toContain(`  ${exitCodes.toolchain}  ${exitCodeDescriptions.toolchain}`);
    expect(help.written.stdout).toContain(`  ${exitCodes.usage}  ${exitCodeDescriptions.usage}`);
    expect(help.written.stdout).not.toContain(exitCodeDescriptions.conversion);
  });
});

describe('exitCodeHelp', () => {
  it('lists 0 and the chosen categories by exit code, with per-command texts where given', () => {
    expect(exitCodeHelp({ categories: ['toolchain', 'usage'], descriptions: { usage: 'usage: bad flag' } })).toBe(
      // The toolchain line names the command that provisions it where the package runs (here: the workspace).
      `\nExit codes:\n  0  success\n  2  usage: bad flag\n  8  ${exitCodeDescriptions.toolchain} (run 'pnpm install')`,
    );
    const all = exitCodeHelp();
    for (const [category, code] of Object.entries(exitCodes)) {
      expect(all).toContain(`  ${code}  ${exitCodeDescriptions[category as keyof typeof exitCodes]}`);
    }
  });
});

describe('errorDocument', () => {
  it("keeps a hubvino error's category and own fields, not its name or cause", () => {
    const error = new ArgumentError("'topK' must be positive", { argument: 'topK', cause: new Error('inner') });
    expect(errorDocument(error)).toEqual({
      error: { code: 'ERR_INVALID_ARGUMENT', message: "'topK' must be positive", category: 'usage', argument: 'topK' },
    });
  });
});
