import cliProgress from 'cli-progress';
import type { ConvertProgressEvent } from '../progress-events.js';
import { formatBytes } from './output.js';

/**
 * Turns progress events into stderr output: a download bar (bytes, rate) on a TTY, short stage lines
 * otherwise (or nothing with `quiet`). stdout is never used.
 */
export function createProgressReporter(options: { quiet: boolean; tty: boolean }): {
  onProgress: (event: ConvertProgressEvent) => void;
  stop: () => void;
} {
  let bar: cliProgress.SingleBar | undefined;
  const log = (line: string) => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    stop: stopBar,
    onProgress(event) {
      switch (event.type) {
        case 'resolve':
          log(`resolving ${event.source}`);
          break;
        case 'download':
          if (event.phase === 'start') log(`downloading ${event.url}`);
          else if (event.phase === 'wait') log('another process is downloading this model; waiting for it');
          else {
            stopBar();
            log(`retry ${event.attempt} in ${event.delayMs} ms (${event.reason})`);
          }
          break;
        case 'progress':
          if (!options.tty || options.quiet) break;
          if (!bar) {
            bar = new cliProgress.SingleBar(
              {
                stream: process.stderr,
                format: '  {bar} {done} / {total_text}  {rate}/s',
                hideCursor: true,
                clearOnComplete: true,
              },
              cliProgress.Presets.shades_classic,
            );
            bar.start(event.totalBytes ?? 0, 0, { done: '0 B', total_text: '?', rate: '0 B' });
            (bar as unknown as { startedAt: number }).startedAt = Date.now();
          }
          {
            const startedAt = (bar as unknown as { startedAt: number }).startedAt;
            const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
            if (event.totalBytes) bar.setTotal(event.totalBytes);
            bar.update(event.bytes, {
              done: formatBytes(event.bytes),
              total_text: event.totalBytes ? formatBytes(event.totalBytes) : '?',
              rate: formatBytes(event.bytes / seconds),
            });
          }
          break;
        case 'convert':
          stopBar();
          if (event.phase === 'waiting') log('another conversion to this name is running; waiting for it');
          else if (event.phase === 'took-over' || event.phase === 'swept') log(event.message ?? event.phase);
          else if (event.phase === 'start')
            log(`${event.arguments?.[0]?.endsWith('.py') ? 'python' : 'ovc'} ${event.arguments?.join(' ')}`);
          else log(`converted in ${((event.durationMs ?? 0) / 1000).toFixed(1)} s`);
          break;
        case 'validate':
          if (event.phase === 'start') log('validating the IR against the source');
          else if (event.phase === 'note') log(`  ${event.message}`);
          else
            for (const reference of event.references ?? []) {
              log(
                `  ${reference.kind}: max abs diff ${reference.maxAbsDiff.toExponential(2)}${reference.top1Agreement === undefined ? '' : `, top-1 agreement ${(reference.top1Agreement * 100).toFixed(0)}%`} ${reference.passed ? 'ok' : 'FAILED'}`,
              );
            }
          break;
        case 'quantize':
          log(`quantize: ${event.message}`);
          break;
        case 'publish':
          log(`published ${event.directory}`);
          break;
        case 'done':
          stopBar();
          if (event.result.status === 'unchanged') {
            log(`unchanged: ${event.result.directory} has the same source and options; nothing published`);
          }
          break;
      }
    },
  };
}
