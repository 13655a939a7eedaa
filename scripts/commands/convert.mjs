#!/usr/bin/env node
// `pnpm convert ...` from the workspace root.
import { runCli } from '../run-cli.mjs';

runCli('@hubvino/converter', 'packages/converter/bin/hubvino-convert.js', process.argv.slice(2));
