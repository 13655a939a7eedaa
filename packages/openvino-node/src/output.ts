import { OpenVinoNodeError } from './errors/openvino-node-error.js';
import { type Interval, type PartialShape, partialShapeFromIntervals } from './partial-shape.js';

/** What an Output needs from the Model or CompiledModel it belongs to. */
export interface PortSource {
  /** The port's tensor name, '' when it has none. */
  portName(kind: 'input' | 'output', index: number): string;
  /** The port's partial shape as intervals (undefined: dynamic rank). */
  portIntervals(kind: 'input' | 'output', index: number): Interval[] | undefined;
}

const create = Symbol('hubvino.openvino-node.output');
let adopting: { source: PortSource; kind: 'input' | 'output'; index: number } | undefined;

/** Shared behaviour of {@link Output} (a Model's port) and {@link ConstOutput} (a CompiledModel's). */
abstract class PortBase {
  readonly #source: PortSource;
  readonly #kind: 'input' | 'output';
  readonly #index: number;

  constructor() {
    if (!adopting) {
      throw new OpenVinoNodeError(
        'Output objects come from model.input()/output(), model.inputs/outputs or the same on a CompiledModel.',
      );
    }
    this.#source = adopting.source;
    this.#kind = adopting.kind;
    this.#index = adopting.index;
    adopting = undefined;
  }

  /** Internal: where the port belongs (`input`/`output`) and its index. */
  [create](): { source: PortSource; kind: 'input' | 'output'; index: number } {
    return { source: this.#source, kind: this.#kind, index: this.#index };
  }

  /** The tensor name (any of its names). */
  get anyName(): string {
    return this.getAnyName();
  }

  /** The static shape. */
  get shape(): number[] {
    return this.getShape();
  }

  /** The tensor name; throws when the port has none, as OpenVINO does. */
  getAnyName(): string {
    const name = this.#source.portName(this.#kind, this.#index);
    if (!name) {
      throw new OpenVinoNodeError(`Attempt to get a name for a Tensor without names (${this.#kind} ${this.#index}).`);
    }
    return name;
  }

  /** The static shape; throws for a dynamic one (use getPartialShape()). */
  getShape(): number[] {
    const intervals = this.#source.portIntervals(this.#kind, this.#index);
    if (intervals === undefined || intervals.some(([min, max]) => min !== max)) {
      throw new OpenVinoNodeError(
        `get_shape() must be called on a node with static shape; ${this.#kind} ${this.#index} has a dynamic shape (use getPartialShape()).`,
      );
    }
    return intervals.map(([min]) => min);
  }

  /** The partial shape (dynamic and interval dimensions included). */
  getPartialShape(): PartialShape {
    return partialShapeFromIntervals(this.#source.portIntervals(this.#kind, this.#index));
  }

  /** The tensor name, so that `result[output]` finds the output in an inference result. */
  toString(): string {
    return this.#source.portName(this.#kind, this.#index);
  }
}

/** A port of a Model (openvino-node's `Output`). */
export class Output extends PortBase {}

/** A port of a CompiledModel (openvino-node's `ConstOutput`). */
export class ConstOutput extends PortBase {}

/** Internal: creates the Output or ConstOutput for a port. */
export function createOutput<T extends typeof Output | typeof ConstOutput>(
  type: T,
  source: PortSource,
  kind: 'input' | 'output',
  index: number,
): InstanceType<T> {
  adopting = { source, kind, index };
  try {
    return new type() as InstanceType<T>;
  } finally {
    adopting = undefined;
  }
}

/** Internal: the owner, direction and index of an Output or ConstOutput. */
export function portOf(port: Output | ConstOutput): { source: PortSource; kind: 'input' | 'output'; index: number } {
  return port[create]();
}
