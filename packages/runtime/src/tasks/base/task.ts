import type { CompiledModel } from '../../compiled-model.js';
import { DisposedError } from '../../errors/disposed-error.js';
import { InferQueue } from '../../infer-queue.js';
import type { OwnedResources } from './owned-resources.js';

/**
 * The base every task stands on (ImageClassifier, StyleTransfer, ...): it owns the task's native
 * objects through {@link OwnedResources}, creates its InferQueues, refuses use after dispose with
 * DisposedError naming the task, and frees everything once.
 *
 * A task subclass has a private constructor that takes the resources, static `load()` /
 * `fromModelFile()` factories that build inside `OwnedResources.use()` (so a failure frees what was
 * acquired), and call methods that return results with {@link TaskTimings}.
 */
export abstract class Task implements Disposable {
  readonly #taskName: string;
  readonly #resources: OwnedResources;
  #disposed = false;

  protected constructor(taskName: string, resources: OwnedResources) {
    this.#taskName = taskName;
    this.#resources = resources;
  }

  /** True after dispose(). */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Frees the task's requests, compiled models and models, and the Core when the task created it.
   * Calls in flight finish; later calls throw DisposedError. Safe to repeat.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    try {
      this.onDispose();
    } finally {
      this.#resources.release();
    }
  }

  /** Same as {@link dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** A queue of `requests` InferRequests (default the model's optimal number), freed with the task. */
  protected createQueue(compiledModel: CompiledModel, requests: number | undefined): InferQueue {
    return this.#resources.own(new InferQueue(compiledModel, requests));
  }

  /** @throws DisposedError naming the task after dispose(). */
  protected assertLive(): void {
    if (this.#disposed) throw DisposedError.of(this.#taskName);
  }

  /** Called once by dispose() before the native objects are freed (clear caches here). */
  protected onDispose(): void {}
}
