import { ArgumentError } from '@hubvino/runtime';
import type { ManifestPort } from '@hubvino/runtime/artifact';
import { describe, expect, it } from 'vitest';
import { parseInputShape, planInputShapes } from './input-shape.js';

const image: ManifestPort = { name: 'inputs', names: ['inputs'], shape: [-1, 224, 224, 3], elementType: 'f32' };
const bottleneck: ManifestPort = { name: 'style', names: ['style'], shape: [1, 1, 1, 100], elementType: 'f32' };

describe('inputShape (--input-shape)', () => {
  it('parses the three spellings', () => {
    expect(parseInputShape('1,224,224,3')).toEqual([{ dims: [1, 224, 224, 3] }]);
    expect(parseInputShape('[1,384,384,3],[1,1,1,100]')).toEqual([
      { dims: [1, 384, 384, 3] },
      { dims: [1, 1, 1, 100] },
    ]);
    expect(parseInputShape('inputs[?,224,224,3]')).toEqual([{ name: 'inputs', dims: [-1, 224, 224, 3] }]);
    expect(() => parseInputShape('1,x,3')).toThrow(ArgumentError);
    expect(() => parseInputShape('[1,2')).toThrow(/'inputShape'/);
  });

  it('sets a dynamic batch to 1 by default and keeps it dynamic on request', () => {
    expect(planInputShapes([image], undefined, false)).toEqual({
      shapes: [[1, 224, 224, 3]],
      ovcInput: '[1,224,224,3]',
    });
    expect(planInputShapes([image], undefined, true)).toEqual({ shapes: [[-1, 224, 224, 3]], ovcInput: undefined });
    expect(planInputShapes([bottleneck], undefined, false).ovcInput).toBeUndefined();
  });

  it('accepts a shape that fits and refuses one that does not, naming inputShape', () => {
    expect(planInputShapes([image], parseInputShape('4,224,224,3'), false).ovcInput).toBe('[4,224,224,3]');
    const error = (() => {
      try {
        planInputShapes([image], parseInputShape('1,100'), false);
      } catch (caught) {
        return caught as ArgumentError;
      }
    })();
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error?.argument).toBe('inputShape');
    expect(error?.message).toContain("does not fit input 'inputs' [?,224,224,3]");
    expect(() => planInputShapes([image, bottleneck], parseInputShape('1,224,224,3'), false)).toThrow(/2 input/);
  });
});
