#!/usr/bin/env node
// `pnpm hubvino ...` from the workspace root.
import { runCli } from '../run-cli.mjs';

runCli('@hubvino/runtime', 'packages/runtime/bin/hubvino.js', process.argv.slice(2));
