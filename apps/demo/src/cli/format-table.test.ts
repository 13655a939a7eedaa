import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table.js';

describe('formatTable', () => {
  it('pads columns to the widest cell and aligns numeric columns right', () => {
    const text = formatTable(
      ['#', 'label', 'score'],
      [
        ['1', 'military uniform', '0.8125'],
        ['2', 'suit', '0.05'],
      ],
      [0, 2],
    );
    expect(text.split('\n')).toEqual([
      '#  label              score',
      '-  ----------------  ------',
      '1  military uniform  0.8125',
      '2  suit                0.05',
    ]);
  });
});
