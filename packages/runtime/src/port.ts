import type { ElementType } from './element-type.js';
import { ArgumentError } from './errors/argument-error.js';

/** One input or output of a {@link Model} or {@link CompiledModel}. */
export interface Port {
  /** Position among the inputs (or outputs). */
  readonly index: number;
  /** The tensor name (OpenVINO's "any name"); `''` when the port has none. */
  readonly name: string;
  /** Every tensor name known for the port (the C API exposes one, so this is `[name]` or `[]`). */
  readonly names: readonly string[];
  /** Dimensions; -1 marks a dynamic one. Empty for a scalar or when the rank itself is dynamic. */
  readonly partialShape: readonly number[];
  /** True when the rank is unknown (then `partialShape` is empty). */
  readonly dynamicRank: boolean;
  /** True when any dimension (or the rank) is dynamic. */
  readonly isDynamic: boolean;
  /** Element type, e.g. `f32` or `u8`. */
  readonly elementType: ElementType;
}

/** Builds a frozen {@link Port} from what OpenVINO reported. */
export function createPort(info: {
  index: number;
  name: string;
  partialShape: number[] | undefined;
  elementType: ElementType;
}): Port {
  const dynamicRank = info.partialShape === undefined;
  const partialShape = Object.freeze([...(info.partialShape ?? [])]);
  return Object.freeze({
    index: info.index,
    name: info.name,
    names: Object.freeze(info.name ? [info.name] : []),
    partialShape,
    dynamicRank,
    isDynamic: dynamicRank || partialShape.some((dimension) => dimension < 0),
    elementType: info.elementType,
  });
}

/** The key a port's tensor uses in result objects: its name, or its index when it has none. */
export function portKey(port: Port): string {
  return port.name || String(port.index);
}

/** Formats a shape for messages: `[1,224,224,3]`, `[1,?,?,3]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.map((dimension) => (dimension < 0 ? '?' : String(dimension))).join(',')}]`;
}

/**
 * Finds a port by name or index.
 * @throws ArgumentError naming `argument` and listing the ports that exist.
 */
export function findPort(
  ports: readonly Port[],
  nameOrIndex: string | number | undefined,
  argument: string,
  kind: string,
): Port {
  if (nameOrIndex === undefined) {
    if (ports.length === 1 && ports[0]) return ports[0];
    throw new ArgumentError(
      `'${argument}' is required: the model has ${ports.length} ${kind}s (${describePorts(ports)})`,
      { argument: argument },
    );
  }
  if (typeof nameOrIndex === 'number') {
    const port = Number.isInteger(nameOrIndex) ? ports[nameOrIndex] : undefined;
    if (port) return port;
    throw new ArgumentError(
      `'${argument}' ${nameOrIndex} is not a valid ${kind} index; the model has ${ports.length} ${kind}s (${describePorts(ports)})`,
      { argument: argument },
    );
  }
  const port = ports.find((candidate) => candidate.name === nameOrIndex || candidate.names.includes(nameOrIndex));
  if (port) return port;
  const asIndex = /^\d+$/.test(nameOrIndex) ? ports[Number(nameOrIndex)] : undefined;
  if (asIndex && !asIndex.name) return asIndex;
  throw new ArgumentError(
    `the model has no ${kind} named '${nameOrIndex}'; its ${kind}s are: ${describePorts(ports)}`,
    { argument: argument },
  );
}

/** `'input' f32 [1,224,224,3], ...` for error messages. */
export function describePorts(ports: readonly Port[]): string {
  if (ports.length === 0) return 'none';
  return ports
    .map(
      (port) => `'${portKey(port)}' ${port.elementType} ${port.dynamicRank ? '[...]' : formatShape(port.partialShape)}`,
    )
    .join(', ');
}

/** True when a concrete `shape` fits the port's partial shape. */
export function shapeFits(port: Port, shape: readonly number[]): boolean {
  if (port.dynamicRank) return true;
  if (port.partialShape.length !== shape.length) return false;
  for (let axis = 0; axis < shape.length; axis += 1) {
    const expected = port.partialShape[axis] as number;
    if (expected >= 0 && expected !== shape[axis]) return false;
  }
  return true;
}
