import { describe, expect, it } from 'vitest';
import { BottleneckCache, imageKey } from './bottleneck-cache.js';

describe('BottleneckCache', () => {
  it('evicts the least recently used entry when full', () => {
    const cache = new BottleneckCache(2);
    cache.set('a', new Float32Array([1]));
    cache.set('b', new Float32Array([2]));
    expect(cache.get('a')?.[0]).toBe(1); // a is now the most recent
    cache.set('c', new Float32Array([3]));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.[0]).toBe(1);
    expect(cache.get('c')?.[0]).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('stores and returns copies, so callers cannot alter cached values', () => {
    const cache = new BottleneckCache(1);
    const value = new Float32Array([5]);
    cache.set('a', value);
    value[0] = 6;
    const first = cache.get('a') as Float32Array;
    first[0] = 7;
    expect(cache.get('a')?.[0]).toBe(5);
  });

  it('stores nothing with capacity 0', () => {
    const cache = new BottleneckCache(0);
    cache.set('a', new Float32Array([1]));
    expect(cache.size).toBe(0);
  });
});

describe('imageKey', () => {
  it('differs for different pixels or sizes and matches for equal images', () => {
    const pixels = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const base = imageKey({ data: pixels, width: 2, height: 1, channels: 3 });
    expect(imageKey({ data: pixels.slice(), width: 2, height: 1, channels: 3 })).toBe(base);
    expect(imageKey({ data: pixels, width: 1, height: 2, channels: 3 })).not.toBe(base);
    expect(imageKey({ data: new Uint8Array([1, 2, 3, 4, 5, 7]), width: 2, height: 1, channels: 3 })).not.toBe(base);
  });
});
