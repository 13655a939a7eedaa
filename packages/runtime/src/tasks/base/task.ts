import type { CompiledModel } from '../../compiled-model.js';
import { InProcessEngine } from '../../engine/in-process-engine.js';
import type { InferenceEngine } from '../../engine/inference-engine.js';
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
 *
 * Engines: a task that runs its model through {@link createEngine} (and `inferImageOn`) instead of
 * an InferQueue runs on a KServe v2 server too: a `load({ endpoint, model, version })` overload
 * builds inside `OwnedResources.useRemote()` (no Core), calls `connectRemoteTask` (manifest, labels,
 * connected `RemoteEngine`), checks the served input (`servedImageInput` for image models) and
 * hands the engine to {@link adoptEngine}. `ImageClassifier` is the example.
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

  /** A queue of `requests` InferRequests (default twice the model's optimal number), freed with the task. */
  protected createQueue(compiledModel: CompiledModel, requests: number | undefined): InferQueue {
    return this.#resources.own(new InferQueue(compiledModel, requests));
  }

  /**
   * The in-process engine over `compiledModel` (an InferQueue of `requests` InferRequests), freed
   * with the task. Tasks that run through an {@link InferenceEngine} run in-process and remotely
   * alike: `adoptEngine` takes a remote one.
   */
  protected createEngine(compiledModel: CompiledModel, device: string, requests: number | undefined): InProcessEngine {
    return this.#resources.own(new InProcessEngine(compiledModel, device, requests));
  }

  /** Takes ownership of an engine made elsewhere (a `RemoteEngine`), freed with the task. */
  protected adoptEngine<T extends InferenceEngine>(engine: T): T {
    return this.#resources.own(engine);
  }

  /** @throws DisposedError naming the task after dispose(). */
  protected assertLive(): void {
    if (this.#disposed) throw DisposedError.of(this.#taskName);
  }

  /** Called once by dispose() before the native objects are freed (clear caches here). */
  protected onDispose(): void {}
}
