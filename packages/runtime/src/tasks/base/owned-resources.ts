import { Core } from '../../core.js';
import { ArgumentError } from '../../errors/argument-error.js';

/** Anything a task owns and frees: a Core, Model, CompiledModel, LoadedArtifact, InferQueue. */
export interface Releasable {
  dispose(): void;
}

/**
 * The native objects one task instance owns, freed in reverse order of acquisition (queues before
 * compiled models, compiled models before models, the Core last). The Core is owned only when the
 * caller did not pass one.
 */
export class OwnedResources {
  readonly #owned: Releasable[] = [];
  #released = false;
  /** The Core the task reads and compiles with (the caller's, or one this object owns). */
  readonly core: Core;

  private constructor(core: Core, ownsCore: boolean) {
    this.core = core;
    if (ownsCore) this.#owned.push(core);
  }

  /**
   * Runs `build` with fresh resources over the caller's Core (or a new, owned one) and returns what
   * it returns; when `build` throws, frees everything acquired so far and rethrows. This is the
   * "who owns the Core" rule of every task in one place.
   * @throws ArgumentError (argument `core`) when `core` is given and is not a Core.
   */
  static async use<T>(core: Core | undefined, build: (resources: OwnedResources) => Promise<T>): Promise<T> {
    if (core !== undefined && !(core instanceof Core)) {
      throw new ArgumentError(`'core' must be a Core when given`, { argument: 'core' });
    }
    const resources = new OwnedResources(core ?? new Core(), core === undefined);
    try {
      return await build(resources);
    } catch (error) {
      resources.release();
      throw error;
    }
  }

  /** Takes ownership of `object` (freed by {@link release}) and returns it. */
  own<T extends Releasable>(object: T): T {
    if (this.#released) {
      object.dispose();
      throw new Error('OwnedResources.own() after release()');
    }
    this.#owned.push(object);
    return object;
  }

  /** Frees every owned object, newest first. Safe to repeat. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    let failure: unknown;
    for (const object of this.#owned.splice(0).reverse()) {
      try {
        object.dispose();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }
}
