import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../report/bench-report.js';

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(packageDirectory, 'dist', 'main.js');
const scratch = mkdtempSync(join(tmpdir(), 'bench-integration-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs node `args` without blocking the event loop (vitest's worker must keep answering). */
function runNode(
  args: string[],
  timeoutMs: number,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

describe('pnpm bench --quick --json', () => {
  // A quick run takes about 100 s on a quiet 2-core machine; the bound leaves room for a loaded one.
  it('prints exactly one JSON report with every section measured against its reference', async () => {
    expect(existsSync(entry), `${entry} is missing: run pnpm --filter bench build`).toBe(true);
    const output = join(scratch, 'BENCHMARKS.md');
    const result = await runNode([entry, '--quick', '--json', '--output', output], 290_000);
    expect(result.stderr).toContain('bench: ');
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!) as BenchReport;

    expect(report.failures).toEqual([]);
    expect(result.status).toBe(0);
    expect(report.schema).toBe(1);
    expect(report.mode).toBe('quick');
    expect(report.machine.logicalCores).toBeGreaterThan(0);
    expect(report.machine.cpuModel.length).toBeGreaterThan(0);
    expect(report.machine.openvinoVersion).toMatch(/^\d{4}\.\d+\.\d+$/);
    expect(report.machine.nodeVersion).toBe(process.version);
    expect(report.tensorflowRuntimes.length).toBeGreaterThan(0);

    const sections = new Set(report.rows.map((row) => row.section));
    expect([...sections].sort()).toEqual(['conversion', 'end-to-end', 'inference', 'startup']);
    const references = report.rows.map((row) => row.reference);
    expect(references).toContain('benchmark_app');
    expect(references.some((reference) => /TensorFlow/.test(reference))).toBe(true);
    expect(references.some((reference) => /Pillow/.test(reference))).toBe(true);
    for (const row of report.rows) {
      const { hubvino, reference, ratio, better } = row.comparison;
      expect(hubvino, `${row.subject} ${row.metric}`).toBeGreaterThan(0);
      expect(reference, `${row.subject} ${row.metric} (${row.reference})`).toBeGreaterThan(0);
      expect(ratio).toBeCloseTo((hubvino as number) / (reference as number), 2);
      expect(['lower', 'higher']).toContain(better);
      // Every comparison has the same keys; a missing target or verdict is null, not absent.
      expect(Object.keys(row.comparison).sort()).toEqual([
        'better',
        'hubvino',
        'meetsTarget',
        'ratio',
        'reference',
        'target',
      ]);
    }
    const latency = report.rows.find((row) => row.reference === 'benchmark_app' && row.unit === 'ms');
    expect(latency?.comparison.target).toEqual({ comparison: '<=', value: 1.05 });
    // --quick does not update the benchmarks file.
    expect(existsSync(output)).toBe(false);
  }, 300_000);

  it('answers a bad option with a JSON error on stdout and exit code 2', () => {
    const result = spawnSync(process.execPath, [entry, '--json', '--only', 'warp-drive'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    const document = JSON.parse(result.stdout.trim()) as { error: { code: string; message: string } };
    expect(document.error.code).toBe('ERR_USAGE');
    expect(document.error.message).toContain('--only');
  });
});
