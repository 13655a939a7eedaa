import { describe, expect, it } from 'vitest';
import { addon as ov } from './index.js';

describe('PartialShape', () => {
  it('is empty and static without an argument', () => {
    const shape = new ov.PartialShape();
    expect(shape.toString()).toBe('[]');
    expect(shape.isStatic()).toBe(true);
  });

  it('parses static, dynamic (? and -1) and interval dimensions as OpenVINO prints them', () => {
    const shape = new ov.PartialShape('?, -1, 1..3, 224');
    expect(shape.isStatic()).toBe(false);
    expect(shape.isDynamic()).toBe(true);
    expect(shape.toString()).toBe('[?,?,1..3,224]');
    expect(shape.getDimensions()).toEqual([-1, -1, [1, 3], 224]);
    expect(new ov.PartialShape('[1,3,224,224]').getDimensions()).toEqual([1, 3, 224, 224]);
    expect(new ov.PartialShape('1..,..8').toString()).toBe('[1..,..8]');
  });

  it('represents a dynamic rank as [...]', () => {
    const shape = new ov.PartialShape('...');
    expect(shape.toString()).toBe('[...]');
    expect(shape.isDynamic()).toBe(true);
  });

  it('rejects text that is not a shape', () => {
    expect(() => new ov.PartialShape('1,x')).toThrow(/'x' is not a dimension/);
    expect(() => new ov.PartialShape('5..2')).toThrow(/max < min/);
  });
});
