import { describe, expect, it } from 'vitest';
import { compare, targets } from '../statistics/comparison.js';
import type { BenchRow } from './bench-report.js';
import { generatedEnd, generatedStart, replaceGeneratedSection } from './benchmarks-file.js';
import { formatMarkdownTable, formatRatio, formatValue } from './format-table.js';

describe('replaceGeneratedSection', () => {
  it('replaces only the text between the markers', () => {
    const document = `# Benchmarks\n\nintro\n\n${generatedStart}\nold table\n${generatedEnd}\n\n## Findings\nkept\n`;
    const updated = replaceGeneratedSection(document, 'new table');
    expect(updated).toBe(
      `# Benchmarks\n\nintro\n\n${generatedStart}\nnew table\n${generatedEnd}\n\n## Findings\nkept\n`,
    );
  });

  it('appends the markers to a document that has none', () => {
    const updated = replaceGeneratedSection('# Benchmarks\n', 'table');
    expect(updated).toBe(`# Benchmarks\n\n${generatedStart}\ntable\n${generatedEnd}\n`);
  });
});

describe('formatting', () => {
  it('prints values with a precision that suits their size and n/a for missing ones', () => {
    expect(formatValue(1234.56)).toBe('1235');
    expect(formatValue(173.24)).toBe('173.2');
    expect(formatValue(13.404)).toBe('13.40');
    expect(formatValue(4.0912)).toBe('4.091');
    expect(formatValue(undefined)).toBe('n/a');
  });

  it('marks a missed target and the better direction in the ratio cell', () => {
    const row: BenchRow = {
      section: 'inference',
      subject: 'm',
      metric: 'latency',
      unit: 'ms',
      reference: 'benchmark_app',
      comparison: compare(5.5, 5, 'lower', targets.latency),
    };
    expect(formatRatio(row)).toBe('1.100 ❌ (target <= 1.05) ↓');
  });

  it('escapes pipes inside cells so the Markdown table keeps its columns', () => {
    const table = formatMarkdownTable([
      {
        section: 'inference',
        subject: 'a|b',
        metric: 'throughput',
        unit: 'inferences/s',
        reference: 'TF',
        comparison: compare(300, 100, 'higher'),
      },
    ]);
    const lastLine = table.split('\n').pop() ?? '';
    expect(lastLine).toContain('a\\|b');
    expect(lastLine.split(/(?<!\\)\|/).length).toBe(8);
  });
});
