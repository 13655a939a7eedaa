import { describe, expect, it } from 'vitest';
import { addon as ov } from './index.js';
import { callLoosely, constructLoosely } from './test-support/loose.js';

const shape = [1, 3, 4, 4];
const size = 48;

describe('Tensor', () => {
  it('allocates zeroed data of the element type when no data is given', () => {
    const tensor = new ov.Tensor(ov.element.f32, shape);
    expect(tensor.data).toBeInstanceOf(Float32Array);
    expect(tensor.data.length).toBe(size);
    expect(Array.from(tensor.data as Float32Array).every((value) => value === 0)).toBe(true);
  });

  it.each([
    ['i8', Int8Array],
    ['u8', Uint8Array],
    ['i16', Int16Array],
    ['u16', Uint16Array],
    ['i32', Int32Array],
    ['u32', Uint32Array],
    ['f32', Float32Array],
    ['f64', Float64Array],
    ['i64', BigInt64Array],
    ['u64', BigUint64Array],
  ] as const)('wraps a %s TypedArray without copying and reports its element type', (type, ArrayClass) => {
    const data = new ArrayClass(size);
    const tensor = new ov.Tensor(type, shape, data);
    expect(tensor.data).toBe(data);
    expect(tensor.getElementType()).toBe(type);
    expect(ov.element[type]).toBe(type);
  });

  it('shares memory with the TypedArray both ways', () => {
    const data = new Float32Array(size);
    const tensor = new ov.Tensor(ov.element.f32, shape, data);
    data[3] = 7;
    expect((tensor.data as Float32Array)[3]).toBe(7);
    (tensor.data as Float32Array)[4] = 9;
    expect(data[4]).toBe(9);
  });

  it('rejects a wrong argument count, a non-TypedArray and a size mismatch with openvino-node messages', () => {
    expect(() => constructLoosely(ov.Tensor, ov.element.f32, shape, new Float32Array(size), 1)).toThrow(
      /Invalid number of arguments for Tensor constructor./,
    );
    expect(() => new ov.Tensor(ov.element.f32, shape, [1, 2, 3] as never)).toThrow(
      /Third argument of a tensor must be TypedArray./,
    );
    expect(() => new ov.Tensor(ov.element.f32, shape, new Float32Array(size + 1))).toThrow(
      /Memory allocated using shape and element::type mismatch/,
    );
  });

  it('takes shapes from arrays (truncating) or Int32Array/Uint32Array only', () => {
    expect(new ov.Tensor(ov.element.f32, [1, 3.9, 4.2, 4], new Float32Array(size)).getShape()).toEqual(shape);
    expect(new ov.Tensor(ov.element.f32, Int32Array.from(shape)).getShape()).toEqual(shape);
    expect(() => new ov.Tensor(ov.element.f32, ['1', 3] as never)).toThrow(/Passed array must contain only numbers/);
    expect(() => new ov.Tensor(ov.element.f32, Float32Array.from(shape) as never)).toThrow(
      /Passed argument must be an Int32Array or a Uint32Array./,
    );
    expect(() => new ov.Tensor(ov.element.f32, new ArrayBuffer(8) as never)).toThrow(
      /Passed argument must be of type Array or TypedArray./,
    );
  });

  it('copies into its memory through the data setter only from data of the same byte size', () => {
    const tensor = new ov.Tensor(ov.element.f32, [1, 3]);
    tensor.data = Float32Array.from([1, 2, 3]);
    expect(Array.from(tensor.data as Float32Array)).toEqual([1, 2, 3]);
    tensor.data = [4, 5, 6];
    expect(Array.from(tensor.data as Float32Array)).toEqual([4, 5, 6]);
    expect(() => {
      tensor.data = Float64Array.from([1, 2, 3]);
    }).toThrow(/Passed array must have the same size as the Tensor!/);
    expect(() => {
      tensor.data = 'text' as never;
    }).toThrow(/Passed argument must be TypedArray, or Array/);
  });

  it('holds strings in a string tensor and checks that every element is a string', () => {
    const strings = ['text', 'more text', ''];
    const tensor = new ov.Tensor(strings);
    expect(tensor.data).toEqual(strings);
    expect(tensor.getShape()).toEqual([3]);
    expect(tensor.getElementType()).toBe('string');
    const empty = new ov.Tensor(ov.element.string, [1, 5]);
    empty.data = ['H', 'e', 'l', 'l', 'o'];
    expect(empty.data).toEqual(['H', 'e', 'l', 'l', 'o']);
    expect(() => new ov.Tensor(['text', true] as never)).toThrow(
      /The array passed to create string tensor must contain only strings./,
    );
  });

  it('reports size and continuity and refuses arguments to its getters', () => {
    const tensor = new ov.Tensor(ov.element.f32, shape);
    expect(tensor.getSize()).toBe(size);
    expect(tensor.isContinuous()).toBe(true);
    expect(() => callLoosely(tensor, 'getSize', 1)).toThrow('getSize() does not accept any arguments.');
    expect(() => callLoosely(tensor, 'getData', 1)).toThrow('getData() does not accept any arguments.');
    expect(() => callLoosely(tensor, 'getShape', 1)).toThrow('No parameters are allowed for the getShape() method.');
    expect(() => callLoosely(tensor, 'isContinuous', 1)).toThrow('isContinuous() does not accept any arguments.');
  });

  it('grows its own memory on setShape but never a caller TypedArray', () => {
    const own = new ov.Tensor(ov.element.f32, [1, 3, 1, 1]);
    own.setShape([1, 3, 224, 224]);
    expect(own.getShape()).toEqual([1, 3, 224, 224]);
    expect(own.data.length).toBe(3 * 224 * 224);
    const wrapped = new ov.Tensor(ov.element.f32, [2, 2], new Float32Array(4));
    wrapped.setShape([1, 2]);
    expect(wrapped.data.length).toBe(2);
    expect(() => wrapped.setShape([4, 4])).toThrow(/caller's TypedArray/);
  });

  it('copies to a tensor of the same type and shape only', () => {
    const source = new ov.Tensor(ov.element.i32, [2], Int32Array.from([5, 6]));
    const target = new ov.Tensor(ov.element.i32, [2]);
    source.copyTo(target);
    expect(Array.from(target.data as Int32Array)).toEqual([5, 6]);
    expect(() => source.copyTo(new ov.Tensor(ov.element.f32, [2]))).toThrow(/element types are not equal/);
    expect(() => source.copyTo(new ov.Tensor(ov.element.i32, [3]))).toThrow(/shapes are not equal/);
  });
});
