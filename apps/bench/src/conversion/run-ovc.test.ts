import { describe, expect, it } from 'vitest';
import { concreteOvcArguments } from './run-ovc.js';

describe('concreteOvcArguments', () => {
  it("fills the converter's <source> and <output> placeholders and keeps every other argument", () => {
    expect(
      concreteOvcArguments(
        [
          '<source>',
          '--output_model',
          '<output>/model.xml',
          '--compress_to_fp16=True',
          '--input',
          'inputs[1,224,224,3]',
        ],
        '/models/saved_model',
        '/tmp/out',
      ),
    ).toEqual([
      '/models/saved_model',
      '--output_model',
      '/tmp/out/model.xml',
      '--compress_to_fp16=True',
      '--input',
      'inputs[1,224,224,3]',
    ]);
  });
});
