#!/usr/bin/env node
// `pnpm bench ...` from the workspace root.
import { runCli } from '../run-cli.mjs';

runCli('bench', 'apps/bench/dist/main.js', process.argv.slice(2));
