/**
 * `@hubvino/runtime/cli`: the helper every hubvino command line stands on (`hubvino`,
 * `hubvino-convert`, the demo and the bench). Internal to the hubvino packages; not part of the
 * runtime's user API.
 */
export { exitCodeDescriptions, exitCodeFor, exitCodes } from '../errors/error-category.js';
export { type ErrorDocument, errorDocument, usageErrorDocument } from './error-document.js';
export { type ExitCodeHelpOptions, exitCodeHelp } from './exit-code-help.js';
export {
  type CommandLine,
  type CommandLineContext,
  type CommandLineOutput,
  processOutput,
  runCommandLine,
} from './run-command-line.js';
