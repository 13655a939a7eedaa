import { createHash } from 'node:crypto';
import type { DecodedImage } from '../../image/decoded-image.js';

/** SHA-256 of a decoded image's size and pixels: equal pictures get equal keys, whatever file they came from. */
export function imageKey(image: DecodedImage): string {
  const hash = createHash('sha256');
  hash.update(`${image.width}x${image.height}x${image.channels}:`);
  hash.update(image.data);
  return hash.digest('hex');
}

/**
 * A small least-recently-used cache of style bottlenecks keyed by {@link imageKey}, so a style used
 * again skips the prediction model. Stores copies; `capacity` 0 disables it.
 */
export class BottleneckCache {
  readonly #entries = new Map<string, Float32Array>();
  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Number of cached bottlenecks. */
  get size(): number {
    return this.#entries.size;
  }

  /** The cached bottleneck (a copy), marked most recently used; undefined when absent. */
  get(key: string): Float32Array | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value.slice();
  }

  /** Stores a copy of `value`, evicting the least recently used entry when full. */
  set(key: string, value: Float32Array): void {
    if (this.capacity <= 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, value.slice());
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  /** Forgets every entry. */
  clear(): void {
    this.#entries.clear();
  }
}
