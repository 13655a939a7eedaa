#!/usr/bin/env node
// `pnpm convert ...` from the workspace root.
import { runCli } from '../run-cli.mjs';

// The converter learns through an IPC channel when this wrapper is gone (even SIGKILLed), and stops.
runCli('@hubvino/converter', 'packages/converter/bin/hubvino-convert.js', process.argv.slice(2), {
  parentChannel: true,
});
