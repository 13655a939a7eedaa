import { OpenVinoNodeError } from './errors/openvino-node-error.js';

/** A dimension as openvino-node reports it: a number (-1 when fully dynamic) or `[min, max]`. */
export type Dimension = number | [number, number];

/** `[min, max]`, max -1 for unbounded. */
export type Interval = readonly [number, number];

function parseDimension(text: string, shape: string): Interval {
  const token = text.trim();
  if (token === '?' || token === '-1') return [0, -1];
  const range = /^(\d*)\.\.(\d*)$/.exec(token);
  if (range) {
    const min = range[1] ? Number(range[1]) : 0;
    const max = range[2] ? Number(range[2]) : -1;
    if (max !== -1 && max < min)
      throw new OpenVinoNodeError(`Cannot parse dimension '${token}' of '${shape}': max < min.`);
    return [min, max];
  }
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    return [value, value];
  }
  throw new OpenVinoNodeError(
    `Cannot parse shape '${shape}': '${token}' is not a dimension (use 3, ?, -1, 1..10, ..10 or 1..).`,
  );
}

/** Parses openvino-node / OpenVINO shape text: `1,3,224,224`, `[?,3,1..10,224]`, `...` (dynamic rank). */
export function parseShape(text: string): Interval[] | undefined {
  let body = text.trim();
  if (body.startsWith('[') && body.endsWith(']')) body = body.slice(1, -1).trim();
  if (body === '...') return undefined;
  if (body === '') return [];
  return body.split(',').map((token) => parseDimension(token, text));
}

function formatDimension([min, max]: Interval): string {
  if (min === max) return String(min);
  if (max === -1) return min <= 0 ? '?' : `${min}..`;
  return min <= 0 ? `..${max}` : `${min}..${max}`;
}

/** Formats dimensions as OpenVINO does: `[1,3,?,1..10]`, `[...]` for a dynamic rank. */
export function formatShape(dimensions: readonly Interval[] | undefined): string {
  if (dimensions === undefined) return '[...]';
  return `[${dimensions.map(formatDimension).join(',')}]`;
}

const fromIntervals = Symbol('hubvino.openvino-node.partialShape');
let adopting: { dimensions: Interval[] | undefined } | undefined;

/** Internal: a PartialShape from OpenVINO's intervals. */
export function partialShapeFromIntervals(dimensions: readonly Interval[] | undefined): PartialShape {
  adopting = { dimensions: dimensions === undefined ? undefined : dimensions.map(([a, b]) => [a, b] as const) };
  try {
    return new PartialShape();
  } finally {
    adopting = undefined;
  }
}

/** Internal: the intervals of a PartialShape. */
export function intervalsOf(shape: PartialShape): Interval[] | undefined {
  return shape[fromIntervals]();
}

/** openvino-node's PartialShape: static, dynamic (`?`) and interval (`1..10`) dimensions, or a dynamic rank. */
export class PartialShape {
  readonly #dimensions: Interval[] | undefined;

  /** @param shape text such as `'1, 3, 224, 224'`, `'[?,3,1..10,224]'` or `'...'`; empty when omitted. */
  constructor(shape?: string);
  constructor(...args: unknown[]) {
    if (adopting) {
      this.#dimensions = adopting.dimensions;
      adopting = undefined;
      return;
    }
    if (args.length > 1 || (args.length === 1 && typeof args[0] !== 'string')) {
      throw new OpenVinoNodeError("'PartialShape' constructor expects one optional argument of string type.");
    }
    this.#dimensions = args.length === 0 ? [] : parseShape(args[0] as string);
  }

  /** Internal accessor for {@link intervalsOf}. */
  [fromIntervals](): Interval[] | undefined {
    return this.#dimensions?.map(([a, b]) => [a, b] as const);
  }

  /** True when the rank and every dimension are static. */
  isStatic(): boolean {
    return this.#dimensions?.every(([min, max]) => min === max) === true;
  }

  /** True when the rank or any dimension is dynamic. */
  isDynamic(): boolean {
    return !this.isStatic();
  }

  /** `[1,3,224,224]`, `[?,?,1..3,224]`, `[...]`. */
  toString(): string {
    return formatShape(this.#dimensions);
  }

  /**
   * Dimensions: a number for a static one, -1 for a fully dynamic one, `[min, max]` for an interval.
   * @throws for a dynamic rank (no dimensions to list).
   */
  getDimensions(): Dimension[] {
    if (this.#dimensions === undefined)
      throw new OpenVinoNodeError('getDimensions() is not defined for a shape of dynamic rank.');
    return this.#dimensions.map(([min, max]) => {
      if (min === max) return min;
      if (max === -1 && min <= 0) return -1;
      return [min, max];
    });
  }
}
