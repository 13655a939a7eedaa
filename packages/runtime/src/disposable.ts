import { DisposedError } from './errors/disposed-error.js';

/**
 * One native handle with a reference count. The owner holds one reference; children (a
 * CompiledModel of a Core, an InferRequest of a CompiledModel) and in-flight async calls hold
 * more. The native `release` function runs exactly once, when the last reference goes, and then
 * the parent's reference is returned. The handle never points back at its JavaScript owner, so a
 * FinalizationRegistry can hold it.
 */
export class NativeHandle {
  #pointer: bigint;
  #references = 1;
  readonly #release: (pointer: bigint) => void;
  readonly #parent: NativeHandle | undefined;

  constructor(pointer: bigint, release: (pointer: bigint) => void, parent?: NativeHandle) {
    this.#pointer = pointer;
    this.#release = release;
    this.#parent = parent;
    parent?.retain();
  }

  /** The native pointer; 0n once released. */
  get pointer(): bigint {
    return this.#pointer;
  }

  /** True until the last reference is gone. */
  get alive(): boolean {
    return this.#references > 0;
  }

  /** Takes one more reference (a child or an async call that needs the handle to stay valid). */
  retain(): void {
    if (this.#references <= 0) throw new Error('NativeHandle.retain() after release');
    this.#references += 1;
  }

  /** Gives one reference back; the native object is freed with the last one. */
  release(): void {
    if (this.#references <= 0) return;
    this.#references -= 1;
    if (this.#references > 0) return;
    const pointer = this.#pointer;
    this.#pointer = 0n;
    try {
      this.#release(pointer);
    } finally {
      this.#parent?.release();
    }
  }
}

const registry = new FinalizationRegistry<NativeHandle>((handle) => handle.release());

/**
 * Base of every public object that owns native memory. `dispose()` (or `using`) releases it
 * right away; if the object is only garbage collected, a FinalizationRegistry releases it then.
 * Using a disposed object throws {@link DisposedError} naming the class.
 */
export abstract class NativeObject implements Disposable {
  readonly #handle: NativeHandle;
  #disposed = false;

  protected constructor(handle: NativeHandle) {
    this.#handle = handle;
    registry.register(this, handle, this);
  }

  /** True after `dispose()`. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Releases the native object. Safe to call more than once. Objects created from this one
   * (children) keep working: the native memory is freed when the last of them is disposed too.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    registry.unregister(this);
    this.onDispose();
    this.#handle.release();
  }

  /** Same as {@link dispose}; lets `using compiled = ...` release it at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Hook for subclasses that drop cached JavaScript state on dispose. */
  protected onDispose(): void {}

  /** The class name used in error messages. */
  protected get objectName(): string {
    return this.constructor.name;
  }

  /**
   * The live native handle.
   * @throws DisposedError after dispose().
   */
  protected get handle(): NativeHandle {
    if (this.#disposed) throw DisposedError.of(this.objectName);
    return this.#handle;
  }

  /**
   * The live native pointer.
   * @throws DisposedError after dispose().
   */
  protected get pointer(): bigint {
    if (this.#disposed) throw DisposedError.of(this.objectName);
    return this.#handle.pointer;
  }
}
