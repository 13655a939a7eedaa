import { describe, expect, it } from 'vitest';
import { ArgumentError } from './errors/argument-error.js';
import { DisposedError } from './errors/disposed-error.js';
import { Tensor } from './tensor.js';

describe('Tensor', () => {
  it('wraps the given typed array without copying and reports shape, size and byteLength', () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    const tensor = new Tensor('f32', [2, 3], data);
    expect(tensor.data).toBe(data);
    expect(tensor.shape).toEqual([2, 3]);
    expect(tensor.size).toBe(6);
    expect(tensor.byteLength).toBe(24);
    expect(tensor.elementType).toBe('f32');
  });

  it('allocates zero-filled data of the right typed array when none is given', () => {
    expect(new Tensor('u8', [2, 2]).data).toEqual(new Uint8Array(4));
    expect(new Tensor('i64', [3]).data).toBeInstanceOf(BigInt64Array);
    expect(new Tensor('f16', [3]).data).toBeInstanceOf(Uint16Array);
    expect(new Tensor('i32', []).size).toBe(1);
  });

  it('createShared allocates zero-filled data of the right typed array in a SharedArrayBuffer', () => {
    const shared = Tensor.createShared('f32', [2, 3]);
    expect(shared.data).toBeInstanceOf(Float32Array);
    expect(shared.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.data).toEqual(new Float32Array(6));
    expect([shared.size, shared.byteLength]).toEqual([6, 24]);
    expect(Tensor.createShared('i64', [2]).data).toBeInstanceOf(BigInt64Array);
    expect(() => Tensor.createShared('f32', [-1])).toThrow(ArgumentError);
    expect(() => Tensor.createShared('bogus' as never, [1])).toThrow(ArgumentError);
  });

  it('rejects data of the wrong typed array with ArgumentError naming data', () => {
    expect(() => new Tensor('f32', [3], new Uint8Array(3) as never)).toThrow(ArgumentError);
    try {
      new Tensor('i64', [3], new Int32Array(3) as never);
      expect.unreachable();
    } catch (error) {
      expect((error as ArgumentError).argument).toBe('data');
      expect((error as Error).message).toMatch(/BigInt64Array/);
    }
  });

  it('rejects data whose length does not match the shape with ArgumentError naming data', () => {
    try {
      new Tensor('f32', [2, 3], new Float32Array(5));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ArgumentError);
      expect((error as ArgumentError).argument).toBe('data');
      expect((error as Error).message).toContain('needs 6');
    }
  });

  it('rejects a malformed shape or an unknown element type', () => {
    expect(() => new Tensor('f32', [2, -1])).toThrow(/'shape'/);
    expect(() => new Tensor('f32', [1.5])).toThrow(ArgumentError);
    expect(() => new Tensor('float' as never, [1])).toThrow(/'elementType'/);
  });

  it('throws DisposedError naming Tensor when data is read after dispose', () => {
    const tensor = new Tensor('u8', [1]);
    tensor.dispose();
    tensor.dispose();
    expect(tensor.disposed).toBe(true);
    expect(() => tensor.data).toThrow(DisposedError);
    expect(() => tensor.data).toThrow(/Tensor has been disposed/);
  });
});
