#!/usr/bin/env node
// `pnpm convert ...` from the workspace root.
import { runCli } from '../run-cli.mjs';

runCli('@hubvino/converter', 'packages/converter/dist/cli/main.js', process.argv.slice(2));
